import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Conn } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import {
  communities,
  follows,
  memberships,
  posts,
  reactions,
  replies,
  revisions,
  users,
} from '../../db/schema/index.js';
import type { FeedSort, PostKind } from '../../../common/limits.js';
import type { CommunityRow, MembershipRow } from '../communities/repo.js';

export type PostRow = typeof posts.$inferSelect;
export type ReplyRow = typeof replies.$inferSelect;
export type PostValues = Partial<Omit<typeof posts.$inferInsert, 'id' | 'search'>>;
export type Person = { id: string; name: string; handle: string };
export type TargetType = 'post' | 'reply';

const author = alias(users, 'author');
const host = alias(users, 'host');
const person = <U extends { id: AnyPgColumn; name: AnyPgColumn; handle: AnyPgColumn }>(u: U) => ({
  id: u.id,
  name: u.name,
  handle: u.handle,
});

/**
 * Sort keys travel in cursors as PostgreSQL's own text of the timestamp: a JavaScript Date
 * keeps milliseconds only, and a cursor rounded down would repeat or skip rows.
 */
const textOf = (column: AnyPgColumn) => sql<string>`${column}::text`;

// Feeds read the stored excerpt, never the body.
const summaryColumns = {
  id: posts.id,
  communityId: posts.communityId,
  kind: posts.kind,
  title: posts.title,
  excerpt: posts.excerpt,
  tags: posts.tags,
  replyCount: posts.replyCount,
  acceptedReplyId: posts.acceptedReplyId,
  createdAt: posts.createdAt,
  lastActivityAt: posts.lastActivityAt,
  editedAt: posts.editedAt,
  amaStartsAt: posts.amaStartsAt,
  amaEndsAt: posts.amaEndsAt,
  author: person(author),
  host: person(host),
  createdKey: textOf(posts.createdAt),
  activeKey: textOf(posts.lastActivityAt),
};
export interface SummaryRow {
  id: string;
  communityId: string;
  kind: PostKind;
  title: string;
  excerpt: string;
  tags: string[];
  replyCount: number;
  acceptedReplyId: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  editedAt: Date | null;
  amaStartsAt: Date | null;
  amaEndsAt: Date | null;
  author: Person | null;
  host: Person | null;
  createdKey: string;
  activeKey: string;
}

const detailColumns = {
  ...summaryColumns,
  authorId: posts.authorId,
  amaHostId: posts.amaHostId,
  body: posts.body,
  bodyHtml: posts.bodyHtml,
  firstReplyAt: posts.firstReplyAt,
  acceptedAt: posts.acceptedAt,
  deletedAt: posts.deletedAt,
  repliesVersion: posts.repliesVersion,
};
export type DetailRow = SummaryRow & {
  authorId: string | null;
  amaHostId: string | null;
  body: string;
  bodyHtml: string;
  firstReplyAt: Date | null;
  acceptedAt: Date | null;
  deletedAt: Date | null;
  /** Moves whenever anything a page of its replies shows changes (see the replies_version migration). */
  repliesVersion: number;
};

/** A live post of the community, with its author and AMA host: the hottest single-row read. */
export async function findPost(db: Conn, communityId: string, postId: string): Promise<DetailRow | undefined> {
  const query = prepared(
    db,
    'post_by_id',
    (d) =>
      d
        .select(detailColumns)
        .from(posts)
        .leftJoin(author, eq(author.id, posts.authorId))
        .leftJoin(host, eq(host.id, posts.amaHostId))
        .where(
          and(
            eq(posts.id, sql.placeholder('postId')),
            eq(posts.communityId, sql.placeholder('communityId')),
            isNull(posts.deletedAt),
          ),
        )
        .prepare('post_by_id'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ postId, communityId });
  return row as DetailRow | undefined;
}

/**
 * A community by its slug, the reader's membership of it and one of its live posts, in one
 * round trip: what every post page and every write to a post starts from. The post is `null`
 * when it is not a live post of that community.
 */
export async function findPostFor(
  db: Conn,
  slug: string,
  userId: string | null,
  postId: string,
): Promise<{ community: CommunityRow; membership: MembershipRow | null; post: DetailRow | null } | undefined> {
  const query = prepared(
    db,
    'post_in_community_for',
    (d) =>
      d
        .select({ ...detailColumns, community: communities, membership: memberships })
        .from(communities)
        .leftJoin(
          memberships,
          and(eq(memberships.communityId, communities.id), eq(memberships.userId, sql.placeholder('userId'))),
        )
        .leftJoin(
          posts,
          and(eq(posts.id, sql.placeholder('postId')), eq(posts.communityId, communities.id), isNull(posts.deletedAt)),
        )
        .leftJoin(author, eq(author.id, posts.authorId))
        .leftJoin(host, eq(host.id, posts.amaHostId))
        .where(eq(communities.slug, sql.placeholder('slug')))
        .prepare('post_in_community_for'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ slug, userId, postId });
  if (!row) return undefined;
  const { community, membership, ...post } = row;
  return { community, membership, post: post.id === null ? null : (post as DetailRow) };
}

