import { createRouter } from '../../platform/http.js';

export function surveyRoutes() {
  const r = createRouter();
  return r;
}
