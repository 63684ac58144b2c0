import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { api, keys } from '../../api';
import { safeNext } from '../../ui/safeNext';

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.me, staleTime: 60_000 });
}

export function useCurrentUser() {
  return useMe().data?.user ?? null;
}

/** After any change of who is signed in: drop cached data and go on. */
export function useAfterAuth() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (next?: string | null) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
      await queryClient.invalidateQueries({ queryKey: keys.me });
      navigate(safeNext(next), { replace: true });
    },
    [queryClient, navigate],
  );
}
