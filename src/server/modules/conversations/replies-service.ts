import { limits } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { authorizePost, authorizeReply, replyAbilities, type Actor } from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import * as notifications from '../notifications/service.js';
import { paginate } from '../../platform/cursor.js';
import { decodeCursor, encodeCursor, loadPost, loadReply, notifyOnce, renderBody } from './common.js';
import { presentReply, presentRevision } from './present.js';
import { keepPage, keptPage, pageJson, pageKey } from './reply-pages.js';
import * as repo from './repo.js';
import type { ReplyInput, ReplyQuery } from './schema.js';
import { replyThrottleKey } from './service.js';

const TEN_MINUTES = 600;

type LoadedPost = Awaited<ReturnType<typeof loadPost>>;

/** For an AMA, the questions (top-level replies) its host answered; none for any other post. */
async function answeredByHost(db: Conn, post: LoadedPost['post']) {
  return post.kind === 'ama' && post.amaHostId ? repo.answeredByHost(db, post.id, post.amaHostId) : new Set<string>();
}

async function presentOne(deps: Deps, actor: Actor, loaded: LoadedPost, replyId: string) {
  const row = await repo.findReplyView(deps.db, loaded.post.id, replyId);
  if (!row) throw notFound();
  const { ctx, post, abilities } = loaded;
  const answered = await answeredByHost(deps.db, post);
  return presentReply(row, {
    acceptedReplyId: post.acceptedReplyId,
    answeredByHost: row.parentId === null && answered.has(row.id),
    viewerId: actor.user?.id ?? null,
    abilities: replyAbilities(actor, ctx.abilities, abilities, row),
  });
}

/**
 * In the order they were written; children sit with their top-level reply in the client. The
 * page comes as JSON text: what every reader sees of it may be kept between readers (see
 * `reply-pages.ts`), and only this reader's parts are added here.
 */
export async function list(deps: Deps, actor: Actor, slug: string, postId: string, query: ReplyQuery) {
  const loaded = await loadPost(deps, actor, slug, postId);
  const { ctx, post, abilities } = loaded;
  const after = decodeCursor('replies', query.cursor);
  const page = await keptPage(deps.db, pageKey(post, query.limit, query.cursor), async () => {
    const rows = await repo.replyPage(deps.db, post.id, after, query.limit + 1);
    const { page, nextCursor } = paginate(rows, query.limit, (last) =>
      encodeCursor('replies', last.createdKey, last.id),
    );
    return keepPage(page, nextCursor, {
      acceptedReplyId: post.acceptedReplyId,
      answeredByHost: await answeredByHost(deps.db, post),
    });
  });
  return pageJson(page, actor.user?.id ?? null, (facts) => replyAbilities(actor, ctx.abilities, abilities, facts));
}

/**
 * Threads stay one level deep: answering a top-level reply hangs under it, answering a child
 * hangs under the same top-level reply and quotes the child.
 */
export async function create(deps: Deps, actor: Actor, slug: string, postId: string, input: ReplyInput) {
  const loaded = await loadPost(deps, actor, slug, postId);
  const { ctx, post, abilities } = loaded;
  authorizePost(actor, ctx.abilities, abilities, 'reply');
  const me = actor.user!;
  const { html, excerpt, mentioned } = await renderBody(deps.db, ctx, input.body);
  const communityId = ctx.community.id;
  const { reply, notified } = await deps.db.transaction(async (tx) => {
    await hitLimit(tx, replyThrottleKey(me.id), limits.repliesPerTenMinutes, TEN_MINUTES);
    const target = input.replyTo ? await repo.findLiveReply(tx, post.id, input.replyTo, true) : undefined;
    if (input.replyTo && !target) {
      throw invalid('replyTo', 'That reply is not part of this conversation, or was deleted.', 'unknown_reply');
    }
    const parentId = target ? (target.parentId ?? target.id) : null;
    const reply = await repo.insertReply(tx, {
      postId: post.id,
      communityId,
      authorId: me.id,
      parentId,
      quotedReplyId: target?.id ?? null,
      body: input.body,
      bodyHtml: html,
      excerpt,
    });
    if (!(await repo.countReply(tx, post.id, { authorId: me.id, createdAt: reply.createdAt }))) throw notFound();
    await notifications.followInTx(tx, me.id, communityId, 'post', post.id);
    await recordActivity(tx, {
      actorId: me.id,
      communityId,
      verb: 'replied',
      objectType: 'reply',
      objectId: reply.id,
      data: { postId: post.id, parentId },
    });
    const parentAuthor = parentId && target ? await parentAuthorOf(tx, post.id, target, parentId) : null;
    const followers = await notifications.followerIds(tx, communityId, [{ targetType: 'post', target: post.id }]);
    const notified = await notifyOnce(tx, { communityId, postId: post.id, replyId: reply.id, actorId: me.id }, [
      ['mention', mentioned],
      ['reply', [post.authorId, parentAuthor, target?.authorId]],
      ['followed_post', followers],
    ]);
    return { reply, notified };
  });
  await notifications.announce(deps, notified);
  return presentOne(deps, actor, loaded, reply.id);
}

