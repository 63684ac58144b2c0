import rrulePkg from 'rrule';
import { limits, weekdays, type EventKind, type Weekday } from '../../../common/limits.js';
import type { RecurrenceSpec } from '../../db/schema/index.js';
import { invalid } from '../../platform/errors.js';
import {
  floatingDate,
  floatingOf,
  floatingToUtc,
  formatFloating,
  parseLocalDate,
  wallClockOfFloating,
  type WallClock,
} from './time.js';

const { rrulestr } = rrulePkg;

/**
 * How a series repeats, checked and expanded. Rules are expanded "floating": the first session's
 * wall-clock time goes in as a zone-less date, every result comes out as a wall-clock time, and
 * only then is it placed in the organiser's zone. So 18:00 in Berlin stays 18:00 in Berlin on
 * both sides of a daylight-saving change, whatever that makes it in UTC.
 */

export type RecurrenceInput = Partial<RecurrenceSpec> & { freq: RecurrenceSpec['freq'] };

export interface Series {
  /** The organiser's zone (canonical). */
  timeZone: string;
  /** Where the rule starts: the first session's wall-clock start. */
  start: WallClock;
  durationMinutes: number;
  recurrence: RecurrenceSpec | null;
  /** Local dates (YYYY-MM-DD) on which no session is generated. */
  exceptions: readonly string[];
}

export interface Session {
  /** Where the rule puts it (the recurrence id), as an instant. */
  originalStart: Date;
  startsAt: Date;
  endsAt: Date;
  /** The wall-clock start in the organiser's zone, `YYYY-MM-DDTHH:mm`, and its date. */
  localStart: string;
  localDate: string;
}

export interface Expansion {
  /** The sessions that take place, in order (dates in `exceptions` left out). */
  sessions: Session[];
  /** The rule's first date (even when it is an exception): the series' first session. */
  first: Date | null;
  /** Every date the rule produces, exceptions included. */
  produced: number;
}

const weekdayOf = (w: WallClock): Weekday => weekdays[(floatingOf(w).getUTCDay() + 6) % 7];

/** "The 2nd Tuesday": which one of its weekday in the month a date is (-1 for the last, from the 29th). */
export const monthlyWeekOf = (w: WallClock): number => (w.day > 28 ? -1 : Math.ceil(w.day / 7));

const MAX_INTERVAL = 99;

/**
 * Checks a rule as entered and returns it complete. One of `until` (a local date, inclusive)
 * and `count` ends it; an AMA happens once. Refusals are 422 with the field they are about.
 */
export function checkRecurrence(input: RecurrenceInput, start: WallClock, kind?: EventKind): RecurrenceSpec {
  if (kind === 'ama') throw invalid('recurrence', 'An AMA takes place once: it does not repeat.', 'ama_single');
  const interval = input.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > MAX_INTERVAL) {
    throw invalid('recurrence.interval', `Repeat every 1 to ${MAX_INTERVAL} weeks or months.`, 'invalid_recurrence');
  }
  const until = input.until ?? null;
  const count = input.count ?? null;
  if (until !== null && count !== null) {
    throw invalid(
      'recurrence.count',
      'End the series on a date or after a number of sessions, not both.',
      'invalid_recurrence',
    );
  }
  if (until === null && count === null) {
    throw invalid('recurrence', 'A series needs an end: a last date or a number of sessions.', 'recurrence_unbounded');
  }
  if (count !== null) {
    if (!Number.isInteger(count) || count < 1) {
      throw invalid('recurrence.count', 'A series has at least one session.', 'invalid_recurrence');
    }
    if (count > limits.eventOccurrences) {
      throw invalid('recurrence', `A series has at most ${limits.eventOccurrences} sessions.`, 'too_many_occurrences');
    }
  }
  if (until !== null) {
    const date = parseLocalDate(until);
    if (!date) throw invalid('recurrence.until', 'Give the last date as YYYY-MM-DD.', 'invalid_recurrence');
    const startDate = formatFloating(floatingOf(start)).slice(0, 10);
    if (until < startDate) {
      throw invalid('recurrence.until', 'The series cannot end before its first session.', 'invalid_recurrence');
    }
  }
  if (input.freq === 'weekly') {
    const days = [...new Set(input.byWeekday ?? [])] as Weekday[];
    for (const [i, d] of days.entries()) {
      if (!(weekdays as readonly string[]).includes(d)) {
        throw invalid(`recurrence.byWeekday.${i}`, 'Name days as MO, TU, WE, TH, FR, SA or SU.', 'invalid_recurrence');
      }
    }
    days.sort((a, b) => weekdays.indexOf(a) - weekdays.indexOf(b));
    return { freq: 'weekly', interval, byWeekday: days, monthlyWeek: null, until, count };
  }
  const monthlyWeek = input.monthlyWeek ?? monthlyWeekOf(start);
  if (![1, 2, 3, 4, -1].includes(monthlyWeek)) {
    throw invalid(
      'recurrence.monthlyWeek',
      'Choose the 1st to 4th, or the last, weekday of the month.',
      'invalid_recurrence',
    );
  }
  return { freq: 'monthly', interval, byWeekday: [], monthlyWeek, until, count };
}

