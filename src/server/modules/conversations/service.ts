import { limits, type PostKind, type ReactionKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  answerableKinds,
  authorizePost,
  authorizeReply,
  isCurrent,
  mayStartKind,
  postAbilities,
  replyAbilities,
  requireUser,
  type Actor,
} from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import * as communities from '../communities/service.js';
import * as repertoire from '../repertoire/service.js';
import { resolveTags, tagFilter, tagKey } from '../communities/topics.js';
import * as notifications from '../notifications/service.js';
import {
  current,
  decodeCursor,
  isUuid,
  encodeCursor,
  loadPost,
  loadReply,
  notifyOnce,
  postFacts,
  renderBody,
  type Ctx,
} from './common.js';
import { presentDetail, presentReactions, presentRevision, presentSummary, readerReactions } from './present.js';
import { paginate } from '../../platform/cursor.js';
import * as repo from './repo.js';
import { viewCounter } from './views.js';
import type { AmaInput, FeedQuery, HomeFeedQuery, PostInput, PostPatch } from './schema.js';

/** Rate-limit keys: per member, across communities. */
export const postThrottleKey = (userId: string) => `posts:${userId}`;
export const replyThrottleKey = (userId: string) => `replies:${userId}`;

const HOUR = 3600;

// AMA windows.

/**
 * The host and window of an AMA. The host defaults to whoever hosts it already (or the
 * author) and must be a current member; a new AMA must still be open.
 */
async function amaValues(
  db: Conn,
  ctx: Ctx,
  kind: PostKind,
  ama: AmaInput | undefined,
  defaults: { hostId: string | null; creating: boolean },
) {
  if (kind !== 'ama') {
    if (ama) throw invalid('ama', 'Only an AMA has a host and a window.', 'not_ama');
    return {};
  }
  if (!ama) {
    if (defaults.creating) throw invalid('ama', 'An AMA needs a window: when it starts and ends.', 'required');
    return {};
  }
  const startsAt = new Date(ama.startsAt);
  const endsAt = new Date(ama.endsAt);
  if (endsAt <= startsAt) throw invalid('ama.endsAt', 'The window must end after it starts.', 'invalid_window');
  if (defaults.creating && endsAt <= new Date()) {
    throw invalid('ama.endsAt', 'The window must end in the future.', 'invalid_window');
  }
  const hostId = ama.hostId ?? defaults.hostId;
  if (ama.hostId && ama.hostId !== defaults.hostId) {
    const membership = await communities.membershipOf(db, ctx.community.id, ama.hostId);
    if (!isCurrent(communities.membershipFacts(membership))) {
      throw invalid('ama.hostId', 'The host must be a current member of this community.', 'not_a_member');
    }
  }
  return { amaHostId: hostId, amaStartsAt: startsAt, amaEndsAt: endsAt };
}

// Reading.

/** The post as its page shows it; after a write it is read again, so the answer shows the write. */
async function detailOf(deps: Deps, actor: Actor, ctx: Ctx, postOrId: string | repo.DetailRow) {
  const post = typeof postOrId === 'string' ? await repo.findPost(deps.db, ctx.community.id, postOrId) : postOrId;
  if (!post) throw notFound();
  const abilities = postAbilities(actor, ctx.abilities, postFacts(post));
  const me = actor.user?.id ?? null;
  const [{ reactions, following }, promoted] = await Promise.all([
    repo.readerOnPost(deps.db, ctx.community.id, post.id, me),
    repertoire.promotedFrom(deps.db, actor, ctx, post.id),
  ]);
  return presentDetail(post, ctx.community, {
    reactions: readerReactions(reactions, me),
    following,
    abilities,
    repertoire: promoted,
  });
}

/** One post. A signed-in reader's view is counted (see views.ts): a row a day in `post_views`, the first in the activity log. */
export async function getPost(deps: Deps, actor: Actor, slug: string, postId: string) {
  const { ctx, post } = await loadPost(deps, actor, slug, postId);
  if (actor.user) viewCounter(deps.db, deps.logger).record(post.id, actor.user.id, ctx.community.id);
  return detailOf(deps, actor, ctx, post);
}

