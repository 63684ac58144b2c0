import { describe, expect, it } from 'vitest';
import { previousQuarter, quarterOf, quarterPeriod, quarterSoFar, writableQuarters } from './assessment-quarters.js';

describe('assessment quarters', () => {
  it('names the quarter of an instant in the community’s time zone', () => {
    const newYearInTokyo = new Date('2025-12-31T16:30:00Z');
    expect(quarterOf(newYearInTokyo, 'UTC')).toBe('2025-Q4');
    expect(quarterOf(newYearInTokyo, 'Asia/Tokyo')).toBe('2026-Q1');
    expect(quarterOf(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe('2026-Q2');
    // An unknown zone falls back to UTC rather than failing.
    expect(quarterOf(new Date('2026-05-05T00:00:00Z'), 'Mars/Olympus')).toBe('2026-Q2');
  });

  it('runs a quarter from local midnight of its first day to that of the next quarter', () => {
    expect(quarterPeriod('2026-Q2', 'Europe/Berlin')).toEqual({
      start: new Date('2026-03-31T22:00:00Z'),
      end: new Date('2026-06-30T22:00:00Z'),
    });
    expect(quarterPeriod('2026-Q4', 'UTC')).toEqual({
      start: new Date('2026-10-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(() => quarterPeriod('2026-Q5', 'UTC')).toThrow();
  });

  it('steps back across the year', () => {
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
  });

  it('keeps the last quarter writable for 30 days after it ends', () => {
    expect(writableQuarters(new Date('2026-04-10T00:00:00Z'), 'UTC')).toEqual(['2026-Q2', '2026-Q1']);
    expect(writableQuarters(new Date('2026-04-30T23:59:59Z'), 'UTC')).toEqual(['2026-Q2', '2026-Q1']);
    expect(writableQuarters(new Date('2026-05-01T00:00:00Z'), 'UTC')).toEqual(['2026-Q2']);
  });

  it('measures the current quarter up to now, a past one whole', () => {
    const now = new Date('2026-05-15T12:00:00Z');
    expect(quarterSoFar('2026-Q2', 'UTC', now)).toEqual({ start: new Date('2026-04-01T00:00:00Z'), end: now });
    expect(quarterSoFar('2026-Q1', 'UTC', now).end).toEqual(new Date('2026-04-01T00:00:00Z'));
  });
});
