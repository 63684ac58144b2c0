import type { Db } from '../db/client.js';
import type { Deps } from '../platform/http.js';
import { and, inArray, lt, or, eq } from 'drizzle-orm';
import { jobs } from '../db/schema/index.js';
import {
  createJobRunner,
  defineJob,
  upsertSchedule,
  type JobDefinition,
  type RunnerOptions,
} from '../platform/jobs.js';
import { runDueReminders } from '../modules/events/reminder-worker.js';
import { ensureRoundupSchedules, roundupJobs } from '../modules/roundups/jobs.js';
import { notificationMailJobs } from '../modules/notifications/mail-jobs.js';
import { catchUpJobs } from '../modules/members/catch-up-jobs.js';
import { ensureParticipationSchedules, participationJobs } from '../modules/participation/jobs.js';
import { ensureHealthSnapshotSchedules, healthSnapshotJobs } from '../modules/health/snapshot-jobs.js';
import { ensureHealthCheckSchedules, healthCheckJobs } from '../modules/health/check-jobs.js';
import { ensureSurveySchedules, surveyJobs } from '../modules/surveys/jobs.js';

/**
 * Every job type this instance runs, and the schedules it keeps. A module adds its jobs here;
 * a type no definition handles stays queued (a newer node may know it).
 */

const systemJobs: JobDefinition<any>[] = [
  defineJob({
    type: 'mail.flush',
    maxAttempts: 3,
    async handle(_payload, ctx) {
      await ctx.deps.mailer.deliverQueued();
    },
  }),
  defineJob<{ origin?: string }>({
    type: 'events.reminders',
    maxAttempts: 3,
    async handle(payload, ctx) {
      const run = await runDueReminders(ctx.deps, { origin: payload.origin });
      if (run.sent || run.stale || run.dropped)
        ctx.deps.logger.info({ event: 'reminders.run', ...run }, 'reminders run');
    },
  }),
  defineJob({
    type: 'jobs.prune',
    maxAttempts: 3,
    async handle(_payload, ctx) {
      // Finished jobs are kept a week (failed ones a month) for the admin page, then dropped.
      const day = 86_400_000;
      await ctx.deps.db
        .delete(jobs)
        .where(
          or(
            and(
              inArray(jobs.status, ['succeeded', 'cancelled']),
              lt(jobs.finishedAt, new Date(ctx.now.getTime() - 7 * day)),
            ),
            and(eq(jobs.status, 'failed'), lt(jobs.finishedAt, new Date(ctx.now.getTime() - 30 * day))),
          ),
        );
    },
  }),
];

export const jobDefinitions: JobDefinition<any>[] = [
  ...systemJobs,
  ...roundupJobs,
  ...notificationMailJobs,
  ...catchUpJobs,
  ...participationJobs,
  ...healthSnapshotJobs,
  ...healthCheckJobs,
  ...surveyJobs,
];

/** The schedules every instance has; idempotent, run at each start. */
export async function ensureSchedules(db: Db, options: { origin?: string } = {}) {
  const everyMinute = '* * * * *';
  await upsertSchedule(db, { name: 'mail.flush', type: 'mail.flush', cron: everyMinute, timeZone: 'UTC' });
  await upsertSchedule(db, {
    name: 'events.reminders',
    type: 'events.reminders',
    payload: options.origin ? { origin: options.origin } : {},
    cron: everyMinute,
    timeZone: 'UTC',
  });
  await upsertSchedule(db, {
    name: 'notifications.sweep',
    type: 'notifications.sweep',
    payload: options.origin ? { origin: options.origin } : {},
    cron: everyMinute,
    timeZone: 'UTC',
  });
  await ensureRoundupSchedules(db);
  await ensureParticipationSchedules(db);
  await ensureHealthSnapshotSchedules(db);
  await ensureHealthCheckSchedules(db);
  await ensureSurveySchedules(db);
  await upsertSchedule(db, { name: 'jobs.prune', type: 'jobs.prune', cron: '17 3 * * *', timeZone: 'UTC' });
}

export function createRunner(deps: Deps, options?: RunnerOptions) {
  return createJobRunner(deps, jobDefinitions, options);
}
