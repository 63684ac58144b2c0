import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { SurveyQuestionResult, SurveyResults } from '../../../common/api-types';
import { formatDate, plural } from '../../ui/format';
import { KIND_LABELS } from './shared';

/** Colours with at least 3:1 against white, for bars that carry meaning. */
const BAR = '#0b7a75';
const NPS_COLORS = { detractor: '#c92a2a', passive: '#6c757d', promoter: '#2b8a3e' };
const AXIS = { tick: { fill: '#495057', fontSize: 12 }, stroke: '#adb5bd', tickLine: false } as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const round1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString();
/** A count axis that ends at the largest count, and shows at least 0 to 1. */
const atLeastOne = (max: number) => Math.max(1, max);
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The response rate and every question's figures, as charts with a sentence each for screen readers. */
export function SurveyResultsView({ results }: { results: SurveyResults }) {
  return (
    <Stack gap="lg">
      <ResponseRate results={results} />
      {results.withheld ? (
        <Alert color="indigo" variant="light" icon={<IconLock aria-hidden />} title="Results appear at three answers">
          This survey is anonymous: its results show once {results.minimum} members have answered, so that no one’s
          answers can be picked out. {plural(results.responseCount, 'member has', 'members have')} answered so far.
        </Alert>
      ) : results.responseCount === 0 ? (
        <Text c="dark.4">No answers yet. They show here as they come in.</Text>
      ) : (
        results.questions.map((q, i) => (
          <QuestionResult key={q.id} question={q} number={i + 1} anonymous={results.anonymous} />
        ))
      )}
    </Stack>
  );
}

function ResponseRate({ results: r }: { results: SurveyResults }) {
  return (
    <Card component="section" aria-labelledby="survey-response-rate">
      <Stack gap="xs">
        <Title order={3} size="h5" id="survey-response-rate">
          Responses
        </Title>
        {r.audience ? (
          <>
            <Text size="sm">
              <Text span fw={700} className="cp-count">
                {r.responseCount.toLocaleString()}
              </Text>{' '}
              of {plural(r.audience, 'member')} answered
              {r.responseRate !== null ? ` (${pct(r.responseRate)})` : ''}.
            </Text>
            <Progress
              value={Math.round((r.responseRate ?? 0) * 100)}
              color="lagoon"
              size="lg"
              aria-label="Response rate"
            />
          </>
        ) : (
          <Text size="sm">{plural(r.responseCount, 'response')}.</Text>
        )}
      </Stack>
    </Card>
  );
}

/** One question's figure: a heading, a sentence that says what the chart shows, the chart. */
function Figure({
  number,
  question,
  summary,
  details,
  chart,
  height,
  children,
}: {
  number: number;
  question: SurveyQuestionResult;
  summary: ReactNode;
  details?: ReactNode;
  chart?: ReactNode;
  height?: number;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <Card component="figure" m={0} aria-labelledby={`${id}-title`} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <Box component="figcaption">
          <Text size="xs" c="dark.4" fw={600} tt="uppercase">
            Question {number} · {KIND_LABELS[question.kind]}
          </Text>
          <Title order={3} size="h5" id={`${id}-title`} mt={2} style={{ overflowWrap: 'anywhere' }}>
            {question.prompt}
          </Title>
          <Text size="sm" c="dark.4" mt={4}>
            {summary}
          </Text>
          {details && <VisuallyHidden>{details}</VisuallyHidden>}
        </Box>
        {chart && (
          <Box aria-hidden="true" style={{ width: '100%', minWidth: 0, height }}>
            <ResponsiveContainer width="100%" height="100%" minWidth={0}>
              {chart as never}
            </ResponsiveContainer>
          </Box>
        )}
        {children}
      </Stack>
    </Card>
  );
}

