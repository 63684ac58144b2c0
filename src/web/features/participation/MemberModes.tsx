import {
  Avatar,
  Button,
  Card,
  Collapse,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { MemberMode, MemberModeFilters, ParticipationMode } from '../../../common/api-types';
import { formatDate, plural } from '../../ui/format';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { RoleBadge, StatusBadge } from '../../ui/StatusBadge';
import { initials } from '../../ui/UserMenu';
import { participationApi, participationKeys } from './api';
import { ModeBadge } from './ModeBadge';
import { modeLabel, modeLadder } from './modes';

const PAGE_SIZE = 25;

/** One member's mode changes, newest first, loaded when asked for. */
function ModeHistory({ slug, member }: { slug: string; member: MemberMode }) {
  const detail = useQuery({
    queryKey: participationKeys.member(slug, member.userId),
    queryFn: () => participationApi.member(slug, member.userId),
  });
  if (detail.isPending) return <Loading label={`Loading ${member.name}’s mode history`} />;
  if (detail.error) return <InlineError error={detail.error} />;
  if (detail.data.history.length === 0)
    return (
      <Text size="sm" c="dark.4">
        No history yet.
      </Text>
    );
  return (
    <Stack component="ol" gap={2} m={0} pl="md" aria-label={`${member.name}’s mode history`}>
      {detail.data.history.map((h) => (
        <Text component="li" size="sm" key={`${h.changedAt}:${h.toMode}`}>
          {formatDate(h.changedAt)}: {h.fromMode ? `${modeLabel(h.fromMode)} → ` : 'first computed as '}
          <Text span fw={600} inherit>
            {modeLabel(h.toMode)}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}

function MemberModeRow({ slug, member }: { slug: string; member: MemberMode }) {
  const [open, setOpen] = useState(false);
  const historyId = useId();
  return (
    <Card component="li" padding="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Avatar color="indigo" radius="xl" aria-hidden>
            {initials(member.name)}
          </Avatar>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap={8}>
              <Text component={Link} to={`/c/${slug}/members/${member.userId}`} fw={600} c="dark.8">
                {member.name}
              </Text>
              <ModeBadge mode={member.mode} />
              {member.role !== 'member' && <RoleBadge role={member.role} />}
              {member.status !== 'active' && <StatusBadge status={member.status} breakUntil={null} />}
            </Group>
            {member.mode && (
              <Text size="sm" c="dark.4">
                {member.because}
                {member.since ? ` · since ${formatDate(member.since)}` : ''}
              </Text>
            )}
          </Stack>
        </Group>
        {member.mode && (
          <Button
            size="xs"
            variant="subtle"
            aria-expanded={open}
            aria-controls={historyId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide history' : 'History'}
            <VisuallyHidden>{` of ${member.name}’s mode`}</VisuallyHidden>
          </Button>
        )}
      </Group>
      <Collapse expanded={open} id={historyId}>
        {open && (
          <Stack mt="sm">
            <ModeHistory slug={slug} member={member} />
          </Stack>
        )}
      </Collapse>
    </Card>
  );
}

/**
 * The member list as those who look after the community's health see it: each current member's
 * participation mode, why and since when, filtered by mode (with how many are in each) or name.
 */
export function MemberModes({ slug }: { slug: string }) {
  const [q, setQ] = useState('');
  const [mode, setMode] = useState<ParticipationMode | ''>('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const filters: MemberModeFilters = { q: debounced, mode };
  const query = useInfiniteQuery({
    queryKey: participationKeys.members(slug, filters),
    queryFn: ({ pageParam }) => participationApi.members(slug, { ...filters, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const first = query.data?.pages[0];
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = first?.counts;
  const options = [
    { value: '', label: 'All modes' },
    ...modeLadder.map((m) => ({
      value: m.mode,
      label: counts ? `${m.label} (${counts[m.mode].toLocaleString()})` : m.label,
    })),
  ];

  return (
    <Stack gap="md">
      <Card padding="md">
        <Group gap="sm" align="flex-end" role="search" aria-label="Filter members by participation">
          <TextInput
            label="Search by name"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            style={{ flex: '2 1 200px' }}
          />
          <NativeSelect
            label="Participation mode"
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value as ParticipationMode | '')}
            data={options}
            style={{ flex: '1 1 200px' }}
          />
        </Group>
        {counts && (
          <Text size="xs" c="dark.4" mt="sm">
            Over the last {first.windowDays} days:{' '}
            {modeLadder.map((m) => `${m.label} ${counts[m.mode].toLocaleString()}`).join(' · ')}
            {counts.notComputed > 0 ? ` · not computed yet ${counts.notComputed.toLocaleString()}` : ''}.
          </Text>
        )}
      </Card>
      {query.isPending ? (
        <Loading label="Loading members’ modes" />
      ) : query.error && members.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {plural(first?.total ?? 0, 'member')} found
          </Text>
          {members.length === 0 ? (
            <Text c="dimmed" ta="center" py="xl">
              Nobody matches these filters.
            </Text>
          ) : (
            <Stack
              gap="xs"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label="Members and their modes"
            >
              {members.map((m) => (
                <MemberModeRow key={m.userId} slug={slug} member={m} />
              ))}
            </Stack>
          )}
          {query.hasNextPage && (
            <Group justify="center" mt="sm">
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
