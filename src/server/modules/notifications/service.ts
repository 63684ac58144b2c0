import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  authorizeFollowIn,
  authorizePost,
  communityVisibilityScope,
  currentStatuses,
  listableStatuses,
  postAbilities,
  requireUser,
  type Actor,
} from '../../platform/policy.js';
import type { FollowTarget, MembershipStatus, NotificationKind } from '../../../common/limits.js';
import * as communityService from '../communities/service.js';
import { presentFollows, presentNotification, presentPerson } from './present.js';
import * as repo from './repo.js';
import type { NotificationQuery } from './schema.js';

export const channelFor = (userId: string) => `notifications:${userId}`;

/** What a notification is about: a post (and a reply in it), a resource of the repertoire, or an event session. */
export type NotifyInput = {
  kind: NotificationKind;
  userIds: string[];
  communityId: string;
  actorId: string | null;
} & (
  | { postId: string; replyId?: string | null; resourceId?: undefined; occurrenceId?: undefined }
  | { resourceId: string; postId?: undefined; occurrenceId?: undefined }
  | { occurrenceId: string; postId?: undefined; resourceId?: undefined }
);

/**
 * Records notifications inside the caller's transaction. Never the actor, only people who may
 * see the community, at most one of a kind per person and post, reply or resource. Returns who
 * got a new one, to hand to `announce` once the transaction has committed.
 */
export async function notify(tx: Conn, input: NotifyInput): Promise<string[]> {
  const candidates = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (candidates.length === 0) return [];
  const community = await repo.findCommunity(tx, input.communityId);
  if (!community) return [];
  const recipients = await communityService.whoMayView(tx, community, candidates);
  if (recipients.length === 0) return [];
  return repo.insertNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: input.kind,
      communityId: input.communityId,
      postId: input.postId ?? null,
      replyId: input.postId ? (input.replyId ?? null) : null,
      resourceId: input.resourceId ?? null,
      occurrenceId: input.occurrenceId ?? null,
      actorId: input.actorId,
    })),
  );
}

/**
 * Asks members to answer a survey of their community, inside the caller's transaction. The
 * notification leads to the community's surveys: it has no column naming one survey, so each
 * person holds one `survey` notification per community, the latest. One made before `since` (the sending of
 * this survey) gives way to the new one, which comes first in the list and is mailed; one made
 * since stays, so running a fan-out again adds nothing. Never the actor. Returns who got one.
 */
export async function notifySurvey(
  tx: Conn,
  input: { communityId: string; userIds: string[]; actorId: string | null; since: Date; at: Date },
): Promise<string[]> {
  const recipients = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (recipients.length === 0) return [];
  await repo.deleteOlderOfKind(tx, recipients, 'survey', input.communityId, input.since);
  const at = input.at.getTime() < input.since.getTime() ? input.since : input.at;
  return repo.insertNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: 'survey' as const,
      communityId: input.communityId,
      actorId: input.actorId,
      createdAt: at,
    })),
  );
}

/**
 * Tells a community's coordinators that its weekly health check found something new, inside the
 * check's transaction. Like `survey`, the notification names no check, only its community, and
 * leads to the health check page: each person holds one `health_check` notification per
 * community, the latest, which replaces an older one and is mailed. Returns who got one.
 */
export async function notifyHealthCheck(
  tx: Conn,
  input: { communityId: string; userIds: string[]; at: Date },
): Promise<string[]> {
  const recipients = [...new Set(input.userIds)];
  if (recipients.length === 0) return [];
  await repo.deleteOlderOfKind(tx, recipients, 'health_check', input.communityId, input.at);
  return repo.insertNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: 'health_check' as const,
      communityId: input.communityId,
      actorId: null,
      createdAt: input.at,
    })),
  );
}

/** After commit: tells those people's open streams that something new arrived. */
export async function announce(deps: Deps, userIds: string[]): Promise<void> {
  await Promise.all(
    [...new Set(userIds)].map((id) =>
      deps.events.publish(channelFor(id), { type: 'changed' }).catch((err) => {
        deps.logger.warn({ event: 'notifications.publish_failed', err }, 'could not announce a notification');
      }),
    ),
  );
}

export type FollowTargetRef = repo.FollowTargetRef;

/** Everyone following any of `targets` in the community. */
export async function followerIds(db: Conn, communityId: string, targets: FollowTargetRef[]): Promise<string[]> {
  if (targets.length === 0) return [];
  return repo.followerIds(db, communityId, targets);
}

/** Follows a target; following twice changes nothing. */
export async function followInTx(
  tx: Conn,
  userId: string,
  communityId: string,
  targetType: FollowTarget,
  target: string,
): Promise<void> {
  await repo.insertFollow(tx, userId, communityId, targetType, target);
}

// ── Following, over the API ──────────────────────────────────────────────────

type Ctx = communityService.CommunityContext;

/** Follows or unfollows in one transaction, with an activity event only when something changed. */
async function setFollow(deps: Deps, userId: string, ctx: Ctx, targetType: FollowTarget, target: string, on: boolean) {
  await deps.db.transaction(async (tx) => {
    const communityId = ctx.community.id;
    const changed = on
      ? await repo.insertFollow(tx, userId, communityId, targetType, target)
      : await repo.deleteFollow(tx, userId, communityId, targetType, target);
    if (!changed) return;
    await recordActivity(tx, {
      actorId: userId,
      communityId,
      verb: on ? 'followed' : 'unfollowed',
      objectType: targetType,
      objectId: target,
    });
  });
  return { following: on };
}

