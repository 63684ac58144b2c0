import type { HealthDashboard, HealthRefresh } from '../../../common/api-types';
import { request } from '../../api';

const healthPath = (slug: string) => `/communities/${encodeURIComponent(slug)}/health`;

export const dashboardApi = {
  get: (slug: string) => request<HealthDashboard>('GET', healthPath(slug)),
  refresh: (slug: string) => request<HealthRefresh>('POST', `${healthPath(slug)}/refresh`),
};

export const dashboardKeys = {
  one: (slug: string) => ['health', slug, 'dashboard'] as const,
};

/** Whether a refresh is still under way (the page polls while it is). */
export const refreshing = (data: HealthDashboard | undefined) =>
  !!data?.refresh && (data.refresh.status === 'queued' || data.refresh.status === 'running');
