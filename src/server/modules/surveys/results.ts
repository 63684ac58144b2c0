import { randomInt } from 'node:crypto';
import type {
  PersonRef,
  SurveyQuestionKind,
  SurveyQuestionResult,
  SurveyScaleResult,
  SurveyTextAnswer,
} from '../../../common/api-types.js';

/** The range of each scale kind. */
export const scaleRange: Partial<Record<SurveyQuestionKind, { min: number; max: number }>> = {
  scale5: { min: 1, max: 5 },
  scale10: { min: 0, max: 10 },
};

export interface QuestionFacts {
  id: string;
  kind: SurveyQuestionKind;
  prompt: string;
  options: string[];
  required: boolean;
}

/** One stored answer, with who gave it and when only where the survey keeps that. */
export interface AnswerFacts {
  questionId: string;
  value: unknown;
  respondent: PersonRef | null;
  on: string | null;
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The net-promoter split of a 0–10 scale: detractors 0–6, passives 7–8, promoters 9–10, and the
 * score, promoters' share minus detractors' share in points (−100 to 100).
 */
export function npsSplit(values: number[]): NonNullable<SurveyScaleResult['nps']> {
  const detractors = values.filter((v) => v <= 6).length;
  const promoters = values.filter((v) => v >= 9).length;
  const passives = values.length - detractors - promoters;
  const score = values.length ? Math.round(((promoters - detractors) / values.length) * 1000) / 10 : 0;
  return { detractors, passives, promoters, score };
}

export function scaleResult(kind: SurveyQuestionKind, values: number[]): SurveyScaleResult {
  const { min, max } = scaleRange[kind]!;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const distribution = [];
  for (let value = min; value <= max; value++) distribution.push({ value, count: counts.get(value) ?? 0 });
  return {
    min,
    max,
    distribution,
    mean: mean(values),
    median: median(values),
    nps: kind === 'scale10' && values.length ? npsSplit(values) : null,
  };
}

/** Fisher–Yates with a cryptographic source: the order tells nothing about when answers came. */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A question's figures from its answers. Options are counted in the question's order (an answer
 * naming an option that is not in the list any more is not counted); text answers of an
 * anonymous survey are shuffled and carry neither name nor day.
 */
export function questionResult(
  question: QuestionFacts,
  answers: AnswerFacts[],
  options: { anonymous: boolean },
): SurveyQuestionResult {
  const base = {
    id: question.id,
    kind: question.kind,
    prompt: question.prompt,
    required: question.required,
    answered: answers.length,
    options: null,
    scale: null,
    texts: null,
  };
  switch (question.kind) {
    case 'single':
    case 'multiple': {
      const counts = new Map(question.options.map((o) => [o, 0]));
      for (const a of answers) {
        const chosen = Array.isArray(a.value) ? a.value : [a.value];
        for (const c of chosen) if (typeof c === 'string' && counts.has(c)) counts.set(c, counts.get(c)! + 1);
      }
      return {
        ...base,
        options: question.options.map((option) => {
          const count = counts.get(option)!;
          return { option, count, share: answers.length ? count / answers.length : 0 };
        }),
      };
    }
    case 'scale5':
    case 'scale10': {
      const values = answers.map((a) => a.value).filter((v): v is number => typeof v === 'number');
      return { ...base, scale: scaleResult(question.kind, values) };
    }
    default: {
      const texts: SurveyTextAnswer[] = answers
        .filter((a) => typeof a.value === 'string')
        .map((a) =>
          options.anonymous
            ? { text: a.value as string, respondent: null, on: null }
            : { text: a.value as string, respondent: a.respondent, on: a.on },
        );
      return { ...base, texts: options.anonymous ? shuffle(texts) : texts };
    }
  }
}

/** Figures withheld: the questions as asked, with nothing counted. */
export const withheldResult = (question: QuestionFacts): SurveyQuestionResult => ({
  id: question.id,
  kind: question.kind,
  prompt: question.prompt,
  required: question.required,
  answered: 0,
  options: null,
  scale: null,
  texts: null,
});
