import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconLogin } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../api';
import { errorMessage } from './notify';
import { NotFound } from './NotFound';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text size="sm" c="dimmed">
          {label}…
        </Text>
      </Stack>
    </Center>
  );
}

/** What a signed-out visitor sees where a page needs an account: a way in, not an error. */
function SignInToSee() {
  const location = useLocation();
  const next = `${location.pathname}${location.search}`;
  return (
    <Alert color="lagoon" variant="light" icon={<IconLogin aria-hidden />} title="Sign in to see this">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">This part of the community is open to people with an account.</Text>
        <Button size="xs" component={Link} to={`/signin?next=${encodeURIComponent(next)}`}>
          Sign in
        </Button>
      </Stack>
    </Alert>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error instanceof ApiError && error.status === 401) return <SignInToSee />;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="We could not load this"
      role="alert"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function InlineError({ error }: { error: unknown }): ReactNode {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