/** A post is followed under its own `follow` ability; a deleted one answers like a missing one. */
export async function followPost(deps: Deps, actor: Actor, slug: string, postId: string, on: boolean) {
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const post = await repo.findPost(deps.db, ctx.community.id, postId);
  if (!post || post.deletedAt) throw notFound();
  authorizePost(actor, ctx.abilities, postAbilities(actor, ctx.abilities, post), 'follow');
  return setFollow(deps, actor.user!.id, ctx, 'post', post.id, on);
}

/** Tags are followed lower-cased; posts' tags are compared the same way when notifying. */
export const tagTarget = (tag: string) => tag.trim().toLowerCase();

export async function followTag(deps: Deps, actor: Actor, slug: string, tag: string, on: boolean) {
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const me = authorizeFollowIn(actor, ctx.abilities);
  const target = tagTarget(tag);
  // Without free tags a post can only carry a topic, so following anything else would be silent.
  if (on && !ctx.community.allowFreeTags && !ctx.community.topics.some((t) => tagTarget(t) === target)) {
    throw invalid('tag', 'Follow one of this community’s topics.', 'unknown_tag');
  }
  return setFollow(deps, me.id, ctx, 'tag', target, on);
}

/**
 * Only people in the directory (current members and alumni) can be followed; anyone can always
 * be unfollowed, so a follow never outlives the way to undo it.
 */
export async function followMember(deps: Deps, actor: Actor, slug: string, userId: string, on: boolean) {
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const me = authorizeFollowIn(actor, ctx.abilities);
  if (on) {
    const membership = await communityService.membershipOf(deps.db, ctx.community.id, userId);
    if (!membership || !listableStatuses.has(membership.status as MembershipStatus)) throw notFound();
    if (userId === me.id) throw invalid('userId', 'You cannot follow yourself.', 'follow_self');
  }
  return setFollow(deps, me.id, ctx, 'member', userId, on);
}

export async function myFollows(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const me = authorizeFollowIn(actor, ctx.abilities);
  return presentFollows(await repo.listFollows(deps.db, me.id, ctx.community.id));
}

const MENTIONABLE = 8;

/** @mention suggestions: only for people who may post here, and only current members. */
export async function mentionable(deps: Deps, actor: Actor, slug: string, q: string) {
  const ctx = await communityService.authorizeIn(deps.db, actor, slug, 'post');
  const prefix = q.replace(/^@/, '').trim().toLowerCase();
  const rows = await repo.mentionable(deps.db, ctx.community.id, prefix, [...currentStatuses], MENTIONABLE);
  return { items: rows.map(presentPerson) };
}

// ── Reading notifications ────────────────────────────────────────────────────

const scopeOf = (actor: Actor) => communityVisibilityScope(actor);

export async function unreadCount(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  return { unreadCount: await repo.countUnread(deps.db, me.id, scopeOf(actor)) };
}

export async function list(deps: Deps, actor: Actor, query: NotificationQuery) {
  const me = requireUser(actor);
  const scope = scopeOf(actor);
  const [rows, unread] = await Promise.all([
    repo.listNotifications(deps.db, me.id, scope, {
      before: query.cursor ? Number(query.cursor) : null,
      unread: query.unread === 'true',
      limit: query.limit + 1,
    }),
    repo.countUnread(deps.db, me.id, scope),
  ]);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(presentNotification),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
    unreadCount: unread,
  };
}

/** Marks one as read; one the reader cannot see (any more) answers like a missing one. */
export async function markRead(deps: Deps, actor: Actor, id: string) {
  const me = requireUser(actor);
  const found = await repo.findNotification(deps.db, me.id, scopeOf(actor), Number(id));
  if (!found) throw notFound();
  if (!found.readAt) {
    await repo.markRead(deps.db, me.id, found.id);
    // The badge in the person's other tabs.
    await announce(deps, [me.id]);
  }
  return unreadCount(deps, actor);
}

export async function markAllRead(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  await repo.markAllRead(deps.db, me.id);
  await announce(deps, [me.id]);
  return unreadCount(deps, actor);
}

// ── Live stream support ──────────────────────────────────────────────────────

const STREAM_BATCH = 50;

/** Where a live stream starts: the unread count, and the newest id, so older ones are not resent. */
export async function streamStart(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  const [lastId, count] = await Promise.all([repo.latestId(deps.db, me.id), unreadCount(deps, actor)]);
  return { lastId, unreadCount: count.unreadCount };
}

/**
 * What a stream passes on after a change: new notifications since `after` (oldest first, at
 * most a batch; `more` asks for another round) and the unread count.
 */
export async function streamSince(deps: Deps, actor: Actor, after: number) {
  const me = requireUser(actor);
  const scope = scopeOf(actor);
  const [rows, unread] = await Promise.all([
    repo.notificationsAfter(deps.db, me.id, scope, after, STREAM_BATCH),
    repo.countUnread(deps.db, me.id, scope),
  ]);
  return {
    items: rows.map(presentNotification),
    lastId: rows.length ? rows[rows.length - 1].id : after,
    more: rows.length === STREAM_BATCH,
    unreadCount: unread,
  };
}
