import { createRouter } from '../../platform/http.js';

export function eventRoutes() {
  const r = createRouter();
  return r;
}
