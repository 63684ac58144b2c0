import { Anchor, Badge, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconBooks,
  IconCalendarEvent,
  IconCircleCheck,
  IconHandStop,
  IconHelpCircle,
  IconTrophy,
  type Icon,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { RoundupItem, RoundupSection, RoundupStatus } from '../../../common/api-types';
import { roundupSections } from '../../../common/limits';
import { formatDate, formatDateTime } from '../../ui/format';

/** How each section of a round-up (and of a catch-up) is titled and drawn. */
export const SECTIONS: Record<RoundupSection, { label: string; hint: string; icon: Icon; color: string }> = {
  accepted_answers: {
    label: 'Questions answered',
    hint: 'Questions that got an accepted answer.',
    icon: IconCircleCheck,
    color: 'green',
  },
  resources: {
    label: 'New in the repertoire',
    hint: 'Resources published to the repertoire.',
    icon: IconBooks,
    color: 'teal',
  },
  events: { label: 'Coming up', hint: 'Sessions in the next weeks.', icon: IconCalendarEvent, color: 'blue' },
  wins: { label: 'Wins', hint: 'What members celebrated.', icon: IconTrophy, color: 'orange' },
  unanswered: {
    label: 'Can you help?',
    hint: 'The oldest questions still waiting for an answer.',
    icon: IconHelpCircle,
    color: 'grape',
  },
  newcomers: { label: 'Say hello', hint: 'New members to welcome.', icon: IconHandStop, color: 'pink' },
};

export const SECTION_ORDER: readonly RoundupSection[] = roundupSections;

/** Items grouped by section in reading order, each section's items by position; empty sections left out. */
export function groupBySection(items: RoundupItem[]): { section: RoundupSection; items: RoundupItem[] }[] {
  return SECTION_ORDER.map((section) => ({
    section,
    items: items.filter((i) => i.section === section).sort((a, b) => a.position - b.position),
  })).filter((g) => g.items.length > 0);
}

const STATUS: Record<RoundupStatus, { label: string; color: string; variant?: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  scheduled: { label: 'Scheduled', color: 'indigo' },
  sending: { label: 'Sending', color: 'blue.8', variant: 'filled' },
  sent: { label: 'Sent', color: 'lagoon' },
  cancelled: { label: 'Cancelled', color: 'gray', variant: 'outline' },
};

export function RoundupStatusBadge({ status }: { status: RoundupStatus }) {
  const meta = STATUS[status] ?? STATUS.draft;
  // A span: the badge also sits inside a line of text (the editor's header).
  return (
    <Badge component="span" color={meta.color} variant={meta.variant ?? 'light'}>
      {meta.label}
    </Badge>
  );
}

export function SectionIcon({ section, size = 30 }: { section: RoundupSection; size?: number }) {
  const meta = SECTIONS[section];
  const IconComponent = meta.icon;
  return (
    <ThemeIcon size={size} radius="xl" variant="light" color={meta.color} c={`${meta.color}.8`} aria-hidden>
      <IconComponent size={Math.round(size * 0.58)} />
    </ThemeIcon>
  );
}

/** "3 – 10 Mar 2025": the days a round-up covers. */
export function periodLabel(start: string, end: string): string {
  const a = new Date(start);
  const b = new Date(end);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return '';
  const sameYear = a.getFullYear() === b.getFullYear();
  const first = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: sameYear ? undefined : 'numeric',
  }).format(a);
  const last = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(b);
  return `${first} – ${last}`;
}

/** A short fact from an item's meta that is worth a line: a session's start, who answered, how long a question waits. */
export function itemFact(item: RoundupItem): string | null {
  const meta = item.meta ?? {};
  const str = (key: string) => (typeof meta[key] === 'string' && meta[key] ? (meta[key] as string) : null);
  switch (item.section) {
    case 'events': {
      const start = str('startsAt');
      if (!start) return null;
      // In the organiser's zone, named, as the mail says it.
      const zone = str('timeZone');
      try {
        return new Intl.DateTimeFormat(undefined, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          timeZone: zone ?? undefined,
          timeZoneName: 'short',
        }).format(new Date(start));
      } catch {
        return formatDateTime(start);
      }
    }
    case 'accepted_answers': {
      const by = str('answeredBy');
      return by ? `Answered by ${by}` : null;
    }
    case 'unanswered': {
      const days = typeof meta.ageDays === 'number' ? meta.ageDays : null;
      const by = str('askedBy');
      const age = days === null ? null : days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
      return [by && `Asked by ${by}`, age && (by ? age : `Asked ${age}`)].filter(Boolean).join(' · ') || null;
    }
    case 'wins': {
      const by = str('author');
      return by ? `Shared by ${by}` : null;
    }
    case 'newcomers': {
      const joined = str('joinedAt');
      return joined ? `Joined ${formatDate(joined)}` : null;
    }
    default:
      return null;
  }
}

/** One item as a card: its title linking to it, a summary and its topics. */
export function ItemCard({ item }: { item: RoundupItem }) {
  const fact = itemFact(item);
  return (
    <Card padding="md" className="cp-card-link" component="article" h="100%">
      <Stack gap={6}>
        <Anchor
          component={Link}
          to={item.path}
          fw={650}
          underline="hover"
          c="dark.8"
          style={{ overflowWrap: 'anywhere' }}
        >
          {item.title}
        </Anchor>
        {fact && (
          <Text size="xs" c="dark.4">
            {fact}
          </Text>
        )}
        {item.summary && (
          <Text size="sm" c="dark.5" lineClamp={3}>
            {item.summary}
          </Text>
        )}
        {item.topics.length > 0 && (
          <Group gap={4}>
            {item.topics.slice(0, 4).map((t) => (
              <Badge key={t} size="sm" color="lagoon" tt="none" fw={500}>
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** A section's heading: icon, title and how many. */
export function SectionHeading({
  section,
  count,
  id,
  order = 2,
}: {
  section: RoundupSection;
  count?: number;
  id?: string;
  order?: 2 | 3;
}) {
  const meta = SECTIONS[section];
  return (
    <Group gap="sm" wrap="nowrap">
      <SectionIcon section={section} />
      <Stack gap={0}>
        <Title order={order} size="h4" id={id}>
          {meta.label}
          {count !== undefined && (
            <Text span c="dimmed" fw={500} size="sm">
              {' '}
              · {count}
            </Text>
          )}
        </Title>
        <Text size="xs" c="dark.4">
          {meta.hint}
        </Text>
      </Stack>
    </Group>
  );
}
