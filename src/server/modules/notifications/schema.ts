import { limits, notificationKinds } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
export { z };

const Slug = z.string().max(200);
/** Notification ids are a bigserial, read as a JS number: digits only, within the safe range. They double as the page cursor. */
const NotificationId = z.string().regex(/^\d{1,15}$/, 'Use a notification id.');

export const PostParams = z.object({ slug: Slug, postId: z.string().uuid() });
export const TagParams = z.object({ slug: Slug, tag: z.string().trim().min(1).max(limits.listItem) });
export const MemberParams = z.object({ slug: Slug, userId: z.string().uuid() });
export const NotificationParams = z.object({ id: NotificationId });

export const NotificationQuery = z.object({
  cursor: NotificationId.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const MentionableQuery = z.object({ q: z.string().trim().max(limits.name).default('') });

// Inline rather than a named component: the conversations module names its own `Person`.
const Person = z.object({ id: z.string(), name: z.string(), handle: z.string() });

export const FollowState = z.object({ following: z.boolean() });

export const MyFollows = z.object({
  tags: z.array(z.string()),
  members: z.array(Person),
  posts: z.array(z.object({ id: z.string(), title: z.string() })),
});

export const PersonList = z.object({ items: z.array(Person) });

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(notificationKinds),
    community: z.object({ slug: z.string(), name: z.string() }),
    post: z.object({ id: z.string(), title: z.string() }).nullable(),
    resource: z
      .object({ id: z.string(), title: z.string() })
      .nullable()
      .openapi({ description: 'A resource of the repertoire (credited, proposal_published); `post` is then null.' }),
    event: z
      .object({ id: z.string(), occurrenceId: z.string(), title: z.string(), startsAt: z.string() })
      .nullable()
      .openapi({ description: 'The event session it is about (event_* kinds); `post` is then null.' }),
    roundupId: z
      .string()
      .nullable()
      .openapi({ description: 'The round-up it is about (roundup_draft): its draft is ready to edit.' }),
    replyId: z.string().nullable(),
    actor: Person.nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const UnreadCount = z.object({ unreadCount: z.number().int() });

export const NotificationPage = z.object({
  items: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
