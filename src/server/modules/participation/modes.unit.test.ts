import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToTally,
  defaultThresholds,
  emptyTally,
  modeOf,
  modeRank,
  verbWeights,
  type ActivityTally,
} from './modes.js';

const countFields = Object.keys(emptyTally()).filter((k) => k !== 'coordinator') as Exclude<
  keyof ActivityTally,
  'coordinator'
>[];

const tallies = fc.record({
  ...Object.fromEntries(countFields.map((k) => [k, fc.nat({ max: 30 })])),
  coordinator: fc.boolean(),
}) as fc.Arbitrary<ActivityTally>;

describe('participation modes', () => {
  it('starts everyone in Convey/Consume, and says why', () => {
    expect(modeOf(emptyTally())).toEqual({ mode: 'convey_consume', because: 'no activity in the window yet' });
    expect(modeOf({ ...emptyTally(), consumed: 3 }).because).toBe('read or attended 3 times');
  });

  it('climbs with the kind of activity, not its amount', () => {
    expect(modeOf({ ...emptyTally(), consumed: 500 }).mode).toBe('convey_consume');
    expect(modeOf({ ...emptyTally(), replies: 1 }).mode).toBe('contribute');
    // Reactions are light: three make one contribution.
    expect(modeOf({ ...emptyTally(), reactions: 2 }).mode).toBe('convey_consume');
    expect(modeOf({ ...emptyTally(), reactions: 3 }).mode).toBe('contribute');
    expect(modeOf({ ...emptyTally(), replies: 4, acceptedAnswers: 1 }).mode).toBe('collaborate');
    expect(modeOf({ ...emptyTally(), coHosted: 1 }).mode).toBe('collaborate');
    expect(modeOf({ ...emptyTally(), hosted: 1 }).mode).toBe('co_create');
    expect(modeOf({ ...emptyTally(), curated: 1 }).mode).toBe('co_create');
  });

  it('makes a Champion of sustained co-creation with people brought in, or of the coordinator', () => {
    const sustained = { ...emptyTally(), hosted: 5, coCreationWeeks: defaultThresholds.championWeeks };
    expect(modeOf(sustained).mode).toBe('co_create');
    expect(modeOf({ ...sustained, broughtIn: defaultThresholds.championBroughtIn }).mode).toBe('champion');
    expect(modeOf({ ...emptyTally(), coordinator: true })).toEqual({
      mode: 'champion',
      because: 'coordinates the community',
    });
  });

  it('never lowers a mode when activity is added to the window', () => {
    fc.assert(
      fc.property(tallies, fc.constantFrom(...countFields), fc.integer({ min: 1, max: 20 }), (tally, field, more) => {
        const before = modeRank(modeOf(tally).mode);
        const after = modeRank(modeOf({ ...tally, [field]: tally[field] + more }).mode);
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(tallies, fc.constantFrom(...Object.keys(verbWeights)), (tally, verb) => {
        expect(modeRank(modeOf(addToTally(tally, verb)).mode)).toBeGreaterThanOrEqual(modeRank(modeOf(tally).mode));
      }),
    );
    fc.assert(
      fc.property(tallies, (tally) => {
        expect(modeRank(modeOf({ ...tally, coordinator: true }).mode)).toBeGreaterThanOrEqual(
          modeRank(modeOf(tally).mode),
        );
      }),
    );
  });

  it('counts activity-log verbs into the tally and ignores the rest', () => {
    let t = emptyTally();
    t = addToTally(t, 'posted');
    t = addToTally(t, 'replied', 2);
    t = addToTally(t, 'viewed_post', 5);
    t = addToTally(t, 'signed_in', 9);
    expect(t).toMatchObject({ posts: 1, replies: 2, consumed: 5 });
    expect(addToTally(t, 'no_such_verb')).toBe(t);
  });
});
