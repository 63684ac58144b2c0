import type { AssessmentAnswer, AssessmentChange, HealthFigures, MaturityStage } from '../../../common/api-types.js';
import { assessmentQuestions } from './assessment-questions.js';
import { headlineFigures } from './report-headline.js';
import { stageRank } from './stages.js';

/** What an assessment says, as far as comparing two of them goes. */
export interface Comparable {
  quarter: string;
  stage: MaturityStage;
  answers: Record<string, AssessmentAnswer | undefined>;
  figures: HealthFigures;
}

const delta = (from: number | null, to: number | null) => (from === null || to === null ? null : to - from);

/**
 * Change since last time: the stage's move, each question's score against the last one, and the
 * headline figures side by side. A question or figure one of them lacks compares as null.
 */
export function changeBetween(previous: Comparable, current: Omit<Comparable, 'quarter'>): AssessmentChange {
  const before = stageRank(previous.stage);
  const after = stageRank(current.stage);
  const prevFigures = new Map(headlineFigures(previous.figures).map((f) => [f.key, f.value]));
  return {
    previousQuarter: previous.quarter,
    stage: {
      from: previous.stage,
      to: current.stage,
      direction: after > before ? 'up' : after < before ? 'down' : 'same',
    },
    answers: assessmentQuestions.map(({ id }) => {
      const from = previous.answers[id]?.score ?? null;
      const to = current.answers[id]?.score ?? null;
      return { id, from, to, delta: delta(from, to) };
    }),
    figures: headlineFigures(current.figures).map(({ key, label, unit, higherIsBetter, value }) => {
      const from = prevFigures.get(key) ?? null;
      return { key, label, unit, higherIsBetter, from, to: value, delta: delta(from, value) };
    }),
  };
}
