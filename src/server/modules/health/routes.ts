import { createRouter } from '../../platform/http.js';
import { assessmentRoutes } from './assessment-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { findingsRoutes } from './findings-routes.js';
import { reportRoutes } from './report-routes.js';

/** A community's health: the dashboard, the weekly check's findings, assessments and sponsor reports. */
export function healthRoutes() {
  const r = createRouter();
  r.route('/', dashboardRoutes());
  r.route('/', findingsRoutes());
  r.route('/', assessmentRoutes());
  r.route('/', reportRoutes());
  return r;
}
