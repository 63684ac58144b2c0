import { Anchor, Badge, Box, Card, Group, Stack, Text } from '@mantine/core';
import { IconMapPin, IconNotes, IconRepeat, IconVideo } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { OccurrenceSummary } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { EventKindBadge, SeatsBar, sessionHref } from './kinds';
import { MyRsvpBadge, RsvpControls } from './RsvpControls';
import { sessionDay, sessionTime } from './time';

/** A calendar-leaf date: month, day and weekday in the viewer's zone. */
export function DateLeaf({ startsAt, zone, cancelled }: { startsAt: string; zone: string; cancelled?: boolean }) {
  const d = sessionDay(startsAt, zone);
  return (
    <Box
      aria-hidden
      w={58}
      style={{
        flexShrink: 0,
        borderRadius: 10,
        overflow: 'hidden',
        border: '1px solid var(--mantine-color-gray-3)',
        textAlign: 'center',
        background: 'var(--mantine-color-white)',
        opacity: cancelled ? 0.6 : 1,
      }}
    >
      <Text size="xs" fw={700} c="white" bg={cancelled ? 'gray.7' : 'lagoon.8'} tt="uppercase" py={2}>
        {d.month}
      </Text>
      <Text fw={700} fz={22} lh={1.1} pt={4}>
        {d.day}
      </Text>
      <Text size="xs" c="dark.4" pb={4}>
        {d.weekday}
      </Text>
    </Box>
  );
}

export function WhereLine({ session }: { session: Pick<OccurrenceSummary, 'place' | 'online'> }) {
  if (!session.place && !session.online) return null;
  return (
    <Group gap="md" c="dark.5">
      {session.place && (
        <Group gap={4} wrap="nowrap">
          <IconMapPin size={15} aria-hidden style={{ flexShrink: 0 }} />
          <Text size="sm" lineClamp={1}>
            {session.place}
          </Text>
        </Group>
      )}
      {session.online && (
        <Group gap={4} wrap="nowrap">
          <IconVideo size={15} aria-hidden style={{ flexShrink: 0 }} />
          <Text size="sm">Online</Text>
        </Group>
      )}
    </Group>
  );
}

/** One session in a list: when (in the viewer's zone, zone named), where, who hosts, seats and the RSVP. */
export function SessionCard({
  slug,
  session,
  zone,
  past = false,
  canAnswer,
  signedIn,
}: {
  slug: string;
  session: OccurrenceSummary;
  zone: string;
  past?: boolean;
  canAnswer: boolean;
  signedIn: boolean;
}) {
  const when = sessionTime(session, zone);
  const cancelled = session.status === 'cancelled';
  const titleId = `session-${session.id}`;
  return (
    <Card component="article" aria-labelledby={titleId} padding="md" withBorder>
      <Group align="flex-start" gap="md" wrap="nowrap">
        <DateLeaf startsAt={session.startsAt} zone={zone} cancelled={cancelled} />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6}>
            <EventKindBadge kind={session.kind} />
            {session.recurring && (
              <Badge
                variant="outline"
                color="gray"
                c="dark.5"
                tt="none"
                leftSection={<IconRepeat size={12} aria-hidden />}
              >
                Series
              </Badge>
            )}
            {cancelled && (
              <Badge color="red" variant="filled" tt="none">
                Cancelled
              </Badge>
            )}
            {session.moved && !cancelled && (
              <Badge color="yellow" variant="filled" c="dark.9" tt="none">
                Moved
              </Badge>
            )}
            {!past && <MyRsvpBadge rsvp={session.myRsvp} />}
          </Group>
          <Anchor
            component={Link}
            to={sessionHref(slug, session)}
            id={titleId}
            fw={650}
            fz="lg"
            c="dark.8"
            td={cancelled ? 'line-through' : undefined}
            style={{ overflowWrap: 'anywhere' }}
          >
            {session.title}
          </Anchor>
          <Text size="sm" fw={500} c="dark.6">
            <time dateTime={session.startsAt}>{when.local}</time>
            {when.organiser && (
              <Text component="span" size="sm" c="dark.4" fw={400}>
                {' '}
                ({when.organiser})
              </Text>
            )}
          </Text>
          <WhereLine session={session} />
          {session.hosts.length > 0 && (
            <Text size="sm" c="dark.5">
              Hosted by {session.hosts.map((h) => h.user.name).join(', ')}
            </Text>
          )}
          {past ? (
            <Group gap="md">
              {session.attendedCount !== null && (
                <Text size="sm" fw={600}>
                  {plural(session.attendedCount, 'person', 'people')} came
                  {session.noShowCount ? ` · ${plural(session.noShowCount, 'no-show')}` : ''}
                </Text>
              )}
              {session.hasNotes && (
                <Group gap={4} c="lagoon.8">
                  <IconNotes size={15} aria-hidden />
                  <Text size="sm" fw={600}>
                    Notes and outcomes
                  </Text>
                </Group>
              )}
            </Group>
          ) : (
            !cancelled && (
              <Group justify="space-between" align="flex-end" gap="md" mt={4}>
                <Box style={{ flex: '1 1 200px', maxWidth: 340 }}>
                  <SeatsBar seats={session} compact />
                </Box>
                <RsvpControls slug={slug} session={session} canAnswer={canAnswer} signedIn={signedIn} compact />
              </Group>
            )
          )}
        </Stack>
      </Group>
    </Card>
  );
}
