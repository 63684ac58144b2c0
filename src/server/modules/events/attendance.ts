import { createHash, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { limits, type RsvpStatus } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { eventOccurrences, eventRsvps, memberships, users } from '../../db/schema/index.js';
import { recordActivities, type ActivityInput } from '../../platform/activity.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { authorizeEvent, currentStatuses, type Actor } from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import { loadOccurrence } from './common.js';
import { assertMayAnswer, lockOccurrence, resultOf, setStatus, type OccurrenceRow, type RsvpRow } from './rsvp.js';

/**
 * Who came: hosts mark attendance (a member who had not answered may be marked as a walk-in),
 * and attendees check in with the session's code during its check-in window. Once a session has
 * ended, those who were going and did not come are counted as no-shows.
 */

/** Check-in attempts a member may make per session in a quarter of an hour. */
const CHECK_IN_ATTEMPTS = 10;
const CHECK_IN_WINDOW_SECONDS = 15 * 60;

export const checkInThrottleKey = (userId: string, occurrenceId: string) => `check-in:${userId}:${occurrenceId}`;

// Reading.

/** Going (by name) and the waitlist (in order), with the counts a host needs. */
export async function attendeeList(db: Conn, occurrence: OccurrenceRow, now = new Date()) {
  const rows = await db
    .select({
      status: eventRsvps.status,
      position: eventRsvps.position,
      attendedAt: eventRsvps.attendedAt,
      attendanceSource: eventRsvps.attendanceSource,
      updatedAt: eventRsvps.updatedAt,
      user: { id: users.id, name: users.name, handle: users.handle },
    })
    .from(eventRsvps)
    .innerJoin(users, eq(users.id, eventRsvps.userId))
    .where(eq(eventRsvps.occurrenceId, occurrence.id))
    .orderBy(asc(eventRsvps.position), sql`lower(${users.name})`, asc(users.id));
  const present = (r: (typeof rows)[number], place: number | null) => ({
    user: r.user,
    status: r.status as RsvpStatus,
    position: place,
    attended: !!r.attendedAt,
    attendanceSource: (r.attendanceSource ?? null) as 'host' | 'code' | null,
    respondedAt: r.updatedAt.toISOString(),
  });
  // Ordered by position first: the waitlist comes in its order; going (no position) by name.
  const going = rows.filter((r) => r.status === 'going').map((r) => present(r, null));
  const waitlist = rows.filter((r) => r.status === 'waitlisted').map((r, i) => present(r, i + 1));
  const ended = occurrence.endsAt <= now;
  return {
    going,
    waitlist,
    notGoingCount: rows.filter((r) => r.status === 'not_going').length,
    attendedCount: rows.filter((r) => r.attendedAt).length,
    noShowCount: ended ? going.filter((a) => !a.attended).length : null,
  };
}

export async function listAttendees(deps: Deps, actor: Actor, slug: string, eventId: string, occurrenceId: string) {
  const { occurrence, abilities } = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  authorizeEvent(actor, abilities, 'viewAttendees');
  return attendeeList(deps.db, occurrence);
}

// Writing.

const attendedActivity = (occurrence: OccurrenceRow, userId: string, data: Record<string, unknown>): ActivityInput => ({
  actorId: userId,
  communityId: occurrence.communityId,
  verb: 'attended',
  objectType: 'occurrence',
  objectId: occurrence.id,
  data,
});

async function rsvpsOf(tx: Conn, occurrenceId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, RsvpRow>();
  const rows = await tx
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.occurrenceId, occurrenceId), inArray(eventRsvps.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, r]));
}

/**
 * Records that a member came. One who was going keeps their seat; anyone else (a walk-in, or
 * someone still waiting) is made going without regard to the capacity: they are in the room.
 */
async function markAttended(
  tx: Conn,
  occurrence: OccurrenceRow,
  userId: string,
  row: RsvpRow | undefined,
  source: 'host' | 'code',
  now: Date,
) {
  const attended = { attendedAt: now, attendanceSource: source };
  if (row?.status === 'going') {
    await tx
      .update(eventRsvps)
      .set(attended)
      .where(and(eq(eventRsvps.occurrenceId, occurrence.id), eq(eventRsvps.userId, userId)));
  } else {
    await setStatus(tx, occurrence, userId, row, 'going', now, attended);
  }
}

