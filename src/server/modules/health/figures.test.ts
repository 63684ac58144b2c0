import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeCounts } from '../../../common/api-types.js';
import { memberships, participationModeChanges, participationModes, posts } from '../../db/schema/index.js';
import { buildCommunity, buildMember, buildPost, buildReply, type CommunityRow } from '../../../../test/factories.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { computeFigures } from './figures.js';

const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

type Person = Awaited<ReturnType<TestApp['signedInUser']>>;
const counts = (partial: Partial<ModeCounts>): ModeCounts => ({
  convey_consume: 0,
  contribute: 0,
  collaborate: 0,
  co_create: 0,
  champion: 0,
  ...partial,
});

/**
 * Mode history over the last 28 days, written as nightly recomputes would have written it, and
 * contributions around the period's edges.
 */
describe('figures from the mode history and around the period’s edges', () => {
  // A little ahead of the clock, so that what the setup writes falls inside the period.
  const now = new Date(Date.now() + 10 * 60_000);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const period = { start: ago(28), end: now };
  let community: CommunityRow;
  let cora: Person, ann: Person, ben: Person, cy: Person, dee: Person, eve: Person;

  beforeAll(async () => {
    cora = await t.signedInUser({ name: 'Cora' });
    ann = await t.signedInUser({ name: 'Ann' });
    ben = await t.signedInUser({ name: 'Ben' });
    cy = await t.signedInUser({ name: 'Cy' });
    dee = await t.signedInUser({ name: 'Dee' });
    eve = await t.signedInUser({ name: 'Eve' });
    community = await buildCommunity(t, { createdBy: cora.user });
    for (const p of [ann, ben, cy, dee, eve]) await buildMember(t, community, p.user);
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: ago(200) })
      .where(eq(memberships.communityId, community.id));
    const change = (p: Person, from: string | null, to: string, days: number, communityId = community.id) => ({
      communityId,
      userId: p.user.id,
      fromMode: from,
      toMode: to,
      changedAt: ago(days),
    });
    const other = await buildCommunity(t, { createdBy: cora.user, visibility: 'private' });
    await t.deps.db.insert(participationModeChanges).values([
      // Ann climbs twice in the period: one move up, from where she started to where she is.
      change(ann, null, 'convey_consume', 60),
      change(ann, 'convey_consume', 'contribute', 20),
      change(ann, 'contribute', 'collaborate', 5),
      // Ben drifts down.
      change(ben, null, 'collaborate', 60),
      change(ben, 'collaborate', 'contribute', 10),
      // Cy's first mode is computed in the period and stays: no move.
      change(cy, null, 'contribute', 15),
      // Dee goes up and comes back: no net move.
      change(dee, null, 'convey_consume', 60),
      change(dee, 'convey_consume', 'contribute', 12),
      change(dee, 'contribute', 'convey_consume', 3),
      // Eve, who left 10 days ago, counts until then.
      change(eve, null, 'contribute', 60),
      // Elsewhere, Ben's moves are none of this community's business.
      change(ben, null, 'convey_consume', 60, other.id),
      change(ben, 'convey_consume', 'champion', 4, other.id),
    ]);
    await t.deps.db
      .update(memberships)
      .set({ status: 'alumni', statusChangedAt: ago(10) })
      .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, eve.user.id)));
    await t.deps.db.insert(participationModes).values({
      communityId: community.id,
      userId: ann.user.id,
      mode: 'collaborate',
      tally: {},
      since: ago(5),
      computedAt: ago(1),
    });

    // Contributions: Cy's post from before the period, Dee's reply that she deleted, Ben's reply
    // to a post that was deleted since, and one of Ann's that counts.
    const old = await buildPost(t, community, cy, { title: 'From long ago' });
    await t.deps.db
      .update(posts)
      .set({ createdAt: ago(40) })
      .where(eq(posts.id, old.id));
    const live = await buildPost(t, community, ann, { title: 'Still here' });
    const deleted = await buildReply(t, community, live, dee);
    expect(
      (await dee.client.delete(`/api/v1/communities/${community.slug}/posts/${live.id}/replies/${deleted.id}`)).status,
    ).toBe(204);
    const doomed = await buildPost(t, community, cora, { title: 'Soon gone' });
    await buildReply(t, community, doomed, ben);
    expect((await cora.client.delete(`/api/v1/communities/${community.slug}/posts/${doomed.id}`)).status).toBe(204);
  });

  it('counts members by mode at the end of each week, and the net moves of the period', async () => {
    const f = await computeFigures(t.deps.db, community.id, period, now);
    const weeks = f.modes.overTime;
    expect(weeks.length).toBeGreaterThanOrEqual(4);
    expect(weeks.length).toBeLessThanOrEqual(5);
    // The first week ends before any change of the period: Ann and Dee reading, Ben collaborating, Eve contributing.
    expect(weeks[0].counts).toEqual(counts({ convey_consume: 2, collaborate: 1, contribute: 1 }));
    // Now: Eve has left; Cy has a mode.
    expect(weeks[weeks.length - 1].counts).toEqual(counts({ convey_consume: 1, collaborate: 1, contribute: 2 }));
    expect(f.modes.flows).toEqual([
      { from: 'convey_consume', to: 'collaborate', count: 1 },
      { from: 'collaborate', to: 'contribute', count: 1 },
    ]);
    expect(f.modes.movedUp).toBe(1);
    expect(f.modes.driftedDown).toBe(1);
    // Today's split is the stored modes; members not computed yet count where everyone starts.
    expect(f.modes.current).toEqual(counts({ collaborate: 1, convey_consume: 4 }));
  });

  it('counts only contributions that still stand, made within the period', async () => {
    const f = await computeFigures(t.deps.db, community.id, period, now);
    // Ann's post alone: Cy's is too old, Dee's reply and Ben's (on a deleted post) are gone, Cora's post too.
    expect(f.distribution).toEqual({ lurkers: 4, contributors: 1, heavy: 0 });
    expect(f.concentration).toMatchObject({ contributors: 1, top10Share: 1, gini: 0 });
    expect(f.members).toEqual({ total: 5, joined: 0, left: 1, onBreak: 0 });
    // A period in the past knows nothing of what came after it.
    const before = await computeFigures(t.deps.db, community.id, { start: ago(90), end: ago(30) }, now);
    expect(before.distribution.contributors).toBe(1);
    expect(before.modes.flows).toEqual([]);
    expect(before.members.left).toBe(0);
  });

  it('gives the same figures inside a transaction (one connection, one query at a time)', async () => {
    const outside = await computeFigures(t.deps.db, community.id, period, now);
    const inside = await t.deps.db.transaction((tx) => computeFigures(tx, community.id, period, now));
    expect(inside).toEqual(outside);
  });
});
