import {
  creditRoles,
  limits,
  noteVisibilities,
  resourceFormats,
  resourceKinds,
  resourceStatuses,
} from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { normaliseList } from '../communities/schema.js';
export { z };

/**
 * Ids in paths are plain strings here and checked by the service: a malformed id answers 404
 * like a missing one, and a request body is still validated (400) before anything else.
 */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const ResourceParams = z.object({ slug: Slug, resourceId: Id });
export const RevisionParams = z.object({ slug: Slug, resourceId: Id, version: z.coerce.number().int().min(1) });
export const NoteParams = z.object({ slug: Slug, resourceId: Id, noteId: Id });

const Kind = z.enum(resourceKinds);
const Format = z.enum(resourceFormats);
const Title = z.string().trim().min(1).max(limits.resourceTitle);
/** Checked by the service (http/https only, at most `limits.url`): a refusal there is 422 `invalid_url`. */
const Url = z.string().trim().nullable();
const Summary = z.string().trim().max(limits.resourceSummary);
const Tags = z.array(z.string().trim().max(limits.listItem)).max(limits.postTags).transform(normaliseList);
const Version = z.number().int().min(1);

/** A member (by `userId`; the name is taken from their account) or anyone else by name. */
export const CreditInput = z
  .strictObject({
    role: z.enum(creditRoles),
    userId: z.uuid().optional(),
    name: z.string().trim().min(1).max(limits.name).optional(),
  })
  .refine((c) => c.userId !== undefined || c.name !== undefined, {
    message: 'Name a member (userId) or a person (name).',
    path: ['name'],
  })
  .openapi('CreditInput');
export type CreditInput = z.infer<typeof CreditInput>;
const Credits = z.array(CreditInput).max(limits.resourceCredits);

export const FromPost = z.strictObject({ postId: z.uuid(), replyId: z.uuid().nullish() });
export type FromPost = z.infer<typeof FromPost>;
/** A session of an event, whose notes, outcomes and recording become the resource. */
export const FromOccurrence = z.strictObject({ occurrenceId: z.uuid() });
export const FromInput = z.union([FromPost, FromOccurrence]);
export type FromInput = z.infer<typeof FromInput>;

export const ResourceInput = z
  .strictObject({
    kind: Kind,
    format: Format,
    title: Title,
    url: Url.optional(),
    summary: Summary.default(''),
    tags: Tags.default([]),
    credits: Credits.default([]),
    from: FromInput.optional(),
    publish: z.boolean().optional(),
  })
  .openapi('ResourceInput');
export type ResourceInput = z.infer<typeof ResourceInput>;

export const ResourcePatch = z
  .strictObject({
    kind: Kind.optional(),
    format: Format.optional(),
    title: Title.optional(),
    url: Url.optional(),
    summary: Summary.optional(),
    tags: Tags.optional(),
    credits: Credits.optional(),
    version: Version.optional().openapi({
      description: 'The version the edit started from: 409 stale_version if it moved on.',
    }),
  })
  .openapi('ResourcePatch');
export type ResourcePatch = z.infer<typeof ResourcePatch>;

export const ReviewInput = z.strictObject({ outcome: z.enum(['confirm', 'obsolete']) });
export type ReviewInput = z.infer<typeof ReviewInput>;
export const RevertInput = z.strictObject({ version: Version });

const NoteBody = z.string().trim().min(1).max(limits.noteBody);
export const NoteInput = z.strictObject({ body: NoteBody, visibility: z.enum(noteVisibilities).default('community') });
export type NoteInput = z.infer<typeof NoteInput>;
export const NotePatch = z.strictObject({ body: NoteBody.optional(), visibility: z.enum(noteVisibilities).optional() });
export type NotePatch = z.infer<typeof NotePatch>;

const Cursor = z.string().max(400).optional();
const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `read,watch`: one or more values of `values`, comma-separated; an unknown one is refused by name. */
const commaList = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .max(200)
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'Use a comma-separated list.')
    .transform((text, ctx) => {
      const items = [...new Set(text.split(','))];
      const unknown = items.find((v) => !(values as readonly string[]).includes(v));
      if (unknown !== undefined) {
        ctx.addIssue({ code: 'custom', message: `“${unknown}” is not one of: ${values.join(', ')}.` });
        return z.NEVER;
      }
      return items as T[];
    });

