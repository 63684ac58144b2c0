import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobs, roundupDeliveries } from '../../db/schema/index.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import { setupTestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, type CommunityRow } from '../../../../test/factories.js';

/**
 * Delivery through an SMTP outage: the server stops while a round-up is being sent, the copies
 * that could not go out wait and retry, and when it is back every member has exactly one copy.
 * (Killing the app process mid-send is tested with the real server in e2e/roundup-kill.test.ts.)
 */

let t: TestApp;
let coordinator: { user: { id: string; email: string }; client: Client };
let community: CommunityRow;
const members: { id: string; email: string }[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, { createdBy: coordinator.user, topics: ['Testing', 'Packaging'] });
  for (let i = 0; i < 24; i++) {
    const user = await t.createUser({ name: `Reader ${i + 1}` });
    await buildMember(t, community, user);
    members.push(user);
  }
  await buildPost(t, community, coordinator.client, {
    kind: 'win',
    title: 'Our test suite runs in two minutes now',
    tags: ['Testing'],
  });
});
afterAll(() => t.close());

it('retries copies the SMTP server refused while down, and delivers each exactly once when it is back', async () => {
  const base = `/api/v1/communities/${community.slug}/roundups`;
  const drafted = await coordinator.client.post(base);
  expect(drafted.status).toBe(201);
  const id = drafted.body.id as string;
  const subject = drafted.body.subject as string;
  expect((await coordinator.client.post(`${base}/${id}/send`)).status).toBeLessThan(300);

  const ours = () => t.mail.received.filter((m) => m.subject === subject);
  await t.runJobs({ types: ['roundup.send'] });
  const recipients = members.length + 1;
  const deliveries = await t.deps.db.select().from(roundupDeliveries).where(eq(roundupDeliveries.roundupId, id));
  expect(deliveries).toHaveLength(recipients);

  // Part of the round-up goes out, then the SMTP server stops.
  await t.runJobs({ types: ['roundup.deliver'], maxJobs: 9 });
  expect(ours()).toHaveLength(9);
  await t.mail.stop();
  await t.runJobs({ types: ['roundup.deliver'] });
  const waiting = await t.deps.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, 'roundup.deliver'), eq(jobs.status, 'queued')));
  expect(waiting).toHaveLength(recipients - 9);
  expect(waiting.every((j) => j.attempts === 1 && j.lastError && j.runAt > new Date())).toBe(true);
  expect(ours()).toHaveLength(9);

  // Back up: once the back-off has passed, the rest go out, and nothing goes twice.
  await t.mail.start();
  await t.runJobs({ types: ['roundup.deliver'], now: new Date(Date.now() + 3_600_000) });
  const got = ours();
  expect(got).toHaveLength(recipients);
  const everyone = [coordinator.user.email, ...members.map((m) => m.email)].map((e) => e.toLowerCase()).sort();
  expect(got.flatMap((m) => m.to).sort()).toEqual(everyone);
  expect(new Set(got.map((m) => m.messageId)).size).toBe(recipients);

  const after = await t.deps.db.select().from(roundupDeliveries).where(eq(roundupDeliveries.roundupId, id));
  expect(after.every((d) => d.status === 'sent')).toBe(true);
  const stats = await coordinator.client.get(`${base}/${id}/stats`);
  expect(stats.body).toMatchObject({ recipients, delivered: recipients, failed: 0 });

  // Sending again neither queues nor mails anything more.
  const again = await coordinator.client.post(`${base}/${id}/send`);
  expect(again.status).toBe(409);
  await t.runJobs({ now: new Date(Date.now() + 7_200_000) });
  expect(ours()).toHaveLength(recipients);
});
