import { TZDate } from '@date-fns/tz';

/**
 * Wall-clock times in an organiser's zone and the UTC instants they stand for. A wall-clock
 * time is written `YYYY-MM-DDTHH:mm` (optionally `:ss`). A "floating" Date carries a wall-clock
 * time in its UTC fields, with no zone: the form recurrence rules are expanded in.
 */

export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Reads a wall-clock time; null when it is not one (a 30 February, 24:00, a stray zone suffix). */
export function parseLocal(text: string): WallClock | null {
  const m = localPattern.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

/** Reads a local date (YYYY-MM-DD); null when it is not a real date. */
export function parseLocalDate(text: string): { year: number; month: number; day: number } | null {
  const m = datePattern.exec(text);
  if (!m) return null;
  const [year, month, day] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return { year, month, day };
}

/** The floating Date of a wall-clock time: its UTC fields are the wall-clock fields. */
export const floatingOf = (w: WallClock): Date =>
  new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));

export const wallClockOfFloating = (d: Date): WallClock => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
  hour: d.getUTCHours(),
  minute: d.getUTCMinutes(),
  second: d.getUTCSeconds(),
});

/**
 * The instant a wall-clock time in `zone` stands for. A time that does not exist there (skipped
 * by a change to summer time) moves forward by the gap; an ambiguous one takes the later offset.
 */
export function wallClockToUtc(w: WallClock, zone: string): Date {
  return new Date(new TZDate(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, zone).getTime());
}

/** A floating Date (wall-clock fields in UTC) as the instant it stands for in `zone`. */
export const floatingToUtc = (floating: Date, zone: string): Date =>
  wallClockToUtc(wallClockOfFloating(floating), zone);

/** The wall-clock time in `zone` of an instant, as a floating Date. */
export function utcToFloating(instant: Date, zone: string): Date {
  const z = new TZDate(instant.getTime(), zone);
  return new Date(Date.UTC(z.getFullYear(), z.getMonth(), z.getDate(), z.getHours(), z.getMinutes(), z.getSeconds()));
}

/** Parses a wall-clock text in `zone` into an instant; null when it is not a wall-clock time. */
export function localToUtc(text: string, zone: string): Date | null {
  const w = parseLocal(text);
  return w ? wallClockToUtc(w, zone) : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats a floating Date as `YYYY-MM-DDTHH:mm`. */
export const formatFloating = (d: Date): string =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** An instant as the wall-clock time in `zone`: `YYYY-MM-DDTHH:mm`. */
export const formatLocal = (instant: Date, zone: string): string => formatFloating(utcToFloating(instant, zone));

/** An instant's local date in `zone`: `YYYY-MM-DD`. */
export const localDateOf = (instant: Date, zone: string): string => formatLocal(instant, zone).slice(0, 10);

/** A floating Date's date: `YYYY-MM-DD`. */
export const floatingDate = (d: Date): string => formatFloating(d).slice(0, 10);

/** Normalises a wall-clock text to `YYYY-MM-DDTHH:mm` (seconds dropped when zero). */
export function normaliseLocal(text: string): string | null {
  const w = parseLocal(text);
  if (!w) return null;
  const base = formatFloating(floatingOf(w));
  return w.second ? `${base}:${pad(w.second)}` : base;
}
