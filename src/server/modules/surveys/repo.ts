import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { SurveyQuestionKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import {
  activityEvents,
  memberships,
  surveyAnswers,
  surveyQuestions,
  surveyRespondents,
  surveyResponses,
  surveys,
  users,
} from '../../db/schema/index.js';
import { currentStatuses } from '../../platform/policy.js';
import { shuffle, type AnswerFacts, type QuestionFacts } from './results.js';

export type SurveyRow = typeof surveys.$inferSelect;

/** Surveys a community keeps listed; more than anyone reads through. */
const LISTED = 200;

export async function findSurvey(db: Conn, communityId: string, id: string): Promise<SurveyRow | undefined> {
  const [row] = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.id, id), eq(surveys.communityId, communityId)));
  return row;
}

export async function findSurveyById(db: Conn, id: string): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  return row;
}

/** The community's surveys, newest first: all of them, or only those already sent. */
export async function listSurveys(db: Conn, communityId: string, options: { sentOnly: boolean }) {
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.communityId, communityId), options.sentOnly ? ne(surveys.status, 'draft') : undefined))
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .limit(LISTED);
}

export async function questionCounts(db: Conn, surveyIds: string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await db
    .select({ surveyId: surveyQuestions.surveyId, n: count() })
    .from(surveyQuestions)
    .where(inArray(surveyQuestions.surveyId, surveyIds))
    .groupBy(surveyQuestions.surveyId);
  return new Map(rows.map((r) => [r.surveyId, Number(r.n)]));
}

export async function questionsOf(db: Conn, surveyId: string) {
  const rows = await db
    .select()
    .from(surveyQuestions)
    .where(eq(surveyQuestions.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position));
  return rows.map((r) => ({ ...r, kind: r.kind as SurveyQuestionKind }));
}

export type QuestionRow = Awaited<ReturnType<typeof questionsOf>>[number];

export const questionFacts = (q: QuestionRow): QuestionFacts => ({
  id: q.id,
  kind: q.kind,
  prompt: q.prompt,
  options: q.options,
  required: q.required,
});

/** Replaces a survey's questions with these, in this order. */
export async function replaceQuestions(
  tx: Conn,
  surveyId: string,
  questions: { kind: string; prompt: string; options?: string[]; required?: boolean }[],
) {
  await tx.delete(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId));
  await tx.insert(surveyQuestions).values(
    questions.map((q, position) => ({
      surveyId,
      position,
      kind: q.kind,
      prompt: q.prompt,
      options: q.options ?? [],
      required: q.required ?? true,
    })),
  );
}

/** Which of these surveys the member has answered (from the record of who answered, never the answers). */
export async function answeredAmong(db: Conn, surveyIds: string[], userId: string): Promise<Set<string>> {
  if (surveyIds.length === 0) return new Set();
  const rows = await db
    .select({ surveyId: surveyRespondents.surveyId })
    .from(surveyRespondents)
    .where(and(eq(surveyRespondents.userId, userId), inArray(surveyRespondents.surveyId, surveyIds)));
  return new Set(rows.map((r) => r.surveyId));
}

/** Who a survey goes to: current members whose account is not disabled. */
const audienceWhere = (communityId: string) =>
  and(
    eq(memberships.communityId, communityId),
    inArray(memberships.status, [...currentStatuses]),
    isNull(users.disabledAt),
  );

export async function audienceNow(db: Conn, communityId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(audienceWhere(communityId));
  return Number(row?.n ?? 0);
}

/** A page of the audience's ids after `after`, in id order. */
export async function audiencePage(db: Conn, communityId: string, after: string | null, limit: number) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(audienceWhere(communityId), after ? gt(memberships.userId, after) : undefined))
    .orderBy(asc(memberships.userId))
    .limit(limit);
  return rows.map((r) => r.userId);
}

export const SENT_VERB = 'survey.sent';

