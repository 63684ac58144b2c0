import { createRouter, route, send } from '../../platform/http.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Communities';
const path = '/communities/{slug}';

export function communityRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities',
      tag,
      summary: 'Communities you may see',
      query: s.ListQuery,
      response: s.items(s.CommunitySummarySchema),
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/communities',
      tag,
      summary: 'Start a community from the kick-off canvas',
      body: s.CanvasInput,
      response: s.CommunityDetailSchema,
      status: 201,
    }),
    async (c) => send(c, await service.create(c.get('deps'), c.get('actor'), c.req.valid('json')), 201),
  );

  r.openapi(
    route({
      method: 'get',
      path,
      tag,
      summary: 'One community, with your membership and abilities',
      params: s.SlugParam,
      response: s.CommunityDetailSchema,
    }),
    async (c) => send(c, await service.get(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'patch',
      path,
      tag,
      summary: 'Edit the canvas (coordinators)',
      params: s.SlugParam,
      body: s.CanvasPatch,
      response: s.CommunityDetailSchema,
    }),
    async (c) =>
      send(c, await service.update(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${path}/join`,
      tag,
      summary: 'Join, or ask to join',
      params: s.SlugParam,
      body: s.JoinInput,
      response: s.MembershipEnvelope,
    }),
    async (c) =>
      send(c, await service.join(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${path}/leave`,
      tag,
      summary: 'Leave and become alumni',
      params: s.SlugParam,
      response: s.MembershipEnvelope,
    }),
    async (c) => send(c, await service.leave(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${path}/break`,
      tag,
      summary: 'Take a break',
      params: s.SlugParam,
      body: s.BreakInput,
      response: s.MembershipEnvelope,
    }),
    async (c) =>
      send(c, await service.takeBreak(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${path}/return`,
      tag,
      summary: 'Come back from a break',
      params: s.SlugParam,
      response: s.MembershipEnvelope,
    }),
    async (c) => send(c, await service.returnFromBreak(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'get',
      path: `${path}/activity`,
      tag,
      summary: 'Recent activity (coordinators)',
      params: s.SlugParam,
      query: s.CursorQuery,
      response: s.ActivityPage,
    }),
    async (c) =>
      send(
        c,
        await service.activity(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query').cursor),
      ),
  );

  return r;
}
