import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { RsvpAnswer, RsvpStatus } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { communities, eventOccurrences, eventRsvps, events, memberships, users } from '../../db/schema/index.js';
import { recordActivities, recordActivity } from '../../platform/activity.js';
import { conflict, forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import type { Mail } from '../../platform/mailer.js';
import { escapeHtml, mailHtml } from '../../platform/mail-layout.js';
import { authorizeEvent, type Actor } from '../../platform/policy.js';
import * as communityService from '../communities/service.js';
import * as notifications from '../notifications/service.js';
import { loadOccurrence } from './common.js';
import { cancelReminders, scheduleReminders } from './reminders.js';

/**
 * Seats: every change of who holds one locks the session's row (`SELECT … FOR UPDATE`) and
 * writes the answers and the counters on that row in the same transaction, so two members can
 * never take the last seat together and the counters always equal the rows.
 */

export type OccurrenceRow = typeof eventOccurrences.$inferSelect;
export type RsvpRow = typeof eventRsvps.$inferSelect;

const HOUR = 3600_000;

/** What a seat change did, for telling people once the transaction has committed. */
export interface SeatChanges {
  communityId: string;
  occurrenceId: string;
  /** Moved from the waitlist into a seat. */
  promoted: string[];
  /** Mailed that a seat is free, first to claim it. */
  offered: string[];
  /** Who got a new notification, to announce to their open pages. */
  notified: string[];
}

export const noSeatChanges = (occurrence: { id: string; communityId: string }): SeatChanges => ({
  communityId: occurrence.communityId,
  occurrenceId: occurrence.id,
  promoted: [],
  offered: [],
  notified: [],
});

/** Takes the session's row lock for the rest of the transaction; every seat change starts here. */
export async function lockOccurrence(tx: Conn, occurrenceId: string): Promise<OccurrenceRow | undefined> {
  const [row] = await tx.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrenceId)).for('update');
  return row;
}

async function seriesOf(tx: Conn, eventId: string) {
  const [row] = await tx
    .select({ status: events.status, promotion: events.promotion, offerHours: events.offerHours })
    .from(events)
    .where(eq(events.id, eventId));
  return row;
}

/** Seats still free; `Infinity` without a limit. */
export const freeSeats = (o: { capacity: number | null; goingCount: number }) =>
  o.capacity === null ? Infinity : Math.max(0, o.capacity - o.goingCount);

export const seatsLeft = (o: { capacity: number | null; goingCount: number }) =>
  o.capacity === null ? null : Math.max(0, o.capacity - o.goingCount);

/** In the last `offerHours` before a session of an `offer` series, freed seats are offered, not handed out. */
export function inOfferWindow(
  series: { promotion: string; offerHours: number },
  occurrence: { startsAt: Date },
  now = new Date(),
): boolean {
  return (
    series.promotion === 'offer' &&
    now.getTime() < occurrence.startsAt.getTime() &&
    now.getTime() >= occurrence.startsAt.getTime() - series.offerHours * HOUR
  );
}

const counters = (o: { capacity: number | null; goingCount: number; waitlistCount: number }) => ({
  capacity: o.capacity,
  goingCount: o.goingCount,
  waitlistCount: o.waitlistCount,
  seatsLeft: seatsLeft(o),
});

async function findRsvp(db: Conn, occurrenceId: string, userId: string) {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), eq(eventRsvps.userId, userId)));
  return row;
}

/** A waitlisted member's 1-based place: how many wait before them, plus one. */
async function placeOf(db: Conn, occurrenceId: string, position: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventRsvps)
    .where(
      and(
        eq(eventRsvps.occurrenceId, occurrenceId),
        eq(eventRsvps.status, 'waitlisted'),
        lte(eventRsvps.position, position),
      ),
    );
  return row?.n ?? 1;
}

