import { TZDate } from '@date-fns/tz';
import ical, { ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { eventOccurrences, events } from '../../db/schema/index.js';
import { expand, type Series } from './recurrence.js';
import { parseLocal, wallClockToUtc } from './time.js';

/**
 * iCalendar files of events, written from rows. A series is one VEVENT with its RRULE in the
 * organiser's zone (DTSTART;TZID plus that zone's VTIMEZONE), so a subscriber's calendar keeps
 * 18:00 in Berlin at 18:00 across daylight-saving changes. Sessions that differ from what the
 * rule says (moved, changed for that session, cancelled) are RECURRENCE-ID overrides; dates the
 * rule produces without a session are EXDATEs.
 *
 * Dates go to `ical-generator` as `TZDate`s: it formats a plain `Date` with the server's own
 * local time fields, a `TZDate` with those of the zone it is written in.
 */

export type EventRow = Pick<
  typeof events.$inferSelect,
  | 'id'
  | 'kind'
  | 'title'
  | 'agenda'
  | 'place'
  | 'onlineUrl'
  | 'timeZone'
  | 'localStart'
  | 'durationMinutes'
  | 'recurrence'
  | 'rrule'
  | 'exceptions'
  | 'status'
  | 'updatedAt'
>;

export type OccurrenceRow = Pick<
  typeof eventOccurrences.$inferSelect,
  'id' | 'originalStart' | 'startsAt' | 'endsAt' | 'status' | 'moved' | 'overrides' | 'updatedAt'
>;

/** An event with its sessions, as a feed writes it. */
export interface FeedEvent {
  event: EventRow;
  occurrences: OccurrenceRow[];
  /** The community's address part, for links to the session pages. */
  slug: string;
  /** Whether the reader of this feed may see the joining link. */
  showOnlineUrl: boolean;
}

/** One session on its own (a personal feed, a session's "add to calendar"). */
export interface FeedSession {
  event: EventRow;
  occurrence: OccurrenceRow;
  slug: string;
  showOnlineUrl: boolean;
}

export interface FeedOptions {
  /** The calendar's name, as a subscriber's calendar shows it. */
  name: string;
  /** This site's origin (https://host): links, and the domain part of every UID. */
  origin: string;
  /** Written as DTSTAMP. */
  now?: Date;
  /** A hint to calendar apps how often to fetch a subscribed feed again. */
  refreshSeconds?: number;
}

export const calendarContentType = 'text/calendar; charset=utf-8';

/** The UID of a series (every override shares it) and of a session written on its own. */
export const seriesUid = (eventId: string, origin: string) => `${eventId}@${hostOf(origin)}`;
export const sessionUid = (occurrenceId: string, origin: string) => `${occurrenceId}@${hostOf(origin)}`;

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname || 'commonplace';
  } catch {
    return 'commonplace';
  }
}

/** `UTC` is written with `Z` times; every other zone with TZID and a VTIMEZONE. */
const tzidOf = (zone: string): string | null => (zone === 'UTC' ? null : zone);

/**
 * The VTIMEZONE of a zone from the IANA data, named exactly as the events name it (the
 * library answers some aliases under the canonical name).
 */
export function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone)?.[0];
  if (!block || !block.includes('BEGIN:VTIMEZONE')) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

function newCalendar(options: FeedOptions): ICalCalendar {
  const calendar = ical({ name: options.name, prodId: { company: 'Commonplace', product: 'Events' } });
  // No calendar-wide zone: DTSTAMP and LAST-MODIFIED stay in UTC. The generator writes one
  // VTIMEZONE for each zone the events use.
  calendar.timezone({ name: null, generator: vtimezone });
  if (options.refreshSeconds) calendar.ttl(options.refreshSeconds);
  return calendar;
}