function QuestionResult({
  question: q,
  number,
  anonymous,
}: {
  question: SurveyQuestionResult;
  number: number;
  anonymous: boolean;
}) {
  const answered = `${plural(q.answered, 'member')} answered.`;
  if (q.options) {
    const data = q.options.map((o) => ({ label: o.option, count: o.count, share: o.share }));
    const top = [...data].sort((a, b) => b.count - a.count)[0];
    return (
      <Figure
        number={number}
        question={q}
        summary={
          q.answered && top?.count
            ? `${answered} Most chosen: ${top.label} (${top.count}, ${pct(top.share)}).`
            : answered
        }
        details={
          <ul>
            {data.map((d) => (
              <li key={d.label}>
                {d.label}: {d.count} ({pct(d.share)})
              </li>
            ))}
          </ul>
        }
        height={Math.max(120, data.length * 40 + 30)}
        chart={
          <BarChart
            data={data}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 4, right: 48, bottom: 4, left: 4 }}
          >
            <CartesianGrid horizontal={false} stroke="#e9ecef" />
            <XAxis type="number" allowDecimals={false} domain={[0, atLeastOne]} {...AXIS} />
            <YAxis
              type="category"
              dataKey="label"
              width={120}
              interval={0}
              tickFormatter={(v: string) => clip(v, 16)}
              {...AXIS}
            />
            <Bar dataKey="count" fill={BAR} radius={[0, 4, 4, 0]} isAnimationActive={false}>
              <LabelList
                dataKey="count"
                position="right"
                fill="#212529"
                fontSize={12}
                formatter={(v: unknown) => String(v)}
              />
            </Bar>
          </BarChart>
        }
      />
    );
  }
  if (q.scale) {
    const s = q.scale;
    const colorOf = (value: number) =>
      s.nps ? (value <= 6 ? NPS_COLORS.detractor : value <= 8 ? NPS_COLORS.passive : NPS_COLORS.promoter) : BAR;
    const mean = s.mean === null ? '—' : round1(s.mean);
    const median = s.median === null ? '—' : round1(s.median);
    return (
      <Figure
        number={number}
        question={q}
        summary={`${answered} Mean ${mean}, median ${median} on a scale of ${s.min} to ${s.max}.`}
        details={
          <ul>
            {s.distribution.map((d) => (
              <li key={d.value}>
                {d.value}: {plural(d.count, 'answer')}
              </li>
            ))}
          </ul>
        }
        height={200}
        chart={
          <BarChart
            data={s.distribution}
            accessibilityLayer={false}
            margin={{ top: 16, right: 8, bottom: 4, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="#e9ecef" />
            <XAxis dataKey="value" interval={0} {...AXIS} />
            <YAxis allowDecimals={false} domain={[0, atLeastOne]} {...AXIS} />
            <Bar dataKey="count" radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {s.distribution.map((d) => (
                <Cell key={d.value} fill={colorOf(d.value)} />
              ))}
              <LabelList
                dataKey="count"
                position="top"
                fill="#212529"
                fontSize={11}
                formatter={(v: unknown) => (Number(v) ? String(v) : '')}
              />
            </Bar>
          </BarChart>
        }
      >
        <SimpleGrid cols={{ base: 2, xs: s.nps ? 4 : 2 }} spacing="xs">
          <Stat label="Mean" value={mean} />
          <Stat label="Median" value={median} />
          {s.nps && (
            <>
              <Stat
                label="Recommend score"
                value={`${s.nps.score > 0 ? '+' : ''}${round1(s.nps.score)}`}
                hint="Promoters’ share minus detractors’, −100 to 100"
              />
              <Box>
                <Text size="xs" c="dark.4">
                  Split
                </Text>
                <Stack gap={0}>
                  <Swatch color={NPS_COLORS.promoter} text={`${plural(s.nps.promoters, 'promoter')} (9–10)`} />
                  <Swatch color={NPS_COLORS.passive} text={`${plural(s.nps.passives, 'passive')} (7–8)`} />
                  <Swatch color={NPS_COLORS.detractor} text={`${plural(s.nps.detractors, 'detractor')} (0–6)`} />
                </Stack>
              </Box>
            </>
          )}
        </SimpleGrid>
      </Figure>
    );
  }
  return <TextAnswers question={q} number={number} anonymous={anonymous} answered={answered} />;
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Box>
      <Text size="xs" c="dark.4">
        {label}
      </Text>
      <Text fw={700} size="lg" className="cp-count">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dark.4">
          {hint}
        </Text>
      )}
    </Box>
  );
}

function Swatch({ color, text }: { color: string; text: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: color, flexShrink: 0 }} />
      <Text size="xs">{text}</Text>
    </Group>
  );
}

const TEXTS_SHOWN = 20;

function TextAnswers({
  question: q,
  number,
  anonymous,
  answered,
}: {
  question: SurveyQuestionResult;
  number: number;
  anonymous: boolean;
  answered: string;
}) {
  const [all, setAll] = useState(false);
  const texts = q.texts ?? [];
  const shown = all ? texts : texts.slice(0, TEXTS_SHOWN);
  return (
    <Figure
      number={number}
      question={q}
      summary={anonymous ? `${answered} In no particular order, without names.` : answered}
    >
      <Stack
        gap="xs"
        component="ul"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label={`Answers to question ${number}`}
      >
        {shown.map((t, i) => (
          <Box
            component="li"
            key={i}
            p="sm"
            style={{ borderLeft: '3px solid #9cd8d5', background: '#f8f9fa', borderRadius: 6 }}
          >
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {t.text}
            </Text>
            {t.respondent && (
              <Text size="xs" c="dark.4" mt={4}>
                — {t.respondent.name}
                {t.on ? `, ${formatDate(t.on)}` : ''}
              </Text>
            )}
          </Box>
        ))}
      </Stack>
      {texts.length > TEXTS_SHOWN && !all && (
        <Group>
          <Button variant="subtle" size="xs" onClick={() => setAll(true)}>
            Show all {texts.length} answers
          </Button>
        </Group>
      )}
    </Figure>
  );
}