export async function feed(deps: Deps, actor: Actor, slug: string, query: FeedQuery) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const after = decodeCursor(query.sort, query.cursor);
  const rows = await repo.feedPage(
    deps.db,
    {
      communityId: ctx.community.id,
      sort: query.sort,
      kind: query.kind,
      tag: query.tag ? tagFilter(ctx.community, query.tag) : undefined,
      authorId: query.author,
    },
    after,
    query.limit + 1,
  );
  const { page, nextCursor } = paginate(rows, query.limit, (last) =>
    encodeCursor(query.sort, query.sort === 'active' ? last.activeKey : last.createdKey, last.id),
  );
  return { items: page.map((p) => presentSummary(p, ctx.community)), nextCursor };
}

/** Posts from every community I currently belong to. */
export async function homeFeed(deps: Deps, actor: Actor, query: HomeFeedQuery) {
  const me = requireUser(actor);
  const scope = `home-${query.sort}`;
  const after = decodeCursor(scope, query.cursor);
  const rows = await repo.homePage(deps.db, me.id, current, query.sort, after, query.limit + 1);
  const { page, nextCursor } = paginate(rows, query.limit, (last) =>
    encodeCursor(scope, query.sort === 'active' ? last.activeKey : last.createdKey, last.id),
  );
  return {
    items: page.map((p) => presentSummary(p, { slug: p.communitySlug, name: p.communityName })),
    nextCursor,
  };
}

/** The community's topics first (in their order), then other tags in use, most used first. */
export async function tags(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const counts = await repo.tagCounts(deps.db, ctx.community.id);
  const byKey = new Map(counts.map((c) => [tagKey(c.tag), c]));
  const topics = ctx.community.topics.map((tag) => ({ tag, count: byKey.get(tagKey(tag))?.count ?? 0 }));
  const topicKeys = new Set(ctx.community.topics.map(tagKey));
  const others = counts
    .filter((c) => !topicKeys.has(tagKey(c.tag)))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
    .slice(0, 100);
  return { items: [...topics, ...others], allowFreeTags: ctx.community.allowFreeTags };
}

// Writing.

export async function createPost(deps: Deps, actor: Actor, slug: string, input: PostInput) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'post');
  if (!mayStartKind(ctx.abilities, input.kind)) {
    throw new AppError(403, 'forbidden_kind', 'Only the core group and coordinators post announcements.', 'kind');
  }
  const me = actor.user!;
  const tags = resolveTags(ctx.community, input.tags);
  const ama = await amaValues(deps.db, ctx, input.kind, input.ama, { hostId: me.id, creating: true });
  const { html, excerpt, mentioned } = await renderBody(deps.db, ctx, input.body);
  const communityId = ctx.community.id;
  const { post, notified } = await deps.db.transaction(async (tx) => {
    // Inside the transaction: a refused post does not use up the allowance.
    await hitLimit(tx, postThrottleKey(me.id), limits.postsPerHour, HOUR);
    const post = await repo.insertPost(tx, {
      communityId,
      authorId: me.id,
      kind: input.kind,
      title: input.title,
      body: input.body,
      bodyHtml: html,
      excerpt,
      tags,
      ...ama,
    });
    await notifications.followInTx(tx, me.id, communityId, 'post', post.id);
    await recordActivity(tx, {
      actorId: me.id,
      communityId,
      verb: 'posted',
      objectType: 'post',
      objectId: post.id,
      data: { kind: post.kind },
    });
    const [tagFollowers, memberFollowers] = await Promise.all([
      notifications.followerIds(
        tx,
        communityId,
        tags.map((t) => ({ targetType: 'tag' as const, target: notifications.tagTarget(t) })),
      ),
      notifications.followerIds(tx, communityId, [{ targetType: 'member', target: me.id }]),
    ]);
    const notified = await notifyOnce(tx, { communityId, postId: post.id, actorId: me.id }, [
      ['mention', mentioned],
      ['followed_tag', tagFollowers],
      ['followed_member', memberFollowers],
    ]);
    return { post, notified };
  });
  await notifications.announce(deps, notified);
  return detailOf(deps, actor, ctx, post.id);
}

