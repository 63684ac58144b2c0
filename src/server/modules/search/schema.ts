import { limits, postKinds, resourceFormats, resourceKinds } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
export { z };

/** Deep pages cost as much as all the pages before them; nobody reads result 1,000 anyway. */
export const maxOffset = 1000;

export const SearchQuery = z.object({
  q: z.string().trim().min(2).max(limits.search),
  community: z.string().max(200).optional(),
  kind: z.enum(postKinds).optional(),
  tag: z.string().trim().min(1).max(limits.listItem).optional(),
  author: z.string().uuid().optional(),
  answered: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  in: z
    .enum(['posts', 'resources'])
    .default('posts')
    .openapi({ description: 'Posts (and a few resources on the first page), or resources of the repertoire only.' }),
  offset: z.coerce.number().int().min(0).max(maxOffset).default(0),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

const Person = z.object({ id: z.string(), name: z.string(), handle: z.string() });

export const SearchHitSchema = z
  .object({
    post: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(postKinds),
      tags: z.array(z.string()),
      community: z.object({ slug: z.string(), name: z.string() }),
      author: Person.nullable(),
      answered: z.boolean(),
      replyCount: z.number().int(),
      createdAt: z.string(),
    }),
    matchedIn: z.enum(['post', 'reply']),
    replyId: z.string().nullable(),
    snippetHtml: z.string().openapi({
      description: 'Text around the matches, HTML-escaped, with matched words in <mark>…</mark> and no other markup.',
    }),
  })
  .openapi('SearchHit');

export const ResourceHitSchema = z
  .object({
    resource: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(resourceKinds),
      format: z.enum(resourceFormats),
      tags: z.array(z.string()),
      community: z.object({ slug: z.string(), name: z.string() }),
    }),
    snippetHtml: z.string().openapi({
      description: 'Text of the summary around the matches, HTML-escaped, with matched words in <mark>…</mark>.',
    }),
  })
  .openapi('ResourceHit');

export const SearchPage = z.object({
  items: z.array(SearchHitSchema),
  resources: z.array(ResourceHitSchema).openapi({
    description:
      'Published resources: with in=posts the best few on the first page (unless a post-only filter is set), with in=resources the page itself.',
  }),
  nextOffset: z.number().int().nullable(),
  narrowed: z.boolean().openapi({
    description: 'More posts matched than are ranked: only the most recent matches were considered.',
  }),
});
