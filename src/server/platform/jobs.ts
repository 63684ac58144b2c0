import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { and, asc, eq, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Conn, Db } from '../db/client.js';
import { jobSchedules, jobs } from '../db/schema/index.js';
import type { Deps } from './http.js';

/**
 * The job queue (decision 006): rows in `jobs`, claimed with `FOR UPDATE SKIP LOCKED` by any
 * number of workers on any number of nodes, on PostgreSQL and on the embedded database alike.
 *
 * - A claim is a short transaction that moves a job to `running` with a lease and a fresh lock
 *   token; the handler then runs outside any transaction (a slow SMTP server never holds the
 *   database). A worker that dies leaves the lease to run out; the job is claimed again.
 * - A handler that writes to the database finishes the job in the same transaction as its
 *   writes (`ctx.finish(tx)`): that transaction fails when the lease went to another worker, so
 *   a job's work is committed once, never twice. Work outside the database (mail) is made
 *   idempotent by its own record (a round-up's delivery row, an outbox row).
 * - Failures retry with exponential back-off and jitter until `maxAttempts`, then stay `failed`
 *   for an administrator to read and retry.
 * - Schedules are cron expressions read in a time zone; each run becomes a job keyed by the
 *   schedule and its time, so two nodes ticking at once enqueue it once.
 */

export interface JobContext {
  id: number;
  type: string;
  /** Attempts so far, this one included. */
  attempts: number;
  deps: Deps;
  /** The runner's clock for this run. */
  now: Date;
  /** Extends the lease, for long work. */
  heartbeat(): Promise<void>;
  /** Reports how far a long job has got, for the admin page. */
  progress(done: number, total: number): Promise<void>;
  /** Marks the job succeeded inside `tx`; throws (rolling `tx` back) when this worker lost the lease. */
  finish(tx: Conn): Promise<void>;
  /**
   * The job's completion as an UPDATE … RETURNING id, for a handler that folds it into one
   * statement of its own (a CTE) instead of a transaction; it changes the job only while this
   * worker holds it. Call `finished()` when that statement returned the id, else throw `JobLost`.
   */
  completion(): SQL;
  finished(): void;
}

