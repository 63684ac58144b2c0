import { TZDate } from '@date-fns/tz';
import { useQuery } from '@tanstack/react-query';
import { format } from 'date-fns';
import { api, keys } from '../../api';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { isMine } from '../communities/membership';

/** The zone the browser runs in (falls back to UTC where the platform does not say). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every zone the browser knows, for the organiser's select; UTC first among equals. */
export function allTimeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/**
 * The zone the viewer sees times in, and where it comes from: the time zone in their profile in
 * this community when they set one, else their browser's.
 */
export function useViewerZone(): { zone: string; source: 'profile' | 'browser' } {
  const community = useCommunityContext();
  const user = useCurrentUser();
  const member = Boolean(user && isMine(community.myMembership));
  const profile = useQuery({
    queryKey: keys.member(community.slug, user?.id ?? ''),
    queryFn: () => api.member(community.slug, user!.id),
    enabled: member,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const zone = member ? profile.data?.timeZone : null;
  return zone ? { zone, source: 'profile' } : { zone: browserTimeZone(), source: 'browser' };
}

function shortName(locale: string, zone: string, at: Date): string {
  return (
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? zone
  );
}

/**
 * The zone's short name at that moment: "EST", "CET"; "GMT+9" where no abbreviation is in common
 * use. English locales disagree on which abbreviations they know, so both are asked.
 */
export function zoneAbbreviation(zone: string, at: Date): string {
  const offsetOnly = /^(GMT|UTC)[+-−]/;
  const us = shortName('en-US', zone, at);
  if (!offsetOnly.test(us)) return us;
  const gb = shortName('en-GB', zone, at);
  return offsetOnly.test(gb) ? us : gb;
}

/** "America/New_York" → "New York"; "UTC" stays. */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** A zone as a select shows it: "Europe/Berlin (CET, UTC+01:00)". */
export function zoneLabel(zone: string, at = new Date()): string {
  const offset = new TZDate(at.getTime(), zone).getTimezoneOffset();
  const sign = offset <= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const abbr = zoneAbbreviation(zone, at);
  return `${zone.replace(/_/g, ' ')} (${/^(GMT|UTC)/.test(abbr) ? '' : `${abbr}, `}UTC${sign}${hhmm})`;
}

function inZone(iso: string, zone: string): TZDate {
  return new TZDate(Date.parse(iso), zone);
}

function dayLabel(date: TZDate, now: TZDate): string {
  return format(date, date.getFullYear() === now.getFullYear() ? 'EEE d MMM' : 'EEE d MMM yyyy');
}

const sameDay = (a: TZDate, b: TZDate) => format(a, 'yyyy-MM-dd') === format(b, 'yyyy-MM-dd');

export interface SessionTime {
  /** "Thu 3 Dec, 12:00 – 14:00 EST" in the viewer's zone. */
  local: string;
  /** "18:00 CET for the organiser", when the organiser's zone tells a different time; else null. */
  organiser: string | null;
  /** Both together, as one line. */
  text: string;
}

/**
 * When a session happens, in the viewer's zone, always naming the zone, and what the organiser's
 * clock says when that differs: "Thu 3 Dec, 12:00 – 14:00 EST (18:00 CET for the organiser)".
 */
export function sessionTime(
  session: { startsAt: string; endsAt: string; timeZone: string },
  viewerZone: string,
  now = new Date(),
): SessionTime {
  const start = inZone(session.startsAt, viewerZone);
  const end = inZone(session.endsAt, viewerZone);
  const today = new TZDate(now.getTime(), viewerZone);
  const abbr = zoneAbbreviation(viewerZone, start);
  const endPart = sameDay(start, end) ? format(end, 'HH:mm') : `${dayLabel(end, today)}, ${format(end, 'HH:mm')}`;
  const local = `${dayLabel(start, today)}, ${format(start, 'HH:mm')} – ${endPart} ${abbr}`;

  let organiser: string | null = null;
  const theirs = inZone(session.startsAt, session.timeZone);
  const theirAbbr = zoneAbbreviation(session.timeZone, theirs);
  const differs = theirs.getTimezoneOffset() !== start.getTimezoneOffset() || theirAbbr !== abbr;
  if (session.timeZone !== viewerZone && differs) {
    const day = sameDay(theirs, start) ? '' : `${format(theirs, 'EEE d MMM')}, `;
    organiser = `${day}${format(theirs, 'HH:mm')} ${theirAbbr} for the organiser`;
  }
  return { local, organiser, text: organiser ? `${local} (${organiser})` : local };
}

/** The day of a session in the viewer's zone, for a calendar-like date block: { month: 'Dec', day: '3' }. */
export function sessionDay(startsAt: string, viewerZone: string): { month: string; day: string; weekday: string } {
  const start = inZone(startsAt, viewerZone);
  return { month: format(start, 'MMM'), day: format(start, 'd'), weekday: format(start, 'EEE') };
}

/** The wall-clock parts of 'YYYY-MM-DDTHH:mm' for date and time inputs. */
export function splitLocal(value: string): { date: string; time: string } {
  const [date = '', time = ''] = value.split('T');
  return { date, time: time.slice(0, 5) };
}

export function joinLocal(date: string, time: string): string {
  return date && time ? `${date}T${time}` : '';
}

/** Now, as wall-clock date and time in a zone: where a new event's form starts. */
export function localNow(zone: string, addDays = 0): { date: string; time: string } {
  const d = new TZDate(Date.now() + addDays * 86_400_000, zone);
  return { date: format(d, 'yyyy-MM-dd'), time: format(d, 'HH:mm') };
}

/** Whole minutes between two wall-clock times ('YYYY-MM-DDTHH:mm'), read as if in one zone. */
export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}:00Z`) - Date.parse(`${start}:00Z`)) / 60_000);
}

/** A wall-clock time moved by some minutes. */
export function addMinutesLocal(start: string, minutes: number): string {
  const ms = Date.parse(`${start}:00Z`) + minutes * 60_000;
  return new Date(ms).toISOString().slice(0, 16);
}

/** The weekday of a local date, as the API names it ('MO'…'SU'). */
export function weekdayOf(date: string): 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU' {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const)[day];
}

/** Which of its weekday in the month a date is: 1–4, or -1 for the last. */
export function weekOfMonth(date: string): { nth: number; last: boolean } {
  const d = new Date(`${date}T00:00:00Z`);
  const nth = Math.ceil(d.getUTCDate() / 7);
  const next = new Date(d.getTime() + 7 * 86_400_000);
  return { nth, last: next.getUTCMonth() !== d.getUTCMonth() };
}
