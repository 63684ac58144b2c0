import { Box, Card, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';
import type { ParticipationMode } from '../../../common/api-types';

/** The modes in order, with the words and colours every chart uses for them. */
export const MODES: { mode: ParticipationMode; label: string; color: string }[] = [
  { mode: 'convey_consume', label: 'Convey/Consume', color: '#7a838c' },
  { mode: 'contribute', label: 'Contribute', color: '#1971c2' },
  { mode: 'collaborate', label: 'Collaborate', color: '#0b7a75' },
  { mode: 'co_create', label: 'Co-create', color: '#7048e8' },
  { mode: 'champion', label: 'Champion', color: '#d9480f' },
];
export const modeLabel = (mode: ParticipationMode | null) => MODES.find((m) => m.mode === mode)?.label ?? 'Not known';
export const modeColor = (mode: ParticipationMode | null) => MODES.find((m) => m.mode === mode)?.color ?? '#7a838c';

/** Colours with at least 3:1 against white, for marks that carry meaning. */
export const COLORS = {
  primary: '#0b7a75',
  secondary: '#1971c2',
  accent: '#d9480f',
  up: '#2b8a3e',
  down: '#c92a2a',
  neutral: '#7a838c',
  grid: '#e9ecef',
  axis: '#495057',
};

export const axisProps = {
  tick: { fill: COLORS.axis, fontSize: 12 },
  stroke: '#adb5bd',
  tickLine: false,
} as const;

/** Tooltips in dark text whatever the series' colour (readable), in a quiet frame. */
export const tooltipProps = {
  itemStyle: { color: '#212529' },
  labelStyle: { color: '#212529', fontWeight: 600 },
  contentStyle: { borderRadius: 8, borderColor: '#dee2e6', fontSize: 13 },
} as const;

export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const whole = (n: number) => n.toLocaleString();

/** Hours in words: minutes under an hour, days past two. */
export function duration(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round(hours / 24)} days`;
}

const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** A week by its Monday ("Mar 3"), a month by name ("Mar 2026"). */
export const weekLabel = (iso: string) => dayFmt.format(new Date(`${iso}T00:00:00Z`));
export const monthLabel = (iso: string) => monthFmt.format(new Date(`${iso}T00:00:00Z`));

/**
 * One chart: a figure with a heading and a sentence that says what it shows (what a screen
 * reader reads: the drawing itself is hidden from it), then the drawing, as wide as there is room.
 */
export function ChartFigure({
  title,
  summary,
  height = 240,
  children,
  footer,
}: {
  title: string;
  summary: ReactNode;
  height?: number;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const id = useId();
  return (
    <Card component="figure" m={0} aria-labelledby={`${id}-title`} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <Box component="figcaption">
          <Title order={3} size="h5" id={`${id}-title`}>
            {title}
          </Title>
          <Text size="sm" c="dark.4" mt={4}>
            {summary}
          </Text>
        </Box>
        <Box aria-hidden="true" style={{ width: '100%', minWidth: 0, height }}>
          <ResponsiveContainer width="100%" height="100%" minWidth={0}>
            {children as never}
          </ResponsiveContainer>
        </Box>
        {footer}
      </Stack>
    </Card>
  );
}

/** A small key under a chart: a swatch and a word per series. */
export function Legend({ items }: { items: { label: string; color: string; dashed?: boolean }[] }) {
  return (
    <Box
      component="ul"
      m={0}
      p={0}
      style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: '4px 14px' }}
      aria-label="Key"
    >
      {items.map((item) => (
        <Box component="li" key={item.label} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <Box
            aria-hidden
            style={{
              width: 12,
              height: 12,
              borderRadius: 3,
              background: item.dashed ? 'transparent' : item.color,
              border: item.dashed ? `2px dashed ${item.color}` : undefined,
              flexShrink: 0,
            }}
          />
          <Text size="xs" c="dark.5">
            {item.label}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

/** When a chart has nothing to draw yet: say so instead of an empty frame. */
export function NothingYet({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-label={title} style={{ minWidth: 0 }}>
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text size="sm" c="dark.4" mt={4}>
        {children}
      </Text>
    </Card>
  );
}
