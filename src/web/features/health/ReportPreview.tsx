import { Badge, Box, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { SponsorReport, SurveyHighlight } from '../../../common/api-types';
import { HeadlineTiles, Section } from './AssessmentParts';
import { axisProps, ChartFigure, COLORS, Legend, MODES, monthLabel, pct, whole } from './chartsCommon';

const monthName = (month: string) => monthLabel(`${month}-01`);

/** The sponsor report as the page previews it: the same figures the PDF and CSV hold. */
export function ReportPreview({ report: r }: { report: SponsorReport }) {
  const months = r.size.byMonth.map((m) => ({ ...m, label: monthName(m.month) }));
  const modes = MODES.map((m) => ({ label: m.label, color: m.color, value: r.engagement.modes[m.mode] ?? 0 }));
  const outcomes = [
    { label: 'Questions asked', value: r.outcomes.questionsAsked },
    { label: 'Accepted answers', value: r.outcomes.acceptedAnswers },
    { label: 'Resources published', value: r.outcomes.resources },
    { label: 'Events held', value: r.outcomes.eventsHeld },
    { label: 'Attendances', value: r.outcomes.attended },
    { label: 'Wins shared', value: r.outcomes.wins },
  ];
  const first = months[0];
  const last = months.at(-1);

  return (
    <Stack gap="lg">
      <Section
        title="At a glance"
        description={
          r.stage
            ? `Maturity stage: ${r.stage.label} (assessed for ${r.stage.quarter}).`
            : 'No assessment of the maturity stage in this period.'
        }
      >
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm" component="dl" m={0} aria-label="Key figures">
          {[
            ['Members', whole(r.size.members)],
            ['Joined', whole(r.size.joined)],
            ['Left', whole(r.size.left)],
            ['Contributing', pct(r.engagement.contributingShare)],
            ['Accepted answers', whole(r.outcomes.acceptedAnswers)],
            ['Events held', whole(r.outcomes.eventsHeld)],
          ].map(([label, value]) => (
            <Card key={label} padding="sm" bg="lagoon.0" component="div">
              <Text component="dt" size="xs" c="dark.5">
                {label}
              </Text>
              <Text component="dd" m={0} fw={700} fz="xl" c="lagoon.9" className="cp-count">
                {value}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ChartFigure
          title="Members month by month"
          summary={
            first && last
              ? `Members at the end of each month, from ${whole(first.members)} in ${first.label} to ${whole(last.members)} in ${last.label}.`
              : 'No months in this period.'
          }
        >
          <BarChart accessibilityLayer={false} data={months} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} interval="preserveStartEnd" minTickGap={8} />
            <YAxis {...axisProps} allowDecimals={false} />
            <Tooltip isAnimationActive={false} />
            <Bar dataKey="members" name="Members" fill={COLORS.primary} isAnimationActive={false} />
          </BarChart>
        </ChartFigure>
        <ChartFigure
          title="Joined and left"
          summary={`${whole(r.size.joined)} joined and ${whole(r.size.left)} left in the period, month by month.`}
          footer={
            <Legend
              items={[
                { label: 'Joined', color: COLORS.primary },
                { label: 'Left', color: COLORS.neutral },
              ]}
            />
          }
        >
          <BarChart accessibilityLayer={false} data={months} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke={COLORS.grid} vertical={false} />
            <XAxis dataKey="label" {...axisProps} interval="preserveStartEnd" minTickGap={8} />
            <YAxis {...axisProps} allowDecimals={false} />
            <Tooltip isAnimationActive={false} />
            <Bar dataKey="joined" name="Joined" fill={COLORS.primary} isAnimationActive={false} />
            <Bar dataKey="left" name="Left" fill={COLORS.neutral} isAnimationActive={false} />
          </BarChart>
        </ChartFigure>
        <ChartFigure
          title="Engagement by participation mode"
          summary={`How members take part now: ${modes.map((m) => `${m.label} ${whole(m.value)}`).join(', ')}. ${r.engagement.movedUp} moved up a mode in the period, ${r.engagement.driftedDown} drifted down.`}
        >
          <BarChart
            accessibilityLayer={false}
            data={modes}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
          >
            <CartesianGrid stroke={COLORS.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={110} />
            <Tooltip isAnimationActive={false} />
            <Bar dataKey="value" name="Members" isAnimationActive={false}>
              {modes.map((m) => (
                <Cell key={m.label} fill={m.color} />
              ))}
            </Bar>
          </BarChart>
        </ChartFigure>
        <ChartFigure
          title="Outcomes"
          summary={`What the community produced: ${outcomes.map((o) => `${o.label.toLowerCase()} ${whole(o.value)}`).join(', ')}.`}
        >
          <BarChart
            accessibilityLayer={false}
            data={outcomes}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
          >
            <CartesianGrid stroke={COLORS.grid} horizontal={false} />
            <XAxis type="number" {...axisProps} allowDecimals={false} />
            <YAxis type="category" dataKey="label" {...axisProps} width={150} />
            <Tooltip isAnimationActive={false} />
            <Bar dataKey="value" name="Count" fill={COLORS.primary} isAnimationActive={false} />
          </BarChart>
        </ChartFigure>
      </SimpleGrid>

      <Section title="Health" description="The headline figures of the health dashboard for the period.">
        <HeadlineTiles figures={r.health} label="Health figures" />
      </Section>

      <Section
        title="Survey highlights"
        description="Surveys open during the period. Counts and averages only: written answers never leave the survey."
      >
        {r.surveys.length === 0 ? (
          <Text size="sm" c="dark.4">
            No survey was open in this period.
          </Text>
        ) : (
          <Stack gap="md">
            {r.surveys.map((s, i) => (
              <SurveyCard key={`${s.title}-${i}`} survey={s} />
            ))}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}

function SurveyCard({ survey: s }: { survey: SurveyHighlight }) {
  return (
    <Card padding="md" bg="gray.0" component="article" aria-label={s.title}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Title order={4} size="h6" style={{ overflowWrap: 'anywhere' }}>
            {s.title}
          </Title>
          <Badge color={s.status === 'closed' ? 'gray' : 'lagoon'} variant="outline">
            {s.status === 'closed' ? 'Closed' : 'Open'}
          </Badge>
          {s.anonymous && (
            <Badge color="indigo" variant="outline">
              Anonymous
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dark.5">
          {whole(s.responses)} {s.responses === 1 ? 'response' : 'responses'}
          {s.responseRate !== null && ` · ${pct(s.responseRate)} of members`}
        </Text>
        {!s.detailed && (
          <Text size="sm" c="dark.4">
            Too few responses to show figures per question without pointing at anyone.
          </Text>
        )}
        {s.scales.map((q) => (
          <Box key={q.prompt}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {q.prompt}
              </Text>
              <Text size="sm" fw={700} className="cp-count" style={{ whiteSpace: 'nowrap' }}>
                {q.average} / {q.max}
              </Text>
            </Group>
            <Progress
              value={(q.average / q.max) * 100}
              color="lagoon"
              mt={4}
              aria-label={`Average ${q.average} of ${q.max}`}
            />
          </Box>
        ))}
        {s.choices.map((q) => (
          <Text size="sm" key={q.prompt} style={{ overflowWrap: 'anywhere' }}>
            {q.prompt} <strong>Top choice: {q.topChoice}</strong> ({pct(q.share)} of {whole(q.answers)} answers)
          </Text>
        ))}
      </Stack>
    </Card>
  );
}
