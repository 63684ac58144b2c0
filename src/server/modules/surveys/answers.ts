import { limits } from '../../../common/limits.js';
import { AppError } from '../../platform/errors.js';
import { scaleRange, type QuestionFacts } from './results.js';

export type StoredValue = string | string[] | number;

/** A refused answer: 422 with the field at fault and, for the form, the question it is about. */
const refuse = (code: string, message: string, field: string, questionId?: string) =>
  new AppError(422, code, message, field, undefined, questionId ? { questionId } : undefined);

/**
 * Checks a member's answers against the survey's questions and returns what to store, per
 * question. Empty answers (blank text, no option ticked) count as not answered; a required
 * question left so is refused. Options are matched exactly and stored in the question's order.
 */
export function checkAnswers(
  questions: QuestionFacts[],
  answers: { questionId: string; value: StoredValue }[],
): Map<string, StoredValue> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const stored = new Map<string, StoredValue>();
  answers.forEach(({ questionId, value }, i) => {
    const field = `answers.${i}.value`;
    const question = byId.get(questionId);
    if (!question) {
      throw refuse('unknown_question', 'That question is not part of this survey.', `answers.${i}.questionId`);
    }
    if (stored.has(questionId)) {
      throw refuse('duplicate_answer', 'Each question is answered once.', `answers.${i}.questionId`, questionId);
    }
    const kept = keep(question, value, field);
    if (kept !== null) stored.set(questionId, kept);
  });
  for (const q of questions) {
    if (q.required && !stored.has(q.id)) {
      const index = answers.findIndex((a) => a.questionId === q.id);
      throw refuse(
        'answer_required',
        `Please answer “${q.prompt}”.`,
        index >= 0 ? `answers.${index}.value` : 'answers',
        q.id,
      );
    }
  }
  return stored;
}

/** The value to store for one answer, null for an empty one; throws when it does not fit the question. */
function keep(question: QuestionFacts, value: StoredValue, field: string): StoredValue | null {
  const wrong = (message: string) => refuse('invalid_answer', message, field, question.id);
  switch (question.kind) {
    case 'single':
      if (typeof value !== 'string') throw wrong('Choose one of the options.');
      if (value === '') return null;
      if (!question.options.includes(value)) throw wrong('Choose one of the options.');
      return value;
    case 'multiple': {
      if (!Array.isArray(value)) throw wrong('Choose among the options.');
      if (value.some((v) => !question.options.includes(v))) throw wrong('Choose among the options.');
      const chosen = question.options.filter((o) => value.includes(o));
      return chosen.length ? chosen : null;
    }
    case 'scale5':
    case 'scale10': {
      const { min, max } = scaleRange[question.kind]!;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw wrong(`Choose a whole number from ${min} to ${max}.`);
      }
      return value;
    }
    default: {
      if (typeof value !== 'string') throw wrong('Answer in words.');
      const text = value.trim();
      if (text.length > limits.surveyTextAnswer) {
        throw wrong(`Keep it to ${limits.surveyTextAnswer.toLocaleString('en')} characters.`);
      }
      return text === '' ? null : text;
    }
  }
}