/** A member's answer as they see it: status, place on the waitlist, attended, and a seat offered to them. */
export async function myRsvpOf(
  db: Conn,
  occurrence: { id: string; capacity: number | null; goingCount: number },
  userId: string | null | undefined,
) {
  if (!userId) return null;
  const row = await findRsvp(db, occurrence.id, userId);
  return row
    ? presentMyRsvp(
        row,
        occurrence,
        row.status === 'waitlisted' ? await placeOf(db, occurrence.id, row.position ?? 0) : null,
      )
    : null;
}

export function presentMyRsvp(
  row: RsvpRow,
  occurrence: { capacity: number | null; goingCount: number },
  place: number | null,
) {
  const waiting = row.status === 'waitlisted';
  return {
    status: row.status as RsvpStatus,
    position: waiting ? place : null,
    attended: !!row.attendedAt,
    offered: waiting && !!row.offeredAt && freeSeats(occurrence) > 0,
  };
}

/** The answer as RSVP endpoints return it, read under the caller's lock. */
export async function resultOf(tx: Conn, occurrenceId: string, userId: string) {
  const [occurrence] = await tx.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrenceId));
  const rsvp = await myRsvpOf(tx, occurrence!, userId);
  return {
    rsvp: rsvp ?? { status: 'not_going' as const, position: null, attended: false, offered: false },
    ...counters(occurrence!),
  };
}
export type RsvpResult = Awaited<ReturnType<typeof resultOf>>;

/** Moves counters on the locked row by the given amounts. */
async function shiftCounters(tx: Conn, occurrenceId: string, going: number, waiting: number, extra = {}) {
  if (going === 0 && waiting === 0 && Object.keys(extra).length === 0) return;
  await tx
    .update(eventOccurrences)
    .set({
      goingCount: sql`${eventOccurrences.goingCount} + ${going}`,
      waitlistCount: sql`${eventOccurrences.waitlistCount} + ${waiting}`,
      updatedAt: new Date(),
      ...extra,
    })
    .where(eq(eventOccurrences.id, occurrenceId));
}

const counterDelta: Record<RsvpStatus, { going: number; waiting: number }> = {
  going: { going: 1, waiting: 0 },
  waitlisted: { going: 0, waiting: 1 },
  not_going: { going: 0, waiting: 0 },
};

/** Writes a member's status (and what goes with it) and moves the counters to match. Under the lock. */
export async function setStatus(
  tx: Conn,
  occurrence: OccurrenceRow,
  userId: string,
  before: RsvpRow | undefined,
  status: RsvpStatus,
  now: Date,
  extra: Partial<RsvpRow> = {},
) {
  const from = before ? counterDelta[before.status as RsvpStatus] : { going: 0, waiting: 0 };
  const to = counterDelta[status];
  const values = {
    status,
    position: null as number | null,
    offeredAt: null as Date | null,
    updatedAt: now,
    ...extra,
  };
  let seq = {};
  if (status === 'waitlisted') {
    values.position = occurrence.waitlistSeq + 1;
    seq = { waitlistSeq: sql`${eventOccurrences.waitlistSeq} + 1` };
  }
  await tx
    .insert(eventRsvps)
    .values({ occurrenceId: occurrence.id, userId, communityId: occurrence.communityId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [eventRsvps.occurrenceId, eventRsvps.userId], set: values });
  await shiftCounters(tx, occurrence.id, to.going - from.going, to.waiting - from.waiting, seq);
  if (status === 'going' && before?.status !== 'going') await scheduleReminders(tx, occurrence, [userId], now);
  if (before?.status === 'going' && status !== 'going') await cancelReminders(tx, occurrence.id, [userId]);
}

/**
 * A seat came free (someone left, the capacity grew): hands it to the first on the waitlist, or
 * — in the last hours of an `offer` series — offers it to every waitlisted member by mail, the
 * first to claim it taking it. Locks the session itself (harmless when the caller already holds
 * the lock). Nothing happens to a cancelled or started session. Call `tellSeatChanges` after commit.
 */
