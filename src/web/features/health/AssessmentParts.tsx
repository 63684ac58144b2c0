import { Badge, Box, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import type {
  AssessmentArea,
  AssessmentChange,
  HeadlineFigure,
  MaturityStage,
  StageInfo,
} from '../../../common/api-types';

/** Shared pieces of the assessment pages and the sponsor report: stages, figures and their changes. */

export const STAGE_ORDER: MaturityStage[] = ['potential', 'forming', 'building', 'engaged', 'active', 'transforming'];
export const stageRank = (stage: MaturityStage) => STAGE_ORDER.indexOf(stage);

const stageColors: Record<MaturityStage, string> = {
  potential: 'gray',
  forming: 'indigo',
  building: 'blue',
  engaged: 'lagoon',
  active: 'green',
  transforming: 'grape',
};

export const stageName = (stages: StageInfo[], stage: MaturityStage) =>
  stages.find((s) => s.id === stage)?.label ?? stage;

export function StageBadge({
  stage,
  stages,
  size,
}: {
  stage: MaturityStage;
  stages: StageInfo[];
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge color={stageColors[stage]} variant="filled" autoContrast size={size}>
      {stageName(stages, stage)}
    </Badge>
  );
}

export const areaLabels: Record<AssessmentArea, { title: string; about: string }> = {
  domain: { title: 'Domain', about: 'What the community is about, and why it matters.' },
  community: { title: 'Community', about: 'The people, their trust and how they lead together.' },
  practice: { title: 'Practice', about: 'What members share and how it changes their work.' },
};

/** A headline figure as people read it: "42", "35%", "6.5 h", or a dash when there was nothing to measure. */
export function formatFigure(value: number | null, unit: HeadlineFigure['unit']): string {
  if (value === null) return '–';
  if (unit === 'share') return `${Math.round(value * 100)}%`;
  if (unit === 'hours') return `${value < 10 ? value.toFixed(1) : Math.round(value)} h`;
  return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(1);
}

/** A change as a signed figure: "+3", "−12%", "+1.5 h". */
export function formatDelta(delta: number, unit: HeadlineFigure['unit']): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  if (unit === 'share') return `${sign}${Math.round(size * 100)} pts`;
  if (unit === 'hours') return `${sign}${size < 10 ? size.toFixed(1) : Math.round(size)} h`;
  return `${sign}${Number.isInteger(size) ? size.toLocaleString() : size.toFixed(1)}`;
}

type Tone = 'better' | 'worse' | 'same';

export function toneOf(delta: number | null, higherIsBetter = true): Tone {
  if (delta === null || Math.abs(delta) < 1e-9) return 'same';
  return delta > 0 === higherIsBetter ? 'better' : 'worse';
}

// Mantine's darkest green reads at only 4.4:1 on the tiles' grey: a deeper one for small text.
const toneColor: Record<Tone, string> = { better: '#1f6f32', worse: 'red.9', same: 'dark.4' };
const toneWord: Record<Tone, string> = { better: 'better', worse: 'worse', same: 'unchanged' };

/** An arrow and a signed change, coloured by whether it is good news, with the words for screen readers. */
export function Delta({
  delta,
  unit,
  higherIsBetter = true,
}: {
  delta: number | null;
  unit: HeadlineFigure['unit'];
  higherIsBetter?: boolean;
}) {
  if (delta === null)
    return (
      <Text size="xs" c="dark.4" component="span">
        no comparison
      </Text>
    );
  const tone = toneOf(delta, higherIsBetter);
  const Icon = delta > 0 ? IconArrowUpRight : delta < 0 ? IconArrowDownRight : IconMinus;
  return (
    <Group gap={2} wrap="nowrap" component="span" c={toneColor[tone]}>
      <Icon size={14} aria-hidden />
      <Text size="xs" fw={600} component="span">
        {delta === 0 ? 'same' : formatDelta(delta, unit)}
        <span className="cp-visually-hidden"> ({toneWord[tone]})</span>
      </Text>
    </Group>
  );
}

/**
 * The headline figures as a grid of tiles, each with its change since the last assessment
 * when there is one.
 */
export function HeadlineTiles({
  figures,
  change,
  label = 'Headline figures',
}: {
  figures: HeadlineFigure[];
  change?: AssessmentChange | null;
  label?: string;
}) {
  const deltas = new Map(change?.figures.map((f) => [f.key, f]));
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm" component="dl" m={0} aria-label={label}>
      {figures.map((f) => {
        const d = deltas.get(f.key);
        return (
          <Card key={f.key} padding="sm" component="div" bg="gray.0">
            <Text component="dt" size="xs" c="dark.4" style={{ overflowWrap: 'anywhere' }}>
              {f.label}
            </Text>
            <Text component="dd" m={0} fw={700} fz="lg" className="cp-count">
              {formatFigure(f.value, f.unit)}
            </Text>
            {change && (
              <Box component="dd" m={0}>
                <Delta delta={d?.delta ?? null} unit={f.unit} higherIsBetter={f.higherIsBetter} />
              </Box>
            )}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** A stage's meaning: its definition and what one sees at it. */
export function StageDescription({ info }: { info: StageInfo }) {
  return (
    <Stack gap={6}>
      <Text size="sm">{info.definition}</Text>
      <Box component="ul" m={0} pl="lg">
        {info.signs.map((s) => (
          <Text component="li" size="sm" c="dark.5" key={s}>
            {s}
          </Text>
        ))}
      </Box>
    </Stack>
  );
}

/** A section card with a heading, used across the assessment pages. */
export function Section({
  title,
  description,
  children,
  id,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const generated = useId();
  const headingId = id ?? generated;
  return (
    <Card component="section" aria-labelledby={headingId} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dark.4" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** "1 Apr – 30 Jun 2026" for a quarter's period (its end is exclusive), in the community's time zone. */
export function periodText(start: string, end: string, options: { soFar?: boolean; timeZone?: string | null } = {}) {
  const fmt = (zone: string | undefined) =>
    new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });
  let format: Intl.DateTimeFormat;
  try {
    format = fmt(options.timeZone ?? undefined);
  } catch {
    format = fmt(undefined);
  }
  const last = new Date(new Date(end).getTime() - 1);
  return `${format.format(new Date(start))} – ${format.format(options.soFar ? new Date(end) : last)}`;
}