async function parentAuthorOf(tx: Conn, postId: string, target: repo.ReplyRow, parentId: string) {
  if (target.id === parentId) return target.authorId;
  return (await repo.findLiveReply(tx, postId, parentId))?.authorId ?? null;
}

async function authorizeOn(
  deps: Deps,
  actor: Actor,
  slug: string,
  postId: string,
  replyId: string,
  ability: 'edit' | 'delete',
) {
  const loaded = await loadPost(deps, actor, slug, postId);
  const reply = await loadReply(deps.db, loaded.post.id, replyId);
  authorizeReply(actor, replyAbilities(actor, loaded.ctx.abilities, loaded.abilities, reply), ability);
  return { loaded, reply };
}

/** Keeps the version before the edit as a revision; only people newly @mentioned hear of it. */
export async function update(
  deps: Deps,
  actor: Actor,
  slug: string,
  postId: string,
  replyId: string,
  input: { body: string },
) {
  const { loaded, reply } = await authorizeOn(deps, actor, slug, postId, replyId, 'edit');
  const { ctx, post } = loaded;
  const me = actor.user!;
  const { html, excerpt, mentioned } = await renderBody(deps.db, ctx, input.body, reply.body);
  const notified = await deps.db.transaction(async (tx) => {
    const before = await repo.findLiveReply(tx, post.id, reply.id, true);
    if (!before) throw notFound();
    if (before.body === input.body) return [];
    await repo.insertRevision(tx, { targetType: 'reply', targetId: before.id, editorId: me.id, body: before.body });
    await repo.updateReply(tx, before.id, { body: input.body, bodyHtml: html, excerpt, editedAt: new Date() });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'edited_reply',
      objectType: 'reply',
      objectId: before.id,
      data: { postId: post.id },
    });
    return notifyOnce(tx, { communityId: ctx.community.id, postId: post.id, replyId: before.id, actorId: me.id }, [
      ['mention', mentioned],
    ]);
  });
  await notifications.announce(deps, notified);
  return presentOne(deps, actor, loaded, reply.id);
}

/**
 * Soft: the post counts one reply fewer, its last activity falls back to the newest live reply,
 * and an accepted answer that is deleted is no longer accepted.
 */
export async function remove(deps: Deps, actor: Actor, slug: string, postId: string, replyId: string) {
  const { loaded, reply } = await authorizeOn(deps, actor, slug, postId, replyId, 'delete');
  const { ctx, post } = loaded;
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockPost(tx, ctx.community.id, post.id);
    if (!locked || !(await repo.findLiveReply(tx, post.id, reply.id, true))) throw notFound();
    await repo.updateReply(tx, reply.id, { deletedAt: new Date(), deletedBy: actor.user!.id });
    await repo.uncountReply(tx, post.id);
    if (locked.acceptedReplyId === reply.id) {
      await repo.updatePost(tx, post.id, { acceptedReplyId: null, acceptedAt: null });
    }
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'deleted_reply',
      objectType: 'reply',
      objectId: reply.id,
      data: { postId: post.id },
    });
  });
}

export async function revisions(deps: Deps, actor: Actor, slug: string, postId: string, replyId: string) {
  const { post } = await loadPost(deps, actor, slug, postId);
  const reply = await loadReply(deps.db, post.id, replyId);
  return { items: (await repo.listRevisions(deps.db, 'reply', reply.id)).map(presentRevision) };
}
