import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  customType,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const moment = (name: string) => timestamp(name, { withTimezone: true });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Posts and replies are searched newest first. Besides their words, their `search` vectors hold
 * the period of `searchPeriodDays` days they were written in, as a lexeme no text can produce (it
 * holds a space): a search asks the index for a word's matches in the latest periods first, and
 * reads only those rows, instead of every row with the word (see `modules/search/repo.ts`).
 */
export const searchPeriodDays = 8;
/** The period lexeme of a moment, as `writtenIn` makes it. */
export const periodLexeme = (period: number) => `period ${period}`;
export const periodOf = (ms: number) => Math.floor(ms / (searchPeriodDays * 86_400_000));
const writtenIn = sql.raw(
  `array_to_tsvector(array['period ' || floor(extract(epoch from (created_at - 'epoch'::timestamptz)) / ${searchPeriodDays * 86_400})::bigint::text])`,
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    // How others @mention this person; filled from the name by a trigger when left empty.
    handle: text('handle').notNull().default(''),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    // Member directories list people by name: walking this index finds a page without sorting everyone.
    index('users_name_id_idx').on(t.name, t.id),
    uniqueIndex('users_handle_key').on(sql`lower(${t.handle})`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // sha256 of the cookie value; the raw value never touches the database.
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/** One-time tokens sent by email: magic sign-in links and password resets. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(), // 'magic_link' | 'password_reset'
    tokenHash: text('token_hash').notNull(),
    // The email the link was sent to: a link dies when the account's email changes.
    email: text('email').notNull(),
    // sha256 of a nonce kept in a cookie of the browser that asked, where the flow binds.
    browserHash: text('browser_hash'),
    next: text('next'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('auth_tokens_token_hash_key').on(t.tokenHash), index('auth_tokens_user_idx').on(t.userId)],
);

/** Failure counters for throttling (sign-in per account and per IP, mail requests). */
export const throttles = pgTable('throttles', {
  key: text('key').primaryKey(),
  count: integer('count').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

export const communities = pgTable(
  'communities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    need: text('need').notNull().default(''),
    domain: text('domain').notNull().default(''),
    purpose: text('purpose').notNull().default(''),
    values: jsonb('values').$type<string[]>().notNull().default([]),
    audience: text('audience').notNull().default(''),
    activities: jsonb('activities').$type<string[]>().notNull().default([]),
    successMeasures: jsonb('success_measures').$type<string[]>().notNull().default([]),
    type: text('type').notNull(), // open | membership | internal | product | local
    visibility: text('visibility').notNull(), // public | private
    joining: text('joining').notNull(), // open | request | invitation
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    // Whether posts may carry tags beyond the topics.
    allowFreeTags: boolean('allow_free_tags').notNull().default(false),
    // The community's own time zone: when its weekly round-up is drafted.
    timeZone: text('time_zone').notNull().default('UTC'),
    // Current members (active or on a break), kept by a trigger on memberships: read on every
    // community page and directory, so it is stored rather than counted each time.
    memberCount: integer('member_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('communities_slug_key').on(t.slug)],
);

export const memberships = pgTable(
  'memberships',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('member'), // member | core | coordinator
    status: text('status').notNull(), // pending | active | on_break | alumni | removed
    breakUntil: date('break_until'),
    requestMessage: text('request_message'),
    bio: text('bio').notNull().default(''),
    expertise: jsonb('expertise').$type<string[]>().notNull().default([]),
    interests: jsonb('interests').$type<string[]>().notNull().default([]),
    learningFormats: jsonb('learning_formats').$type<string[]>().notNull().default([]),
    timeZone: text('time_zone'),
    // Whether this member gets the community's weekly round-up by mail.
    roundupEmail: boolean('roundup_email').notNull().default(true),
    // The last visit to the community (written at most hourly), and, when a member comes back
    // from a break or after 30 days away, since when their catch-up reaches back.
    lastSeenAt: moment('last_seen_at'),
    catchUpSince: moment('catch_up_since'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    // The member's name, copied from users.name by triggers (see the migration
    // memberships_directory_order): the directory walks it in order, community by community.
    sortName: text('sort_name').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    index('memberships_community_status_idx').on(t.communityId, t.status, t.role),
    // The directory as most people open it: current members by name. The statuses are
    // currentStatuses of platform/policy.ts, written out so the planner can match them.
    index('memberships_directory_idx')
      .on(t.communityId, t.sortName, t.userId)
      .where(sql`status in ('active', 'on_break')`),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').notNull().default('member'),
    message: text('message'),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_community_idx').on(t.communityId),
    index('invitations_email_idx').on(sql`lower(${t.email})`),
  ],
);

/** Append-only: every action anyone takes. Participation and health are computed from it. */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    verb: text('verb').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    weight: integer('weight').notNull().default(1),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activity_community_time_idx').on(t.communityId, t.occurredAt),
    index('activity_actor_time_idx').on(t.actorId, t.occurredAt),
    // Participation and health read one verb of one community at a time (accepted answers, hosting).
    index('activity_community_verb_time_idx').on(t.communityId, t.verb, t.occurredAt),
  ],
);

/** Mail kept when no SMTP server is configured, and a record of every message sent. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text_body').notNull(),
    html: text('html_body'),
    kind: text('kind').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>(),
    status: text('status').notNull(), // kept | queued | sending | sent | failed
    error: text('error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_created_idx').on(t.createdAt),
    // What the delivery loop looks for: mail written but not yet handed to the SMTP server.
    index('outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`status in ('queued', 'sending')`),
  ],
);

export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/**
 * Conversations. `search` is kept by PostgreSQL from the title and body; replies, reactions and
 * acceptance keep the counters and moments below up to date in the same transaction.
 */
export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(), // discussion | question | announcement | win | need | ama
    title: text('title').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    // Plain text of the start of the body, made when it is saved: feeds show it without re-reading HTML.
    excerpt: text('excerpt').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    replyCount: integer('reply_count').notNull().default(0),
    // Moves whenever anything a page of this post's replies shows changes (the database's own
    // triggers: replies, reactions to them, their authors' names): a kept page is good while it holds.
    repliesVersion: integer('replies_version').notNull().default(0),
    lastActivityAt: moment('last_activity_at').notNull().defaultNow(),
    firstReplyAt: moment('first_reply_at'),
    acceptedReplyId: uuid('accepted_reply_id').references((): AnyPgColumn => replies.id, { onDelete: 'set null' }),
    acceptedAt: moment('accepted_at'),
    amaHostId: uuid('ama_host_id').references(() => users.id, { onDelete: 'set null' }),
    amaStartsAt: moment('ama_starts_at'),
    amaEndsAt: moment('ama_ends_at'),
    editedAt: moment('edited_at'),
    deletedAt: moment('deleted_at'),
    deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B') || ${writtenIn}`,
      ),
  },
  (t) => [
    index('posts_community_created_idx').on(t.communityId, t.createdAt.desc(), t.id.desc()),
    index('posts_community_active_idx').on(t.communityId, t.lastActivityAt.desc(), t.id.desc()),
    index('posts_community_kind_created_idx').on(t.communityId, t.kind, t.createdAt.desc(), t.id.desc()),
    index('posts_unanswered_idx')
      .on(t.communityId, t.createdAt, t.id)
      .where(sql`kind = 'question' and accepted_reply_id is null and deleted_at is null`),
    index('posts_author_idx').on(t.authorId, t.createdAt),
    // Search ranks the most recent matches of a broad query: walking this finds them without reading every match.
    index('posts_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('posts_tags_idx').using('gin', t.tags.op('jsonb_path_ops')),
    index('posts_search_idx').using('gin', t.search),
  ],
);

/** Replies are threaded one level: `parentId` is always a top-level reply of the same post. */
export const replies = pgTable(
  'replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => replies.id, { onDelete: 'cascade' }),
    quotedReplyId: uuid('quoted_reply_id').references((): AnyPgColumn => replies.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    excerpt: text('excerpt').notNull().default(''),
    editedAt: moment('edited_at'),
    deletedAt: moment('deleted_at'),
    deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', coalesce(body, '')) || ${writtenIn}`),
  },
  (t) => [
    index('replies_post_created_idx').on(t.postId, t.createdAt, t.id),
    index('replies_author_idx').on(t.authorId, t.createdAt),
    index('replies_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('replies_search_idx').using('gin', t.search),
  ],
);

/** Earlier versions of edited posts and replies, newest last. */
export const revisions = pgTable(
  'revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetType: text('target_type').notNull(), // post | reply
    targetId: uuid('target_id').notNull(),
    editorId: uuid('editor_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title'),
    body: text('body').notNull(),
    tags: jsonb('tags').$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [index('revisions_target_idx').on(t.targetType, t.targetId, t.id)],
);

export const reactions = pgTable(
  'reactions',
  {
    targetType: text('target_type').notNull(), // post | reply
    targetId: uuid('target_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    // The post the target belongs to, so a thread's reactions are read in one pass.
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.targetType, t.targetId, t.userId, t.kind] }),
    index('reactions_post_idx').on(t.postId),
  ],
);

