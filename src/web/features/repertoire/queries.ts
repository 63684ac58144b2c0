import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResourceDetail, ResourceFilters } from '../../../common/api-types';
import { api, keys } from '../../api';

export const RESOURCE_PAGE = 20;

export function useRepertoireOverview(slug: string, enabled = true) {
  return useQuery({
    queryKey: keys.repertoireOverview(slug),
    queryFn: () => api.repertoire(slug),
    staleTime: 30_000,
    enabled,
  });
}

export function useResources(slug: string, filters: ResourceFilters, limit = RESOURCE_PAGE, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.resources(slug, { ...filters, limit }),
    queryFn: ({ pageParam }) => api.resources(slug, { ...filters, cursor: pageParam, limit }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCollections(slug: string, enabled = true) {
  return useQuery({ queryKey: keys.collections(slug), queryFn: () => api.collections(slug), enabled });
}

export function useResource(slug: string, id: string) {
  return useQuery({ queryKey: keys.resource(slug, id), queryFn: () => api.resource(slug, id) });
}

/**
 * After a resource changes: keep the new detail, and refresh what lists or counts it — the
 * browse page, the overview, the review queue, collections and paths.
 */
export function useResourceSaved(slug: string) {
  const queryClient = useQueryClient();
  return async (saved?: ResourceDetail) => {
    if (saved) queryClient.setQueryData(keys.resource(slug, saved.id), saved);
    await queryClient.invalidateQueries({
      queryKey: keys.repertoire(slug),
      predicate: (q) => !saved || q.queryKey.join('/') !== keys.resource(slug, saved.id).join('/'),
    });
  };
}
