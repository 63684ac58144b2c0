import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { jobStatuses } from '../../../common/limits.js';
import { communities, jobSchedules, jobs } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { conflict, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, paginate } from '../../platform/cursor.js';
import { createRouter, route, send, z } from '../../platform/http.js';
import { requireAdmin } from '../../platform/policy.js';

const tag = 'Admin';

const JobSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  status: z.enum(jobStatuses),
  key: z.string().nullable(),
  communitySlug: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const JobListSchema = z.object({
  counts: z.record(z.enum(jobStatuses), z.number().int()),
  items: z.array(JobSchema),
  nextCursor: z.string().nullable(),
});

const ScheduleSchema = z.object({
  name: z.string(),
  type: z.string(),
  cron: z.string(),
  timeZone: z.string(),
  communitySlug: z.string().nullable(),
  enabled: z.boolean(),
  nextRunAt: z.string(),
  lastRunAt: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type JobRow = typeof jobs.$inferSelect & { communitySlug: string | null };
const present = (j: JobRow) => ({
  id: j.id,
  type: j.type,
  status: j.status as (typeof jobStatuses)[number],
  key: j.key,
  communitySlug: j.communitySlug,
  payload: j.payload,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  runAt: j.runAt.toISOString(),
  lastError: j.lastError,
  progress: j.progress ?? null,
  createdAt: j.createdAt.toISOString(),
  startedAt: iso(j.startedAt),
  finishedAt: iso(j.finishedAt),
});

const JobParams = z.object({ id: z.coerce.number().int().positive() });

/** The job queue as the instance admin sees it: what waits, runs and failed; retry and cancel. */
export function jobRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/admin/jobs',
      tag,
      summary: 'Jobs, newest first',
      query: z.object({
        status: z.enum(jobStatuses).optional(),
        type: z.string().max(100).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: JobListSchema,
    }),
    async (c) => {
      requireAdmin(c.get('actor'));
      const { status, type, cursor, limit } = c.req.valid('query');
      const db = c.get('deps').db;
      const where: SQL[] = [];
      if (status) where.push(eq(jobs.status, status));
      if (type) where.push(eq(jobs.type, type));
      if (cursor)
        where.push(
          lt(
            jobs.id,
            decodeCursor(cursor, ([id]) => (Number.isInteger(id) ? (id as number) : null)),
          ),
        );
      const rows = await db
        .select({ job: jobs, communitySlug: communities.slug })
        .from(jobs)
        .leftJoin(communities, eq(communities.id, jobs.communityId))
        .where(and(...where))
        .orderBy(desc(jobs.id))
        .limit(limit + 1);
      const { page, nextCursor } = paginate(rows, limit, (last) => encodeCursor([last.job.id]));
      const countRows = await db
        .select({ status: jobs.status, n: sql<number>`count(*)::int` })
        .from(jobs)
        .where(type ? eq(jobs.type, type) : undefined)
        .groupBy(jobs.status);
      const counts = Object.fromEntries(jobStatuses.map((s) => [s, 0])) as Record<(typeof jobStatuses)[number], number>;
      for (const row of countRows) counts[row.status as keyof typeof counts] = Number(row.n);
      return send(c, {
        counts,
        items: page.map((row) => present({ ...row.job, communitySlug: row.communitySlug })),
        nextCursor,
      });
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/admin/jobs/{id}/retry',
      tag,
      summary: 'Run a failed job again',
      description:
        'Queues a failed (or cancelled) job to run now, with a fresh set of attempts. 409 `job_not_failed` otherwise.',
      params: JobParams,
      response: JobSchema,
    }),
    async (c) => {
      const admin = requireAdmin(c.get('actor'));
      const { id } = c.req.valid('param');
      const deps = c.get('deps');
      const job = await deps.db.transaction(async (tx) => {
        const [found] = await tx.select().from(jobs).where(eq(jobs.id, id)).for('update');
        if (!found) throw notFound();
        if (found.status !== 'failed' && found.status !== 'cancelled')
          throw conflict('job_not_failed', 'Only a failed or cancelled job can be retried.');
        const [updated] = await tx
          .update(jobs)
          .set({
            status: 'queued',
            attempts: 0,
            runAt: new Date(),
            finishedAt: null,
            lockToken: null,
            lockedUntil: null,
          })
          .where(eq(jobs.id, id))
          .returning();
        await recordActivity(tx, {
          actorId: admin.id,
          communityId: updated.communityId,
          verb: 'retried_job',
          objectType: 'job',
          objectId: String(id),
          data: { type: updated.type },
        });
        return updated;
      });
      deps.jobs.wake();
      return send(c, present({ ...job, communitySlug: await slugOf(deps.db, job.communityId) }));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/admin/jobs/{id}/cancel',
      tag,
      summary: 'Cancel a queued job',
      description: 'Only a job that waits can be cancelled: 409 `job_not_queued` otherwise.',
      params: JobParams,
      response: JobSchema,
    }),
    async (c) => {
      const admin = requireAdmin(c.get('actor'));
      const { id } = c.req.valid('param');
      const db = c.get('deps').db;
      const job = await db.transaction(async (tx) => {
        const [found] = await tx.select().from(jobs).where(eq(jobs.id, id)).for('update');
        if (!found) throw notFound();
        if (found.status !== 'queued') throw conflict('job_not_queued', 'Only a queued job can be cancelled.');
        const [updated] = await tx
          .update(jobs)
          .set({ status: 'cancelled', finishedAt: new Date() })
          .where(eq(jobs.id, id))
          .returning();
        await recordActivity(tx, {
          actorId: admin.id,
          communityId: updated.communityId,
          verb: 'cancelled_job',
          objectType: 'job',
          objectId: String(id),
          data: { type: updated.type },
        });
        return updated;
      });
      return send(c, present({ ...job, communitySlug: await slugOf(db, job.communityId) }));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/admin/job-schedules',
      tag,
      summary: 'Recurring jobs',
      response: z.array(ScheduleSchema),
    }),
    async (c) => {
      requireAdmin(c.get('actor'));
      const rows = await c
        .get('deps')
        .db.select({ schedule: jobSchedules, communitySlug: communities.slug })
        .from(jobSchedules)
        .leftJoin(communities, eq(communities.id, jobSchedules.communityId))
        .orderBy(jobSchedules.nextRunAt, jobSchedules.name);
      return send(
        c,
        rows.map(({ schedule: s, communitySlug }) => ({
          name: s.name,
          type: s.type,
          cron: s.cron,
          timeZone: s.timeZone,
          communitySlug,
          enabled: s.enabled,
          nextRunAt: s.nextRunAt.toISOString(),
          lastRunAt: iso(s.lastRunAt),
        })),
      );
    },
  );

  return r;
}

async function slugOf(db: Parameters<typeof recordActivity>[0], communityId: string | null) {
  if (!communityId) return null;
  const [row] = await db.select({ slug: communities.slug }).from(communities).where(eq(communities.id, communityId));
  return row?.slug ?? null;
}
