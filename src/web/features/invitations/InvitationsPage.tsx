import { Badge, Button, Card, Grid, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Invitation } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDate } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { useCommunityContext } from '../communities/CommunityLayout';
import { InviteForm } from './InviteForm';

const STATUS_COLOR: Record<Invitation['status'], string> = {
  pending: 'indigo',
  accepted: 'lagoon',
  expired: 'gray',
  revoked: 'red',
};

export function InvitationsPage() {
  const community = useCommunityContext();
  if (!community.abilities.invite) return <NotFound />;
  return (
    <>
      <PageHeader order={2} title="Invitations" description={`Invite practitioners to ${community.name}.`} />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <InviteForm slug={community.slug} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <InvitationList slug={community.slug} />
        </Grid.Col>
      </Grid>
    </>
  );
}

function InvitationList({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.invitations(slug),
    queryFn: () => api.invitations(slug),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeInvitation(slug, id),
    onSuccess: () => {
      notifySuccess('Invitation revoked.');
      return queryClient.invalidateQueries({ queryKey: keys.invitations(slug) });
    },
    onError: notifyError,
  });
  const compact = useBelow('xs');

  const revokeButton = (inv: Invitation) =>
    inv.status === 'pending' && (
      <Button
        size="xs"
        variant="subtle"
        color="red"
        loading={revoke.isPending && revoke.variables === inv.id}
        onClick={() => revoke.mutate(inv.id)}
        aria-label={`Revoke invitation for ${inv.email}`}
      >
        Revoke
      </Button>
    );
  const who = (inv: Invitation) => (
    <>
      <Text size="sm" fw={500} style={{ overflowWrap: 'break-word' }}>
        {inv.email}
      </Text>
      <Text size="xs" c="dimmed">
        {inv.role === 'core' ? 'Core group' : 'Member'}
        {inv.invitedBy ? ` · by ${inv.invitedBy.name}` : ''}
      </Text>
    </>
  );

  return (
    <Card component="section" aria-labelledby="invitations-title">
      <Stack gap="md">
        <Title order={3} size="h4" id="invitations-title">
          Sent invitations
        </Title>
        {isPending ? (
          <Loading label="Loading invitations" />
        ) : error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : data.items.length === 0 ? (
          <Text c="dimmed">No invitations yet.</Text>
        ) : compact ? (
          <ul className="cp-stack-list" aria-label="Sent invitations">
            {data.items.map((inv) => (
              <li key={inv.id}>
                <Stack gap={6} py="sm">
                  <div>{who(inv)}</div>
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Group gap="xs" wrap="wrap">
                      <Badge color={STATUS_COLOR[inv.status]}>{inv.status}</Badge>
                      <Text size="xs" c="dimmed">
                        Expires {formatDate(inv.expiresAt)}
                      </Text>
                    </Group>
                    {revokeButton(inv)}
                  </Group>
                </Stack>
              </li>
            ))}
          </ul>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((inv) => (
                  <Table.Tr key={inv.id}>
                    <Table.Td>{who(inv)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[inv.status]}>{inv.status}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(inv.expiresAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{revokeButton(inv)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