const at = (instant: Date, zone: string) => new TZDate(instant.getTime(), zone);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date-time value as iCalendar writes it: wall-clock in `zone`, or UTC with Z. */
function icsDateTime(instant: Date, zone: string | null): string {
  if (!zone) {
    const d = instant;
    return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  }
  const z = at(instant, zone);
  return `${pad(z.getFullYear(), 4)}${pad(z.getMonth() + 1)}${pad(z.getDate())}T${pad(z.getHours())}${pad(z.getMinutes())}${pad(z.getSeconds())}`;
}

/**
 * The stored rule with its UNTIL in UTC. It is kept as a local date-time of the organiser's
 * zone; next to a DTSTART with a TZID, RFC 5545 wants UNTIL as a UTC instant.
 */
export function rruleForZone(rrule: string, zone: string): string {
  return rrule
    .replace(/^RRULE:/, '')
    .replace(/UNTIL=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)/, (whole, y, mo, d, h, mi, s, z) => {
      if (z) return whole;
      const instant = wallClockToUtc({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s }, zone);
      return `UNTIL=${icsDateTime(instant, null)}`;
    });
}

/** What a session shows: the series' fields, with what this session changed. */
function fieldsOf(event: EventRow, occurrence: OccurrenceRow | null, showOnlineUrl: boolean) {
  const o = occurrence?.overrides ?? {};
  const place = ('place' in o ? o.place : event.place) ?? null;
  const onlineUrl = showOnlineUrl ? (('onlineUrl' in o ? o.onlineUrl : event.onlineUrl) ?? null) : null;
  const agenda = (o.agenda ?? event.agenda).trim();
  const description = [agenda, place && onlineUrl ? `Join online: ${onlineUrl}` : ''].filter(Boolean).join('\n\n');
  return {
    summary: o.title ?? event.title,
    description: description || null,
    location: place ?? onlineUrl ?? null,
  };
}

const sessionUrl = (origin: string, slug: string, eventId: string, occurrenceId: string) =>
  `${origin}/c/${encodeURIComponent(slug)}/events/${eventId}/${occurrenceId}`;

function statusOf(...statuses: string[]): ICalEventStatus {
  return statuses.includes('cancelled') ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED;
}

/** A session written as a VEVENT of its own, or as an override of its series. */
function sessionData(
  item: FeedSession,
  options: FeedOptions,
  extra: { id: string; recurrenceId?: Date; status: ICalEventStatus },
): ICalEventData {
  const { event, occurrence } = item;
  const zone = event.timeZone;
  return {
    id: extra.id,
    timezone: tzidOf(zone),
    start: at(occurrence.startsAt, zone),
    end: at(occurrence.endsAt, zone),
    ...(extra.recurrenceId ? { recurrenceId: at(extra.recurrenceId, zone) } : {}),
    stamp: options.now ?? new Date(),
    lastModified: occurrence.updatedAt > event.updatedAt ? occurrence.updatedAt : event.updatedAt,
    ...fieldsOf(event, occurrence, item.showOnlineUrl),
    url: sessionUrl(options.origin, item.slug, event.id, occurrence.id),
    status: extra.status,
    categories: [{ name: event.kind }],
  };
}

/** The series as its rule describes it, with the UTC start and end of every date the rule produces. */
function ruleDates(event: EventRow) {
  const start = parseLocal(event.localStart);
  if (!start) return null;
  const series: Series = {
    timeZone: event.timeZone,
    start,
    durationMinutes: event.durationMinutes,
    recurrence: event.recurrence ?? null,
    exceptions: [],
  };
  try {
    return expand(series).sessions;
  } catch {
    return null;
  }
}

const hasOverrides = (o: OccurrenceRow['overrides']) =>
  ['title', 'agenda', 'place', 'onlineUrl'].some((key) => key in (o ?? {}));

/**
 * Writes one series: the master VEVENT with RRULE and EXDATE, an override for every session
 * that differs from the master, and a VEVENT of its own for a session the rule no longer
 * produces (a past one kept after the series was edited).
 */
