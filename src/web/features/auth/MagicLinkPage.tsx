import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api';
import { errorMessage } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { AuthCard } from './AuthCard';
import { useAfterAuth } from './session';

export function MagicLinkPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const afterAuth = useAfterAuth();
  const verify = useMutation({ mutationFn: api.verifyMagicLink, onSuccess: (data) => afterAuth(data.next) });

  const dead =
    isApiError(verify.error) && (verify.error.code === 'invalid_token' || verify.error.code === 'other_browser');
  if (!token || dead) {
    return (
      <AuthCard title="This link does not work">
        <Stack gap="md">
          <Alert color="yellow" role="alert">
            {dead ? errorMessage(verify.error) : 'The sign-in link is invalid, already used, or expired.'}
          </Alert>
          <Button component={Link} to="/signin">
            Request a new link
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Sign in to Commonplace" subtitle="Confirm that you want to sign in on this device.">
      <Stack gap="md">
        <InlineError error={verify.error} />
        <Button size="md" loading={verify.isPending} onClick={() => verify.mutate(token)} fullWidth>
          Sign in
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          Didn't ask for this?{' '}
          <Anchor component={Link} to="/">
            Ignore it
          </Anchor>{' '}
          — nothing happens until you press the button.
        </Text>
      </Stack>
    </AuthCard>
  );
}
