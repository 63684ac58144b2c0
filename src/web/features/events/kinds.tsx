import { Badge, Box, Group, Text, ThemeIcon, type MantineSize } from '@mantine/core';
import {
  IconBolt,
  IconCoffee,
  IconMicrophone,
  IconRocket,
  IconTools,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { eventKinds } from '../../../common/limits';
import type { EventKind, OccurrenceSummary } from '../../../common/api-types';
import { plural } from '../../ui/format';

export interface EventKindMeta {
  label: string;
  plural: string;
  description: string;
  color: string;
  icon: Icon;
}

export const EVENT_KINDS: Record<EventKind, EventKindMeta> = {
  meetup: {
    label: 'Meetup',
    plural: 'Meetups',
    description: 'Members get together to talk shop.',
    color: 'blue',
    icon: IconUsers,
  },
  workshop: {
    label: 'Workshop',
    plural: 'Workshops',
    description: 'Hands-on: people leave having made or practised something.',
    color: 'grape',
    icon: IconTools,
  },
  ama: {
    label: 'AMA',
    plural: 'AMAs',
    description: 'Ask me anything: questions collected beforehand, answered live.',
    color: 'cyan',
    icon: IconMicrophone,
  },
  lightning_talks: {
    label: 'Lightning talks',
    plural: 'Lightning talks',
    description: 'Several short talks, five minutes each.',
    color: 'orange',
    icon: IconBolt,
  },
  focus_group: {
    label: 'Focus group',
    plural: 'Focus groups',
    description: 'A small group digs into one question.',
    color: 'indigo',
    icon: IconUsersGroup,
  },
  inception: {
    label: 'Kick-off',
    plural: 'Kick-offs',
    description: 'The start of something new: a project, a cohort, a working group.',
    color: 'teal',
    icon: IconRocket,
  },
  social: {
    label: 'Social',
    plural: 'Socials',
    description: 'No agenda: time together.',
    color: 'pink',
    icon: IconCoffee,
  },
};

export const EVENT_KIND_ORDER: readonly EventKind[] = eventKinds;

export function EventKindBadge({ kind, size = 'sm' }: { kind: EventKind; size?: MantineSize }) {
  const meta = EVENT_KINDS[kind];
  const Icon = meta.icon;
  return (
    <Badge
      size={size}
      color={meta.color}
      variant="light"
      c={`${meta.color}.9`}
      tt="none"
      fw={600}
      leftSection={<Icon size={13} aria-hidden />}
    >
      {meta.label}
    </Badge>
  );
}

export function EventKindIcon({ kind, size = 40 }: { kind: EventKind; size?: number }) {
  const meta = EVENT_KINDS[kind];
  const Icon = meta.icon;
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={meta.color} c={`${meta.color}.8`} aria-hidden>
      <Icon size={Math.round(size * 0.55)} />
    </ThemeIcon>
  );
}

export const sessionHref = (slug: string, s: { eventId: string; id: string }) =>
  `/c/${slug}/events/${s.eventId}/${s.id}`;

type Seats = Pick<OccurrenceSummary, 'capacity' | 'goingCount' | 'waitlistCount' | 'seatsLeft'>;

/** "12 of 20 going · 3 waiting"; "7 going" without a limit. */
export function seatsText(s: Seats): string {
  const going = s.capacity === null ? `${s.goingCount} going` : `${s.goingCount} of ${s.capacity} going`;
  return s.waitlistCount > 0 ? `${going} · ${s.waitlistCount} waiting` : going;
}

/**
 * Seats at a glance: a bar filled by those going, against the capacity, with the waitlist as an
 * overflow segment after it. The words say the same for those who do not see the bar.
 */
export function SeatsBar({ seats, compact = false }: { seats: Seats; compact?: boolean }) {
  const { capacity, goingCount, waitlistCount } = seats;
  const text = seatsText(seats);
  const full = capacity !== null && goingCount >= capacity;
  const left = capacity === null ? null : full ? 'Full' : `${plural(capacity - goingCount, 'seat')} left`;
  const total = capacity === null ? null : Math.max(capacity, goingCount) + waitlistCount;
  return (
    <Box>
      <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
        <Text size="sm" fw={600}>
          {text}
        </Text>
        {left && (
          <Text size="xs" c={full ? 'dark.8' : 'dark.5'} fw={full ? 700 : 500}>
            {left}
          </Text>
        )}
      </Group>
      {total !== null && total > 0 && (
        <Box
          h={compact ? 8 : 12}
          aria-hidden
          style={{
            display: 'flex',
            gap: 2,
            borderRadius: 999,
            overflow: 'hidden',
            background: 'var(--mantine-color-gray-2)',
          }}
        >
          {goingCount > 0 && <span style={{ flexGrow: goingCount, background: 'var(--mantine-color-lagoon-6)' }} />}
          {capacity! > goingCount && (
            <span
              style={{
                flexGrow: capacity! - goingCount,
                background:
                  'repeating-linear-gradient(135deg, var(--mantine-color-gray-1) 0 6px, var(--mantine-color-gray-3) 6px 8px)',
              }}
            />
          )}
          {waitlistCount > 0 && (
            <span style={{ flexGrow: waitlistCount, background: 'var(--mantine-color-orange-5)' }} />
          )}
        </Box>
      )}
    </Box>
  );
}
