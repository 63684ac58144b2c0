import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, notifications, posts } from '../../db/schema/index.js';
import { enqueue } from '../../platform/jobs.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { HEALTH_CHECK_JOB } from './check-jobs.js';

/**
 * The weekly health check tells a community's coordinators, in the app and by mail as they chose,
 * when it finds something it did not have before; core members are not told, a run that finds
 * nothing new tells nobody, and mail goes only to those who still steer the community's health.
 */

const API = '/api/v1';
const MIN = 60_000;
const DAY = 86_400_000;
// A Thursday: later runs the same day fall in the same local week.
const NOW = new Date('2026-11-26T10:00:00Z');

let t: TestApp;
// node-postgres warns once per process when a query is sent while its connection is busy: overlapping
// queries on one transaction. None of what runs here may do that.
const overlapping: string[] = [];
const onWarning = (warning: Error) => {
  if (/already executing a query/.test(warning.message)) overlapping.push(warning.message);
};
beforeAll(async () => {
  process.on('warning', onWarning);
  t = await setupTestApp();
});
afterAll(async () => {
  process.off('warning', onWarning);
  await t?.close();
});

type Signed = Awaited<ReturnType<TestApp['signedInUser']>>;

/** Questions in one topic that nobody but the asker has answered: the check's first rule. */
async function waitingQuestions(communityId: string, authorId: string, topic: string, count: number) {
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const at = new Date(NOW.getTime() - (3 + i) * DAY);
    await t.deps.db.insert(posts).values({
      id,
      communityId,
      authorId,
      kind: 'question',
      title: `What about ${topic.toLowerCase()}, part ${i + 1}?`,
      body: 'Does anyone know?',
      bodyHtml: '<p>Does anyone know?</p>',
      tags: [topic],
      createdAt: at,
      lastActivityAt: at,
    });
    await t.deps.db.insert(activityEvents).values({
      actorId: authorId,
      communityId,
      verb: 'posted',
      objectType: 'post',
      objectId: id,
      data: { kind: 'question' },
      occurredAt: at,
    });
  }
}

/** Runs the `health.check` job for the community as if at `at` (the way both the schedule and "run now" do). */
async function runCheck(communityId: string, at: Date) {
  await enqueue(t.deps.db, HEALTH_CHECK_JOB, { communityId }, { key: randomUUID(), runAt: at, communityId });
  await t.runJobs({ now: at, types: [HEALTH_CHECK_JOB] });
}

/** Runs a notification-mail sweep (and the mail it leads to) as if at `now`. */
async function sweepAt(now: Date) {
  await enqueue(t.deps.db, 'notifications.sweep', {}, { key: randomUUID(), runAt: now });
  await t.runJobs({ now });
}

const healthNotes = async (who: Signed) => {
  const res = await who.client.get(`${API}/notifications`);
  expect(res.status).toBe(200);
  return (res.body.items as { id: string; kind: string; community: { slug: string }; readAt: string | null }[]).filter(
    (n) => n.kind === 'health_check',
  );
};