/** Locks a live post for a write that reads it first (edit, delete, accept, delete a reply). */
export async function lockPost(tx: Conn, communityId: string, postId: string): Promise<PostRow | undefined> {
  const [row] = await tx
    .select()
    .from(posts)
    .where(and(eq(posts.id, postId), eq(posts.communityId, communityId), isNull(posts.deletedAt)))
    .for('update');
  return row;
}

export async function insertPost(tx: Conn, values: typeof posts.$inferInsert): Promise<PostRow> {
  const [row] = await tx.insert(posts).values(values).returning();
  return row;
}

export async function updatePost(tx: Conn, id: string, values: PostValues): Promise<void> {
  await tx.update(posts).set(values).where(eq(posts.id, id));
}

export interface FeedFilter {
  communityId: string;
  sort: FeedSort;
  kind?: PostKind;
  tag?: string;
  authorId?: string;
}
export interface Keyset {
  key: string;
  id: string;
}

/** The feed indexes are `desc nulls last` (Drizzle's `.desc()`); the order must say the same to walk them. */
const newestFirst = (column: AnyPgColumn) => sql`${column} desc nulls last`;

const sortColumn = (sort: FeedSort) => (sort === 'active' ? posts.lastActivityAt : posts.createdAt);

/**
 * One page of a community's feed. Each sort walks its own index in order: latest
 * `posts_community_created_idx` (or the kind one), active `posts_community_active_idx`,
 * unanswered the partial `posts_unanswered_idx` — oldest first, so that waiting questions surface.
 * Without a filter (how a feed is opened and paged), each sort's pages are prepared statements
 * planned once: the walk is the same whatever the community or the cursor.
 */
