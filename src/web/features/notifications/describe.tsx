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
  IconClipboardList,
  IconHash,
  IconHeartbeat,
  IconMessageCircle,
  IconNews,
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
  roundup_draft: { icon: IconNews, color: 'indigo' },
  survey: { icon: IconClipboardList, color: 'teal' },
  health_check: { icon: IconHeartbeat, color: 'lagoon' },
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
    case 'event_promoted':
    case 'event_offer':
    case 'event_reminder_24h':
    case 'event_reminder_1h':
    case 'event_cancelled':
    case 'event_changed':
      return eventSentence(n, (text) => <Strong key="title">{text}</Strong>);
    case 'roundup_draft':
      return (
        <>
          This week’s round-up for <Strong>{n.community.name}</Strong> is drafted: review it and send it
        </>
      );
    case 'survey':
      return (
        <>
          {actor} asked you to answer a survey in <Strong>{n.community.name}</Strong>
        </>
      );
    case 'health_check':
      return (
        <>
          The weekly health check of <Strong>{n.community.name}</Strong> found new things to look at
        </>
      );
    default:
      return title;
  }
}

/** The time of a session as a notification names it: in the reader's browser zone, zone named. */
function eventWhen(startsAt: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(startsAt));
}

/** Event notifications, with the session's title wrapped by `strong` (a tag, or nothing for plain text). */
function eventSentence<T>(n: Notification, strong: (text: string) => T): (T | string)[] {
  const title = strong(n.event?.title ?? subjectTitle(n));
  const when = n.event ? ` (${eventWhen(n.event.startsAt)})` : '';
  switch (n.kind) {
    case 'event_promoted':
      return ['A seat freed up: you’re going to ', title, when];
    case 'event_offer':
      return ['A seat is free at ', title, `${when} — the first to take it has it`];
    case 'event_reminder_24h':
      return [title, ` is tomorrow${when}`];
    case 'event_reminder_1h':
      return [title, ` starts in an hour${when}`];
    case 'event_cancelled':
      return [title, `${when} is cancelled`];
    default:
      return [title, ` has changed: now ${n.event ? eventWhen(n.event.startsAt) : 'at a new time'}`];
  }
}

/** What the notification is about: its post, or for repertoire notifications its resource, or its event. */
function subjectTitle(n: Notification): string {
  return n.resource?.title ?? n.post?.title ?? n.event?.title ?? 'something that is no longer there';
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
    case 'event_promoted':
    case 'event_offer':
    case 'event_reminder_24h':
    case 'event_reminder_1h':
    case 'event_cancelled':
    case 'event_changed':
      return eventSentence(n, (text) => text).join('');
    case 'roundup_draft':
      return `This week’s round-up for ${n.community.name} is drafted: review it and send it`;
    case 'survey':
      return `${actor} asked you to answer a survey in ${n.community.name}`;
    case 'health_check':
      return `The weekly health check of ${n.community.name} found new things to look at`;
    default:
      return title;
  }
}

export function notificationHref(n: Notification): string {
  const base = `/c/${n.community.slug}`;
  if (n.kind === 'roundup_draft') return n.roundupId ? `${base}/roundups/${n.roundupId}` : `${base}/roundups`;
  if (n.kind === 'survey') return `${base}/surveys`;
  if (n.kind === 'health_check') return `${base}/health/check`;
  if (n.resource) return `${base}/repertoire/${n.resource.id}`;
  if (n.event) return `${base}/events/${n.event.id}/${n.event.occurrenceId}`;
  if (n.post) return `${base}/posts/${n.post.id}${n.replyId ? `#reply-${n.replyId}` : ''}`;
  return base;
}
