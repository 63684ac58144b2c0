import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { useSessions } from './EventsPage';
import { seatsText, sessionHref } from './kinds';
import { MyRsvpBadge } from './RsvpControls';
import { DateLeaf } from './SessionCard';
import { sessionTime, useViewerZone } from './time';

/** The community home's "Upcoming events": the next three sessions and the way to the rest. */
export function UpcomingEvents({ community }: { community: CommunityDetail }) {
  const slug = community.slug;
  const query = useSessions(slug, { when: 'upcoming' }, 3);
  const { zone } = useViewerZone();
  const sessions = (query.data?.pages[0]?.items ?? []).filter((s) => s.status === 'scheduled').slice(0, 3);
  if (query.isPending || query.error) return null;
  if (sessions.length === 0 && !community.abilities.organiseEvents) return null;
  return (
    <Card component="section" aria-labelledby="upcoming-events">
      <Stack gap="sm">
        <Title order={2} size="h5" id="upcoming-events">
          Upcoming events
        </Title>
        {sessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing planned yet.{' '}
            <Anchor component={Link} to={`/c/${slug}/events/new`} inherit>
              Plan an event
            </Anchor>
          </Text>
        ) : (
          <Stack gap={12} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Upcoming events">
            {sessions.map((s) => (
              <Group key={s.id} component="li" gap="sm" wrap="nowrap" align="flex-start">
                <DateLeaf startsAt={s.startsAt} zone={zone} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Anchor
                    component={Link}
                    to={sessionHref(slug, s)}
                    size="sm"
                    fw={650}
                    c="dark.8"
                    underline="hover"
                    lineClamp={2}
                  >
                    {s.title}
                  </Anchor>
                  <Text size="xs" c="dark.5">
                    {sessionTime(s, zone).local}
                  </Text>
                  <Group gap={6}>
                    <Text size="xs" c="dark.5">
                      {seatsText(s)}
                    </Text>
                    <MyRsvpBadge rsvp={s.myRsvp} />
                  </Group>
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
        <Anchor component={Link} to={`/c/${slug}/events`} size="sm" fw={600}>
          <Group gap={4} component="span" wrap="nowrap">
            All events <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Stack>
    </Card>
  );
}
