import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToTally,
  defaultThresholds,
  emptyTally,
  modeOf,
  modeRank,
  tallyFrom,
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
    // Answering a survey is a contribution of its own.
    expect(modeOf({ ...emptyTally(), surveysAnswered: 1 }).mode).toBe('contribute');
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

  it('combines the ingredients one way: sessions hosted with others are collaboration, not co-creation', () => {
    const tally = tallyFrom({
      byVerb: [
        ['hosted_event', 3],
        ['event_notes_added', 1],
        ['replied', 2],
        ['signed_in', 7],
      ],
      coCreationWeeks: 2,
      acceptedAnswers: 1,
      coHosted: 2,
      broughtIn: 1,
      coordinator: false,
    });
    expect(tally).toEqual({
      ...emptyTally(),
      hosted: 2,
      coHosted: 2,
      replies: 2,
      acceptedAnswers: 1,
      coCreationWeeks: 2,
      broughtIn: 1,
    });
    expect(
      tallyFrom({ byVerb: [], coCreationWeeks: 0, acceptedAnswers: 0, coHosted: 0, broughtIn: 0, coordinator: true }),
    ).toEqual({ ...emptyTally(), coordinator: true });
  });

  it('says why in plain words, naming only what they did', () => {
    expect(modeOf({ ...emptyTally(), posts: 1 }).because).toBe('1 post');
    expect(modeOf({ ...emptyTally(), replies: 2, shared: 1, reactions: 4 }).because).toBe(
      '2 replies, shared 1 resource, 4 reactions',
    );
    expect(modeOf({ ...emptyTally(), acceptedAnswers: 1, coHosted: 2 }).because).toBe(
      '1 accepted answer, co-hosted 2 sessions',
    );
    expect(modeOf({ ...emptyTally(), curated: 1 }).because).toBe('curated 1 time');
    expect(modeOf({ ...emptyTally(), hosted: 3, curated: 2 }).because).toBe('hosted 3 sessions, curated 2 times');
  });
});
