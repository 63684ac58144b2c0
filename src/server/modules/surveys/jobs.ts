import type { Db } from '../../db/client.js';
import { recordActivities } from '../../platform/activity.js';
import { defineJob, upsertSchedule, type JobDefinition } from '../../platform/jobs.js';
import { announce, notifySurvey } from '../notifications/service.js';
import { standing } from './present.js';
import * as repo from './repo.js';
import { SEND_JOB } from './service.js';

/**
 * Survey jobs:
 * - `survey.send` — one per survey, enqueued when it is sent: asks every current member (but
 *   the sender) to answer it, with a notification that the notification mail then sends by each
 *   member's mail preference. In chunks; running it again asks nobody twice.
 * - `survey.close` — every five minutes: writes down the closing of surveys whose closing time
 *   has passed. Reads already treat such a survey as closed from that very moment, and answers
 *   are refused then; the sweep only makes the stored status catch up (lists, counts, reports).
 */

const FANOUT_CHUNK = 1000;
const CLOSE_JOB = 'survey.close';

export async function ensureSurveySchedules(db: Db): Promise<void> {
  await upsertSchedule(db, { name: CLOSE_JOB, type: CLOSE_JOB, cron: '*/5 * * * *', timeZone: 'UTC' });
}

const sendJob = defineJob<{ surveyId: string; senderId?: string | null }>({
  type: SEND_JOB,
  leaseMs: 10 * 60_000,
  async handle(payload, ctx) {
    const { db } = ctx.deps;
    const survey = await repo.findSurveyById(db, payload.surveyId);
    // Gone, or closed before anyone was asked: nothing to ask.
    if (!survey?.sentAt || standing(survey, ctx.now).status !== 'open') return;
    const total = await repo.audienceNow(db, survey.communityId);
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await repo.audiencePage(db, survey.communityId, after, FANOUT_CHUNK);
      if (ids.length === 0) break;
      const notified = await db.transaction((tx) =>
        notifySurvey(tx, {
          communityId: survey.communityId,
          userIds: ids,
          actorId: payload.senderId ?? null,
          since: survey.sentAt!,
          at: ctx.now,
        }),
      );
      await announce(ctx.deps, notified);
      done += ids.length;
      after = ids[ids.length - 1];
      await ctx.progress(done, Math.max(done, total));
      if (ids.length < FANOUT_CHUNK) break;
    }
  },
});

const closeJob = defineJob<Record<string, never>>({
  type: CLOSE_JOB,
  maxAttempts: 3,
  async handle(_payload, ctx) {
    const closed = await ctx.deps.db.transaction(async (tx) => {
      const rows = await repo.closeDue(tx, ctx.now);
      for (const r of rows) if (r.anonymous) await repo.reshuffleResponses(tx, r.id);
      await recordActivities(
        tx,
        rows.map((r) => ({
          actorId: null,
          communityId: r.communityId,
          verb: 'survey.closed',
          objectType: 'survey',
          objectId: r.id,
        })),
      );
      return rows;
    });
    if (closed.length) ctx.deps.logger.info({ event: 'surveys.closed', count: closed.length }, 'surveys closed');
  },
});

export const surveyJobs: JobDefinition<any>[] = [sendJob, closeJob];
