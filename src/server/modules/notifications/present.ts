import type { NotificationRow } from './repo.js';

export const presentPerson = (p: { id: string; name: string; handle: string }) => ({
  id: p.id,
  name: p.name,
  handle: p.handle,
});

export const presentNotification = (n: NotificationRow) => ({
  // A bigserial: sent as a string so no client ever rounds it.
  id: String(n.id),
  kind: n.kind,
  community: { slug: n.community.slug, name: n.community.name },
  post: n.post ? { id: n.post.id, title: n.post.title } : null,
  resource: n.resource ? { id: n.resource.id, title: n.resource.title } : null,
  event: n.event?.startsAt
    ? {
        id: n.event.id,
        occurrenceId: n.event.occurrenceId,
        title: n.event.title,
        startsAt: n.event.startsAt.toISOString(),
      }
    : null,
  roundupId: n.roundupId,
  replyId: n.replyId,
  actor: n.actor ? presentPerson(n.actor) : null,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export type Notification = ReturnType<typeof presentNotification>;

export const presentFollows = (f: {
  tags: string[];
  members: { id: string; name: string; handle: string }[];
  posts: { id: string; title: string }[];
}) => ({
  tags: f.tags,
  members: f.members.map(presentPerson),
  posts: f.posts.map((p) => ({ id: p.id, title: p.title })),
});
