import { TZDate } from '@date-fns/tz';
import { addMonths, format, startOfMonth } from 'date-fns';
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { SponsorReport, SurveyHighlight } from '../../../common/api-types.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn } from '../../db/client.js';
import { healthAssessments, memberships, surveys } from '../../db/schema/index.js';
import { invalid } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { currentStatuses, type Actor } from '../../platform/policy.js';
import { authorizeIn } from '../communities/service.js';
import { quarterOf } from './assessment-quarters.js';
import { computeFigures } from './figures.js';
import { headlineFigures } from './report-headline.js';
import { isStage, signalsOf, stageLabel } from './stages.js';

/**
 * The sponsor report: what a community achieved over a period, for the people who fund it.
 * Aggregates only. It is built as one value (`SponsorReport`) that the JSON answer, the CSV
 * and the PDF all render, so what it may contain is decided here, once: counts, shares and
 * averages, the community's own name, and the titles, prompts and options coordinators gave
 * their surveys. Never a member's name, a post, a reply, a resource or a written answer.
 */

/** Fewer responses than this and a survey's per-question figures could point at someone. */
export const minResponsesForDetail = 3;
export const maxPeriodYears = 2;

const leftStatuses = ['alumni', 'removed'];

export interface ReportPeriod {
  from: string;
  to: string;
  /** Local midnight of `from`, and of the day after `to`, as instants. */
  start: Date;
  end: Date;
}

const zoneOf = (timeZone: string) => canonicalTimeZone(timeZone) ?? 'UTC';

function localMidnight(day: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, tz).getTime());
}

/** Calendar arithmetic on YYYY-MM-DD days, free of any time zone. */
function shiftDay(day: string, { years = 0, days = 0 }: { years?: number; days?: number }): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d + days)).toISOString().slice(0, 10);
}

const isCalendarDay = (day: string) => shiftDay(day, {}) === day;

/** Checks a period given as two calendar days (both included) and turns it into instants. */
export function reportPeriod(from: string, to: string, timeZone: string): ReportPeriod {
  const tz = zoneOf(timeZone);
  if (!isCalendarDay(from)) throw invalid('from', `${from} is not a date in the calendar.`, 'invalid_date');
  if (!isCalendarDay(to)) throw invalid('to', `${to} is not a date in the calendar.`, 'invalid_date');
  if (from > to) throw invalid('to', 'The end of the period comes before its start.', 'period_reversed');
  const limit = shiftDay(shiftDay(from, { years: maxPeriodYears }), { days: -1 });
  if (to > limit) {
    throw invalid(
      'to',
      `A report covers at most ${maxPeriodYears} years: end it on ${limit} or earlier.`,
      'period_too_long',
    );
  }
  return { from, to, start: localMidnight(from, tz), end: localMidnight(shiftDay(to, { days: 1 }), tz) };
}

