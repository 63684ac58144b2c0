import { describe, expect, it } from 'vitest';
import { byTopic, checkRules, isWorse, listNames, weekOf, type Finding } from './check.js';

const finding = (measure: number, severity: Finding['severity'], subjects: string[]) => ({
  severity,
  evidence: { measure, summary: '', figures: {}, items: [] },
  people: subjects.map((id) => ({ id, name: id, part: 'subject' as const })),
});
const dismissed = (measure: number, severity: string, subjects: string[]) => ({
  severity,
  evidence: { measure } as Record<string, unknown>,
  people: subjects.map((id) => ({ id, part: 'subject' })),
});

describe('names in a sentence', () => {
  it('joins one, two or more names the way people write them', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['Ana'])).toBe('Ana');
    expect(listNames(['Ana', 'Ben'])).toBe('Ana and Ben');
    expect(listNames(['Ana', 'Ben', 'Cy'])).toBe('Ana, Ben and Cy');
  });
});

describe('whether a finding got worse than the one dismissed', () => {
  it('is not worse when the same problem is as big, as severe and about the same people', () => {
    expect(isWorse(finding(3, 'medium', ['a', 'b']), dismissed(3, 'medium', ['a', 'b']))).toBe(false);
    expect(isWorse(finding(2, 'medium', ['a']), dismissed(3, 'medium', ['a', 'b']))).toBe(false);
  });
  it('is worse when it grew, became more severe, or names someone new', () => {
    expect(isWorse(finding(4, 'medium', ['a', 'b']), dismissed(3, 'medium', ['a', 'b']))).toBe(true);
    expect(isWorse(finding(3, 'high', ['a', 'b']), dismissed(3, 'medium', ['a', 'b']))).toBe(true);
    expect(isWorse(finding(2, 'medium', ['a', 'c']), dismissed(3, 'medium', ['a', 'b']))).toBe(true);
  });
  it('only counts the people a finding is about, not those it suggests asking', () => {
    const now = finding(3, 'medium', ['a']);
    now.people.push({ id: 'someone', name: 'someone', part: 'suggested' as never });
    expect(isWorse(now, dismissed(3, 'medium', ['a']))).toBe(false);
  });
});

describe('the local week of a check', () => {
  it('is the Monday of the week in the community’s time zone', () => {
    // Sunday 23:30 UTC is already Monday in Berlin, still Sunday in New York.
    const at = new Date('2026-11-29T23:30:00Z');
    expect(weekOf(at, 'Europe/Berlin')).toBe('2026-11-30');
    expect(weekOf(at, 'America/New_York')).toBe('2026-11-23');
    expect(weekOf(at, 'UTC')).toBe('2026-11-23');
  });
  it('falls back to UTC for a zone the runtime does not know', () => {
    expect(weekOf(new Date('2026-12-02T12:00:00Z'), 'Nowhere/Special')).toBe('2026-11-30');
  });
});

describe('grouping by topic', () => {
  it('groups case-insensitively under the community’s spelling, once per item', () => {
    const items = [
      { id: 1, tags: ['testing', 'Testing'] },
      { id: 2, tags: ['TESTING', 'Packaging'] },
      { id: 3, tags: ['free tag'] },
      { id: 4, tags: [] },
    ];
    const groups = byTopic(items, (i) => i.tags, ['Testing', 'Packaging']);
    expect([...groups.keys()].sort()).toEqual(['Packaging', 'Testing', 'free tag']);
    expect(groups.get('Testing')!.map((i) => i.id)).toEqual([1, 2]);
    expect(groups.get('Packaging')!.map((i) => i.id)).toEqual([2]);
  });
});

describe('the thresholds', () => {
  it('are the documented ones', () => {
    expect(checkRules).toMatchObject({
      unansweredAfterHours: 48,
      newcomerMinDays: 14,
      newcomerMaxDays: 90,
      organiserShare: 0.6,
      driftQuietDays: 45,
      dismissWeeks: 8,
    });
  });
});
