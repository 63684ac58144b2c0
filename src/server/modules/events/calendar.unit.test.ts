import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecurrenceSpec } from '../../db/schema/index.js';
import { readCalendar } from '../../../../test/ical.js';
import {
  calendarFileName,
  eventsCalendar,
  rruleForZone,
  sessionsCalendar,
  type EventRow,
  type FeedEvent,
  type OccurrenceRow,
} from './calendar.js';
import { expand, rruleText } from './recurrence.js';
import { localToUtc, parseLocal } from './time.js';

const origin = 'https://commonplace.example';
const now = new Date('2026-03-01T12:00:00Z');

let savedTz: string | undefined;
// The server's own zone must not matter: run the writer somewhere far from the organisers.
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Pacific/Auckland';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function series(
  options: {
    id?: string;
    timeZone?: string;
    localStart?: string;
    durationMinutes?: number;
    recurrence?: Partial<RecurrenceSpec> | null;
    exceptions?: string[];
    status?: string;
    onlineUrl?: string | null;
    place?: string | null;
  } = {},
) {
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const localStart = options.localStart ?? '2026-03-17T18:00';
  const durationMinutes = options.durationMinutes ?? 90;
  const recurrence: RecurrenceSpec | null =
    options.recurrence === null
      ? null
      : { freq: 'weekly', interval: 1, byWeekday: [], monthlyWeek: null, until: null, count: 5, ...options.recurrence };
  const exceptions = options.exceptions ?? [];
  const start = parseLocal(localStart)!;
  const event: EventRow = {
    id: options.id ?? '11111111-1111-4111-8111-111111111111',
    kind: 'workshop',
    title: 'Testing research code',
    agenda: '## Plan\n\n- fixtures\n- *property* tests',
    place: options.place === undefined ? 'Room 4, Library' : options.place,
    onlineUrl: options.onlineUrl === undefined ? 'https://meet.example/abc' : options.onlineUrl,
    timeZone,
    localStart,
    durationMinutes,
    recurrence,
    rrule: recurrence ? rruleText(recurrence, start) : null,
    exceptions,
    status: options.status ?? 'scheduled',
    updatedAt: now,
  };
  const occurrences: OccurrenceRow[] = expand({
    timeZone,
    start,
    durationMinutes,
    recurrence,
    exceptions,
  }).sessions.map((s, i) => ({
    id: `22222222-2222-4222-8222-${String(i).padStart(12, '0')}`,
    originalStart: s.originalStart,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    status: 'scheduled',
    moved: false,
    overrides: {},
    updatedAt: now,
  }));
  return { event, occurrences };
}

const feed = (items: Omit<FeedEvent, 'slug' | 'showOnlineUrl'>[], showOnlineUrl = false) =>
  eventsCalendar(
    items.map((i) => ({ ...i, slug: 'rse', showOnlineUrl })),
    { name: 'RSE events', origin, now },
  ).toString();

