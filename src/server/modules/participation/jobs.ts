import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { communities } from '../../db/schema/index.js';
import { defineJob, enqueueMany, upsertSchedule, type JobDefinition } from '../../platform/jobs.js';
import { recomputeModes } from './recompute.js';

/**
 * Participation jobs:
 * - `participation.nightly` — one schedule per instance (02:30 UTC): enqueues a recompute for
 *   every community that has current members.
 * - `participation.recompute` — one community's modes, keyed by community and day, so a second
 *   enqueue the same day (another node, a retry of the nightly job) adds nothing.
 * Members' own pages keep their rows fresh in between; this catches everyone who did not look.
 */

export const RECOMPUTE_JOB = 'participation.recompute';

/** The key of a community's recompute on a given (UTC) day. */
export const recomputeKey = (communityId: string, at: Date) => `${communityId}@${at.toISOString().slice(0, 10)}`;

const recomputeJob = defineJob<{ communityId: string }>({
  type: RECOMPUTE_JOB,
  maxAttempts: 3,
  leaseMs: 10 * 60_000,
  async handle(payload, ctx) {
    const result = await recomputeModes(ctx.deps.db, payload.communityId, ctx.now);
    ctx.deps.logger.info(
      { event: 'participation.recomputed', communityId: payload.communityId, ...result },
      'modes recomputed',
    );
  },
});

const nightlyJob = defineJob<Record<string, unknown>>({
  type: 'participation.nightly',
  maxAttempts: 3,
  async handle(_payload, ctx) {
    const { db } = ctx.deps;
    const rows = await db
      .select({ id: communities.id })
      .from(communities)
      .where(sql`${communities.memberCount} > 0`);
    const added = await enqueueMany(
      db,
      rows.map((c) => ({
        type: RECOMPUTE_JOB,
        payload: { communityId: c.id },
        key: recomputeKey(c.id, ctx.now),
        runAt: ctx.now,
        communityId: c.id,
        maxAttempts: 3,
      })),
    );
    if (added) ctx.deps.jobs.wake();
  },
});

/** One nightly schedule for the whole instance; idempotent, run at each start. */
export async function ensureParticipationSchedules(db: Db): Promise<void> {
  await upsertSchedule(db, {
    name: 'participation.nightly',
    type: 'participation.nightly',
    cron: '30 2 * * *',
    timeZone: 'UTC',
  });
}

export const participationJobs: JobDefinition<any>[] = [recomputeJob, nightlyJob];
