import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { checkAnswers } from './answers.js';
import { mean, median, npsSplit, questionResult, scaleResult, shuffle, type QuestionFacts } from './results.js';

const q = (over: Partial<QuestionFacts> & Pick<QuestionFacts, 'id' | 'kind'>): QuestionFacts => ({
  prompt: `Question ${over.id}`,
  options: [],
  required: true,
  ...over,
});

const single = q({ id: 'q1', kind: 'single', options: ['Yes', 'No', 'Maybe'] });
const multiple = q({ id: 'q2', kind: 'multiple', options: ['Talks', 'Workshops', 'Socials'], required: false });
const five = q({ id: 'q3', kind: 'scale5' });
const ten = q({ id: 'q4', kind: 'scale10', required: false });
const text = q({ id: 'q5', kind: 'text', required: false });
const all = [single, multiple, five, ten, text];

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, field: err.field, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('survey figures', () => {
  it('takes the mean and the median', () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('splits a 0–10 scale into detractors, passives and promoters', () => {
    expect(npsSplit([0, 6, 7, 8, 9, 10, 10, 10])).toEqual({ detractors: 2, passives: 2, promoters: 4, score: 25 });
    expect(npsSplit([3, 3])).toEqual({ detractors: 2, passives: 0, promoters: 0, score: -100 });
  });

  it('lists every value of a scale, answered or not', () => {
    const result = scaleResult('scale5', [5, 5, 4, 1]);
    expect(result.distribution).toEqual([
      { value: 1, count: 1 },
      { value: 2, count: 0 },
      { value: 3, count: 0 },
      { value: 4, count: 1 },
      { value: 5, count: 2 },
    ]);
    expect(result).toMatchObject({ min: 1, max: 5, mean: 3.75, median: 4.5, nps: null });
    expect(scaleResult('scale10', [9]).distribution).toHaveLength(11);
    expect(scaleResult('scale10', [9]).nps).toEqual({ detractors: 0, passives: 0, promoters: 1, score: 100 });
  });

  it('counts options in the question’s order, with shares of those who answered', () => {
    const answers = [['Talks', 'Socials'], ['Talks'], ['Workshops', 'Talks']].map((value) => ({
      questionId: 'q2',
      value,
      respondent: null,
      on: null,
    }));
    const result = questionResult(multiple, answers, { anonymous: true });
    expect(result.answered).toBe(3);
    expect(result.options).toEqual([
      { option: 'Talks', count: 3, share: 1 },
      { option: 'Workshops', count: 1, share: 1 / 3 },
      { option: 'Socials', count: 1, share: 1 / 3 },
    ]);
  });

  it('never names anyone behind an anonymous text answer, and shuffles them', () => {
    const person = { id: 'u1', name: 'Ann' };
    const answers = Array.from({ length: 40 }, (_, i) => ({
      questionId: 'q5',
      value: `answer ${i}`,
      respondent: person,
      on: '2027-01-01',
    }));
    const anonymous = questionResult(text, answers, { anonymous: true });
    expect(anonymous.texts!.every((t) => t.respondent === null && t.on === null)).toBe(true);
    expect(anonymous.texts!.map((t) => t.text).sort()).toEqual(answers.map((a) => a.value).sort());
    expect(anonymous.texts!.map((t) => t.text)).not.toEqual(answers.map((a) => a.value));
    const named = questionResult(text, answers, { anonymous: false });
    expect(named.texts![0]).toEqual({ text: 'answer 0', respondent: person, on: '2027-01-01' });
  });

  it('shuffles without losing or adding anything', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (items) => {
        expect(shuffle(items).sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('keeps scale figures within the scale', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (values) => {
        const r = scaleResult('scale10', values);
        expect(r.mean!).toBeGreaterThanOrEqual(0);
        expect(r.mean!).toBeLessThanOrEqual(10);
        expect(r.median!).toBeGreaterThanOrEqual(0);
        expect(r.median!).toBeLessThanOrEqual(10);
        expect(r.distribution.reduce((n, d) => n + d.count, 0)).toBe(values.length);
        const { detractors, passives, promoters, score } = r.nps!;
        expect(detractors + passives + promoters).toBe(values.length);
        expect(Math.abs(score)).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('checking answers', () => {
  const answers = [
    { questionId: 'q1', value: 'Yes' },
    { questionId: 'q2', value: ['Socials', 'Talks'] },
    { questionId: 'q3', value: 4 },
    { questionId: 'q4', value: 0 },
    { questionId: 'q5', value: '  More evening sessions, please.  ' },
  ];

  it('keeps what fits, options in the question’s order, text trimmed', () => {
    expect(Object.fromEntries(checkAnswers(all, answers))).toEqual({
      q1: 'Yes',
      q2: ['Talks', 'Socials'],
      q3: 4,
      q4: 0,
      q5: 'More evening sessions, please.',
    });
  });

  it('treats empty answers as not given, and refuses a required one left empty', () => {
    const kept = checkAnswers(all, [
      { questionId: 'q1', value: 'No' },
      { questionId: 'q2', value: [] },
      { questionId: 'q3', value: 1 },
      { questionId: 'q5', value: '   ' },
    ]);
    expect([...kept.keys()]).toEqual(['q1', 'q3']);
    expect(refusal(() => checkAnswers(all, [{ questionId: 'q3', value: 2 }]))).toEqual({
      status: 422,
      code: 'answer_required',
      field: 'answers',
      details: { questionId: 'q1' },
    });
    expect(
      refusal(() =>
        checkAnswers(all, [
          { questionId: 'q3', value: 2 },
          { questionId: 'q1', value: '' },
        ]),
      ),
    ).toMatchObject({ code: 'answer_required', field: 'answers.1.value' });
  });

  it('refuses what does not fit the question, naming the answer at fault', () => {
    const base = [
      { questionId: 'q1', value: 'Yes' as string | string[] | number },
      { questionId: 'q3', value: 3 as string | string[] | number },
    ];
    const tryWith = (extra: { questionId: string; value: string | string[] | number }) =>
      refusal(() => checkAnswers(all, [...base, extra]));
    expect(tryWith({ questionId: 'q2', value: ['Talks', 'Naps'] })).toMatchObject({
      code: 'invalid_answer',
      field: 'answers.2.value',
      details: { questionId: 'q2' },
    });
    expect(tryWith({ questionId: 'q2', value: 'Talks' })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'q4', value: 11 })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'q4', value: 7.5 })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'q4', value: '7' })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'q5', value: 'x'.repeat(2001) })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'q5', value: 3 })).toMatchObject({ code: 'invalid_answer' });
    expect(tryWith({ questionId: 'nope', value: 'x' })).toMatchObject({
      code: 'unknown_question',
      field: 'answers.2.questionId',
    });
    expect(tryWith({ questionId: 'q1', value: 'No' })).toMatchObject({ code: 'duplicate_answer' });
    expect(refusal(() => checkAnswers(all, [{ questionId: 'q1', value: 'Perhaps' }]))).toMatchObject({
      code: 'invalid_answer',
      field: 'answers.0.value',
    });
    expect(
      refusal(() =>
        checkAnswers(all, [
          { questionId: 'q1', value: 'Yes' },
          { questionId: 'q3', value: 0 },
        ]),
      ),
    ).toMatchObject({ code: 'invalid_answer', field: 'answers.1.value' });
  });
});
