import { eq, inArray, like } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobSchedules, jobs } from '../db/schema/index.js';
import type { TestApp } from '../../../test/harness.js';
import { setupTestApp } from '../../../test/harness.js';
import {
  createJobRunner,
  defineJob,
  enqueue,
  enqueueDueSchedules,
  enqueueMany,
  nextRun,
  PermanentFailure,
  upsertSchedule,
  type JobContext,
} from './jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.deps.db.delete(jobs).where(like(jobs.type, 'test.%'));
  await t.deps.db.delete(jobSchedules).where(like(jobSchedules.name, 'test.%'));
});

// Failing on purpose logs job.failed at error level, which the test setup treats as a failure.
const quiet = () => ({ ...t.deps, logger: pino({ level: 'silent' }) });
const jobRow = async (id: number) => (await t.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0];

describe('enqueueing', () => {
  it('adds a keyed job once, however often it is asked for', async () => {
    const first = await enqueue(t.deps.db, 'test.once', { n: 1 }, { key: 'k1' });
    const second = await enqueue(t.deps.db, 'test.once', { n: 2 }, { key: 'k1' });
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    expect(
      await enqueueMany(t.deps.db, [
        { type: 'test.once', payload: {}, key: 'k1' },
        { type: 'test.once', payload: {}, key: 'k2' },
      ]),
    ).toBe(1);
    // Unkeyed jobs are never merged.
    await enqueue(t.deps.db, 'test.once', {});
    await enqueue(t.deps.db, 'test.once', {});
    const rows = await t.deps.db.select().from(jobs).where(eq(jobs.type, 'test.once'));
    expect(rows).toHaveLength(4);
  });

  it('exists only when the transaction that enqueued it commits', async () => {
    await expect(
      t.deps.db.transaction(async (tx) => {
        await enqueue(tx, 'test.rolled', {});
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await t.deps.db.select().from(jobs).where(eq(jobs.type, 'test.rolled'))).toHaveLength(0);
  });
});

describe('running', () => {
  it('retries a failing job with growing delays, then leaves it failed with its error', async () => {
    let calls = 0;
    const runner = createJobRunner(quiet(), [
      defineJob({
        type: 'test.flaky',
        maxAttempts: 3,
        async handle() {
          calls++;
          throw new Error(`refused ${calls}`);
        },
      }),
    ]);
    const id = (await enqueue(t.deps.db, 'test.flaky', {}, { maxAttempts: 3 }))!;
    const start = new Date();
    expect(await runner.runUntilIdle({ now: start })).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'refused 1' });
    const firstDelay = row.runAt.getTime() - start.getTime();
    expect(firstDelay).toBeGreaterThan(1000);
    // Not due again until the back-off has passed.
    expect(await runner.runUntilIdle({ now: new Date(start.getTime() + 500) })).toBe(0);
    await runner.runUntilIdle({ now: new Date(row.runAt.getTime() + 1) });
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    const secondDelay = row.runAt.getTime() - start.getTime() - firstDelay;
    expect(secondDelay).toBeGreaterThan(firstDelay);
    await runner.runUntilIdle({ now: new Date(row.runAt.getTime() + 1) });
    row = await jobRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'refused 3' });
    expect(row.finishedAt).not.toBeNull();
    expect(calls).toBe(3);
  });

  it('gives up at once on a permanent failure', async () => {
    const runner = createJobRunner(quiet(), [
      defineJob({
        type: 'test.hopeless',
        async handle() {
          throw new PermanentFailure('the round-up was deleted');
        },
      }),
    ]);
    const id = (await enqueue(t.deps.db, 'test.hopeless', {}))!;
    await runner.runUntilIdle();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'the round-up was deleted' });
  });

  it('takes up a job whose worker stopped', async () => {
    let ran = 0;
    const runner = createJobRunner(t.deps, [defineJob({ type: 'test.orphan', handle: async () => void ran++ })]);
    const id = (await enqueue(t.deps.db, 'test.orphan', {}))!;
    // Claimed by a worker that then vanished: running, with a lease that has run out.
    await t.deps.db
      .update(jobs)
      .set({ status: 'running', attempts: 1, lockToken: 'gone-worker', lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, id));
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'succeeded', attempts: 2, lockToken: null });
    expect(ran).toBe(1);
  });

  it('refuses the result of a worker whose lease was taken over', async () => {
    const committed: string[] = [];
    let calls = 0;
    let other: ReturnType<typeof createJobRunner>;
    const definition = defineJob({
      type: 'test.slow',
      async handle(_p: unknown, ctx: JobContext) {
        calls++;
        if (calls === 1) {
          // This worker stalls past its lease; another takes the job over and finishes it.
          await t.deps.db
            .update(jobs)
            .set({ lockedUntil: new Date(Date.now() - 1) })
            .where(eq(jobs.id, ctx.id));
          await other.runUntilIdle();
          await expect(
            t.deps.db.transaction(async (tx) => {
              committed.push('first');
              await ctx.finish(tx);
            }),
          ).rejects.toThrow(/taken over/);
          committed.pop();
          return;
        }
        await t.deps.db.transaction(async (tx) => {
          committed.push('second');
          await ctx.finish(tx);
        });
      },
    });
    other = createJobRunner(quiet(), [definition]);
    const runner = createJobRunner(quiet(), [definition]);
    const id = (await enqueue(t.deps.db, 'test.slow', {}))!;
    await runner.runUntilIdle();
    expect(committed).toEqual(['second']);
    expect(await jobRow(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('runs each of many jobs exactly once with two runners claiming at the same time', async () => {
    const seen = new Map<number, number>();
    const definition = defineJob<{ n: number }>({
      type: 'test.many',
      async handle(payload) {
        seen.set(payload.n, (seen.get(payload.n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, Math.random() * 3));
      },
    });
    await enqueueMany(
      t.deps.db,
      Array.from({ length: 120 }, (_, n) => ({ type: 'test.many', payload: { n }, key: `n${n}` })),
    );
    const a = createJobRunner(t.deps, [definition], { concurrency: 3 });
    const b = createJobRunner(t.deps, [definition], { concurrency: 3 });
    const ran = await Promise.all([a.runUntilIdle(), b.runUntilIdle(), a.runUntilIdle()]);
    expect(ran.reduce((x, y) => x + y, 0)).toBe(120);
    expect(seen.size).toBe(120);
    expect([...seen.values()].every((v) => v === 1)).toBe(true);
    const statuses = await t.deps.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.type, 'test.many'));
    expect(statuses.every((s) => s.status === 'succeeded')).toBe(true);
  });

  it('polls and wakes: a started runner runs a job enqueued after it started', async () => {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const runner = createJobRunner(t.deps, [defineJob({ type: 'test.live', handle: async () => resolve() })], {
      pollMs: 5_000,
    });
    runner.start();
    try {
      await enqueue(t.deps.db, 'test.live', {});
      runner.wake();
      await done;
    } finally {
      await runner.stop();
    }
  });
});

describe('schedules', () => {
  it('reads cron in the schedule’s time zone, across a change of daylight saving time', () => {
    // Mondays 07:00 in Berlin: 06:00 UTC in winter, 05:00 UTC in summer.
    expect(nextRun('0 7 * * 1', 'Europe/Berlin', new Date('2026-03-24T00:00:00Z')).toISOString()).toBe(
      '2026-03-30T05:00:00.000Z',
    );
    expect(nextRun('0 7 * * 1', 'Europe/Berlin', new Date('2026-03-17T00:00:00Z')).toISOString()).toBe(
      '2026-03-23T06:00:00.000Z',
    );
    expect(() => nextRun('every monday', 'UTC', new Date())).toThrow();
  });

  it('enqueues a due run once even when two nodes tick together, and runs a missed series once', async () => {
    const now = new Date('2027-01-04T12:00:00Z');
    await upsertSchedule(
      t.deps.db,
      { name: 'test.weekly', type: 'test.weekly', cron: '0 7 * * 1', timeZone: 'America/New_York', payload: { a: 1 } },
      new Date('2026-12-01T00:00:00Z'),
    );
    const [schedule] = await t.deps.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.weekly'));
    expect(schedule.nextRunAt.toISOString()).toBe('2026-12-07T12:00:00.000Z');
    // Four weeks were missed; one run is enqueued for the first, and the next is after now.
    await Promise.all([enqueueDueSchedules(t.deps.db, now), enqueueDueSchedules(t.deps.db, now)]);
    await enqueueDueSchedules(t.deps.db, now);
    const runs = await t.deps.db.select().from(jobs).where(eq(jobs.type, 'test.weekly'));
    expect(runs).toHaveLength(1);
    expect(runs[0].payload).toMatchObject({ a: 1, scheduledFor: '2026-12-07T12:00:00.000Z' });
    const [after] = await t.deps.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'test.weekly'));
    expect(after.nextRunAt.toISOString()).toBe('2027-01-11T12:00:00.000Z');
  });
});

