import { createRouter, route, send } from '../../platform/http.js';
import * as history from './history.js';
import * as s from './schema.js';

const tag = 'Repertoire';
const one = '/communities/{slug}/resources/{resourceId}';

/** Versions of a resource: the list, one of them, what changed between two, and going back. */
export function historyRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: `${one}/revisions`,
      tag,
      summary: 'Versions of a resource, newest first',
      params: s.ResourceParams,
      response: s.RevisionList,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return send(c, await history.revisions(c.get('deps'), c.get('actor'), slug, resourceId));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/revisions/{version}`,
      tag,
      summary: 'One version of a resource, whole',
      params: s.RevisionParams,
      response: s.SnapshotSchema,
    }),
    async (c) => {
      const { slug, resourceId, version } = c.req.valid('param');
      return send(c, await history.revision(c.get('deps'), c.get('actor'), slug, resourceId, version));
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/diff`,
      tag,
      summary: 'What changed between two versions (titles and summaries word by word)',
      params: s.ResourceParams,
      query: s.DiffQuery,
      response: s.DiffSchema,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      return send(c, await history.diff(c.get('deps'), c.get('actor'), slug, resourceId, from, to));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${one}/revert`,
      tag,
      summary: 'Curators: bring back an earlier version, as a new one',
      params: s.ResourceParams,
      body: s.RevertInput,
      response: s.ResourceDetailSchema,
    }),
    async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      const { version } = c.req.valid('json');
      return send(c, await history.revert(c.get('deps'), c.get('actor'), slug, resourceId, version));
    },
  );

  return r;
}