function addSeries(calendar: ICalCalendar, item: FeedEvent, options: FeedOptions) {
  const { event } = item;
  const zone = event.timeZone;
  const tzid = tzidOf(zone);
  const uid = seriesUid(event.id, options.origin);
  const dates = event.rrule ? ruleDates(event) : null;
  const occurrences = [...item.occurrences].sort((a, b) => a.originalStart.getTime() - b.originalStart.getTime());

  if (!event.rrule || !dates || dates.length === 0) {
    // A single date (or a rule that can no longer be read): each session as it is.
    for (const [i, occurrence] of occurrences.entries()) {
      calendar.createEvent(
        sessionData({ ...item, occurrence }, options, {
          id: i === 0 ? uid : sessionUid(occurrence.id, options.origin),
          status: statusOf(event.status, occurrence.status),
        }),
      );
    }
    return;
  }

  const byOriginal = new Map(occurrences.map((o) => [o.originalStart.getTime(), o]));
  // A date the organiser took out stays out even when its cancelled session is kept for its RSVPs.
  const exceptions = new Set(event.exceptions);
  const excluded: Date[] = [];
  const overrides: { occurrence: OccurrenceRow; recurrenceId: Date }[] = [];
  const produced = new Set<number>();
  for (const date of dates) {
    const key = date.originalStart.getTime();
    produced.add(key);
    const occurrence = byOriginal.get(key);
    if (!occurrence || (occurrence.status === 'cancelled' && exceptions.has(date.localDate))) {
      excluded.push(date.originalStart);
      continue;
    }
    const same =
      occurrence.status === event.status &&
      occurrence.startsAt.getTime() === date.startsAt.getTime() &&
      occurrence.endsAt.getTime() === date.endsAt.getTime() &&
      !hasOverrides(occurrence.overrides);
    if (!same) overrides.push({ occurrence, recurrenceId: date.originalStart });
  }
  excluded.sort((a, b) => a.getTime() - b.getTime());

  const first = dates[0];
  const rule = [`RRULE:${rruleForZone(event.rrule, zone)}`];
  if (excluded.length > 0) {
    rule.push(`EXDATE${tzid ? `;TZID=${tzid}` : ''}:${excluded.map((d) => icsDateTime(d, tzid)).join(',')}`);
  }
  calendar.createEvent({
    id: uid,
    timezone: tzid,
    start: at(first.startsAt, zone),
    end: at(first.endsAt, zone),
    repeating: rule.join('\n'),
    stamp: options.now ?? new Date(),
    lastModified: event.updatedAt,
    ...fieldsOf(event, null, item.showOnlineUrl),
    url: `${options.origin}/c/${encodeURIComponent(item.slug)}/events/${event.id}`,
    status: statusOf(event.status),
    categories: [{ name: event.kind }],
  });
  for (const { occurrence, recurrenceId } of overrides) {
    calendar.createEvent(
      sessionData({ ...item, occurrence }, options, { id: uid, recurrenceId, status: statusOf(occurrence.status) }),
    );
  }
  for (const occurrence of occurrences) {
    if (produced.has(occurrence.originalStart.getTime()) || occurrence.status === 'cancelled') continue;
    calendar.createEvent(
      sessionData({ ...item, occurrence }, options, {
        id: sessionUid(occurrence.id, options.origin),
        status: statusOf(event.status, occurrence.status),
      }),
    );
  }
}

/** A calendar of whole events: the community feed, and one event's "add to calendar". */
export function eventsCalendar(items: FeedEvent[], options: FeedOptions): ICalCalendar {
  const calendar = newCalendar(options);
  for (const item of items) addSeries(calendar, item, options);
  return calendar;
}

/** A calendar of single sessions, each a VEVENT of its own: the personal feed, one session's file. */
export function sessionsCalendar(items: FeedSession[], options: FeedOptions): ICalCalendar {
  const calendar = newCalendar(options);
  for (const item of items) {
    calendar.createEvent(
      sessionData(item, options, {
        id: sessionUid(item.occurrence.id, options.origin),
        status: statusOf(item.event.status, item.occurrence.status),
      }),
    );
  }
  return calendar;
}

/** A file name for a download: the title's letters and digits, dashes between. */
export function calendarFileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `${base || 'event'}.ics`;
}
