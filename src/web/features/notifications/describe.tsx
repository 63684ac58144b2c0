import { ThemeIcon } from '@mantine/core';
import {
  IconArrowBackUp,
  IconAt,
  IconAward,
  IconBell,
  IconBooks,
  IconCalendarCheck,
  IconCalendarEvent,
  IconCalendarX,
  IconCircleCheck,
  IconHash,
  IconMessageCircle,
  IconUser,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Notification, NotificationKind } from '../../../common/api-types';

const ICONS: Record<NotificationKind, { icon: typeof IconAt; color: string }> = {
  mention: { icon: IconAt, color: 'indigo' },
  reply: { icon: IconArrowBackUp, color: 'blue' },
  accepted: { icon: IconCircleCheck, color: 'green' },
  followed_tag: { icon: IconHash, color: 'grape' },
  followed_post: { icon: IconMessageCircle, color: 'cyan' },
  followed_member: { icon: IconUser, color: 'pink' },
  credited: { icon: IconAward, color: 'orange' },
  proposal_published: { icon: IconBooks, color: 'teal' },
  event_promoted: { icon: IconCalendarCheck, color: 'green' },
  event_offer: { icon: IconCalendarEvent, color: 'orange' },
  event_reminder_24h: { icon: IconBell, color: 'blue' },
  event_reminder_1h: { icon: IconBell, color: 'blue' },
  event_cancelled: { icon: IconCalendarX, color: 'red' },
  event_changed: { icon: IconCalendarEvent, color: 'cyan' },
};

export function NotificationIcon({ kind, size = 34 }: { kind: NotificationKind; size?: number }) {
  const meta = ICONS[kind] ?? ICONS.followed_post;
  const Icon = meta.icon;
  return (
    <ThemeIcon size={size} radius="xl" variant="light" color={meta.color} c={`${meta.color}.8`} aria-hidden>
      <Icon size={Math.round(size * 0.55)} />
    </ThemeIcon>
  );
}

function Strong({ children }: { children: ReactNode }) {
  return <strong className="cp-notification-strong">{children}</strong>;
}

/** What happened, as a sentence: "Ana mentioned you in How do we…". */
export function describeNotification(n: Notification): ReactNode {
  const actor = <Strong>{n.actor?.name ?? 'Someone'}</Strong>;
  const title = <Strong>{subjectTitle(n)}</Strong>;
  switch (n.kind) {
    case 'mention':
      return (
        <>
          {actor} mentioned you in {title}
        </>
      );
    case 'reply':
      return (
        <>
          {actor} replied to your post {title}
        </>
      );
    case 'accepted':
      return (
        <>
          {actor} accepted your answer in {title}
        </>
      );
    case 'followed_tag':
      return <>New post in a tag you follow: {title}</>;
    case 'followed_post':
      return (
        <>
          {actor} replied in a post you follow: {title}
        </>
      );
    case 'followed_member':
      return (
        <>
          {actor} posted {title}
        </>
      );
    case 'credited':
      return (
        <>
          {actor} credited you in {title}
        </>
      );
    case 'proposal_published':
      return (
        <>
          {actor} published your proposal {title} in the repertoire
        </>
      );
    default:
      return title;
  }
}

/** What the notification is about: its post, or for repertoire notifications its resource. */
function subjectTitle(n: Notification): string {
  return n.resource?.title ?? n.post?.title ?? 'something that is no longer there';
}

/** The same sentence as plain text, for a system notification or a page title. */
export function notificationSentence(n: Notification): string {
  const actor = n.actor?.name ?? 'Someone';
  const title = subjectTitle(n);
  switch (n.kind) {
    case 'mention':
      return `${actor} mentioned you in ${title}`;
    case 'reply':
      return `${actor} replied to your post ${title}`;
    case 'accepted':
      return `${actor} accepted your answer in ${title}`;
    case 'followed_tag':
      return `New post in a tag you follow: ${title}`;
    case 'followed_post':
      return `${actor} replied in a post you follow: ${title}`;
    case 'followed_member':
      return `${actor} posted ${title}`;
    case 'credited':
      return `${actor} credited you in ${title}`;
    case 'proposal_published':
      return `${actor} published your proposal ${title} in the repertoire`;
    default:
      return title;
  }
}

export function notificationHref(n: Notification): string {
  const base = `/c/${n.community.slug}`;
  if (n.resource) return `${base}/repertoire/${n.resource.id}`;
  if (n.post) return `${base}/posts/${n.post.id}${n.replyId ? `#reply-${n.replyId}` : ''}`;
  return base;
}
