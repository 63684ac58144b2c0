import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { HealthFigures } from '../../../common/api-types';
import {
  axisProps,
  ChartFigure,
  COLORS,
  Legend,
  monthLabel,
  pct,
  weekLabel,
  whole,
  tooltipProps,
} from './chartsCommon';

/** Newcomers per month of joining, and how many of them contributed within 30 days. */
export function Activation({ activation }: { activation: HealthFigures['activation'] }) {
  const data = activation.byMonth.map((m) => ({
    month: monthLabel(m.month),
    joined: m.joined,
    activated: m.activated,
  }));
  const joined = activation.byMonth.reduce((s, m) => s + m.joined, 0);
  const summary =
    joined === 0
      ? 'Nobody joined in this period.'
      : `${whole(joined)} joined in this period. ${
          activation.cohort === 0
            ? 'None of them joined long enough ago (30 days) to tell whether they found their way in.'
            : `Of those who joined at least 30 days ago, ${whole(activation.activated)} of ${whole(activation.cohort)} (${pct(
                activation.rate,
              )}) made a first contribution within their first 30 days. Recent joiners still have time.`
        }`;
  return (
    <ChartFigure
      title="Newcomer activation"
      summary={summary}
      footer={
        <Legend
          items={[
            { label: 'Joined', color: COLORS.neutral },
            { label: 'Contributed within 30 days', color: COLORS.primary },
          ]}
        />
      }
    >
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="month" {...axisProps} />
        <YAxis {...axisProps} allowDecimals={false} />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="joined" name="Joined" fill={COLORS.neutral} isAnimationActive={false} />
        <Bar dataKey="activated" name="Contributed within 30 days" fill={COLORS.primary} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** Members who did anything at all, week by week. */
export function WeeklyActive({ weeks }: { weeks: HealthFigures['weeklyActive'] }) {
  const data = weeks.map((w) => ({ week: weekLabel(w.week), count: w.count }));
  const counts = weeks.map((w) => w.count);
  const last = weeks[weeks.length - 1];
  const peak = Math.max(0, ...counts);
  const average = counts.length ? counts.reduce((s, n) => s + n, 0) / counts.length : 0;
  const summary = last
    ? `${whole(last.count)} active in the week of ${weekLabel(last.week)} (this week so far); ${Math.round(average)} a week on average, ${whole(peak)} at most.`
    : 'No weeks in this period.';
  return (
    <ChartFigure title="Weekly active members" summary={summary}>
      <AreaChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="week" {...axisProps} minTickGap={16} />
        <YAxis {...axisProps} allowDecimals={false} />
        <Tooltip {...tooltipProps} />
        <Area
          type="monotone"
          dataKey="count"
          name="Active members"
          stroke={COLORS.secondary}
          fill={COLORS.secondary}
          fillOpacity={0.2}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </AreaChart>
    </ChartFigure>
  );
}

/** The 90-9-1 split: how many members contributed nothing, a little, or a lot. */
export function Distribution({ distribution: d }: { distribution: HealthFigures['distribution'] }) {
  const members = d.lurkers + d.contributors + d.heavy;
  const share = (n: number) => (members > 0 ? n / members : 0);
  const data = [
    { name: 'Nothing yet', people: d.lurkers, share: share(d.lurkers), fill: COLORS.neutral },
    { name: '1 to 9', people: d.contributors, share: share(d.contributors), fill: COLORS.secondary },
    { name: '10 or more', people: d.heavy, share: share(d.heavy), fill: COLORS.primary },
  ];
  return (
    <ChartFigure
      title="Contributions per member (90-9-1)"
      summary={`Of ${whole(members)} members: ${pct(share(d.lurkers))} made no contribution in the period, ${pct(
        share(d.contributors),
      )} made 1 to 9, ${pct(share(d.heavy))} made 10 or more. Many communities see roughly 90, 9 and 1 %.`}
      height={200}
    >
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 20, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="name" {...axisProps} />
        <YAxis {...axisProps} tickFormatter={pct} domain={[0, 1]} />
        <Tooltip {...tooltipProps} formatter={(v) => pct(Number(v))} />
        <Bar dataKey="share" name="Share of members" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.fill} />
          ))}
          <LabelList
            dataKey="share"
            position="top"
            formatter={(v) => pct(Number(v))}
            style={{ fill: COLORS.axis, fontSize: 12 }}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

/** The Lorenz curve of contributions among those who contributed, against perfect equality. */
export function Concentration({ concentration: c }: { concentration: HealthFigures['concentration'] }) {
  const data = c.lorenz.map((p) => ({ people: p.people, share: p.share, equal: p.people }));
  return (
    <ChartFigure
      title="How concentrated contributions are"
      summary={
        c.contributors === 0
          ? 'Nobody contributed in this period yet.'
          : `Among ${whole(c.contributors)} members who contributed, the top 10 % made ${pct(c.top10Share)} of the contributions. Gini coefficient ${c.gini.toFixed(
              2,
            )} (0: everyone contributes alike; near 1: a few do nearly everything).`
      }
      footer={
        <Legend
          items={[
            { label: 'Contributions (Lorenz curve)', color: COLORS.accent },
            { label: 'If everyone contributed alike', color: COLORS.neutral, dashed: true },
          ]}
        />
      }
    >
      <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 12, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} />
        <XAxis
          dataKey="people"
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          tickFormatter={pct}
          {...axisProps}
        />
        <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={pct} {...axisProps} />
        <Tooltip
          {...tooltipProps}
          formatter={(v) => pct(Number(v))}
          labelFormatter={(v) => `Least active ${pct(Number(v))}`}
        />
        <Line
          dataKey="equal"
          name="Equal"
          stroke={COLORS.neutral}
          strokeDasharray="5 4"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="share"
          name="Share of contributions"
          stroke={COLORS.accent}
          strokeWidth={2.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}
