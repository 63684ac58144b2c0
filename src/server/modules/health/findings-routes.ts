import { createRouter, route, send, z } from '../../platform/http.js';
import * as service from './findings-service.js';

const tag = 'Health check';
const base = '/communities/{slug}/health';

/** Ids in paths are plain strings checked by the service: a malformed id answers 404 like a missing one. */
const Slug = z.string().max(200);
const FindingParams = z.object({ slug: Slug, id: z.string().max(100).openapi({ description: 'A uuid.' }) });
const RunParams = z.object({ slug: Slug, jobId: z.string().max(20).openapi({ description: 'A job id.' }) });

const NOTE_MAX = 2000;

const Person = z.object({ id: z.string(), name: z.string() }).openapi('HealthPersonRef');

export const FindingSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: 'unanswered_topic' }),
    key: z.string().openapi({ example: 'unanswered_topic:Testing' }),
    severity: z.enum(['high', 'medium', 'low']),
    title: z.string(),
    evidence: z.record(z.string(), z.unknown()).openapi({ description: 'Figures and lists; shape by kind.' }),
    action: z.string(),
    people: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        part: z.string().openapi({ description: '`subject` or `suggested`.' }),
        path: z.string().nullable().openapi({ description: 'Their member profile in the web app.' }),
      }),
    ),
    status: z.enum(['open', 'acted', 'dismissed']),
    decidedBy: Person.nullable(),
    decidedAt: z.string().nullable(),
    note: z.string(),
    createdAt: z.string(),
  })
  .openapi('HealthFinding');

const RunSchema = z
  .object({
    jobId: z.number().int(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    progress: z.object({ done: z.number(), total: z.number() }).nullable(),
    queuedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('HealthCheckRun');

const CheckSchema = z
  .object({
    check: z.object({ id: z.string(), week: z.string(), ranAt: z.string(), findingCount: z.number().int() }).nullable(),
    findings: z.array(FindingSchema),
    weeks: z.array(
      z.object({
        week: z.string(),
        ranAt: z.string(),
        total: z.number().int(),
        open: z.number().int(),
        acted: z.number().int(),
        dismissed: z.number().int(),
      }),
    ),
    running: RunSchema.nullable(),
    abilities: z.object({ steer: z.boolean() }),
  })
  .openapi('HealthCheck');

const WeekQuery = z.object({
  week: z.iso
    .date()
    .optional()
    .openapi({ description: 'The Monday of an earlier week (YYYY-MM-DD); the latest week when left out.' }),
});

const ActInput = z
  .strictObject({
    note: z
      .string()
      .trim()
      .min(1)
      .max(NOTE_MAX)
      .openapi({ description: 'What was done, in a sentence or two.', example: 'Asked Ana and Ben to answer.' }),
  })
  .openapi('HealthFindingAct');

const DismissInput = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .max(NOTE_MAX)
      .optional()
      .openapi({ description: 'Why it does not need doing (optional).' }),
  })
  .openapi('HealthFindingDismiss');

/**
 * The weekly health check's page: one week's findings (core group and coordinators), what
 * coordinators decide about each (acted on, dismissed, reopened; each logged), and running the
 * check now.
 */
export function findingsRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: `${base}/check`,
      tag,
      summary: 'Core group and coordinators: the latest weekly check (or `week`’s) with its findings',
      description:
        'Findings come open first, then acted on, then dismissed, the most severe first within each. `weeks` lists every week a check ran, with counts; `running` is a run queued or under way. A `week` without a check answers 404 `check_not_found`.',
      params: z.object({ slug: Slug }),
      query: WeekQuery,
      response: CheckSchema,
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      return send(c, await service.viewCheck(c.get('deps'), c.get('actor'), slug, c.req.valid('query').week));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/findings/{id}/act`,
      tag,
      summary: 'Coordinators: mark a finding acted on, saying what was done (logged)',
      description:
        'Only an open finding: a dismissed one answers 409 `finding_already_dismissed`, one acted on 409 `finding_already_acted`.',
      params: FindingParams,
      body: ActInput,
      response: FindingSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      return send(c, await service.decide(c.get('deps'), c.get('actor'), slug, id, { to: 'acted', note }));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/findings/{id}/dismiss`,
      tag,
      summary: 'Coordinators: dismiss a finding, with an optional reason (logged)',
      description: 'Only an open finding, as for acting on one.',
      params: FindingParams,
      body: DismissInput,
      response: FindingSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const reason = c.req.valid('json').reason ?? '';
      return send(c, await service.decide(c.get('deps'), c.get('actor'), slug, id, { to: 'dismissed', reason }));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/findings/{id}/reopen`,
      tag,
      summary: 'Coordinators: put a finding acted on or dismissed back among the open ones',
      description:
        'An open finding answers 409 `finding_already_open`. The earlier decision stays in the activity log.',
      params: FindingParams,
      response: FindingSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.reopen(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/check/run`,
      tag,
      summary: 'Coordinators: run the check now; answers the queued run (or the one already under way)',
      params: z.object({ slug: Slug }),
      response: RunSchema,
      status: 202,
    }),
    async (c) => send(c, await service.runNow(c.get('deps'), c.get('actor'), c.req.valid('param').slug), 202),
  );

  r.openapi(
    route({
      method: 'get',
      path: `${base}/check/run/{jobId}`,
      tag,
      summary: 'Core group and coordinators: how a run of the check is going',
      params: RunParams,
      response: RunSchema,
    }),
    async (c) => {
      const { slug, jobId } = c.req.valid('param');
      return send(c, await service.runState(c.get('deps'), c.get('actor'), slug, jobId));
    },
  );

  return r;
}
