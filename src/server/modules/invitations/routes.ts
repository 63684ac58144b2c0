import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Invitations';

export function invitationRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/invitations',
      tag,
      summary: 'Invitations sent (core group and coordinators)',
      params: SlugParam,
      response: s.InvitationList,
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/communities/{slug}/invitations',
      tag,
      summary: 'Invite people by email',
      params: SlugParam,
      body: s.InviteInput,
      response: s.InviteResult,
      status: 201,
    }),
    async (c) => {
      const result = await service.invite(
        c.get('deps'),
        c.get('actor'),
        c.req.valid('param').slug,
        c.req.valid('json'),
        c.get('origin'),
      );
      return send(c, result, 201);
    },
  );

  r.openapi(
    route({
      method: 'delete',
      path: '/communities/{slug}/invitations/{id}',
      tag,
      summary: 'Revoke an invitation',
      params: s.InvitationParams,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await service.revoke(c.get('deps'), c.get('actor'), slug, id);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/invitations/{token}',
      tag,
      summary: 'What an invitation link is for (no sign-in needed)',
      params: s.TokenParam,
      response: s.InvitationPreview,
    }),
    async (c) => send(c, await service.preview(c.get('deps'), c.req.valid('param').token)),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/invitations/{token}/accept',
      tag,
      summary: 'Accept an invitation',
      params: s.TokenParam,
      response: s.AcceptResult,
    }),
    async (c) => send(c, await service.accept(c.get('deps'), c.get('actor'), c.req.valid('param').token)),
  );

  return r;
}
