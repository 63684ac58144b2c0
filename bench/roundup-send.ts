/**
 * Sends one round-up to 10,000 members through the job queue and a local SMTP server (in a
 * worker thread, discarding what it receives): the fan-out job, then one delivery job per member
 * (render, SMTP, record), as in production. Prints messages per second on each database.
 * Target: at least 300 messages a second.
 *
 *   npx tsx bench/roundup-send.ts          (BENCH_MEMBERS, BENCH_DATABASES=pglite,postgres, JOB_CONCURRENCY)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import pino from 'pino';
import { and, count, eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/server/db/client.js';
import {
  communities,
  jobs,
  memberships,
  roundupDeliveries,
  roundupItems,
  roundups,
  users,
} from '../src/server/db/schema/index.js';
import { createRunner } from '../src/server/jobs/registry.js';
import { createLocalPubSub } from '../src/server/platform/events.js';
import type { Deps } from '../src/server/platform/http.js';
import { enqueue } from '../src/server/platform/jobs.js';
import nodemailer from 'nodemailer';
import { prepare, renderFor } from '../src/server/modules/roundups/render.js';
import { createMailer } from '../src/server/platform/mailer.js';
import { learningFormats, roundupSections } from '../src/common/limits.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
const CONCURRENCY = Number(process.env.JOB_CONCURRENCY ?? 16);
const TARGET = 300;
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const topics = ['Testing', 'Packaging', 'Data', 'Python', 'Careers', 'Security', 'HPC', 'Visualisation'];

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const some = <T>(values: readonly T[], max: number) => [
  ...new Set(
    Array.from({ length: Math.floor(random() * (max + 1)) }, () => values[Math.floor(random() * values.length)]),
  ),
];

async function startSink() {
  const worker = new Worker(new URL('./smtp-sink.mjs', import.meta.url), { workerData: { expect: MEMBERS + 1 } });
  let received = 0;
  const listeners = new Set<() => void>();
  const port = await new Promise<number>((resolve) =>
    worker.on('message', (m: { port?: number; received?: number }) => {
      if (m.port) resolve(m.port);
      if (m.received !== undefined) {
        received = m.received;
        for (const l of listeners) l();
      }
    }),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    until: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (received >= n) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
      }),
    close: () => worker.terminate(),
  };
}

async function open(kind: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({});
    return { database, drop: () => database.close() };
  }
  const name = `cp_bench_send_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 10 });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function seedRoundup(database: Database) {
  const db = database.db;
  const [coordinator] = await db
    .insert(users)
    .values({ name: 'Bench Coordinator', email: 'coordinator@bench.example', emailVerifiedAt: new Date() })
    .returning();
  const [community] = await db
    .insert(communities)
    .values({
      slug: 'bench-roundup',
      name: 'Bench Round-up',
      type: 'open',
      visibility: 'public',
      joining: 'open',
      topics,
      createdBy: coordinator.id,
    })
    .returning();
  await db.insert(memberships).values({
    communityId: community.id,
    userId: coordinator.id,
    role: 'coordinator',
    status: 'active',
    joinedAt: new Date(),
  });
  for (let i = 0; i < MEMBERS; i += 1000) {
    const batch = await db
      .insert(users)
      .values(
        Array.from({ length: Math.min(1000, MEMBERS - i) }, (_, j) => ({
          name: `Member ${i + j}`,
          email: `member${i + j}@bench.example`,
          emailVerifiedAt: new Date(),
        })),
      )
      .returning({ id: users.id });
    await db.insert(memberships).values(
      batch.map((u) => ({
        communityId: community.id,
        userId: u.id,
        status: 'active',
        joinedAt: new Date(),
        interests: some(topics, 3),
        expertise: some(topics, 2),
        learningFormats: some(learningFormats, 3),
      })),
    );
  }
  const now = new Date();
  const [roundup] = await db
    .insert(roundups)
    .values({
      communityId: community.id,
      status: 'scheduled',
      periodStart: new Date(now.getTime() - 7 * 86_400_000),
      periodEnd: now,
      subject: 'Bench Round-up — this week',
      intro: 'Thanks to everyone who answered a question this week.',
      introHtml: '<p>Thanks to everyone who answered a question this week.</p>',
      sentBy: coordinator.id,
    })
    .returning();
  await db.insert(roundupItems).values(
    roundupSections.flatMap((section, s) =>
      Array.from({ length: 6 }, (_, i) => ({
        roundupId: roundup.id,
        section,
        objectType: section === 'newcomers' ? 'member' : section === 'resources' ? 'resource' : 'post',
        objectId: randomUUID(),
        title: `Item ${s}.${i}: what we learned about ${topics[(s + i) % topics.length]}`,
        summary: 'A short summary of the item, about two lines long in a mail client, to make the copy realistic.',
        path: `/c/bench-roundup/posts/${randomUUID()}`,
        topics: [topics[(s + i) % topics.length]],
        formats: section === 'resources' ? ['read'] : ['discuss'],
        position: i,
      })),
    ),
  );
  return { roundup, community };
}

/** A copy like the ones the run sends: the same items, rendered for one member. */
function sampleCopy() {
  const items = roundupSections.flatMap((section, s) =>
    Array.from({ length: 6 }, (_, i) => ({
      id: randomUUID(),
      section,
      title: `Item ${s}.${i}: what we learned about ${topics[(s + i) % topics.length]}`,
      summary: 'A short summary of the item, about two lines long in a mail client, to make the copy realistic.',
      path: `/c/bench-roundup/posts/${randomUUID()}`,
      topics: [topics[(s + i) % topics.length]],
      formats: section === 'resources' ? ['read'] : ['discuss'],
      meta: {},
    })),
  );
  const prepared = prepare(
    {
      kind: 'roundup',
      roundupId: randomUUID(),
      community: { id: randomUUID(), name: 'Bench Round-up', slug: 'bench-roundup' },
      subject: 'Bench Round-up — this week',
      introHtml: '<p>Thanks to everyone who answered a question this week.</p>',
      items,
      origin: 'https://commonplace.example.org',
    },
    randomBytes(32),
  );
  const copy = renderFor(prepared, {
    userId: randomUUID(),
    name: 'Member One',
    interests: ['Data'],
    expertise: [],
    learningFormats: ['read'],
  });
  return { html: copy.html, text: copy.text, subject: copy.subject };
}