/** The host's checklist: marks (or unmarks) who attended; returns the list as it now stands. */
export async function setAttendance(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  input: { attendance: { userId: string; attended: boolean }[] },
) {
  const loaded = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const { ctx, abilities } = loaded;
  if (!abilities.manageAttendance) {
    if (
      loaded.eventAbilities.manageAttendance &&
      (loaded.event.status !== 'scheduled' || loaded.occurrence.status !== 'scheduled')
    ) {
      throw conflict('event_cancelled', 'This session was cancelled.');
    }
    authorizeEvent(actor, abilities, 'manageAttendance');
  }
  const by = actor.user!.id;
  // The last entry for a person wins.
  const wanted = new Map(input.attendance.map((a) => [a.userId, a.attended]));
  const ids = [...wanted.keys()];
  const current = new Set(
    ids.length === 0
      ? []
      : (
          await deps.db
            .select({ userId: memberships.userId })
            .from(memberships)
            .where(
              and(
                eq(memberships.communityId, ctx.community.id),
                inArray(memberships.userId, ids),
                inArray(memberships.status, [...currentStatuses]),
              ),
            )
        ).map((r) => r.userId),
  );
  for (const [i, a] of input.attendance.entries()) {
    if (!current.has(a.userId)) {
      throw invalid(`attendance.${i}.userId`, 'Mark current members of this community only.', 'not_a_member');
    }
  }
  await deps.db.transaction(async (tx) => {
    const now = new Date();
    const occurrence = await lockOccurrence(tx, loaded.occurrence.id);
    if (!occurrence) throw notFound();
    if (occurrence.status !== 'scheduled') throw conflict('event_cancelled', 'This session was cancelled.');
    const rows = await rsvpsOf(tx, occurrence.id, ids);
    const logged: ActivityInput[] = [];
    for (const [userId, attended] of wanted) {
      const row = rows.get(userId);
      if (attended && !row?.attendedAt) {
        // Counters move by increments on the locked row, so one read of it serves every entry.
        await markAttended(tx, occurrence, userId, row, 'host', now);
        logged.push(attendedActivity(occurrence, userId, { source: 'host', by }));
      } else if (!attended && row?.attendedAt) {
        await tx
          .update(eventRsvps)
          .set({ attendedAt: null, attendanceSource: null })
          .where(and(eq(eventRsvps.occurrenceId, occurrence.id), eq(eventRsvps.userId, userId)));
      }
    }
    await recordActivities(tx, logged);
  });
  const [fresh] = await deps.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, loaded.occurrence.id));
  return attendeeList(deps.db, fresh!);
}

/** Compares codes case-insensitively, ignoring spaces and dashes, in constant time. */
export function sameCode(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s.replace(/[\s-]/g, '').toUpperCase()).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** An attendee checks in with the code the host shows, during the session's check-in window. */
export async function checkIn(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  input: { code: string },
) {
  const loaded = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const { ctx, abilities } = loaded;
  assertMayAnswer(actor, ctx);
  if (!abilities.checkIn) {
    if (loaded.event.status !== 'scheduled' || loaded.occurrence.status !== 'scheduled') {
      throw conflict('event_cancelled', 'This session was cancelled.');
    }
    throw conflict(
      'check_in_closed',
      `Check-in opens ${limits.checkInEarlyMinutes} minutes before the session and closes ${limits.checkInLateMinutes} minutes after it ends.`,
    );
  }
  const userId = actor.user!.id;
  // Counted before the comparison: guessing codes costs attempts whether they are right or not.
  await hitLimit(deps.db, checkInThrottleKey(userId, loaded.occurrence.id), CHECK_IN_ATTEMPTS, CHECK_IN_WINDOW_SECONDS);
  if (!sameCode(input.code, loaded.occurrence.checkInCode)) {
    throw invalid('code', 'That is not this session’s code.', 'invalid_code');
  }
  return deps.db.transaction(async (tx) => {
    const now = new Date();
    const occurrence = await lockOccurrence(tx, loaded.occurrence.id);
    if (!occurrence) throw notFound();
    if (occurrence.status !== 'scheduled') throw conflict('event_cancelled', 'This session was cancelled.');
    const row = (await rsvpsOf(tx, occurrence.id, [userId])).get(userId);
    if (!row?.attendedAt) {
      // Before the start a seat is still a seat: someone without one checks in once it begins.
      const started = occurrence.startsAt <= now;
      if (
        row?.status !== 'going' &&
        !started &&
        occurrence.capacity !== null &&
        occurrence.goingCount >= occurrence.capacity
      ) {
        throw conflict('seat_taken', 'The session is full: check in once it has started.');
      }
      await markAttended(tx, occurrence, userId, row, 'code', now);
      await recordActivities(tx, [attendedActivity(occurrence, userId, { source: 'code' })]);
    }
    return resultOf(tx, occurrence.id, userId);
  });
}
