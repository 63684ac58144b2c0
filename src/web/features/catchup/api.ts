import type { CatchUp } from '../../../common/api-types';
import { request } from '../../api';

const enc = encodeURIComponent;

export const catchUpApi = {
  /** The member's "while you were away" highlights; null when there is nothing to catch up on (204). */
  get: async (slug: string) =>
    (await request<CatchUp | undefined>('GET', `/communities/${enc(slug)}/catch-up`)) ?? null,
  seen: (slug: string) => request<void>('POST', `/communities/${enc(slug)}/catch-up/seen`),
};

export const catchUpKeys = {
  one: (slug: string) => ['catch-up', slug] as const,
};