describe('telling coordinators what the weekly health check found', () => {
  it('tells current coordinators once per new finding, not core members, and mails only those who still steer', async () => {
    const cora = await t.signedInUser({ name: 'Cora Coordinator' });
    const c = await buildCommunity(t, {
      createdBy: cora.user,
      name: `Soil Keepers ${randomUUID().slice(0, 6)}`,
      topics: ['Soil', 'Compost'],
    });
    const dan = await t.signedInUser({ name: 'Dan Daily' });
    await buildMember(t, c, dan.user, { role: 'coordinator' });
    await dan.client.patch(`${API}/me/mail-preferences`, { kinds: { health_check: 'daily' } });
    const stepped = await t.signedInUser({ name: 'Sam Stepped-down' });
    await buildMember(t, c, stepped.user, { role: 'coordinator' });
    const core = await t.signedInUser({ name: 'Col Core' });
    await buildMember(t, c, core.user, { role: 'core' });
    const asker = await t.signedInUser({ name: 'Ada Asker' });
    await buildMember(t, c, asker.user);
    await waitingQuestions(c.id, asker.user.id, 'Soil', 2);

    await runCheck(c.id, NOW);
    const [note] = await healthNotes(cora);
    expect(note).toMatchObject({ community: { slug: c.slug }, readAt: null });
    expect(await healthNotes(dan)).toHaveLength(1);
    expect(await healthNotes(stepped)).toHaveLength(1);
    expect(await healthNotes(core)).toEqual([]);
    expect(await healthNotes(asker)).toEqual([]);

    // Sam steps down before the mail goes: what the check found is for those who steer now.
    await buildMember(t, c, stepped.user, { role: 'member' });
    await sweepAt(new Date(NOW.getTime() + 3 * MIN));
    const subject = `The weekly health check found new things to look at in ${c.name}`;
    const mail = await t.mail.waitFor(cora.user.email, (m) => m.subject === subject);
    expect(mail.text).toContain(`/c/${c.slug}/health/check`);
    expect(mail.text).toMatch(/Stop mail about what the weekly health check finds: \S+\/unsubscribe\/mail\//);
    const to = (who: Signed) => t.mail.received.filter((m) => m.to.includes(who.user.email.toLowerCase()));
    expect(to(dan).map((m) => m.subject)).toEqual(['Your daily summary: 1 update on Commonplace']);
    expect(to(dan)[0].text).toContain(subject);
    expect(to(stepped)).toHaveLength(0);
    expect(to(core)).toHaveLength(0);
    expect(to(asker)).toHaveLength(0);

    // Run again the same week with nothing new: nobody is told again, in the app or by mail.
    await cora.client.post(`${API}/notifications/read-all`);
    await runCheck(c.id, new Date(NOW.getTime() + 60 * MIN));
    expect(await healthNotes(cora)).toEqual([{ ...note, readAt: expect.any(String) }]);
    const unread = await cora.client.get(`${API}/notifications/unread-count`);
    expect(unread.body.unreadCount).toBe(0);
    const mailsBefore = to(cora).length;
    await sweepAt(new Date(NOW.getTime() + 65 * MIN));
    expect(to(cora)).toHaveLength(mailsBefore);

    // Something new later that week: told again, the newer notification replacing the older.
    await waitingQuestions(c.id, asker.user.id, 'Compost', 2);
    const later = new Date(NOW.getTime() + 120 * MIN);
    await runCheck(c.id, later);
    const again = await healthNotes(cora);
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(note.id);
    expect(again[0].readAt).toBeNull();
    const rows = await t.deps.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'health_check'),
          eq(notifications.communityId, c.id),
          eq(notifications.createdAt, later),
        ),
      );
    // Only those who coordinate now: Sam keeps the older one, from when he did.
    expect(rows.map((r) => r.userId).sort()).toEqual([cora.user.id, dan.user.id].sort());
    expect(await healthNotes(core)).toEqual([]);

    expect(overlapping).toEqual([]);
  });

  it('keeps one notification per community for a coordinator of two', async () => {
    const cora = await t.signedInUser({ name: 'Cora Twice' });
    const asker = await t.signedInUser({ name: 'Abe Asker' });
    const communities = [];
    for (const name of ['Loam', 'Peat']) {
      const c = await buildCommunity(t, {
        createdBy: cora.user,
        name: `${name} ${randomUUID().slice(0, 6)}`,
        topics: ['Soil'],
      });
      await buildMember(t, c, asker.user);
      await waitingQuestions(c.id, asker.user.id, 'Soil', 2);
      communities.push(c);
    }
    await runCheck(communities[0].id, NOW);
    await runCheck(communities[1].id, new Date(NOW.getTime() + 5 * MIN));
    const notes = await healthNotes(cora);
    expect(notes.map((n) => n.community.slug).sort()).toEqual(communities.map((c) => c.slug).sort());
  });

  it('tells nobody when the check finds nothing', async () => {
    const cora = await t.signedInUser({ name: 'Cora Calm' });
    const c = await buildCommunity(t, { createdBy: cora.user, topics: ['Soil'] });
    await runCheck(c.id, NOW);
    expect(await healthNotes(cora)).toEqual([]);
  });
});
