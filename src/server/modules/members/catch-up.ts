import type { CatchUp, RoundupItem } from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import type { Deps } from '../../platform/http.js';
import { isCurrent, requireUser, type Actor } from '../../platform/policy.js';
import * as communityService from '../communities/service.js';
import { buildCatchUp, type CatchUpSection } from '../roundups/build.js';
import { clearCatchUp, recordVisit } from './visits.js';

/**
 * "While you were away": the round-up's sections from the start of a member's waiting
 * catch-up until now, items that suit the member first, until they say they have seen it.
 */

export interface Reader {
  interests: readonly string[];
  expertise: readonly string[];
  learningFormats: readonly string[];
}

/** Shared topics count double, a suited learning format once; equal scores keep the section's order. */
export function orderForReader<T extends { topics: string[]; formats: string[] }>(items: T[], reader: Reader): T[] {
  const topics = new Set([...reader.interests, ...reader.expertise].map((t) => t.toLowerCase()));
  const formats = new Set(reader.learningFormats);
  if (topics.size === 0 && formats.size === 0) return items;
  const score = (i: T) =>
    i.topics.reduce((s, t) => s + (topics.has(t.toLowerCase()) ? 2 : 0), 0) +
    i.formats.reduce((s, f) => s + (formats.has(f) ? 1 : 0), 0);
  return items
    .map((item, k) => ({ item, k, s: score(item) }))
    .sort((a, b) => b.s - a.s || a.k - b.k)
    .map((x) => x.item);
}

const presentItem = (item: CatchUpSection['items'][number], position: number): RoundupItem => ({
  id: item.id,
  section: item.section,
  objectType: item.objectType,
  objectId: item.objectId,
  title: item.title,
  summary: item.summary,
  path: item.path,
  topics: item.topics,
  formats: item.formats,
  meta: item.meta,
  position,
  included: true,
});

/** The catch-up's sections for a member, in their order. */
export async function catchUpSections(
  db: Conn,
  community: { id: string; slug: string; topics: string[] },
  reader: Reader,
  since: Date,
  now: Date,
) {
  const sections = await buildCatchUp(
    db,
    { id: community.id, slug: community.slug, topics: community.topics },
    since,
    now,
  );
  return sections.map((s) => ({
    section: s.section,
    items: orderForReader(s.items, reader).map(presentItem),
  }));
}

/**
 * The member's waiting catch-up, or null when none waits. Looking counts as a visit, so a
 * member back after a long absence finds their catch-up on the first page they open.
 */
export async function getCatchUp(
  deps: Deps,
  actor: Actor,
  slug: string,
  options: { now?: Date; origin?: string } = {},
): Promise<CatchUp | null> {
  const me = requireUser(actor);
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const membership = ctx.membership;
  if (!membership || !isCurrent(communityService.membershipFacts(membership))) return null;
  const now = options.now ?? new Date();
  const visit = await recordVisit(deps, ctx.community.id, me.id, now, { origin: options.origin });
  if (!visit.catchUpSince || membership.status !== 'active') return null;
  return {
    communitySlug: ctx.community.slug,
    since: visit.catchUpSince.toISOString(),
    sections: await catchUpSections(deps.db, ctx.community, membership, visit.catchUpSince, now),
  };
}

/** The member has seen it: it no longer waits, and the activity log says so (once). */
export async function markCatchUpSeen(deps: Deps, actor: Actor, slug: string): Promise<void> {
  const me = requireUser(actor);
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  if (!ctx.membership) return;
  await deps.db.transaction(async (tx) => {
    const since = await clearCatchUp(tx, ctx.community.id, me.id);
    if (!since) return;
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'catchup.viewed',
      objectType: 'member',
      objectId: me.id,
      data: { since: since.toISOString() },
    });
  });
}
