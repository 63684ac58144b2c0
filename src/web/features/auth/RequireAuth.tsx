import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { NotFound } from '../../ui/NotFound';
import { Loading } from '../../ui/PageState';
import { withNext } from '../../ui/safeNext';
import { useMe } from './session';

export function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { data, isPending } = useMe();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (!data?.user) return <Navigate to={withNext('/signin', location.pathname + location.search)} replace />;
  if (admin && !data.user.isAdmin) return <NotFound />;
  return <>{children}</>;
}
