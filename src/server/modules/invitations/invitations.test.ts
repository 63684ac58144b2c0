import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, invitations } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { linkIn } from '../../../../test/mailbox.js';
import { buildCommunity, buildInvitation, buildMember, membershipRow } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const tokenOf = (link: string) => link.split('/invite/')[1];

async function verbs(communityId: string) {
  const rows = await t.deps.db.select().from(activityEvents).where(eq(activityEvents.communityId, communityId));
  return rows.map((r) => r.verb);
}

describe('inviting by email', () => {
  it('mails a single-use link that shows a private community to the invited person only', async () => {
    const { user: coordinator, client } = await t.signedInUser({ name: 'Coco <b>' });
    const community = await buildCommunity(t, { createdBy: coordinator, visibility: 'private', name: 'Quiet Room' });
    const invited = await t.signedInUser({ email: `Invitee.${Date.now()}@Example.org` });
    const address = invited.user.email.toLowerCase();

    const res = await client.post(`${API}/communities/${community.slug}/invitations`, {
      emails: [invited.user.email, coordinator.email],
      message: 'Come <script>alert(1)</script> along',
    });
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([coordinator.email.toLowerCase()]);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        email: address,
        role: 'member',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        invitedBy: { id: coordinator.id, name: 'Coco <b>' },
        status: 'pending',
      },
    ]);
    const days = (Date.parse(res.body.items[0].expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const mail = await t.mail.waitFor(address, (m) => m.subject.includes('invited'));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    const token = tokenOf(linkIn(mail, '/invite/'));
    const [stored] = await t.deps.db.select().from(invitations).where(eq(invitations.id, res.body.items[0].id));
    expect(stored.tokenHash).not.toContain(token);

    expect((await invited.client.get(`${API}/communities/${community.slug}`)).status).toBe(404);
    const preview = await t.client().get(`${API}/invitations/${token}`);
    expect(preview.body).toEqual({
      community: { slug: community.slug, name: 'Quiet Room', domain: community.domain },
      email: address,
      invitedBy: { name: 'Coco <b>' },
      expiresAt: res.body.items[0].expiresAt,
    });

    expect((await t.client().post(`${API}/invitations/${token}/accept`)).status).toBe(401);
    const accepted = await invited.client.post(`${API}/invitations/${token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      community: { slug: community.slug },
      membership: { role: 'member', status: 'active', breakUntil: null },
    });
    expect((await invited.client.get(`${API}/communities/${community.slug}`)).status).toBe(200);

    const reused = await invited.client.post(`${API}/invitations/${token}/accept`);
    expect([reused.status, reused.body.error.code]).toEqual([404, 'invalid_invitation']);
    expect((await t.client().get(`${API}/invitations/${token}`)).status).toBe(404);
    const list = await client.get(`${API}/communities/${community.slug}/invitations`);
    expect(list.body.items[0].status).toBe('accepted');
    expect(await verbs(community.id)).toEqual(['invited', 'accepted_invitation']);
  });

  it('refuses another account, and expired, revoked or unknown links', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator, joining: 'invitation' });
    const invited = await t.signedInUser();
    const stranger = await t.signedInUser();
    const live = await buildInvitation(t, community, { email: invited.user.email, invitedBy: coordinator });

    const mismatch = await stranger.client.post(`${API}/invitations/${live.token}/accept`);
    expect([mismatch.status, mismatch.body.error.code]).toEqual([403, 'invite_email_mismatch']);
    expect(await membershipRow(t, community, stranger.user)).toBeUndefined();

    const expired = await buildInvitation(t, community, {
      email: invited.user.email,
      expiresAt: new Date(Date.now() - 1000),
    });
    for (const token of [expired.token, 'x', 'not-a-real-token-at-all']) {
      const res = await invited.client.post(`${API}/invitations/${token}/accept`);
      expect([res.status, res.body.error.code]).toEqual([404, 'invalid_invitation']);
      expect((await t.client().get(`${API}/invitations/${token}`)).body.error.code).toBe('invalid_invitation');
    }

    expect((await client.delete(`${API}/communities/${community.slug}/invitations/${live.id}`)).status).toBe(204);
    const revoked = await invited.client.post(`${API}/invitations/${live.token}/accept`);
    expect([revoked.status, revoked.body.error.code]).toEqual([404, 'invalid_invitation']);
    const again = await client.delete(`${API}/communities/${community.slug}/invitations/${live.id}`);
    expect([again.status, again.body.error.code]).toEqual([409, 'invitation_closed']);
    const statuses = (await client.get(`${API}/communities/${community.slug}/invitations`)).body.items.map(
      (i: { id: string; status: string }) => [i.id, i.status],
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        [live.id, 'revoked'],
        [expired.id, 'expired'],
      ]),
    );
    expect(await verbs(community.id)).toEqual(['revoked_invitation']);
  });

  it('revokes the older invitation when the same address is invited again', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator });
    const invited = await t.signedInUser();
    const url = `${API}/communities/${community.slug}/invitations`;
    const first = await client.post(url, { emails: [invited.user.email] });
    const firstToken = tokenOf(linkIn(await t.mail.waitFor(invited.user.email), '/invite/'));
    t.mail.received.length = 0;
    const second = await client.post(url, { emails: [invited.user.email], role: 'core' });
    const secondToken = tokenOf(linkIn(await t.mail.waitFor(invited.user.email), '/invite/'));
    expect(secondToken).not.toBe(firstToken);
    expect((await invited.client.post(`${API}/invitations/${firstToken}/accept`)).status).toBe(404);
    const detail = await invited.client.get(`${API}/communities/${community.slug}`);
    expect(detail.body.pendingInvitation).toBe(true);
    const accepted = await invited.client.post(`${API}/invitations/${secondToken}/accept`);
    expect(accepted.body.membership.role).toBe('core');
    const items = (await client.get(url)).body.items;
    expect(items.find((i: { id: string }) => i.id === first.body.items[0].id).status).toBe('revoked');
    expect(items.find((i: { id: string }) => i.id === second.body.items[0].id).status).toBe('accepted');
  });

  it('lets alumni and removed people back in, but not current members', async () => {
    const { user: coordinator } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator });
    const removed = await t.signedInUser();
    await buildMember(t, community, removed.user, { status: 'removed' });
    const inviteRemoved = await buildInvitation(t, community, { email: removed.user.email, invitedBy: coordinator });
    expect((await removed.client.post(`${API}/invitations/${inviteRemoved.token}/accept`)).body.membership.status).toBe(
      'active',
    );

    const member = await t.signedInUser();
    await buildMember(t, community, member.user);
    const inviteMember = await buildInvitation(t, community, { email: member.user.email, invitedBy: coordinator });
    const res = await member.client.post(`${API}/invitations/${inviteMember.token}/accept`);
    expect([res.status, res.body.error.code]).toEqual([409, 'already_member']);
    // The refusal used nothing up.
    expect((await t.client().get(`${API}/invitations/${inviteMember.token}`)).status).toBe(200);
  });

  it('validates the request and keeps the core group for coordinators to hand out', async () => {
    const { user: coordinator, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: coordinator });
    const core = await t.signedInUser();
    await buildMember(t, community, core.user, { role: 'core' });
    const url = `${API}/communities/${community.slug}/invitations`;
    const cases: [unknown, number, string][] = [
      [{ emails: [] }, 400, 'too_short'],
      [{ emails: ['not-an-email'] }, 400, 'invalid_format'],
      [{ emails: Array.from({ length: 51 }, (_, i) => `p${i}@example.org`) }, 400, 'too_long'],
      [{ emails: ['a@example.org'], role: 'coordinator' }, 400, 'invalid_value'],
      [{ emails: 'a@example.org' }, 400, 'invalid_type'],
      [{ emails: ['a@example.org'], expiresAt: '2999-01-01' }, 400, 'unknown_field'],
    ];
    for (const [body, status, code] of cases) {
      const res = await client.post(url, body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
    const asCore = await core.client.post(url, { emails: ['friend@example.org'], role: 'core' });
    expect([asCore.status, asCore.body.error.code, asCore.body.error.field]).toEqual([403, 'role_not_allowed', 'role']);
    expect((await core.client.post(url, { emails: ['friend@example.org'] })).status).toBe(201);
    const rows = await t.deps.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.communityId, community.id), eq(invitations.role, 'core')));
    expect(rows).toEqual([]);
  });
});
