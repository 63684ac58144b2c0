import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, startServer } from './server-process.js';
import { openDatabase } from '../src/server/db/client.js';
import { apiTokens, communities, memberships, users } from '../src/server/db/schema/index.js';
import { hashSecret } from '../src/server/platform/secrets.js';
import { startMailbox, type ReceivedMail } from '../test/mailbox.js';

/**
 * The app process is killed with SIGKILL while a round-up is going out through a slow SMTP
 * server, then started again. Every member must end up with the round-up; a copy sent twice can
 * only be one that was in the SMTP conversation at the moment of the kill, and it is the same
 * message (same Message-ID), which mail clients show once.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'cp-roundup-kill-'));
const members = 60;
const concurrency = 4;
let server: ChildProcess | undefined;
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
afterAll(async () => {
  server?.kill('SIGKILL');
  await mailbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (port: number, smtpUrl: string) =>
  startServer(port, dataDir, {
    SMTP_URL: smtpUrl,
    JOB_CONCURRENCY: String(concurrency),
    BACKUP_INTERVAL_HOURS: '0',
  });

/** A coordinator with an API token and a community of `members` readers, written before the server starts. */
async function seed() {
  const database = await openDatabase({ dataDir });
  await database.migrate();
  const db = database.db;
  const [coordinator] = await db
    .insert(users)
    .values({ name: 'Kill Coordinator', email: 'coordinator@kill.example', emailVerifiedAt: new Date() })
    .returning();
  const [community] = await db
    .insert(communities)
    .values({
      slug: 'kill-test',
      name: 'Kill Test',
      type: 'open',
      visibility: 'public',
      joining: 'open',
      topics: ['Testing'],
      createdBy: coordinator.id,
    })
    .returning();
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: members }, (_, i) => ({
        name: `Reader ${i + 1}`,
        email: `reader${i + 1}@kill.example`,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id });
  const joined = new Date();
  await db
    .insert(memberships)
    .values([
      { communityId: community.id, userId: coordinator.id, role: 'coordinator', status: 'active', joinedAt: joined },
      ...people.map((p) => ({ communityId: community.id, userId: p.id, status: 'active', joinedAt: joined })),
    ]);
  const token = `cp_kill_${randomBytes(16).toString('hex')}`;
  await db
    .insert(apiTokens)
    .values({ userId: coordinator.id, name: 'kill', tokenHash: hashSecret(token), prefix: token.slice(0, 10) });
  await database.close();
  return { token, slug: community.slug };
}

it(
  'delivers every copy of a round-up once when the app is killed mid-send and restarted',
  { timeout: 240_000 },
  async () => {
    const { token, slug } = await seed();
    // 40 ms per message: a round-up of 61 copies takes long enough to be killed in the middle.
    mailbox = await startMailbox({ delayMs: 40 });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1/communities/${slug}/roundups`;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    server = await start(port, mailbox.url);

    const drafted = await fetch(base, { method: 'POST', headers: auth, body: '{}' });
    expect(drafted.status).toBe(201);
    const { id, subject } = (await drafted.json()) as { id: string; subject: string };
    const sent = await fetch(`${base}/${id}/send`, { method: 'POST', headers: auth, body: '{}' });
    expect(sent.status).toBeLessThan(300);

    const ours = () => mailbox!.received.filter((m: ReceivedMail) => m.subject === subject);
    const recipients = members + 1;
    for (let i = 0; i < 600 && ours().length < 15; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ours().length).toBeGreaterThanOrEqual(15);
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGKILL');
    await exited;
    const beforeKill = ours().length;
    expect(beforeKill).toBeLessThan(recipients);

    // Restarted, the server takes up the copies the dead process held once their lease runs out.
    server = await start(port, mailbox.url);
    const everyone = new Set([
      'coordinator@kill.example',
      ...Array.from({ length: members }, (_, i) => `reader${i + 1}@kill.example`),
    ]);
    const reached = () => new Set(ours().flatMap((m) => m.to));
    for (let i = 0; i < 1200 && reached().size < recipients; i++) await new Promise((r) => setTimeout(r, 100));
    expect([...everyone].filter((e) => !reached().has(e))).toEqual([]);

    // The copies the killed process held in the SMTP conversation are sent again once their
    // lease runs out; wait until every delivery is recorded, then count.
    const stats = async () =>
      (await (await fetch(`${base}/${id}/stats`, { headers: auth })).json()) as Record<string, number>;
    let last = await stats();
    for (let i = 0; i < 900 && last.delivered < recipients; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await stats();
    }
    expect(last).toMatchObject({ recipients, delivered: recipients, failed: 0 });
    await new Promise((r) => setTimeout(r, 500));

    const byRecipient = new Map<string, ReceivedMail[]>();
    for (const m of ours()) for (const to of m.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), m]);
    expect(byRecipient.size).toBe(recipients);
    // Every member's copies are one message: the same Message-ID, shown once by mail clients.
    for (const [, copies] of byRecipient) expect(new Set(copies.map((c) => c.messageId)).size).toBe(1);
    // A second copy exists only for a message the SMTP server accepted in the instant before the
    // kill, before the dead process could record it: at most one per job it was running.
    const extra = ours().length - recipients;
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(concurrency);
    console.info(`round-up kill test: ${beforeKill} copies before the kill, ${extra} sent twice (same Message-ID)`);
  },
);
