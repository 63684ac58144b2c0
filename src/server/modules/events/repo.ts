import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { EventKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import {
  eventHosts,
  eventOccurrences,
  eventRsvps,
  events,
  posts,
  replies,
  resources,
  users,
} from '../../db/schema/index.js';

export type EventRow = typeof events.$inferSelect;
export type OccurrenceRow = typeof eventOccurrences.$inferSelect;
export type Person = { id: string; name: string; handle: string };
export interface HostRow {
  eventId: string;
  role: string;
  position: number;
  user: Person;
}
/** A session with its series: what every presenter of a session reads. */
export interface SessionRow {
  occurrence: OccurrenceRow;
  event: EventRow;
}

const person = { id: users.id, name: users.name, handle: users.handle };

// Series.

export async function findEvent(db: Conn, communityId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.communityId, communityId)));
  return row;
}

/** The series row under lock: series edits and cancellations of one event run one at a time. */
export async function lockEvent(tx: Conn, eventId: string): Promise<EventRow | undefined> {
  const [row] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
  return row;
}

export async function insertEvent(tx: Conn, values: typeof events.$inferInsert): Promise<EventRow> {
  const [row] = await tx.insert(events).values(values).returning();
  return row;
}

export async function updateEvent(tx: Conn, eventId: string, values: Partial<typeof events.$inferInsert>) {
  await tx
    .update(events)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(events.id, eventId));
}

export async function hostsOf(db: Conn, eventIds: string[]): Promise<HostRow[]> {
  if (eventIds.length === 0) return [];
  return db
    .select({ eventId: eventHosts.eventId, role: eventHosts.role, position: eventHosts.position, user: person })
    .from(eventHosts)
    .innerJoin(users, eq(users.id, eventHosts.userId))
    .where(inArray(eventHosts.eventId, [...new Set(eventIds)]))
    .orderBy(asc(eventHosts.position), asc(users.name));
}

export async function replaceHosts(
  tx: Conn,
  eventId: string,
  hosts: { userId: string; role: string }[],
): Promise<void> {
  await tx.delete(eventHosts).where(eq(eventHosts.eventId, eventId));
  if (hosts.length === 0) return;
  await tx
    .insert(eventHosts)
    .values(hosts.map((h, position) => ({ eventId, userId: h.userId, role: h.role, position })));
}

// Sessions.

export async function findOccurrence(db: Conn, eventId: string, occurrenceId: string) {
  const [row] = await db
    .select()
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.id, occurrenceId), eq(eventOccurrences.eventId, eventId)));
  return row;
}

/** One session row under lock: seat counts, status and times change only under it. */
export async function lockOccurrence(tx: Conn, occurrenceId: string): Promise<OccurrenceRow | undefined> {
  const [row] = await tx.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrenceId)).for('update');
  return row;
}

export async function occurrencesOf(db: Conn, eventId: string, lock = false): Promise<OccurrenceRow[]> {
  const query = db
    .select()
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, eventId))
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.id));
  return lock ? query.for('update') : query;
}

export async function insertOccurrences(tx: Conn, rows: (typeof eventOccurrences.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return tx.insert(eventOccurrences).values(rows).returning();
}

export async function updateOccurrence(
  tx: Conn,
  occurrenceId: string,
  values: Partial<typeof eventOccurrences.$inferInsert>,
) {
  await tx
    .update(eventOccurrences)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(eventOccurrences.id, occurrenceId));
}

export async function deleteOccurrences(tx: Conn, ids: string[]) {
  if (ids.length === 0) return;
  await tx.delete(eventOccurrences).where(inArray(eventOccurrences.id, ids));
}

export async function countOccurrences(db: Conn, eventId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventOccurrences)
    .where(eq(eventOccurrences.eventId, eventId));
  return row?.n ?? 0;
}

export interface Keyset {
  startsAt: Date;
  id: string;
}

/**
 * A page of a community's sessions: upcoming (not yet ended, soonest first) or past (ended,
 * latest first), cancelled ones included.
 */
export async function listPage(
  db: Conn,
  f: { communityId: string; when: 'upcoming' | 'past'; kind?: EventKind; now: Date },
  after: Keyset | null,
  limit: number,
): Promise<SessionRow[]> {
  const upcoming = f.when === 'upcoming';
  const o = eventOccurrences;
  const keyset = after
    ? upcoming
      ? or(gt(o.startsAt, after.startsAt), and(eq(o.startsAt, after.startsAt), gt(o.id, after.id)))
      : or(sql`${o.startsAt} < ${after.startsAt}`, and(eq(o.startsAt, after.startsAt), sql`${o.id} < ${after.id}`))
    : undefined;
  return db
    .select({ occurrence: eventOccurrences, event: events })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(
      and(
        eq(o.communityId, f.communityId),
        upcoming ? gt(o.endsAt, f.now) : lte(o.endsAt, f.now),
        f.kind ? eq(events.kind, f.kind) : undefined,
        keyset,
      ),
    )
    .orderBy(...(upcoming ? [asc(o.startsAt), asc(o.id)] : [desc(o.startsAt), desc(o.id)]))
    .limit(limit);
}

