import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { HealthFigures } from '../../../common/api-types';
import { plural } from '../../ui/format';
import {
  axisProps,
  ChartFigure,
  COLORS,
  duration,
  Legend,
  monthLabel,
  NothingYet,
  pct,
  weekLabel,
  whole,
  tooltipProps,
} from './chartsCommon';

const KINDS = [
  {
    kind: 'events',
    label: 'Sessions hosted',
    color: COLORS.primary,
    count: (n: number) => plural(n, 'session hosted', 'sessions hosted'),
    of: 'the sessions',
  },
  {
    kind: 'roundups',
    label: 'Round-ups sent',
    color: COLORS.secondary,
    count: (n: number) => plural(n, 'round-up sent', 'round-ups sent'),
    of: 'the round-ups',
  },
  {
    kind: 'curation',
    label: 'Curation',
    color: COLORS.accent,
    count: (n: number) => plural(n, 'act of curation', 'acts of curation'),
    of: 'the curation',
  },
] as const;
type Kind = (typeof KINDS)[number]['kind'];
const kindOf = (k: Kind) => KINDS.find((x) => x.kind === k)!;
/** "a, b and c". */
const listed = (parts: string[]) =>
  parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** The people over half of one kind of organising work. */
export function overloaded(load: HealthFigures['organiserLoad']) {
  return load.flatMap((l) =>
    l.people.filter((p) => p.share > 0.5).map((p) => ({ ...p, kind: l.kind as Kind, total: l.total })),
  );
}

/** Each organiser's share of sessions hosted, round-ups sent and curation, with the half mark. */
export function OrganiserLoad({ load }: { load: HealthFigures['organiserLoad'] }) {
  const people = new Map<string, { name: string } & Partial<Record<Kind, number>>>();
  for (const l of load)
    for (const p of l.people) {
      const row = people.get(p.id) ?? { name: p.name };
      row[l.kind as Kind] = p.share;
      people.set(p.id, row);
    }
  const data = [...people.values()]
    .sort(
      (a, b) =>
        Math.max(b.events ?? 0, b.roundups ?? 0, b.curation ?? 0) -
        Math.max(a.events ?? 0, a.roundups ?? 0, a.curation ?? 0),
    )
    .slice(0, 8);
  if (data.length === 0)
    return (
      <NothingYet title="Organiser load">
        No sessions were hosted, no round-ups sent and nothing curated in this period.
      </NothingYet>
    );
  const heavy = overloaded(load);
  // One line per person carrying more than half of something.
  const byPerson = new Map<string, { name: string; parts: string[] }>();
  for (const h of heavy) {
    const entry = byPerson.get(h.id) ?? { name: h.name, parts: [] };
    entry.parts.push(`${pct(h.share)} of ${kindOf(h.kind).of}`);
    byPerson.set(h.id, entry);
  }
  const lines = [...byPerson.values()].map((p) => `${p.name} did ${listed(p.parts)}.`);
  const summary = `In this period: ${load.map((l) => kindOf(l.kind as Kind).count(l.total)).join(', ')}. ${
    lines.length === 0 ? 'Nobody carries more than half of any of it.' : lines.join(' ')
  }`;
  return (
    <ChartFigure
      title="Organiser load"
      summary={summary}
      height={Math.max(160, data.length * 56 + 40)}
      footer={
        <>
          <Legend items={KINDS.map((k) => ({ label: k.label, color: k.color }))} />
          {heavy.length > 0 && (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              title="More than half on one person"
              styles={{ label: { color: '#8f3508' } }}
            >
              {lines.map((line) => (
                <Text size="sm" key={line}>
                  {line}
                </Text>
              ))}
              <Text size="sm" mt={4}>
                Who in Collaborate or Co-create mode could share it?
              </Text>
            </Alert>
          )}
        </>
      }
    >
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 44, left: 4 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis type="number" domain={[0, 1]} ticks={[0, 0.5, 1]} tickFormatter={pct} {...axisProps} />
        <YAxis type="category" dataKey="name" width={110} {...axisProps} tick={{ ...axisProps.tick, fontSize: 11 }} />
        <ReferenceLine x={0.5} stroke={COLORS.down} strokeDasharray="4 3" />
        <Tooltip {...tooltipProps} formatter={(v) => pct(Number(v))} />
        {KINDS.map((k) => (
          <Bar key={k.kind} dataKey={k.kind} name={k.label} fill={k.color} isAnimationActive={false} barSize={12}>
            {data.map((row) => (
              <Cell
                key={row.name}
                fill={k.color}
                stroke={(row[k.kind] ?? 0) > 0.5 ? '#212529' : undefined}
                strokeWidth={(row[k.kind] ?? 0) > 0.5 ? 2 : 0}
              />
            ))}
            <LabelList
              dataKey={k.kind}
              position="right"
              formatter={(v) => (Number(v) > 0.5 ? pct(Number(v)) : '')}
              style={{ fill: '#212529', fontSize: 11, fontWeight: 700 }}
            />
          </Bar>
        ))}
      </BarChart>
    </ChartFigure>
  );
}

