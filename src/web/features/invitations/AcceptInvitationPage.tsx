import { Alert, Button, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMailOpened } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError, keys } from '../../api';
import { formatDate } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { withNext } from '../../ui/safeNext';
import { useCurrentUser } from '../auth/session';

export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const here = `/invite/${token}`;
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.invitation(token),
    queryFn: () => api.invitation(token),
  });
  const accept = useMutation({
    mutationFn: () => api.acceptInvitation(token),
    onSuccess: async (result) => {
      notifySuccess('Welcome! You are now a member.');
      await queryClient.invalidateQueries({ queryKey: keys.communities() });
      await queryClient.invalidateQueries({ queryKey: keys.community(result.community.slug) });
      navigate(`/c/${result.community.slug}`);
    },
  });

  return (
    <Container size={520} py={{ base: 'xl', sm: 56 }}>
      {isPending ? (
        <Loading label="Opening invitation" />
      ) : isApiError(error) && (error.status === 404 || error.code === 'invalid_invitation') ? (
        <Paper withBorder p="xl">
          <Stack gap="md" align="flex-start">
            <Title order={1} size="h3">
              This invitation is no longer valid
            </Title>
            <Text c="dimmed">
              It may have expired, been revoked, or already been used. Ask the person who invited you for a new one.
            </Text>
            <Button component={Link} to="/communities" variant="light">
              Browse communities
            </Button>
          </Stack>
        </Paper>
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap="md">
            <IconMailOpened size={40} stroke={1.5} color="var(--mantine-color-lagoon-7)" aria-hidden />
            <Title order={1} size="h3">
              {data.invitedBy
                ? `${data.invitedBy.name} invited you to join ${data.community.name}`
                : `You are invited to join ${data.community.name}`}
            </Title>
            {data.community.domain && <Text c="dimmed">{data.community.domain}</Text>}
            <Text size="sm">
              Invitation for <strong>{data.email}</strong>, valid until {formatDate(data.expiresAt)}.
            </Text>
            {isApiError(accept.error, 'invite_email_mismatch') ? (
              <Alert color="yellow" role="alert" title="Different account">
                You are signed in as {user?.email}, but this invitation was sent to {data.email}. Sign out and sign in
                with that address to accept it.
              </Alert>
            ) : (
              <InlineError error={accept.error} />
            )}
            {user ? (
              <Button size="md" loading={accept.isPending} onClick={() => accept.mutate()}>
                Accept invitation
              </Button>
            ) : (
              <Stack gap="xs">
                <Button component={Link} to={withNext('/signup', here)} size="md">
                  Create an account to accept
                </Button>
                <Button component={Link} to={withNext('/signin', here)} variant="default">
                  I already have an account
                </Button>
              </Stack>
            )}
          </Stack>
        </Paper>
      )}
    </Container>
  );
}
