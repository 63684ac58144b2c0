import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ResourceFormat, ResourceKind, ResourceStatus } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import {
  collectionItems,
  collections,
  posts,
  resourceCredits,
  resourceNotes,
  resourceRevisions,
  resources,
  users,
} from '../../db/schema/index.js';
import type { CreditValue } from './write.js';

export type ResourceRow = typeof resources.$inferSelect;
export type NoteRow = typeof resourceNotes.$inferSelect;
export type Person = { id: string; name: string; handle: string };

const proposer = alias(users, 'proposer');
const person = <U extends { id: AnyPgColumn; name: AnyPgColumn; handle: AnyPgColumn }>(u: U) => ({
  id: u.id,
  name: u.name,
  handle: u.handle,
});

/** When a resource entered the repertoire: published, or proposed for those who see proposals. */
const latestAt = sql`coalesce(${resources.publishedAt}, ${resources.createdAt})`;
const titleAt = sql`lower(${resources.title})`;

const summaryColumns = {
  id: resources.id,
  communityId: resources.communityId,
  kind: resources.kind,
  format: resources.format,
  title: resources.title,
  url: resources.url,
  excerpt: resources.excerpt,
  tags: resources.tags,
  status: resources.status,
  featured: resources.featured,
  version: resources.version,
  proposedBy: resources.proposedBy,
  proposer: person(proposer),
  publishedAt: resources.publishedAt,
  reviewDueAt: resources.reviewDueAt,
  createdAt: resources.createdAt,
  updatedAt: resources.updatedAt,
  // Sort keys travel in cursors as PostgreSQL's own text: a Date would round to milliseconds.
  latestKey: sql<string>`${latestAt}::text`,
  titleKey: sql<string>`${titleAt}`,
};
export interface SummaryRow {
  id: string;
  communityId: string;
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  excerpt: string;
  tags: string[];
  status: ResourceStatus;
  featured: boolean;
  version: number;
  proposedBy: string | null;
  proposer: Person | null;
  publishedAt: Date | null;
  reviewDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  latestKey: string;
  titleKey: string;
}

const detailColumns = {
  ...summaryColumns,
  summary: resources.summary,
  summaryHtml: resources.summaryHtml,
  sourcePostId: resources.sourcePostId,
  sourceReplyId: resources.sourceReplyId,
  preview: resources.preview,
  reviewedAt: resources.reviewedAt,
  retiredAt: resources.retiredAt,
};
export type DetailRow = SummaryRow & {
  summary: string;
  summaryHtml: string;
  sourcePostId: string | null;
  sourceReplyId: string | null;
  preview: Record<string, string> | null;
  reviewedAt: Date | null;
  retiredAt: Date | null;
};

const summaryQuery = <C extends typeof summaryColumns>(db: Conn, columns: C) =>
  db.select(columns).from(resources).leftJoin(proposer, eq(proposer.id, resources.proposedBy));

export async function findResource(db: Conn, communityId: string, id: string): Promise<DetailRow | undefined> {
  const [row] = await summaryQuery(db, detailColumns).where(
    and(eq(resources.id, id), eq(resources.communityId, communityId)),
  );
  return row as DetailRow | undefined;
}

/** Locks a resource for a write that reads it first. */
export async function lockResource(tx: Conn, communityId: string, id: string): Promise<ResourceRow | undefined> {
  const [row] = await tx
    .select()
    .from(resources)
    .where(and(eq(resources.id, id), eq(resources.communityId, communityId)))
    .for('update');
  return row;
}

export async function updateResource(tx: Conn, id: string, values: Partial<typeof resources.$inferInsert>) {
  await tx
    .update(resources)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(resources.id, id));
}

export interface ListFilter {
  communityId: string;
  status: ResourceStatus;
  kinds?: ResourceKind[];
  formats?: ResourceFormat[];
  tag?: string;
  featured?: boolean;
  proposedBy?: string;
  sort: 'latest' | 'title';
}
export interface Keyset {
  key: string;
  id: string;
}

