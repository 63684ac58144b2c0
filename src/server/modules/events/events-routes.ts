import { createRouter, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Events';
const events = '/communities/{slug}/events';
const one = `${events}/{eventId}`;
const session = `${one}/occurrences/{occurrenceId}`;

/** Events: the community's sessions, planning a series, editing and cancelling it or one session. */
export function eventRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: events,
      tag,
      summary: 'The community’s sessions: upcoming (soonest first) or past (latest first, with attendance)',
      params: SlugParam,
      query: s.ListQuery,
      response: s.OccurrencePage,
    }),
    async (c) =>
      send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: events,
      tag,
      summary: 'Organisers: plan an event, once or as a series (times are wall-clock in `timeZone`)',
      params: SlugParam,
      body: s.EventInput,
      response: s.EventDetailSchema,
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
      summary: 'An event and all its sessions',
      params: s.EventParams,
      response: s.EventDetailSchema,
    }),
    async (c) => {
      const { slug, eventId } = c.req.valid('param');
      return send(c, await service.get(c.get('deps'), c.get('actor'), slug, eventId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Hosts and organisers: edit the whole series (a new schedule re-expands it; answers are kept)',
      params: s.EventParams,
      body: s.EventPatch,
      response: s.EventDetailSchema,
    }),
    async (c) => {
      const { slug, eventId } = c.req.valid('param');
      return send(
        c,
        await service.update(c.get('deps'), c.get('actor'), slug, eventId, c.req.valid('json'), c.get('origin')),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/cancel`,
      tag,
      summary: 'Hosts and organisers: cancel the series (every session ahead is called off, people are told)',
      params: s.EventParams,
      response: s.EventDetailSchema,
    }),
    async (c) => {
      const { slug, eventId } = c.req.valid('param');
      return send(c, await service.cancel(c.get('deps'), c.get('actor'), slug, eventId));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: session,
      tag,
      summary: 'One session',
      params: s.OccurrenceParams,
      response: s.OccurrenceDetailSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(c, await service.getOccurrence(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: session,
      tag,
      summary: 'Hosts and organisers: edit this session only (its own title, agenda, place, link, seats or time)',
      params: s.OccurrenceParams,
      body: s.OccurrencePatch,
      response: s.OccurrenceDetailSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(
        c,
        await service.updateOccurrence(
          c.get('deps'),
          c.get('actor'),
          slug,
          eventId,
          occurrenceId,
          c.req.valid('json'),
          c.get('origin'),
        ),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${session}/cancel`,
      tag,
      summary: 'Hosts and organisers: cancel this session (those going or waiting are told)',
      params: s.OccurrenceParams,
      response: s.OccurrenceDetailSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(c, await service.cancelOccurrence(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId));
    },
  );

  return r;
}
