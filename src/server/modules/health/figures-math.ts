/**
 * The arithmetic behind the dashboard's figures, kept apart from the queries so it can be
 * property-tested: medians, the Gini coefficient, the top 10 %'s share and the Lorenz curve.
 */

/** The middle value (the mean of the two middle ones for an even count); null when there is none. */
export function median(values: readonly number[]): number | null {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

const ascending = (values: readonly number[]) => values.map((v) => Math.max(0, v)).sort((a, b) => a - b);

/**
 * The Gini coefficient of non-negative amounts: 0 when everyone has the same, approaching 1 when
 * one person has everything (exactly 1 − 1/n then). 0 for no one, or for nothing at all.
 */
export function gini(values: readonly number[]): number {
  const xs = ascending(values);
  const n = xs.length;
  const total = xs.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return 0;
  // With amounts sorted upwards: G = 2·Σ i·x_i / (n·Σ x) − (n + 1) / n, i counted from 1.
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * xs[i];
  const g = (2 * weighted) / (n * total) - (n + 1) / n;
  return Math.min(1, Math.max(0, g));
}

/**
 * The share of the total held by the top `fraction` of people (at least one person), e.g. the
 * top 10 %'s share of contributions. 0 when there is nothing.
 */
export function topShare(values: readonly number[], fraction = 0.1): number {
  const xs = ascending(values).reverse();
  const total = xs.reduce((s, x) => s + x, 0);
  if (xs.length === 0 || total === 0) return 0;
  const k = Math.max(1, Math.ceil(xs.length * fraction - 1e-9));
  let top = 0;
  for (let i = 0; i < k; i++) top += xs[i];
  return Math.min(1, top / total);
}

/**
 * The Lorenz curve: for the poorest `people` fraction, the `share` of the total they hold, from
 * (0, 0) to (1, 1). At most `points` points, evenly spaced in people (every person when fewer).
 * Equal amounts give the diagonal; the further below it, the more concentrated.
 */
export function lorenz(values: readonly number[], points = 21): { people: number; share: number }[] {
  const xs = ascending(values);
  const n = xs.length;
  const total = xs.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0)
    return [
      { people: 0, share: 0 },
      { people: 1, share: 1 },
    ];
  const cumulative = [0];
  for (const x of xs) cumulative.push(cumulative[cumulative.length - 1] + x);
  // The share held by the poorest `p` of people, between whole persons by straight lines.
  const shareAt = (p: number) => {
    const pos = p * n;
    const i = Math.min(n - 1, Math.floor(pos));
    const within = pos - i;
    return (cumulative[i] + within * xs[i]) / total;
  };
  const steps = Math.max(1, Math.min(n, points - 1));
  return Array.from({ length: steps + 1 }, (_, k) => {
    const people = k / steps;
    return { people: round(people), share: round(k === steps ? 1 : shareAt(people)) };
  });
}

/** `part / whole`, 0 when there is no whole. */
export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** Rounded for storage and display: four decimals are plenty for shares and hours. */
export const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Expands a histogram (amount → how many people had it) into one amount per person. */
export function fromHistogram(rows: readonly { amount: number; people: number }[]): number[] {
  const out: number[] = [];
  for (const { amount, people } of rows) for (let i = 0; i < people; i++) out.push(amount);
  return out;
}
