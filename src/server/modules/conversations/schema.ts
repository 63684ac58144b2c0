import { limits, postKinds, reactionKinds } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { normaliseList } from '../communities/schema.js';
export { z };

/**
 * Ids in paths are plain strings here and checked by the service: a malformed id answers 404
 * like a missing one, and a request body is still validated (400) before anything else.
 */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const PostParams = z.object({ slug: Slug, postId: Id });
export const ReplyParams = z.object({ slug: Slug, postId: Id, replyId: Id });
export const PostReactionParams = z.object({ slug: Slug, postId: Id, kind: z.enum(reactionKinds) });
export const ReplyReactionParams = z.object({ slug: Slug, postId: Id, replyId: Id, kind: z.enum(reactionKinds) });

const Title = z.string().trim().min(1).max(limits.postTitle);
const PostBody = z.string().trim().min(1).max(limits.postBody);
const ReplyBody = z.string().trim().min(1).max(limits.replyBody);
const Tags = z.array(z.string().trim().max(limits.listItem)).max(limits.postTags).transform(normaliseList);
const Moment = z.iso.datetime({ offset: true });

export const AmaInput = z.strictObject({ hostId: z.uuid().optional(), startsAt: Moment, endsAt: Moment });
export type AmaInput = z.infer<typeof AmaInput>;

export const PostInput = z.strictObject({
  kind: z.enum(postKinds),
  title: Title,
  body: PostBody,
  tags: Tags.default([]),
  ama: AmaInput.optional(),
});
export type PostInput = z.infer<typeof PostInput>;

export const PostPatch = z.strictObject({
  title: Title.optional(),
  body: PostBody.optional(),
  tags: Tags.optional(),
  ama: AmaInput.optional(),
});
export type PostPatch = z.infer<typeof PostPatch>;

export const ReplyInput = z.strictObject({ body: ReplyBody, replyTo: z.uuid().optional() });
export type ReplyInput = z.infer<typeof ReplyInput>;
export const ReplyPatch = z.strictObject({ body: ReplyBody });
export const AcceptInput = z.strictObject({ replyId: z.uuid() });

const Cursor = z.string().max(400).optional();
const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const FeedQuery = z.object({
  sort: z.enum(['latest', 'active', 'unanswered']).default('latest'),
  kind: z.enum(postKinds).optional(),
  tag: z.string().trim().min(1).max(limits.listItem).optional(),
  author: z.uuid().optional(),
  cursor: Cursor,
  limit: Limit(50, 20),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const HomeFeedQuery = z.object({
  sort: z.enum(['latest', 'active']).default('latest'),
  cursor: Cursor,
  limit: Limit(50, 20),
});
export type HomeFeedQuery = z.infer<typeof HomeFeedQuery>;

export const ReplyQuery = z.object({ cursor: Cursor, limit: Limit(200, 100) });
export type ReplyQuery = z.infer<typeof ReplyQuery>;

// Responses.

export const PersonSchema = z.object({ id: z.string(), name: z.string(), handle: z.string() }).openapi('Person');
const When = z.string();
const Nullable = <T extends z.ZodType>(s: T) => s.nullable();

export const ReactionCountSchema = z
  .object({ kind: z.enum(reactionKinds), count: z.number().int(), mine: z.boolean() })
  .openapi('ReactionCount');
export const ReactionsEnvelope = z.object({ reactions: z.array(ReactionCountSchema) });

const summaryFields = {
  id: z.string(),
  community: z.object({ slug: z.string(), name: z.string() }),
  kind: z.enum(postKinds),
  title: z.string(),
  excerpt: z.string(),
  tags: z.array(z.string()),
  author: Nullable(PersonSchema),
  replyCount: z.number().int(),
  answered: z.boolean(),
  acceptedReplyId: Nullable(z.string()),
  createdAt: When,
  lastActivityAt: When,
  editedAt: Nullable(When),
  ama: Nullable(z.object({ host: Nullable(PersonSchema), startsAt: Nullable(When), endsAt: Nullable(When) })),
};
export const PostSummarySchema = z.object(summaryFields).openapi('PostSummary');

const flags = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>);

export const PostDetailSchema = z
  .object({
    ...summaryFields,
    body: z.string(),
    bodyHtml: z.string(),
    firstReplyAt: Nullable(When),
    acceptedAt: Nullable(When),
    timeToFirstReplySeconds: Nullable(z.number().int()),
    timeToAcceptSeconds: Nullable(z.number().int()),
    reactions: z.array(ReactionCountSchema),
    following: z.boolean(),
    abilities: flags(['edit', 'delete', 'reply', 'react', 'accept', 'follow', 'promote'] as const),
    repertoire: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .openapi({ description: 'Resources of the repertoire promoted from this post that the reader may see.' }),
  })
  .openapi('PostDetail');

export const FeedPage = z.object({ items: z.array(PostSummarySchema), nextCursor: Nullable(z.string()) });

export const ReplySchema = z
  .object({
    id: z.string(),
    postId: z.string(),
    parentId: Nullable(z.string()),
    quoted: Nullable(z.object({ id: z.string(), author: Nullable(PersonSchema), excerpt: z.string() })),
    author: Nullable(PersonSchema),
    body: z.string(),
    bodyHtml: z.string(),
    createdAt: When,
    editedAt: Nullable(When),
    deleted: z.boolean(),
    accepted: z.boolean(),
    answeredByHost: z.boolean(),
    reactions: z.array(ReactionCountSchema),
    abilities: flags(['edit', 'delete', 'react', 'reply'] as const),
  })
  .openapi('Reply');
export const ReplyPage = z.object({ items: z.array(ReplySchema), nextCursor: Nullable(z.string()) });

export const RevisionSchema = z
  .object({
    id: z.string(),
    editor: Nullable(PersonSchema),
    title: Nullable(z.string()),
    body: z.string(),
    tags: Nullable(z.array(z.string())),
    createdAt: When,
  })
  .openapi('Revision');
export const RevisionList = z.object({ items: z.array(RevisionSchema) });

export const TagList = z.object({
  items: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  allowFreeTags: z.boolean(),
});
