import type { Deps } from '../../platform/http.js';
import {
  communityAbilities,
  communityVisibilityScope,
  type Actor,
  type CommunityFacts,
  type MembershipFacts,
} from '../../platform/policy.js';
import { presentHit } from './present.js';
import * as repo from './repo.js';
import type { SearchQuery } from './schema.js';

/** Posts (and replies, shown with their post) in every community the actor may see. */
export async function search(deps: Deps, actor: Actor, query: SearchQuery) {
  const rows = await repo.search(
    deps.db,
    {
      q: query.q,
      viewerId: actor.user?.id ?? null,
      scope: communityVisibilityScope(actor),
      community: query.community,
      kind: query.kind,
      tag: query.tag,
      author: query.author,
      answered: query.answered,
    },
    query.offset,
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page
      // The query already scopes visibility; asking the policy again keeps the two from drifting apart.
      .filter((r) => communityAbilities(actor, communityFacts(r), membershipFacts(r)).view)
      .map(presentHit),
    nextOffset: rows.length > query.limit ? query.offset + query.limit : null,
    // Only the most recent matches were ranked: the reader should add words to look further back.
    narrowed: rows[0]?.narrowed ?? false,
  };
}

const communityFacts = (r: repo.HitRow) => ({ visibility: r.visibility, joining: r.joining }) as CommunityFacts;
const membershipFacts = (r: repo.HitRow) =>
  r.member_status ? ({ role: r.member_role, status: r.member_status } as MembershipFacts) : null;
