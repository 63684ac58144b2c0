import { createRouter } from '../../platform/http.js';

export function afterRoutes() {
  const r = createRouter();
  return r;
}
