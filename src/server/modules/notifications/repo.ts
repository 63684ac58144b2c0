import { and, asc, count, desc, eq, exists, gt, inArray, isNull, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import {
  communities,
  eventOccurrences,
  events,
  follows,
  memberships,
  notifications,
  posts,
  resources,
  users,
} from '../../db/schema/index.js';
import type { communityVisibilityScope } from '../../platform/policy.js';
import type { FollowTarget, MembershipStatus, NotificationKind, PostKind } from '../../../common/limits.js';
import { prefixPattern } from '../../platform/like.js';

export type VisibilityScope = ReturnType<typeof communityVisibilityScope>;

// ── Follows ──────────────────────────────────────────────────────────────────

export interface FollowTargetRef {
  targetType: FollowTarget;
  target: string;
}

export async function followerIds(db: Conn, communityId: string, targets: FollowTargetRef[]) {
  const rows = await db
    .selectDistinct({ userId: follows.userId })
    .from(follows)
    .where(
      and(
        eq(follows.communityId, communityId),
        or(...targets.map((t) => and(eq(follows.targetType, t.targetType), eq(follows.target, t.target)))),
      ),
    );
  return rows.map((r) => r.userId);
}

/** A post of the community as the follow rule needs it; deleted ones too, so callers can refuse them. */
export async function findPost(db: Conn, communityId: string, postId: string) {
  const [row] = await db
    .select({
      id: posts.id,
      authorId: posts.authorId,
      kind: posts.kind,
      deletedAt: posts.deletedAt,
      amaHostId: posts.amaHostId,
      amaEndsAt: posts.amaEndsAt,
    })
    .from(posts)
    .where(and(eq(posts.id, postId), eq(posts.communityId, communityId)));
  return row ? { ...row, kind: row.kind as PostKind } : undefined;
}

/** Whether the row was new. */
export async function insertFollow(
  db: Conn,
  userId: string,
  communityId: string,
  targetType: FollowTarget,
  target: string,
): Promise<boolean> {
  const rows = await db
    .insert(follows)
    .values({ userId, communityId, targetType, target })
    .onConflictDoNothing()
    .returning({ userId: follows.userId });
  return rows.length > 0;
}

/** Whether there was a row to delete. */
export async function deleteFollow(
  db: Conn,
  userId: string,
  communityId: string,
  targetType: FollowTarget,
  target: string,
): Promise<boolean> {
  const rows = await db
    .delete(follows)
    .where(
      and(
        eq(follows.userId, userId),
        eq(follows.communityId, communityId),
        eq(follows.targetType, targetType),
        eq(follows.target, target),
      ),
    )
    .returning({ userId: follows.userId });
  return rows.length > 0;
}

const POSTS_SHOWN = 500;

/**
 * What one person follows in a community: tags and people by name, posts newest follow first.
 * Repliers follow every post they reply in, so only the newest few hundred posts are listed.
 */
export async function listFollows(db: Conn, userId: string, communityId: string) {
  const mine = and(eq(follows.userId, userId), eq(follows.communityId, communityId));
  const [others, postFollows] = await Promise.all([
    db
      .select({ targetType: follows.targetType, target: follows.target })
      .from(follows)
      .where(and(mine, inArray(follows.targetType, ['tag', 'member']))),
    db
      .select({ target: follows.target })
      .from(follows)
      .where(and(mine, eq(follows.targetType, 'post')))
      .orderBy(desc(follows.createdAt))
      .limit(POSTS_SHOWN),
  ]);
  const tags = others.filter((r) => r.targetType === 'tag').map((r) => r.target);
  const memberIds = others.filter((r) => r.targetType === 'member').map((r) => r.target);
  const postIds = postFollows.map((r) => r.target);
  const [people, followedPosts] = await Promise.all([
    memberIds.length
      ? db
          .select({ id: users.id, name: users.name, handle: users.handle })
          .from(users)
          .where(inArray(users.id, memberIds))
          .orderBy(asc(users.name), asc(users.id))
      : [],
    postIds.length
      ? db
          .select({ id: posts.id, title: posts.title })
          .from(posts)
          .where(and(inArray(posts.id, postIds), eq(posts.communityId, communityId), isNull(posts.deletedAt)))
      : [],
  ]);
  const order = new Map(postIds.map((id, i) => [id, i]));
  followedPosts.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { tags: tags.sort(), members: people, posts: followedPosts };
}

/** Current members whose handle or name starts with `q`, handle matches first. */
export async function mentionable(
  db: Conn,
  communityId: string,
  q: string,
  statuses: MembershipStatus[],
  limit: number,
) {
  const pattern = prefixPattern(q);
  const byHandle = sql`lower(${users.handle}) like ${pattern}`;
  const byName = sql`lower(${users.name}) like ${pattern}`;
  return db
    .select({ id: users.id, name: users.name, handle: users.handle })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, communityId),
        inArray(memberships.status, statuses),
        isNull(users.disabledAt),
        q ? or(byHandle, byName) : undefined,
      ),
    )
    .orderBy(...(q ? [desc(byHandle)] : []), asc(users.name), asc(users.id))
    .limit(limit);
}

// ── Notifications ────────────────────────────────────────────────────────────

