import { onReturnFromBreak, recordVisit } from '../members/visits.js';
import { roundupSchedule } from '../roundups/schedule.js';
import { upsertSchedule } from '../../platform/jobs.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { decodeCursor, encodeCursor, paginate } from '../../platform/cursor.js';
import { conflict, invalid, isUniqueViolation, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  assertCoordinatorRemains,
  assertJoinableCombination,
  authorize,
  communityAbilities,
  communityVisibilityScope,
  coordinatorRoles,
  currentStatuses,
  joinOutcome,
  requireUser,
  type Actor,
  type CommunityAbilities,
  type CommunityFacts,
  type MembershipFacts,
} from '../../platform/policy.js';
import { presentActivity, presentDetail, presentMembership, presentSummary } from './present.js';
import * as repo from './repo.js';
import { reservedSlugs, type CanvasInput, type CanvasPatch } from './schema.js';

export { presentMembership };
export type { CommunityRow, MembershipRow } from './repo.js';

export interface CommunityContext {
  community: repo.CommunityRow;
  membership: repo.MembershipRow | null;
  abilities: CommunityAbilities;
}

const current = [...currentStatuses];
const facts = (c: repo.CommunityRow) => c as unknown as CommunityFacts;
export const membershipFacts = (m: repo.MembershipRow | null | undefined) =>
  (m ?? null) as unknown as MembershipFacts | null;

/**
 * Finds a community the actor may see, with their membership and abilities. A community they
 * may not see answers exactly like one that does not exist.
 */
export async function loadCommunity(db: Conn, actor: Actor, slug: string): Promise<CommunityContext> {
  const { community, membership } = await repo.findBySlugFor(db, slug, actor.user?.id ?? null);
  return contextOf(actor, community, membership);
}

/**
 * The context of a community found together with something in it (one round trip for both):
 * the same answer as `loadCommunity`, and the same 404 when the actor may not see it. Nothing
 * read with it may be used before this has answered.
 */
export function contextOf(
  actor: Actor,
  community: repo.CommunityRow | null | undefined,
  membership: repo.MembershipRow | null,
): CommunityContext {
  if (!community) throw notFound();
  const abilities = communityAbilities(actor, facts(community), membershipFacts(membership));
  if (!abilities.view) throw notFound();
  return { community, membership, abilities };
}

/** Loads the community and refuses unless the actor holds `ability` there. */
export async function authorizeIn(db: Conn, actor: Actor, slug: string, ability: keyof CommunityAbilities) {
  const ctx = await loadCommunity(db, actor, slug);
  authorize(actor, ctx.abilities, ability);
  return ctx;
}

export async function membershipOf(db: Conn, communityId: string, userId: string) {
  return (await repo.findMembership(db, communityId, userId)) ?? null;
}

/** Makes someone an active member with `role`, whatever their earlier membership was. */
export async function admitMember(tx: Conn, communityId: string, userId: string, role: string) {
  return repo.upsertMembership(tx, communityId, userId, {
    role,
    status: 'active',
    breakUntil: null,
    requestMessage: null,
    joinedAt: new Date(),
  });
}

/**
 * Changes a membership under the community's lock, so two coordinators stepping down at once
 * cannot leave the community with none.
 */
export async function changeMembership(
  tx: Conn,
  before: repo.MembershipRow,
  patch: repo.MembershipPatch & Partial<MembershipFacts>,
): Promise<repo.MembershipRow> {
  await repo.lockCommunity(tx, before.communityId);
  const fresh = await repo.findMembership(tx, before.communityId, before.userId);
  if (!fresh) throw notFound();
  const after = { role: patch.role ?? fresh.role, status: patch.status ?? fresh.status } as MembershipFacts;
  const others = await repo.countHolders(tx, fresh.communityId, coordinatorRoles, current, fresh.userId);
  assertCoordinatorRemains(membershipFacts(fresh)!, after, others);
  const row = await repo.updateMembership(tx, fresh.communityId, fresh.userId, patch);
  return row!;
}

export async function deletePendingMembership(tx: Conn, communityId: string, userId: string) {
  return repo.deleteMembership(tx, communityId, userId, 'pending');
}

/** The addresses among `emails` (lower-cased) that already belong to current members. */
export async function currentMemberEmails(db: Conn, communityId: string, emails: string[]) {
  return repo.emailsWithStatus(db, communityId, emails, current);
}

export async function hasOpenInvitation(db: Conn, communityId: string, email: string) {
  return repo.hasOpenInvitation(db, communityId, email);
}

