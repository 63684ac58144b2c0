import { createRouter, noContent, route, send } from '../../platform/http.js';
import * as notes from './notes.js';
import * as s from './schema.js';

const tag = 'Repertoire';
const all = '/communities/{slug}/resources/{resourceId}/notes';
const one = `${all}/{noteId}`;

/** Members' notes on a resource: shared with the community, or private. */
export function noteRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: all,
      tag,
      summary: 'Shared notes on a resource, and my private ones, oldest first',
      params: s.ResourceParams,
      response: s.NoteList,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await notes.list(c.get('deps'), c.get('actor'), slug, resourceId));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: all,
      tag,
      summary: 'Write a note on a resource, shared or private',
      params: s.ResourceParams,
      body: s.NoteInput,
      response: s.NoteSchema,
      status: 201,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await notes.add(c.get('deps'), c.get('actor'), slug, resourceId, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Edit my note, or change who sees it',
      params: s.NoteParams,
      body: s.NotePatch,
      response: s.NoteSchema,
    }),
    async (c) => {
      const { slug, resourceId, noteId } = c.req.valid('param');
      return send(c, await notes.update(c.get('deps'), c.get('actor'), slug, resourceId, noteId, c.req.valid('json')));
    },
  );

  r.openapi(
    route({
      method: 'delete',
      path: one,
      tag,
      summary: 'Delete a note (mine, or a shared one as a moderator)',
      params: s.NoteParams,
    }),
    async (c) => {
      const { slug, resourceId, noteId } = c.req.valid('param');
      await notes.remove(c.get('deps'), c.get('actor'), slug, resourceId, noteId);
      return noContent(c);
    },
  );

  return r;
}
