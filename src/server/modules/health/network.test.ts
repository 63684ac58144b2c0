import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkPicture } from '../../../common/api-types.js';
import { memberships } from '../../db/schema/index.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  shiftOccurrences,
  type CommunityRow,
} from '../../../../test/factories.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { computeNetwork } from './network.js';

const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

type Person = Awaited<ReturnType<TestApp['signedInUser']>>;

const period = () => ({ start: new Date(Date.now() - 90 * DAY), end: new Date(Date.now() + 60_000) });

/**
 * Two groups of four who all answer each other (A and B), and Xavi, who answered one person in
 * each: the only way from one group to the other goes through him.
 */
describe('the help network', () => {
  let community: CommunityRow;
  let a: Person[];
  let b: Person[];
  let xavi: Person, nina: Person, olga: Person, lena: Person;
  let picture: NetworkPicture;

  beforeAll(async () => {
    const cora = await t.signedInUser({ name: 'Cora' });
    community = await buildCommunity(t, { createdBy: cora.user });
    const people = async (prefix: string) => {
      const out: Person[] = [];
      for (let i = 1; i <= 4; i++) out.push(await t.signedInUser({ name: `${prefix}${i}` }));
      return out;
    };
    a = await people('A');
    b = await people('B');
    xavi = await t.signedInUser({ name: 'Xavi Bridge' });
    nina = await t.signedInUser({ name: 'Nina Newcomer' });
    olga = await t.signedInUser({ name: 'Olga Old-timer' });
    lena = await t.signedInUser({ name: 'Lena Left' });
    for (const p of [...a, ...b, xavi, nina, olga]) await buildMember(t, community, p.user);
    await buildMember(t, community, lena.user, { status: 'alumni' });
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: new Date(Date.now() - 200 * DAY) })
      .where(and(eq(memberships.communityId, community.id), inArray(memberships.userId, [olga.user.id, cora.user.id])));

    for (const group of [a, b]) {
      const asked = [];
      for (const p of group) asked.push(await buildPost(t, community, p, { title: `${p.user.name} asks` }));
      for (let i = 0; i < group.length; i++)
        for (let j = i + 1; j < group.length; j++) await buildReply(t, community, asked[i], group[j]);
      await buildReply(t, community, asked[0], xavi);
    }
    // Lena left: what she did no longer ties anyone.
    const lenaPost = await buildPost(t, community, a[1], { title: 'For Lena' });
    await buildMember(t, community, lena.user);
    await buildReply(t, community, lenaPost, lena);
    await buildMember(t, community, lena.user, { status: 'alumni' });

    // Elsewhere (private), A2 and B2 work together: not here.
    const elsewhere = await buildCommunity(t, { createdBy: cora.user, visibility: 'private' });
    for (const p of [a[1], b[1], nina]) await buildMember(t, elsewhere, p.user);
    const post = await buildPost(t, elsewhere, a[1]);
    await buildReply(t, elsewhere, post, b[1]);
    await buildReply(t, elsewhere, post, nina);
    const event = await buildEvent(t, cora, elsewhere, {
      hosts: [{ userId: a[1].user.id }, { userId: b[1].user.id }],
    });
    await shiftOccurrences(t, event.id, -8 * DAY);

    picture = await computeNetwork(t.deps.db, community.id, period());
  });

  const node = (p: Person) => picture.nodes.find((n) => n.id === p.user.id);

  it('ties members who answered each other, within this community only', () => {
    expect(picture.nodes.map((n) => n.name).sort()).toEqual(
      ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'B4', 'Nina Newcomer', 'Xavi Bridge'].sort(),
    );
    // 6 within each group, and Xavi's two.
    expect(picture.edges).toHaveLength(14);
    const tie = (p: Person, q: Person) =>
      picture.edges.find((e) => [e.source, e.target].sort().join() === [p.user.id, q.user.id].sort().join());
    expect(tie(a[1], b[1])).toBeUndefined();
    expect(tie(a[0], a[1])?.weight).toBe(1);
    expect(node(xavi)?.degree).toBe(2);
    expect(picture.omitted).toBe(0);
  });

  it('finds the two groups, and Xavi as the broker between them', () => {
    expect(picture.clusters).toBe(2);
    const clusterOf = (group: Person[]) => new Set(group.map((p) => node(p)!.cluster));
    expect(clusterOf(a).size).toBe(1);
    expect(clusterOf(b).size).toBe(1);
    expect([...clusterOf(a)][0]).not.toBe([...clusterOf(b)][0]);
    expect(picture.nodes.filter((n) => n.broker).map((n) => n.name)).toEqual(['Xavi Bridge']);
  });

  it('shows newcomers tied to nobody, apart, and leaves out quiet old-timers', () => {
    expect(node(nina)).toMatchObject({ isolatedNewcomer: true, degree: 0, cluster: -1, broker: false });
    expect(node(nina)!.y).toBeGreaterThan(0.85);
    expect(node(olga)).toBeUndefined();
    for (const n of picture.nodes.filter((n) => !n.isolatedNewcomer)) {
      expect(n.isolatedNewcomer).toBe(false);
      expect(n.y).toBeLessThan(0.85);
    }
  });

  it('lays the groups out apart, in the unit square, the same way every time', async () => {
    for (const n of picture.nodes) {
      for (const v of [n.x, n.y]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    const centre = (group: Person[]) => {
      const ns = group.map((p) => node(p)!);
      return { x: ns.reduce((s, n) => s + n.x, 0) / ns.length, y: ns.reduce((s, n) => s + n.y, 0) / ns.length };
    };
    const distance = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
    const ca = centre(a);
    const cb = centre(b);
    for (const p of a) expect(distance(node(p)!, ca)).toBeLessThan(distance(node(p)!, cb));
    for (const p of b) expect(distance(node(p)!, cb)).toBeLessThan(distance(node(p)!, ca));
    expect(await computeNetwork(t.deps.db, community.id, period())).toEqual(picture);
  });

  it('draws only the strongest when there are many, keeping brokers and isolated newcomers', async () => {
    const small = await computeNetwork(t.deps.db, community.id, period(), { drawn: 4 });
    expect(small.nodes.filter((n) => !n.isolatedNewcomer)).toHaveLength(4);
    expect(small.nodes.some((n) => n.name === 'Xavi Bridge' && n.broker)).toBe(true);
    expect(small.nodes.some((n) => n.name === 'Nina Newcomer' && n.isolatedNewcomer)).toBe(true);
    expect(small.omitted).toBe(5);
    const drawn = new Set(small.nodes.map((n) => n.id));
    for (const e of small.edges) expect(drawn.has(e.source) && drawn.has(e.target)).toBe(true);
    // Nobody drawn floats alone but the newcomers who have no ties at all.
    const tied = new Set(small.edges.flatMap((e) => [e.source, e.target]));
    for (const n of small.nodes.filter((n) => !n.isolatedNewcomer)) expect(tied.has(n.id), n.name).toBe(true);
  });

  it('is empty for a community where nobody helped anybody yet', async () => {
    const owner = await t.createUser({ name: 'Owner' });
    const quiet = await buildCommunity(t, { createdBy: owner });
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: new Date(Date.now() - 100 * DAY) })
      .where(eq(memberships.communityId, quiet.id));
    expect(await computeNetwork(t.deps.db, quiet.id, period())).toEqual({
      nodes: [],
      edges: [],
      clusters: 0,
      omitted: 0,
    });
  });
});
