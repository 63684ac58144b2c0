import type { MemberModeDetail, MemberModeFilters, MemberModePage, MyParticipation } from '../../../common/api-types';
import { query, request } from '../../api';

const enc = encodeURIComponent;
const base = (slug: string) => `/communities/${enc(slug)}/participation`;

export const participationApi = {
  me: (slug: string) => request<MyParticipation>('GET', `${base(slug)}/me`),
  members: (slug: string, filters: MemberModeFilters & { cursor?: string | null; limit?: number }) =>
    request<MemberModePage>('GET', `${base(slug)}/members${query({ ...filters })}`),
  member: (slug: string, userId: string) => request<MemberModeDetail>('GET', `${base(slug)}/members/${enc(userId)}`),
};

/** Participation lives under its own root, apart from the member directory. */
export const participationKeys = {
  me: (slug: string) => ['participation', slug, 'me'] as const,
  members: (slug: string, filters?: MemberModeFilters) =>
    (filters ? ['participation', slug, 'members', filters] : ['participation', slug, 'members']) as readonly unknown[],
  member: (slug: string, userId: string) => ['participation', slug, 'member', userId] as const,
};
