import { Card, Group, SimpleGrid, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { HealthFigures } from '../../../common/api-types';
import { duration, pct, whole } from './chartsCommon';

interface Headline {
  label: string;
  value: string;
  note: string;
  /** A figure that asks for attention. */
  warn?: boolean;
}

function headlines(f: HealthFigures): Headline[] {
  const weeks = f.weeklyActive;
  // The last week is still under way: compare the two weeks before it.
  const lastFull = weeks.length >= 2 ? weeks[weeks.length - 2] : weeks[weeks.length - 1];
  const before = weeks.length >= 3 ? weeks[weeks.length - 3] : undefined;
  const change = lastFull && before ? lastFull.count - before.count : 0;
  return [
    {
      label: 'Members',
      value: whole(f.members.total),
      note: `+${whole(f.members.joined)} joined, −${whole(f.members.left)} left${f.members.onBreak ? `, ${whole(f.members.onBreak)} on a break` : ''}`,
    },
    {
      label: 'Active last week',
      value: whole(lastFull?.count ?? 0),
      note: before ? `${change >= 0 ? '+' : '−'}${Math.abs(change)} on the week before` : 'members who did anything',
    },
    {
      label: 'Newcomers activated',
      value: f.activation.cohort ? pct(f.activation.rate) : '—',
      note: f.activation.cohort
        ? `${whole(f.activation.activated)} of ${whole(f.activation.cohort)} contributed within 30 days`
        : 'no newcomers old enough to tell',
      warn: f.activation.cohort >= 3 && f.activation.rate < 0.3,
    },
    {
      label: 'Unanswered questions',
      value: whole(f.questions.unanswered),
      note: `of ${whole(f.questions.asked)} asked; first reply in ${duration(f.questions.medianFirstReplyHours)} (median)`,
      warn: f.questions.asked > 0 && f.questions.unanswered / f.questions.asked > 0.5,
    },
    {
      label: 'Top 10 % share',
      value: f.concentration.contributors ? pct(f.concentration.top10Share) : '—',
      note: `of contributions; Gini ${f.concentration.gini.toFixed(2)}`,
      warn: f.concentration.contributors >= 10 && f.concentration.top10Share > 0.6,
    },
    {
      label: 'Sessions held',
      value: whole(f.events.held),
      note: f.events.rsvps ? `${pct(f.events.noShowRate)} no-shows` : 'no answers recorded',
    },
    {
      label: 'Round-up click rate',
      value: f.roundups.delivered ? pct(f.roundups.clickRate) : '—',
      note: `${whole(f.roundups.sent)} sent, ${whole(f.roundups.delivered)} copies`,
    },
    {
      label: 'Outcomes',
      value: whole(f.outcomes.acceptedAnswers + f.outcomes.resources + f.outcomes.eventsHeld + f.outcomes.wins),
      note: `${whole(f.outcomes.acceptedAnswers)} answers, ${whole(f.outcomes.resources)} resources, ${whole(f.outcomes.wins)} wins`,
    },
  ];
}

/** The figures a coordinator looks at first, as cards. */
export function DashboardHeadline({ figures }: { figures: HealthFigures }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} spacing="sm" m={0} aria-label="Headline figures">
      {headlines(figures).map((h) => (
        <Card
          key={h.label}
          padding="md"
          style={{
            minWidth: 0,
            borderColor: h.warn ? 'var(--mantine-color-orange-6)' : undefined,
            borderWidth: h.warn ? 2 : undefined,
          }}
        >
          <Group component="dt" gap={4} wrap="nowrap" justify="space-between" align="flex-start">
            <Text size="sm" c="dark.4" fw={500} component="span">
              {h.label}
            </Text>
            {h.warn && (
              <>
                <IconAlertTriangle size={16} color="var(--mantine-color-orange-8)" aria-hidden />
                <VisuallyHidden>(needs attention)</VisuallyHidden>
              </>
            )}
          </Group>
          <Text component="dd" m={0} fz={28} fw={700} lh={1.2} className="cp-count">
            {h.value}
          </Text>
          <Text component="dd" m={0} size="xs" c="dark.4" style={{ overflowWrap: 'anywhere' }}>
            {h.note}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
