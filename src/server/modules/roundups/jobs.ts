import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { roundupSchedule } from './schedule.js';
import { activityEvents, communities, memberships, roundupDeliveries, roundups, users } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import type { Deps } from '../../platform/http.js';
import { defineJob, enqueueMany, JobLost, upsertSchedule, type JobDefinition } from '../../platform/jobs.js';
import { renderFor } from './render.js';
import * as repo from './repo.js';
import { draftRoundup, preparedRoundup, validZone } from './service.js';

/**
 * Round-up jobs:
 * - `roundup.draft` — weekly per community (Monday 07:00 in its time zone): drafts last week's.
 * - `roundup.send` — fans a round-up out: one delivery row and one `roundup.deliver` job per
 *   recipient, in chunks, safe to run again after a stop (rows and job keys are unique).
 * - `roundup.deliver` — one member's copy: rendered, handed to SMTP with a fixed Message-ID,
 *   then marked sent in the transaction that finishes the job. SMTP down: the job retries.
 * - `roundup.schedules` — keeps one draft schedule per community (new communities, changed zones).
 */

const FANOUT_CHUNK = 1000;
const DELIVER_ATTEMPTS = 12;

const originOf = (deps: Deps, origin?: unknown) =>
  (typeof origin === 'string' && origin ? origin : (deps.config.publicUrl ?? 'http://localhost:3000')).replace(
    /\/$/,
    '',
  );

/** A Message-ID that is the same every time this member's copy is sent. */
export function messageIdFor(roundupId: string, userId: string, origin: string): string {
  return `<roundup.${roundupId}.${userId}@${hostOf(origin)}>`;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname || 'commonplace.local';
  } catch {
    return 'commonplace.local';
  }
}

/** One draft schedule per community, at Monday 07:00 in its time zone; idempotent. */
export async function ensureRoundupSchedules(db: Db): Promise<void> {
  const rows = await db.select({ id: communities.id, timeZone: communities.timeZone }).from(communities);
  for (const c of rows) await upsertSchedule(db, roundupSchedule({ id: c.id, timeZone: validZone(c.timeZone) }));
  await upsertSchedule(db, {
    name: 'roundup.schedules',
    type: 'roundup.schedules',
    cron: '*/15 * * * *',
    timeZone: 'UTC',
  });
}

const draftJob = defineJob<{ communityId: string }>({
  type: 'roundup.draft',
  maxAttempts: 5,
  async handle(payload, ctx) {
    await draftRoundup(ctx.deps, payload.communityId, ctx.now);
  },
});

const schedulesJob = defineJob<Record<string, never>>({
  type: 'roundup.schedules',
  maxAttempts: 3,
  async handle(_payload, ctx) {
    await ensureRoundupSchedules(ctx.deps.db);
  },
});

const sendJob = defineJob<{ roundupId: string; origin?: string }>({
  type: 'roundup.send',
  leaseMs: 10 * 60_000,
  async handle(payload, ctx) {
    const { db } = ctx.deps;
    const origin = originOf(ctx.deps, payload.origin);
    // A scheduled round-up starts sending now; one called off in the meantime is left alone.
    const [roundup] = await db
      .update(roundups)
      .set({ status: 'sending' })
      .where(and(eq(roundups.id, payload.roundupId), inArray(roundups.status, ['scheduled', 'sending'])))
      .returning();
    if (!roundup) return;
    const total = await repo.audienceCount(db, roundup.communityId);
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await repo.recipientPage(db, roundup.communityId, after, FANOUT_CHUNK);
      if (ids.length === 0) break;
      await db.transaction(async (tx) => {
        await tx
          .insert(roundupDeliveries)
          .values(
            ids.map((userId) => ({
              roundupId: roundup.id,
              userId,
              messageId: messageIdFor(roundup.id, userId, origin),
            })),
          )
          .onConflictDoNothing();
        await enqueueMany(
          tx,
          ids.map((userId) => ({
            type: repo.DELIVER_JOB,
            payload: { roundupId: roundup.id, userId, origin },
            key: repo.deliverKey(roundup.id, userId),
            communityId: roundup.communityId,
            maxAttempts: DELIVER_ATTEMPTS,
          })),
        );
      });
      ctx.deps.jobs.wake();
      done += ids.length;
      after = ids[ids.length - 1];
      await ctx.progress(done, Math.max(done, total));
      if (ids.length < FANOUT_CHUNK) break;
    }
    await db.transaction(async (tx) => {
      const [{ n }] = await tx
        .select({ n: count() })
        .from(roundupDeliveries)
        .where(eq(roundupDeliveries.roundupId, roundup.id));
      await tx
        .update(roundups)
        .set({
          status: 'sent',
          sentAt: sql`coalesce(${roundups.sentAt}, ${ctx.now.toISOString()}::timestamptz)`,
          recipientCount: Number(n),
        })
        .where(eq(roundups.id, roundup.id));
      await recordActivity(tx, {
        actorId: roundup.sentBy,
        communityId: roundup.communityId,
        verb: 'roundup.sent',
        objectType: 'roundup',
        objectId: roundup.id,
        data: { recipients: Number(n) },
      });
      await ctx.finish(tx);
    });
  },
});

