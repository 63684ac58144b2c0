import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type {
  FindingSeverity,
  FindingStatus,
  HealthCheck,
  HealthCheckRun,
  HealthCheckRunStatus,
  HealthCheckWeek,
  HealthFinding,
} from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { healthChecks, healthFindings, jobs, users } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { isUuid } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs.js';
import { requireUser, type Actor } from '../../platform/policy.js';
import { authorizeIn, type CommunityContext } from '../communities/service.js';
import { HEALTH_CHECK_JOB } from './check-jobs.js';

/**
 * The weekly health check as coordinators and the core group read it, and what coordinators do
 * with its findings: act on one (saying what they did), dismiss it, or reopen it. Every decision
 * is written to the activity log, so the history survives a reopen.
 */

type FindingRow = typeof healthFindings.$inferSelect;

const statusOrder: Record<string, number> = { open: 0, acted: 1, dismissed: 2 };
const severityOrder: Record<string, number> = { high: 0, medium: 1, low: 2 };
const rank = (order: Record<string, number>, value: string) => order[value] ?? Object.keys(order).length;

/** Open findings first, then those acted on, then the dismissed; the most severe first within each. */
export function compareFindings(a: FindingRow, b: FindingRow): number {
  return (
    rank(statusOrder, a.status) - rank(statusOrder, b.status) ||
    rank(severityOrder, a.severity) - rank(severityOrder, b.severity) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    a.title.localeCompare(b.title)
  );
}

const severityOf = (value: string): FindingSeverity => (value === 'high' || value === 'low' ? value : 'medium');
const statusOf = (value: string): FindingStatus => (value === 'acted' || value === 'dismissed' ? value : 'open');

// ── Reading ──────────────────────────────────────────────────────────────────

/** Every week a check ran, latest first, with its findings counted by where they stand. */
async function weeksOf(db: Conn, communityId: string): Promise<(HealthCheckWeek & { id: string; count: number })[]> {
  const rows = await db
    .select({
      id: healthChecks.id,
      week: healthChecks.week,
      ranAt: healthChecks.ranAt,
      count: healthChecks.findingCount,
      total: sql<number>`count(${healthFindings.id})::int`,
      open: sql<number>`(count(${healthFindings.id}) filter (where ${healthFindings.status} = 'open'))::int`,
      acted: sql<number>`(count(${healthFindings.id}) filter (where ${healthFindings.status} = 'acted'))::int`,
      dismissed: sql<number>`(count(${healthFindings.id}) filter (where ${healthFindings.status} = 'dismissed'))::int`,
    })
    .from(healthChecks)
    .leftJoin(healthFindings, eq(healthFindings.checkId, healthChecks.id))
    .where(eq(healthChecks.communityId, communityId))
    .groupBy(healthChecks.id)
    .orderBy(desc(healthChecks.week));
  return rows.map((r) => ({ ...r, ranAt: r.ranAt.toISOString() }));
}

/** Current names for the people findings name (someone may have renamed themselves since). */
async function namesOf(db: Conn, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(isUuid);
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function presentFinding(row: FindingRow, slug: string, names: Map<string, string>): HealthFinding {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    severity: severityOf(row.severity),
    title: row.title,
    evidence: row.evidence ?? {},
    action: row.action,
    people: (Array.isArray(row.people) ? row.people : []).map((p) => {
      const current = names.get(p.id);
      return {
        id: p.id,
        name: current ?? p.name,
        part: p.part,
        path: current === undefined ? null : `/c/${slug}/members/${p.id}`,
      };
    }),
    status: statusOf(row.status),
    decidedBy: row.decidedBy ? { id: row.decidedBy, name: names.get(row.decidedBy) ?? 'Someone' } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

async function presentFindings(db: Conn, rows: FindingRow[], slug: string): Promise<HealthFinding[]> {
  const ids = rows.flatMap((r) => [
    ...(Array.isArray(r.people) ? r.people.map((p) => p.id) : []),
    ...(r.decidedBy ? [r.decidedBy] : []),
  ]);
  const names = await namesOf(db, ids);
  return [...rows].sort(compareFindings).map((r) => presentFinding(r, slug, names));
}

/** One week's check (the latest unless `week` is given), its findings, and the weeks there are. */
export async function viewCheck(deps: Deps, actor: Actor, slug: string, week?: string): Promise<HealthCheck> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'viewHealth');
  const communityId = ctx.community.id;
  const [weeks, running] = await Promise.all([weeksOf(deps.db, communityId), runningJob(deps.db, communityId)]);
  const picked = week === undefined ? weeks[0] : weeks.find((w) => w.week === week);
  if (week !== undefined && !picked)
    throw new AppError(404, 'check_not_found', `No health check ran in the week of ${week}.`, 'week');
  let check: HealthCheck['check'] = null;
  let findings: HealthFinding[] = [];
  if (picked) {
    const rows = await deps.db.select().from(healthFindings).where(eq(healthFindings.checkId, picked.id));
    check = { id: picked.id, week: picked.week, ranAt: picked.ranAt, findingCount: picked.count };
    findings = await presentFindings(deps.db, rows, ctx.community.slug);
  }
  return {
    check,
    findings,
    weeks: weeks.map(({ week: w, ranAt, total, open, acted, dismissed }) => ({
      week: w,
      ranAt,
      total,
      open,
      acted,
      dismissed,
    })),
    running,
    abilities: { steer: ctx.abilities.steerHealth },
  };
}

// ── Deciding ─────────────────────────────────────────────────────────────────

const alreadyDecided = (row: FindingRow) =>
  row.status === 'dismissed'
    ? conflict('finding_already_dismissed', 'This finding was dismissed. Reopen it first to act on it.')
    : conflict('finding_already_acted', 'Someone has already acted on this finding. Reopen it first to change that.');

