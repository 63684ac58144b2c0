import { createRouter, route, send } from '../../platform/http.js';
import * as s from './schema.js';
import * as service from './service.js';

export function searchRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/search',
      tag: 'Search',
      summary: 'Search posts and replies in the communities you may see',
      query: s.SearchQuery,
      response: s.SearchPage,
    }),
    async (c) => send(c, await service.search(c.get('deps'), c.get('actor'), c.req.valid('query'))),
  );

  return r;
}