export const ListQuery = z.object({
  kind: commaList(resourceKinds).optional(),
  format: commaList(resourceFormats).optional(),
  tag: z.string().trim().min(1).max(limits.listItem).optional(),
  featured: Flag.optional(),
  status: z.enum(resourceStatuses).default('published'),
  mine: Flag.optional(),
  myFormats: Flag.optional(),
  sort: z.enum(['latest', 'title']).default('latest'),
  cursor: Cursor,
  limit: Limit(100, 24),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** From a post (and an answer in it), or from an event session (`occurrence`): one of the two. */
export const DraftQuery = z
  .object({ postId: z.uuid().optional(), replyId: z.uuid().optional(), occurrence: z.uuid().optional() })
  .refine((q) => (q.postId === undefined) !== (q.occurrence === undefined), {
    message: 'Name a post (postId) or an event session (occurrence).',
    path: ['postId'],
  });
export type DraftQuery = z.infer<typeof DraftQuery>;

export const ReviewQuery = z.object({ within: z.coerce.number().int().min(0).max(90).default(0) });

export const DiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

// Responses.

// Inline rather than a named component: the conversations module names its own `Person`.
const Person = z.object({ id: z.string(), name: z.string(), handle: z.string() });
const When = z.string();

export const CreditSchema = z
  .object({ role: z.enum(creditRoles), name: z.string(), user: Person.nullable() })
  .openapi('Credit');

const summaryFields = {
  id: z.string(),
  kind: Kind,
  format: Format,
  title: z.string(),
  url: z.string().nullable(),
  excerpt: z.string(),
  tags: z.array(z.string()),
  status: z.enum(resourceStatuses),
  featured: z.boolean(),
  credits: z.array(CreditSchema),
  proposedBy: Person.nullable(),
  publishedAt: When.nullable(),
  reviewDueAt: When.nullable(),
  createdAt: When,
  updatedAt: When,
  version: z.number().int(),
  noteCount: z.number().int().openapi({ description: 'Shared notes, and the reader’s own private ones.' }),
};
export const ResourceSummarySchema = z.object(summaryFields).openapi('ResourceSummary');

const abilityKeys = ['view', 'edit', 'publish', 'feature', 'retire', 'review', 'revert', 'note', 'collect'] as const;
const flags = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>);

export const ResourceDetailSchema = z
  .object({
    ...summaryFields,
    summary: z.string(),
    summaryHtml: z.string(),
    source: z
      .object({ post: z.object({ id: z.string(), title: z.string() }), replyId: z.string().nullable() })
      .nullable(),
    preview: z
      .object({ title: z.string().optional(), description: z.string().optional(), siteName: z.string().optional() })
      .nullable(),
    reviewedAt: When.nullable(),
    retiredAt: When.nullable(),
    collections: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string() })),
    abilities: flags(abilityKeys),
    community: z.object({ slug: z.string(), name: z.string() }),
  })
  .openapi('ResourceDetail');

export const ResourcePage = z.object({ items: z.array(ResourceSummarySchema), nextCursor: z.string().nullable() });
export const ResourceList = z.object({ items: z.array(ResourceSummarySchema) });

const countsBy = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const OverviewSchema = z
  .object({
    counts: z.object({ byKind: countsBy(resourceKinds), byFormat: countsBy(resourceFormats), total: z.number().int() }),
    featured: z.array(ResourceSummarySchema),
    abilities: z.object({ propose: z.boolean(), curate: z.boolean() }),
    reviewDue: z.number().int(),
    proposals: z.number().int(),
    myFormats: z.array(Format),
    linkPreviews: z.boolean(),
  })
  .openapi('RepertoireOverview');

/** The body of `POST /resources`, pre-filled from a post, an answer or an event session. */
export const DraftSchema = z
  .object({
    kind: Kind,
    format: Format,
    title: z.string(),
    url: z.string().nullable(),
    summary: z.string(),
    tags: z.array(z.string()),
    credits: z.array(z.object({ role: z.enum(creditRoles), userId: z.string().optional(), name: z.string() })),
    from: z.union([
      z.object({ postId: z.string(), replyId: z.string().optional() }),
      z.object({ occurrenceId: z.string() }),
    ]),
  })
  .openapi('ResourceDraft');

const revisionFields = {
  version: z.number().int(),
  change: z.string(),
  revertedTo: z.number().int().nullable(),
  editor: Person.nullable(),
  createdAt: When,
};
export const RevisionSchema = z.object(revisionFields).openapi('ResourceRevision');
export const RevisionList = z.object({ items: z.array(RevisionSchema) });
export const SnapshotSchema = z
  .object({
    ...revisionFields,
    kind: Kind,
    format: Format,
    title: z.string(),
    url: z.string().nullable(),
    summary: z.string(),
    summaryHtml: z.string(),
    tags: z.array(z.string()),
    credits: z.array(CreditSchema),
  })
  .openapi('ResourceSnapshot');

const DiffValue = z.union([z.string(), z.array(z.string()), z.null()]);
export const DiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    fields: z.array(
      z.object({
        field: z.enum(['kind', 'format', 'title', 'url', 'summary', 'tags', 'credits']),
        before: DiffValue,
        after: DiffValue,
        parts: z
          .array(z.object({ value: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() }))
          .optional(),
      }),
    ),
  })
  .openapi('ResourceDiff');

export const NoteSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    bodyHtml: z.string(),
    visibility: z.enum(noteVisibilities),
    author: Person.nullable(),
    createdAt: When,
    editedAt: When.nullable(),
    abilities: flags(['edit', 'delete'] as const),
  })
  .openapi('ResourceNote');
export const NoteList = z.object({ items: z.array(NoteSchema) });
