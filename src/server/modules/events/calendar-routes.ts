import { createRouter } from '../../platform/http.js';

export function calendarRoutes() {
  const r = createRouter();
  return r;
}
