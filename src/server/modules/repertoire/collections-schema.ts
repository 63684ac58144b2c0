import { collectionKinds, limits } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { ResourceSummarySchema } from './schema.js';

/** Ids in paths are plain strings, checked by the service: a malformed id answers 404 like a missing one. */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const CollectionParams = z.object({ slug: Slug, collectionId: Id });
export const CollectionItemParams = z.object({ slug: Slug, collectionId: Id, resourceId: Id });

const Kind = z.enum(collectionKinds);
const Title = z.string().trim().min(1).max(limits.resourceTitle);
const Intro = z.string().trim().max(limits.collectionIntro);
const ResourceIds = z
  .array(z.uuid())
  .max(limits.collectionItems)
  .openapi({ description: 'Published resources of this community, in order.' });

export const CollectionInput = z
  .strictObject({ kind: Kind, title: Title, intro: Intro.default(''), resourceIds: ResourceIds.optional() })
  .openapi('CollectionInput');
export type CollectionInput = z.infer<typeof CollectionInput>;

export const CollectionPatch = z
  .strictObject({
    kind: Kind.optional(),
    title: Title.optional(),
    intro: Intro.optional(),
    resourceIds: ResourceIds.optional().openapi({
      description:
        'The complete new order. Items left out are taken out; new ones must be published resources of this community.',
    }),
  })
  .openapi('CollectionPatch');
export type CollectionPatch = z.infer<typeof CollectionPatch>;

// Responses.

const When = z.string();

export const ProgressSchema = z
  .object({
    done: z.number().int(),
    total: z.number().int(),
    percent: z.number().int(),
    completedAt: When.nullable(),
  })
  .openapi('PathProgress');

export const CollectionSummarySchema = z
  .object({
    id: z.string(),
    kind: Kind,
    title: z.string(),
    introExcerpt: z.string(),
    itemCount: z.number().int(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  })
  .openapi('CollectionSummary');

export const CollectionList = z.object({ items: z.array(CollectionSummarySchema) });

export const CollectionDetailSchema = z
  .object({
    id: z.string(),
    kind: Kind,
    title: z.string(),
    intro: z.string(),
    introHtml: z.string(),
    items: z.array(z.object({ position: z.number().int(), resource: ResourceSummarySchema, done: z.boolean() })),
    progress: ProgressSchema.nullable(),
    abilities: z.object({ edit: z.boolean(), delete: z.boolean(), track: z.boolean() }),
    community: z.object({ slug: z.string(), name: z.string() }),
    createdAt: When,
    updatedAt: When,
  })
  .openapi('CollectionDetail');

export const ProgressEnvelope = z.object({ progress: ProgressSchema });
