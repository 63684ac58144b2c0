import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Surveys';
const list = '/communities/{slug}/surveys';
const one = `${list}/{id}`;

/**
 * Short surveys: coordinators build, send and close them and read their results; current
 * members answer each once. Anonymous surveys keep no link between a member and their answers.
 */
export function surveyRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: list,
      tag,
      summary:
        'Coordinators: every survey, with response counts. Members: open surveys and the ones they answered, newest first',
      params: SlugParam,
      response: s.SurveyListSchema,
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: list,
      tag,
      summary: 'Coordinators: start a draft survey with its questions (1–30)',
      params: SlugParam,
      body: s.SurveyInput,
      response: s.SurveySchema,
      status: 201,
    }),
    async (c) =>
      send(c, await service.create(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json')), 201),
  );

  r.openapi(
    route({
      method: 'get',
      path: one,
      tag,
      summary: 'A survey and its questions: coordinators any, members an open one or one they answered',
      params: s.SurveyParams,
      response: s.SurveySchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.get(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary:
        'Coordinators: edit a survey that is not closed; questions (replaced whole) and anonymity only while it is a draft',
      params: s.SurveyParams,
      body: s.SurveyPatch,
      response: s.SurveySchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.update(c.get('deps'), c.get('actor'), slug, id, c.req.valid('json')));
    },
  );

  r.openapi(
    route({
      method: 'delete',
      path: one,
      tag,
      summary: 'Coordinators: delete a draft (a survey once sent answers 409 `survey_sent`)',
      params: s.SurveyParams,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await service.remove(c.get('deps'), c.get('actor'), slug, id);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/send`,
      tag,
      summary:
        'Coordinators: open the survey and ask every current member to answer it, in the app and by mail; sending again changes nothing',
      params: s.SurveyParams,
      response: s.SurveySchema,
      status: 202,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.send(c.get('deps'), c.get('actor'), slug, id), 202);
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/close`,
      tag,
      summary: 'Coordinators: close an open survey now (closing a closed one changes nothing)',
      params: s.SurveyParams,
      response: s.SurveySchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.close(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/responses`,
      tag,
      summary:
        'Current members: answer an open survey, once (again: 409 `already_answered`); anonymous surveys keep no link to you',
      params: s.SurveyParams,
      body: s.ResponseInput,
      response: s.AnsweredSchema,
      status: 201,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.answer(c.get('deps'), c.get('actor'), slug, id, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/results`,
      tag,
      summary:
        'Coordinators: counts per option, scale spread with mean and median, text answers (nameless and shuffled when anonymous), response rate',
      params: s.SurveyParams,
      response: s.ResultsSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      c.header('Cache-Control', 'no-store');
      return send(c, await service.results(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  return r;
}