/** The local months the period touches, each cut to the period. */
function monthsOf(period: ReportPeriod, tz: string): { month: string; start: Date; end: Date }[] {
  const out: { month: string; start: Date; end: Date }[] = [];
  let cursor = startOfMonth(new TZDate(period.start.getTime(), tz));
  while (cursor.getTime() < period.end.getTime()) {
    const next = addMonths(cursor, 1);
    out.push({
      month: format(cursor, 'yyyy-MM'),
      start: new Date(Math.max(cursor.getTime(), period.start.getTime())),
      end: new Date(Math.min(next.getTime(), period.end.getTime())),
    });
    cursor = next;
  }
  return out;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * Joined, left and members at the end of each month, from the memberships as they stand: a
 * membership records when it began and when its status last changed, so someone who left and
 * came back counts from their return.
 */
async function membersByMonth(db: Conn, communityId: string, months: ReturnType<typeof monthsOf>) {
  if (months.length === 0) return [];
  const bounds = sql.join(
    months.map((m) => sql`(${m.month}, ${m.start.toISOString()}::timestamptz, ${m.end.toISOString()}::timestamptz)`),
    sql`, `,
  );
  const left = list(leftStatuses);
  const result = await db.execute(sql`
    select b.month,
      count(*) filter (where ms.joined_at >= b.starts and ms.joined_at < b.ends)::int as joined,
      count(*) filter (where ms.status in (${left}) and ms.status_changed_at >= b.starts and ms.status_changed_at < b.ends)::int as left,
      count(*) filter (
        where ms.joined_at < b.ends
          and not (ms.status in (${left}) and ms.status_changed_at < b.ends)
      )::int as members
    from (values ${bounds}) as b(month, starts, ends)
    left join ${memberships} ms on ms.community_id = ${communityId} and ms.status <> 'pending'
    group by b.month
    order by b.month
  `);
  return rowsOf<{ month: string; joined: number; left: number; members: number }>(result).map((r) => ({
    month: r.month,
    joined: Number(r.joined),
    left: Number(r.left),
    members: Number(r.members),
  }));
}

/** Surveys sent to the community that were open at some point in the period, with aggregates only. */
async function surveyHighlights(db: Conn, communityId: string, period: ReportPeriod, now: Date) {
  const rows = await db
    .select({
      id: surveys.id,
      title: surveys.title,
      status: surveys.status,
      anonymous: surveys.anonymous,
      sentAt: surveys.sentAt,
      closedAt: surveys.closedAt,
      createdAt: surveys.createdAt,
    })
    .from(surveys)
    .where(
      and(
        eq(surveys.communityId, communityId),
        inArray(surveys.status, ['open', 'closed']),
        sql`coalesce(${surveys.sentAt}, ${surveys.createdAt}) < ${period.end.toISOString()}::timestamptz`,
        sql`(${surveys.closedAt} is null or ${surveys.closedAt} >= ${period.start.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(sql`coalesce(${surveys.sentAt}, ${surveys.createdAt})`);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const idList = list(ids);
  const current = list([...currentStatuses]);

  const [responses, audiences, scales, choices] = await Promise.all([
    db.execute(sql`
      select survey_id, count(*)::int as n from survey_responses where survey_id in (${idList}) group by survey_id
    `),
    // Who could answer: the members there while it was open (and still members when it closed).
    db.execute(sql`
      select s.id as survey_id, count(ms.user_id)::int as n
      from ${surveys} s
      left join ${memberships} ms on ms.community_id = s.community_id
        and ms.status in (${current})
        and ms.joined_at <= coalesce(s.closed_at, ${now.toISOString()}::timestamptz)
      where s.id in (${idList})
      group by s.id
    `),
    // Only scale and choice questions are read: the words of free-text answers never leave the table.
    db.execute(sql`
      select q.survey_id, q.id, q.position, q.prompt, q.kind,
        avg((a.value #>> '{}')::numeric)::float8 as average, count(a.value)::int as answers
      from survey_questions q
      left join survey_answers a on a.question_id = q.id and jsonb_typeof(a.value) = 'number'
      where q.survey_id in (${idList}) and q.kind in ('scale5', 'scale10')
      group by q.survey_id, q.id, q.position, q.prompt, q.kind
      order by q.survey_id, q.position
    `),
    db.execute(sql`
      with picks as (
        select q.survey_id, q.id as question_id, a.response_id, pick.value as choice
        from survey_questions q
        join survey_answers a on a.question_id = q.id
        cross join lateral jsonb_array_elements_text(
          case jsonb_typeof(a.value) when 'array' then a.value when 'string' then jsonb_build_array(a.value) else '[]'::jsonb end
        ) as pick(value)
        where q.survey_id in (${idList}) and q.kind in ('single', 'multiple')
          and q.options ? pick.value
      )
      select q.survey_id, q.id, q.position, q.prompt,
        (select count(distinct p.response_id)::int from picks p where p.question_id = q.id) as answers,
        top.choice, coalesce(top.n, 0)::int as count
      from survey_questions q
      left join lateral (
        select p.choice, count(*)::int as n from picks p where p.question_id = q.id
        group by p.choice order by count(*) desc, p.choice limit 1
      ) top on true
      where q.survey_id in (${idList}) and q.kind in ('single', 'multiple')
      order by q.survey_id, q.position
    `),
  ]);

  const countBy = (result: unknown) =>
    new Map(rowsOf<{ survey_id: string; n: number }>(result).map((r) => [r.survey_id, Number(r.n)]));
  const responseCount = countBy(responses);
  const audience = countBy(audiences);
  type ScaleRow = { survey_id: string; prompt: string; kind: string; average: number | null; answers: number };
  type ChoiceRow = { survey_id: string; prompt: string; answers: number; choice: string | null; count: number };
  const scaleRows = rowsOf<ScaleRow>(scales);
  const choiceRows = rowsOf<ChoiceRow>(choices);

  return rows.map((s): SurveyHighlight => {
    const n = responseCount.get(s.id) ?? 0;
    const could = audience.get(s.id) ?? 0;
    const detailed = n >= minResponsesForDetail;
    return {
      title: s.title,
      status: s.status === 'closed' ? 'closed' : 'open',
      anonymous: s.anonymous,
      sentAt: (s.sentAt ?? s.createdAt).toISOString(),
      closedAt: s.closedAt?.toISOString() ?? null,
      responses: n,
      responseRate: could > 0 ? Math.min(1, n / could) : null,
      detailed,
      scales: detailed
        ? scaleRows
            .filter((r) => r.survey_id === s.id && Number(r.answers) > 0)
            .map((r) => ({
              prompt: r.prompt,
              max: r.kind === 'scale10' ? 10 : 5,
              average: Math.round(Number(r.average) * 10) / 10,
              answers: Number(r.answers),
            }))
        : [],
      choices: detailed
        ? choiceRows
            .filter((r) => r.survey_id === s.id && r.choice !== null && Number(r.answers) > 0)
            .map((r) => ({
              prompt: r.prompt,
              topChoice: r.choice!,
              count: Number(r.count),
              share: Number(r.count) / Number(r.answers),
              answers: Number(r.answers),
            }))
        : [],
    };
  });
}

/** The latest assessment of a quarter the period touches. */
async function stageInPeriod(db: Conn, communityId: string, period: ReportPeriod, tz: string) {
  const last = new Date(period.end.getTime() - 1);
  const [row] = await db
    .select({ quarter: healthAssessments.quarter, stage: healthAssessments.stage })
    .from(healthAssessments)
    .where(
      and(
        eq(healthAssessments.communityId, communityId),
        gte(healthAssessments.quarter, quarterOf(period.start, tz)),
        lte(healthAssessments.quarter, quarterOf(last, tz)),
      ),
    )
    .orderBy(desc(healthAssessments.quarter))
    .limit(1);
  if (!row || !isStage(row.stage)) return null;
  return { quarter: row.quarter, stage: row.stage, label: stageLabel(row.stage) };
}

export interface BuiltReport {
  report: SponsorReport;
  filename: string;
}

/** Coordinators: the sponsor report of a period given as two calendar days, both included. */
export async function buildReport(
  deps: Deps,
  actor: Actor,
  slug: string,
  range: { from: string; to: string },
  now = new Date(),
): Promise<BuiltReport> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const tz = zoneOf(ctx.community.timeZone);
  const period = reportPeriod(range.from, range.to, tz);
  // A period reaching into the future is measured up to now.
  const measured = {
    start: period.start,
    end: new Date(Math.max(period.start.getTime(), Math.min(period.end.getTime(), now.getTime()))),
  };
  const id = ctx.community.id;
  const [figures, byMonth, surveyList, stage] = await Promise.all([
    computeFigures(deps.db, id, measured, now),
    membersByMonth(deps.db, id, monthsOf({ ...period, end: measured.end }, tz)),
    surveyHighlights(deps.db, id, period, now),
    stageInPeriod(deps.db, id, period, tz),
  ]);
  const signals = signalsOf(figures);
  const report: SponsorReport = {
    community: { name: ctx.community.name, slug: ctx.community.slug },
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    size: {
      members: figures.members.total,
      joined: figures.members.joined,
      left: figures.members.left,
      onBreak: figures.members.onBreak,
      byMonth,
    },
    engagement: {
      modes: { ...figures.modes.current },
      contributingShare: signals.contributingShare,
      weeklyActive: signals.weeklyActive,
      movedUp: figures.modes.movedUp,
      driftedDown: figures.modes.driftedDown,
      activationRate: figures.activation.rate,
      distribution: { ...figures.distribution },
    },
    outcomes: {
      acceptedAnswers: figures.outcomes.acceptedAnswers,
      resources: figures.outcomes.resources,
      eventsHeld: figures.outcomes.eventsHeld,
      wins: figures.outcomes.wins,
      attended: figures.events.attended,
      questionsAsked: figures.questions.asked,
    },
    health: headlineFigures(figures),
    stage,
    surveys: surveyList,
  };
  return { report, filename: `${ctx.community.slug}-sponsor-report-${period.from}-to-${period.to}` };
}
