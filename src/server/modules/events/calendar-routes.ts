import type { Context } from 'hono';
import { createRouter, noContent, route, send, z } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import { calendarContentType } from './calendar.js';
import { communityFeed, eventFile, personalFeed, sessionFile, type CalendarFile } from './calendar-feeds.js';
import { createFeed, feedStatus, revokeFeed } from './calendar-tokens.js';
import { EventParams, OccurrenceParams } from './schema.js';

const tag = 'Events';

const CalendarFeedSchema = z
  .object({
    active: z.boolean(),
    prefix: z.string().nullable(),
    createdAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    url: z.string().optional().openapi({ description: 'Only in the answer that made it: the address is shown once.' }),
  })
  .openapi('CalendarFeed');

const TokenParam = z.object({ token: z.string().max(200) });

function ics(c: Context, file: CalendarFile) {
  return c.body(file.body, 200, {
    'Content-Type': calendarContentType,
    'Cache-Control': 'private, no-store',
    ...(file.filename ? { 'Content-Disposition': `attachment; filename="${file.filename}"` } : {}),
  }) as never;
}

/** iCalendar feeds and files, and the member's personal calendar address. */
export function calendarRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/calendar.ics',
      tag,
      summary: 'The community’s events as an iCalendar feed (text/calendar), for whoever may see the community',
      params: SlugParam,
      status: 200,
    }),
    async (c) => ics(c, await communityFeed(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.get('origin'))),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/events/{eventId}/calendar.ics',
      tag,
      summary: 'One event, every session, as an iCalendar file to add to a calendar',
      params: EventParams,
      status: 200,
    }),
    async (c) => {
      const { slug, eventId } = c.req.valid('param');
      return ics(c, await eventFile(c.get('deps'), c.get('actor'), slug, eventId, c.get('origin')));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/events/{eventId}/occurrences/{occurrenceId}/calendar.ics',
      tag,
      summary: 'One session as an iCalendar file to add to a calendar',
      params: OccurrenceParams,
      status: 200,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return ics(c, await sessionFile(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId, c.get('origin')));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/me/calendar-feed',
      tag,
      summary: 'Whether I have a personal calendar address (the address itself is shown only when made)',
      response: CalendarFeedSchema,
    }),
    async (c) => send(c, await feedStatus(c.get('deps'), c.get('actor'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/me/calendar-feed',
      tag,
      summary: 'Make my personal calendar address (any earlier one stops working); the answer holds the address',
      response: CalendarFeedSchema,
      status: 201,
    }),
    async (c) => send(c, await createFeed(c.get('deps'), c.get('actor'), c.get('origin')), 201),
  );

  r.openapi(
    route({
      method: 'delete',
      path: '/me/calendar-feed',
      tag,
      summary: 'Revoke my personal calendar address',
    }),
    async (c) => {
      await revokeFeed(c.get('deps'), c.get('actor'));
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/calendar/{token}/events.ics',
      tag,
      summary:
        'A member’s personal feed: the sessions they are going to, at a secret address (404 when unknown or revoked)',
      params: TokenParam,
      status: 200,
    }),
    async (c) => ics(c, await personalFeed(c.get('deps'), c.req.valid('param').token, c.get('origin'))),
  );

  return r;
}
