/**
 * npm run bench — seeds 20 communities / 10,000 members and their conversations (200,000 posts
 * and ~1,000,000 replies on PostgreSQL; a tenth of that on the embedded database) into fresh
 * databases, then loads the main pages with autocannon (50 connections, 10 s each) from this
 * process while the server runs in another, next to a bare Hono hello-world measured in the same
 * run. Writes docs/benchmarks.md's results section.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { apiTokens, communities, memberships, posts, replies, users } from '../src/server/db/schema/index.js';
import { generateConversations, syntheticWord } from '../src/server/db/seed/conversations.js';
import { renderMarkdown } from '../src/server/platform/markdown.js';
import { generateCommunities, type CommunitySpec } from '../src/server/db/seed/generate.js';
import { hashSecret } from '../src/server/platform/secrets.js';

const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
// For working on one thing: BENCH_DATABASES=postgres, BENCH_ONLY=feed (a pattern over endpoint
// names), BENCH_POSTS=20000. A partial run prints its table but leaves docs/benchmarks.md alone.
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
const POSTS = process.env.BENCH_POSTS ? Number(process.env.BENCH_POSTS) : null;
const partial = !!(process.env.BENCH_DATABASES || ONLY || POSTS);
const TOKEN = `cp_bench_${randomBytes(16).toString('hex')}`;

const sizes = [3000, 1500, 1000, 800, 600, 500, 400, 300, 250, 200, 200, 200, 200, 200, 150, 150, 100, 100, 100, 50];
const specs: CommunitySpec[] = sizes.map((size, i) => ({
  slug: `bench-${i + 1}`,
  name: `Benchmark Community ${i + 1}`,
  need: 'A shared need.',
  domain: 'A domain of practice.',
  purpose: 'Learning together.',
  values: ['Openness'],
  audience: 'Practitioners',
  activities: ['Meetups'],
  successMeasures: ['Answers'],
  type: 'open',
  visibility: 'public',
  joining: 'open',
  topics: ['Testing', 'Packaging', 'Data', 'Python', 'Careers', 'Security'],
  size,
}));

interface Scale {
  posts: number;
  repliesPerPost: number;
  reactions: number;
}

const scales: Record<string, Scale> = {
  PGlite: { posts: 20_000, repliesPerPost: 5, reactions: 30_000 },
  PostgreSQL: { posts: 200_000, repliesPerPost: 5, reactions: 300_000 },
};

interface Seeded {
  /** A post of the largest community with exactly 50 replies: the post page measured. */
  postId: string;
  posts: number;
  replies: number;
}

