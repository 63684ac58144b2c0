import { createRouter } from '../../platform/http.js';

export function findingsRoutes() {
  const r = createRouter();
  return r;
}
