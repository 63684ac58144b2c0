import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Members';
const one = '/communities/{slug}/members/{userId}';
const request = '/communities/{slug}/requests/{userId}';

export function memberRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/members',
      tag,
      summary: 'Member directory',
      params: SlugParam,
      query: s.MemberQuery,
      response: s.MemberPage,
    }),
    async (c) =>
      send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query'))),
  );

  r.openapi(
    route({ method: 'get', path: one, tag, summary: 'One member', params: s.MemberParams, response: s.MemberSchema }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      return send(c, await service.get(c.get('deps'), c.get('actor'), slug, userId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: `${one}/profile`,
      tag,
      summary: 'Edit my profile in this community',
      params: s.MemberParams,
      body: s.ProfileInput,
      response: s.MemberSchema,
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      return send(c, await service.updateProfile(c.get('deps'), c.get('actor'), slug, userId, c.req.valid('json')));
    },
  );

  r.openapi(
    route({
      method: 'put',
      path: `${one}/role`,
      tag,
      summary: 'Change a member’s role (coordinators)',
      params: s.MemberParams,
      body: s.RoleInput,
      response: s.MemberSchema,
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      return send(c, await service.changeRole(c.get('deps'), c.get('actor'), slug, userId, c.req.valid('json').role));
    },
  );

  r.openapi(
    route({ method: 'delete', path: one, tag, summary: 'Remove a member (coordinators)', params: s.MemberParams }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      await service.remove(c.get('deps'), c.get('actor'), slug, userId);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/requests',
      tag,
      summary: 'Requests to join (coordinators)',
      params: SlugParam,
      response: s.RequestList,
    }),
    async (c) => send(c, await service.listRequests(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${request}/approve`,
      tag,
      summary: 'Approve a request to join',
      params: s.MemberParams,
      response: s.MemberSchema,
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      return send(c, await service.approve(c.get('deps'), c.get('actor'), slug, userId, c.get('origin')));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${request}/decline`,
      tag,
      summary: 'Decline a request to join',
      params: s.MemberParams,
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      await service.decline(c.get('deps'), c.get('actor'), slug, userId);
      return noContent(c);
    },
  );

  return r;
}