async function seed(database: Database, label: string): Promise<Seeded> {
  const started = Date.now();
  await database.migrate();
  const { userIds } = await generateCommunities(database.db, {
    seed: 42,
    people: 10_000,
    communities: specs,
    password: 'bench-password-1',
    emailDomain: 'bench.test',
    onProgress: (done, total) => process.stdout.write(`\r  ${label}: seeding ${done}/${total} memberships`),
  });
  const rows = await database.db
    .select({ id: communities.id, slug: communities.slug, topics: communities.topics, userId: memberships.userId })
    .from(communities)
    .innerJoin(memberships, eq(memberships.communityId, communities.id))
    .where(inArray(memberships.status, ['active', 'on_break']));
  const byCommunity = new Map<string, { id: string; slug: string; topics: string[]; memberIds: string[] }>();
  for (const r of rows) {
    const c = byCommunity.get(r.id) ?? { id: r.id, slug: r.slug, topics: r.topics, memberIds: [] };
    c.memberIds.push(r.userId);
    byCommunity.set(r.id, c);
  }
  const scale = { ...scales[label], ...(POSTS ? { posts: POSTS, reactions: POSTS * 1.5 } : {}) };
  const convStarted = Date.now();
  await generateConversations(database.db, {
    communities: [...byCommunity.values()],
    ...scale,
    seed: 42,
    concurrency: label === 'PostgreSQL' ? 2 : 1,
    onProgress: (done, total) => process.stdout.write(`\r  ${label}: conversations ${done}/${total} posts      `),
  });
  process.stdout.write(
    `\r  ${label}: conversations in ${((Date.now() - convStarted) / 1000).toFixed(1)} s          \n`,
  );
  const postId = await postWithFiftyReplies(
    database,
    [...byCommunity.values()].find((c) => c.slug === 'bench-1')!,
  );
  // What autovacuum does shortly after a bulk load: statistics for the planner, a visibility map for index-only scans.
  await database.db.execute(sql`vacuum analyze`);
  // Let the bulk load reach the disk before measuring: otherwise the kernel writes a few GiB of
  // dirty pages back during the first endpoints and their numbers swing by a third between runs.
  await database.db.execute(sql`checkpoint`);
  execFileSync('sync');
  const [counts] = await database.db
    .select({ p: sql<number>`(select count(*)::int from posts)`, r: sql<number>`(select count(*)::int from replies)` })
    .from(sql`(select 1) as one`);
  const { p, r } = counts;
  const [reader] = await database.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(communities, and(eq(communities.id, memberships.communityId), eq(communities.slug, 'bench-1')))
    .limit(1);
  await database.db.insert(apiTokens).values({
    userId: reader?.id ?? userIds[0],
    name: 'bench',
    tokenHash: hashSecret(TOKEN),
    prefix: TOKEN.slice(0, 10),
  });
  process.stdout.write(
    `\r  ${label}: seeded 10,000 people / 20 communities / ${p} posts / ${r} replies in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return { postId, posts: p, replies: r };
}

/** A question in the largest community with exactly 50 replies, some threaded, by its members. */
async function postWithFiftyReplies(
  database: Database,
  community: { id: string; topics: string[]; memberIds: string[] },
) {
  const [post] = await database.db
    .insert(posts)
    .values({
      communityId: community.id,
      authorId: community.memberIds[0],
      kind: 'question',
      title: 'How do you keep a shared test suite fast as it grows?',
      body: 'Our suite takes **40 minutes** now. What has worked for you?',
      bodyHtml: renderMarkdown('Our suite takes **40 minutes** now. What has worked for you?'),
      tags: community.topics.slice(0, 2),
      replyCount: 50,
      firstReplyAt: new Date(),
    })
    .returning({ id: posts.id });
  const top: string[] = [];
  for (let i = 0; i < 50; i++) {
    const body = `Reply ${i + 1}: we split the suite by **module** and run the slow part nightly.`;
    const parentId = i % 5 === 4 ? top[top.length - 1] : null;
    const [row] = await database.db
      .insert(replies)
      .values({
        postId: post.id,
        communityId: community.id,
        authorId: community.memberIds[(i % 40) + 1],
        parentId,
        quotedReplyId: parentId,
        body,
        bodyHtml: renderMarkdown(body),
      })
      .returning({ id: replies.id });
    if (!parentId) top.push(row.id);
  }
  return post.id;
}

/** Starts a server process and resolves once `readyUrl` answers. */
async function startProcess(args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error(`${args.join(' ')} exited before it was ready`);
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${args.join(' ')} was not ready in 120 s`);
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Row {
  target: string;
  database: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/** The value below which `share` of the sorted `values` fall. */
const percentile = (values: number[], share: number) =>
  values.length ? values[Math.min(values.length - 1, Math.ceil(share * values.length) - 1)] : 0;

/**
 * Loads `url` for DURATION seconds. Percentiles come from every response's own time (autocannon's
 * summary has no 95th). `path`, when given, chooses each request's path (a query per request).
 */
async function load(
  url: string,
  headers: Record<string, string> = {},
  connections: number = CONNECTIONS,
  path?: () => string,
) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: DURATION,
        headers,
        ...(path ? { requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }] } : {}),
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 10) / 10;
  return {
    rps: Math.round(result.requests.average),
    p50: ms(percentile(times, 0.5)),
    p95: ms(percentile(times, 0.95)),
    p99: ms(percentile(times, 0.99)),
    errors: result.errors + result.non2xx,
  };
}

