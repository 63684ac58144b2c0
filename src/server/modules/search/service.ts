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
import { presentHit, presentResourceHit } from './present.js';
import * as repo from './repo.js';
import type { SearchQuery } from './schema.js';

/** Resources shown beside the first page of a post search. */
export const RESOURCES_BESIDE_POSTS = 3;

/**
 * Posts (and replies, shown with their post) in every community the actor may see; with
 * `in=resources`, published resources of the repertoire instead. A post search's first page also
 * carries the best few resources, unless a filter only posts have (kind, author, answered) is set.
 */
export async function search(deps: Deps, actor: Actor, query: SearchQuery) {
  const base = { q: query.q, viewerId: actor.user?.id ?? null, scope: communityVisibilityScope(actor) };
  const shared = { ...base, community: query.community, tag: query.tag };
  if (query.in === 'resources') {
    const rows = await repo.searchResources(deps.db, shared, query.offset, query.limit + 1);
    return {
      items: [],
      resources: shownResources(actor, rows.slice(0, query.limit)),
      nextOffset: rows.length > query.limit ? query.offset + query.limit : null,
      narrowed: rows[0]?.narrowed ?? false,
    };
  }
  const postOnly = query.kind !== undefined || query.author !== undefined || query.answered !== undefined;
  const [rows, resourceRows] = await Promise.all([
    repo.search(
      deps.db,
      { ...shared, kind: query.kind, author: query.author, answered: query.answered },
      query.offset,
      query.limit + 1,
    ),
    query.offset === 0 && !postOnly ? repo.searchResources(deps.db, shared, 0, RESOURCES_BESIDE_POSTS) : [],
  ]);
  const page = rows.slice(0, query.limit);
  return {
    items: page
      // The query already scopes visibility; asking the policy again keeps the two from drifting apart.
      .filter((r) => communityAbilities(actor, communityFacts(r), membershipFacts(r)).view)
      .map(presentHit),
    resources: shownResources(actor, resourceRows),
    nextOffset: rows.length > query.limit ? query.offset + query.limit : null,
    // Only the most recent matches were ranked: the reader should add words to look further back.
    narrowed: rows[0]?.narrowed ?? false,
  };
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
