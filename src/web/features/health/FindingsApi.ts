import type { HealthCheck, HealthCheckRun, HealthFinding } from '../../../common/api-types';
import { query, request } from '../../api';

const enc = encodeURIComponent;
const healthPath = (slug: string) => `/communities/${enc(slug)}/health`;
const findingPath = (slug: string, id: string) => `${healthPath(slug)}/findings/${enc(id)}`;

export const findingsApi = {
  check: (slug: string, week: string | null) =>
    request<HealthCheck>('GET', `${healthPath(slug)}/check${query({ week })}`),
  act: (slug: string, id: string, note: string) =>
    request<HealthFinding>('POST', `${findingPath(slug, id)}/act`, { note }),
  dismiss: (slug: string, id: string, reason: string) =>
    request<HealthFinding>('POST', `${findingPath(slug, id)}/dismiss`, reason ? { reason } : {}),
  reopen: (slug: string, id: string) => request<HealthFinding>('POST', `${findingPath(slug, id)}/reopen`),
  runNow: (slug: string) => request<HealthCheckRun>('POST', `${healthPath(slug)}/check/run`),
  run: (slug: string, jobId: number) => request<HealthCheckRun>('GET', `${healthPath(slug)}/check/run/${jobId}`),
};

/** The weekly check lives under the health root, apart from the dashboard's figures. */
export const findingKeys = {
  all: (slug: string) => ['health', slug, 'check'] as const,
  check: (slug: string, week: string | null) => ['health', slug, 'check', week ?? 'latest'] as const,
  run: (slug: string, jobId: number) => ['health', slug, 'check', 'run', jobId] as const,
};
