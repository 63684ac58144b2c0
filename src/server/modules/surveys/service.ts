import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Survey, SurveyResults, SurveySummary } from '../../../common/api-types.js';
import { limits } from '../../../common/limits.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn } from '../../db/client.js';
import { surveyAnswers, surveyRespondents, surveyResponses, surveys } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { isUuid } from '../../platform/ids.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { enqueue } from '../../platform/jobs.js';
import * as communities from '../communities/service.js';
import { checkAnswers } from './answers.js';
import { presentSummary, presentSurvey, seenByMember, standing } from './present.js';
import * as repo from './repo.js';
import { questionResult, withheldResult, type AnswerFacts } from './results.js';
import type { ResponseInput, SurveyInput, SurveyPatch } from './schema.js';

/**
 * Surveys: coordinators build a draft, send it (every current member is asked, in the app and
 * by mail, through the `survey.send` job), and close it or let it close at its closing time.
 * Members answer once. An anonymous survey stores its answers with no link to the member: see
 * docs/decisions/010-surveys.md for what is and is not kept.
 */

export const SEND_JOB = 'survey.send';
/** How far ahead a closing time may be set. */
const MAX_DAYS_OPEN = 366;
const DAY_MS = 86_400_000;

type Ctx = communities.CommunityContext;

interface Managed {
  ctx: Ctx;
  survey: repo.SurveyRow;
}

const manage = (deps: Deps, actor: Actor, slug: string) =>
  communities.authorizeIn(deps.db, actor, slug, 'manageSurveys');

async function loadManaged(deps: Deps, actor: Actor, slug: string, id: string): Promise<Managed> {
  const ctx = await manage(deps, actor, slug);
  if (!isUuid(id)) throw notFound();
  const survey = await repo.findSurvey(deps.db, ctx.community.id, id);
  if (!survey) throw notFound();
  return { ctx, survey };
}

/** Coordinators see every survey; anyone else must be able to answer (a current member). */
async function loadViewer(deps: Deps, actor: Actor, slug: string): Promise<Ctx> {
  const ctx = await communities.loadCommunity(deps.db, actor, slug);
  if (!ctx.abilities.manageSurveys) authorize(actor, ctx.abilities, 'post');
  return ctx;
}

const alreadySent = () => conflict('survey_sent', 'This survey has been sent: its questions can no longer change.');
const closedError = () => conflict('survey_closed', 'This survey is closed.');
const notSent = () => conflict('survey_not_sent', 'This survey has not been sent yet.');

/** The day `at` falls on in the community's time zone, as YYYY-MM-DD. */
export const dayIn = (timeZone: string, at: Date) =>
  format(new TZDate(at.getTime(), canonicalTimeZone(timeZone) ?? 'UTC'), 'yyyy-MM-dd');

function checkClosesAt(value: string | null | undefined, now: Date): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const at = new Date(value);
  if (!(at.getTime() > now.getTime())) {
    throw invalid('closesAt', 'Choose a closing time in the future.', 'closes_in_the_past');
  }
  if (at.getTime() - now.getTime() > MAX_DAYS_OPEN * DAY_MS) {
    throw invalid('closesAt', 'A survey can stay open for a year at most.', 'too_far');
  }
  return at;
}

async function detail(db: Conn, ctx: Ctx, actor: Actor, survey: repo.SurveyRow, now = new Date()): Promise<Survey> {
  const manager = ctx.abilities.manageSurveys;
  const [questions, answered, audience] = await Promise.all([
    repo.questionsOf(db, survey.id),
    actor.user ? repo.answeredAmong(db, [survey.id], actor.user.id) : new Set<string>(),
    !manager
      ? null
      : survey.status === 'draft'
        ? repo.audienceNow(db, ctx.community.id)
        : repo.audienceAtSend(db, survey),
  ]);
  return presentSurvey(
    survey,
    questions,
    { manage: manager, post: ctx.abilities.post, answered: answered.has(survey.id), audience },
    now,
  );
}

// ── Reading ──────────────────────────────────────────────────────────────────

/** Coordinators: every survey. Members: open ones, and closed ones they answered. */
export async function list(deps: Deps, actor: Actor, slug: string, now = new Date()): Promise<SurveySummary[]> {
  const ctx = await loadViewer(deps, actor, slug);
  const manager = ctx.abilities.manageSurveys;
  const rows = await repo.listSurveys(deps.db, ctx.community.id, { sentOnly: !manager });
  const ids = rows.map((r) => r.id);
  const [counts, answered] = await Promise.all([
    repo.questionCounts(deps.db, ids),
    actor.user ? repo.answeredAmong(deps.db, ids, actor.user.id) : new Set<string>(),
  ]);
  return rows
    .filter((r) => manager || seenByMember(standing(r, now).status, answered.has(r.id)))
    .map((r) =>
      presentSummary(
        r,
        counts.get(r.id) ?? 0,
        { manage: manager, post: ctx.abilities.post, answered: answered.has(r.id) },
        now,
      ),
    );
}

