import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communities, memberships } from '../../db/schema/index.js';
import { currentStatuses } from '../../platform/policy.js';
import { linkIn } from '../../../../test/mailbox.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** The stored count and a fresh count over memberships, which must always agree. */
async function counts(communityId: string) {
  const [stored] = await t.deps.db
    .select({ n: communities.memberCount })
    .from(communities)
    .where(eq(communities.id, communityId));
  const [fresh] = await t.deps.db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.communityId, communityId), inArray(memberships.status, [...currentStatuses])));
  return { stored: stored.n, fresh: Number(fresh.n) };
}

describe('member count', () => {
  it('follows every change of membership and is what the pages show', async () => {
    const { user: owner, client: coordinator } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner, joining: 'open' });
    const expectCount = async (n: number) => {
      expect(await counts(community.id)).toEqual({ stored: n, fresh: n });
      const home = await coordinator.get(`${API}/communities/${community.slug}`);
      expect(home.body.memberCount).toBe(n);
      const list = await coordinator.get(`${API}/communities/${community.slug}/members`);
      expect(list.body.total).toBe(n);
      const directory = await coordinator.get(`${API}/communities`);
      expect(directory.body.items.find((c: { slug: string }) => c.slug === community.slug).memberCount).toBe(n);
    };
    await expectCount(1);

    const a = await t.signedInUser();
    const b = await t.signedInUser();
    await a.client.post(`${API}/communities/${community.slug}/join`, {});
    await b.client.post(`${API}/communities/${community.slug}/join`, {});
    await expectCount(3);
    await a.client.post(`${API}/communities/${community.slug}/break`, {});
    await expectCount(3);
    await a.client.post(`${API}/communities/${community.slug}/leave`, {});
    await expectCount(2);
    await a.client.post(`${API}/communities/${community.slug}/join`, {});
    await expectCount(3);
    expect((await coordinator.delete(`${API}/communities/${community.slug}/members/${b.user.id}`)).status).toBe(204);
    await expectCount(2);

    const invitee = await t.signedInUser();
    await coordinator.post(`${API}/communities/${community.slug}/invitations`, { emails: [invitee.user.email] });
    const mail = await t.mail.waitFor(invitee.user.email);
    const token = linkIn(mail, '/invite/').split('/invite/')[1];
    expect((await invitee.client.post(`${API}/invitations/${token}/accept`)).status).toBe(200);
    await expectCount(3);

    // Writes that bypass the service (the factories, an operator's SQL) are counted too.
    const direct = await t.createUser();
    await buildMember(t, community, direct, { role: 'member', status: 'on_break' });
    await expectCount(4);
    await t.deps.db.delete(memberships).where(eq(memberships.userId, direct.id));
    await expectCount(3);
  });
});
