import { createRouter } from '../../platform/http.js';

export function communityRoutes() {
  return createRouter();
}
