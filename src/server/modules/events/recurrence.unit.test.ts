import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits, weekdays } from '../../../common/limits.js';
import { AppError } from '../../platform/errors.js';
import { checkExceptions, checkRecurrence, expand, rruleText, type RecurrenceInput } from './recurrence.js';
import { formatLocal, localDateOf, localToUtc, parseLocal, type WallClock } from './time.js';

const w = (text: string) => parseLocal(text)!;

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, field: err.field };
    throw err;
  }
  throw new Error('not refused');
}

describe('time', () => {
  it('reads wall-clock times and refuses what is not one', () => {
    expect(parseLocal('2027-03-09T18:00')).toEqual({ year: 2027, month: 3, day: 9, hour: 18, minute: 0, second: 0 });
    expect(parseLocal('2027-03-09T18:00:30')?.second).toBe(30);
    for (const bad of ['2027-02-29T10:00', '2027-03-09T24:00', '2027-03-09T18:00Z', '2027-3-9T18:00', ''])
      expect(parseLocal(bad)).toBeNull();
  });

  it('places wall-clock times in a zone and back, across daylight-saving changes', () => {
    expect(localToUtc('2027-03-27T18:00', 'Europe/Berlin')?.toISOString()).toBe('2027-03-27T17:00:00.000Z');
    expect(localToUtc('2027-03-28T18:00', 'Europe/Berlin')?.toISOString()).toBe('2027-03-28T16:00:00.000Z');
    // A time skipped by the change to summer time moves forward.
    expect(localToUtc('2027-03-28T02:30', 'Europe/Berlin')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(formatLocal(new Date('2027-03-28T16:00:00Z'), 'Europe/Berlin')).toBe('2027-03-28T18:00');
    expect(formatLocal(new Date('2027-03-28T16:00:00Z'), 'America/New_York')).toBe('2027-03-28T12:00');
    expect(localDateOf(new Date('2027-03-28T23:30:00Z'), 'Asia/Tokyo')).toBe('2027-03-29');
  });
});

describe('checking a rule', () => {
  const start = w('2027-03-09T18:00');
  it.each<[RecurrenceInput, string, string]>([
    [{ freq: 'weekly' }, 'recurrence_unbounded', 'recurrence'],
    [{ freq: 'weekly', count: 2, until: '2027-05-01' }, 'invalid_recurrence', 'recurrence.count'],
    [{ freq: 'weekly', until: '2027-03-01' }, 'invalid_recurrence', 'recurrence.until'],
    [{ freq: 'weekly', until: '2027-02-30' }, 'invalid_recurrence', 'recurrence.until'],
    [{ freq: 'weekly', count: 0 }, 'invalid_recurrence', 'recurrence.count'],
    [{ freq: 'weekly', count: 501 }, 'too_many_occurrences', 'recurrence'],
    [{ freq: 'weekly', interval: 0, count: 2 }, 'invalid_recurrence', 'recurrence.interval'],
    [{ freq: 'monthly', monthlyWeek: 0, count: 2 }, 'invalid_recurrence', 'recurrence.monthlyWeek'],
    [{ freq: 'monthly', monthlyWeek: -2, count: 2 }, 'invalid_recurrence', 'recurrence.monthlyWeek'],
  ])('refuses %j with %s on %s', (input, code, field) => {
    expect(refusal(() => checkRecurrence(input, start))).toEqual({ code, field });
  });

  it('refuses a recurring AMA', () => {
    expect(refusal(() => checkRecurrence({ freq: 'weekly', count: 2 }, start, 'ama'))).toEqual({
      code: 'ama_single',
      field: 'recurrence',
    });
  });

  it('completes a rule and writes its RRULE with a floating UNTIL', () => {
    const weekly = checkRecurrence(
      { freq: 'weekly', interval: 2, byWeekday: ['TH', 'MO', 'TH'], until: '2027-06-01' },
      start,
    );
    expect(weekly).toEqual({
      freq: 'weekly',
      interval: 2,
      byWeekday: ['MO', 'TH'],
      monthlyWeek: null,
      until: '2027-06-01',
      count: null,
    });
    expect(rruleText(weekly, start)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270601T235959');
    const monthly = checkRecurrence({ freq: 'monthly', count: 4 }, w('2027-03-30T18:00'));
    expect(monthly.monthlyWeek).toBe(-1);
    expect(rruleText(monthly, w('2027-03-30T18:00'))).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=-1TU;COUNT=4');
  });

  it('tidies exceptions and refuses dates that are not', () => {
    expect(checkExceptions(['2027-04-01', '2027-03-01', '2027-04-01'])).toEqual(['2027-03-01', '2027-04-01']);
    expect(refusal(() => checkExceptions(['2027-02-30']))).toEqual({ code: 'invalid_date', field: 'exceptions.0' });
  });

  it('refuses a rule producing more than the limit through its end date', () => {
    const rule = checkRecurrence({ freq: 'weekly', byWeekday: [...weekdays], until: '2029-12-31' }, start);
    expect(
      refusal(() => expand({ timeZone: 'UTC', start, durationMinutes: 60, recurrence: rule, exceptions: [] })),
    ).toEqual({ code: 'too_many_occurrences', field: 'recurrence' });
  });
});

// Property: whatever the zone, rule and end, every session starts at the first session's
// wall-clock time in the organiser's zone, the rule's end holds, and never more than the limit.
const zones = [
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'UTC',
];

const startArb = fc
  .record({
    year: fc.integer({ min: 2026, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    // Away from the small hours, where clocks change.
    hour: fc.integer({ min: 6, max: 21 }),
    minute: fc.constantFrom(0, 15, 30, 45),
  })
  .map((r): WallClock => ({ ...r, second: 0 }));

const ruleArb = fc.oneof(
  fc.record({
    freq: fc.constant('weekly' as const),
    interval: fc.integer({ min: 1, max: 4 }),
    byWeekday: fc.subarray([...weekdays]),
  }),
  fc.record({
    freq: fc.constant('monthly' as const),
    interval: fc.integer({ min: 1, max: 3 }),
    monthlyWeek: fc.constantFrom(1, 2, 3, 4, -1),
  }),
);
const endArb = fc.oneof(
  fc.record({ count: fc.integer({ min: 1, max: 700 }) }),
  fc.record({ untilDays: fc.integer({ min: 0, max: 3 * 366 }) }),
);

describe('expanding a rule (property)', () => {
  it('keeps the wall-clock time, respects count and until, and never passes the limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        startArb,
        ruleArb,
        endArb,
        fc.integer({ min: 15, max: 600 }),
        (zone, start, rule, end, durationMinutes) => {
          const startDate = new Date(Date.UTC(start.year, start.month - 1, start.day));
          const until =
            'untilDays' in end
              ? new Date(startDate.getTime() + end.untilDays * 86_400_000).toISOString().slice(0, 10)
              : null;
          const input: RecurrenceInput = { ...rule, count: 'count' in end ? end.count : null, until };
          let recurrence;
          try {
            recurrence = checkRecurrence(input, start);
          } catch (err) {
            expect('count' in end && end.count > limits.eventOccurrences).toBe(true);
            expect((err as AppError).code).toBe('too_many_occurrences');
            return;
          }
          let expansion;
          try {
            expansion = expand({ timeZone: zone, start, durationMinutes, recurrence, exceptions: [] });
          } catch (err) {
            const code = (err as AppError).code;
            // Only an end date can produce too many; a narrow one may produce none at all.
            expect(['too_many_occurrences', 'invalid_recurrence']).toContain(code);
            expect(until).not.toBeNull();
            return;
          }
          const { sessions } = expansion;
          expect(sessions.length).toBeLessThanOrEqual(limits.eventOccurrences);
          if ('count' in end) expect(sessions.length).toBe(end.count);
          const hhmm = `${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`;
          let previous = 0;
          for (const s of sessions) {
            expect(formatLocal(s.startsAt, zone).slice(11)).toBe(hhmm);
            expect(s.localStart.slice(11)).toBe(hhmm);
            expect(s.endsAt.getTime()).toBeGreaterThan(s.startsAt.getTime());
            expect(s.startsAt.getTime()).toBeGreaterThan(previous);
            previous = s.startsAt.getTime();
            if (until) expect(localDateOf(s.startsAt, zone) <= until).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('leaves out the sessions on exception dates', () => {
    const start = w('2027-03-09T18:00');
    const recurrence = checkRecurrence({ freq: 'weekly', count: 4 }, start);
    const { sessions, produced } = expand({
      timeZone: 'Europe/Berlin',
      start,
      durationMinutes: 60,
      recurrence,
      exceptions: ['2027-03-16'],
    });
    expect(produced).toBe(4);
    expect(sessions.map((s) => s.localDate)).toEqual(['2027-03-09', '2027-03-23', '2027-03-30']);
  });
});
