import { createRouter } from '../../platform/http.js';
import { afterRoutes } from './after-routes.js';
import { calendarRoutes } from './calendar-routes.js';
import { eventRoutes as seriesRoutes } from './events-routes.js';
import { rsvpRoutes } from './rsvp-routes.js';

/** Events: series and sessions, RSVPs and attendance, notes after the event, calendars. */
export function eventRoutes() {
  const r = createRouter();
  r.route('/', seriesRoutes());
  r.route('/', rsvpRoutes());
  r.route('/', afterRoutes());
  r.route('/', calendarRoutes());
  return r;
}
