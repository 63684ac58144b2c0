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

async function lastEvent(communityId: string, verb: string) {
  const rows = await t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, verb)));
  return rows.at(-1);
}

describe('the member directory', () => {
  it('keeps name order when a member renames themself, and pages by the new name', async () => {
    const owner = await t.createUser({ name: 'Olga Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const renamer = await t.signedInUser({ name: 'Yusuf Young' });
    await buildMember(t, community, renamer.user);
    for (const name of ['Bea Brook', 'Kai Kim']) await buildMember(t, community, await t.createUser({ name }));
    const url = `${API}/communities/${community.slug}/members`;
    const namesOf = (res: { body: { items: { name: string }[] } }) => res.body.items.map((m) => m.name);
    expect(namesOf(await renamer.client.get(url))).toEqual(['Bea Brook', 'Kai Kim', 'Olga Owner', 'Yusuf Young']);

    const renamed = await renamer.client.patch(`${API}/account`, { name: 'Ada Young' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const first = await renamer.client.get(`${url}?limit=2`);
    expect(namesOf(first)).toEqual(['Ada Young', 'Bea Brook']);
    const second = await renamer.client.get(`${url}?limit=2&cursor=${first.body.nextCursor}`);
    expect([namesOf(second), second.body.nextCursor]).toEqual([['Kai Kim', 'Olga Owner'], null]);
  });

  it('filters by status, role, expertise and name, and pages by name', async () => {
    const owner = await t.createUser({ name: 'Zoe Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gus'];
    for (const [i, name] of names.entries()) {
      await buildMember(t, community, await t.createUser({ name }), {
        role: i === 0 ? 'core' : 'member',
        status: i === 6 ? 'alumni' : i === 5 ? 'on_break' : 'active',
        expertise: i % 2 === 0 ? ['Data Curation', 'R'] : ['Python'],
      });
    }
    await buildMember(t, community, await t.createUser({ name: 'Pat Pending' }), { status: 'pending' });
    await buildMember(t, community, await t.createUser({ name: 'Rex Removed' }), { status: 'removed' });
    const { client } = await t.signedInUser();
    const url = `${API}/communities/${community.slug}/members`;
    const namesOf = (res: { body: { items: { name: string }[] } }) => res.body.items.map((m) => m.name);

    const first = await client.get(`${url}?limit=3`);
    expect(first.status).toBe(200);
    expect([namesOf(first), first.body.total]).toEqual([['Ana', 'Ben', 'Cleo'], 7]);
    const second = await client.get(`${url}?limit=3&cursor=${first.body.nextCursor}`);
    expect(namesOf(second)).toEqual(['Dev', 'Eve', 'Finn']);
    const third = await client.get(`${url}?limit=3&cursor=${second.body.nextCursor}`);
    expect([namesOf(third), third.body.nextCursor]).toEqual([['Zoe Owner'], null]);

    expect(namesOf(await client.get(`${url}?status=alumni`))).toEqual(['Gus']);
    expect(namesOf(await client.get(`${url}?status=on_break`))).toEqual(['Finn']);
    expect(namesOf(await client.get(`${url}?role=core`))).toEqual(['Ana']);
    expect(namesOf(await client.get(`${url}?role=coordinator`))).toEqual(['Zoe Owner']);
    expect(namesOf(await client.get(`${url}?expertise=data%20curation`))).toEqual(['Ana', 'Cleo', 'Eve']);
    expect(namesOf(await client.get(`${url}?q=e`))).toEqual(['Ben', 'Cleo', 'Dev', 'Eve', 'Zoe Owner']);

    for (const bad of ['status=pending', 'status=removed', 'limit=0', 'limit=101', 'role=boss', 'cursor=abc']) {
      expect((await client.get(`${url}?${bad}`)).status).toBe(400);
    }
    const member = first.body.items[0];
    expect(Object.keys(member).sort()).toEqual(
      [
        'abilities',
        'bio',
        'breakUntil',
        'expertise',
        'handle',
        'interests',
        'joinedAt',
        'learningFormats',
        'name',
        'role',
        'status',
        'timeZone',
        'userId',
      ].sort(),
    );
    expect(member.abilities).toEqual({ changeRole: false, remove: false, editProfile: false });
  });

  it('shows one member, but not pending or removed people', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const pending = await t.createUser();
    await buildMember(t, community, pending, { status: 'pending' });
    const { client } = await t.signedInUser();
    const url = `${API}/communities/${community.slug}/members`;
    expect((await client.get(`${url}/${owner.id}`)).body).toMatchObject({ userId: owner.id, role: 'coordinator' });
    expect((await client.get(`${url}/${pending.id}`)).status).toBe(404);
    expect((await client.get(`${url}/not-a-uuid`)).status).toBe(400);
  });
});

describe('profiles', () => {
  it('lets members edit their own profile only, and never their role', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    await buildMember(t, community, user);
    const url = `${API}/communities/${community.slug}/members/${user.id}/profile`;
    const res = await client.patch(url, {
      bio: '  I build pipelines.  ',
      expertise: ['Snakemake', 'snakemake', 'HPC'],
      learningFormats: ['read', 'do', 'read'],
      timeZone: 'europe/paris',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      bio: 'I build pipelines.',
      expertise: ['Snakemake', 'HPC'],
      learningFormats: ['read', 'do'],
      timeZone: 'Europe/Paris',
      abilities: { editProfile: true, changeRole: false },
    });
    expect((await lastEvent(community.id, 'updated_profile'))?.actorId).toBe(user.id);

    const refusals: [Record<string, unknown>, string, string][] = [
      [{ role: 'coordinator' }, 'unknown_field', 'role'],
      [{ status: 'active' }, 'unknown_field', 'status'],
      [{ timeZone: 'Mars/Olympus' }, 'validation', 'timeZone'],
      [{ learningFormats: ['sing'] }, 'invalid_value', 'learningFormats.0'],
      [{ bio: 'b'.repeat(2001) }, 'too_long', 'bio'],
      [{ expertise: 'R' }, 'invalid_type', 'expertise'],
    ];
    for (const [body, code, field] of refusals) {
      const r = await client.patch(url, body);
      expect([r.status, r.body.error.code, r.body.error.field]).toEqual([400, code, field]);
    }
    expect((await membershipRow(t, community, user)).role).toBe('member');
    expect((await client.patch(url, { timeZone: null })).body.timeZone).toBeNull();
    const unchanged = await client.patch(url, {});
    expect([unchanged.status, unchanged.body.bio]).toEqual([200, 'I build pipelines.']);

    const ownerProfile = await client.patch(`${API}/communities/${community.slug}/members/${owner.id}/profile`, {
      bio: 'hijacked',
    });
    expect(ownerProfile.status).toBe(403);
  });
});

describe('roles and removal', () => {
  it('lets coordinators change roles, but never leave the community without one', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator });
    const member = await t.createUser();
    await buildMember(t, community, member);
    const url = `${API}/communities/${community.slug}/members`;

    const demoteSelf = await client.put(`${url}/${coordinator.id}/role`, { role: 'member' });
    expect([demoteSelf.status, demoteSelf.body.error.code]).toEqual([409, 'last_coordinator']);
    const promoted = await client.put(`${url}/${member.id}/role`, { role: 'coordinator' });
    expect(promoted.body).toMatchObject({ role: 'coordinator', abilities: { changeRole: true, remove: true } });
    expect((await lastEvent(community.id, 'changed_role'))?.data).toEqual({ from: 'member', to: 'coordinator' });
    const stepDown = await client.put(`${url}/${coordinator.id}/role`, { role: 'core' });
    expect(stepDown.body).toMatchObject({ role: 'core', abilities: { changeRole: false } });
    expect((await client.put(`${url}/${member.id}/role`, { role: 'owner' })).status).toBe(400);
    expect((await client.put(`${url}/${member.id}/role`, { role: 'member' })).status).toBe(403);
  });

  it('lets coordinators remove members, but not themselves or the last coordinator', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator });
    const member = await t.createUser();
    await buildMember(t, community, member);
    const url = `${API}/communities/${community.slug}/members`;
    const self = await client.delete(`${url}/${coordinator.id}`);
    expect([self.status, self.body.error.code]).toEqual([403, 'cannot_remove_self']);
    expect((await client.delete(`${url}/${member.id}`)).status).toBe(204);
    expect((await membershipRow(t, community, member)).status).toBe('removed');
    expect((await client.get(`${url}/${member.id}`)).status).toBe(404);
    expect((await client.delete(`${url}/${member.id}`)).status).toBe(404);
    expect((await lastEvent(community.id, 'removed_member'))?.objectId).toBe(member.id);

    const { client: admin } = await t.signedInUser({ isAdmin: true });
    const last = await admin.delete(`${url}/${coordinator.id}`);
    expect([last.status, last.body.error.code]).toEqual([409, 'last_coordinator']);
  });
});