async function measureServer(label: string, env: Record<string, string>, port: number, rows: Row[], seeded: Seeded) {
  // BENCH_PROFILE=dir writes a CPU profile of the server (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const server = await startProcess(
    [...profile, 'src/server/main.ts'],
    // No scheduled backup in the middle of a measurement (the embedded database pauses while it is copied).
    { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', BACKUP_INTERVAL_HOURS: '0' },
    `http://127.0.0.1:${port}/api/v1/auth/me`,
  );
  try {
    const base = `http://127.0.0.1:${port}/api/v1`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    // Warm up the query plans and caches.
    await autocannon({
      url: `${base}/communities/bench-1/members?limit=30`,
      connections: 4,
      amount: 200,
      headers: auth,
    });
    const post = `${base}/communities/bench-1/posts/${seeded.postId}`;
    const common = syntheticWord(40);
    const rarer = syntheticWord(400);
    // Words of middling frequency, a different one each request: every search ranks afresh.
    let next = 0;
    const freshWord = () => `/api/v1/search?q=${encodeURIComponent(syntheticWord(200 + (next++ % 3000)))}`;
    for (const [target, url, connections, path] of [
      ['community home', `${base}/communities/bench-1`, CONNECTIONS],
      ['members list (30 of 3,000)', `${base}/communities/bench-1/members?limit=30`, CONNECTIONS],
      // One client at a time: the latency a person sees when the server is not saturated.
      ['members list, 1 connection', `${base}/communities/bench-1/members?limit=30`, 1],
      ['community feed (latest 20)', `${base}/communities/bench-1/posts?limit=20`, CONNECTIONS],
      ['feed, unanswered questions', `${base}/communities/bench-1/posts?sort=unanswered&limit=20`, CONNECTIONS],
      ['post page: the post', post, CONNECTIONS],
      ['post page: its 50 replies', `${post}/replies?limit=50`, CONNECTIONS],
      [`search "${common}"`, `${base}/search?q=${encodeURIComponent(common)}`, CONNECTIONS],
      [`search "${common} ${rarer}"`, `${base}/search?q=${encodeURIComponent(`${common} ${rarer}`)}`, CONNECTIONS],
      ['search, a new word each request', `${base}/search`, CONNECTIONS, freshWord],
      ['feed, 1 connection', `${base}/communities/bench-1/posts?limit=20`, 1],
    ] as [string, string, number, (() => string)?][]) {
      if (ONLY && !ONLY.test(target)) continue;
      process.stdout.write(`  ${label}: ${target}…`);
      // Two seconds first, not counted: compiled code, plans and cache for this endpoint.
      await autocannon({ url, connections, duration: 2, headers: auth });
      const r = await load(url, auth, connections, path);
      rows.push({ target, database: label, ...r });
      process.stdout.write(` ${r.rps} req/s, p95 ${r.p95} ms, p99 ${r.p99} ms\n`);
    }
  } finally {
    await stop(server);
  }
}

const seededSizes: Record<string, Seeded> = {};

async function main() {
  const rows: Row[] = [];
  console.log('hello-world baseline…');
  const hello = await startProcess(['bench/hello.ts'], { PORT: '3901' }, 'http://127.0.0.1:3901/');
  const base = await load('http://127.0.0.1:3901/');
  rows.push({ target: 'bare Hono hello-world', database: '—', ...base });
  await stop(hello);

  if (DATABASES.includes('pglite')) await benchEmbedded(rows);
  if (DATABASES.includes('postgres')) await benchPostgres(rows);
  report(rows, base.rps);
}

async function benchEmbedded(rows: Row[]) {
  console.log('embedded database (PGlite)…');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cp-bench-'));
  const embedded = await openDatabase({ dataDir });
  const seededEmbedded = await seed(embedded, 'PGlite');
  await embedded.close();
  await measureServer('PGlite', { DATA_DIR: dataDir, DATABASE_URL: '' }, 3902, rows, seededEmbedded);
  seededSizes.PGlite = seededEmbedded;
  rmSync(dataDir, { recursive: true, force: true });
}

async function benchPostgres(rows: Row[]) {
  console.log('PostgreSQL…');
  const dbName = `cp_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  try {
    const database = await openDatabase({ url: url.toString() });
    const seededPg = await seed(database, 'PostgreSQL');
    await database.close();
    await measureServer('PostgreSQL', { DATABASE_URL: url.toString() }, 3903, rows, seededPg);
    seededSizes.PostgreSQL = seededPg;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

function report(rows: Row[], baseline: number) {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = [
    '| endpoint | database | req/s | p50 ms | p95 ms | p99 ms | errors | vs hello-world |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.database} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${(r.rps / baseline).toFixed(2)} |`,
    ),
  ].join('\n');
  const section = `<!-- results:start -->\nLast run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}.\nDataset: 10,000 people, 20 communities (largest 3,000 members); ${Object.entries(
    seededSizes,
  )
    .map(([db, n]) => `${db}: ${n.posts.toLocaleString('en')} posts, ${n.replies.toLocaleString('en')} replies`)
    .join(
      '; ',
    )}. ${CONNECTIONS} connections unless stated, ${DURATION} s per endpoint, authenticated with an API token.\n\n${table}\n<!-- results:end -->`;
  console.log(`\n${table}\n`);
  if (partial) return console.log('partial run: docs/benchmarks.md left as it was');
  const file = path.resolve('docs/benchmarks.md');
  const current = readFileSync(file, 'utf8');
  writeFileSync(file, current.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, section));
  console.log('written to docs/benchmarks.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
