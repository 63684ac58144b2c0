import { Avatar, Badge, Button, Card, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ROLES, type Member, type Role } from '../../../common/api-types';
import { api, keys } from '../../api';
import { labels } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { RoleBadge, StatusBadge } from '../../ui/StatusBadge';
import { initials } from '../../ui/UserMenu';

export function MemberRow({ slug, member }: { slug: string; member: Member }) {
  const queryClient = useQueryClient();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.members(slug) }),
      queryClient.invalidateQueries({ queryKey: keys.community(slug) }),
    ]);
  const changeRole = useMutation({
    mutationFn: (role: Role) => api.changeRole(slug, member.userId, role),
    onSuccess: (updated) => {
      notifySuccess(`${updated.name} is now ${labels.roleInSentence[updated.role]}.`);
      return refresh();
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: () => api.removeMember(slug, member.userId),
    onSuccess: () => {
      notifySuccess(`${member.name} was removed.`);
      setConfirmRemove(false);
      return refresh();
    },
  });

  return (
    <Card component="li" padding="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 280px' }}>
          <Avatar color="indigo" radius="xl" aria-hidden>
            {initials(member.name)}
          </Avatar>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap={8}>
              <Text component={Link} to={`/c/${slug}/members/${member.userId}`} fw={600} c="dark.8">
                {member.name}
              </Text>
              <RoleBadge role={member.role} />
              <StatusBadge status={member.status} breakUntil={member.breakUntil} />
            </Group>
            {member.expertise.length > 0 && (
              <Group gap={4}>
                {member.expertise.slice(0, 5).map((e) => (
                  <Badge key={e} color="gray" tt="none" fw={500} size="sm">
                    {e}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
        </Group>
        {(member.abilities.changeRole || member.abilities.remove) && (
          <Group gap="xs" wrap="nowrap">
            {member.abilities.changeRole && (
              <NativeSelect
                aria-label={`Role of ${member.name}`}
                size="xs"
                value={member.role}
                disabled={changeRole.isPending}
                onChange={(e) => changeRole.mutate(e.currentTarget.value as Role)}
                data={ROLES.map((r) => ({ value: r, label: labels.role[r] }))}
              />
            )}
            {member.abilities.remove && (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() => setConfirmRemove(true)}
                aria-label={`Remove ${member.name}`}
              >
                Remove
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Modal opened={confirmRemove} onClose={() => setConfirmRemove(false)} title={`Remove ${member.name}?`} centered>
        <Stack gap="md">
          <Text size="sm">They will lose access to the community. What they contributed stays, credited to them.</Text>
          <InlineError error={remove.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirmRemove(false)}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Remove member
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