const sameTags = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);

/** Keeps the version before the edit as a revision; only people newly @mentioned hear of it. */
export async function updatePost(deps: Deps, actor: Actor, slug: string, postId: string, patch: PostPatch) {
  const { ctx, post, abilities } = await loadPost(deps, actor, slug, postId);
  authorizePost(actor, ctx.abilities, abilities, 'edit');
  const me = actor.user!;
  const tags = patch.tags === undefined ? undefined : resolveTags(ctx.community, patch.tags);
  const ama = await amaValues(deps.db, ctx, post.kind, patch.ama, {
    hostId: post.amaHostId ?? post.authorId,
    creating: false,
  });
  const rendered = patch.body === undefined ? undefined : await renderBody(deps.db, ctx, patch.body, post.body);
  const notified = await deps.db.transaction(async (tx) => {
    const before = await repo.lockPost(tx, ctx.community.id, post.id);
    if (!before) throw notFound();
    const changed = {
      title: patch.title !== undefined && patch.title !== before.title,
      body: patch.body !== undefined && patch.body !== before.body,
      tags: tags !== undefined && !sameTags(tags, before.tags),
      ama:
        ama.amaEndsAt !== undefined &&
        (ama.amaHostId !== before.amaHostId ||
          ama.amaStartsAt.getTime() !== before.amaStartsAt?.getTime() ||
          ama.amaEndsAt.getTime() !== before.amaEndsAt?.getTime()),
    };
    const fields = Object.keys(changed).filter((k) => changed[k as keyof typeof changed]);
    if (fields.length === 0) return [];
    await repo.insertRevision(tx, {
      targetType: 'post',
      targetId: before.id,
      editorId: me.id,
      title: before.title,
      body: before.body,
      tags: before.tags,
    });
    await repo.updatePost(tx, before.id, {
      ...(changed.title ? { title: patch.title } : {}),
      ...(changed.body ? { body: patch.body, bodyHtml: rendered!.html, excerpt: rendered!.excerpt } : {}),
      ...(changed.tags ? { tags } : {}),
      ...(changed.ama ? ama : {}),
      editedAt: new Date(),
    });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'edited_post',
      objectType: 'post',
      objectId: before.id,
      data: { fields },
    });
    if (!changed.body) return [];
    return notifyOnce(tx, { communityId: ctx.community.id, postId: before.id, actorId: me.id }, [
      ['mention', rendered!.mentioned],
    ]);
  });
  await notifications.announce(deps, notified);
  return detailOf(deps, actor, ctx, post.id);
}

/** Soft: the post stays for the record (and its replies with it) but answers 404 to everyone. */
export async function deletePost(deps: Deps, actor: Actor, slug: string, postId: string) {
  const { ctx, post, abilities } = await loadPost(deps, actor, slug, postId);
  authorizePost(actor, ctx.abilities, abilities, 'delete');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.lockPost(tx, ctx.community.id, post.id))) throw notFound();
    await repo.updatePost(tx, post.id, { deletedAt: new Date(), deletedBy: actor.user!.id });
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'deleted_post',
      objectType: 'post',
      objectId: post.id,
      data: { kind: post.kind },
    });
  });
}

export async function postRevisions(deps: Deps, actor: Actor, slug: string, postId: string) {
  const { post } = await loadPost(deps, actor, slug, postId);
  return { items: (await repo.listRevisions(deps.db, 'post', post.id)).map(presentRevision) };
}

/**
 * What a resource is promoted from: a live post of the community and, when named, a live reply
 * to it, with what they say and who wrote them. `undefined` parts were not found.
 */
export async function promotionSource(db: Conn, communityId: string, postId: string, replyId?: string | null) {
  const post = isUuid(postId) ? await repo.findPost(db, communityId, postId) : undefined;
  if (!post) return { post: undefined, reply: undefined };
  const reply = replyId && isUuid(replyId) ? await repo.findLiveReply(db, post.id, replyId) : undefined;
  return {
    post: {
      id: post.id,
      kind: post.kind,
      title: post.title,
      body: post.body,
      tags: post.tags,
      author: post.author,
      acceptedReplyId: post.acceptedReplyId,
    },
    reply: reply ? { id: reply.id, body: reply.body, authorId: reply.authorId } : undefined,
  };
}