/** One survey: coordinators any of theirs; members an open one, or one they answered. */
export async function get(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()): Promise<Survey> {
  const ctx = await loadViewer(deps, actor, slug);
  if (!isUuid(id)) throw notFound();
  const survey = await repo.findSurvey(deps.db, ctx.community.id, id);
  if (!survey) throw notFound();
  if (!ctx.abilities.manageSurveys) {
    const answered = await repo.answeredAmong(deps.db, [survey.id], actor.user!.id);
    if (!seenByMember(standing(survey, now).status, answered.has(survey.id))) throw notFound();
  }
  return detail(deps.db, ctx, actor, survey, now);
}

// ── Building ─────────────────────────────────────────────────────────────────

export async function create(deps: Deps, actor: Actor, slug: string, input: SurveyInput, now = new Date()) {
  const ctx = await manage(deps, actor, slug);
  const closesAt = checkClosesAt(input.closesAt, now) ?? null;
  const row = await deps.db.transaction(async (tx) => {
    const [made] = await tx
      .insert(surveys)
      .values({
        communityId: ctx.community.id,
        title: input.title,
        intro: input.intro ?? '',
        anonymous: input.anonymous,
        closesAt,
        createdBy: actor.user!.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await repo.replaceQuestions(tx, made.id, input.questions);
    return made;
  });
  return detail(deps.db, ctx, actor, row, now);
}

/**
 * Edits a survey that is not closed. Its questions change only while it is a draft (members may
 * have answered them since), and so does whether it is anonymous: answers already given were
 * stored under the promise made when it was sent.
 */
export async function update(deps: Deps, actor: Actor, slug: string, id: string, patch: SurveyPatch, now = new Date()) {
  const { ctx, survey } = await loadManaged(deps, actor, slug, id);
  const closesAt = checkClosesAt(patch.closesAt, now);
  const row = await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(surveys).where(eq(surveys.id, survey.id)).for('update');
    const status = standing(locked, now).status;
    if (status === 'closed') throw closedError();
    if (status !== 'draft') {
      if (patch.questions) throw alreadySent();
      if (patch.anonymous !== undefined && patch.anonymous !== locked.anonymous) {
        throw conflict('anonymity_fixed', 'Whether a survey is anonymous cannot change once it is sent.', 'anonymous');
      }
    }
    if (patch.questions) await repo.replaceQuestions(tx, locked.id, patch.questions);
    const [updated] = await tx
      .update(surveys)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.intro !== undefined ? { intro: patch.intro } : {}),
        ...(patch.anonymous !== undefined ? { anonymous: patch.anonymous } : {}),
        ...(closesAt !== undefined ? { closesAt } : {}),
        updatedAt: now,
      })
      .where(eq(surveys.id, locked.id))
      .returning();
    return updated;
  });
  return detail(deps.db, ctx, actor, row, now);
}

/** Deletes a draft; a survey once sent stays, with its answers. */
export async function remove(deps: Deps, actor: Actor, slug: string, id: string): Promise<void> {
  const { survey } = await loadManaged(deps, actor, slug, id);
  const deleted = await deps.db
    .delete(surveys)
    .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'draft')))
    .returning({ id: surveys.id });
  if (deleted.length === 0) throw conflict('survey_sent', 'A survey that was sent cannot be deleted.');
}

// ── Sending and closing ──────────────────────────────────────────────────────

/**
 * Opens the survey and asks every current member to answer it, once: the audience is counted
 * now (for the response rate) and the `survey.send` job notifies them. Sending again answers
 * the survey as it is and asks nobody twice.
 */
export async function send(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()): Promise<Survey> {
  const { ctx, survey } = await loadManaged(deps, actor, slug, id);
  const row = await deps.db.transaction(async (tx) => {
    const [opened] = await tx
      .update(surveys)
      .set({ status: 'open', sentAt: now, updatedAt: now })
      .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'draft')))
      .returning();
    if (!opened) return (await repo.findSurveyById(tx, survey.id)) ?? survey;
    if (opened.closesAt && opened.closesAt.getTime() <= now.getTime()) {
      throw invalid(
        'closesAt',
        'Its closing time has passed: choose a later one before sending.',
        'closes_in_the_past',
      );
    }
    const audience = await repo.audienceNow(tx, ctx.community.id);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: repo.SENT_VERB,
      objectType: 'survey',
      objectId: opened.id,
      data: { audience },
      occurredAt: now,
    });
    await enqueue(
      tx,
      SEND_JOB,
      { surveyId: opened.id, senderId: actor.user!.id },
      { key: opened.id, communityId: ctx.community.id },
    );
    return opened;
  });
  deps.jobs.wake();
  return detail(deps.db, ctx, actor, row, now);
}

