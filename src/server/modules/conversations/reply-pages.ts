import { Kept } from '../../platform/kept.js';
import type { ReplyAbilities, ReplyFacts } from '../../platform/policy.js';
import { presentReactions, presentReplyAbilities, presentSharedReply, readerReactions } from './present.js';
import type { DetailRow, ReactionGivers, ReplyView } from './repo.js';

/**
 * Pages of a post's replies kept between readers. A popular conversation is read far more often
 * than it changes, and a page of fifty replies costs several times more to read and present than
 * the post it belongs to. What every reader sees of a reply is kept as JSON; each reader's own
 * parts (whether they gave each reaction, what they may do) are added on every request.
 *
 * A page is good while its key holds: the post's `repliesVersion`, which the database itself
 * moves with every change to what the page shows (replies written, edited or deleted, reactions
 * to them, their authors' names), and the post's own facts the page shows (its accepted answer,
 * an AMA's host). The version is read with the post, in the statement every post route starts
 * from, after the policy has let the reader see the post: keeping pages costs no query, and a
 * kept page is never shown to someone the post is hidden from.
 */

interface KeptReply {
  /** `presentSharedReply` as JSON, without its closing brace: the reader's parts follow. */
  head: string;
  facts: ReplyFacts;
  reactions: ReactionGivers[];
  /** The reactions as a reader who gave none sees them. */
  reactionsJson: string;
}

export interface KeptPage {
  replies: KeptReply[];
  nextCursor: string | null;
  /** Roughly how much memory the page holds, in UTF-16 code units. */
  size: number;
}

const pages = new Kept<KeptPage>({ max: 2_000, maxSize: 16 * 2 ** 20, sizeCalculation: (p) => Math.max(1, p.size) });

export const pageKey = (post: DetailRow, limit: number, cursor: string | undefined) =>
  [
    post.id,
    post.repliesVersion,
    post.acceptedReplyId ?? '',
    post.kind === 'ama' ? (post.amaHostId ?? '') : '',
    limit,
    cursor ?? '',
  ].join('|');

/** The kept page under `key`, or the one `read` makes (once, for everyone asking at the same moment). */
export function keptPage(db: object, key: string, read: () => Promise<KeptPage>): Promise<KeptPage> {
  return Promise.resolve(pages.get(db, key) ?? pages.once(db, key, read));
}

export function keepPage(
  rows: ReplyView[],
  nextCursor: string | null,
  extra: { acceptedReplyId: string | null; answeredByHost: Set<string> },
): KeptPage {
  let size = 0;
  const replies = rows.map((r): KeptReply => {
    const shared = JSON.stringify(
      presentSharedReply(r, {
        acceptedReplyId: extra.acceptedReplyId,
        answeredByHost: r.parentId === null && extra.answeredByHost.has(r.id),
      }),
    );
    const reactions = r.deletedAt ? [] : r.reactions;
    const reactionsJson = JSON.stringify(presentReactions(readerReactions(reactions, null)));
    size += shared.length + reactionsJson.length + 36 * reactions.reduce((n, x) => n + x.users.length, 0);
    return {
      head: shared.slice(0, -1),
      facts: { authorId: r.authorId, deletedAt: r.deletedAt },
      reactions,
      reactionsJson,
    };
  });
  return { replies, nextCursor, size };
}

/**
 * The page as one reader receives it: `{ items, nextCursor }`, each item `presentReply` of its
 * reply, with this reader's reactions and abilities (`abilitiesOf`) in place.
 */
export function pageJson(
  page: KeptPage,
  viewerId: string | null,
  abilitiesOf: (facts: ReplyFacts) => ReplyAbilities,
): string {
  const items = page.replies.map((r) => {
    const reactions =
      viewerId !== null && r.reactions.some((x) => x.users.includes(viewerId))
        ? JSON.stringify(presentReactions(readerReactions(r.reactions, viewerId)))
        : r.reactionsJson;
    const abilities = JSON.stringify(presentReplyAbilities(abilitiesOf(r.facts)));
    return `${r.head},"reactions":${reactions},"abilities":${abilities}}`;
  });
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}
