import type { NotificationKind, PostKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { decodeCursor as readCursor, encodeCursor as cursorOf } from '../../platform/cursor.js';
import { excerpt, mentionedHandles, renderMarkdown } from '../../platform/markdown.js';

/** How much plain text of a body is kept for feeds and quotes. */
export const EXCERPT_LENGTH = 240;
import { currentStatuses, postAbilities, type Actor, type PostFacts } from '../../platform/policy.js';
import * as communities from '../communities/service.js';
import * as notifications from '../notifications/service.js';
import * as repo from './repo.js';

/** Shared by the post and reply services: finding a post, rendering what members write, telling people. */

export type Ctx = communities.CommunityContext;
export const current = [...currentStatuses];

export { isUuid } from '../../platform/ids.js';
import { isUuid } from '../../platform/ids.js';

export const postFacts = (p: {
  authorId: string | null;
  kind: string;
  deletedAt: Date | null;
  amaHostId: string | null;
  amaEndsAt: Date | null;
}): PostFacts => ({
  authorId: p.authorId,
  kind: p.kind as PostKind,
  deletedAt: p.deletedAt,
  amaHostId: p.amaHostId,
  amaEndsAt: p.amaEndsAt,
});

/**
 * A live post of a community the actor may see, with what they may do with it. A hidden
 * community, a deleted post, a post of another community and a malformed id all answer the same 404.
 */
export async function loadPost(deps: Deps, actor: Actor, slug: string, postId: string) {
  if (!isUuid(postId)) throw notFound();
  // The community, the reader's membership and the post in one round trip; the policy answers
  // for the community before the post is looked at.
  const found = await repo.findPostFor(deps.db, slug, actor.user?.id ?? null, postId);
  const ctx = communities.contextOf(actor, found?.community, found?.membership ?? null);
  const post = found?.post;
  if (!post) throw notFound();
  return { ctx, post, abilities: postAbilities(actor, ctx.abilities, postFacts(post)) };
}

/** A live reply of the post, or the same 404 as for none. */
export async function loadReply(db: Conn, postId: string, replyId: string) {
  const reply = isUuid(replyId) ? await repo.findLiveReply(db, postId, replyId) : undefined;
  if (!reply) throw notFound();
  return reply;
}

export const memberHref = (slug: string, userId: string) => `/c/${slug}/members/${userId}`;

/**
 * Renders Markdown with its @mentions of current members linked to their member pages, and
 * says who was mentioned. `except` holds handles mentioned before (an edit tells only new ones).
 */
export async function renderBody(db: Conn, ctx: Ctx, source: string, before?: string) {
  const handles = mentionedHandles(source);
  const members = await repo.membersByHandle(db, ctx.community.id, handles, current);
  const links = new Map([...members].map(([handle, id]) => [handle, memberHref(ctx.community.slug, id)]));
  const earlier = new Set(before === undefined ? [] : mentionedHandles(before));
  const mentioned = [...members].filter(([handle]) => !earlier.has(handle)).map(([, id]) => id);
  const html = renderMarkdown(source, links);
  return { html, excerpt: excerpt(html, EXCERPT_LENGTH), mentioned };
}

/**
 * Records one event's notifications: each person gets at most one, of the first kind in
 * `groups` that names them (mention > reply > followed_*), and never the actor. Returns who
 * got one, to announce after commit.
 */
export async function notifyOnce(
  tx: Conn,
  event: { communityId: string; postId: string; replyId?: string | null; actorId: string },
  groups: [NotificationKind, (string | null | undefined)[]][],
): Promise<string[]> {
  const taken = new Set<string>([event.actorId]);
  const notified: string[] = [];
  for (const [kind, ids] of groups) {
    const fresh = [...new Set(ids.filter((id): id is string => !!id && !taken.has(id)))];
    for (const id of fresh) taken.add(id);
    if (fresh.length > 0) notified.push(...(await notifications.notify(tx, { kind, userIds: fresh, ...event })));
  }
  return notified;
}

// Keyset cursors: opaque to clients, checked on the way back in.

const timestampText = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export const encodeCursor = (scope: string, key: string, id: string) => cursorOf([scope, key, id]);

/** A cursor made for `scope` (a feed and its sort), or null for the first page. */
export function decodeCursor(scope: string, cursor: string | undefined): repo.Keyset | null {
  if (!cursor) return null;
  return readCursor(cursor, ([s, key, id]) =>
    s === scope && typeof key === 'string' && timestampText.test(key) && typeof id === 'string' && isUuid(id)
      ? { key, id }
      : null,
  );
}