export async function promoteWaitlisted(tx: Conn, occurrenceId: string, now = new Date()): Promise<SeatChanges> {
  const occurrence = await lockOccurrence(tx, occurrenceId);
  if (!occurrence) return { communityId: '', occurrenceId, promoted: [], offered: [], notified: [] };
  const none = noSeatChanges(occurrence);
  if (occurrence.status !== 'scheduled' || occurrence.startsAt <= now || occurrence.waitlistCount === 0) return none;
  const free = freeSeats(occurrence);
  if (free <= 0) return none;
  const series = await seriesOf(tx, occurrence.eventId);
  if (!series || series.status !== 'scheduled') return none;
  const waitlisted = and(eq(eventRsvps.occurrenceId, occurrence.id), eq(eventRsvps.status, 'waitlisted'));
  const about = { communityId: occurrence.communityId, occurrenceId: occurrence.id, actorId: null };

  if (inOfferWindow(series, occurrence, now)) {
    const rows = await tx
      .update(eventRsvps)
      .set({ offeredAt: now })
      .where(waitlisted)
      .returning({ userId: eventRsvps.userId });
    const offered = rows.map((r) => r.userId);
    await shiftCounters(tx, occurrence.id, 0, 0, { offerSentAt: now });
    const notified = await notifications.notify(tx, { kind: 'event_offer', userIds: offered, ...about });
    return { ...none, offered, notified };
  }

  const first = await tx
    .select({ userId: eventRsvps.userId })
    .from(eventRsvps)
    .where(waitlisted)
    .orderBy(asc(eventRsvps.position))
    .limit(Number.isFinite(free) ? free : occurrence.waitlistCount);
  const promoted = first.map((r) => r.userId);
  if (promoted.length === 0) return none;
  await tx
    .update(eventRsvps)
    .set({ status: 'going', position: null, offeredAt: null, promotedAt: now, updatedAt: now })
    .where(and(eq(eventRsvps.occurrenceId, occurrence.id), inArray(eventRsvps.userId, promoted)));
  await shiftCounters(tx, occurrence.id, promoted.length, -promoted.length);
  await scheduleReminders(tx, occurrence, promoted, now);
  await recordActivities(
    tx,
    promoted.map((userId) => ({
      actorId: userId,
      communityId: occurrence.communityId,
      verb: 'rsvp',
      objectType: 'occurrence',
      objectId: occurrence.id,
      data: { status: 'going', from: 'waitlist' },
    })),
  );
  const notified = await notifications.notify(tx, { kind: 'event_promoted', userIds: promoted, ...about });
  return { ...none, promoted, notified };
}

/** Refusals for a session that takes no answers: called off, or already begun. */
function assertOpen(series: { status: string } | undefined, occurrence: OccurrenceRow, now: Date) {
  if (!series || series.status !== 'scheduled' || occurrence.status !== 'scheduled') {
    throw conflict('event_cancelled', 'This session was cancelled.');
  }
  if (occurrence.startsAt <= now) throw conflict('event_over', 'This session has already started.');
}

/**
 * A member answers going or not going, in one transaction under the session's lock: going takes
 * a free seat or a place at the end of the waitlist (in the offer window a seat waits for those
 * offered it); leaving a seat hands it on. Answering the same again changes nothing.
 */
export async function answerInTx(
  tx: Conn,
  args: { occurrenceId: string; userId: string; answer: RsvpAnswer; now?: Date },
): Promise<{ result: RsvpResult; changes: SeatChanges }> {
  const now = args.now ?? new Date();
  const occurrence = await lockOccurrence(tx, args.occurrenceId);
  if (!occurrence) throw notFound();
  const series = await seriesOf(tx, occurrence.eventId);
  assertOpen(series, occurrence, now);
  const before = await findRsvp(tx, occurrence.id, args.userId);
  let changes = noSeatChanges(occurrence);
  let status: RsvpStatus | null = null;
  if (args.answer === 'going') {
    if (before?.status !== 'going' && before?.status !== 'waitlisted') {
      const seat =
        freeSeats(occurrence) > 0 && !(occurrence.waitlistCount > 0 && inOfferWindow(series!, occurrence, now));
      status = seat ? 'going' : 'waitlisted';
    }
  } else if (before?.status !== 'not_going') {
    status = 'not_going';
  }
  if (status) {
    await setStatus(tx, occurrence, args.userId, before, status, now, status === 'going' ? {} : { promotedAt: null });
    await recordActivity(tx, {
      actorId: args.userId,
      communityId: occurrence.communityId,
      verb: 'rsvp',
      objectType: 'occurrence',
      objectId: occurrence.id,
      data: { status },
    });
    if (before?.status === 'going') changes = await promoteWaitlisted(tx, occurrence.id, now);
  }
  return { result: await resultOf(tx, occurrence.id, args.userId), changes };
}

