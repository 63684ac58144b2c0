import { randomInt } from 'node:crypto';
import { limits, type EventKind } from '../../../common/limits.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn } from '../../db/client.js';
import type { RecurrenceSpec } from '../../db/schema/index.js';
import { invalid } from '../../platform/errors.js';
import { notifySession } from './notify.js';
import {
  checkExceptions,
  checkRecurrence,
  expand,
  rruleText,
  type RecurrenceInput,
  type Session,
} from './recurrence.js';
import { cancelReminders, moveReminders } from './reminders.js';
import * as repo from './repo.js';
import { floatingOf, formatFloating, localDateOf, parseLocal, type WallClock } from './time.js';

/**
 * A series' schedule: checking what was entered, expanding it into sessions, and — when the
 * whole series is edited — fitting the new sessions onto the stored ones.
 */

const DAY_MS = 86_400_000;

/** Six characters, none easily misread (no 0/O, 1/I/L). */
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newCheckInCode = () =>
  Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');

export function checkTimeZone(zone: string, field = 'timeZone'): string {
  const canonical = canonicalTimeZone(zone);
  if (!canonical) throw invalid(field, 'Use a time zone name such as Europe/Berlin.', 'invalid_time_zone');
  return canonical;
}

export function checkWallClock(text: string, field: string): WallClock {
  const w = parseLocal(text);
  if (!w) throw invalid(field, 'That is not a date and time: use YYYY-MM-DDTHH:mm.', 'invalid_date');
  return w;
}

/** The minutes between two wall-clock times, checked: after the start, and not too long. */
export function checkDuration(start: WallClock, end: WallClock): number {
  const minutes = Math.round((floatingOf(end).getTime() - floatingOf(start).getTime()) / 60_000);
  if (minutes <= 0) throw invalid('end', 'The end must come after the start.', 'end_before_start');
  if (minutes > limits.eventMinutes) {
    throw invalid('end', `A session lasts at most ${limits.eventMinutes / 60 / 24} days.`, 'too_long');
  }
  return minutes;
}

/** A session's start: not in the past, not beyond the horizon. */
export function checkStartsAt(startsAt: Date, now: Date, field = 'start') {
  if (startsAt <= now) throw invalid(field, 'That time has already passed.', 'in_the_past');
  if (startsAt.getTime() > now.getTime() + limits.eventHorizonDays * DAY_MS) {
    throw invalid(field, 'Events are planned at most five years ahead.', 'too_far_ahead');
  }
}

export function checkCapacity(capacity: number | null | undefined, field = 'capacity') {
  if (capacity === undefined || capacity === null) return capacity;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > limits.eventCapacity) {
    throw invalid(
      field,
      `Seats go from 0 to ${limits.eventCapacity}, or leave it empty for no limit.`,
      'invalid_capacity',
    );
  }
  return capacity;
}

export interface ScheduleInput {
  kind: EventKind;
  timeZone: string;
  start: string;
  end: string;
  recurrence: RecurrenceInput | RecurrenceSpec | null;
  exceptions: readonly string[];
}

export interface Schedule {
  timeZone: string;
  /** The rule's first session, wall-clock: what `events.localStart` keeps. */
  localStart: string;
  durationMinutes: number;
  recurrence: RecurrenceSpec | null;
  rrule: string | null;
  exceptions: string[];
  sessions: Session[];
}

/** Checks a schedule as entered and expands it. */
export function checkSchedule(input: ScheduleInput): Schedule {
  const timeZone = checkTimeZone(input.timeZone);
  const start = checkWallClock(input.start, 'start');
  const end = checkWallClock(input.end, 'end');
  const durationMinutes = checkDuration(start, end);
  const recurrence = input.recurrence ? checkRecurrence(input.recurrence, start, input.kind) : null;
  const exceptions = recurrence ? checkExceptions(input.exceptions) : [];
  const expansion = expand({ timeZone, start, durationMinutes, recurrence, exceptions });
  if (expansion.sessions.length === 0) {
    throw invalid('exceptions', 'Every session of this series is skipped.', 'invalid_recurrence');
  }
  return {
    timeZone,
    localStart: formatFloating(expansion.first ?? floatingOf(start)),
    durationMinutes,
    recurrence,
    rrule: recurrence ? rruleText(recurrence, start) : null,
    exceptions,
    sessions: expansion.sessions,
  };
}

export const occurrenceValues = (
  event: { id: string; communityId: string; capacity: number | null },
  s: Session,
): typeof import('../../db/schema/index.js').eventOccurrences.$inferInsert => ({
  eventId: event.id,
  communityId: event.communityId,
  originalStart: s.originalStart,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  capacity: event.capacity,
  checkInCode: newCheckInCode(),
});

export interface Refit {
  /** Members told something, to announce after commit. */
  notified: string[];
  /** Sessions that gained seats: their waitlists move up. */
  moreSeats: string[];
  changed: number;
  cancelled: number;
  added: number;
}

