import { createRouter } from '../../platform/http.js';
import { postRoutes } from './posts-routes.js';
import { replyRoutes } from './replies-routes.js';

/** Posts, replies, answers, reactions and feeds. */
export function conversationRoutes() {
  const r = createRouter();
  r.route('/', postRoutes());
  r.route('/', replyRoutes());
  return r;
}