export interface JobDefinition<P = Record<string, unknown>> {
  type: string;
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1`, after `attempt` failed. */
  backoffMs?: (attempt: number) => number;
  /** How long a claim lasts before another worker may take the job over. */
  leaseMs?: number;
  handle(payload: P, ctx: JobContext): Promise<void>;
}

export const defineJob = <P>(definition: JobDefinition<P>): JobDefinition<P> => definition;

/** Retry later (the attempt counts), after `delayMs` when given. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
  }
}

/** Give up at once: retrying cannot help. */
export class PermanentFailure extends Error {}

/** The lease went to another worker: this one's result is not kept. */
export class JobLost extends Error {}

export interface EnqueueOptions {
  /** At most one job per (type, key), ever. */
  key?: string;
  runAt?: Date;
  communityId?: string | null;
  maxAttempts?: number;
}

export interface JobRow extends EnqueueOptions {
  type: string;
  payload: object;
}

const defaultMaxAttempts = 8;
const defaultLeaseMs = 5 * 60_000;

/** 2 s, 4 s, 8 s … capped at an hour, with ±20 % jitter so retries of one outage spread out. */
export const exponentialBackoff = (attempt: number) => {
  const base = Math.min(3_600_000, 1000 * 2 ** Math.max(1, attempt));
  return Math.round(base * (0.8 + Math.random() * 0.4));
};

const values = (row: JobRow) => ({
  type: row.type,
  payload: row.payload as Record<string, unknown>,
  key: row.key ?? null,
  runAt: row.runAt ?? new Date(),
  communityId: row.communityId ?? null,
  maxAttempts: row.maxAttempts ?? defaultMaxAttempts,
});

/**
 * Adds a job, inside the caller's transaction when given one: it exists exactly when that
 * commits. Returns its id, or null when a job with this type and key exists already.
 */
export async function enqueue(
  conn: Conn,
  type: string,
  payload: object,
  options: EnqueueOptions = {},
): Promise<number | null> {
  const [row] = await conn
    .insert(jobs)
    .values(values({ type, payload, ...options }))
    .onConflictDoNothing({ target: [jobs.type, jobs.key], where: sql`key is not null` })
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

/** Adds many jobs in chunks; keyed ones that exist already are skipped. Returns how many were added. */
export async function enqueueMany(conn: Conn, rows: JobRow[], chunk = 1000): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const inserted = await conn
      .insert(jobs)
      .values(rows.slice(i, i + chunk).map(values))
      .onConflictDoNothing({ target: [jobs.type, jobs.key], where: sql`key is not null` })
      .returning({ id: jobs.id });
    added += inserted.length;
  }
  return added;
}

/** The next time a cron expression fires after `after`, read in `timeZone`; throws on a bad expression. */
export function nextRun(cron: string, timeZone: string, after: Date): Date {
  const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(after);
  if (!next) throw new Error(`The schedule "${cron}" never runs again`);
  return next;
}

export interface ScheduleInput {
  name: string;
  type: string;
  payload?: Record<string, unknown>;
  cron: string;
  timeZone: string;
  communityId?: string | null;
  enabled?: boolean;
}

/** Creates or updates a schedule; its next run is computed afresh when the timing changes. */
export async function upsertSchedule(conn: Conn, input: ScheduleInput, now = new Date()): Promise<void> {
  const next = nextRun(input.cron, input.timeZone, now);
  await conn
    .insert(jobSchedules)
    .values({
      name: input.name,
      type: input.type,
      payload: input.payload ?? {},
      cron: input.cron,
      timeZone: input.timeZone,
      communityId: input.communityId ?? null,
      enabled: input.enabled ?? true,
      nextRunAt: next,
    })
    .onConflictDoUpdate({
      target: jobSchedules.name,
      set: {
        type: input.type,
        payload: input.payload ?? {},
        enabled: input.enabled ?? true,
        communityId: input.communityId ?? null,
        // Keep the pending run unless the timing itself changed.
        nextRunAt: sql`case when ${jobSchedules.cron} = ${input.cron} and ${jobSchedules.timeZone} = ${input.timeZone}
          then ${jobSchedules.nextRunAt} else ${next} end`,
        cron: input.cron,
        timeZone: input.timeZone,
        updatedAt: now,
      },
    });
}

/**
 * Enqueues a job for every schedule that has come due by `now`, and moves each to its next run.
 * A schedule that missed several runs (the server was off) runs once, not once per miss.
 */
export async function enqueueDueSchedules(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(jobSchedules)
      .where(and(eq(jobSchedules.enabled, true), lte(jobSchedules.nextRunAt, now)))
      .limit(500)
      .for('update', { skipLocked: true });
    for (const schedule of due) {
      const at = schedule.nextRunAt.toISOString();
      await enqueue(
        tx,
        schedule.type,
        { ...schedule.payload, scheduledFor: at },
        { key: `${schedule.name}@${at}`, communityId: schedule.communityId, runAt: schedule.nextRunAt },
      );
      let next: Date;
      try {
        next = nextRun(schedule.cron, schedule.timeZone, now);
      } catch {
        next = new Date(now.getTime() + 365 * 86_400_000);
      }
      await tx
        .update(jobSchedules)
        .set({ nextRunAt: next, lastRunAt: now })
        .where(eq(jobSchedules.name, schedule.name));
    }
    return due.length;
  });
}

type ClaimedJob = typeof jobs.$inferSelect;

/** Moves running jobs whose lease ran out back to the queue (or to failed, out of attempts). */
async function reclaimExpired(db: Db, now: Date) {
  await db
    .update(jobs)
    .set({
      status: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then 'failed' else 'queued' end`,
      lockToken: null,
      lockedUntil: null,
      runAt: now,
      lastError: sql`coalesce(${jobs.lastError} || ' · ', '') || 'the worker stopped before finishing'`,
      finishedAt: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then ${now.toISOString()}::timestamptz end`,
    })
    .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)));
}

/**
 * Claims up to `limit` due jobs in one statement: the inner select locks them (skipping rows
 * another worker holds), the update marks them running with this claim's token and a lease.
 */
async function claim(
  db: Db,
  options: { now: Date; limit: number; types: string[]; leaseMs: (type: string) => number },
): Promise<ClaimedJob[]> {
  if (options.limit <= 0 || options.types.length === 0) return [];
  const token = randomUUID();
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, options.now), inArray(jobs.type, options.types)))
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const leases = options.types.map(
    (type) => sql` when ${type} then ${sql.raw(String(Math.round(options.leaseMs(type))))}`,
  );
  const claimed = await db
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockToken: token,
      lockedUntil: sql`${options.now.toISOString()}::timestamptz + (case ${jobs.type}${sql.join(leases)} else ${sql.raw(String(defaultLeaseMs))} end) * interval '1 millisecond'`,
      startedAt: options.now,
    })
    .where(inArray(jobs.id, due))
    .returning();
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

export interface RunnerOptions {
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** How often to look for due jobs when not woken. */
  pollMs?: number;
}

export interface JobRunner {
  /** Look for due jobs now (after enqueueing some). */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
  /** Runs due schedules and jobs in this process until none is due; returns how many jobs ran. */
  runUntilIdle(options?: { now?: Date; types?: string[]; maxJobs?: number }): Promise<number>;
}

export function createJobRunner(deps: Deps, definitions: JobDefinition<any>[], options: RunnerOptions = {}): JobRunner {
  const byType = new Map(definitions.map((d) => [d.type, d]));
  const allTypes = [...byType.keys()];
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 1000;
  const batch = Math.max(1, Math.floor(concurrency / 4));
  const worker = `${hostname()}:${process.pid}`;
  const leaseMs = (type: string) => byType.get(type)?.leaseMs ?? defaultLeaseMs;

  async function settle(job: ClaimedJob, error: unknown, now: Date) {
    const definition = byType.get(job.type)!;
    const message = error instanceof Error ? error.message : String(error);
    const outOfAttempts = job.attempts >= job.maxAttempts || error instanceof PermanentFailure;
    const delay =
      error instanceof RetryLater && error.delayMs !== undefined
        ? error.delayMs
        : (definition.backoffMs ?? exponentialBackoff)(job.attempts);
    await deps.db
      .update(jobs)
      .set(
        outOfAttempts
          ? { status: 'failed', lastError: message.slice(0, 2000), lockToken: null, lockedUntil: null, finishedAt: now }
          : {
              status: 'queued',
              lastError: message.slice(0, 2000),
              lockToken: null,
              lockedUntil: null,
              runAt: new Date(now.getTime() + delay),
            },
      )
      .where(and(eq(jobs.id, job.id), eq(jobs.lockToken, job.lockToken!)));
    const log = outOfAttempts ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
    log(
      {
        event: outOfAttempts ? 'job.failed' : 'job.retry',
        jobId: job.id,
        type: job.type,
        attempt: job.attempts,
        worker,
        err: error,
      },
      outOfAttempts ? 'a job failed' : 'a job will be retried',
    );
  }

  async function run(job: ClaimedJob, now: Date) {
    const definition = byType.get(job.type);
    if (!definition) return;
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockToken, job.lockToken!), eq(jobs.status, 'running'));
    let finished = false;
    const ctx: JobContext = {
      id: job.id,
      type: job.type,
      attempts: job.attempts,
      deps,
      now,
      async heartbeat() {
        await deps.db
          .update(jobs)
          .set({ lockedUntil: new Date(Date.now() + leaseMs(job.type)) })
          .where(mine);
      },
      async progress(done, total) {
        await deps.db
          .update(jobs)
          .set({ progress: { done, total }, lockedUntil: new Date(Date.now() + leaseMs(job.type)) })
          .where(mine);
      },
      async finish(tx) {
        const done = await tx
          .update(jobs)
          .set({ status: 'succeeded', lockToken: null, lockedUntil: null, finishedAt: new Date(), lastError: null })
          .where(mine)
          .returning({ id: jobs.id });
        if (done.length === 0) throw new JobLost(`job ${job.id} was taken over by another worker`);
        finished = true;
      },
      completion() {
        return sql`update ${jobs} set status = 'succeeded', lock_token = null, locked_until = null, finished_at = now(), last_error = null
          where id = ${job.id} and lock_token = ${job.lockToken} and status = 'running' returning id`;
      },
      finished() {
        finished = true;
      },
    };
    try {
      await definition.handle(job.payload as never, ctx);
      if (!finished) await ctx.finish(deps.db);
    } catch (err) {
      if (err instanceof JobLost) {
        deps.logger.warn({ event: 'job.lost', jobId: job.id, type: job.type, worker }, 'a job was taken over');
        return;
      }
      await settle(job, err, new Date(Math.max(Date.now(), now.getTime())));
    }
  }

  // ── the loop ──
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let looping: Promise<void> | null = null;
  const active = new Set<Promise<void>>();
  let wakeUp: (() => void) | null = null;
  let lastSweep = 0;

  async function loop() {
    while (!stopped) {
      const now = new Date();
      try {
        if (now.getTime() - lastSweep >= pollMs) {
          lastSweep = now.getTime();
          await reclaimExpired(deps.db, now);
          await enqueueDueSchedules(deps.db, now);
        }
        const free = concurrency - active.size;
        // While busy, claim in batches (a quarter of the slots per statement), not once per finished job.
        const claimed =
          free > 0 && (active.size === 0 || free >= batch)
            ? await claim(deps.db, { now, limit: free, types: allTypes, leaseMs })
            : [];
        for (const job of claimed) {
          const p: Promise<void> = run(job, now).finally(() => {
            active.delete(p);
            wakeUp?.();
          });
          active.add(p);
        }
        if (claimed.length > 0 && active.size < concurrency) continue;
      } catch (err) {
        deps.logger.error({ event: 'jobs.loop_failed', err }, 'the job loop failed; it carries on');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, pollMs);
        timer.unref();
      });
      wakeUp = null;
      if (timer) clearTimeout(timer);
    }
  }

  return {
    wake() {
      wakeUp?.();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      looping = loop();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await looping;
      await Promise.allSettled([...active]);
    },
    async runUntilIdle(opts = {}) {
      const types = opts.types ?? allTypes;
      let ran = 0;
      for (;;) {
        const now = opts.now ?? new Date();
        await reclaimExpired(deps.db, now);
        await enqueueDueSchedules(deps.db, now);
        const claimed = await claim(deps.db, { now, limit: 1, types, leaseMs });
        if (claimed.length === 0) return ran;
        await run(claimed[0], now);
        ran++;
        if (opts.maxJobs && ran >= opts.maxJobs) return ran;
      }
    },
  };
}