/** Someone following a post, a tag or a member within a community. */
export const follows = pgTable(
  'follows',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    targetType: text('target_type').notNull(), // post | tag | member
    target: text('target').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.communityId, t.targetType, t.target] }),
    index('follows_target_idx').on(t.communityId, t.targetType, t.target),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // see notificationKinds
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    // What it is about: a post (and a reply in it), or a resource of the repertoire.
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    replyId: uuid('reply_id').references(() => replies.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id').references((): AnyPgColumn => resources.id, { onDelete: 'cascade' }),
    // Or a session of an event.
    occurrenceId: uuid('occurrence_id').references((): AnyPgColumn => eventOccurrences.id, { onDelete: 'cascade' }),
    // Or a round-up (its draft is ready).
    roundupId: uuid('roundup_id').references((): AnyPgColumn => roundups.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    readAt: moment('read_at'),
    // Mail for it: pending (not yet considered), sent (in an immediate or daily mail), skipped
    // (read first, preferences off, or a kind mailed on its own such as reminders).
    mailState: text('mail_state').notNull().default('pending'),
    mailedAt: moment('mailed_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id.desc()),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at is null`),
    index('notifications_mail_pending_idx')
      .on(t.userId, t.createdAt)
      .where(sql`mail_state = 'pending'`),
    // One notification of a kind per person and post or reply: an edit never notifies twice. Kinds
    // about a whole community (a survey, the health check) are kept one per person and community.
    unique('notifications_once_key')
      .on(t.userId, t.kind, t.communityId, t.postId, t.replyId, t.resourceId, t.occurrenceId, t.roundupId)
      .nullsNotDistinct(),
  ],
);

/** One row per member, post and day: views are counted compactly, not logged one by one. */
export const postViews = pgTable(
  'post_views',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.day] }), index('post_views_user_day_idx').on(t.userId, t.day)],
);

