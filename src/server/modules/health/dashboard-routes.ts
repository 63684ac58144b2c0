import type { HealthDashboard } from '../../../common/api-types.js';
import { jobStatuses } from '../../../common/limits.js';
import { createRouter, route, send, z } from '../../platform/http.js';
import { authorizeIn } from '../communities/service.js';
import { participationModes } from '../participation/modes.js';
import { latestSnapshotJson, refreshState, requestSnapshot } from './snapshot-jobs.js';

const tag = 'Health';
const base = '/communities/{slug}/health';
const SlugParam = z.object({ slug: z.string().max(200) });

const count = z.number().int();
const share = z.number().openapi({ description: 'A fraction from 0 to 1.' });
const ModeCounts = z.object(
  Object.fromEntries(participationModes.map((m) => [m, count])) as Record<
    (typeof participationModes)[number],
    typeof count
  >,
);
const Mode = z.enum(participationModes);
const Week = z.string().openapi({ description: 'The Monday (UTC) a week starts on, YYYY-MM-DD.' });
const Month = z.string().openapi({ description: 'The first day of a month, YYYY-MM-DD.' });

export const HealthFiguresSchema = z
  .object({
    periodStart: z.string(),
    periodEnd: z.string(),
    computedAt: z.string(),
    windowDays: count,
    members: z.object({ total: count, joined: count, left: count, onBreak: count }),
    modes: z.object({
      current: ModeCounts,
      overTime: z.array(z.object({ week: Week, counts: ModeCounts })),
      flows: z.array(z.object({ from: Mode, to: Mode, count })),
      movedUp: count,
      driftedDown: count,
    }),
    activation: z.object({
      cohort: count,
      activated: count,
      rate: share,
      byMonth: z.array(z.object({ month: Month, joined: count, activated: count })),
    }),
    weeklyActive: z.array(z.object({ week: Week, count })),
    distribution: z.object({ lurkers: count, contributors: count, heavy: count }),
    concentration: z.object({
      contributors: count,
      top10Share: share,
      gini: share,
      lorenz: z.array(z.object({ people: share, share })),
    }),
    organiserLoad: z.array(
      z.object({
        kind: z.enum(['events', 'roundups', 'curation']),
        total: count,
        people: z.array(z.object({ id: z.string(), name: z.string(), count, share })),
      }),
    ),
    questions: z.object({
      asked: count,
      answered: count,
      unanswered: count,
      medianFirstReplyHours: z.number().nullable(),
      medianAcceptedHours: z.number().nullable(),
      byWeek: z.array(z.object({ week: Week, asked: count, answered: count })),
    }),
    events: z.object({
      held: count,
      rsvps: count,
      attended: count,
      noShows: count,
      attendanceRate: share,
      noShowRate: share,
    }),
    roundups: z.object({
      sent: count,
      delivered: count,
      clickers: count,
      clickRate: share,
      byTopic: z.array(z.object({ topic: z.string(), clicks: count, rate: share })),
    }),
    repertoire: z.object({
      total: count,
      added: count,
      reused: count,
      growth: z.array(z.object({ month: Month, total: count })),
    }),
    outcomes: z.object({ acceptedAnswers: count, resources: count, eventsHeld: count, wins: count }),
  })
  .openapi('HealthFigures');

export const NetworkPictureSchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        x: share,
        y: share,
        mode: Mode.nullable(),
        cluster: z.number().int().openapi({ description: '-1 for an isolated newcomer.' }),
        degree: count,
        isolatedNewcomer: z.boolean(),
        broker: z.boolean(),
      }),
    ),
    edges: z.array(z.object({ source: z.string(), target: z.string(), weight: count })),
    clusters: count,
    omitted: count,
  })
  .openapi('NetworkPicture');

const HealthRefreshSchema = z
  .object({
    jobId: count,
    status: z.enum(jobStatuses),
    progress: z.object({ done: count, total: count }).nullable(),
  })
  .openapi('HealthRefresh');

const HealthDashboardSchema = z
  .object({
    snapshot: z
      .object({ figures: HealthFiguresSchema, network: NetworkPictureSchema.nullable(), computedAt: z.string() })
      .nullable(),
    refresh: HealthRefreshSchema.nullable(),
  })
  .openapi('HealthDashboard');

/** The health dashboard: the latest stored snapshot, and asking for a fresh one. */
export function dashboardRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: base,
      tag,
      summary: 'Core and coordinators: the latest health snapshot and any refresh under way',
      description:
        'Reads the snapshot the nightly job (or a refresh) stored: figures over the last 90 days and the help network. `snapshot` is null until the first one is computed; `refresh` is the snapshot job queued or running, or one that failed since.',
      params: SlugParam,
      response: HealthDashboardSchema,
    }),
    async (c) => {
      const { db } = c.get('deps');
      const ctx = await authorizeIn(db, c.get('actor'), c.req.valid('param').slug, 'viewHealth');
      const snapshot = await latestSnapshotJson(db, ctx.community.id);
      const refresh = await refreshState(db, ctx.community.id, snapshot?.computedAt ?? null);
      // The snapshot's JSON goes out as stored (see latestSnapshotJson); the rest is small.
      const body = `{"snapshot":${snapshot?.json ?? 'null'},"refresh":${JSON.stringify(refresh satisfies HealthDashboard['refresh'])}}`;
      return c.body(body, 200, { 'content-type': 'application/json; charset=UTF-8' }) as never;
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/refresh`,
      tag,
      summary: 'Core and coordinators: compute the figures now (the job under way, if there is one)',
      description:
        'Queues a snapshot job for the community, or answers the one already queued or running. Poll GET …/health to follow its progress.',
      params: SlugParam,
      response: HealthRefreshSchema,
      status: 202,
    }),
    async (c) => {
      const deps = c.get('deps');
      const ctx = await authorizeIn(deps.db, c.get('actor'), c.req.valid('param').slug, 'viewHealth');
      return send(c, await requestSnapshot(deps, ctx.community.id), 202);
    },
  );

  return r;
}