/** Closes an open survey now; closing a closed one changes nothing. */
export async function close(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()): Promise<Survey> {
  const { ctx, survey } = await loadManaged(deps, actor, slug, id);
  if (survey.status === 'draft') throw notSent();
  const row = await deps.db.transaction(async (tx) => {
    const [closed] = await tx
      .update(surveys)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'open'), notPastClosing(now)))
      .returning();
    if (!closed) return (await repo.findSurveyById(tx, survey.id)) ?? survey;
    if (closed.anonymous) await repo.reshuffleResponses(tx, closed.id);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'survey.closed',
      objectType: 'survey',
      objectId: closed.id,
    });
    return closed;
  });
  return detail(deps.db, ctx, actor, row, now);
}

const notPastClosing = (now: Date) => or(isNull(surveys.closesAt), gt(surveys.closesAt, now));

// ── Answering ────────────────────────────────────────────────────────────────

/**
 * A member's answers, once, in one transaction: the record that they answered, the response
 * (with no respondent and only the day when the survey is anonymous), its answers, the count,
 * and an `answered_survey` activity event naming the survey only, never the response.
 */
export async function answer(
  deps: Deps,
  actor: Actor,
  slug: string,
  id: string,
  input: ResponseInput,
  now = new Date(),
): Promise<{ surveyId: string; answered: true }> {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'post');
  const me = actor.user!;
  if (!isUuid(id)) throw notFound();
  const survey = await repo.findSurvey(deps.db, ctx.community.id, id);
  if (!survey) throw notFound();
  const status = standing(survey, now).status;
  const answered = (await repo.answeredAmong(deps.db, [survey.id], me.id)).has(survey.id);
  // What a member may not see answers like a missing survey; coordinators are told why.
  if (!seenByMember(status, answered) && !ctx.abilities.manageSurveys) throw notFound();
  if (answered) throw alreadyAnswered();
  if (status === 'draft') throw notSent();
  if (status === 'closed') throw closedError();
  const stored = checkAnswers((await repo.questionsOf(deps.db, survey.id)).map(repo.questionFacts), input.answers);

  await deps.db.transaction(async (tx) => {
    // Counting first locks the survey row: a close, or the same member's second try, waits here.
    const counted = await tx
      .update(surveys)
      .set({ responseCount: sql`${surveys.responseCount} + 1` })
      .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'open'), notPastClosing(now)))
      .returning({ id: surveys.id });
    if (counted.length === 0) throw closedError();
    const first = await tx
      .insert(surveyRespondents)
      .values({ surveyId: survey.id, userId: me.id })
      .onConflictDoNothing()
      .returning({ userId: surveyRespondents.userId });
    if (first.length === 0) throw alreadyAnswered();
    const [response] = await tx
      .insert(surveyResponses)
      .values({
        surveyId: survey.id,
        respondentId: survey.anonymous ? null : me.id,
        submittedOn: dayIn(ctx.community.timeZone, now),
      })
      .returning({ id: surveyResponses.id });
    if (stored.size > 0) {
      await tx
        .insert(surveyAnswers)
        .values([...stored].map(([questionId, value]) => ({ responseId: response.id, questionId, value })));
    }
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'answered_survey',
      objectType: 'survey',
      objectId: survey.id,
    });
  });
  return { surveyId: survey.id, answered: true };
}

const alreadyAnswered = () => conflict('already_answered', 'You have answered this survey already.');

// ── Results ──────────────────────────────────────────────────────────────────

/**
 * Coordinators: per question, counts per option, the scale's spread, mean and median (and the
 * net-promoter split of a 0–10 scale), and the text answers — named for a survey that is not
 * anonymous, shuffled and nameless for one that is. An anonymous survey shows no figures until
 * enough members have answered that no one's answers can be picked out.
 */
export async function results(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()) {
  const { survey } = await loadManaged(deps, actor, slug, id);
  if (survey.status === 'draft') throw notSent();
  const withheld = survey.anonymous && survey.responseCount < limits.surveyAnonymousMinimum;
  const [questions, audience, answers] = await Promise.all([
    repo.questionsOf(deps.db, survey.id),
    repo.audienceAtSend(deps.db, survey),
    withheld ? ([] as AnswerFacts[]) : repo.answersOf(deps.db, survey),
  ]);
  const byQuestion = new Map<string, AnswerFacts[]>();
  for (const a of answers) {
    const list = byQuestion.get(a.questionId);
    if (list) list.push(a);
    else byQuestion.set(a.questionId, [a]);
  }
  const out: SurveyResults = {
    surveyId: survey.id,
    anonymous: survey.anonymous,
    status: standing(survey, now).status,
    responseCount: survey.responseCount,
    audience,
    responseRate: audience ? Math.min(1, survey.responseCount / audience) : null,
    withheld,
    minimum: limits.surveyAnonymousMinimum,
    questions: questions.map((q) => {
      const facts = repo.questionFacts(q);
      return withheld
        ? withheldResult(facts)
        : questionResult(facts, byQuestion.get(q.id) ?? [], { anonymous: survey.anonymous });
    }),
  };
  return out;
}
