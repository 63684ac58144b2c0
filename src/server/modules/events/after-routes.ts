import { createRouter, route, send } from '../../platform/http.js';
import * as notes from './notes.js';
import * as s from './rsvp-schema.js';

const tag = 'Events';
const session = '/communities/{slug}/events/{eventId}/occurrences/{occurrenceId}';

/** After a session: its notes, outcomes and recording link. */
export function afterRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'put',
      path: `${session}/notes`,
      tag,
      summary: 'Hosts and organisers: write the notes, outcomes and recording link of a session that has started',
      params: s.SessionParams,
      body: s.SessionNotesInput,
      response: s.SessionNotesSchema,
    }),
    async (c) => {
      const { slug, eventId, occurrenceId } = c.req.valid('param');
      return send(
        c,
        await notes.writeNotes(c.get('deps'), c.get('actor'), slug, eventId, occurrenceId, c.req.valid('json')),
      );
    },
  );

  return r;
}