/**
 * A waitlisted member takes a freed seat offered to them, under the same lock: the first to
 * claim it wins, later claims find it taken.
 */
export async function claimInTx(tx: Conn, args: { occurrenceId: string; userId: string; now?: Date }) {
  const now = args.now ?? new Date();
  const occurrence = await lockOccurrence(tx, args.occurrenceId);
  if (!occurrence) throw notFound();
  assertOpen(await seriesOf(tx, occurrence.eventId), occurrence, now);
  const before = await findRsvp(tx, occurrence.id, args.userId);
  if (before?.status === 'going') return resultOf(tx, occurrence.id, args.userId);
  if (before?.status !== 'waitlisted') throw conflict('not_waitlisted', 'You are not on the waitlist of this session.');
  if (freeSeats(occurrence) <= 0) throw conflict('seat_taken', 'Someone else took the free seat first.');
  await setStatus(tx, occurrence, args.userId, before, 'going', now, { promotedAt: now });
  await recordActivity(tx, {
    actorId: args.userId,
    communityId: occurrence.communityId,
    verb: 'rsvp',
    objectType: 'occurrence',
    objectId: occurrence.id,
    data: { status: 'going', from: 'offer' },
  });
  return resultOf(tx, occurrence.id, args.userId);
}

// Telling people, after commit.

/** A session's start as a reader in `zone` sees it, naming the zone. */
export function sessionTime(startsAt: Date, zone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(startsAt);
  return `${text} (${zone.replace(/_/g, ' ')})`;
}

interface MailFacts {
  name: string;
  email: string;
  title: string;
  community: string;
  when: string;
  link: string;
}

const seatMail = {
  promoted: (f: MailFacts): Mail => ({
    to: f.email,
    kind: 'event_promoted',
    subject: `You have a seat: ${f.title}`,
    text: `Hello ${f.name},\n\nA seat came free at ${f.title} (${f.community}) and it is yours: you are now going.\n\nWhen: ${f.when}\n\nIf you cannot come after all, please say so on the session page so that the next person gets the seat: ${f.link}\n\n— Commonplace`,
    html: mailHtml(
      [
        `Hello ${escapeHtml(f.name)},`,
        `A seat came free at <strong>${escapeHtml(f.title)}</strong> (${escapeHtml(f.community)}) and it is yours: you are now going.`,
        `When: ${escapeHtml(f.when)}`,
        'If you cannot come after all, please say so on the session page so that the next person gets the seat.',
      ],
      { label: 'Open the session', link: f.link },
    ),
  }),
  offered: (f: MailFacts): Mail => ({
    to: f.email,
    kind: 'event_offer',
    subject: `A seat is free: ${f.title}`,
    text: `Hello ${f.name},\n\nA seat came free at ${f.title} (${f.community}). It goes to the first person on the waitlist to claim it.\n\nWhen: ${f.when}\n\nClaim it on the session page: ${f.link}\n\n— Commonplace`,
    html: mailHtml(
      [
        `Hello ${escapeHtml(f.name)},`,
        `A seat came free at <strong>${escapeHtml(f.title)}</strong> (${escapeHtml(f.community)}). It goes to the first person on the waitlist to claim it.`,
        `When: ${escapeHtml(f.when)}`,
      ],
      { label: 'Claim the seat', link: f.link },
    ),
  }),
};

