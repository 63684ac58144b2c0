import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'react-router';
import type { AssessmentList, AssessmentSummary } from '../../../common/api-types';
import { formatDate } from '../../ui/format';
import { StageBadge, STAGE_ORDER, stageName, stageRank } from './AssessmentParts';
import { axisProps, ChartFigure, COLORS } from './chartsCommon';

/** Every quarter from `first` to `last`, both included ("2026-Q1", "2026-Q2", …). */
function quartersBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [year, q] = [Number(first.slice(0, 4)), Number(first.slice(6))];
  for (let quarter = first; quarter <= last && out.length < 200; quarter = `${year}-Q${q}`) {
    out.push(quarter);
    q = q === 4 ? 1 : q + 1;
    if (q === 1) year += 1;
  }
  return out;
}

/**
 * The stage of each assessed quarter as a step chart, oldest first. A quarter left unassessed
 * keeps its place on the axis, so the steps keep their true spacing in time.
 */
export function StageTimeline({ list }: { list: AssessmentList }) {
  const assessed = [...list.items].reverse();
  const byQuarter = new Map(assessed.map((a) => [a.quarter, a.stage]));
  const points = assessed.length
    ? quartersBetween(assessed[0]!.quarter, assessed.at(-1)!.quarter).map((quarter) => {
        const stage = byQuarter.get(quarter);
        return { quarter, rank: stage ? stageRank(stage) : null };
      })
    : [];
  const summary = assessed.map((a) => `${a.quarter}: ${stageName(list.stages, a.stage)}`).join('; ');
  return (
    <ChartFigure
      title="Stage by quarter"
      summary={`The maturity stage chosen at each assessment, oldest first. ${summary}.`}
      height={220}
    >
      <LineChart accessibilityLayer={false} data={points} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="quarter" {...axisProps} padding={{ left: 16, right: 16 }} />
        <YAxis
          {...axisProps}
          domain={[0, STAGE_ORDER.length - 1]}
          ticks={STAGE_ORDER.map((_, i) => i)}
          tickFormatter={(i: number) => stageName(list.stages, STAGE_ORDER[i]!)}
          width={92}
          interval={0}
        />
        <Tooltip
          formatter={(value) => [stageName(list.stages, STAGE_ORDER[Number(value)]!), 'Stage']}
          isAnimationActive={false}
        />
        <Line
          connectNulls
          type="stepAfter"
          dataKey="rank"
          stroke={COLORS.primary}
          strokeWidth={3}
          dot={{ r: 5, fill: COLORS.primary }}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}

/** The assessments, latest first: each quarter's stage, and who wrote it when. */
export function AssessmentHistoryList({ slug, list }: { slug: string; list: AssessmentList }) {
  return (
    <Stack gap="sm" component="ul" aria-label="Past assessments" p={0} m={0} style={{ listStyle: 'none' }}>
      {list.items.map((a) => (
        <li key={a.quarter}>
          <HistoryRow slug={slug} item={a} list={list} />
        </li>
      ))}
    </Stack>
  );
}

function HistoryRow({ slug, item, list }: { slug: string; item: AssessmentSummary; list: AssessmentList }) {
  const titleId = `assessment-${item.quarter}`;
  const differs = item.stage !== item.proposedStage;
  return (
    <Card padding="md" className="cp-card-link" component="article" aria-labelledby={titleId}>
      <Group justify="space-between" gap="sm" wrap="wrap" align="center">
        <Stack gap={4} style={{ flex: '1 1 220px', minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Anchor
              component={Link}
              to={`/c/${slug}/health/assessments?quarter=${item.quarter}`}
              fw={650}
              c="dark.8"
              underline="hover"
              id={titleId}
            >
              {item.quarter} assessment
            </Anchor>
            <StageBadge stage={item.stage} stages={list.stages} />
          </Group>
          <Text size="sm" c="dark.4">
            {differs ? `The figures proposed ${stageName(list.stages, item.proposedStage)}. ` : ''}
            Saved {formatDate(item.updatedAt)}
            {item.createdBy ? ` · first written by ${item.createdBy.name}` : ''}
          </Text>
        </Stack>
      </Group>
    </Card>
  );
}
