import { reactionKinds, type PostKind, type ReactionKind } from '../../../common/limits.js';
import { shorten } from '../../platform/markdown.js';
import type { PostAbilities, ReplyAbilities } from '../../platform/policy.js';
import type { DetailRow, Person, ReactionRow, ReactionGivers, ReplyView, RevisionRow, SummaryRow } from './repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (from: Date, to: Date | null) =>
  to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;

export const presentPerson = (p: Person | null) => (p ? { id: p.id, name: p.name, handle: p.handle } : null);

/** Every kind, in a fixed order, so the buttons do not move when counts change. */
export function presentReactions(rows: ReactionRow[]) {
  return reactionKinds.map((kind: ReactionKind) => {
    const row = rows.find((r) => r.kind === kind);
    return { kind, count: row?.count ?? 0, mine: row?.mine ?? false };
  });
}

export function presentSummary(p: SummaryRow, community: { slug: string; name: string }) {
  return {
    id: p.id,
    community: { slug: community.slug, name: community.name },
    kind: p.kind as PostKind,
    title: p.title,
    excerpt: p.excerpt,
    tags: p.tags,
    author: presentPerson(p.author),
    replyCount: p.replyCount,
    answered: p.acceptedReplyId !== null,
    acceptedReplyId: p.acceptedReplyId,
    createdAt: p.createdAt.toISOString(),
    lastActivityAt: p.lastActivityAt.toISOString(),
    editedAt: iso(p.editedAt),
    ama:
      p.kind === 'ama' ? { host: presentPerson(p.host), startsAt: iso(p.amaStartsAt), endsAt: iso(p.amaEndsAt) } : null,
  };
}

export function presentDetail(
  p: DetailRow,
  community: { slug: string; name: string },
  extra: {
    reactions: ReactionRow[];
    following: boolean;
    abilities: PostAbilities;
    repertoire: { id: string; title: string }[];
  },
) {
  const a = extra.abilities;
  return {
    ...presentSummary(p, community),
    body: p.body,
    bodyHtml: p.bodyHtml,
    firstReplyAt: iso(p.firstReplyAt),
    acceptedAt: iso(p.acceptedAt),
    timeToFirstReplySeconds: seconds(p.createdAt, p.firstReplyAt),
    timeToAcceptSeconds: seconds(p.createdAt, p.acceptedAt),
    reactions: presentReactions(extra.reactions),
    following: extra.following,
    abilities: {
      edit: a.edit,
      delete: a.delete,
      reply: a.reply,
      react: a.react,
      accept: a.accept,
      follow: a.follow,
      promote: a.promote,
    },
    repertoire: extra.repertoire.map((r) => ({ id: r.id, title: r.title })),
  };
}

/** A reply's reactions as one reader sees them: whether they gave each is theirs alone. */
export const readerReactions = (rows: ReactionGivers[], viewerId: string | null): ReactionRow[] =>
  rows.map((r) => ({ kind: r.kind, count: r.count, mine: viewerId !== null && r.users.includes(viewerId) }));

/**
 * What every reader sees of a reply; `presentReply` adds each reader's own parts (their
 * reactions and abilities), which always come last. A deleted reply kept for its answers shows
 * that it was there, and nothing of what it said.
 */
export function presentSharedReply(r: ReplyView, extra: { acceptedReplyId: string | null; answeredByHost: boolean }) {
  const deleted = r.deletedAt !== null;
  const q = r.quoted;
  return {
    id: r.id,
    postId: r.postId,
    parentId: r.parentId,
    quoted: q
      ? q.deletedAt
        ? { id: q.id, author: null, excerpt: '' }
        : { id: q.id, author: presentPerson(r.quotedAuthor), excerpt: shorten(q.excerpt, 160) }
      : null,
    author: deleted ? null : presentPerson(r.author),
    body: deleted ? '' : r.body,
    bodyHtml: deleted ? '' : r.bodyHtml,
    createdAt: r.createdAt.toISOString(),
    editedAt: iso(r.editedAt),
    deleted,
    accepted: !deleted && r.id === extra.acceptedReplyId,
    answeredByHost: !deleted && extra.answeredByHost,
  };
}

export const presentReplyAbilities = (a: ReplyAbilities) => ({
  edit: a.edit,
  delete: a.delete,
  react: a.react,
  reply: a.reply,
});

export function presentReply(
  r: ReplyView,
  extra: {
    acceptedReplyId: string | null;
    answeredByHost: boolean;
    viewerId: string | null;
    abilities: ReplyAbilities;
  },
) {
  return {
    ...presentSharedReply(r, extra),
    reactions: presentReactions(r.deletedAt ? [] : readerReactions(r.reactions, extra.viewerId)),
    abilities: presentReplyAbilities(extra.abilities),
  };
}

export const presentRevision = (r: RevisionRow) => ({
  id: String(r.id),
  editor: presentPerson(r.editor),
  title: r.title,
  body: r.body,
  tags: r.tags,
  createdAt: r.createdAt.toISOString(),
});
