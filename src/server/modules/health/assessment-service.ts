import { and, desc, eq, lt, lte } from 'drizzle-orm';
import type {
  Assessment,
  AssessmentAnswer,
  AssessmentDetail,
  AssessmentDraft,
  AssessmentInput,
  AssessmentList,
  AssessmentSummary,
  HealthFigures,
  MaturityStage,
} from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { healthAssessments, users } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { requireUser, type Actor } from '../../platform/policy.js';
import { authorizeIn } from '../communities/service.js';
import { changeBetween } from './assessment-change.js';
import { quarterOf, quarterPeriod, quarterSoFar, writableQuarters } from './assessment-quarters.js';
import { assessmentQuestions } from './assessment-questions.js';
import { computeFigures } from './figures.js';
import { headlineFigures } from './report-headline.js';
import { isStage, proposeStage, stageInfo, type StageHistoryEntry } from './stages.js';

/**
 * The quarterly assessment: a coordinator answers the guided questions, the quarter's figures are
 * snapshotted with it, the figures propose a maturity stage and the coordinator confirms it or
 * picks another (saying why). Core and coordinators read the history and the change since last time.
 */

type Row = typeof healthAssessments.$inferSelect & { createdByName: string | null };
type SummaryRow = Pick<
  Row,
  'quarter' | 'stage' | 'proposedStage' | 'createdBy' | 'createdByName' | 'createdAt' | 'updatedAt'
>;

/** What the figures column holds: the quarter's figures and why they proposed the stage they did. */
interface StoredFigures {
  health: HealthFigures;
  reasons: string[];
}

const stored = (row: Row): StoredFigures => {
  const value = row.figures as Partial<StoredFigures>;
  return { health: (value.health ?? {}) as HealthFigures, reasons: value.reasons ?? [] };
};

const stageOf = (value: string): MaturityStage => (isStage(value) ? value : 'potential');

function answersOf(row: Row): Record<string, AssessmentAnswer> {
  const out: Record<string, AssessmentAnswer> = {};
  for (const [id, raw] of Object.entries(row.answers)) {
    const a = raw as Partial<AssessmentAnswer> | null;
    if (a && typeof a.score === 'number') out[id] = { score: a.score, comment: a.comment ?? '' };
  }
  return out;
}

function presentSummary(row: SummaryRow, timeZone: string): AssessmentSummary {
  const period = quarterPeriod(row.quarter, timeZone);
  return {
    quarter: row.quarter,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    stage: stageOf(row.stage),
    proposedStage: stageOf(row.proposedStage),
    createdBy: row.createdBy ? { id: row.createdBy, name: row.createdByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function present(row: Row, timeZone: string, now: Date): Assessment {
  const { health, reasons } = stored(row);
  return {
    ...presentSummary(row, timeZone),
    answers: answersOf(row),
    notes: row.notes,
    reasons,
    figures: health,
    headline: headlineFigures(health),
    editable: writableQuarters(now, timeZone).includes(row.quarter),
  };
}

const comparable = (row: Row) => ({
  quarter: row.quarter,
  stage: stageOf(row.stage),
  answers: answersOf(row),
  figures: stored(row).health,
});

const history = (rows: Row[]): StageHistoryEntry[] =>
  rows.map((r) => ({ quarter: r.quarter, stage: stageOf(r.stage) }));

/**
 * A community's assessments up to a quarter (it included or not), latest first; `limit` keeps
 * the latest few (a proposal only looks at the last assessment before it).
 */
async function assessmentsOf(
  db: Conn,
  communityId: string,
  upTo: { quarter: string; inclusive: boolean },
  limit: number,
) {
  const where = and(
    eq(healthAssessments.communityId, communityId),
    upTo.inclusive ? lte(healthAssessments.quarter, upTo.quarter) : lt(healthAssessments.quarter, upTo.quarter),
  );
  const rows = await db
    .select({ a: healthAssessments, createdByName: users.name })
    .from(healthAssessments)
    .leftJoin(users, eq(users.id, healthAssessments.createdBy))
    .where(where)
    .orderBy(desc(healthAssessments.quarter))
    .limit(limit);
  return rows.map(({ a, createdByName }): Row => ({ ...a, createdByName }));
}

/** Refuses a quarter that may not be written now, saying why. */
function assertWritable(quarter: string, timeZone: string, now: Date): void {
  const writable = writableQuarters(now, timeZone);
  if (writable.includes(quarter)) return;
  if (quarter > quarterOf(now, timeZone)) {
    throw invalid('quarter', `${quarter} has not started yet.`, 'quarter_not_started');
  }
  throw invalid(
    'quarter',
    `${quarter} is closed: only the current quarter, or the last one during the 30 days after it ends, can be assessed.`,
    'quarter_closed',
  );
}

export async function listAssessments(
  deps: Deps,
  actor: Actor,
  slug: string,
  now = new Date(),
): Promise<AssessmentList> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'viewHealth');
  const tz = ctx.community.timeZone;
  // The list needs no answers or figures: leave the large columns in the table.
  const rows = await deps.db
    .select({
      quarter: healthAssessments.quarter,
      stage: healthAssessments.stage,
      proposedStage: healthAssessments.proposedStage,
      createdBy: healthAssessments.createdBy,
      createdByName: users.name,
      createdAt: healthAssessments.createdAt,
      updatedAt: healthAssessments.updatedAt,
    })
    .from(healthAssessments)
    .leftJoin(users, eq(users.id, healthAssessments.createdBy))
    .where(eq(healthAssessments.communityId, ctx.community.id))
    .orderBy(desc(healthAssessments.quarter));
  return {
    items: rows.map((r) => presentSummary(r, tz)),
    stages: stageInfo,
    currentQuarter: quarterOf(now, tz),
    writableQuarters: writableQuarters(now, tz),
    abilities: { write: ctx.abilities.steerHealth },
  };
}

export async function getAssessment(
  deps: Deps,
  actor: Actor,
  slug: string,
  quarter: string,
  now = new Date(),
): Promise<AssessmentDetail> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'viewHealth');
  const tz = ctx.community.timeZone;
  const [row, previous] = await assessmentsOf(deps.db, ctx.community.id, { quarter, inclusive: true }, 2);
  if (!row || row.quarter !== quarter) throw notFound();
  const current = comparable(row);
  return {
    assessment: present(row, tz, now),
    previous: previous ? presentSummary(previous, tz) : null,
    change: previous ? changeBetween(comparable(previous), current) : null,
    questions: assessmentQuestions,
    stages: stageInfo,
  };
}