async function run(kind: string) {
  const { database, drop } = await open(kind);
  const sink = await startSink();
  try {
    await database.migrate();
    const seeded = performance.now();
    const { roundup } = await seedRoundup(database);
    process.stdout.write(
      `  ${kind}: seeded ${MEMBERS.toLocaleString('en')} members in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`,
    );
    const logger = pino({ level: 'error' });
    const mailer = createMailer(database.db, { smtpUrl: sink.url, from: 'Bench <bench@bench.example>', logger });
    const deps: Deps = {
      db: database.db,
      mailer,
      logger,
      events: createLocalPubSub(),
      config: { publicUrl: 'https://commonplace.example.org', trustProxy: false },
      jobs: { wake: () => {} },
    };
    const runner = createRunner(deps, { concurrency: CONCURRENCY, pollMs: 200 });
    deps.jobs = runner;
    const started = performance.now();
    await enqueue(database.db, 'roundup.send', { roundupId: roundup.id }, { key: `${roundup.id}:send` });
    runner.start();
    const recipients = MEMBERS + 1;
    let fannedOut = 0;
    const fanout = (async () => {
      for (;;) {
        const [done] = await database.db
          .select({ n: count() })
          .from(jobs)
          .where(and(eq(jobs.type, 'roundup.send'), eq(jobs.status, 'succeeded')));
        if (Number(done.n) > 0) return (fannedOut = performance.now());
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await sink.until(recipients);
    const elapsed = (performance.now() - started) / 1000;
    await fanout;
    await runner.stop();
    mailer.close();
    const [sent] = await database.db
      .select({ n: count() })
      .from(roundupDeliveries)
      .where(and(eq(roundupDeliveries.roundupId, roundup.id), eq(roundupDeliveries.status, 'sent')));
    const rate = recipients / elapsed;
    const fanoutSeconds = (fannedOut - started) / 1000;
    console.log(
      `  ${kind}: ${recipients.toLocaleString('en')} copies in ${elapsed.toFixed(1)} s = ${Math.round(rate)} messages/s ` +
        `(fan-out ${fanoutSeconds.toFixed(1)} s; ${Number(sent.n).toLocaleString('en')} recorded sent; concurrency ${CONCURRENCY})`,
    );
    return { kind, rate, elapsed, fanoutSeconds, recorded: Number(sent.n) };
  } finally {
    await sink.close();
    await drop();
  }
}

/**
 * The ceiling on this machine: the same SMTP client and sink with nothing else — one rendered
 * copy of the same size sent over and over, no database, no jobs.
 */
async function bareSmtp(sample: { html: string; text: string; subject: string }, n: number) {
  const sink = await startSink();
  const transport = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
  } as never);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        next++;
        await transport.sendMail({
          from: 'Bench <bench@bench.example>',
          to: 'member@bench.example',
          subject: sample.subject,
          html: sample.html,
          text: sample.text,
          textEncoding: 'quoted-printable',
        });
      }
    }),
  );
  const rate = n / ((performance.now() - started) / 1000);
  transport.close();
  await sink.close();
  return rate;
}

console.log(
  `round-up delivery: ${MEMBERS.toLocaleString('en')} members, local SMTP server, ${cpus()[0]?.model.trim()}, Node ${process.version}`,
);
const results = [];
for (const kind of DATABASES) results.push(await run(kind));
const copy = sampleCopy();
const ceiling = await bareSmtp(copy, Math.min(MEMBERS, 5000));
console.log(
  `  bare SMTP, same client and sink, a ${Math.round((copy.html.length + copy.text.length) / 1024)} KiB copy, no database: ${Math.round(ceiling)} messages/s`,
);
for (const r of results) {
  if (r.rate < TARGET) {
    console.error(`  ${r.kind}: below the target of ${TARGET} messages/s`);
    process.exitCode = 1;
  }
}
