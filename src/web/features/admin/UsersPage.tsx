import { Badge, Button, Card, Container, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminUser } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDate } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { useCurrentUser } from '../auth/session';

export function UsersPage() {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.adminUsers(debounced),
    queryFn: () => api.adminUsers(debounced),
    placeholderData: keepPreviousData,
  });
  // On a phone five columns do not fit: each user becomes a stacked row instead.
  const compact = useBelow('sm');

  return (
    <Container size="lg" py="xl">
      <PageHeader title="Users" description="Everyone with an account on this instance." />
      <TextInput
        label="Search users"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        mb="md"
        maw={420}
      />
      <Card padding={0}>
        {isPending ? (
          <Loading label="Loading users" />
        ) : error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : data.items.length === 0 ? (
          <Text c="dimmed" p="lg">
            No users match.
          </Text>
        ) : compact ? (
          <ul className="cp-stack-list" aria-label="Users">
            {data.items.map((u) => (
              <UserItem key={u.id} user={u} />
            ))}
          </ul>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((u) => (
                  <UserRow key={u.id} user={u} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Container>
  );
}

function useToggleUser(user: AdminUser) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => (user.disabled ? api.enableUser(user.id) : api.disableUser(user.id)),
    onSuccess: () => {
      notifySuccess(user.disabled ? `${user.name} can sign in again.` : `${user.name} is disabled and signed out.`);
      return queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
    onError: notifyError,
  });
}

function ToggleUserButton({ user }: { user: AdminUser }) {
  const me = useCurrentUser();
  const toggle = useToggleUser(user);
  if (user.id === me?.id) return null;
  return (
    <Button
      size="xs"
      variant={user.disabled ? 'light' : 'subtle'}
      color={user.disabled ? 'lagoon' : 'red'}
      loading={toggle.isPending}
      onClick={() => toggle.mutate()}
      aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.name}`}
    >
      {user.disabled ? 'Enable' : 'Disable'}
    </Button>
  );
}

function UserStatus({ user }: { user: AdminUser }) {
  return user.disabled ? <Badge color="red">Disabled</Badge> : <Badge color="lagoon">Active</Badge>;
}

function UserName({ user }: { user: AdminUser }) {
  return (
    // A div, not a paragraph: the badge inside is a div too.
    <Text size="sm" fw={500} component="div" style={{ overflowWrap: 'break-word' }}>
      {user.name}{' '}
      {user.isAdmin && (
        <Badge size="xs" color="indigo" ml={4}>
          Admin
        </Badge>
      )}
    </Text>
  );
}

/** One user as a stacked row, for narrow screens. */
function UserItem({ user }: { user: AdminUser }) {
  return (
    <li>
      <Stack gap={4} px="md" py="sm">
        <UserName user={user} />
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'break-word' }}>
          {user.email}
        </Text>
        <Group justify="space-between" gap="xs" wrap="wrap" mih={30}>
          <Group gap="xs" wrap="wrap">
            <UserStatus user={user} />
            <Text size="xs" c="dimmed">
              Joined {formatDate(user.createdAt)}
            </Text>
          </Group>
          <ToggleUserButton user={user} />
        </Group>
      </Stack>
    </li>
  );
}

function UserRow({ user }: { user: AdminUser }) {
  return (
    <Table.Tr>
      <Table.Td>
        <UserName user={user} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(user.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <UserStatus user={user} />
      </Table.Td>
      <Table.Td ta="right">
        <ToggleUserButton user={user} />
      </Table.Td>
    </Table.Tr>
  );
}