/** The questions, the quarter's figures so far and the stage they propose, with the last assessment. */
export async function draftAssessment(
  deps: Deps,
  actor: Actor,
  slug: string,
  quarter: string | undefined,
  now = new Date(),
): Promise<AssessmentDraft> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const tz = ctx.community.timeZone;
  const target = quarter ?? quarterOf(now, tz);
  assertWritable(target, tz, now);
  const period = quarterSoFar(target, tz, now);
  const [figures, rows] = await Promise.all([
    computeFigures(deps.db, ctx.community.id, period, now),
    assessmentsOf(deps.db, ctx.community.id, { quarter: target, inclusive: true }, 2),
  ]);
  const saved = rows[0]?.quarter === target ? rows[0] : null;
  const earlier = saved ? rows.slice(1) : rows;
  const proposal = proposeStage(figures, history(earlier));
  const previous = earlier[0] ?? null;
  return {
    quarter: target,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    questions: assessmentQuestions,
    stages: stageInfo,
    figures,
    headline: headlineFigures(figures),
    proposal,
    saved: saved ? present(saved, tz, now) : null,
    previous: previous ? present(previous, tz, now) : null,
    change: previous
      ? changeBetween(comparable(previous), {
          stage: saved ? stageOf(saved.stage) : proposal.stage,
          answers: saved ? answersOf(saved) : {},
          figures,
        })
      : null,
  };
}

/**
 * Saves a quarter's assessment (the first time or again): the figures are computed afresh and
 * snapshotted, the stage proposed from them, and a chosen stage that differs needs a note.
 */
export async function saveAssessment(
  deps: Deps,
  actor: Actor,
  slug: string,
  quarter: string,
  input: AssessmentInput,
  now = new Date(),
): Promise<AssessmentDetail> {
  const ctx = await authorizeIn(deps.db, actor, slug, 'steerHealth');
  const me = requireUser(actor);
  const tz = ctx.community.timeZone;
  assertWritable(quarter, tz, now);
  // The figures are read before the transaction: many queries, none of which it needs to lock.
  const figures = await computeFigures(deps.db, ctx.community.id, quarterSoFar(quarter, tz, now), now);
  const notes = (input.notes ?? '').trim();
  const answers: Record<string, AssessmentAnswer> = Object.fromEntries(
    assessmentQuestions.map(({ id }) => {
      const a = input.answers[id]!;
      return [id, { score: a.score, comment: (a.comment ?? '').trim() }];
    }),
  );

  await deps.db.transaction(async (tx) => {
    const earlier = await assessmentsOf(tx, ctx.community.id, { quarter, inclusive: false }, 1);
    const proposal = proposeStage(figures, history(earlier));
    if (input.stage !== proposal.stage && !notes) {
      throw invalid(
        'notes',
        'Say in a note why you chose a different stage from the one the figures propose.',
        'notes_required',
      );
    }
    const values = {
      answers,
      figures: { health: figures, reasons: proposal.reasons } satisfies StoredFigures,
      proposedStage: proposal.stage,
      stage: input.stage,
      notes,
      updatedAt: now,
    };
    const [row] = await tx
      .insert(healthAssessments)
      .values({ communityId: ctx.community.id, quarter, createdBy: me.id, ...values })
      .onConflictDoUpdate({ target: [healthAssessments.communityId, healthAssessments.quarter], set: values })
      .returning({ id: healthAssessments.id });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'assessment.saved',
      objectType: 'assessment',
      objectId: row!.id,
      data: { quarter, stage: input.stage, proposedStage: proposal.stage },
    });
  });
  return getAssessment(deps, actor, slug, quarter, now);
}
