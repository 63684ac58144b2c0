import type { Roundup, RoundupPatch, RoundupPreview, RoundupStats, RoundupSummary } from '../../../common/api-types';
import { query, request } from '../../api';

const enc = encodeURIComponent;
const roundupsPath = (slug: string) => `/communities/${enc(slug)}/roundups`;
const roundupPath = (slug: string, id: string) => `${roundupsPath(slug)}/${enc(id)}`;

export const roundupsApi = {
  list: (slug: string) => request<RoundupSummary[]>('GET', roundupsPath(slug)),
  draft: (slug: string) => request<Roundup>('POST', roundupsPath(slug)),
  get: (slug: string, id: string) => request<Roundup>('GET', roundupPath(slug, id)),
  update: (slug: string, id: string, patch: RoundupPatch) => request<Roundup>('PATCH', roundupPath(slug, id), patch),
  preview: (slug: string, id: string, as?: string | null) =>
    request<RoundupPreview>('GET', `${roundupPath(slug, id)}/preview${query({ as })}`),
  schedule: (slug: string, id: string, at: string) =>
    request<Roundup>('POST', `${roundupPath(slug, id)}/schedule`, { at }),
  unschedule: (slug: string, id: string) => request<Roundup>('POST', `${roundupPath(slug, id)}/unschedule`),
  send: (slug: string, id: string) => request<Roundup>('POST', `${roundupPath(slug, id)}/send`),
  stats: (slug: string, id: string) => request<RoundupStats>('GET', `${roundupPath(slug, id)}/stats`),
  remove: (slug: string, id: string) => request<void>('DELETE', roundupPath(slug, id)),
};

/** Round-ups live under their own root, apart from conversations and events. */
export const roundupKeys = {
  all: (slug: string) => ['roundups', slug] as const,
  list: (slug: string) => ['roundups', slug, 'list'] as const,
  one: (slug: string, id: string) => ['roundups', slug, 'one', id] as const,
  preview: (slug: string, id: string, as: string | null) => ['roundups', slug, 'one', id, 'preview', as] as const,
  stats: (slug: string, id: string) => ['roundups', slug, 'one', id, 'stats'] as const,
};
