import { createRouter, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Repertoire';
const resources = '/communities/{slug}/resources';
const one = `${resources}/{resourceId}`;

/** Resources: listing, the overview, proposing and promoting, editing, and the curators' steps. */
export function resourceRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: resources,
      tag,
      summary: 'The community’s resources: published ones, or (curators; a member their own proposals) another status',
      params: SlugParam,
      query: s.ListQuery,
      response: s.ResourcePage,
    }),
    async (c) =>
      send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/repertoire',
      tag,
      summary: 'The repertoire at a glance: counts, featured resources, what waits for me',
      params: SlugParam,
      response: s.OverviewSchema,
    }),
    async (c) => send(c, await service.overview(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/repertoire/review',
      tag,
      summary: 'Curators: published resources due for review (within `within` days), most overdue first',
      params: SlugParam,
      query: s.ReviewQuery,
      response: s.ResourceList,
    }),
    async (c) =>
      send(
        c,
        await service.reviewQueue(
          c.get('deps'),
          c.get('actor'),
          c.req.valid('param').slug,
          c.req.valid('query').within,
        ),
      ),
  );

  r.openapi(
    route({
      method: 'post',
      path: resources,
      tag,
      summary: 'Propose a resource; curators publish it, or promote a post or an answer (`from`)',
      params: SlugParam,
      body: s.ResourceInput,
      response: s.ResourceDetailSchema,
      status: 201,
    }),
    async (c) =>
      send(c, await service.create(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json')), 201),
  );

  // Before `{resourceId}`: the first route that matches answers.
  r.openapi(
    route({
      method: 'get',
      path: `${resources}/draft`,
      tag,
      summary: 'Curators: a resource pre-filled from a post or an answer, to edit before saving',
      params: SlugParam,
      query: s.DraftQuery,
      response: s.DraftSchema,
    }),
    async (c) =>
      send(c, await service.draft(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'get',
      path: one,
      tag,
      summary: 'One resource',
      params: s.ResourceParams,
      response: s.ResourceDetailSchema,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await service.get(c.get('deps'), c.get('actor'), slug, resourceId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Edit a resource: a new version (unless nothing changed)',
      params: s.ResourceParams,
      body: s.ResourcePatch,
      response: s.ResourceDetailSchema,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await service.update(c.get('deps'), c.get('actor'), slug, resourceId, c.req.valid('json')));
    },
  );

  const steps = [
    ['publish', 'Curators: publish a proposal (or bring back a retired or obsolete resource)', service.publish],
    ['retire', 'Curators: retire a resource, or decline a proposal', service.retire],
  ] as const;
  for (const [name, summary, step] of steps) {
    r.openapi(
      route({
        method: 'post',
        path: `${one}/${name}`,
        tag,
        summary,
        params: s.ResourceParams,
        response: s.ResourceDetailSchema,
      }),
      async (c) => {
        const { slug, resourceId } = c.req.valid('param');
        return send(c, await step(c.get('deps'), c.get('actor'), slug, resourceId));
      },
    );
  }

  for (const method of ['put', 'delete'] as const) {
    r.openapi(
      route({
        method,
        path: `${one}/featured`,
        tag,
        summary: method === 'put' ? 'Curators: feature a resource' : 'Curators: stop featuring a resource',
        params: s.ResourceParams,
        response: s.ResourceDetailSchema,
      }),
      async (c) => {
        const { slug, resourceId } = c.req.valid('param');
        return send(c, await service.setFeatured(c.get('deps'), c.get('actor'), slug, resourceId, method === 'put'));
      },
    );
  }

  r.openapi(
    route({
      method: 'post',
      path: `${one}/review`,
      tag,
      summary: 'Curators: review a resource — still good (confirm) or obsolete',
      params: s.ResourceParams,
      body: s.ReviewInput,
      response: s.ResourceDetailSchema,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await service.review(c.get('deps'), c.get('actor'), slug, resourceId, c.req.valid('json')));
    },
  );

  return r;
}
