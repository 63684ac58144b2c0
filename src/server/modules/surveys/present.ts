import type { Survey, SurveyStatus, SurveySummary } from '../../../common/api-types.js';
import type { QuestionRow, SurveyRow } from './repo.js';

/**
 * Where a survey stands at `now`: an open survey whose closing time has passed is closed from that
 * moment, whether or not the sweep that writes it down has run yet.
 */
export function standing(row: SurveyRow, now: Date): { status: SurveyStatus; closedAt: Date | null } {
  if (row.status === 'open' && row.closesAt && row.closesAt.getTime() <= now.getTime()) {
    return { status: 'closed', closedAt: row.closesAt };
  }
  return { status: row.status as SurveyStatus, closedAt: row.closedAt };
}

/** Members see a survey while it is open, and afterwards only if they answered it. */
export const seenByMember = (status: SurveyStatus, answered: boolean) => status === 'open' || answered;

export interface Viewer {
  /** Builds, sends and reads results (the `manageSurveys` ability). */
  manage: boolean;
  /** May answer: a current member (the `post` ability). */
  post: boolean;
  answered: boolean;
}

export function presentSummary(row: SurveyRow, questionCount: number, viewer: Viewer, now: Date): SurveySummary {
  const { status, closedAt } = standing(row, now);
  return {
    id: row.id,
    title: row.title,
    status,
    anonymous: row.anonymous,
    closesAt: row.closesAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    closedAt: closedAt?.toISOString() ?? null,
    questionCount,
    responseCount: viewer.manage ? row.responseCount : null,
    answered: viewer.answered,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentSurvey(
  row: SurveyRow,
  questions: QuestionRow[],
  viewer: Viewer & { audience: number | null },
  now: Date,
): Survey {
  const summary = presentSummary(row, questions.length, viewer, now);
  const { status } = summary;
  return {
    ...summary,
    intro: row.intro,
    questions: questions.map((q) => ({
      id: q.id,
      position: q.position,
      kind: q.kind,
      prompt: q.prompt,
      options: q.options,
      required: q.required,
    })),
    audience: viewer.manage ? viewer.audience : null,
    abilities: {
      edit: viewer.manage && status !== 'closed',
      send: viewer.manage && status === 'draft',
      close: viewer.manage && status === 'open',
      delete: viewer.manage && status === 'draft',
      results: viewer.manage && status !== 'draft',
      answer: viewer.post && status === 'open' && !viewer.answered,
    },
  };
}