/**
 * Of `userIds`, the people who may see what happens in this community — the same rule as the
 * `view` ability: anyone for a public one; current members and instance admins for a private one.
 */
export async function whoMayView(db: Conn, community: { id: string; visibility: string }, userIds: string[]) {
  const unique = [...new Set(userIds)];
  return community.visibility === 'public'
    ? repo.enabledAmong(db, unique)
    : repo.insidersAmong(db, community.id, unique, current);
}

const slugTaken = () => conflict('slug_taken', 'That address is already taken by another community.', 'slug');

function assertSlugAllowed(slug: string) {
  if (reservedSlugs.has(slug)) throw invalid('slug', 'That address is reserved; choose another.', 'slug_reserved');
}

async function detailOf(db: Conn, actor: Actor, ctx: CommunityContext) {
  const { community } = ctx;
  const [coordinators, pendingInvitation] = await Promise.all([
    repo.listHolders(db, community.id, coordinatorRoles, current),
    actor.user ? repo.hasOpenInvitation(db, community.id, actor.user.email) : false,
  ]);
  return presentDetail(community, {
    memberCount: community.memberCount,
    coordinators,
    pendingInvitation,
    membership: ctx.membership,
    abilities: ctx.abilities,
  });
}

export async function list(deps: Deps, actor: Actor, filters: { q?: string; type?: string }) {
  const rows = await repo.listCommunities(deps.db, {
    ...filters,
    viewerId: actor.user?.id ?? null,
    scope: communityVisibilityScope(actor),
    currentStatuses: current,
  });
  return {
    items: rows
      // The query already scopes visibility; asking the policy again keeps the two from drifting apart.
      .filter((r) => communityAbilities(actor, facts(r.community), membershipFacts(r.membership)).view)
      .map((r) => presentSummary(r.community, r.memberCount, r.membership)),
  };
}

export async function get(deps: Deps, actor: Actor, slug: string) {
  const ctx = await loadCommunity(deps.db, actor, slug);
  // A member's visit (written at most hourly) may start a "while you were away" catch-up.
  const seen = ctx.membership?.lastSeenAt;
  if (actor.user && ctx.membership && (!seen || Date.now() - seen.getTime() > 3_600_000))
    await recordVisit(deps, ctx.community.id, actor.user.id);
  return detailOf(deps.db, actor, ctx);
}

export async function create(deps: Deps, actor: Actor, input: CanvasInput) {
  const me = requireUser(actor);
  assertSlugAllowed(input.slug);
  assertJoinableCombination(input);
  const community = await deps.db.transaction(async (tx) => {
    if (await repo.slugExists(tx, input.slug)) throw slugTaken();
    let row: repo.CommunityRow;
    try {
      row = await repo.insertCommunity(tx, { ...checkTimeZone(input), createdBy: me.id });
      await upsertSchedule(tx, roundupSchedule(row));
    } catch (err) {
      // Two people racing for one address: the loser gets the same answer as the check above.
      if (isUniqueViolation(err, 'communities_slug_key')) throw slugTaken();
      throw err;
    }
    await admitMember(tx, row.id, me.id, 'coordinator');
    await recordActivity(tx, {
      actorId: me.id,
      communityId: row.id,
      verb: 'created_community',
      objectType: 'community',
      objectId: row.id,
    });
    return row;
  });
  return get(deps, actor, community.slug);
}

/** A zone the runtime knows, under its canonical name; 422 `invalid_time_zone` otherwise. */
function checkTimeZone<T extends { timeZone?: string }>(input: T): T {
  if (input.timeZone === undefined) return input;
  const zone = canonicalTimeZone(input.timeZone);
  if (!zone) throw invalid('timeZone', `"${input.timeZone}" is not a time zone we know.`, 'invalid_time_zone');
  return { ...input, timeZone: zone };
}

