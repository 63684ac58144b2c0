import { Center, Container } from '@mantine/core';
import { Navigate, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { useMe } from '../features/auth/session';
import { AppLayout } from './AppLayout';
import { ErrorState, Loading } from './PageState';

export function RootLayout() {
  const { data, isPending, error, refetch } = useMe();
  const location = useLocation();

  if (isPending) {
    return (
      <Center h="100vh">
        <Loading label="Opening Commonplace" />
      </Center>
    );
  }
  if (error || !data) {
    return (
      <Container size="sm" py="xl">
        <ErrorState error={error} onRetry={() => void refetch()} />
      </Container>
    );
  }
  if (data.needsSetup && location.pathname !== '/setup') return <Navigate to="/setup" replace />;

  return (
    <AppLayout>
      <ScrollRestoration />
      <Outlet />
    </AppLayout>
  );
}
