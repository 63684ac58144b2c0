import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './collections-schema.js';
import * as service from './collections-service.js';

const tag = 'Repertoire';
const collections = '/communities/{slug}/collections';
const one = `${collections}/{collectionId}`;

/** Collections and learning paths: curated, ordered lists of resources, and members' progress on paths. */
export function collectionRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: collections,
      tag,
      summary: 'The community’s collections and paths, with my progress on each path',
      params: SlugParam,
      response: s.CollectionList,
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'post',
      path: collections,
      tag,
      summary: 'Curators: make a collection or a path',
      params: SlugParam,
      body: s.CollectionInput,
      response: s.CollectionDetailSchema,
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
      summary: 'One collection or path: its items in order (those I may see), and my progress',
      params: s.CollectionParams,
      response: s.CollectionDetailSchema,
    }),
    async (c) => {
      const { slug, collectionId } = c.req.valid('param');
      return send(c, await service.get(c.get('deps'), c.get('actor'), slug, collectionId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Curators: rename, re-introduce, change the kind, or set the complete order of items',
      params: s.CollectionParams,
      body: s.CollectionPatch,
      response: s.CollectionDetailSchema,
    }),
    async (c) => {
      const { slug, collectionId } = c.req.valid('param');
      return send(c, await service.update(c.get('deps'), c.get('actor'), slug, collectionId, c.req.valid('json')));
    },
  );

  r.openapi(
    route({ method: 'delete', path: one, tag, summary: 'Curators: delete a collection', params: s.CollectionParams }),
    async (c) => {
      const { slug, collectionId } = c.req.valid('param');
      await service.remove(c.get('deps'), c.get('actor'), slug, collectionId);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'put',
      path: `${one}/items/{resourceId}`,
      tag,
      summary: 'Curators: add a published resource at the end (adding it again changes nothing)',
      params: s.CollectionItemParams,
      response: s.CollectionDetailSchema,
    }),
    async (c) => {
      const { slug, collectionId, resourceId } = c.req.valid('param');
      return send(c, await service.addItem(c.get('deps'), c.get('actor'), slug, collectionId, resourceId));
    },
  );

  r.openapi(
    route({
      method: 'delete',
      path: `${one}/items/{resourceId}`,
      tag,
      summary: 'Curators: take a resource out',
      params: s.CollectionItemParams,
      response: s.CollectionDetailSchema,
    }),
    async (c) => {
      const { slug, collectionId, resourceId } = c.req.valid('param');
      return send(c, await service.removeItem(c.get('deps'), c.get('actor'), slug, collectionId, resourceId));
    },
  );

  for (const method of ['put', 'delete'] as const) {
    r.openapi(
      route({
        method,
        path: `${one}/progress/{resourceId}`,
        tag,
        summary: method === 'put' ? 'Members: tick an item of a path done' : 'Members: take back a tick',
        params: s.CollectionItemParams,
        response: s.ProgressEnvelope,
      }),
      async (c) => {
        const { slug, collectionId, resourceId } = c.req.valid('param');
        return send(
          c,
          await service.setDone(c.get('deps'), c.get('actor'), slug, collectionId, resourceId, method === 'put'),
        );
      },
    );
  }

  return r;
}
