import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Conn, Db } from '../../db/client.js';
import { communities, memberships, users } from '../../db/schema/index.js';
import { defineJob, upsertSchedule, type JobDefinition, type ScheduleInput } from '../../platform/jobs.js';
import { currentStatuses } from '../../platform/policy.js';
import { announce, notifyHealthCheck } from '../notifications/service.js';
import { validZone } from '../roundups/service.js';
import { runHealthCheck } from './check.js';

/**
 * Health check jobs:
 * - `health.check` — runs the weekly check for one community (payload `{ communityId }`), on its
 *   schedule or when a coordinator asks for it now. Running it twice in a week brings that week's
 *   check up to date rather than making a second one. When a run finds something the check did
 *   not have before, the community's coordinators are told (`health_check` notification).
 * - `health.check.schedules` — keeps one weekly schedule per community (new communities, changed
 *   time zones), hourly.
 */

export const HEALTH_CHECK_JOB = 'health.check';

/** Mondays at 08:00 in the community's time zone: an hour after the round-up is drafted. */
export const HEALTH_CHECK_CRON = '0 8 * * 1';

/** The schedule of one community's weekly check; each run is a job keyed by its time, so once a week. */
export const healthCheckSchedule = (community: { id: string; timeZone: string }): ScheduleInput => ({
  name: `${HEALTH_CHECK_JOB}:${community.id}`,
  type: HEALTH_CHECK_JOB,
  payload: { communityId: community.id },
  cron: HEALTH_CHECK_CRON,
  timeZone: validZone(community.timeZone),
  communityId: community.id,
});

/** One weekly check schedule per community; idempotent, run at each start and hourly. */
export async function ensureHealthCheckSchedules(db: Db): Promise<void> {
  const rows = await db.select({ id: communities.id, timeZone: communities.timeZone }).from(communities);
  for (const c of rows) await upsertSchedule(db, healthCheckSchedule(c));
  await upsertSchedule(db, {
    name: 'health.check.schedules',
    type: 'health.check.schedules',
    cron: '7 * * * *',
    timeZone: 'UTC',
  });
}

/**
 * The community's current coordinators, whose accounts work: they steer its health. Mail goes
 * only to those who still may when it is sent (the mail job asks the policy again).
 */
async function coordinatorIds(db: Conn, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, communityId),
        eq(memberships.role, 'coordinator'),
        inArray(memberships.status, [...currentStatuses]),
        isNull(users.disabledAt),
      ),
    );
  return rows.map((r) => r.id);
}

const checkJob = defineJob<{ communityId: string }>({
  type: HEALTH_CHECK_JOB,
  maxAttempts: 3,
  leaseMs: 10 * 60_000,
  async handle(payload, ctx) {
    const { db, logger } = ctx.deps;
    const [community] = await db
      .select({ id: communities.id })
      .from(communities)
      .where(eq(communities.id, payload.communityId));
    // A community deleted since the job was queued has nothing left to check.
    if (!community) return;
    let notified: string[] = [];
    // The notification and the job's end are written with the findings: a run that fails is
    // retried whole, and one that succeeded has told the coordinators exactly once.
    const result = await runHealthCheck(db, community.id, ctx.now, {
      async finish(tx, outcome) {
        if (outcome.newFindings > 0) {
          notified = await notifyHealthCheck(tx, {
            communityId: community.id,
            userIds: await coordinatorIds(tx, community.id),
            at: ctx.now,
          });
        }
        await ctx.finish(tx);
      },
    });
    if (notified.length) await announce(ctx.deps, notified);
    logger.info(
      { event: 'health.checked', communityId: community.id, ...result },
      `health check: ${result.findings} findings, ${result.newFindings} new`,
    );
  },
});

const schedulesJob = defineJob<Record<string, never>>({
  type: 'health.check.schedules',
  maxAttempts: 3,
  async handle(_payload, ctx) {
    await ensureHealthCheckSchedules(ctx.deps.db);
  },
});

export const healthCheckJobs: JobDefinition<any>[] = [checkJob, schedulesJob];