export async function feedPage(db: Conn, f: FeedFilter, after: Keyset | null, limit: number): Promise<SummaryRow[]> {
  if (!f.kind && !f.tag && !f.authorId) return unfilteredPage(db, f.sort, f.communityId, after, limit);
  const filters: SQL[] = [];
  if (f.kind) filters.push(eq(posts.kind, f.kind));
  if (f.tag) filters.push(sql`${posts.tags} @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.authorId) filters.push(eq(posts.authorId, f.authorId));
  const bound = after ? { key: sql`${after.key}`, id: sql`${after.id}` } : null;
  return (await feedQuery(db, f.sort, sql`${f.communityId}`, filters, bound).limit(limit)) as SummaryRow[];
}

/** The feed's statement for a sort; values come in as SQL, so that it can be prepared or run as is. */
function feedQuery(db: Conn, sort: FeedSort, communityId: SQL, filters: SQL[], after: { key: SQL; id: SQL } | null) {
  const column = sortColumn(sort);
  const ascending = sort === 'unanswered';
  const where: SQL[] = [sql`${posts.communityId} = ${communityId}::uuid`, isNull(posts.deletedAt), ...filters];
  // Written out literally so the planner can match the partial index's predicate.
  if (sort === 'unanswered') where.push(sql`${posts.kind} = 'question'`, isNull(posts.acceptedReplyId));
  if (after) {
    const bound = sql`(${after.key}::timestamptz, ${after.id}::uuid)`;
    where.push(ascending ? sql`(${column}, ${posts.id}) > ${bound}` : sql`(${column}, ${posts.id}) < ${bound}`);
  }
  const order = ascending ? [asc(column), asc(posts.id)] : [newestFirst(column), newestFirst(posts.id)];
  return db
    .select(summaryColumns)
    .from(posts)
    .leftJoin(author, eq(author.id, posts.authorId))
    .leftJoin(host, eq(host.id, posts.amaHostId))
    .where(and(...where))
    .orderBy(...order);
}

async function unfilteredPage(db: Conn, sort: FeedSort, communityId: string, after: Keyset | null, limit: number) {
  const name = `posts_${sort}_${after ? 'next' : 'first'}_page`;
  const query = prepared(
    db,
    name,
    (d) =>
      feedQuery(
        d,
        sort,
        sql`${sql.placeholder('communityId')}`,
        [],
        after ? { key: sql`${sql.placeholder('afterKey')}`, id: sql`${sql.placeholder('afterId')}` } : null,
      )
        .limit(sql.placeholder('limit'))
        .prepare(name),
    { plan: 'once' },
  );
  const values = after ? { communityId, limit, afterKey: after.key, afterId: after.id } : { communityId, limit };
  return (await query.execute(values)) as SummaryRow[];
}

export type HomeRow = SummaryRow & { communitySlug: string; communityName: string };

/**
 * A page of the personal feed: for each community the member belongs to, the index gives its
 * newest posts after the cursor (at most `limit`), and only those few are merged and sorted.
 */
export async function homePage(
  db: Conn,
  userId: string,
  statuses: string[],
  sort: 'latest' | 'active',
  after: Keyset | null,
  limit: number,
): Promise<HomeRow[]> {
  const column = sort === 'active' ? sql.raw('p.last_activity_at') : sql.raw('p.created_at');
  const keyset = after ? sql`and (${column}, p.id) < (${after.key}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await db.execute(sql`
    select page.id
    from ${memberships} m
    cross join lateral (
      select p.id, ${column} as sort_at
      from ${posts} p
      where p.community_id = m.community_id and p.deleted_at is null ${keyset}
      order by ${column} desc nulls last, p.id desc nulls last
      limit ${limit}
    ) page
    where m.user_id = ${userId} and m.status in (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )})
    order by page.sort_at desc, page.id desc
    limit ${limit}
  `);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = (await db
    .select({ ...summaryColumns, communitySlug: communities.slug, communityName: communities.name })
    .from(posts)
    .innerJoin(communities, eq(communities.id, posts.communityId))
    .leftJoin(author, eq(author.id, posts.authorId))
    .leftJoin(host, eq(host.id, posts.amaHostId))
    .where(inArray(posts.id, ids))) as HomeRow[];
  const position = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Post counts per tag among the community's live posts. */
export async function tagCounts(db: Conn, communityId: string): Promise<{ tag: string; count: number }[]> {
  const result = await db.execute(sql`
    select t.tag, count(*)::int as count
    from ${posts} p, jsonb_array_elements_text(p.tags) as t(tag)
    where p.community_id = ${communityId} and p.deleted_at is null
    group by t.tag
  `);
  return (result as unknown as { rows: { tag: string; count: number | string }[] }).rows.map((r) => ({
    tag: r.tag,
    count: Number(r.count),
  }));
}

// Replies.

const quoted = alias(replies, 'quoted');
const quotedAuthor = alias(users, 'quoted_author');

/** Who gave one kind of reaction to a post or reply: the same for every reader, who finds themselves in it. */
export interface ReactionGivers {
  kind: string;
  count: number;
  users: string[];
}

/**
 * Who gave each kind of reaction to one target (the post, or one of its replies), as JSON: the
 * same for every reader, who finds themselves in it (`readerReactions`). Beside a page of replies
 * it brings their reactions in the same round trip.
 */
const reactionsTo = (targetType: SQL, targetId: SQL) => sql<ReactionGivers[]>`coalesce((
  select json_agg(json_build_object('kind', x.kind, 'count', x.n, 'users', x.users))
  from (
    select ${reactions.kind} as kind, count(*)::int as n, json_agg(${reactions.userId}) as users
    from ${reactions}
    where ${reactions.targetType} = ${targetType} and ${reactions.targetId} = ${targetId}
    group by ${reactions.kind}
  ) x
), '[]'::json)`;

const replyColumns = {
  id: replies.id,
  postId: replies.postId,
  parentId: replies.parentId,
  authorId: replies.authorId,
  body: replies.body,
  bodyHtml: replies.bodyHtml,
  createdAt: replies.createdAt,
  createdKey: textOf(replies.createdAt),
  editedAt: replies.editedAt,
  deletedAt: replies.deletedAt,
  author: person(author),
  quoted: {
    id: quoted.id,
    deletedAt: quoted.deletedAt,
    excerpt: quoted.excerpt,
  },
  quotedAuthor: person(quotedAuthor),
  reactions: reactionsTo(sql`'reply'`, sql`${replies.id}`),
};
export interface ReplyView {
  id: string;
  postId: string;
  parentId: string | null;
  authorId: string | null;
  body: string;
  bodyHtml: string;
  createdAt: Date;
  createdKey: string;
  editedAt: Date | null;
  deletedAt: Date | null;
  author: Person | null;
  quoted: { id: string; deletedAt: Date | null; excerpt: string } | null;
  quotedAuthor: Person | null;
  /** Only kinds given at least once; none for a deleted reply is shown. */
  reactions: ReactionGivers[];
}

const replyQuery = (db: Conn) =>
  db
    .select(replyColumns)
    .from(replies)
    .leftJoin(author, eq(author.id, replies.authorId))
    .leftJoin(quoted, eq(quoted.id, replies.quotedReplyId))
    .leftJoin(quotedAuthor, eq(quotedAuthor.id, quoted.authorId));

/**
 * A page of a post's replies in the order they were written, with authors and quotes in the
 * same query. A deleted reply is kept only while it still has live answers under it.
 */
export async function replyPage(db: Conn, postId: string, after: Keyset | null, limit: number): Promise<ReplyView[]> {
  if (!after) return firstReplyPage(db, postId, limit);
  const where: SQL[] = [eq(replies.postId, postId), shownReply];
  if (after) where.push(sql`(${replies.createdAt}, ${replies.id}) > (${after.key}::timestamptz, ${after.id}::uuid)`);
  const rows = await replyQuery(db)
    .where(and(...where))
    .orderBy(asc(replies.createdAt), asc(replies.id))
    .limit(limit);
  return rows as ReplyView[];
}

const shownReply = sql`(${replies.deletedAt} is null or exists (select 1 from ${replies} child where child.post_id = ${replies.postId} and child.parent_id = ${replies.id} and child.deleted_at is null))`;

/** The replies a post page opens with, as a prepared statement. */
async function firstReplyPage(db: Conn, postId: string, limit: number) {
  const query = prepared(
    db,
    'replies_first_page',
    (d) =>
      replyQuery(d)
        .where(and(eq(replies.postId, sql.placeholder('postId')), shownReply))
        .orderBy(asc(replies.createdAt), asc(replies.id))
        .limit(sql.placeholder('limit'))
        .prepare('replies_first_page'),
    { plan: 'once' },
  );
  return (await query.execute({ postId, limit })) as ReplyView[];
}

export async function findReplyView(db: Conn, postId: string, replyId: string): Promise<ReplyView | undefined> {
  const [row] = await replyQuery(db).where(and(eq(replies.id, replyId), eq(replies.postId, postId)));
  return row as ReplyView | undefined;
}

export async function findLiveReply(db: Conn, postId: string, replyId: string, lock = false) {
  const query = db
    .select()
    .from(replies)
    .where(and(eq(replies.id, replyId), eq(replies.postId, postId), isNull(replies.deletedAt)));
  const [row] = await (lock ? query.for('update') : query);
  return row as ReplyRow | undefined;
}

export async function insertReply(tx: Conn, values: typeof replies.$inferInsert): Promise<ReplyRow> {
  const [row] = await tx.insert(replies).values(values).returning();
  return row;
}

export async function updateReply(tx: Conn, id: string, values: Partial<typeof replies.$inferInsert>) {
  await tx.update(replies).set(values).where(eq(replies.id, id));
}

/**
 * Counts a new reply on its post, in the same statement that proves the post is still live.
 * The first reply from someone other than the author starts the post's response clock.
 */
export async function countReply(tx: Conn, postId: string, reply: { authorId: string; createdAt: Date }) {
  const [row] = await tx
    .update(posts)
    .set({
      replyCount: sql`${posts.replyCount} + 1`,
      lastActivityAt: sql`greatest(${posts.lastActivityAt}, ${reply.createdAt.toISOString()}::timestamptz)`,
      firstReplyAt: sql`case when ${posts.firstReplyAt} is null and ${posts.authorId} is distinct from ${reply.authorId}::uuid then ${reply.createdAt.toISOString()}::timestamptz else ${posts.firstReplyAt} end`,
    })
    .where(and(eq(posts.id, postId), isNull(posts.deletedAt)))
    .returning({ id: posts.id });
  return !!row;
}

/** After a reply is deleted: one fewer, and the last activity is the newest live reply (or the post). */
export async function uncountReply(tx: Conn, postId: string) {
  await tx
    .update(posts)
    .set({
      replyCount: sql`greatest(${posts.replyCount} - 1, 0)`,
      lastActivityAt: sql`coalesce((select max(r.created_at) from ${replies} r where r.post_id = ${posts.id} and r.deleted_at is null), ${posts.createdAt})`,
    })
    .where(eq(posts.id, postId));
}

/** The top-level replies of an AMA that its host has answered. */
export async function answeredByHost(db: Conn, postId: string, hostId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ parentId: replies.parentId })
    .from(replies)
    .where(
      and(
        eq(replies.postId, postId),
        eq(replies.authorId, hostId),
        isNotNull(replies.parentId),
        isNull(replies.deletedAt),
      ),
    );
  return new Set(rows.map((r) => r.parentId!));
}

// Reactions.

/** How many gave one kind of reaction to a post or reply, and whether the viewer did. */
export interface ReactionRow {
  kind: string;
  count: number;
  mine: boolean;
}

const oneRow = sql`(select 1) as one`;

/** Reactions to one target of a post (the post itself, or one of its replies). */
export async function reactionCounts(db: Conn, targetType: TargetType, targetId: string): Promise<ReactionGivers[]> {
  const query = prepared(
    db,
    'reaction_counts',
    (d) =>
      d
        .select({
          reactions: reactionsTo(
            sql`${sql.placeholder('targetType')}::text`,
            sql`${sql.placeholder('targetId')}::uuid`,
          ),
        })
        .from(oneRow)
        .prepare('reaction_counts'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ targetType, targetId });
  return row.reactions;
}

/**
 * What a post's page shows of its reader beside the post: the post's reactions (and which the
 * reader gave) and whether they follow it, in one statement.
 */
export async function readerOnPost(
  db: Conn,
  communityId: string,
  postId: string,
  viewerId: string | null,
): Promise<{ reactions: ReactionGivers[]; following: boolean }> {
  const query = prepared(
    db,
    'reader_on_post',
    (d) => {
      const post = sql`${sql.placeholder('postId')}::uuid`;
      const viewer = sql`${sql.placeholder('viewerId')}::uuid`;
      return d
        .select({
          reactions: reactionsTo(sql`'post'`, post),
          following: sql<boolean>`exists (
            select 1 from ${follows}
            where ${follows.userId} = ${viewer} and ${follows.communityId} = ${sql.placeholder('communityId')}::uuid
              and ${follows.targetType} = 'post' and ${follows.target} = ${sql.placeholder('postId')}::text
          )`,
        })
        .from(oneRow)
        .prepare('reader_on_post');
    },
    { plan: 'once' },
  );
  const [row] = await query.execute({ communityId, postId, viewerId });
  return row;
}

export async function addReaction(tx: Conn, values: typeof reactions.$inferInsert): Promise<boolean> {
  const rows = await tx.insert(reactions).values(values).onConflictDoNothing().returning({ kind: reactions.kind });
  return rows.length > 0;
}

export async function removeReaction(
  tx: Conn,
  key: { targetType: TargetType; targetId: string; userId: string; kind: string },
): Promise<boolean> {
  const rows = await tx
    .delete(reactions)
    .where(
      and(
        eq(reactions.targetType, key.targetType),
        eq(reactions.targetId, key.targetId),
        eq(reactions.userId, key.userId),
        eq(reactions.kind, key.kind),
      ),
    )
    .returning({ kind: reactions.kind });
  return rows.length > 0;
}

// Revisions.

export async function insertRevision(tx: Conn, values: typeof revisions.$inferInsert) {
  await tx.insert(revisions).values(values);
}

const editor = alias(users, 'editor');
export interface RevisionRow {
  id: number;
  title: string | null;
  body: string;
  tags: string[] | null;
  createdAt: Date;
  editor: Person | null;
}
export async function listRevisions(db: Conn, targetType: TargetType, targetId: string): Promise<RevisionRow[]> {
  const rows = await db
    .select({
      id: revisions.id,
      title: revisions.title,
      body: revisions.body,
      tags: revisions.tags,
      createdAt: revisions.createdAt,
      editor: person(editor),
    })
    .from(revisions)
    .leftJoin(editor, eq(editor.id, revisions.editorId))
    .where(and(eq(revisions.targetType, targetType), eq(revisions.targetId, targetId)))
    .orderBy(asc(revisions.id))
    .limit(500);
  return rows as RevisionRow[];
}

// People.

/** Of the @handles, those of current members of the community: id by lower-case handle. */
export async function membersByHandle(
  db: Conn,
  communityId: string,
  handles: string[],
  statuses: string[],
): Promise<Map<string, string>> {
  if (handles.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, handle: sql<string>`lower(${users.handle})` })
    .from(users)
    .innerJoin(
      memberships,
      and(
        eq(memberships.userId, users.id),
        eq(memberships.communityId, communityId),
        inArray(memberships.status, statuses),
      ),
    )
    .where(
      and(
        inArray(
          sql`lower(${users.handle})`,
          handles.map((h) => h.toLowerCase()),
        ),
        isNull(users.disabledAt),
      ),
    );
  return new Map(rows.map((r) => [r.handle, r.id]));
}
