import { createRouter } from '../../platform/http.js';

export function reportRoutes() {
  const r = createRouter();
  return r;
}
