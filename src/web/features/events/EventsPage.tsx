import { Anchor, Button, Group, NativeSelect, Stack, Tabs, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCalendarEvent, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { EventKind } from '../../../common/api-types';
import { eventKinds } from '../../../common/limits';
import { Empty } from '../../ui/Empty';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { isMine } from '../communities/membership';
import { eventKeys, eventsApi, type EventListFilters, type EventsWhen } from './api';
import { CalendarSubscribe } from './CalendarSubscribe';
import { EVENT_KIND_ORDER, EVENT_KINDS } from './kinds';
import { SessionCard } from './SessionCard';
import { useViewerZone, zoneLabel } from './time';

const PAGE_SIZE = 20;

export function useSessions(slug: string, filters: EventListFilters, limit = PAGE_SIZE, enabled = true) {
  return useInfiniteQuery({
    queryKey: eventKeys.list(slug, { ...filters, limit }),
    queryFn: ({ pageParam }) => eventsApi.list(slug, { ...filters, cursor: pageParam, limit }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

function readKind(value: string | null): EventKind | '' {
  return (eventKinds as readonly string[]).includes(value ?? '') ? (value as EventKind) : '';
}

/** "Times are in America/New_York (EST), from your browser." — always said, so nobody misreads a time. */
export function ZoneNote({ zone, source, slug }: { zone: string; source: 'profile' | 'browser'; slug: string }) {
  return (
    <Text size="sm" c="dark.4">
      Times are in {zoneLabel(zone)},{' '}
      {source === 'profile' ? (
        <>
          from your{' '}
          <Anchor component={Link} to={`/c/${slug}/profile`} inherit>
            profile
          </Anchor>
          .
        </>
      ) : (
        'your browser’s time zone.'
      )}
    </Text>
  );
}

export function EventsPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const when: EventsWhen = params.get('when') === 'past' ? 'past' : 'upcoming';
  const kind = readKind(params.get('kind'));
  const { zone, source } = useViewerZone();
  const query = useSessions(slug, { when, kind });
  useDocumentTitle(`Events · ${community.name}`);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value && !(key === 'when' && value === 'upcoming')) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const member = Boolean(user && isMine(community.myMembership));
  const sessions = query.data?.pages.flatMap((p) => p.items) ?? [];
  const label = when === 'upcoming' ? 'Upcoming sessions' : 'Past sessions';

  return (
    <>
      <PageHeader
        order={2}
        title="Events"
        description="Meetups, workshops and AMAs: come along, and find what came out of the ones before."
        actions={
          <>
            <CalendarSubscribe slug={slug} isPrivate={community.visibility === 'private'} />
            {community.abilities.organiseEvents && (
              <Button component={Link} to={`/c/${slug}/events/new`} leftSection={<IconPlus size={16} aria-hidden />}>
                New event
              </Button>
            )}
          </>
        }
      />
      <Tabs value={when} onChange={(value) => update({ when: value ?? 'upcoming' })} keepMounted={false}>
        <Tabs.List aria-label="Which events" mb="md">
          <Tabs.Tab value="upcoming" fw={600}>
            Upcoming
          </Tabs.Tab>
          <Tabs.Tab value="past" fw={600}>
            Past
          </Tabs.Tab>
        </Tabs.List>
        <Group justify="space-between" align="flex-end" gap="sm" mb="md" wrap="wrap">
          <ZoneNote zone={zone} source={source} slug={slug} />
          <NativeSelect
            label="Kind"
            value={kind}
            data={[
              { value: '', label: 'All kinds' },
              ...EVENT_KIND_ORDER.map((k) => ({ value: k, label: EVENT_KINDS[k].plural })),
            ]}
            onChange={(e) => update({ kind: e.currentTarget.value })}
            style={{ flex: '0 1 200px' }}
          />
        </Group>
        {(['upcoming', 'past'] as const).map((w) => (
          <Tabs.Panel key={w} value={w}>
            {query.isPending ? (
              <Loading label="Loading events" />
            ) : query.error ? (
              <ErrorState error={query.error} onRetry={() => void query.refetch()} />
            ) : sessions.length === 0 ? (
              <Empty
                icon={<IconCalendarEvent size={28} />}
                title={
                  kind
                    ? `No ${EVENT_KINDS[kind].plural.toLowerCase()} ${w === 'upcoming' ? 'coming up' : 'yet'}`
                    : w === 'upcoming'
                      ? 'Nothing planned yet'
                      : 'No past events yet'
                }
                action={
                  w === 'upcoming' &&
                  community.abilities.organiseEvents && (
                    <Button component={Link} to={`/c/${slug}/events/new`}>
                      Plan an event
                    </Button>
                  )
                }
              >
                {w === 'upcoming'
                  ? 'When a meetup or workshop is planned, it shows up here with its seats.'
                  : 'Sessions that have happened show here with who came and their notes.'}
              </Empty>
            ) : (
              <Stack gap="sm">
                <Stack gap="sm" component="ul" aria-label={label} p={0} m={0} style={{ listStyle: 'none' }}>
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <SessionCard
                        slug={slug}
                        session={s}
                        zone={zone}
                        past={w === 'past'}
                        canAnswer={member}
                        signedIn={Boolean(user)}
                      />
                    </li>
                  ))}
                </Stack>
                {query.hasNextPage && (
                  <Button
                    variant="default"
                    onClick={() => void query.fetchNextPage()}
                    loading={query.isFetchingNextPage}
                    style={{ alignSelf: 'center' }}
                  >
                    Show more
                  </Button>
                )}
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