/** Checks and tidies the dates a series skips: real dates, each once, in order. */
export function checkExceptions(dates: readonly string[], field = 'exceptions'): string[] {
  for (const [i, d] of dates.entries()) {
    if (!parseLocalDate(d)) throw invalid(`${field}.${i}`, 'Give dates as YYYY-MM-DD.', 'invalid_date');
  }
  return [...new Set(dates)].sort();
}

/**
 * The RRULE of a series, with `UNTIL` as a floating local date-time (the last minute of the
 * last day): written next to a `DTSTART;TZID=…` it means the organiser's wall-clock time.
 */
export function rruleText(recurrence: RecurrenceSpec, start: WallClock): string {
  const parts = [`FREQ=${recurrence.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`, `INTERVAL=${recurrence.interval}`];
  if (recurrence.freq === 'weekly') {
    const days = recurrence.byWeekday.length > 0 ? recurrence.byWeekday : [weekdayOf(start)];
    parts.push(`BYDAY=${days.join(',')}`);
  } else {
    const nth = recurrence.monthlyWeek ?? monthlyWeekOf(start);
    parts.push(`BYDAY=${nth > 0 ? `+${nth}` : nth}${weekdayOf(start)}`);
  }
  if (recurrence.until) parts.push(`UNTIL=${recurrence.until.replaceAll('-', '')}T235959`);
  if (recurrence.count) parts.push(`COUNT=${recurrence.count}`);
  return parts.join(';');
}

/** Places a wall-clock session in the organiser's zone. */
function place(floating: Date, series: Series): Session {
  const startsAt = floatingToUtc(floating, series.timeZone);
  let endsAt = floatingToUtc(new Date(floating.getTime() + series.durationMinutes * 60_000), series.timeZone);
  // A session across a change of clocks still lasts at least as long as it says.
  if (endsAt <= startsAt) endsAt = new Date(startsAt.getTime() + series.durationMinutes * 60_000);
  const localStart = formatFloating(floating);
  return { originalStart: startsAt, startsAt, endsAt, localStart, localDate: localStart.slice(0, 10) };
}

/**
 * Every session of a series, in order. A rule producing more than `limits.eventOccurrences`
 * dates is refused (422 `too_many_occurrences`, field `recurrence`); one producing none is
 * refused too.
 */
export function expand(series: Series): Expansion {
  const dtstart = floatingOf(series.start);
  const skipped = new Set(series.exceptions);
  if (!series.recurrence) {
    const session = place(dtstart, series);
    const sessions = skipped.has(session.localDate) ? [] : [session];
    return { sessions, first: dtstart, produced: 1 };
  }
  const rule = rrulestr(rruleText(series.recurrence, series.start), { dtstart });
  const max = limits.eventOccurrences;
  const dates = rule.all((_date, i) => i <= max);
  if (dates.length > max) {
    throw invalid('recurrence', `A series has at most ${max} sessions: end it sooner.`, 'too_many_occurrences');
  }
  if (dates.length === 0) {
    throw invalid('recurrence', 'This rule produces no session: check its days and its end.', 'invalid_recurrence');
  }
  const sessions = dates.filter((d) => !skipped.has(floatingDate(d))).map((d) => place(d, series));
  return { sessions, first: dates[0], produced: dates.length };
}

export { wallClockOfFloating };
