import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import { followLink, unsubscribe, unsubscribeInfo } from './links.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Round-ups';
const list = '/communities/{slug}/roundups';
const one = `${list}/{id}`;

/**
 * The weekly round-up: coordinators draft, edit, preview, schedule and send it and read its
 * clicks; members follow its tracked links and unsubscribe from it in one click.
 */
export function roundupRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: list,
      tag,
      summary: 'Coordinators: the community’s round-ups, latest week first',
      params: SlugParam,
      response: s.RoundupListSchema,
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: list,
      tag,
      summary: 'Coordinators: draft this week’s round-up so far now (or bring this week’s draft up to date)',
      params: SlugParam,
      response: s.RoundupSchema,
      status: 201,
    }),
    async (c) => send(c, await service.draftNow(c.get('deps'), c.get('actor'), c.req.valid('param').slug), 201),
  );

  r.openapi(
    route({
      method: 'get',
      path: one,
      tag,
      summary: 'Coordinators: one round-up and its items',
      params: s.RoundupParams,
      response: s.RoundupSchema,
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
      summary: 'Coordinators: edit the subject, intro (Markdown) and which items go in, in what order',
      params: s.RoundupParams,
      body: s.RoundupPatch,
      response: s.RoundupSchema,
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
      summary: 'Coordinators: call off a draft or scheduled round-up (it stays listed as cancelled)',
      params: s.RoundupParams,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await service.cancel(c.get('deps'), c.get('actor'), slug, id);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/preview`,
      tag,
      summary: 'Coordinators: the mail as a member (`as`, or yourself) would get it, HTML and plain text',
      params: s.RoundupParams,
      query: s.PreviewQuery,
      response: s.RoundupPreviewSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(
        c,
        await service.preview(c.get('deps'), c.get('actor'), slug, id, c.req.valid('query').as, c.get('origin')),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/schedule`,
      tag,
      summary: 'Coordinators: send it at a moment in the future (scheduling again moves it)',
      params: s.RoundupParams,
      body: s.ScheduleInput,
      response: s.RoundupSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(
        c,
        await service.schedule(c.get('deps'), c.get('actor'), slug, id, c.req.valid('json'), c.get('origin')),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/unschedule`,
      tag,
      summary: 'Coordinators: take a scheduled round-up back to draft',
      params: s.RoundupParams,
      response: s.RoundupSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.unschedule(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/send`,
      tag,
      summary: 'Coordinators: send it now, once (a second send answers 409 `roundup_sent`)',
      params: s.RoundupParams,
      response: s.RoundupSchema,
      status: 202,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.sendNow(c.get('deps'), c.get('actor'), slug, id, c.get('origin')), 202);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/stats`,
      tag,
      summary: 'Coordinators: deliveries, clicks per item and the topics clicked',
      params: s.RoundupParams,
      response: s.RoundupStatsSchema,
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      return send(c, await service.stats(c.get('deps'), c.get('actor'), slug, id));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/r/{token}',
      tag,
      summary: 'A tracked link from a round-up: records the click and redirects (302) to the item; forged: 400',
      params: s.TokenParam,
      status: 200,
    }),
    async (c) => {
      const target = await followLink(c.get('deps'), c.req.valid('param').token);
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(target, 302) as never;
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/unsubscribe/roundup/{token}',
      tag,
      summary: 'What an unsubscribe link is about (changes nothing)',
      params: s.TokenParam,
      response: s.UnsubscribeSchema,
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return send(c, await unsubscribeInfo(c.get('deps'), c.req.valid('param').token));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/unsubscribe/roundup/{token}',
      tag,
      summary:
        'Unsubscribe from the community’s round-up: the footer link’s button and one-click List-Unsubscribe-Post (RFC 8058); no sign-in',
      params: s.TokenParam,
      response: s.UnsubscribeSchema,
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return send(c, await unsubscribe(c.get('deps'), c.req.valid('param').token));
    },
  );

  return r;
}