/** The finding, locked, when it belongs to this community; a malformed or foreign id answers 404. */
async function lockFinding(tx: Conn, ctx: CommunityContext, id: string): Promise<FindingRow> {
  if (!isUuid(id)) throw notFound();
  const [row] = await tx
    .select()
    .from(healthFindings)
    .where(and(eq(healthFindings.id, id), eq(healthFindings.communityId, ctx.community.id)))
    .for('update');
  if (!row) throw notFound();
  return row;
}

type Decision = { to: 'acted'; note: string } | { to: 'dismissed'; reason: string };

/** Marks an open finding acted on or dismissed, with who, when and what, and logs it. */
export async function decide(
  deps: Deps,
  actor: Actor,
  slug: string,
  id: string,
  decision: Decision,
  now = new Date(),
): Promise<HealthFinding> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const me = requireUser(actor);
  const note = decision.to === 'acted' ? decision.note : decision.reason;
  const row = await deps.db.transaction(async (tx) => {
    const found = await lockFinding(tx, ctx, id);
    if (found.status !== 'open') throw alreadyDecided(found);
    const [updated] = await tx
      .update(healthFindings)
      .set({ status: decision.to, decidedBy: me.id, decidedAt: now, note })
      .where(eq(healthFindings.id, found.id))
      .returning();
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: decision.to === 'acted' ? 'health.finding_acted' : 'health.finding_dismissed',
      objectType: 'health_finding',
      objectId: found.id,
      data:
        decision.to === 'acted'
          ? { kind: found.kind, key: found.key, note }
          : { kind: found.kind, key: found.key, reason: note },
      occurredAt: now,
    });
    return updated;
  });
  const [presented] = await presentFindings(deps.db, [row], ctx.community.slug);
  return presented;
}

/** Puts a decided finding back among the open ones; the earlier decision stays in the activity log. */
export async function reopen(
  deps: Deps,
  actor: Actor,
  slug: string,
  id: string,
  now = new Date(),
): Promise<HealthFinding> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const me = requireUser(actor);
  const row = await deps.db.transaction(async (tx) => {
    const found = await lockFinding(tx, ctx, id);
    if (found.status === 'open') throw conflict('finding_already_open', 'This finding is open already.');
    const [updated] = await tx
      .update(healthFindings)
      .set({ status: 'open', decidedBy: null, decidedAt: null, note: '' })
      .where(eq(healthFindings.id, found.id))
      .returning();
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'health.finding_reopened',
      objectType: 'health_finding',
      objectId: found.id,
      data: { kind: found.kind, key: found.key, was: found.status },
      occurredAt: now,
    });
    return updated;
  });
  const [presented] = await presentFindings(deps.db, [row], ctx.community.slug);
  return presented;
}

// ── Running it now ───────────────────────────────────────────────────────────

const runStatuses: readonly HealthCheckRunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

const jobFields = {
  id: jobs.id,
  status: jobs.status,
  progress: jobs.progress,
  createdAt: jobs.createdAt,
  finishedAt: jobs.finishedAt,
};
type JobFields = { id: number; status: string; progress: unknown; createdAt: Date; finishedAt: Date | null };

function presentRun(row: JobFields): HealthCheckRun {
  const progress = row.progress as { done?: unknown; total?: unknown } | null;
  return {
    jobId: row.id,
    status: (runStatuses as readonly string[]).includes(row.status) ? (row.status as HealthCheckRunStatus) : 'queued',
    progress:
      progress && typeof progress.done === 'number' && typeof progress.total === 'number'
        ? { done: progress.done, total: progress.total }
        : null,
    queuedAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A check of this community queued or under way (asked for now, or the weekly one), if any. */
async function runningJob(db: Conn, communityId: string): Promise<HealthCheckRun | null> {
  const [row] = await db
    .select(jobFields)
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ['queued', 'running']),
        eq(jobs.type, HEALTH_CHECK_JOB),
        eq(jobs.communityId, communityId),
      ),
    )
    .orderBy(desc(jobs.id))
    .limit(1);
  return row ? presentRun(row) : null;
}

/**
 * Queues a run of the check for this community now (the same job the weekly schedule runs). A run
 * already queued or under way is returned instead of a second one.
 */
export async function runNow(deps: Deps, actor: Actor, slug: string, now = new Date()): Promise<HealthCheckRun> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const communityId = ctx.community.id;
  const pending = await runningJob(deps.db, communityId);
  if (pending) return pending;
  // Keyed by the minute: two coordinators clicking at once make one job, not two.
  const key = `${communityId}:now:${Math.floor(now.getTime() / 60_000)}`;
  await enqueue(deps.db, HEALTH_CHECK_JOB, { communityId }, { key, communityId, maxAttempts: 3 });
  deps.jobs.wake();
  const [row] = await deps.db
    .select(jobFields)
    .from(jobs)
    .where(and(eq(jobs.type, HEALTH_CHECK_JOB), eq(jobs.key, key)));
  return presentRun(row);
}

/** How a run of the check is going; another community's job, or any other job, answers 404. */
export async function runState(deps: Deps, actor: Actor, slug: string, jobId: string): Promise<HealthCheckRun> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'viewHealth');
  if (!/^\d{1,15}$/.test(jobId)) throw notFound();
  const [row] = await deps.db
    .select(jobFields)
    .from(jobs)
    .where(and(eq(jobs.id, Number(jobId)), eq(jobs.type, HEALTH_CHECK_JOB), eq(jobs.communityId, ctx.community.id)));
  if (!row) throw notFound();
  return presentRun(row);
}
