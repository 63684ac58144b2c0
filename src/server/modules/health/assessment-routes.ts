import { createRouter, route, send } from '../../platform/http.js';
import * as s from './assessment-schema.js';
import * as service from './assessment-service.js';

const tag = 'Health';
const list = '/communities/{slug}/health/assessments';

/**
 * The quarterly assessment: core and coordinators read the history and each assessment with the
 * change since the one before; coordinators draft and save the current quarter's.
 */
export function assessmentRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: list,
      tag,
      summary: 'Core and coordinators: the community’s assessments, latest quarter first, with the stages',
      params: s.AssessmentsParams,
      response: s.AssessmentListSchema,
    }),
    async (c) => send(c, await service.listAssessments(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  // Before `{quarter}`, which would otherwise read "draft" as a malformed quarter.
  r.openapi(
    route({
      method: 'get',
      path: `${list}/draft`,
      tag,
      summary:
        'Coordinators: what filling in a quarter’s assessment needs — the guided questions, the figures so far, the proposed stage and the last assessment',
      params: s.AssessmentsParams,
      query: s.DraftQuery,
      response: s.AssessmentDraftSchema,
    }),
    async (c) =>
      send(
        c,
        await service.draftAssessment(
          c.get('deps'),
          c.get('actor'),
          c.req.valid('param').slug,
          c.req.valid('query').quarter,
        ),
      ),
  );

  r.openapi(
    route({
      method: 'get',
      path: `${list}/{quarter}`,
      tag,
      summary: 'Core and coordinators: one quarter’s assessment and what changed since the one before',
      params: s.AssessmentParams,
      response: s.AssessmentDetailSchema,
    }),
    async (c) => {
      const { slug, quarter } = c.req.valid('param');
      return send(c, await service.getAssessment(c.get('deps'), c.get('actor'), slug, quarter));
    },
  );

  r.openapi(
    route({
      method: 'put',
      path: `${list}/{quarter}`,
      tag,
      summary:
        'Coordinators: save a quarter’s assessment (the current quarter, or the last one for 30 days after it ends); a stage other than the proposed one needs a note',
      params: s.AssessmentParams,
      body: s.AssessmentInput,
      response: s.AssessmentDetailSchema,
    }),
    async (c) => {
      const { slug, quarter } = c.req.valid('param');
      return send(c, await service.saveAssessment(c.get('deps'), c.get('actor'), slug, quarter, c.req.valid('json')));
    },
  );

  return r;
}
