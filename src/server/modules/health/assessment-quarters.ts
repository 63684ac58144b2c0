import { TZDate } from '@date-fns/tz';
import { canonicalTimeZone } from '../../../common/time-zones.js';

/**
 * Assessments are quarterly, in the community's own time zone: "2026-Q2" runs from 1 April
 * 00:00 to 1 July 00:00 local time. A quarter may be written while it runs, and for 30 days
 * after it ends, so the assessment of a quarter can be done once its last weeks are in.
 */

export const quarterPattern = /^(\d{4})-Q([1-4])$/;
export const graceDays = 30;
const DAY = 86_400_000;

const zone = (timeZone: string) => canonicalTimeZone(timeZone) ?? 'UTC';

export interface Period {
  start: Date;
  end: Date;
}

export function quarterOf(at: Date, timeZone: string): string {
  const local = new TZDate(at.getTime(), zone(timeZone));
  return `${local.getFullYear()}-Q${Math.floor(local.getMonth() / 3) + 1}`;
}

function parse(quarter: string): { year: number; q: number } {
  const m = quarterPattern.exec(quarter);
  if (!m) throw new Error(`Not a quarter: ${quarter}`);
  return { year: Number(m[1]), q: Number(m[2]) };
}

/** The quarter's start and end (exclusive) as instants. */
export function quarterPeriod(quarter: string, timeZone: string): Period {
  const { year, q } = parse(quarter);
  const tz = zone(timeZone);
  const start = new TZDate(year, (q - 1) * 3, 1, tz);
  const end = new TZDate(year, q * 3, 1, tz);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

export function previousQuarter(quarter: string): string {
  const { year, q } = parse(quarter);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** The quarters that may be written at `now`: the current one first, then the last one while in grace. */
export function writableQuarters(now: Date, timeZone: string): string[] {
  const current = quarterOf(now, timeZone);
  const last = previousQuarter(current);
  const lastEnd = quarterPeriod(last, timeZone).end;
  return now.getTime() < lastEnd.getTime() + graceDays * DAY ? [current, last] : [current];
}

/** The part of a quarter that has happened by `now` (all of it once it is over). */
export function quarterSoFar(quarter: string, timeZone: string, now: Date): Period {
  const { start, end } = quarterPeriod(quarter, timeZone);
  return { start, end: end.getTime() > now.getTime() ? now : end };
}
