import { z } from '../../platform/http.js';
import { quarterPattern } from './assessment-quarters.js';
import { assessmentQuestions } from './assessment-questions.js';
import { maturityStages } from './stages.js';

/** Request and response shapes of the assessment routes, for validation and the OpenAPI document. */

const Slug = z.string().max(200);
export const Quarter = z
  .string()
  .regex(quarterPattern, 'Use a quarter like 2026-Q2.')
  .openapi({ example: '2026-Q2', description: 'A quarter of the community’s local calendar year.' });

export const AssessmentsParams = z.object({ slug: Slug });
export const AssessmentParams = z.object({ slug: Slug, quarter: Quarter });
export const DraftQuery = z.object({
  quarter: Quarter.optional().openapi({
    description: 'The quarter to draft: the current one (default), or the last one during the 30 days after it ends.',
  }),
});

export const limitsOfAssessment = { comment: 2000, notes: 4000 } as const;

const Stage = z.enum(maturityStages);

const AnswerInput = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(limitsOfAssessment.comment).optional(),
});

/** Every question needs a score; a comment is optional. */
export const AssessmentInput = z
  .strictObject({
    answers: z.strictObject(Object.fromEntries(assessmentQuestions.map((q) => [q.id, AnswerInput]))),
    stage: Stage,
    notes: z.string().max(limitsOfAssessment.notes).optional(),
  })
  .openapi('AssessmentInput');

const Figures = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'The health figures of the quarter (HealthFigures), as the dashboard computes them.' });

const HeadlineFigure = z
  .object({
    key: z.string(),
    label: z.string(),
    value: z.number().nullable(),
    unit: z.enum(['count', 'share', 'hours']),
    higherIsBetter: z.boolean(),
  })
  .openapi('HeadlineFigure');

export const StageInfoSchema = z
  .object({
    id: Stage,
    label: z.string(),
    definition: z.string(),
    signs: z.array(z.string()),
    thresholds: z.array(
      z.object({ signal: z.string(), label: z.string(), atLeast: z.number(), unit: z.enum(['count', 'share']) }),
    ),
  })
  .openapi('StageInfo');

const Question = z
  .object({
    id: z.string(),
    area: z.enum(['domain', 'community', 'practice']),
    prompt: z.string(),
    help: z.string(),
    low: z.string(),
    high: z.string(),
  })
  .openapi('AssessmentQuestion');

const Person = z.object({ id: z.string(), name: z.string() });

const summaryFields = {
  quarter: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  stage: Stage,
  proposedStage: Stage,
  createdBy: Person.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
const Summary = z.object(summaryFields).openapi('AssessmentSummary');

const AssessmentSchema = z
  .object({
    ...summaryFields,
    answers: z.record(z.string(), z.object({ score: z.number().int(), comment: z.string() })),
    notes: z.string(),
    reasons: z.array(z.string()),
    figures: Figures,
    headline: z.array(HeadlineFigure),
    editable: z.boolean(),
  })
  .openapi('Assessment');

const Delta = { from: z.number().nullable(), to: z.number().nullable(), delta: z.number().nullable() };
const Change = z
  .object({
    previousQuarter: z.string(),
    stage: z.object({ from: Stage, to: Stage, direction: z.enum(['up', 'down', 'same']) }),
    answers: z.array(z.object({ id: z.string(), ...Delta })),
    figures: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: z.enum(['count', 'share', 'hours']),
        higherIsBetter: z.boolean(),
        ...Delta,
      }),
    ),
  })
  .openapi('AssessmentChange');

export const AssessmentListSchema = z
  .object({
    items: z.array(Summary),
    stages: z.array(StageInfoSchema),
    currentQuarter: z.string(),
    writableQuarters: z.array(z.string()),
    abilities: z.object({ write: z.boolean() }),
  })
  .openapi('AssessmentList');

export const AssessmentDetailSchema = z
  .object({
    assessment: AssessmentSchema,
    previous: Summary.nullable(),
    change: Change.nullable(),
    questions: z.array(Question),
    stages: z.array(StageInfoSchema),
  })
  .openapi('AssessmentDetail');

export const AssessmentDraftSchema = z
  .object({
    quarter: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    questions: z.array(Question),
    stages: z.array(StageInfoSchema),
    figures: Figures,
    headline: z.array(HeadlineFigure),
    proposal: z.object({ stage: Stage, reasons: z.array(z.string()) }),
    saved: AssessmentSchema.nullable(),
    previous: AssessmentSchema.nullable(),
    change: Change.nullable(),
  })
  .openapi('AssessmentDraft');

export { HeadlineFigure as HeadlineFigureSchema };
