import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { HealthDashboard, HealthFigures, HealthRefresh, NetworkPicture } from '../../../common/api-types.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn, Db } from '../../db/client.js';
import { communities, healthSnapshots, jobs } from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { defineJob, enqueue, enqueueMany, upsertSchedule, type JobDefinition } from '../../platform/jobs.js';
import { recomputeModes } from '../participation/recompute.js';
import { computeFigures } from './figures.js';
import { computeNetwork } from './network.js';

/**
 * Health snapshots: the dashboard's figures and network, computed by a job and stored, so the
 * page only ever reads one row.
 * - `health.snapshot` — one community: recompute everyone's mode, then the figures of the last
 *   `WINDOW_DAYS` and the network, stored as a `health_snapshots` row; older rows beyond the
 *   last `KEEP` are dropped.
 * - `health.snapshots` — hourly: enqueues each community's nightly snapshot once its local time
 *   has passed `NIGHTLY_HOUR`, keyed by community and local date, so it runs once a day per
 *   community in its own time zone (and a community made today gets its first one within the hour).
 */

export const SNAPSHOT_JOB = 'health.snapshot';
const FANOUT_JOB = 'health.snapshots';
export const WINDOW_DAYS = 90;
/** Snapshots kept per community: two months of nightly ones, for trends and assessments. */
export const KEEP = 60;
const NIGHTLY_HOUR = 3;
const DAY = 86_400_000;
/** The steps a snapshot reports as progress: modes, figures, network, stored. */
const STEPS = 4;

/** Computes and stores a snapshot of `communityId` as of `now`; returns its id. */
export async function takeSnapshot(
  db: Db,
  communityId: string,
  now: Date,
  options: { progress?: (done: number, total: number) => Promise<void>; finish?: (tx: Conn) => Promise<void> } = {},
): Promise<string> {
  const progress = options.progress ?? (async () => {});
  await progress(0, STEPS);
  // Figures read the stored modes: bring them up to date first.
  await recomputeModes(db, communityId, now);
  await progress(1, STEPS);
  const period = { start: new Date(now.getTime() - WINDOW_DAYS * DAY), end: now };
  const figures = await computeFigures(db, communityId, period, now);
  await progress(2, STEPS);
  const network = await computeNetwork(db, communityId, period);
  await progress(3, STEPS);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(healthSnapshots)
      .values({
        communityId,
        periodStart: period.start,
        periodEnd: period.end,
        figures: figures as unknown as Record<string, unknown>,
        network: network as unknown as Record<string, unknown>,
        computedAt: now,
      })
      .returning({ id: healthSnapshots.id });
    await tx.execute(sql`
      delete from ${healthSnapshots}
       where community_id = ${communityId}
         and id not in (select id from ${healthSnapshots} where community_id = ${communityId}
                         order by computed_at desc, id desc limit ${KEEP})`);
    await options.finish?.(tx);
    return row.id;
  });
}

const snapshotJob = defineJob<{ communityId: string }>({
  type: SNAPSHOT_JOB,
  maxAttempts: 3,
  leaseMs: 10 * 60_000,
  async handle(payload, ctx) {
    const { db } = ctx.deps;
    const [community] = await db
      .select({ id: communities.id })
      .from(communities)
      .where(eq(communities.id, payload.communityId));
    // A community deleted since the job was queued has nothing left to measure.
    if (!community) return;
    await takeSnapshot(db, community.id, ctx.now, {
      progress: (done, total) => ctx.progress(done, total),
      finish: (tx) => ctx.finish(tx),
    });
  },
});

/** A community's local date and hour at `now`, in its zone (UTC for one the runtime does not know). */
export function localDay(now: Date, timeZone: string): { date: string; hour: number } {
  const local = new TZDate(now.getTime(), canonicalTimeZone(timeZone) ?? 'UTC');
  return { date: format(local, 'yyyy-MM-dd'), hour: local.getHours() };
}

/** Enqueues today's snapshot of every community whose local night has passed (keyed: once a day). */
export async function enqueueNightlySnapshots(db: Db, now: Date): Promise<number> {
  const rows = await db.select({ id: communities.id, timeZone: communities.timeZone }).from(communities);
  const due = rows.flatMap((c) => {
    const { date, hour } = localDay(now, c.timeZone);
    return hour >= NIGHTLY_HOUR
      ? [
          {
            type: SNAPSHOT_JOB,
            payload: { communityId: c.id },
            key: `${c.id}@${date}`,
            communityId: c.id,
            maxAttempts: 3,
          },
        ]
      : [];
  });
  return enqueueMany(db, due);
}

const fanoutJob = defineJob<Record<string, never>>({
  type: FANOUT_JOB,
  maxAttempts: 3,
  async handle(_payload, ctx) {
    const added = await enqueueNightlySnapshots(ctx.deps.db, ctx.now);
    if (added > 0) ctx.deps.jobs.wake();
  },
});