// Answers.

export interface MyRsvpRow {
  occurrenceId: string;
  status: string;
  /** 1-based place among those waiting; null unless waitlisted. */
  place: number | null;
  attendedAt: Date | null;
  offeredAt: Date | null;
}

/** The reader's answers to these sessions, with their place on each waitlist. */
export async function rsvpsOf(db: Conn, occurrenceIds: string[], userId: string): Promise<MyRsvpRow[]> {
  if (occurrenceIds.length === 0) return [];
  const r = eventRsvps;
  return db
    .select({
      occurrenceId: r.occurrenceId,
      status: r.status,
      place: sql<number | null>`case when ${r.status} = 'waitlisted' then (
        select count(*)::int from event_rsvps w
        where w.occurrence_id = ${r.occurrenceId} and w.status = 'waitlisted' and w.position <= ${r.position}
      ) end`,
      attendedAt: r.attendedAt,
      offeredAt: r.offeredAt,
    })
    .from(r)
    .where(and(inArray(r.occurrenceId, occurrenceIds), eq(r.userId, userId)));
}

/** Who came to each session, and who was going but did not. */
export async function attendanceCounts(db: Conn, occurrenceIds: string[]) {
  if (occurrenceIds.length === 0) return new Map<string, { attended: number; noShow: number }>();
  const rows = await db
    .select({
      occurrenceId: eventRsvps.occurrenceId,
      attended: sql<number>`count(*) filter (where ${eventRsvps.attendedAt} is not null)::int`,
      noShow: sql<number>`count(*) filter (where ${eventRsvps.status} = 'going' and ${eventRsvps.attendedAt} is null)::int`,
    })
    .from(eventRsvps)
    .where(inArray(eventRsvps.occurrenceId, occurrenceIds))
    .groupBy(eventRsvps.occurrenceId);
  return new Map(rows.map((r) => [r.occurrenceId, { attended: Number(r.attended), noShow: Number(r.noShow) }]));
}

/** The members answering for a session, by status. */
export async function rsvpUserIds(db: Conn, occurrenceId: string, statuses: string[]): Promise<string[]> {
  const rows = await db
    .select({ userId: eventRsvps.userId })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), inArray(eventRsvps.status, statuses)));
  return rows.map((r) => r.userId);
}

/** Sessions (of these) that anyone has answered for. */
export async function answeredOccurrences(db: Conn, occurrenceIds: string[]): Promise<Set<string>> {
  if (occurrenceIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ occurrenceId: eventRsvps.occurrenceId })
    .from(eventRsvps)
    .where(inArray(eventRsvps.occurrenceId, occurrenceIds));
  return new Set(rows.map((r) => r.occurrenceId));
}

// Around a session.

export async function usersByIds(db: Conn, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db
    .select(person)
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
}

/** The repertoire resource made from a session: the published one, else the latest. */
export async function resourceFrom(db: Conn, occurrenceId: string) {
  const [row] = await db
    .select({ id: resources.id, title: resources.title, status: resources.status })
    .from(resources)
    .where(and(eq(resources.sourceOccurrenceId, occurrenceId), inArray(resources.status, ['published', 'proposed'])))
    .orderBy(sql`${resources.status} = 'published' desc`, desc(resources.createdAt))
    .limit(1);
  return row;
}

export async function findPost(db: Conn, postId: string) {
  const [row] = await db
    .select({ id: posts.id, amaHostId: posts.amaHostId, authorId: posts.authorId, deletedAt: posts.deletedAt })
    .from(posts)
    .where(eq(posts.id, postId));
  return row;
}

/** The questions of an AMA: its live top-level replies, oldest first. */
export async function amaQuestions(db: Conn, postId: string) {
  return db
    .select({
      id: replies.id,
      excerpt: replies.excerpt,
      createdAt: replies.createdAt,
      authorId: replies.authorId,
      author: { id: users.id, name: users.name, handle: users.handle },
    })
    .from(replies)
    .leftJoin(users, eq(users.id, replies.authorId))
    .where(and(eq(replies.postId, postId), isNull(replies.parentId), isNull(replies.deletedAt)))
    .orderBy(asc(replies.createdAt), asc(replies.id));
}

/** Of these questions, the ones `hostId` replied to. */
export async function answeredBy(db: Conn, postId: string, hostId: string): Promise<Set<string>> {
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