/** A copy, its round-up and community, and the member as they are now: one prepared query per copy. */
const copyQuery = (db: Db) =>
  prepared(
    db,
    'roundup_copy',
    (d) =>
      d
        .select({
          delivery: roundupDeliveries,
          roundup: roundups,
          community: { id: communities.id, name: communities.name, slug: communities.slug },
          profile: repo.profileColumns,
        })
        .from(roundupDeliveries)
        .innerJoin(roundups, eq(roundups.id, roundupDeliveries.roundupId))
        .innerJoin(communities, eq(communities.id, roundups.communityId))
        .leftJoin(
          memberships,
          and(eq(memberships.communityId, roundups.communityId), eq(memberships.userId, roundupDeliveries.userId)),
        )
        .leftJoin(users, eq(users.id, roundupDeliveries.userId))
        .where(
          and(
            eq(roundupDeliveries.roundupId, sql.placeholder('roundupId')),
            eq(roundupDeliveries.userId, sql.placeholder('userId')),
          ),
        )
        .prepare('roundup_copy'),
    { plan: 'once' },
  );

const deliverJob = defineJob<{ roundupId: string; userId: string; origin?: string }>({
  type: repo.DELIVER_JOB,
  maxAttempts: DELIVER_ATTEMPTS,
  // Longer than the SMTP timeouts (10 s to connect, 10 s to greet, 20 s idle), so a live
  // attempt is never taken over; short, so a copy a killed process held goes out soon after.
  leaseMs: 45_000,
  async handle(payload, ctx) {
    const { db } = ctx.deps;
    const origin = originOf(ctx.deps, payload.origin);
    // One query for the copy, its round-up and community, and the member as they are now.
    const [row] = await copyQuery(db).execute({ roundupId: payload.roundupId, userId: payload.userId });
    if (!row) return;
    const { delivery, roundup, community, profile } = row;
    if (delivery.status === 'sent' || delivery.status === 'skipped') return;
    const mine = and(eq(roundupDeliveries.roundupId, roundup.id), eq(roundupDeliveries.userId, payload.userId));
    const mayReceive =
      !!profile?.userId &&
      profile.status === 'active' &&
      !!profile.roundupEmail &&
      !profile.disabledAt &&
      !!profile.email &&
      roundup.status !== 'cancelled';
    if (!mayReceive) {
      await db.transaction(async (tx) => {
        await tx.update(roundupDeliveries).set({ status: 'skipped' }).where(mine);
        await ctx.finish(tx);
      });
      return;
    }
    const prepared = await preparedRoundup(db, roundup, community, origin);
    const mail = renderFor(prepared, {
      userId: profile.userId!,
      name: profile.name!,
      interests: profile.interests ?? [],
      expertise: profile.expertise ?? [],
      learningFormats: profile.learningFormats ?? [],
    });
    // A copy whose process stops after the SMTP server took it, before it is recorded below, is
    // sent again when its lease runs out: with the same Message-ID, so mail clients show it once.
    try {
      await ctx.deps.mailer.sendNow({
        to: profile.email!,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        kind: 'roundup',
        messageId: delivery.messageId,
        headers: {
          'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'List-Id': `${community.name.replace(/[<>"\r\n]/g, '')} round-up <roundup.${community.slug}.${hostOf(origin)}>`,
          Precedence: 'bulk',
          'Auto-Submitted': 'auto-generated',
        },
      });
    } catch (err) {
      const last = ctx.attempts >= DELIVER_ATTEMPTS;
      await db
        .update(roundupDeliveries)
        .set({
          status: last ? 'failed' : 'queued',
          attempts: ctx.attempts,
          error: String(err instanceof Error ? err.message : err).slice(0, 1000),
        })
        .where(mine);
      throw err;
    }
    // Recorded in one statement (atomic without a transaction, one round trip): the copy is
    // sent, the round-up counts it, the member's activity shows it, and the job is finished —
    // only while this worker still holds the job.
    const result = await db.execute(sql`
      with job as (${ctx.completion()}),
      sent as (
        update ${roundupDeliveries}
        set status = 'sent', sent_at = now(), error = null, attempts = ${ctx.attempts}
        where roundup_id = ${roundup.id} and user_id = ${payload.userId} and status <> 'sent'
          and exists (select 1 from job)
        returning user_id
      ),
      counted as (
        update ${roundups} set delivered_count = delivered_count + 1
        where id = ${roundup.id} and exists (select 1 from sent)
      ),
      logged as (
        insert into ${activityEvents} (actor_id, community_id, verb, object_type, object_id)
        select user_id, ${community.id}, 'roundup.received', 'roundup', ${roundup.id} from sent
      )
      select count(*)::int as finished from job`);
    const rows = (result as unknown as { rows: { finished: number }[] }).rows;
    if (!rows?.[0]?.finished) throw new JobLost(`round-up copy ${roundup.id}/${payload.userId} was taken over`);
    ctx.finished();
  },
});

export const roundupJobs: JobDefinition<any>[] = [draftJob, schedulesJob, sendJob, deliverJob];