/**
 * After commit: mails those promoted or offered a seat (the time in their own zone when they set
 * one in this community, else the organiser's) and announces their new notifications.
 */
export async function tellSeatChanges(deps: Deps, changes: SeatChanges, origin: string): Promise<void> {
  const people = [...changes.promoted, ...changes.offered];
  if (people.length > 0) {
    try {
      await mailSeatChanges(deps, changes, origin);
    } catch (err) {
      deps.logger.error({ event: 'events.seat_mail_failed', err }, 'could not mail a seat change');
    }
  }
  await notifications.announce(deps, changes.notified);
}

async function mailSeatChanges(deps: Deps, changes: SeatChanges, origin: string) {
  const db = deps.db;
  const [session] = await db
    .select({
      startsAt: eventOccurrences.startsAt,
      overrides: eventOccurrences.overrides,
      eventId: events.id,
      title: events.title,
      timeZone: events.timeZone,
      slug: communities.slug,
      communityName: communities.name,
      visibility: communities.visibility,
      communityId: communities.id,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .innerJoin(communities, eq(communities.id, eventOccurrences.communityId))
    .where(eq(eventOccurrences.id, changes.occurrenceId));
  if (!session) return;
  const all = [...new Set([...changes.promoted, ...changes.offered])];
  const allowed = new Set(
    await communityService.whoMayView(db, { id: session.communityId, visibility: session.visibility }, all),
  );
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, timeZone: memberships.timeZone })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.communityId, session.communityId)))
    .where(inArray(users.id, all));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const title = session.overrides.title ?? session.title;
  const link = `${origin}/c/${session.slug}/events/${session.eventId}/${changes.occurrenceId}`;
  const mails: Mail[] = [];
  for (const [kind, ids] of [
    ['promoted', changes.promoted],
    ['offered', changes.offered],
  ] as const) {
    for (const id of ids) {
      const person = byId.get(id);
      if (!person || !allowed.has(id)) continue;
      const when = sessionTime(session.startsAt, zoneOr(person.timeZone, session.timeZone));
      mails.push(seatMail[kind]({ ...person, title, community: session.communityName, when, link }));
    }
  }
  await Promise.all(mails.map((m) => deps.mailer.send(m)));
}

/** A member's own zone when it is one this runtime knows, else the organiser's. */
function zoneOr(zone: string | null, fallback: string): string {
  if (!zone) return fallback;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

// The API.

/** Signed in and a current member of the session's community, else the usual refusal. */
export function assertMayAnswer(actor: Actor, ctx: communityService.CommunityContext) {
  if (!ctx.abilities.view) throw notFound();
  if (!actor.user) throw unauthenticated();
  if (!ctx.abilities.post) throw forbidden();
}

export async function answer(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  input: { status: RsvpAnswer },
  origin: string,
) {
  const { ctx, occurrence, abilities } = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  assertMayAnswer(actor, ctx);
  // A cancelled or started session says why (409) rather than only "not allowed".
  if (!abilities.rsvp) {
    const series = await seriesOf(deps.db, occurrence.eventId);
    assertOpen(series, occurrence, new Date());
    authorizeEvent(actor, abilities, 'rsvp');
  }
  const userId = actor.user!.id;
  const { result, changes } = await deps.db.transaction((tx) =>
    answerInTx(tx, { occurrenceId: occurrence.id, userId, answer: input.status }),
  );
  await tellSeatChanges(deps, changes, origin);
  return result;
}

export async function claim(deps: Deps, actor: Actor, slug: string, eventId: string, occurrenceId: string) {
  const { ctx, occurrence, abilities } = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  assertMayAnswer(actor, ctx);
  if (!abilities.rsvp) {
    assertOpen(await seriesOf(deps.db, occurrence.eventId), occurrence, new Date());
    authorizeEvent(actor, abilities, 'rsvp');
  }
  const userId = actor.user!.id;
  return deps.db.transaction((tx) => claimInTx(tx, { occurrenceId: occurrence.id, userId }));
}
