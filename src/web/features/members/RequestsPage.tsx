import { Avatar, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JoinRequest } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDateTime } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { initials } from '../../ui/UserMenu';
import { useCommunityContext } from '../communities/CommunityLayout';

export function RequestsPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.requests(slug),
    queryFn: () => api.requests(slug),
    enabled: community.abilities.viewRequests,
  });
  if (!community.abilities.viewRequests) return <NotFound />;

  return (
    <>
      <PageHeader
        order={2}
        title="Requests to join"
        description="People who asked to join. Approve them to welcome them in."
      />
      {isPending ? (
        <Loading label="Loading requests" />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <Card>
          <Text c="dimmed" ta="center" py="lg">
            No pending requests. You are all caught up.
          </Text>
        </Card>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Pending requests">
          {data.items.map((r) => (
            <RequestRow key={r.userId} slug={slug} request={r} />
          ))}
        </Stack>
      )}
    </>
  );
}

function RequestRow({ slug, request }: { slug: string; request: JoinRequest }) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.requests(slug) }),
      queryClient.invalidateQueries({ queryKey: keys.members(slug) }),
      queryClient.invalidateQueries({ queryKey: keys.community(slug) }),
    ]);
  const approve = useMutation({
    mutationFn: () => api.approveRequest(slug, request.userId),
    onSuccess: () => {
      notifySuccess(`${request.name} is now a member.`);
      return refresh();
    },
    onError: notifyError,
  });
  const decline = useMutation({
    mutationFn: () => api.declineRequest(slug, request.userId),
    onSuccess: () => {
      notifySuccess(`Request from ${request.name} declined.`);
      return refresh();
    },
    onError: notifyError,
  });
  const busy = approve.isPending || decline.isPending;

  return (
    <Card component="li" padding="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="md" align="flex-start" wrap="nowrap" style={{ flex: '1 1 300px', minWidth: 0 }}>
          <Avatar color="indigo" radius="xl" aria-hidden>
            {initials(request.name)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600}>{request.name}</Text>
            <Text size="sm" c="dimmed">
              {request.email} · asked {formatDateTime(request.requestedAt)}
            </Text>
            {request.message && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line' }}>
                “{request.message}”
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap="xs">
          <Button
            variant="default"
            disabled={busy}
            loading={decline.isPending}
            onClick={() => decline.mutate()}
            aria-label={`Decline ${request.name}`}
          >
            Decline
          </Button>
          <Button
            disabled={busy}
            loading={approve.isPending}
            onClick={() => approve.mutate()}
            aria-label={`Approve ${request.name}`}
          >
            Approve
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
