import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, jobs, memberships } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, membershipRow } from '../../../../test/factories.js';
import { recordVisit } from './visits.js';

/** "While you were away": offered after 30 days without a visit or on returning from a break, mailed once. */

const API = '/api/v1';
const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Signed = Awaited<ReturnType<TestApp['signedInUser']>>;

const mailTo = (who: Signed) => t.mail.received.filter((m) => m.to.includes(who.user.email.toLowerCase()));

async function setMembership(c: { id: string }, who: Signed, values: Partial<typeof memberships.$inferInsert>) {
  await t.deps.db
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.communityId, c.id), eq(memberships.userId, who.user.id)));
}

/** A community with something to catch up on: a win, and a question still waiting for an answer. */
async function lively() {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const c = await buildCommunity(t, { createdBy: owner.user, name: 'Potters', topics: ['Glazes', 'Kilns'] });
  const writer = await t.signedInUser({ name: 'Wren Writer' });
  await buildMember(t, c, writer.user);
  const win = await buildPost(t, c, writer, { kind: 'win', title: 'Our first wood firing worked', tags: ['Kilns'] });
  const question = await buildPost(t, c, writer, {
    kind: 'question',
    title: 'Which glaze for stoneware?',
    tags: ['Glazes'],
  });
  const member = await t.signedInUser({ name: 'Mo Member' });
  await buildMember(t, c, member.user);
  return { owner, c, writer, member, win, question };
}

const catchUpActivities = async (c: { id: string }, who: Signed) =>
  t.deps.db
    .select()
    .from(activityEvents)
    .where(
      and(
        eq(activityEvents.communityId, c.id),
        eq(activityEvents.actorId, who.user.id),
        eq(activityEvents.verb, 'catchup.viewed'),
      ),
    );

describe('after a long absence', () => {
  it('offers the catch-up in the app and mails it once', async () => {
    const { c, member, win, question } = await lively();
    const lastVisit = new Date(Date.now() - 31 * DAY);
    await setMembership(c, member, { lastSeenAt: lastVisit });

    const res = await member.client.get(`${API}/communities/${c.slug}/catch-up`);
    expect(res.status).toBe(200);
    expect(res.body.communitySlug).toBe(c.slug);
    expect(res.body.since).toBe(lastVisit.toISOString());
    const sections = Object.fromEntries(
      res.body.sections.map((s: { section: string; items: { objectId: string }[] }) => [s.section, s.items]),
    );
    expect(sections.wins.map((i: { objectId: string }) => i.objectId)).toEqual([win.id]);
    expect(sections.unanswered.map((i: { objectId: string }) => i.objectId)).toEqual([question.id]);
    expect(sections.wins[0]).toMatchObject({ path: `/c/${c.slug}/posts/${win.id}`, included: true, position: 0 });

    await t.runJobs();
    expect(mailTo(member)).toHaveLength(1);
    const mail = mailTo(member)[0];
    expect(mail.subject).toBe('While you were away: what happened in Potters');
    expect(mail.text).toContain('Our first wood firing worked');
    expect(mail.text).toContain('Which glaze for stoneware?');
    expect(mail.text).toContain(`/c/${c.slug}/posts/${win.id}`);

    // Still offered until seen, but never mailed twice.
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(200);
    await recordVisit(t.deps, c.id, member.user.id, new Date(Date.now() + 2 * 3_600_000));
    await t.runJobs();
    expect(mailTo(member)).toHaveLength(1);
  });

  it('is cleared once seen, which the activity log records once', async () => {
    const { c, member } = await lively();
    await setMembership(c, member, { lastSeenAt: new Date(Date.now() - 40 * DAY) });
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(200);

    expect((await member.client.post(`${API}/communities/${c.slug}/catch-up/seen`)).status).toBe(204);
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);
    expect((await membershipRow(t, c, member.user)).catchUpSince).toBeNull();
    const logged = await catchUpActivities(c, member);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ objectType: 'member', objectId: member.user.id });

    // Saying so again changes nothing.
    expect((await member.client.post(`${API}/communities/${c.slug}/catch-up/seen`)).status).toBe(204);
    expect(await catchUpActivities(c, member)).toHaveLength(1);
    // Seen before the mail went: no mail.
    await t.runJobs();
    expect(mailTo(member)).toHaveLength(0);
  });

  it('is not mailed to those who turned catch-up mail off', async () => {
    const { c, member } = await lively();
    await member.client.patch(`${API}/me/mail-preferences`, { catchUpEmail: false });
    await setMembership(c, member, { lastSeenAt: new Date(Date.now() - 45 * DAY) });
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(200);
    await t.runJobs();
    expect(mailTo(member)).toHaveLength(0);
    const queued = await t.deps.db.select().from(jobs).where(eq(jobs.type, 'catchup.mail'));
    expect(queued.some((j) => (j.payload as { userId: string }).userId === member.user.id)).toBe(false);
  });

  it('is not offered after a short absence, and visits are written at most hourly', async () => {
    const { c, member } = await lively();
    const recent = new Date(Date.now() - 10 * DAY);
    await setMembership(c, member, { lastSeenAt: recent });
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);
    const seen = (await membershipRow(t, c, member.user)).lastSeenAt!;
    expect(seen.getTime()).toBeGreaterThan(recent.getTime());
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);
    expect((await membershipRow(t, c, member.user)).lastSeenAt!.getTime()).toBe(seen.getTime());
    const later = await recordVisit(t.deps, c.id, member.user.id, new Date(seen.getTime() + 61 * 60_000));
    expect(later.recorded).toBe(true);
  });

  it('asks people to sign in, and offers nothing to those who are not members', async () => {
    const { c } = await lively();
    expect((await t.client().get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(401);
    const outsider = await t.signedInUser({ name: 'Otto Outsider' });
    expect((await outsider.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);
  });
});

describe('returning from a break', () => {
  it('offers a catch-up reaching back to when the break began, and mails it once', async () => {
    const { c, member, win } = await lively();
    expect((await member.client.post(`${API}/communities/${c.slug}/break`, {})).status).toBe(200);
    const began = new Date(Date.now() - 12 * DAY);
    await setMembership(c, member, { statusChangedAt: began, lastSeenAt: began });
    // On a break: nothing is offered.
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);

    expect((await member.client.post(`${API}/communities/${c.slug}/return`)).status).toBe(200);
    const res = await member.client.get(`${API}/communities/${c.slug}/catch-up`);
    expect(res.status).toBe(200);
    expect(res.body.since).toBe(began.toISOString());
    expect(res.body.sections.find((s: { section: string }) => s.section === 'wins').items[0].objectId).toBe(win.id);

    await t.runJobs();
    await t.runJobs();
    expect(mailTo(member)).toHaveLength(1);
    expect(mailTo(member)[0].subject).toContain('While you were away');

    expect((await member.client.post(`${API}/communities/${c.slug}/catch-up/seen`)).status).toBe(204);
    expect(await catchUpActivities(c, member)).toHaveLength(1);
    expect((await member.client.get(`${API}/communities/${c.slug}/catch-up`)).status).toBe(204);
  });
});