/** One page of a community's resources, newest (published, else proposed) first or by title. */
export async function listPage(db: Conn, f: ListFilter, after: Keyset | null, limit: number): Promise<SummaryRow[]> {
  const where: SQL[] = [eq(resources.communityId, f.communityId), eq(resources.status, f.status)];
  if (f.kinds) where.push(inArray(resources.kind, f.kinds));
  if (f.formats) where.push(inArray(resources.format, f.formats));
  if (f.tag) where.push(sql`${resources.tags} @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.featured !== undefined) where.push(eq(resources.featured, f.featured));
  if (f.proposedBy) where.push(eq(resources.proposedBy, f.proposedBy));
  const byTitle = f.sort === 'title';
  if (after) {
    where.push(
      byTitle
        ? sql`(${titleAt}, ${resources.id}) > (${after.key}, ${after.id}::uuid)`
        : sql`(${latestAt}, ${resources.id}) < (${after.key}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const order = byTitle ? [asc(titleAt), asc(resources.id)] : [desc(latestAt), desc(resources.id)];
  const rows = await summaryQuery(db, summaryColumns)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit);
  return rows as SummaryRow[];
}

/** Resources of the community by id, as listings show them, in no particular order (missing ids are left out). */
export async function summariesByIds(db: Conn, communityId: string, ids: string[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await summaryQuery(db, summaryColumns).where(
    and(eq(resources.communityId, communityId), inArray(resources.id, [...new Set(ids)])),
  );
  return rows as SummaryRow[];
}

/** Published resources due for review within `until`, the most overdue first. */
export async function reviewQueue(db: Conn, communityId: string, until: Date, limit: number) {
  const rows = await summaryQuery(db, summaryColumns)
    .where(
      and(
        eq(resources.communityId, communityId),
        sql`${resources.status} = 'published'`,
        lte(resources.reviewDueAt, until),
      ),
    )
    .orderBy(asc(resources.reviewDueAt), asc(resources.id))
    .limit(limit);
  return rows as SummaryRow[];
}

/** The resources promoted from a post, whatever their status: the caller keeps those the reader may see. */
export async function promotedFrom(db: Conn, communityId: string, postId: string) {
  const query = prepared(
    db,
    'resources_promoted_from',
    (d) =>
      d
        .select({
          id: resources.id,
          title: resources.title,
          status: resources.status,
          proposedBy: resources.proposedBy,
        })
        .from(resources)
        .where(
          and(
            eq(resources.communityId, sql.placeholder('communityId')),
            eq(resources.sourcePostId, sql.placeholder('postId')),
          ),
        )
        .orderBy(asc(resources.createdAt), asc(resources.id))
        .prepare('resources_promoted_from'),
    { plan: 'once' },
  );
  return query.execute({ communityId, postId });
}

// Counts for the overview.

export async function countsByKindAndFormat(db: Conn, communityId: string, status: ResourceStatus) {
  return db
    .select({ kind: resources.kind, format: resources.format, n: count() })
    .from(resources)
    .where(and(eq(resources.communityId, communityId), eq(resources.status, status)))
    .groupBy(resources.kind, resources.format);
}

export async function countDue(db: Conn, communityId: string, until: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(resources)
    .where(
      and(
        eq(resources.communityId, communityId),
        sql`${resources.status} = 'published'`,
        lte(resources.reviewDueAt, until),
      ),
    );
  return Number(row?.n ?? 0);
}

export async function countProposals(db: Conn, communityId: string, proposedBy?: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(resources)
    .where(
      and(
        eq(resources.communityId, communityId),
        eq(resources.status, 'proposed'),
        proposedBy ? eq(resources.proposedBy, proposedBy) : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

// Credits.

export interface CreditRow {
  resourceId: string;
  role: string;
  name: string;
  userId: string | null;
  user: Person | null;
}

/** The credits of some resources, in their order, with the members they name. */
export async function creditsOf(db: Conn, resourceIds: string[]): Promise<CreditRow[]> {
  if (resourceIds.length === 0) return [];
  const rows = await db
    .select({
      resourceId: resourceCredits.resourceId,
      role: resourceCredits.role,
      name: resourceCredits.name,
      userId: resourceCredits.userId,
      user: person(users),
    })
    .from(resourceCredits)
    .leftJoin(users, eq(users.id, resourceCredits.userId))
    .where(inArray(resourceCredits.resourceId, resourceIds))
    .orderBy(asc(resourceCredits.resourceId), asc(resourceCredits.position), asc(resourceCredits.id));
  return rows as CreditRow[];
}

export async function replaceCredits(tx: Conn, resourceId: string, credits: CreditValue[]) {
  await tx.delete(resourceCredits).where(eq(resourceCredits.resourceId, resourceId));
  if (credits.length === 0) return;
  await tx
    .insert(resourceCredits)
    .values(credits.map((c, position) => ({ resourceId, role: c.role, userId: c.userId, name: c.name, position })));
}

export async function usersByIds(db: Conn, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db
    .select(person(users))
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
}

// Revisions.

export type RevisionRow = typeof resourceRevisions.$inferSelect;
const editor = alias(users, 'editor');

export async function insertRevision(tx: Conn, values: typeof resourceRevisions.$inferInsert) {
  await tx.insert(resourceRevisions).values(values);
}

export interface RevisionEntry {
  version: number;
  change: string;
  revertedTo: number | null;
  createdAt: Date;
  editor: Person | null;
}
export async function listRevisions(db: Conn, resourceId: string): Promise<RevisionEntry[]> {
  const rows = await db
    .select({
      version: resourceRevisions.version,
      change: resourceRevisions.change,
      revertedTo: resourceRevisions.revertedTo,
      createdAt: resourceRevisions.createdAt,
      editor: person(editor),
    })
    .from(resourceRevisions)
    .leftJoin(editor, eq(editor.id, resourceRevisions.editorId))
    .where(eq(resourceRevisions.resourceId, resourceId))
    .orderBy(desc(resourceRevisions.version))
    .limit(500);
  return rows as RevisionEntry[];
}

export async function findRevision(db: Conn, resourceId: string, version: number) {
  const [row] = await db
    .select({
      revision: resourceRevisions,
      editor: person(editor),
    })
    .from(resourceRevisions)
    .leftJoin(editor, eq(editor.id, resourceRevisions.editorId))
    .where(and(eq(resourceRevisions.resourceId, resourceId), eq(resourceRevisions.version, version)));
  return row as { revision: RevisionRow; editor: Person | null } | undefined;
}

// Where a resource came from and where it is kept.

export async function sourcePost(db: Conn, postId: string) {
  const [row] = await db
    .select({ id: posts.id, title: posts.title })
    .from(posts)
    .where(and(eq(posts.id, postId), isNull(posts.deletedAt)));
  return row;
}

export async function collectionsOf(db: Conn, resourceId: string) {
  return db
    .select({ id: collections.id, title: collections.title, kind: collections.kind })
    .from(collectionItems)
    .innerJoin(collections, eq(collections.id, collectionItems.collectionId))
    .where(eq(collectionItems.resourceId, resourceId))
    .orderBy(asc(collections.position), asc(collections.title), asc(collections.id));
}

// Notes.

const noteAuthor = alias(users, 'note_author');

/** Shared notes, and the reader's own private ones, oldest first. */
export async function listNotes(db: Conn, resourceId: string, viewerId: string | null) {
  const shown = viewerId
    ? or(eq(resourceNotes.visibility, 'community'), eq(resourceNotes.authorId, viewerId))
    : eq(resourceNotes.visibility, 'community');
  return db
    .select({ note: resourceNotes, author: person(noteAuthor) })
    .from(resourceNotes)
    .leftJoin(noteAuthor, eq(noteAuthor.id, resourceNotes.authorId))
    .where(and(eq(resourceNotes.resourceId, resourceId), shown))
    .orderBy(asc(resourceNotes.createdAt), asc(resourceNotes.id))
    .limit(500) as Promise<{ note: NoteRow; author: Person | null }[]>;
}

export async function findNote(db: Conn, resourceId: string, noteId: string) {
  const [row] = await db
    .select({ note: resourceNotes, author: person(noteAuthor) })
    .from(resourceNotes)
    .leftJoin(noteAuthor, eq(noteAuthor.id, resourceNotes.authorId))
    .where(and(eq(resourceNotes.id, noteId), eq(resourceNotes.resourceId, resourceId)));
  return row as { note: NoteRow; author: Person | null } | undefined;
}

export async function insertNote(tx: Conn, values: typeof resourceNotes.$inferInsert): Promise<NoteRow> {
  const [row] = await tx.insert(resourceNotes).values(values).returning();
  return row!;
}

export async function updateNote(tx: Conn, id: string, values: Partial<typeof resourceNotes.$inferInsert>) {
  await tx.update(resourceNotes).set(values).where(eq(resourceNotes.id, id));
}

export async function deleteNote(tx: Conn, id: string) {
  await tx.delete(resourceNotes).where(eq(resourceNotes.id, id));
}

/** Per resource: shared notes plus the reader's own private ones. */
export async function noteCounts(db: Conn, resourceIds: string[], viewerId: string | null) {
  if (resourceIds.length === 0) return new Map<string, number>();
  const shown = viewerId
    ? or(eq(resourceNotes.visibility, 'community'), eq(resourceNotes.authorId, viewerId))
    : eq(resourceNotes.visibility, 'community');
  const rows = await db
    .select({ resourceId: resourceNotes.resourceId, n: count() })
    .from(resourceNotes)
    .where(and(inArray(resourceNotes.resourceId, resourceIds), shown))
    .groupBy(resourceNotes.resourceId);
  return new Map(rows.map((r) => [r.resourceId, Number(r.n)]));
}