describe('the iCalendar writer', () => {
  it('writes a weekly Berlin series across the change to summer time as one RRULE in the organiser’s zone', () => {
    const { event, occurrences } = series();
    const text = feed([{ event, occurrences }]);
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260317T180000');
    expect(text).toContain('DTEND;TZID=Europe/Berlin:20260317T193000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=5');
    expect(text).toMatch(/DTSTAMP:20260301T120000Z/);
    expect(text).toContain(`UID:${event.id}@commonplace.example`);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);

    const cal = readCalendar(text);
    expect(cal.timezones).toEqual(['Europe/Berlin']);
    expect(cal.instances.map((i) => i.start)).toEqual(occurrences.map((o) => o.startsAt.toISOString()));
    expect(cal.instances.map((i) => i.end)).toEqual(occurrences.map((o) => o.endsAt.toISOString()));
    // 18:00 in Berlin is 17:00 UTC in winter and 16:00 UTC in summer.
    expect(cal.instances[1].start).toBe('2026-03-24T17:00:00.000Z');
    expect(cal.instances[2].start).toBe('2026-03-31T16:00:00.000Z');
    expect(cal.instances[0]).toMatchObject({
      summary: 'Testing research code',
      description: '## Plan\n\n- fixtures\n- *property* tests',
      location: 'Room 4, Library',
      url: `${origin}/c/rse/events/${event.id}`,
    });
  });

  it('leaves out the dates a series skips as EXDATEs at the series’ local time', () => {
    const { event, occurrences } = series({ exceptions: ['2026-03-31'] });
    expect(occurrences).toHaveLength(4);
    const text = feed([{ event, occurrences }]);
    expect(text).toContain('EXDATE;TZID=Europe/Berlin:20260331T180000');
    const cal = readCalendar(text);
    expect(cal.instances.map((i) => i.start)).toEqual(occurrences.map((o) => o.startsAt.toISOString()));
  });

  it('writes a moved or changed session as a RECURRENCE-ID override, a cancelled one with STATUS:CANCELLED', () => {
    const { event, occurrences } = series();
    const moved = occurrences[2];
    moved.startsAt = localToUtc('2026-04-01T19:00', 'Europe/Berlin')!;
    moved.endsAt = localToUtc('2026-04-01T20:00', 'Europe/Berlin')!;
    moved.moved = true;
    occurrences[3].overrides = { title: 'Testing research code: mocks' };
    occurrences[4].status = 'cancelled';
    const text = feed([{ event, occurrences }]);
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260331T180000');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260401T190000');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(4);

    const cal = readCalendar(text);
    expect(cal.instances.map((i) => i.start)).toEqual(occurrences.map((o) => o.startsAt.toISOString()));
    expect(cal.instances[2]).toMatchObject({
      recurrenceId: moved.originalStart.toISOString(),
      end: moved.endsAt.toISOString(),
      url: `${origin}/c/rse/events/${event.id}/${moved.id}`,
    });
    expect(cal.instances[3].summary).toBe('Testing research code: mocks');
    expect(cal.instances.map((i) => i.status)).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'CANCELLED',
    ]);
  });

  it('marks a cancelled series cancelled, keeping sessions that took place confirmed', () => {
    const { event, occurrences } = series({ status: 'cancelled' });
    occurrences.slice(2).forEach((o) => (o.status = 'cancelled'));
    const cal = readCalendar(feed([{ event, occurrences }]));
    expect(cal.instances.map((i) => i.status)).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
  });

  it('writes one VTIMEZONE per zone used, and UNTIL as a UTC instant', () => {
    const berlin = series({ recurrence: { count: null, until: '2026-04-14' } });
    const newYork = series({
      id: '33333333-3333-4333-8333-333333333333',
      timeZone: 'America/New_York',
      localStart: '2026-03-05T09:00',
      recurrence: { freq: 'monthly', monthlyWeek: 1, count: 3 },
    });
    const utc = series({ id: '44444444-4444-4444-8444-444444444444', timeZone: 'UTC', recurrence: null });
    const text = feed([berlin, newYork, berlin, utc].map(({ event, occurrences }) => ({ event, occurrences })));
    expect(text).toContain('UNTIL=20260414T215959Z');
    const cal = readCalendar(text);
    expect(cal.timezones).toEqual(['Europe/Berlin', 'America/New_York']);
    const expected = [berlin, newYork, berlin, utc].flatMap((s) => s.occurrences.map((o) => o.startsAt.toISOString()));
    expect(cal.instances.map((i) => i.start)).toEqual(expected.sort());
    expect(cal.instances.filter((i) => i.start.startsWith('2026-04-02'))).toHaveLength(1); // 1st Thursday
  });

  it('shows the joining link only to readers who may see it', () => {
    const { event, occurrences } = series({ recurrence: null });
    expect(feed([{ event, occurrences }], false)).not.toContain('meet.example');
    const shown = readCalendar(feed([{ event, occurrences }], true)).instances[0];
    expect(shown.location).toBe('Room 4, Library');
    expect(shown.description).toContain('Join online: https://meet.example/abc');
    const online = series({ recurrence: null, place: null });
    expect(readCalendar(feed([online], true)).instances[0].location).toBe('https://meet.example/abc');
  });

  it('writes single sessions with a UID each (the personal feed)', () => {
    const a = series();
    const text = sessionsCalendar(
      [a.occurrences[0], a.occurrences[3]].map((occurrence) => ({
        event: a.event,
        occurrence,
        slug: 'rse',
        showOnlineUrl: true,
      })),
      { name: 'My events', origin, now },
    ).toString();
    expect(text).not.toMatch(/^RRULE:FREQ=WEEKLY/m);
    const cal = readCalendar(text);
    expect(cal.instances.map((i) => [i.uid, i.start])).toEqual([
      [`${a.occurrences[0].id}@commonplace.example`, a.occurrences[0].startsAt.toISOString()],
      [`${a.occurrences[3].id}@commonplace.example`, a.occurrences[3].startsAt.toISOString()],
    ]);
  });

  it('keeps UNTIL that is already UTC, and names downloads after the title', () => {
    expect(rruleForZone('FREQ=WEEKLY;UNTIL=20260414T215959Z', 'Europe/Berlin')).toBe(
      'FREQ=WEEKLY;UNTIL=20260414T215959Z',
    );
    expect(calendarFileName('Écoute & Café: Q&A!')).toBe('ecoute-cafe-qa.ics');
    expect(calendarFileName('***')).toBe('event.ics');
  });
});
