import { createRouter } from '../../platform/http.js';

export function assessmentRoutes() {
  const r = createRouter();
  return r;
}