/** The audience counted when the survey was sent, kept in the activity event of its sending. */
export async function audienceAtSend(db: Conn, survey: SurveyRow): Promise<number | null> {
  if (!survey.sentAt) return null;
  const [row] = await db
    .select({ data: activityEvents.data })
    .from(activityEvents)
    .where(
      and(
        eq(activityEvents.communityId, survey.communityId),
        eq(activityEvents.occurredAt, survey.sentAt),
        eq(activityEvents.verb, SENT_VERB),
        eq(activityEvents.objectId, survey.id),
      ),
    )
    .limit(1);
  const audience = row?.data?.audience;
  return typeof audience === 'number' ? audience : null;
}

/**
 * Every stored answer of a survey. Who gave it (and on which day) is read only for a survey
 * that is not anonymous; an anonymous survey's responses have no respondent to read anyway.
 */
export async function answersOf(db: Conn, survey: SurveyRow): Promise<AnswerFacts[]> {
  if (survey.anonymous) {
    const rows = await db
      .select({ questionId: surveyAnswers.questionId, value: surveyAnswers.value })
      .from(surveyAnswers)
      .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
      .where(eq(surveyResponses.surveyId, survey.id));
    return rows.map((r) => ({ ...r, respondent: null, on: null }));
  }
  const rows = await db
    .select({
      questionId: surveyAnswers.questionId,
      value: surveyAnswers.value,
      on: surveyResponses.submittedOn,
      respondentId: users.id,
      respondentName: users.name,
    })
    .from(surveyAnswers)
    .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
    .leftJoin(users, eq(users.id, surveyResponses.respondentId))
    .where(eq(surveyResponses.surveyId, survey.id))
    .orderBy(asc(surveyResponses.submittedOn), asc(users.name));
  return rows.map((r) => ({
    questionId: r.questionId,
    value: r.value,
    on: r.on,
    respondent: r.respondentId && r.respondentName !== null ? { id: r.respondentId, name: r.respondentName } : null,
  }));
}

/** Closes every open survey whose closing time has come; returns those closed. */
export async function closeDue(db: Conn, now: Date) {
  return db
    .update(surveys)
    .set({ status: 'closed', closedAt: sql`${surveys.closesAt}`, updatedAt: now })
    .where(and(eq(surveys.status, 'open'), lte(surveys.closesAt, now)))
    .returning({ id: surveys.id, communityId: surveys.communityId, anonymous: surveys.anonymous });
}

/**
 * Rewrites an anonymous survey's responses under new ids, in a random order, in the caller's
 * transaction. Each response was written in the same transaction as the record of who gave it,
 * so the two sat side by side in the tables' physical order (and in backups, which copy rows in
 * that order) and shared a transaction id; written again together, shuffled, they no longer do.
 */
export async function reshuffleResponses(tx: Conn, surveyId: string): Promise<void> {
  const rows = await tx
    .select({ id: surveyResponses.id, on: surveyResponses.submittedOn })
    .from(surveyResponses)
    .where(eq(surveyResponses.surveyId, surveyId));
  if (rows.length === 0) return;
  const moves = shuffle(rows).map((r) => ({ from: r.id, to: randomUUID(), on: r.on }));
  for (let i = 0; i < moves.length; i += RESHUFFLE_CHUNK) {
    const chunk = moves.slice(i, i + RESHUFFLE_CHUNK);
    await tx
      .insert(surveyResponses)
      .values(chunk.map((m) => ({ id: m.to, surveyId, respondentId: null, submittedOn: m.on })));
    const pairs = sql.join(
      chunk.map((m) => sql`(${m.from}::uuid, ${m.to}::uuid)`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${surveyAnswers} set response_id = moved.to_id
      from (values ${pairs}) as moved(from_id, to_id)
      where ${surveyAnswers.responseId} = moved.from_id`);
    await tx.delete(surveyResponses).where(
      inArray(
        surveyResponses.id,
        chunk.map((m) => m.from),
      ),
    );
  }
}

const RESHUFFLE_CHUNK = 500;
