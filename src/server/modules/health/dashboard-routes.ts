import { createRouter } from '../../platform/http.js';

export function dashboardRoutes() {
  const r = createRouter();
  return r;
}
