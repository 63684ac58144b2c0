import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHistogram, gini, lorenz, median, rate, topShare } from './figures-math.js';

const amounts = fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 });
const nonEmpty = fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 });

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Number.NaN, 3])).toBe(2);
  });

  it('lies between the smallest and largest value and ignores order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse())).toBe(m);
      }),
    );
  });

  it('has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
      }),
    );
  });
});

describe('gini', () => {
  it('is 0 for nobody, for nothing and for equal amounts; 1 − 1/n when one person has everything', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 12])).toBeCloseTo(0.75, 10);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 10);
  });

  it('always lies in [0, 1]', () => {
    fc.assert(
      fc.property(amounts, (xs) => {
        const g = gini(xs);
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is 0 whenever everyone has the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 300 }), (x, n) => {
        expect(gini(Array(n).fill(x))).toBeCloseTo(0, 12);
      }),
    );
  });

  it('does not depend on who is who (permutations), nor on the unit (scaling)', () => {
    fc.assert(
      fc.property(
        nonEmpty.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
        fc.integer({ min: 1, max: 50 }),
        ([xs, shuffled], k) => {
          expect(gini(shuffled)).toBeCloseTo(gini(xs), 12);
          expect(gini(xs.map((x) => x * k))).toBeCloseTo(gini(xs), 10);
        },
      ),
    );
  });

  it('grows when an amount moves from a poorer person to a richer one', () => {
    fc.assert(
      fc.property(nonEmpty, fc.nat(), fc.nat(), (xs, i, j) => {
        if (xs.length < 2) return;
        const sorted = [...xs].sort((a, b) => a - b);
        const poor = i % (sorted.length - 1);
        const rich = poor + 1 + (j % (sorted.length - poor - 1));
        if (sorted[poor] === 0) return;
        const moved = [...sorted];
        moved[poor] -= 1;
        moved[rich] += 1;
        expect(gini(moved)).toBeGreaterThan(gini(sorted) - 1e-12);
      }),
    );
  });
});

describe('topShare', () => {
  it('is the share of the top 10 % (at least one person)', () => {
    expect(topShare([])).toBe(0);
    expect(topShare([0, 0])).toBe(0);
    expect(topShare([10])).toBe(1);
    expect(topShare([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeCloseTo(0.1, 12);
    expect(topShare([91, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeCloseTo(0.91, 12);
    // 11 people: the top 10 % rounds up to two.
    expect(topShare([50, 40, 1, 1, 1, 1, 1, 1, 1, 1, 2])).toBeCloseTo(0.9, 12);
  });

  it('lies between the top people’s fair share and 1, and ignores order', () => {
    fc.assert(
      fc.property(nonEmpty, (xs) => {
        const s = topShare(xs);
        if (xs.every((x) => x === 0)) {
          expect(s).toBe(0);
          return;
        }
        const k = Math.max(1, Math.ceil(xs.length * 0.1));
        expect(s).toBeGreaterThanOrEqual(k / xs.length - 1e-12);
        expect(s).toBeLessThanOrEqual(1);
        expect(topShare([...xs].reverse())).toBeCloseTo(s, 12);
      }),
    );
  });
});

describe('lorenz', () => {
  it('runs from (0, 0) to (1, 1), upwards and below the diagonal', () => {
    fc.assert(
      fc.property(amounts, (xs) => {
        const points = lorenz(xs);
        expect(points[0]).toEqual({ people: 0, share: 0 });
        expect(points[points.length - 1]).toEqual({ people: 1, share: 1 });
        expect(points.length).toBeLessThanOrEqual(21);
        for (let i = 1; i < points.length; i++) {
          expect(points[i].people).toBeGreaterThan(points[i - 1].people);
          expect(points[i].share).toBeGreaterThanOrEqual(points[i - 1].share);
          expect(points[i].share).toBeLessThanOrEqual(points[i].people + 1e-4);
        }
      }),
    );
  });

  it('is the diagonal for equal amounts and bends for unequal ones', () => {
    for (const p of lorenz([3, 3, 3, 3])) expect(p.share).toBeCloseTo(p.people, 4);
    expect(lorenz([0, 0, 0, 10])).toEqual([
      { people: 0, share: 0 },
      { people: 0.25, share: 0 },
      { people: 0.5, share: 0 },
      { people: 0.75, share: 0 },
      { people: 1, share: 1 },
    ]);
  });

  it('has an area that agrees with the Gini coefficient', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (xs) => {
        // With every person a point, G = 1 − 2 × (area under the curve), exactly.
        const points = lorenz(xs, xs.length + 1);
        let area = 0;
        for (let i = 1; i < points.length; i++)
          area += ((points[i].people - points[i - 1].people) * (points[i].share + points[i - 1].share)) / 2;
        const g = xs.every((x) => x === 0) ? 0 : 1 - 2 * area;
        expect(g).toBeCloseTo(gini(xs), 3);
      }),
    );
  });
});

describe('helpers', () => {
  it('rate is 0 when there is no whole; histograms expand to one amount per person', () => {
    expect(rate(3, 0)).toBe(0);
    expect(rate(1, 4)).toBe(0.25);
    expect(
      fromHistogram([
        { amount: 0, people: 2 },
        { amount: 5, people: 1 },
      ]),
    ).toEqual([0, 0, 5]);
  });
});
