import { limits, roundupSections, roundupStatuses } from '../../../common/limits.js';
import { z } from '../../platform/http.js';

/** Ids in paths are plain strings, checked by the service: a malformed id answers 404 like a missing one. */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const RoundupParams = z.object({ slug: Slug, id: Id });
export const TokenParam = z.object({ token: z.string().max(4096) });

export const RoundupItemSchema = z
  .object({
    id: z.string(),
    section: z.enum(roundupSections),
    objectType: z.enum(['post', 'resource', 'occurrence', 'member']),
    objectId: z.string(),
    title: z.string(),
    summary: z.string(),
    path: z.string(),
    topics: z.array(z.string()),
    formats: z.array(z.string()),
    meta: z.record(z.string(), z.unknown()),
    position: z.number().int(),
    included: z.boolean(),
  })
  .openapi('RoundupItem');

const summaryFields = {
  id: z.string(),
  status: z.enum(roundupStatuses),
  subject: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  scheduledFor: z.string().nullable(),
  sentAt: z.string().nullable(),
  recipientCount: z.number().int(),
  deliveredCount: z.number().int(),
  clickCount: z.number().int(),
  itemCount: z.number().int(),
};

export const RoundupSummarySchema = z.object(summaryFields).openapi('RoundupSummary');
export const RoundupListSchema = z.array(RoundupSummarySchema).openapi('RoundupList');

export const RoundupSchema = z
  .object({
    ...summaryFields,
    communitySlug: z.string(),
    intro: z.string(),
    introHtml: z.string(),
    items: z.array(RoundupItemSchema),
    audience: z.number().int().openapi({ description: 'Members who would get it now.' }),
    abilities: z.object({ edit: z.boolean(), send: z.boolean() }),
  })
  .openapi('Roundup');

export const RoundupPatch = z
  .strictObject({
    subject: z.string().trim().min(1).max(limits.roundupSubject).optional(),
    intro: z.string().max(limits.roundupIntro).optional(),
    items: z
      .array(
        z.strictObject({
          id: z.string().max(100),
          included: z.boolean().optional(),
          position: z.number().int().min(0).max(10_000).optional(),
        }),
      )
      .max(500)
      .optional(),
  })
  .openapi('RoundupPatch');
export type RoundupPatch = z.infer<typeof RoundupPatch>;

export const PreviewQuery = z.object({
  as: z.string().max(100).optional().openapi({ description: 'A member to personalise the preview for.' }),
});

export const RoundupPreviewSchema = z
  .object({ userId: z.string().nullable(), subject: z.string(), html: z.string(), text: z.string() })
  .openapi('RoundupPreview');

export const ScheduleInput = z
  .strictObject({ at: z.iso.datetime({ offset: true }).openapi({ example: '2027-03-01T08:00:00Z' }) })
  .openapi('RoundupSchedule');

export const RoundupStatsSchema = z
  .object({
    recipients: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    clickers: z.number().int(),
    items: z.array(
      z.object({
        id: z.string(),
        section: z.enum(roundupSections),
        title: z.string(),
        clicks: z.number().int(),
        members: z.number().int(),
      }),
    ),
    topics: z.array(z.object({ topic: z.string(), clicks: z.number().int() })),
  })
  .openapi('RoundupStats');

export const UnsubscribeSchema = z
  .object({
    communityName: z.string(),
    email: z.string().openapi({ description: 'Masked, e.g. m•••@example.org.' }),
    alreadyUnsubscribed: z.boolean(),
  })
  .openapi('RoundupUnsubscribe');