/**
 * Fits a series' new sessions onto its stored ones after an edit of the whole series. Sessions
 * that have started are never touched. A stored session is matched by its original start, or
 * else by its local date (the time of day changed): it keeps its id, answers and overrides, and
 * takes the new time unless it was moved on its own. Stored sessions the rule no longer
 * produces are cancelled when anyone answered for them (those going or waiting are told) and
 * deleted otherwise. Capacity follows the series where a session did not set its own.
 */
export async function refit(
  tx: Conn,
  input: {
    before: repo.EventRow;
    after: repo.EventRow;
    sessions: Session[];
    community: { id: string; visibility: string };
    actorId: string;
    now: Date;
  },
): Promise<Refit> {
  const { before, after, now, actorId, community } = input;
  const out: Refit = { notified: [], moreSeats: [], changed: 0, cancelled: 0, added: 0 };
  const stored = await repo.occurrencesOf(tx, after.id, true);
  const started = stored.filter((o) => o.startsAt <= now);
  const ahead = stored.filter((o) => o.startsAt > now);
  const taken = new Set(started.map((o) => o.originalStart.getTime()));
  const wanted = input.sessions.filter((s) => s.startsAt > now && !taken.has(s.originalStart.getTime()));

  const pairs: [repo.OccurrenceRow, Session][] = [];
  const unmatched = new Map(ahead.map((o) => [o.id, o]));
  const byOriginal = new Map(ahead.map((o) => [o.originalStart.getTime(), o]));
  const rest: Session[] = [];
  for (const s of wanted) {
    const row = byOriginal.get(s.originalStart.getTime());
    if (row && unmatched.has(row.id)) {
      pairs.push([row, s]);
      unmatched.delete(row.id);
    } else rest.push(s);
  }
  const byDate = new Map<string, repo.OccurrenceRow>();
  for (const o of unmatched.values()) byDate.set(localDateOf(o.originalStart, before.timeZone), o);
  const fresh: Session[] = [];
  for (const s of rest) {
    const row = byDate.get(s.localDate);
    if (row && unmatched.has(row.id)) {
      pairs.push([row, s]);
      unmatched.delete(row.id);
    } else fresh.push(s);
  }

  const capacityChanged = before.capacity !== after.capacity;
  const gains = (from: number | null, to: number | null) => (to === null ? from !== null : from !== null && to > from);
  for (const [row, s] of pairs) {
    const values: Partial<repo.OccurrenceRow> = {};
    if (row.originalStart.getTime() !== s.originalStart.getTime()) values.originalStart = s.originalStart;
    const retimed =
      !row.moved && (row.startsAt.getTime() !== s.startsAt.getTime() || row.endsAt.getTime() !== s.endsAt.getTime());
    if (retimed) Object.assign(values, { startsAt: s.startsAt, endsAt: s.endsAt });
    // A session whose seats were set on their own keeps them.
    if (capacityChanged && row.capacity === before.capacity) {
      values.capacity = after.capacity;
      if (gains(row.capacity, after.capacity)) out.moreSeats.push(row.id);
    }
    if (Object.keys(values).length === 0) continue;
    await repo.updateOccurrence(tx, row.id, values);
    if (retimed && row.status === 'scheduled') {
      out.changed++;
      await moveReminders(tx, row.id, s.startsAt, now);
      const going = await repo.rsvpUserIds(tx, row.id, ['going']);
      out.notified.push(
        ...(await notifySession(tx, {
          kind: 'event_changed',
          community,
          occurrenceId: row.id,
          userIds: going,
          actorId,
          again: true,
        })),
      );
    }
  }

  const gone = [...unmatched.values()];
  const answered = await repo.answeredOccurrences(
    tx,
    gone.map((o) => o.id),
  );
  const removable = gone.filter((o) => !answered.has(o.id)).map((o) => o.id);
  await repo.deleteOccurrences(tx, removable);
  for (const o of gone.filter((o) => answered.has(o.id) && o.status === 'scheduled')) {
    out.cancelled++;
    out.notified.push(...(await cancelSession(tx, o, { community, actorId, now })));
  }

  const inserted = await repo.insertOccurrences(
    tx,
    fresh.map((s) => occurrenceValues(after, s)),
  );
  out.added = inserted.length;
  return out;
}

/**
 * Calls one session off: it stays (with its answers) marked cancelled, its unsent reminders go,
 * and those going or waiting are told. Returns who was told.
 */
export async function cancelSession(
  tx: Conn,
  occurrence: { id: string },
  o: { community: { id: string; visibility: string }; actorId: string; now: Date },
): Promise<string[]> {
  await repo.updateOccurrence(tx, occurrence.id, { status: 'cancelled', cancelledAt: o.now });
  await cancelReminders(tx, occurrence.id);
  const people = await repo.rsvpUserIds(tx, occurrence.id, ['going', 'waitlisted']);
  return notifySession(tx, {
    kind: 'event_cancelled',
    community: o.community,
    occurrenceId: occurrence.id,
    userIds: people,
    actorId: o.actorId,
  });
}
