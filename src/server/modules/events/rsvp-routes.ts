import { createRouter, route, send } from '../../platform/http.js';
import * as attendance from './attendance.js';
import * as rsvp from './rsvp.js';
import * as s from './rsvp-schema.js';

const tag = 'Events';
const session = '/communities/{slug}/events/{eventId}/occurrences/{occurrenceId}';

/** Answers to one session, its waitlist, attendance and check-in. */
export function rsvpRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'put',
      path: `${session}/rsvp`,
      tag,
      summary: 'Answer going or not going: a free seat, else a place on the waitlist',
      params: s.SessionParams,
      body: s.RsvpInput,
      response: s.RsvpResultSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      const deps = c.get('deps');
      return send(
        c,
        await rsvp.answer(deps, c.get('actor'), slug, eventId, occurrenceId, c.req.valid('json'), c.get('origin')),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${session}/rsvp/claim`,
      tag,
      summary: 'Waitlisted members: claim a freed seat (the first to claim takes it)',
      params: s.SessionParams,
      response: s.RsvpResultSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(c, await rsvp.claim(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${session}/attendees`,
      tag,
      summary: 'Who is going (by name) and the waitlist (in order), with attendance',
      params: s.SessionParams,
      response: s.AttendeeListSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(c, await attendance.listAttendees(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId));
    },
  );

  r.openapi(
    route({
      method: 'put',
      path: `${session}/attendance`,
      tag,
      summary: 'Hosts and organisers: mark who attended (walk-ins included)',
      params: s.SessionParams,
      body: s.AttendanceInput,
      response: s.AttendeeListSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(
        c,
        await attendance.setAttendance(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId, c.req.valid('json')),
      );
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${session}/check-in`,
      tag,
      summary: 'Check in with the session’s code during its check-in window',
      params: s.SessionParams,
      body: s.CheckInInput,
      response: s.RsvpResultSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(
        c,
        await attendance.checkIn(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId, c.req.valid('json')),
      );
    },
  );

  return r;
}
