import type { ResourceStatus } from '../../../common/limits.js';
import type { Deps } from '../../platform/http.js';
import {
  communityAbilities,
  communityVisibilityScope,
  listedResourceStatuses,
  type Actor,
  type CommunityFacts,
  type MembershipFacts,
} from '../../platform/policy.js';
import { rankAndRemember, resultsKey, reusable, type RankedResults } from './cache.js';
import { presentHit, presentResourceHit } from './present.js';
import * as repo from './repo.js';
import type { SearchQuery } from './schema.js';

/** Resources shown beside the first page of a post search. */
export const RESOURCES_BESIDE_POSTS = 3;

/**
 * Posts (and replies, shown with their post) in every community the actor may see; with
 * `in=resources`, published resources of the repertoire instead. A post search's first page also
 * carries the best few resources, unless a filter only posts have (kind, author, answered) is set.
 * Results are reused while nothing they depend on has changed (see cache.ts).
 */
export async function search(deps: Deps, actor: Actor, query: SearchQuery) {
  const base = { q: query.q, viewerId: actor.user?.id ?? null, scope: communityVisibilityScope(actor) };
  const scope = await repo.searchScope(deps.db, { ...base, community: query.community });
  let results: RankedResults = { hits: [], resources: [] };
  if (scope.length > 0) {
    const key = resultsKey(query, scope);
    results = (await reusable(deps.db, key)) ?? (await rankAndRemember(deps.db, key, () => rank(deps, base, query)));
  }
  // Whatever the reader's role now is in each community, not what it was when the page was ranked.
  const now = new Map(scope.map((c) => [c.slug, c]));
  const asNow = <R extends CommunityRowFacts & { community_slug: string }>(rows: R[]) =>
    rows.flatMap((r) => {
      const c = now.get(r.community_slug);
      return c
        ? [
            {
              ...r,
              visibility: c.visibility,
              joining: c.joining,
              member_role: c.member_role,
              member_status: c.member_status,
            },
          ]
        : [];
    });
  if (query.in === 'resources') {
    return {
      items: [],
      resources: shownResources(actor, asNow(results.resources).slice(0, query.limit)),
      nextOffset: results.resources.length > query.limit ? query.offset + query.limit : null,
      narrowed: results.resources[0]?.narrowed ?? false,
    };
  }
  return {
    items: asNow(results.hits.slice(0, query.limit))
      // The query already scopes visibility; asking the policy again keeps the two from drifting apart.
      .filter((r) => communityAbilities(actor, communityFacts(r), membershipFacts(r)).view)
      .map(presentHit),
    resources: shownResources(actor, asNow(results.resources)),
    nextOffset: results.hits.length > query.limit ? query.offset + query.limit : null,
    // Only the most recent matches were ranked: the reader should add words to look further back.
    narrowed: results.hits[0]?.narrowed ?? false,
  };
}

/** Runs the search itself: one more row than the page, to know whether another page follows. */
async function rank(
  deps: Deps,
  base: Pick<repo.SearchFilter, 'q' | 'viewerId' | 'scope'>,
  query: SearchQuery,
): Promise<RankedResults> {
  const shared = { ...base, community: query.community, tag: query.tag };
  if (query.in === 'resources') {
    return { hits: [], resources: await repo.searchResources(deps.db, shared, query.offset, query.limit + 1) };
  }
  const postOnly = query.kind !== undefined || query.author !== undefined || query.answered !== undefined;
  const [hits, resources] = await Promise.all([
    repo.search(
      deps.db,
      { ...shared, kind: query.kind, author: query.author, answered: query.answered },
      query.offset,
      query.limit + 1,
    ),
    query.offset === 0 && !postOnly ? repo.searchResources(deps.db, shared, 0, RESOURCES_BESIDE_POSTS) : [],
  ]);
  return { hits, resources };
}

/** The policy's word on each resource hit: a community the reader may see, a listed status. */
const shownResources = (actor: Actor, rows: repo.ResourceHitRow[]) =>
  rows
    .filter(
      (r) =>
        communityAbilities(actor, communityFacts(r), membershipFacts(r)).view &&
        listedResourceStatuses.has(r.status as ResourceStatus),
    )
    .map(presentResourceHit);

type CommunityRowFacts = Pick<repo.HitRow, 'visibility' | 'joining' | 'member_role' | 'member_status'>;
const communityFacts = (r: CommunityRowFacts) => ({ visibility: r.visibility, joining: r.joining }) as CommunityFacts;
const membershipFacts = (r: CommunityRowFacts) =>
  r.member_status ? ({ role: r.member_role, status: r.member_status } as MembershipFacts) : null;