export async function findCommunity(db: Conn, id: string) {
  const [row] = await db
    .select({ id: communities.id, visibility: communities.visibility })
    .from(communities)
    .where(eq(communities.id, id));
  return row;
}

/** At most one of a kind per person and post, reply or resource: returns who got a new one. */
export async function insertNotifications(db: Conn, rows: (typeof notifications.$inferInsert)[]) {
  const inserted = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  return inserted.map((r) => r.userId);
}

/** Removes people's notifications of one kind made before `before` (a kind each person holds one of). */
/** Drops the older notifications of a community-wide kind, so each person keeps the latest per community. */
export async function deleteOlderOfKind(
  db: Conn,
  userIds: string[],
  kind: NotificationKind,
  communityId: string,
  before: Date,
) {
  if (userIds.length === 0) return;
  await db
    .delete(notifications)
    .where(
      and(
        inArray(notifications.userId, userIds),
        eq(notifications.kind, kind),
        eq(notifications.communityId, communityId),
        lt(notifications.createdAt, before),
      ),
    );
}

/**
 * The read-time half of the visibility rule (`notify` applied it when writing): never a deleted
 * post, and only communities the reader may still see — the `view` ability as a query. (A
 * notification about a resource has no post: the left join leaves `deleted_at` null.)
 */
function visibleTo(db: Conn, userId: string, scope: VisibilityScope): SQL {
  const live = isNull(posts.deletedAt);
  if (scope.everything) return live;
  const insider = db
    .select({ one: sql`1` })
    .from(memberships)
    .where(
      and(
        eq(memberships.communityId, notifications.communityId),
        eq(memberships.userId, userId),
        inArray(memberships.status, scope.memberStatuses),
      ),
    );
  return and(live, or(inArray(communities.visibility, scope.visibilities), exists(insider)))!;
}

const notificationColumns = {
  id: notifications.id,
  kind: notifications.kind,
  replyId: notifications.replyId,
  roundupId: notifications.roundupId,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
  community: { slug: communities.slug, name: communities.name },
  post: { id: posts.id, title: posts.title },
  resource: { id: resources.id, title: resources.title },
  // The session's own title when it was changed for that session, else the series'.
  event: {
    id: events.id,
    occurrenceId: eventOccurrences.id,
    title: sql<string>`coalesce(${eventOccurrences.overrides}->>'title', ${events.title})`,
    startsAt: eventOccurrences.startsAt,
  },
  actor: { id: users.id, name: users.name, handle: users.handle },
};

export type NotificationRow = Awaited<ReturnType<typeof selectNotifications>>[number] & {
  kind: NotificationKind;
};

function selectNotifications(db: Conn, where: SQL, order: SQL, limit: number) {
  return db
    .select(notificationColumns)
    .from(notifications)
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(resources, eq(resources.id, notifications.resourceId))
    .leftJoin(eventOccurrences, eq(eventOccurrences.id, notifications.occurrenceId))
    .leftJoin(events, eq(events.id, eventOccurrences.eventId))
    .innerJoin(communities, eq(communities.id, notifications.communityId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(where)
    .orderBy(order)
    .limit(limit);
}

export interface ListOptions {
  /** Only ids below this one (the page cursor). */
  before?: number | null;
  unread?: boolean;
  limit: number;
}

/** Newest first, walking the (user_id, id desc) index. */
export async function listNotifications(db: Conn, userId: string, scope: VisibilityScope, o: ListOptions) {
  const where = and(
    eq(notifications.userId, userId),
    visibleTo(db, userId, scope),
    o.unread ? isNull(notifications.readAt) : undefined,
    o.before ? lt(notifications.id, o.before) : undefined,
  )!;
  return (await selectNotifications(db, where, desc(notifications.id), o.limit)) as NotificationRow[];
}

/** Oldest first: what arrived after `after`, for a live stream to pass on. */
export async function notificationsAfter(
  db: Conn,
  userId: string,
  scope: VisibilityScope,
  after: number,
  limit: number,
) {
  const where = and(eq(notifications.userId, userId), visibleTo(db, userId, scope), gt(notifications.id, after))!;
  return (await selectNotifications(db, where, asc(notifications.id), limit)) as NotificationRow[];
}

export async function findNotification(db: Conn, userId: string, scope: VisibilityScope, id: number) {
  const where = and(eq(notifications.userId, userId), eq(notifications.id, id), visibleTo(db, userId, scope))!;
  const [row] = await selectNotifications(db, where, desc(notifications.id), 1);
  return row as NotificationRow | undefined;
}

/** Starts from the partial index of unread notifications, so it stays cheap however many are read. */
export async function countUnread(db: Conn, userId: string, scope: VisibilityScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .innerJoin(communities, eq(communities.id, notifications.communityId))
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), visibleTo(db, userId, scope)));
  return Number(row?.n ?? 0);
}

/** The newest notification id the person has, visible or not: where a live stream starts. */
export async function latestId(db: Conn, userId: string): Promise<number> {
  const [row] = await db
    .select({ id: max(notifications.id) })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return Number(row?.id ?? 0);
}

export async function markRead(db: Conn, userId: string, id: number) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id), isNull(notifications.readAt)));
}

export async function markAllRead(db: Conn, userId: string) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