describe('admin API', () => {
  it('lists jobs with counts, retries a failed one and cancels a queued one; others get 404', async () => {
    const admin = await t.signedInUser({ isAdmin: true });
    const someone = await t.signedInUser();
    const failed = await enqueue(t.deps.db, 'test.admin', { which: 'failed' });
    const queued = await enqueue(
      t.deps.db,
      'test.admin',
      { which: 'queued' },
      { runAt: new Date(Date.now() + 3_600_000) },
    );
    await t.deps.db
      .update(jobs)
      .set({ status: 'failed', attempts: 8, lastError: 'SMTP refused', finishedAt: new Date() })
      .where(eq(jobs.id, failed!));

    expect((await someone.client.get('/api/v1/admin/jobs')).status).toBe(404);
    expect((await t.client().get('/api/v1/admin/jobs')).status).toBe(401);
    expect((await someone.client.post(`/api/v1/admin/jobs/${failed}/retry`)).status).toBe(404);

    const list = await admin.client.get('/api/v1/admin/jobs?type=test.admin');
    expect(list.status).toBe(200);
    expect(list.body.counts).toMatchObject({ failed: 1, queued: 1, running: 0 });
    expect(list.body.items.map((j: { id: number }) => j.id)).toEqual([queued, failed]);
    const onlyFailed = await admin.client.get('/api/v1/admin/jobs?status=failed&type=test.admin');
    expect(onlyFailed.body.items).toHaveLength(1);
    expect(onlyFailed.body.items[0]).toMatchObject({ id: failed, lastError: 'SMTP refused' });

    const paged = await admin.client.get('/api/v1/admin/jobs?type=test.admin&limit=1');
    expect(paged.body.items).toHaveLength(1);
    const next = await admin.client.get(`/api/v1/admin/jobs?type=test.admin&limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items[0].id).toBe(failed);
    expect((await admin.client.get('/api/v1/admin/jobs?cursor=nonsense')).body.error.code).toBe('invalid_cursor');

    const retried = await admin.client.post(`/api/v1/admin/jobs/${failed}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await admin.client.post(`/api/v1/admin/jobs/${failed}/retry`)).body.error.code).toBe('job_not_failed');

    expect((await admin.client.post(`/api/v1/admin/jobs/${queued}/cancel`)).body.status).toBe('cancelled');
    expect((await admin.client.post(`/api/v1/admin/jobs/${queued}/cancel`)).body.error.code).toBe('job_not_queued');
    expect((await admin.client.post('/api/v1/admin/jobs/99999999/retry')).status).toBe(404);

    const schedules = await admin.client.get('/api/v1/admin/job-schedules');
    expect(schedules.body.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['mail.flush', 'events.reminders']),
    );
    await t.deps.db.delete(jobs).where(inArray(jobs.id, [failed!, queued!]));
  });
});
