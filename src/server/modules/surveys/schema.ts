import { limits, surveyQuestionKinds, surveyStatuses } from '../../../common/limits.js';
import { z } from '../../platform/http.js';

/** Ids in paths are plain strings, checked by the service: a malformed id answers 404 like a missing one. */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const SurveyParams = z.object({ slug: Slug, id: Id });

/** Kinds that offer a list of options to choose from. */
export const choiceKinds: ReadonlySet<string> = new Set(['single', 'multiple']);

const QuestionInput = z
  .strictObject({
    kind: z.enum(surveyQuestionKinds),
    prompt: z.string().trim().min(1).max(limits.surveyPrompt),
    options: z
      .array(z.string().trim().min(1).max(limits.surveyOption))
      .max(limits.surveyOptions)
      .optional()
      .openapi({ description: `2–${limits.surveyOptions} for single and multiple choice; none for the others.` }),
    required: z.boolean().optional().openapi({ description: 'True unless said otherwise.' }),
  })
  .openapi('SurveyQuestionInput');

/**
 * The questions, with the rules that span fields: choice questions offer 2–12 different options,
 * scales and text offer none. The field at fault is named, e.g. `questions.2.options`.
 */
const Questions = z
  .array(QuestionInput)
  .min(1)
  .max(limits.surveyQuestions)
  .superRefine((questions, ctx) => {
    questions.forEach((q, i) => {
      const options = q.options ?? [];
      const path = [i, 'options'];
      if (choiceKinds.has(q.kind)) {
        if (options.length < 2) {
          ctx.addIssue({ code: 'custom', path, message: 'Give at least two options to choose from.' });
        } else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) {
          ctx.addIssue({ code: 'custom', path, message: 'Each option must be different.' });
        }
      } else if (options.length > 0) {
        ctx.addIssue({ code: 'custom', path, message: 'Only single- and multiple-choice questions have options.' });
      }
    });
  });

const ClosesAt = z.iso.datetime({ offset: true }).nullable().optional().openapi({
  description: 'When it closes by itself; null: when a coordinator closes it.',
  example: '2027-03-01T17:00:00Z',
});

export const SurveyInput = z
  .strictObject({
    title: z.string().trim().min(1).max(limits.surveyTitle),
    intro: z.string().max(limits.surveyIntro).optional(),
    anonymous: z.boolean().openapi({ description: 'Answers are stored with no link to who gave them.' }),
    closesAt: ClosesAt,
    questions: Questions,
  })
  .openapi('SurveyInput');
export type SurveyInput = z.infer<typeof SurveyInput>;

export const SurveyPatch = z
  .strictObject({
    title: z.string().trim().min(1).max(limits.surveyTitle).optional(),
    intro: z.string().max(limits.surveyIntro).optional(),
    anonymous: z.boolean().optional(),
    closesAt: ClosesAt,
    questions: Questions.optional(),
  })
  .openapi('SurveyPatch');
export type SurveyPatch = z.infer<typeof SurveyPatch>;

const AnswerValue = z
  .union([
    // The length of words is checked with the question (a 422 naming the answer), the request size by the server.
    z.string(),
    z.array(z.string().max(limits.surveyOption)).max(limits.surveyOptions),
    z.number(),
  ])
  .openapi({
    description: 'single: an option; multiple: options; scale5 (1–5) / scale10 (0–10): a number; text: words.',
  });

export const ResponseInput = z
  .strictObject({
    answers: z
      .array(z.strictObject({ questionId: z.string().max(100), value: AnswerValue }))
      .max(limits.surveyQuestions),
  })
  .openapi('SurveyResponseInput');
export type ResponseInput = z.infer<typeof ResponseInput>;

const QuestionSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    kind: z.enum(surveyQuestionKinds),
    prompt: z.string(),
    options: z.array(z.string()),
    required: z.boolean(),
  })
  .openapi('SurveyQuestion');

const summaryFields = {
  id: z.string(),
  title: z.string(),
  status: z.enum(surveyStatuses).openapi({ description: 'An open survey past its closing time reads `closed`.' }),
  anonymous: z.boolean(),
  closesAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  questionCount: z.number().int(),
  responseCount: z.number().int().nullable().openapi({ description: 'Coordinators only; null for members.' }),
  answered: z.boolean().openapi({ description: 'Whether the viewer has answered it.' }),
  createdAt: z.string(),
};

export const SurveySummarySchema = z.object(summaryFields).openapi('SurveySummary');
export const SurveyListSchema = z.array(SurveySummarySchema).openapi('SurveyList');

export const SurveySchema = z
  .object({
    ...summaryFields,
    intro: z.string(),
    questions: z.array(QuestionSchema),
    audience: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Coordinators: current members now (a draft), or when it was sent. Null for members.' }),
    abilities: z.object({
      edit: z.boolean(),
      send: z.boolean(),
      close: z.boolean(),
      delete: z.boolean(),
      results: z.boolean(),
      answer: z.boolean(),
    }),
  })
  .openapi('Survey');

export const AnsweredSchema = z.object({ surveyId: z.string(), answered: z.literal(true) }).openapi('SurveyAnswered');

const Person = z.object({ id: z.string(), name: z.string() });

export const ResultsSchema = z
  .object({
    surveyId: z.string(),
    anonymous: z.boolean(),
    status: z.enum(surveyStatuses),
    responseCount: z.number().int(),
    audience: z.number().int().nullable(),
    responseRate: z.number().nullable(),
    withheld: z.boolean().openapi({
      description: `Anonymous surveys show no figures per question until ${limits.surveyAnonymousMinimum} members have answered.`,
    }),
    minimum: z.number().int(),
    questions: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(surveyQuestionKinds),
        prompt: z.string(),
        required: z.boolean(),
        answered: z.number().int(),
        options: z.array(z.object({ option: z.string(), count: z.number().int(), share: z.number() })).nullable(),
        scale: z
          .object({
            min: z.number().int(),
            max: z.number().int(),
            distribution: z.array(z.object({ value: z.number().int(), count: z.number().int() })),
            mean: z.number().nullable(),
            median: z.number().nullable(),
            nps: z
              .object({
                detractors: z.number().int(),
                passives: z.number().int(),
                promoters: z.number().int(),
                score: z.number(),
              })
              .nullable(),
          })
          .nullable(),
        texts: z
          .array(z.object({ text: z.string(), respondent: Person.nullable(), on: z.string().nullable() }))
          .nullable()
          .openapi({ description: 'Anonymous surveys: shuffled, never a name or a day.' }),
      }),
    ),
  })
  .openapi('SurveyResults');
