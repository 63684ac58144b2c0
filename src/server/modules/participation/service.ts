import { and, asc, count, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { memberships, participationModeChanges, participationModes, users } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, paginate } from '../../platform/cursor.js';
import { notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { authorize, currentStatuses, listableStatuses, requireUser, type Actor } from '../../platform/policy.js';
import { containsPattern } from '../../platform/like.js';
import type {
  MemberMode,
  MemberModeDetail,
  MemberModePage,
  ModeHistoryEntry,
  MyParticipation,
} from '../../../common/api-types.js';
import type { MembershipStatus, Role } from '../../../common/limits.js';
import { authorizeIn, loadCommunity } from '../communities/service.js';
import { defaultThresholds, modeOf, participationModes as modes, type ParticipationMode } from './modes.js';
import { nextSteps } from './next-steps.js';
import { recomputeModes, writeThrough } from './recompute.js';
import { tallyFor, windowStart } from './tally.js';

const HISTORY = 50;
/** Up to this many members without a mode are computed alone; more, and the community is recomputed. */
const FEW = 500;
const current = [...currentStatuses];

async function historyOf(db: Conn, communityId: string, userId: string, limit = HISTORY): Promise<ModeHistoryEntry[]> {
  const rows = await db
    .select({
      fromMode: participationModeChanges.fromMode,
      toMode: participationModeChanges.toMode,
      changedAt: participationModeChanges.changedAt,
    })
    .from(participationModeChanges)
    .where(and(eq(participationModeChanges.communityId, communityId), eq(participationModeChanges.userId, userId)))
    .orderBy(desc(participationModeChanges.changedAt), desc(participationModeChanges.id))
    .limit(limit);
  return rows.map((r) => ({
    fromMode: (r.fromMode as ParticipationMode | null) ?? null,
    toMode: r.toMode as ParticipationMode,
    changedAt: r.changedAt.toISOString(),
  }));
}

/**
 * The member's own mode, computed live over the window, written through to the stored modes
 * (their row, and a history row when it changed), with their history and next steps.
 */
export async function myParticipation(deps: Deps, actor: Actor, slug: string): Promise<MyParticipation> {
  const { db } = deps;
  // Taking part is for current members: the same test as posting.
  const ctx = await authorizeIn(db, actor, slug, 'post');
  const me = requireUser(actor);
  const membership = ctx.membership!;
  const now = new Date();
  const windowDays = defaultThresholds.windowDays;
  const communityId = ctx.community.id;
  const tally = await tallyFor(db, { communityId, userId: me.id, role: membership.role, now, windowDays });
  const verdict = modeOf(tally);
  let modeSince = await writeThrough(db, { communityId, userId: me.id, ...verdict, tally, now });
  if (!modeSince) {
    // A full recompute holds the community this instant: read what is stored instead.
    const [stored] = await db
      .select({ mode: participationModes.mode, since: participationModes.since })
      .from(participationModes)
      .where(and(eq(participationModes.communityId, communityId), eq(participationModes.userId, me.id)));
    modeSince = stored?.mode === verdict.mode ? stored.since : now;
  }
  const [history, steps] = await Promise.all([
    historyOf(db, communityId, me.id, 20),
    nextSteps(db, {
      community: ctx.community,
      abilities: ctx.abilities,
      me: { id: me.id, expertise: membership.expertise, interests: membership.interests },
      mode: verdict.mode,
      now,
    }),
  ]);
  return {
    ...verdict,
    windowDays,
    since: windowStart(now, windowDays).toISOString(),
    tally: tally as unknown as Record<string, number | boolean>,
    modeSince: modeSince.toISOString(),
    history,
    nextSteps: steps,
  };
}

const memberModeColumns = {
  userId: memberships.userId,
  name: users.name,
  handle: users.handle,
  role: memberships.role,
  status: memberships.status,
  mode: participationModes.mode,
  because: participationModes.because,
  since: participationModes.since,
  computedAt: participationModes.computedAt,
};

type MemberModeRow = {
  userId: string;
  name: string;
  handle: string;
  role: string;
  status: string;
  mode: string | null;
  because: string | null;
  since: Date | null;
  computedAt: Date | null;
};

const present = (r: MemberModeRow): MemberMode => ({
  userId: r.userId,
  name: r.name,
  handle: r.handle,
  role: r.role as Role,
  status: r.status as MembershipStatus,
  mode: (r.mode as ParticipationMode | null) ?? null,
  because: r.because ?? null,
  since: r.since?.toISOString() ?? null,
  computedAt: r.computedAt?.toISOString() ?? null,
});

const storedMode = and(
  eq(participationModes.communityId, memberships.communityId),
  eq(participationModes.userId, memberships.userId),
);

const readCursor = (cursor: string) =>
  decodeCursor(cursor, ([name, id]) =>
    typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? { name, id } : null,
  );

export interface MemberModeQuery {
  mode?: ParticipationMode;
  q?: string;
  cursor?: string;
  limit: number;
}

/** Current members with their stored modes, by name; and how many are in each mode. */
export async function listMemberModes(
  deps: Deps,
  actor: Actor,
  slug: string,
  query: MemberModeQuery,
): Promise<MemberModePage> {
  const { db } = deps;
  const ctx = await authorizeIn(db, actor, slug, 'viewHealth');
  const communityId = ctx.community.id;
  const after = query.cursor ? readCursor(query.cursor) : null;
  const countsOf = () =>
    db
      .select({ mode: participationModes.mode, n: count() })
      .from(memberships)
      .leftJoin(participationModes, storedMode)
      .where(and(eq(memberships.communityId, communityId), inArray(memberships.status, current)))
      .groupBy(participationModes.mode);
  const where: SQL[] = [eq(memberships.communityId, communityId), inArray(memberships.status, current)];
  if (query.q) where.push(ilike(users.name, containsPattern(query.q)));
  if (query.mode) where.push(eq(participationModes.mode, query.mode));
  const page = after ? [...where, sql`(${users.name}, ${users.id}) > (${after.name}, ${after.id}::uuid)`] : where;
  const rowsOf = () =>
    db
      .select(memberModeColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(participationModes, storedMode)
      .where(and(...page))
      .orderBy(asc(users.name), asc(users.id))
      .limit(query.limit + 1);
  let [byMode, rows] = await Promise.all([countsOf(), rowsOf()]);
  // Members never computed (new, or the whole community before its first nightly run) are
  // computed on first look: only them while they are few, else everyone.
  const missing = byMode.find((r) => r.mode === null);
  if (missing) {
    const ids = await db
      .select({ id: memberships.userId })
      .from(memberships)
      .leftJoin(participationModes, storedMode)
      .where(
        and(
          eq(memberships.communityId, communityId),
          inArray(memberships.status, current),
          isNull(participationModes.mode),
        ),
      )
      .limit(FEW + 1);
    await recomputeModes(db, communityId, new Date(), ids.length > FEW ? {} : { userIds: ids.map((r) => r.id) });
    [byMode, rows] = await Promise.all([countsOf(), rowsOf()]);
  }
  const counts = { ...Object.fromEntries(modes.map((m) => [m, 0])), notComputed: 0 } as MemberModePage['counts'];
  for (const r of byMode) {
    if (r.mode === null) counts.notComputed += Number(r.n);
    else if (r.mode in counts) counts[r.mode as ParticipationMode] += Number(r.n);
  }
  // The counts by mode answer the total, unless a name is searched for.
  let total = query.mode ? counts[query.mode] : Object.values(counts).reduce((a, n) => a + n, 0);
  if (query.q) {
    const [found] = await db
      .select({ n: count() })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(participationModes, storedMode)
      .where(and(...where));
    total = Number(found.n);
  }
  const { page: items, nextCursor } = paginate(rows, query.limit, (m) => encodeCursor([m.name, m.userId]));
  return {
    items: items.map(present),
    nextCursor,
    total,
    counts,
    windowDays: defaultThresholds.windowDays,
  };
}

/**
 * One member's stored mode and history: for those who may see the community's health, and for
 * the member themself. Anyone else is refused before the member is even looked up.
 */
export async function memberMode(deps: Deps, actor: Actor, slug: string, userId: string): Promise<MemberModeDetail> {
  const { db } = deps;
  const ctx = await loadCommunity(db, actor, slug);
  const self = !!actor.user && actor.user.id === userId && ctx.abilities.post;
  if (!self) authorize(actor, ctx.abilities, 'viewHealth');
  const [row] = await db
    .select({ ...memberModeColumns, tally: participationModes.tally })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(participationModes, storedMode)
    .where(and(eq(memberships.communityId, ctx.community.id), eq(memberships.userId, userId)));
  if (!row || !listableStatuses.has(row.status as MembershipStatus)) throw notFound();
  return {
    member: present(row),
    tally: row.tally ?? null,
    history: await historyOf(db, ctx.community.id, userId),
    windowDays: defaultThresholds.windowDays,
  };
}
