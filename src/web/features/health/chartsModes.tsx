import { Area, AreaChart, Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthFigures, ModeCounts } from '../../../common/api-types';
import {
  axisProps,
  ChartFigure,
  COLORS,
  Legend,
  modeLabel,
  MODES,
  weekLabel,
  whole,
  tooltipProps,
} from './chartsCommon';

const total = (counts: ModeCounts) => MODES.reduce((s, m) => s + counts[m.mode], 0);
const listCounts = (counts: ModeCounts) => MODES.map((m) => `${whole(counts[m.mode])} ${m.label}`).join(', ');

/** How many members were in each mode, week by week (stacked), or today's split while history is short. */
export function ModesOverTime({ modes }: { modes: HealthFigures['modes'] }) {
  const weeks = modes.overTime.filter((w) => total(w.counts) > 0);
  const legend = <Legend items={MODES.map((m) => ({ label: m.label, color: m.color }))} />;
  if (weeks.length < 2) {
    const data = [{ name: 'Now', ...modes.current }];
    return (
      <ChartFigure
        title="Members by mode"
        summary={`Today: ${listCounts(modes.current)}. The weekly history builds up as modes are recomputed each night.`}
        height={90}
        footer={legend}
      >
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 0, right: 8 }}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="name" hide />
          <Tooltip {...tooltipProps} />
          {MODES.map((m) => (
            <Bar
              key={m.mode}
              dataKey={m.mode}
              name={m.label}
              stackId="modes"
              fill={m.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ChartFigure>
    );
  }
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const data = weeks.map((w) => ({ week: weekLabel(w.week), ...w.counts }));
  const changes = MODES.map((m) => ({ m, d: last.counts[m.mode] - first.counts[m.mode] })).filter((x) => x.d !== 0);
  const changeText =
    changes.length === 0
      ? 'No mode grew or shrank over these weeks.'
      : `Since the week of ${weekLabel(first.week)}: ${changes
          .map((x) => `${x.m.label} ${x.d > 0 ? '+' : '−'}${Math.abs(x.d)}`)
          .join(', ')}.`;
  return (
    <ChartFigure
      title="Members by mode over time"
      summary={`In the week of ${weekLabel(last.week)}: ${listCounts(last.counts)}. ${changeText}`}
      footer={legend}
    >
      <AreaChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="week" {...axisProps} minTickGap={16} />
        <YAxis {...axisProps} allowDecimals={false} />
        <Tooltip {...tooltipProps} />
        {MODES.map((m) => (
          <Area
            key={m.mode}
            type="monotone"
            dataKey={m.mode}
            name={m.label}
            stackId="modes"
            stroke={m.color}
            fill={m.color}
            fillOpacity={0.75}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ChartFigure>
  );
}

/** Who moved between modes in the period: moves up to the right, drifts down to the left. */
export function ModeFlows({ modes }: { modes: HealthFigures['modes'] }) {
  const rank = (m: string) => MODES.findIndex((x) => x.mode === m);
  const data = modes.flows
    .map((f) => {
      const up = rank(f.to) > rank(f.from);
      return {
        label: `${modeLabel(f.from)} → ${modeLabel(f.to)}`,
        value: up ? f.count : -f.count,
        up,
      };
    })
    .sort((a, b) => b.value - a.value);
  // The same reach both ways, so up and down compare at a glance.
  const reach = Math.max(1, ...data.map((d) => Math.abs(d.value)));
  const summary =
    data.length === 0
      ? 'Nobody changed mode in this period (changes are recorded each time modes are recomputed).'
      : `${whole(modes.movedUp)} moved up and ${whole(modes.driftedDown)} drifted down. ${data
          .map((d) => `${d.label}: ${Math.abs(d.value)}`)
          .join('; ')}.`;
  return (
    <ChartFigure
      title="Moved up, drifted down"
      summary={summary}
      height={Math.max(120, 34 * data.length + 40)}
      footer={
        <Legend
          items={[
            { label: `Moved up (${modes.movedUp})`, color: COLORS.up },
            { label: `Drifted down (${modes.driftedDown})`, color: COLORS.down },
          ]}
        />
      }
    >
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 12, left: 4 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis
          type="number"
          {...axisProps}
          domain={[-reach, reach]}
          allowDecimals={false}
          tickFormatter={(v: number) => String(Math.abs(v))}
        />
        <YAxis type="category" dataKey="label" {...axisProps} width={150} tick={{ ...axisProps.tick, fontSize: 11 }} />
        <ReferenceLine x={0} stroke={COLORS.axis} />
        <Tooltip {...tooltipProps} formatter={(v) => [Math.abs(Number(v)), 'Members']} />
        <Bar dataKey="value" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.label} fill={d.up ? COLORS.up : COLORS.down} />
          ))}
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}