export const healthSnapshotJobs: JobDefinition<any>[] = [snapshotJob, fanoutJob];

/** The schedules these jobs keep; idempotent, run at each start. */
export async function ensureHealthSnapshotSchedules(db: Db): Promise<void> {
  await upsertSchedule(db, { name: FANOUT_JOB, type: FANOUT_JOB, cron: '20 * * * *', timeZone: 'UTC' });
}

// ── What the dashboard reads ────────────────────────────────────────────────

/** Snapshots read lately, by id, as JSON text: a stored snapshot never changes, so a copy is never stale. */
const recentlyRead = new Map<string, { json: string; computedAt: string }>();
const RECENTLY_READ = 64;

/**
 * The latest snapshot of a community as JSON text, or null. Its id comes from the index; its
 * text from memory when this process read it lately, else from the row. The JSON is passed
 * through as it is: turning a few hundred kilobytes of stored JSON into objects and back on every
 * visit would cost more than everything else the page's request does.
 */
export async function latestSnapshotJson(
  db: Conn,
  communityId: string,
): Promise<{ json: string; computedAt: string } | null> {
  const [latest] = await db
    .select({ id: healthSnapshots.id, computedAt: healthSnapshots.computedAt })
    .from(healthSnapshots)
    .where(eq(healthSnapshots.communityId, communityId))
    .orderBy(desc(healthSnapshots.computedAt))
    .limit(1);
  if (!latest) return null;
  const hit = recentlyRead.get(latest.id);
  if (hit) {
    // Most recently used last: the first key is the one to let go.
    recentlyRead.delete(latest.id);
    recentlyRead.set(latest.id, hit);
    return hit;
  }
  const [row] = await db
    .select({
      json: sql<string>`json_build_object('figures', ${healthSnapshots.figures}, 'network', ${healthSnapshots.network}, 'computedAt', ${latest.computedAt.toISOString()}::text)::text`,
    })
    .from(healthSnapshots)
    .where(eq(healthSnapshots.id, latest.id));
  // Pruned in the meantime: a newer one has taken its place; the next visit reads that.
  if (!row) return null;
  const value = { json: row.json, computedAt: latest.computedAt.toISOString() };
  recentlyRead.set(latest.id, value);
  if (recentlyRead.size > RECENTLY_READ) recentlyRead.delete(recentlyRead.keys().next().value!);
  return value;
}

/** The latest snapshot of a community, parsed, or null. */
export async function latestSnapshot(db: Conn, communityId: string): Promise<HealthDashboard['snapshot']> {
  const row = await latestSnapshotJson(db, communityId);
  return row ? (JSON.parse(row.json) as HealthDashboard['snapshot']) : null;
}

/**
 * The snapshot job of a community that is queued or running, or one that failed after the
 * latest snapshot (so the page can say so); null otherwise.
 */
export async function refreshState(db: Conn, communityId: string, since: string | null): Promise<HealthRefresh | null> {
  const [job] = await db
    .select({ id: jobs.id, status: jobs.status, progress: jobs.progress, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(
      and(
        eq(jobs.type, SNAPSHOT_JOB),
        eq(jobs.communityId, communityId),
        inArray(jobs.status, ['queued', 'running', 'failed']),
      ),
    )
    .orderBy(desc(jobs.id))
    .limit(1);
  if (!job) return null;
  if (job.status === 'failed' && since && job.finishedAt && job.finishedAt.toISOString() <= since) return null;
  return { jobId: job.id, status: job.status as HealthRefresh['status'], progress: job.progress ?? null };
}

/**
 * Asks for a snapshot now: the job already queued or running when there is one, else a new one.
 * Two requests at once make one job (they queue on a lock per community).
 */
export async function requestSnapshot(deps: Deps, communityId: string): Promise<HealthRefresh> {
  const refresh = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${SNAPSHOT_JOB}), hashtext(${communityId}))`);
    const [pending] = await tx
      .select({ id: jobs.id, status: jobs.status, progress: jobs.progress })
      .from(jobs)
      .where(
        and(
          eq(jobs.type, SNAPSHOT_JOB),
          eq(jobs.communityId, communityId),
          inArray(jobs.status, ['queued', 'running']),
        ),
      )
      .orderBy(desc(jobs.id))
      .limit(1);
    if (pending)
      return {
        jobId: pending.id,
        status: pending.status as HealthRefresh['status'],
        progress: pending.progress ?? null,
      };
    const id = await enqueue(tx, SNAPSHOT_JOB, { communityId }, { communityId, maxAttempts: 3 });
    return { jobId: id!, status: 'queued' as const, progress: null };
  });
  deps.jobs.wake();
  return refresh;
}
