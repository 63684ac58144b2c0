import { createRouter } from '../../platform/http.js';

export function rsvpRoutes() {
  const r = createRouter();
  return r;
}