export async function update(deps: Deps, actor: Actor, slug: string, input: CanvasPatch) {
  const patch = checkTimeZone(input);
  const ctx = await authorizeIn(deps.db, actor, slug, 'edit');
  const before = ctx.community;
  if (patch.slug !== undefined && patch.slug !== before.slug) assertSlugAllowed(patch.slug);
  assertJoinableCombination({
    visibility: patch.visibility ?? (before.visibility as CommunityFacts['visibility']),
    joining: patch.joining ?? (before.joining as CommunityFacts['joining']),
  });
  const changed = Object.keys(patch).filter(
    (k) => JSON.stringify(patch[k as keyof CanvasPatch]) !== JSON.stringify(before[k as keyof repo.CommunityRow]),
  );
  const after = await deps.db.transaction(async (tx) => {
    if (patch.slug !== undefined && (await repo.slugExists(tx, patch.slug, before.id))) throw slugTaken();
    let row: repo.CommunityRow;
    try {
      row = await repo.updateCommunity(tx, before.id, patch);
      if (patch.timeZone && patch.timeZone !== before.timeZone) await upsertSchedule(tx, roundupSchedule(row));
    } catch (err) {
      if (isUniqueViolation(err, 'communities_slug_key')) throw slugTaken();
      throw err;
    }
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: before.id,
      verb: 'updated_community',
      objectType: 'community',
      objectId: before.id,
      data: { fields: changed },
    });
    return row;
  });
  return detailOf(deps.db, actor, { ...ctx, community: after });
}

export async function join(deps: Deps, actor: Actor, slug: string, input: { message?: string }) {
  const ctx = await loadCommunity(deps.db, actor, slug);
  const outcome = joinOutcome(actor, facts(ctx.community), membershipFacts(ctx.membership));
  const me = actor.user!;
  const membership = await deps.db.transaction(async (tx) => {
    const row =
      outcome === 'active'
        ? await admitMember(tx, ctx.community.id, me.id, 'member')
        : await repo.upsertMembership(tx, ctx.community.id, me.id, {
            role: 'member',
            status: 'pending',
            breakUntil: null,
            requestMessage: input.message || null,
          });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: outcome === 'active' ? 'joined' : 'requested_to_join',
      objectType: 'member',
      objectId: me.id,
    });
    return row;
  });
  return { membership: presentMembership(membership) };
}

async function changeOwnMembership(
  deps: Deps,
  actor: Actor,
  slug: string,
  ability: keyof CommunityAbilities,
  verb: string,
  patch: repo.MembershipPatch & Partial<MembershipFacts>,
  data?: Record<string, unknown>,
  validate?: () => void,
  after?: (tx: Conn, before: repo.MembershipRow) => Promise<unknown>,
) {
  const ctx = await authorizeIn(deps.db, actor, slug, ability);
  validate?.();
  const membership = await deps.db.transaction(async (tx) => {
    const row = await changeMembership(tx, ctx.membership!, patch);
    await after?.(tx, ctx.membership!);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb,
      objectType: 'member',
      objectId: actor.user!.id,
      data,
    });
    return row;
  });
  if (after) deps.jobs.wake();
  return { membership: presentMembership(membership) };
}

/** Alumni keep their role as history and everything they contributed stays, attributed. */
export const leave = (deps: Deps, actor: Actor, slug: string) =>
  changeOwnMembership(deps, actor, slug, 'leave', 'left', { status: 'alumni', breakUntil: null });

// Dates are compared in UTC: a break "until" today would already be over somewhere.
const todayUtc = () => new Date().toISOString().slice(0, 10);

export function takeBreak(deps: Deps, actor: Actor, slug: string, input: { until?: string }) {
  const until = input.until ?? null;
  return changeOwnMembership(
    deps,
    actor,
    slug,
    'takeBreak',
    'took_break',
    { status: 'on_break', breakUntil: until },
    { until },
    () => {
      if (until !== null && until <= todayUtc()) {
        throw invalid('until', 'The end of a break must be a date in the future.', 'not_in_future');
      }
    },
  );
}

export const returnFromBreak = (deps: Deps, actor: Actor, slug: string) =>
  changeOwnMembership(
    deps,
    actor,
    slug,
    'returnFromBreak',
    'returned',
    { status: 'active', breakUntil: null },
    undefined,
    undefined,
    // The catch-up reaches back to when the break began.
    (tx, before) => onReturnFromBreak(tx, before.communityId, before.userId, before.statusChangedAt),
  );

const ACTIVITY_PAGE = 50;

export async function activity(deps: Deps, actor: Actor, slug: string, cursor?: string) {
  const ctx = await authorizeIn(deps.db, actor, slug, 'viewActivity');
  const before = cursor
    ? decodeCursor(cursor, ([id]) => (typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 ? id : null))
    : null;
  const rows = await repo.listActivity(deps.db, ctx.community.id, before, ACTIVITY_PAGE + 1);
  const { page, nextCursor } = paginate(rows, ACTIVITY_PAGE, (last) => encodeCursor([last.event.id]));
  return { items: page.map(presentActivity), nextCursor };
}