/** Questions asked and answered week by week, with how long answers take. */
export function Questions({ questions: q }: { questions: HealthFigures['questions'] }) {
  const data = q.byWeek.map((w) => ({ week: weekLabel(w.week), asked: w.asked, answered: w.answered }));
  return (
    <ChartFigure
      title="Questions and answers"
      summary={
        q.asked === 0
          ? 'No questions were asked in this period.'
          : `${plural(q.asked, 'question')} asked, ${whole(q.answered)} with an accepted answer, ${whole(
              q.unanswered,
            )} still without one. Half got a first reply within ${duration(q.medianFirstReplyHours)}; half of the answered ones had their answer accepted within ${duration(
              q.medianAcceptedHours,
            )}.`
      }
      footer={
        <Legend
          items={[
            { label: 'Asked', color: COLORS.neutral },
            { label: 'Answer accepted', color: COLORS.primary },
          ]}
        />
      }
    >
      <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="week" {...axisProps} minTickGap={16} />
        <YAxis {...axisProps} allowDecimals={false} />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="asked" name="Asked" fill={COLORS.neutral} isAnimationActive={false} />
        <Bar dataKey="answered" name="Answer accepted" fill={COLORS.primary} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** Of those who said they would come to sessions, how many came. */
export function Attendance({ events: e }: { events: HealthFigures['events'] }) {
  if (e.rsvps === 0 && e.attended === 0)
    return (
      <NothingYet title="Event attendance">
        {e.held === 0
          ? 'No sessions took place in this period.'
          : `${plural(e.held, 'session')} took place, with no answers or attendance recorded.`}
      </NothingYet>
    );
  const came = e.rsvps - e.noShows;
  const walkIns = Math.max(0, e.attended - came);
  const data = [{ name: 'Going', came, noShows: e.noShows, walkIns }];
  return (
    <ChartFigure
      title="Event attendance"
      summary={`${plural(e.held, 'session')} took place. ${whole(e.rsvps)} said they were going: ${whole(came)} came (${pct(
        e.attendanceRate,
      )}) and ${whole(e.noShows)} did not (${pct(e.noShowRate)} no-shows)${walkIns > 0 ? `; ${whole(walkIns)} came without saying so` : ''}.`}
      height={90}
      footer={
        <Legend
          items={[
            { label: 'Came', color: COLORS.primary },
            { label: 'No-show', color: COLORS.down },
            { label: 'Walk-in', color: COLORS.secondary },
          ]}
        />
      }
    >
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 8, left: 0 }}>
        <XAxis type="number" hide />
        <YAxis type="category" dataKey="name" hide />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="came" name="Came" stackId="a" fill={COLORS.primary} isAnimationActive={false} />
        <Bar dataKey="noShows" name="No-show" stackId="a" fill={COLORS.down} isAnimationActive={false} />
        <Bar dataKey="walkIns" name="Walk-in" stackId="a" fill={COLORS.secondary} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** Which topics of the round-up members click, as a share of the copies that carried them. */
export function RoundupTopics({ roundups: r }: { roundups: HealthFigures['roundups'] }) {
  if (r.sent === 0)
    return <NothingYet title="Round-up clicks by topic">No round-up was sent in this period.</NothingYet>;
  const data = r.byTopic.slice(0, 10).map((t) => ({ topic: t.topic, rate: t.rate, clicks: t.clicks }));
  const best = data[0];
  return (
    <ChartFigure
      title="Round-up clicks by topic"
      summary={`${plural(r.sent, 'round-up')} sent, ${plural(r.delivered, 'copy', 'copies')} delivered; ${pct(
        r.clickRate,
      )} of copies had a click.${best ? ` Most clicked: ${best.topic} (${pct(best.rate)} of the copies that carried it).` : ' Their items had no topics.'}`}
      height={Math.max(120, data.length * 30 + 40)}
    >
      <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 40, left: 4 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis type="number" domain={[0, 1]} tickFormatter={pct} {...axisProps} />
        <YAxis type="category" dataKey="topic" width={110} {...axisProps} tick={{ ...axisProps.tick, fontSize: 11 }} />
        <Tooltip {...tooltipProps} formatter={(v) => pct(Number(v))} />
        <Bar dataKey="rate" name="Click rate" fill={COLORS.secondary} isAnimationActive={false}>
          <LabelList
            dataKey="rate"
            position="right"
            formatter={(v) => pct(Number(v))}
            style={{ fill: COLORS.axis, fontSize: 11 }}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

/** The repertoire's size month by month, with what was added and reused in the period. */
export function RepertoireGrowth({ repertoire: r }: { repertoire: HealthFigures['repertoire'] }) {
  const data = r.growth.map((g) => ({ month: monthLabel(g.month), total: g.total }));
  return (
    <ChartFigure
      title="Repertoire growth and reuse"
      summary={`${plural(r.total, 'resource')} in the repertoire; ${whole(r.added)} published in this period; ${whole(
        r.reused,
      )} reused (put in a collection, ticked on a path, noted or clicked in a round-up).`}
      height={200}
    >
      <AreaChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="month" {...axisProps} />
        <YAxis {...axisProps} allowDecimals={false} />
        <Tooltip {...tooltipProps} />
        <Area
          type="stepAfter"
          dataKey="total"
          name="Resources"
          stroke={COLORS.primary}
          fill={COLORS.primary}
          fillOpacity={0.2}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </AreaChart>
    </ChartFigure>
  );
}
