import { createRouter } from '../../platform/http.js';
import { collectionRoutes } from './collections-routes.js';
import { historyRoutes } from './history-routes.js';
import { importRoutes } from './import-routes.js';
import { noteRoutes } from './notes-routes.js';
import { resourceRoutes } from './resources-routes.js';

/** The repertoire: resources, their versions and notes, collections and paths, import and export. */
export function repertoireRoutes() {
  const r = createRouter();
  r.route('/', resourceRoutes());
  r.route('/', historyRoutes());
  r.route('/', noteRoutes());
  r.route('/', collectionRoutes());
  r.route('/', importRoutes());
  return r;
}
