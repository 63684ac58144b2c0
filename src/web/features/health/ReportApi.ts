import type { SponsorReport } from '../../../common/api-types';
import { query, request } from '../../api';

export interface ReportPeriod {
  from: string;
  to: string;
}

const reportPath = (slug: string) => `/communities/${encodeURIComponent(slug)}/health/report`;

export const reportApi = {
  get: (slug: string, period: ReportPeriod) =>
    request<SponsorReport>('GET', `${reportPath(slug)}${query({ ...period })}`),
};

/** Where the browser downloads the report as a file (the session cookie authenticates it). */
export const reportFileUrl = (slug: string, period: ReportPeriod, format: 'pdf' | 'csv') =>
  `/api/v1${reportPath(slug)}${query({ ...period, format })}`;

export const reportKeys = {
  one: (slug: string, period: ReportPeriod) => ['health', slug, 'report', period.from, period.to] as const,
};