// Answers.

/** Marks a live reply as the answer (question and need posts); its author is told. */
export async function accept(deps: Deps, actor: Actor, slug: string, postId: string, replyId: string) {
  const { ctx, post, abilities } = await loadPost(deps, actor, slug, postId);
  const me = requireUser(actor);
  if (!answerableKinds.has(post.kind)) {
    throw invalid('kind', 'Only questions and needs have an accepted answer.', 'not_answerable');
  }
  authorizePost(actor, ctx.abilities, abilities, 'accept');
  const communityId = ctx.community.id;
  const notified = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockPost(tx, communityId, post.id);
    if (!locked) throw notFound();
    const reply = await repo.findLiveReply(tx, post.id, replyId);
    if (!reply) throw invalid('replyId', 'That is not a reply to this post.', 'unknown_reply');
    if (locked.acceptedReplyId === reply.id) return [];
    await repo.updatePost(tx, post.id, { acceptedReplyId: reply.id, acceptedAt: new Date() });
    await recordActivity(tx, {
      actorId: me.id,
      communityId,
      verb: 'accepted_answer',
      objectType: 'reply',
      objectId: reply.id,
      data: { postId: post.id },
    });
    return notifyOnce(tx, { communityId, postId: post.id, replyId: reply.id, actorId: me.id }, [
      ['accepted', [reply.authorId]],
    ]);
  });
  await notifications.announce(deps, notified);
  return detailOf(deps, actor, ctx, post.id);
}

export async function unaccept(deps: Deps, actor: Actor, slug: string, postId: string) {
  const { ctx, post, abilities } = await loadPost(deps, actor, slug, postId);
  const me = requireUser(actor);
  if (!answerableKinds.has(post.kind)) {
    throw invalid('kind', 'Only questions and needs have an accepted answer.', 'not_answerable');
  }
  authorizePost(actor, ctx.abilities, abilities, 'accept');
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockPost(tx, ctx.community.id, post.id);
    if (!locked) throw notFound();
    if (!locked.acceptedReplyId) return;
    await repo.updatePost(tx, post.id, { acceptedReplyId: null, acceptedAt: null });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'unaccepted_answer',
      objectType: 'reply',
      objectId: locked.acceptedReplyId,
      data: { postId: post.id },
    });
  });
  return detailOf(deps, actor, ctx, post.id);
}

// Reactions.

/**
 * Adds or takes back one reaction on a post or one of its replies. Each member has at most one
 * of each kind per target, so saying it twice changes nothing.
 */
export async function react(
  deps: Deps,
  actor: Actor,
  target: { slug: string; postId: string; replyId?: string },
  kind: ReactionKind,
  on: boolean,
) {
  const { ctx, post, abilities } = await loadPost(deps, actor, target.slug, target.postId);
  let targetId = post.id;
  if (target.replyId) {
    const reply = await loadReply(deps.db, post.id, target.replyId);
    authorizeReply(actor, replyAbilities(actor, ctx.abilities, abilities, reply), 'react');
    targetId = reply.id;
  } else {
    authorizePost(actor, ctx.abilities, abilities, 'react');
  }
  const targetType = target.replyId ? 'reply' : 'post';
  const me = actor.user!;
  await deps.db.transaction(async (tx) => {
    const key = { targetType, targetId, userId: me.id, kind } as const;
    const changed = on
      ? await repo.addReaction(tx, { ...key, postId: post.id, communityId: ctx.community.id })
      : await repo.removeReaction(tx, key);
    if (!changed) return;
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: on ? 'reacted' : 'unreacted',
      objectType: targetType,
      objectId: targetId,
      data: { kind, postId: post.id },
    });
  });
  const rows = await repo.reactionCounts(deps.db, targetType, targetId);
  return { reactions: presentReactions(readerReactions(rows, me.id)) };
}
