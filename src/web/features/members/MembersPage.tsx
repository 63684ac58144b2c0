import { Button, Card, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ROLES, type MemberFilters, type MembershipStatus, type Role } from '../../../common/api-types';
import { api, keys } from '../../api';
import { labels, plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { MemberModes } from '../participation/MemberModes';
import { MemberRow } from './MemberRow';

const STATUSES: { value: MembershipStatus | ''; label: string }[] = [
  { value: '', label: 'Current members' },
  { value: 'active', label: 'Active' },
  { value: 'on_break', label: 'On a break' },
  { value: 'alumni', label: 'Alumni' },
];

const PAGE_SIZE = 25;

export function MembersPage() {
  const community = useCommunityContext();
  const [q, setQ] = useState('');
  const [expertise, setExpertise] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<MembershipStatus | ''>('');
  const [debounced] = useDebouncedValue({ q: q.trim(), expertise: expertise.trim() }, 250);
  const filters: MemberFilters = { ...debounced, role, status };
  const slug = community.slug;
  // Those who look after the community's health may switch to everyone's participation modes.
  const [params, setParams] = useSearchParams();
  const showModes = community.abilities.viewHealth && params.get('view') === 'modes';

  const query = useInfiniteQuery({
    queryKey: keys.members(slug, filters),
    queryFn: ({ pageParam }) => api.members(slug, { ...filters, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled: community.abilities.viewMembers && !showModes,
  });

  if (!community.abilities.viewMembers) return <NotFound />;
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;

  return (
    <>
      <PageHeader order={2} title="Members" description="The people who make this community." />
      {community.abilities.viewHealth && (
        <Group mb="md">
          <SegmentedControl
            aria-label="Show"
            value={showModes ? 'modes' : 'directory'}
            onChange={(value) => {
              const next = new URLSearchParams(params);
              if (value === 'modes') next.set('view', 'modes');
              else next.delete('view');
              setParams(next, { replace: true });
            }}
            data={[
              { value: 'directory', label: 'Directory' },
              { value: 'modes', label: 'Participation modes' },
            ]}
          />
        </Group>
      )}
      {showModes ? (
        <MemberModes slug={slug} />
      ) : (
        <>
          <Card mb="md" padding="md">
            <Group gap="sm" align="flex-end" role="search" aria-label="Filter members">
              <TextInput
                label="Search by name"
                leftSection={<IconSearch size={16} aria-hidden />}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                style={{ flex: '2 1 200px' }}
              />
              <TextInput
                label="Expertise"
                placeholder="e.g. facilitation"
                value={expertise}
                onChange={(e) => setExpertise(e.currentTarget.value)}
                style={{ flex: '1 1 160px' }}
              />
              <NativeSelect
                label="Role"
                value={role}
                onChange={(e) => setRole(e.currentTarget.value as Role | '')}
                data={[{ value: '', label: 'All roles' }, ...ROLES.map((r) => ({ value: r, label: labels.role[r] }))]}
                style={{ flex: '1 1 140px' }}
              />
              <NativeSelect
                label="Status"
                value={status}
                onChange={(e) => setStatus(e.currentTarget.value as MembershipStatus | '')}
                data={STATUSES}
                style={{ flex: '1 1 140px' }}
              />
            </Group>
          </Card>
          {query.isPending ? (
            <Loading label="Loading members" />
          ) : query.error && members.length === 0 ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Stack gap="sm">
              <Text size="sm" c="dimmed" aria-live="polite">
                {plural(total, 'member')} found
              </Text>
              {members.length === 0 ? (
                <Text c="dimmed" ta="center" py="xl">
                  Nobody matches these filters.
                </Text>
              ) : (
                <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Members">
                  {members.map((m) => (
                    <MemberRow key={m.userId} slug={slug} member={m} />
                  ))}
                </Stack>
              )}
              {query.hasNextPage && (
                <Group justify="center" mt="sm">
                  <Button
                    variant="default"
                    loading={query.isFetchingNextPage}
                    onClick={() => void query.fetchNextPage()}
                  >
                    Load more
                  </Button>
                </Group>
              )}
            </Stack>
          )}
        </>
      )}
    </>
  );
}
