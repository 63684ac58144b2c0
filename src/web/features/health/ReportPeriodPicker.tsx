import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import { useBelow } from '../../ui/responsive';
import type { ReportPeriod } from './ReportApi';

export type Preset = 'quarter' | 'half' | 'year' | 'custom';

const presets: { value: Preset; label: string }[] = [
  { value: 'quarter', label: 'Last quarter' },
  { value: 'half', label: 'Last 6 months' },
  { value: 'year', label: 'Last year' },
  { value: 'custom', label: 'Custom' },
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A preset's days, both included, in the browser's calendar: the last full quarter, or up to today. */
export function presetPeriod(preset: Exclude<Preset, 'custom'>, today = new Date()): ReportPeriod {
  const y = today.getFullYear();
  const m = today.getMonth();
  if (preset === 'quarter') {
    const thisQuarter = Math.floor(m / 3) * 3;
    return { from: iso(new Date(y, thisQuarter - 3, 1)), to: iso(new Date(y, thisQuarter, 0)) };
  }
  const months = preset === 'half' ? 6 : 12;
  return { from: iso(new Date(y, m - months, today.getDate() + 1)), to: iso(today) };
}

const isDay = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(new Date(`${value}T00:00:00`).getTime());

/** What is wrong with a period, field by field, in the server's terms (at most 2 years, in order). */
export function periodProblems(period: ReportPeriod): { from?: string; to?: string } {
  if (!isDay(period.from)) return { from: 'Choose the first day of the period.' };
  if (!isDay(period.to)) return { to: 'Choose the last day of the period.' };
  if (period.from > period.to) return { to: 'The end comes before the start.' };
  const [y, m, d] = period.from.split('-').map(Number) as [number, number, number];
  const limit = iso(new Date(y + 2, m - 1, d - 1));
  if (period.to > limit) return { to: `A report covers at most 2 years: end it on ${limit} or earlier.` };
  return {};
}

/** Presets for the usual reporting periods, and two dates for any other. */
export function ReportPeriodPicker({
  preset,
  period,
  onChange,
}: {
  preset: Preset;
  period: ReportPeriod;
  onChange: (preset: Preset, period: ReportPeriod) => void;
}) {
  const narrow = useBelow('xs');
  const id = useId();
  const problems = periodProblems(period);
  return (
    <Stack gap="sm">
      <Text id={`${id}-label`} size="sm" fw={600}>
        Period
      </Text>
      <SegmentedControl
        aria-labelledby={`${id}-label`}
        data={presets}
        value={preset}
        fullWidth
        orientation={narrow ? 'vertical' : 'horizontal'}
        onChange={(v) => {
          const next = v as Preset;
          onChange(next, next === 'custom' ? period : presetPeriod(next));
        }}
      />
      {preset === 'custom' && (
        <Group gap="sm" grow wrap="wrap" align="flex-start">
          <TextInput
            type="date"
            label="From"
            value={period.from}
            error={problems.from}
            onChange={(e) => onChange('custom', { ...period, from: e.currentTarget.value })}
            style={{ minWidth: 150 }}
          />
          <TextInput
            type="date"
            label="To"
            value={period.to}
            error={problems.to}
            onChange={(e) => onChange('custom', { ...period, to: e.currentTarget.value })}
            style={{ minWidth: 150 }}
          />
        </Group>
      )}
    </Stack>
  );
}