/**
 * The repertoire: what a community keeps of its practice. A resource is proposed by any member
 * and curated (published, featured, retired, reviewed) by the core group and coordinators.
 * Every version is kept in `resource_revisions`, the current one included; `version` is its number.
 */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // see resourceKinds
    format: text('format').notNull(), // read | watch | listen | do
    title: text('title').notNull(),
    url: text('url'),
    summary: text('summary').notNull().default(''),
    summaryHtml: text('summary_html').notNull().default(''),
    excerpt: text('excerpt').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    status: text('status').notNull(), // proposed | published | retired | obsolete
    featured: boolean('featured').notNull().default(false),
    version: integer('version').notNull().default(1),
    proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    // Where it was promoted from: a post, and the reply (an accepted answer) when it came from one.
    sourcePostId: uuid('source_post_id').references(() => posts.id, { onDelete: 'set null' }),
    sourceReplyId: uuid('source_reply_id').references(() => replies.id, { onDelete: 'set null' }),
    // Or the session of an event whose notes and outcomes it keeps.
    sourceOccurrenceId: uuid('source_occurrence_id').references((): AnyPgColumn => eventOccurrences.id, {
      onDelete: 'set null',
    }),
    // Link preview fetched when an admin allows it: { title, description, siteName, fetchedAt }.
    preview: jsonb('preview').$type<Record<string, string>>(),
    publishedAt: moment('published_at'),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    reviewDueAt: moment('review_due_at'),
    reviewedAt: moment('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    retiredAt: moment('retired_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(summary, '')), 'B')`,
      ),
  },
  (t) => [
    // The repertoire's "latest" order: when it was published (a proposal: when it was made).
    index('resources_community_latest_idx').on(
      t.communityId,
      t.status,
      sql`coalesce(${t.publishedAt}, ${t.createdAt}) desc`,
      t.id.desc(),
    ),
    index('resources_review_idx')
      .on(t.communityId, t.reviewDueAt)
      .where(sql`status = 'published'`),
    index('resources_source_post_idx').on(t.sourcePostId),
    index('resources_source_occurrence_idx').on(t.sourceOccurrenceId),
    index('resources_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // The newest change to any resource: search's cached results are keyed on it.
    index('resources_updated_idx').on(t.updatedAt),
    index('resources_tags_idx').using('gin', t.tags.op('jsonb_path_ops')),
    index('resources_search_idx').using('gin', t.search),
  ],
);

/**
 * Who a resource is credited to: `contributor` (who brought it to the community) or `source`
 * (whose work it is or came from). A member is linked by `userId`; anyone else by name only.
 */
export const resourceCredits = pgTable(
  'resource_credits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    role: text('role').notNull(), // contributor | source
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('resource_credits_resource_idx').on(t.resourceId, t.position),
    index('resource_credits_user_idx').on(t.userId),
  ],
);

/** Every version of a resource as it was saved, the first and the current one included. */
export const resourceRevisions = pgTable(
  'resource_revisions',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    editorId: uuid('editor_id').references(() => users.id, { onDelete: 'set null' }),
    // What changed, in a word: created, edited, reverted (to `revertedTo`), imported, promoted.
    change: text('change').notNull(),
    revertedTo: integer('reverted_to'),
    kind: text('kind').notNull(),
    format: text('format').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    summary: text('summary').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull(),
    credits: jsonb('credits').$type<{ role: string; userId: string | null; name: string }[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.version] })],
);

/** A member's note on a resource: shared with the community, or kept for themselves. */
export const resourceNotes = pgTable(
  'resource_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'cascade' }),
    visibility: text('visibility').notNull(), // community | private
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: createdAt(),
    editedAt: moment('edited_at'),
  },
  (t) => [
    index('resource_notes_resource_idx').on(t.resourceId, t.createdAt),
    index('resource_notes_author_idx').on(t.authorId),
  ],
);

/** Named, ordered lists of resources: a `collection`, or a `path` whose items a member works through. */
export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // collection | path
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    introHtml: text('intro_html').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('collections_community_idx').on(t.communityId, t.position)],
);

export const collectionItems = pgTable(
  'collection_items',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.resourceId] }),
    index('collection_items_resource_idx').on(t.resourceId),
  ],
);

/** A member's ticks on a path: one row per item done. */
export const pathProgress = pgTable(
  'path_progress',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.collectionId, t.resourceId] })],
);

/** How a recurring event repeats, as the organiser set it; `rrule` on the event is made from it. */
export interface RecurrenceSpec {
  freq: 'weekly' | 'monthly';
  /** Every N weeks or months. */
  interval: number;
  /** Weekly: the days of the week (MO…SU); empty means the first session's day. */
  byWeekday: string[];
  /** Monthly by weekday: which one in the month (1–4, or -1 for the last), on the first session's weekday. */
  monthlyWeek: number | null;
  /** The last local date a session may fall on, or a number of sessions: one of the two ends it. */
  until: string | null;
  count: number | null;
}

/** What one session of a series changes from the series: absent keys follow the series. */
export interface OccurrenceOverrides {
  title?: string;
  agenda?: string;
  agendaHtml?: string;
  place?: string | null;
  onlineUrl?: string | null;
}

/**
 * Events: a series (or a single date) of sessions. Times are entered in the organiser's time zone
 * (`localStart`, kept so recurrence repeats the wall-clock time across daylight-saving changes)
 * and stored in UTC on each occurrence.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // see eventKinds
    title: text('title').notNull(),
    agenda: text('agenda').notNull().default(''),
    agendaHtml: text('agenda_html').notNull().default(''),
    place: text('place'),
    onlineUrl: text('online_url'),
    timeZone: text('time_zone').notNull(),
    // The first session's start as a wall-clock time in `timeZone`, e.g. 2026-12-03T18:00.
    localStart: text('local_start').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    recurrence: jsonb('recurrence').$type<RecurrenceSpec>(),
    rrule: text('rrule'),
    // Local dates (YYYY-MM-DD) on which a recurring event does not take place.
    exceptions: jsonb('exceptions').$type<string[]>().notNull().default([]),
    capacity: integer('capacity'),
    promotion: text('promotion').notNull().default('automatic'), // automatic | offer
    // With `offer`: in the last this-many hours before a session, a freed seat is offered by mail.
    offerHours: integer('offer_hours').notNull().default(24),
    // An AMA event collects questions as an AMA post.
    postId: uuid('post_id').references(() => posts.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('scheduled'), // scheduled | cancelled
    cancelledAt: moment('cancelled_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('events_community_idx').on(t.communityId, t.createdAt)],
);

/** Who runs an event: hosts (who may edit it and take attendance) and speakers (credited). */
export const eventHosts = pgTable(
  'event_hosts',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('host'), // host | speaker
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_hosts_user_idx').on(t.userId)],
);

/**
 * One session of an event. RSVPs, seats, attendance, notes and outcomes belong to a session.
 * `originalStart` is the recurrence id: where the rule put it, whatever it was moved to since.
 * The seat counters are kept here, under the row lock every RSVP takes.
 */
export const eventOccurrences = pgTable(
  'event_occurrences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    originalStart: moment('original_start').notNull(),
    startsAt: moment('starts_at').notNull(),
    endsAt: moment('ends_at').notNull(),
    status: text('status').notNull().default('scheduled'), // scheduled | cancelled
    cancelledAt: moment('cancelled_at'),
    // Changed for this session only ("this occurrence"); a series edit leaves these alone.
    overrides: jsonb('overrides').$type<OccurrenceOverrides>().notNull().default({}),
    moved: boolean('moved').notNull().default(false),
    capacity: integer('capacity'),
    goingCount: integer('going_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    // The next waitlist position handed out: the waitlist is ordered by it.
    waitlistSeq: integer('waitlist_seq').notNull().default(0),
    // When a freed seat was last offered to the waitlist by mail (promotion `offer`).
    offerSentAt: moment('offer_sent_at'),
    checkInCode: text('check_in_code').notNull(),
    notes: text('notes').notNull().default(''),
    notesHtml: text('notes_html').notNull().default(''),
    outcomes: text('outcomes').notNull().default(''),
    outcomesHtml: text('outcomes_html').notNull().default(''),
    recordingUrl: text('recording_url'),
    notesBy: uuid('notes_by').references(() => users.id, { onDelete: 'set null' }),
    notesAt: moment('notes_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('event_occurrences_original_key').on(t.eventId, t.originalStart),
    index('event_occurrences_community_start_idx').on(t.communityId, t.startsAt, t.id),
    index('event_occurrences_event_start_idx').on(t.eventId, t.startsAt),
  ],
);

/** A member's answer for one session; the waitlist is ordered by `position`. */
export const eventRsvps = pgTable(
  'event_rsvps',
  {
    occurrenceId: uuid('occurrence_id')
      .notNull()
      .references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    status: text('status').notNull(), // going | waitlisted | not_going
    position: integer('position'),
    // When this member was last mailed an offer of a freed seat.
    offeredAt: moment('offered_at'),
    promotedAt: moment('promoted_at'),
    attendedAt: moment('attended_at'),
    // How attendance was recorded: `host` (marked by a host) or `code` (checked in with the code).
    attendanceSource: text('attendance_source'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.occurrenceId, t.userId] }),
    index('event_rsvps_occurrence_status_idx').on(t.occurrenceId, t.status, t.position),
    index('event_rsvps_user_idx').on(t.userId, t.status),
  ],
);

/**
 * Reminders due before a session, one row per (session, member, kind). A worker claims due rows
 * with SKIP LOCKED and marks them sent in the transaction that writes the notification and the
 * mail, so a restart neither loses nor repeats one.
 */
export const eventReminders = pgTable(
  'event_reminders',
  {
    occurrenceId: uuid('occurrence_id')
      .notNull()
      .references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // 24h | 1h
    dueAt: moment('due_at').notNull(),
    sentAt: moment('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.occurrenceId, t.userId, t.kind] }),
    index('event_reminders_due_idx')
      .on(t.dueAt)
      .where(sql`sent_at is null`),
  ],
);

/** A member's secret calendar address: stored hashed like API tokens, revocable. */
export const calendarTokens = pgTable(
  'calendar_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: moment('last_used_at'),
    revokedAt: moment('revoked_at'),
  },
  (t) => [
    uniqueIndex('calendar_tokens_token_hash_key').on(t.tokenHash),
    index('calendar_tokens_user_idx').on(t.userId),
  ],
);

/**
 * The job queue: durable, typed jobs claimed with SKIP LOCKED on PostgreSQL and on the embedded
 * database alike (decision 006). A claimed job carries a lease (`locked_until`) and a token
 * (`lock_token`): a worker that stops leaves the lease to expire and the job is claimed again;
 * a worker whose lease was taken over can no longer finish the job.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    // queued | running | succeeded | failed | cancelled
    status: text('status').notNull().default('queued'),
    // Jobs with a key are enqueued at most once per (type, key), ever: a scheduled run, a
    // round-up's copy for one member.
    key: text('key'),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    runAt: moment('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    lockToken: text('lock_token'),
    lockedUntil: moment('locked_until'),
    lastError: text('last_error'),
    // What the handler reported of a long job (done, total), for the admin page.
    progress: jsonb('progress').$type<{ done: number; total: number } | null>(),
    createdAt: createdAt(),
    startedAt: moment('started_at'),
    finishedAt: moment('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_type_key_key')
      .on(t.type, t.key)
      .where(sql`key is not null`),
    // What workers look for: queued jobs by due time, and running jobs whose lease ran out.
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`status = 'queued'`),
    index('jobs_leased_idx')
      .on(t.lockedUntil)
      .where(sql`status = 'running'`),
    index('jobs_status_idx').on(t.status, t.id.desc()),
  ],
);

/** Recurring jobs: a cron expression read in a time zone; each run is a job keyed by its time. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  cron: text('cron').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(true),
  nextRunAt: moment('next_run_at').notNull(),
  lastRunAt: moment('last_run_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A community's weekly round-up: drafted by a job, edited and sent by a coordinator. */
export const roundups = pgTable(
  'roundups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    // draft | scheduled | sending | sent | cancelled
    status: text('status').notNull().default('draft'),
    // The week it covers (UTC instants of the community's local week).
    periodStart: moment('period_start').notNull(),
    periodEnd: moment('period_end').notNull(),
    subject: text('subject').notNull(),
    intro: text('intro').notNull().default(''),
    introHtml: text('intro_html').notNull().default(''),
    scheduledFor: moment('scheduled_for'),
    sentAt: moment('sent_at'),
    sentBy: uuid('sent_by').references(() => users.id, { onDelete: 'set null' }),
    recipientCount: integer('recipient_count').notNull().default(0),
    deliveredCount: integer('delivered_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One drafted round-up per community and week; the weekly job may run twice, never drafts twice.
    uniqueIndex('roundups_period_key').on(t.communityId, t.periodStart),
    index('roundups_community_idx').on(t.communityId, t.periodStart.desc()),
  ],
);

/** What a round-up lists, in sections; the coordinator includes or leaves out each one. */
export const roundupItems = pgTable(
  'roundup_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundupId: uuid('roundup_id')
      .notNull()
      .references(() => roundups.id, { onDelete: 'cascade' }),
    // accepted_answers | resources | events | wins | unanswered | newcomers
    section: text('section').notNull(),
    objectType: text('object_type').notNull(), // post | resource | occurrence | member
    objectId: text('object_id').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    // A path on this site, e.g. /c/slug/posts/id: the only target a tracked link may lead to.
    path: text('path').notNull(),
    topics: jsonb('topics').$type<string[]>().notNull().default([]),
    formats: jsonb('formats').$type<string[]>().notNull().default([]),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    position: integer('position').notNull().default(0),
    included: boolean('included').notNull().default(true),
  },
  (t) => [
    uniqueIndex('roundup_items_object_key').on(t.roundupId, t.section, t.objectType, t.objectId),
    index('roundup_items_roundup_idx').on(t.roundupId, t.section, t.position),
  ],
);

/** One copy per member and round-up: the row is the idempotency key of its delivery job. */
export const roundupDeliveries = pgTable(
  'roundup_deliveries',
  {
    roundupId: uuid('roundup_id')
      .notNull()
      .references(() => roundups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // queued | sending | sent | skipped | failed
    status: text('status').notNull().default('queued'),
    messageId: text('message_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    sentAt: moment('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.roundupId, t.userId] }), index('roundup_deliveries_user_idx').on(t.userId)],
);

/** Clicks on tracked links in round-ups and catch-ups. */
export const roundupClicks = pgTable(
  'roundup_clicks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    roundupId: uuid('roundup_id')
      .notNull()
      .references(() => roundups.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => roundupItems.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    clickedAt: moment('clicked_at').notNull().defaultNow(),
  },
  (t) => [index('roundup_clicks_roundup_idx').on(t.roundupId, t.itemId)],
);

/** A member's mail preferences across communities; absent means the defaults. */
export const mailPreferences = pgTable('mail_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // Per kind of notification: immediate | daily | off (see emailNotificationKinds).
  kinds: jsonb('kinds').$type<Record<string, string>>().notNull().default({}),
  // Whether a catch-up is also mailed when returning from a break or a long absence.
  catchUpEmail: boolean('catch_up_email').notNull().default(true),
  // The last daily batch sent, so the next is due a day later.
  lastDailyAt: moment('last_daily_at'),
  updatedAt: updatedAt(),
});

// ── Participation and health ────────────────────────────────────────────────

/** Each member's participation mode in a community, as last computed from the activity log. */
export const participationModes = pgTable(
  'participation_modes',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // convey_consume | contribute | collaborate | co_create | champion
    mode: text('mode').notNull(),
    because: text('because').notNull().default(''),
    tally: jsonb('tally').$type<Record<string, number | boolean>>().notNull(),
    // When the member entered this mode (the last change), and when it was last computed.
    since: moment('since').notNull(),
    computedAt: moment('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index('participation_modes_mode_idx').on(t.communityId, t.mode),
  ],
);

/** A member's mode history: one row each time a computation finds a mode different from the last. */
export const participationModeChanges = pgTable(
  'participation_mode_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // null for a member's first computed mode.
    fromMode: text('from_mode'),
    toMode: text('to_mode').notNull(),
    changedAt: moment('changed_at').notNull(),
  },
  (t) => [
    index('participation_changes_community_idx').on(t.communityId, t.changedAt),
    index('participation_changes_member_idx').on(t.communityId, t.userId, t.changedAt),
  ],
);

/** A community's health figures for a period, computed by a job; the dashboard reads the latest. */
export const healthSnapshots = pgTable(
  'health_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    periodStart: moment('period_start').notNull(),
    periodEnd: moment('period_end').notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    // The help network (nodes with positions and flags, edges), drawn by the dashboard.
    network: jsonb('network').$type<Record<string, unknown>>(),
    computedAt: moment('computed_at').notNull(),
  },
  (t) => [index('health_snapshots_community_idx').on(t.communityId, t.computedAt.desc())],
);

/** One run of the weekly health check for a community. */
export const healthChecks = pgTable(
  'health_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    // The instant the check looked at the community from (its "now").
    ranAt: moment('ran_at').notNull(),
    // The local week it belongs to (its Monday, as a date), so a weekly run happens once.
    week: date('week', { mode: 'string' }).notNull(),
    findingCount: integer('finding_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('health_checks_week_key').on(t.communityId, t.week)],
);

/** A problem the health check found, with its evidence and a concrete action naming people. */
export const healthFindings = pgTable(
  'health_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    checkId: uuid('check_id')
      .notNull()
      .references(() => healthChecks.id, { onDelete: 'cascade' }),
    // unanswered_topic | isolated_newcomers | organiser_load | drifting_members | topic_without_resources | …
    kind: text('kind').notNull(),
    // What makes two weeks' findings the same problem, e.g. `unanswered_topic:<topic>`.
    key: text('key').notNull(),
    severity: text('severity').notNull().default('medium'), // high | medium | low
    title: text('title').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    action: text('action').notNull(),
    // [{ id, name, part: 'subject' | 'suggested' }]
    people: jsonb('people').$type<{ id: string; name: string; part: string }[]>().notNull(),
    status: text('status').notNull().default('open'), // open | dismissed | acted
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: moment('decided_at'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('health_findings_check_key').on(t.checkId, t.key),
    index('health_findings_community_idx').on(t.communityId, t.status, t.createdAt.desc()),
    index('health_findings_key_idx').on(t.communityId, t.key, t.createdAt.desc()),
  ],
);

/** A coordinator's quarterly assessment: guided answers, the figures of the day, and a maturity stage. */
export const healthAssessments = pgTable(
  'health_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    quarter: text('quarter').notNull(), // e.g. 2026-Q4
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    // potential | forming | building | engaged | active | transforming
    proposedStage: text('proposed_stage').notNull(),
    stage: text('stage').notNull(),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('health_assessments_quarter_key').on(t.communityId, t.quarter)],
);

/** A short survey coordinators send to the community. */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    // When true, responses are stored with no link to the member who gave them.
    anonymous: boolean('anonymous').notNull().default(false),
    status: text('status').notNull().default('draft'), // draft | open | closed
    closesAt: moment('closes_at'),
    sentAt: moment('sent_at'),
    closedAt: moment('closed_at'),
    responseCount: integer('response_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('surveys_community_idx').on(t.communityId, t.createdAt.desc())],
);

export const surveyQuestions = pgTable(
  'survey_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(), // single | multiple | scale5 | scale10 | text
    prompt: text('prompt').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(true),
  },
  (t) => [index('survey_questions_survey_idx').on(t.surveyId, t.position)],
);

/**
 * One member's answers to a survey. For an anonymous survey the respondent is not stored and the
 * time is kept to the day only, so a response cannot be joined back to a member or an activity row.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    respondentId: uuid('respondent_id').references(() => users.id, { onDelete: 'set null' }),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.surveyId),
    uniqueIndex('survey_responses_respondent_key').on(t.surveyId, t.respondentId),
  ],
);

export const surveyAnswers = pgTable(
  'survey_answers',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: 'cascade' }),
    // single: the option; multiple: the options; scale: a number; text: the words.
    value: jsonb('value').$type<string | number | string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] }), index('survey_answers_question_idx').on(t.questionId)],
);

/** Who has answered a survey (so each member answers once), kept apart from what they answered. */
export const surveyRespondents = pgTable(
  'survey_respondents',
  {
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.userId] })],
);