describe('requests to join', () => {
  it('shows requests with emails to coordinators only, and approves with a welcome mail', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator, joining: 'request', name: 'Data <Stewards>' });
    const applicant = await t.signedInUser({ name: 'Ria' });
    await applicant.client.post(`${API}/communities/${community.slug}/join`, { message: 'Hello!' });
    const url = `${API}/communities/${community.slug}/requests`;

    const list = await client.get(url);
    expect(list.body.items).toEqual([
      {
        userId: applicant.user.id,
        name: 'Ria',
        email: applicant.user.email,
        message: 'Hello!',
        requestedAt: expect.any(String),
      },
    ]);
    expect((await applicant.client.get(url)).status).toBe(403);
    const members = await client.get(`${API}/communities/${community.slug}/members`);
    expect(JSON.stringify(members.body)).not.toContain('@');

    const approved = await client.post(`${url}/${applicant.user.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ userId: applicant.user.id, status: 'active', role: 'member' });
    const mail = await t.mail.waitFor(applicant.user.email, (m) => m.subject.includes('Welcome'));
    expect(mail.html).toContain('Data &lt;Stewards&gt;');
    expect((await client.post(`${url}/${applicant.user.id}/approve`)).status).toBe(404);
    expect((await lastEvent(community.id, 'approved_request'))?.objectId).toBe(applicant.user.id);
  });

  it('declines kindly and lets the person ask again', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator, joining: 'request' });
    const applicant = await t.signedInUser();
    await applicant.client.post(`${API}/communities/${community.slug}/join`, {});
    const url = `${API}/communities/${community.slug}/requests/${applicant.user.id}`;
    expect((await client.post(`${url}/decline`)).status).toBe(204);
    expect(await membershipRow(t, community, applicant.user)).toBeUndefined();
    const mail = await t.mail.waitFor(applicant.user.email, (m) => m.subject.includes('request'));
    expect(mail.text).toContain('welcome to ask again');
    expect((await client.post(`${url}/decline`)).status).toBe(404);
    expect((await lastEvent(community.id, 'declined_request'))?.objectId).toBe(applicant.user.id);
    expect((await applicant.client.post(`${API}/communities/${community.slug}/join`, {})).body.membership.status).toBe(
      'pending',
    );
  });
});
