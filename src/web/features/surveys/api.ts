import type {
  Survey,
  SurveyInput,
  SurveyPatch,
  SurveyResponseInput,
  SurveyResults,
  SurveySummary,
} from '../../../common/api-types';
import { request } from '../../api';

const enc = encodeURIComponent;
const surveysPath = (slug: string) => `/communities/${enc(slug)}/surveys`;
const surveyPath = (slug: string, id: string) => `${surveysPath(slug)}/${enc(id)}`;

export const surveysApi = {
  list: (slug: string) => request<SurveySummary[]>('GET', surveysPath(slug)),
  create: (slug: string, input: SurveyInput) => request<Survey>('POST', surveysPath(slug), input),
  get: (slug: string, id: string) => request<Survey>('GET', surveyPath(slug, id)),
  update: (slug: string, id: string, patch: SurveyPatch) => request<Survey>('PATCH', surveyPath(slug, id), patch),
  remove: (slug: string, id: string) => request<void>('DELETE', surveyPath(slug, id)),
  send: (slug: string, id: string) => request<Survey>('POST', `${surveyPath(slug, id)}/send`),
  close: (slug: string, id: string) => request<Survey>('POST', `${surveyPath(slug, id)}/close`),
  answer: (slug: string, id: string, input: SurveyResponseInput) =>
    request<{ surveyId: string; answered: true }>('POST', `${surveyPath(slug, id)}/responses`, input),
  results: (slug: string, id: string) => request<SurveyResults>('GET', `${surveyPath(slug, id)}/results`),
};

/** Surveys live under their own root, apart from the rest of the community. */
export const surveyKeys = {
  all: (slug: string) => ['surveys', slug] as const,
  list: (slug: string) => ['surveys', slug, 'list'] as const,
  one: (slug: string, id: string) => ['surveys', slug, 'one', id] as const,
  results: (slug: string, id: string) => ['surveys', slug, 'one', id, 'results'] as const,
};
