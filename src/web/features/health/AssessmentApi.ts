import type { AssessmentDetail, AssessmentDraft, AssessmentInput, AssessmentList } from '../../../common/api-types';
import { query, request } from '../../api';

const enc = encodeURIComponent;
const assessmentsPath = (slug: string) => `/communities/${enc(slug)}/health/assessments`;

export const assessmentApi = {
  list: (slug: string) => request<AssessmentList>('GET', assessmentsPath(slug)),
  draft: (slug: string, quarter?: string) =>
    request<AssessmentDraft>('GET', `${assessmentsPath(slug)}/draft${query({ quarter })}`),
  get: (slug: string, quarter: string) => request<AssessmentDetail>('GET', `${assessmentsPath(slug)}/${enc(quarter)}`),
  save: (slug: string, quarter: string, input: AssessmentInput) =>
    request<AssessmentDetail>('PUT', `${assessmentsPath(slug)}/${enc(quarter)}`, input),
};

/** Assessments live under the health root, so a refresh of the dashboard can reach them too. */
export const assessmentKeys = {
  all: (slug: string) => ['health', slug, 'assessments'] as const,
  list: (slug: string) => ['health', slug, 'assessments', 'list'] as const,
  draft: (slug: string, quarter: string | null) => ['health', slug, 'assessments', 'draft', quarter] as const,
  one: (slug: string, quarter: string) => ['health', slug, 'assessments', 'one', quarter] as const,
};
