import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, membershipRow } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function verbsFor(communityId: string, actorId: string) {
  const rows = await t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.actorId, actorId)));
  return rows.map((r) => r.verb);
}

const isoDate = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

describe('joining', () => {
  it('lets anyone join an open community, once', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, joining: 'open' });
    const { user, client } = await t.signedInUser();
    const res = await client.post(`${API}/communities/${community.slug}/join`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ membership: { role: 'member', status: 'active', breakUntil: null } });
    const again = await client.post(`${API}/communities/${community.slug}/join`, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'already_member']);
    expect(await verbsFor(community.id, user.id)).toEqual(['joined']);
    const detail = await client.get(`${API}/communities/${community.slug}`);
    expect(detail.body).toMatchObject({ memberCount: 2, abilities: { join: false, leave: true, takeBreak: true } });
  });

  it('turns joining into a request, with a message, where coordinators approve', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, joining: 'request' });
    const { user, client } = await t.signedInUser();
    expect((await client.get(`${API}/communities/${community.slug}`)).body.abilities).toMatchObject({
      join: false,
      requestToJoin: true,
    });
    const res = await client.post(`${API}/communities/${community.slug}/join`, {
      message: 'I maintain a lab toolkit.',
    });
    expect(res.body.membership).toEqual({ role: 'member', status: 'pending', breakUntil: null });
    expect((await membershipRow(t, community, user)).requestMessage).toBe('I maintain a lab toolkit.');
    const again = await client.post(`${API}/communities/${community.slug}/join`, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'already_requested']);
    expect(await verbsFor(community.id, user.id)).toEqual(['requested_to_join']);
  });

  it('refuses an invitation-only community, a removed member, and unknown fields', async () => {
    const owner = await t.createUser();
    const closed = await buildCommunity(t, { createdBy: owner, joining: 'invitation' });
    const open = await buildCommunity(t, { createdBy: owner, joining: 'open' });
    const { user, client } = await t.signedInUser();
    const invitationOnly = await client.post(`${API}/communities/${closed.slug}/join`, {});
    expect([invitationOnly.status, invitationOnly.body.error.code]).toEqual([403, 'invitation_required']);
    await buildMember(t, open, user, { status: 'removed' });
    const removed = await client.post(`${API}/communities/${open.slug}/join`, {});
    expect([removed.status, removed.body.error.code]).toEqual([403, 'removed']);
    const smuggled = await client.post(`${API}/communities/${open.slug}/join`, { role: 'coordinator' });
    expect([smuggled.status, smuggled.body.error.code]).toEqual([400, 'unknown_field']);
    expect(await verbsFor(open.id, user.id)).toEqual([]);
  });

  it('welcomes alumni back as active members, keeping their profile', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, joining: 'open' });
    const { user, client } = await t.signedInUser();
    await buildMember(t, community, user, { status: 'alumni', role: 'core', expertise: ['Fortran'] });
    const res = await client.post(`${API}/communities/${community.slug}/join`, {});
    expect(res.body.membership).toEqual({ role: 'member', status: 'active', breakUntil: null });
    expect((await membershipRow(t, community, user)).expertise).toEqual(['Fortran']);
  });
});

describe('leaving, breaks and coming back', () => {
  it('makes a leaver alumni with their role kept as history', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    await buildMember(t, community, user, { role: 'core' });
    const res = await client.post(`${API}/communities/${community.slug}/leave`);
    expect(res.status).toBe(200);
    expect(res.body.membership).toEqual({ role: 'core', status: 'alumni', breakUntil: null });
    expect((await client.post(`${API}/communities/${community.slug}/leave`)).status).toBe(403);
    expect(await verbsFor(community.id, user.id)).toEqual(['left']);
  });

  it('keeps the only coordinator from leaving until someone else coordinates', async () => {
    const { user, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: user });
    const refused = await client.post(`${API}/communities/${community.slug}/leave`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'last_coordinator']);
    expect((await membershipRow(t, community, user)).status).toBe('active');
    const other = await t.createUser();
    await buildMember(t, community, other, { role: 'coordinator', status: 'on_break' });
    expect((await client.post(`${API}/communities/${community.slug}/leave`)).status).toBe(200);
  });

  it('lets only one of two lone coordinators step down at the same moment', async () => {
    const a = await t.signedInUser();
    const b = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: a.user });
    await buildMember(t, community, b.user, { role: 'coordinator' });
    const results = await Promise.all([
      a.client.post(`${API}/communities/${community.slug}/leave`),
      b.client.post(`${API}/communities/${community.slug}/leave`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('takes a break until a future date and returns', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    await buildMember(t, community, user);
    const url = `${API}/communities/${community.slug}`;
    for (const until of [isoDate(0), isoDate(-3)]) {
      const res = await client.post(`${url}/break`, { until });
      expect([res.status, res.body.error.code, res.body.error.field]).toEqual([422, 'not_in_future', 'until']);
    }
    for (const until of ['2030-02-30', 'next week', '2030-1-5']) {
      expect((await client.post(`${url}/break`, { until })).status).toBe(400);
    }
    const until = isoDate(30);
    const res = await client.post(`${url}/break`, { until });
    expect(res.body.membership).toEqual({ role: 'member', status: 'on_break', breakUntil: until });
    expect((await client.get(url)).body.abilities).toMatchObject({
      takeBreak: false,
      returnFromBreak: true,
      leave: true,
    });
    expect((await client.post(`${url}/break`, {})).status).toBe(403);
    const back = await client.post(`${url}/return`);
    expect(back.body.membership).toEqual({ role: 'member', status: 'active', breakUntil: null });
    expect((await client.post(`${url}/return`)).status).toBe(403);
    const open = await client.post(`${url}/break`, {});
    expect(open.body.membership.breakUntil).toBeNull();
    expect(await verbsFor(community.id, user.id)).toEqual(['took_break', 'returned', 'took_break']);
  });

  it('counts members on a break as members', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    await buildMember(t, community, await t.createUser(), { status: 'on_break' });
    await buildMember(t, community, await t.createUser(), { status: 'alumni' });
    await buildMember(t, community, await t.createUser(), { status: 'pending' });
    const res = await t.client().get(`${API}/communities/${community.slug}`);
    expect(res.body.memberCount).toBe(2);
  });
});
