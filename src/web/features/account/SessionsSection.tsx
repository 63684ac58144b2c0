import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Session } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDateTime } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { Section } from './Section';

export function describeAgent(agent: string | null): string {
  if (!agent) return 'Unknown device';
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : null;
  const os = /Windows/.test(agent)
    ? 'Windows'
    : /Android/.test(agent)
      ? 'Android'
      : /iPhone|iPad/.test(agent)
        ? 'iOS'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? agent.slice(0, 60);
}

export function SessionsSection() {
  const queryClient = useQueryClient();
  const { data, error, isPending, refetch } = useQuery({ queryKey: keys.sessions, queryFn: api.sessions });
  const end = useMutation({
    mutationFn: api.endSession,
    onSuccess: () => {
      notifySuccess('Session ended.');
      return queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
    onError: notifyError,
  });

  return (
    <Section id="account-sessions" title="Where you are signed in" description="End any session you do not recognise.">
      {isPending ? (
        <Loading label="Loading sessions" />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Sessions">
          {data.items.map((s) => (
            <SessionRow
              key={s.id}
              session={s}
              pending={end.isPending && end.variables === s.id}
              onEnd={() => end.mutate(s.id)}
            />
          ))}
        </Stack>
      )}
    </Section>
  );
}

function SessionRow({ session, pending, onEnd }: { session: Session; pending: boolean; onEnd: () => void }) {
  const name = describeAgent(session.userAgent);
  return (
    <Group
      component="li"
      justify="space-between"
      py="sm"
      wrap="nowrap"
      gap="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <IconDeviceDesktop size={22} aria-hidden color="var(--mantine-color-gray-6)" />
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {name}
            </Text>
            {session.current && <Badge color="lagoon">This device</Badge>}
          </Group>
          <Text size="xs" c="dimmed">
            {[
              session.ip,
              `signed in ${formatDateTime(session.createdAt)}`,
              session.lastSeenAt && `last seen ${formatDateTime(session.lastSeenAt)}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
      </Group>
      {!session.current && (
        <Button size="xs" variant="default" loading={pending} onClick={onEnd} aria-label={`End session on ${name}`}>
          End session
        </Button>
      )}
    </Group>
  );
}
