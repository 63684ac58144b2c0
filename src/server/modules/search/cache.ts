import type { Conn } from '../../db/client.js';
import { Kept } from '../../platform/kept.js';
import * as repo from './repo.js';
import type { SearchQuery } from './schema.js';

/**
 * Ranking the matches of a query is the costly part of a search (tens of milliseconds for a
 * broad word), and many readers ask the same thing at the same time. A page of results is
 * reused, for at most this long, only while:
 * - the reader may look in exactly the same communities (the key holds them);
 * - nothing new could match: no post, reply or change to a resource anywhere since (the key
 *   holds the newest of each);
 * - every post, reply and resource on the page still exists and still reads as it did (their
 *   digests are checked on every reuse, so an edit or a deletion shows at once).
 * The reader's role in each community is read afresh on every search and the policy is asked
 * again, so a cached page never shows more than a fresh one would. What can lag, by this long
 * at most, is an older post edited so that it now matches.
 */
export const SEARCH_REUSE_MS = 60_000;

export interface RankedResults {
  hits: repo.HitRow[];
  resources: repo.ResourceHitRow[];
}

const kept = new Kept<RankedResults>({ max: 500, ttl: SEARCH_REUSE_MS });

/** Everything the results depend on, apart from the rows' own contents (checked on reuse). */
export function resultsKey(query: SearchQuery, scope: repo.SearchScopeRow[]): string {
  const marks = scope[0] ? [scope[0].posts_mark, scope[0].replies_mark, scope[0].resources_mark] : [];
  return JSON.stringify([
    query.in,
    query.q,
    query.community ?? null,
    query.kind ?? null,
    query.tag ?? null,
    query.author ?? null,
    query.answered ?? null,
    query.offset,
    query.limit,
    scope.map((c) => c.id),
    marks,
  ]);
}

/** The cached results under `key`, if every row on them is still as it was. */
export async function reusable(db: Conn, key: string): Promise<RankedResults | undefined> {
  const entry = kept.get(db, key);
  if (!entry) return undefined;
  if (entry.hits.length === 0 && entry.resources.length === 0) return entry;
  const current = await repo.currentVersions(db, {
    posts: entry.hits.map((h) => h.post_id),
    replies: entry.hits.flatMap((h) => (h.reply_id ? [h.reply_id] : [])),
    resources: entry.resources.map((r) => r.id),
  });
  const unchanged =
    entry.hits.every(
      (h) =>
        current.get(`post:${h.post_id}`) === h.post_version &&
        (!h.reply_id || current.get(`reply:${h.reply_id}`) === h.reply_version),
    ) && entry.resources.every((r) => current.get(`resource:${r.id}`) === r.version);
  if (unchanged) return entry;
  kept.delete(db, key);
  return undefined;
}

/**
 * Ranks once for everyone asking the same thing at the same moment (a popular query after a new
 * post would otherwise be ranked by every reader at once), and keeps the results.
 */
export function rankAndRemember(db: Conn, key: string, rank: () => Promise<RankedResults>): Promise<RankedResults> {
  return kept.once(db, key, rank);
}
