/**
 * npm run bench:participation — participation modes and community health at scale, on PostgreSQL.
 *
 * Seeds a fresh database (dropped afterwards) with one community of about 10,000 current
 * members and 1,000,000 activity events over 180 days: conversations (posts, replies, reactions,
 * accepted answers) and events with hosts, the activity they leave, then reading, round-ups,
 * sign-ins and the rarer kinds of work (curation, hosting) in a realistic mix, concentrated on
 * fewer people the rarer the work. Then it times:
 * - a full `recomputeModes` (3 runs: the first stores everyone, the next ones update), the median;
 * - `runHealthCheck`, `computeFigures`, `computeNetwork` and the whole nightly snapshot;
 * - over HTTP (the real server in its own process, an API token, autocannon, 50 connections,
 *   10 s): the health dashboard, when it answers, and the members' modes list.
 * Prints a markdown table and writes the "Participation and health" section of docs/benchmarks.md
 * (a partial run, BENCH_SKIP_HTTP=1, only prints).
 *
 *   npx tsx bench/participation.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { format, resolveConfig } from 'prettier';
import { openDatabase, type Db } from '../src/server/db/client.js';
import { apiTokens, communities, invitations, memberships } from '../src/server/db/schema/index.js';
import { generateConversations } from '../src/server/db/seed/conversations.js';
import { seedEvents } from '../src/server/db/seed/events.js';
import { generateCommunities, prng } from '../src/server/db/seed/generate.js';
import { recomputeModes } from '../src/server/modules/participation/recompute.js';
import { runHealthCheck } from '../src/server/modules/health/check.js';
import { computeFigures } from '../src/server/modules/health/figures.js';
import { computeNetwork } from '../src/server/modules/health/network.js';
import { takeSnapshot } from '../src/server/modules/health/snapshot-jobs.js';
import { hashSecret, newSecret } from '../src/server/platform/secrets.js';

const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
// About 7.5 % of plain members are alumni; this many people leave ~10,000 current members.
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_811);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const SKIP_HTTP = !!process.env.BENCH_SKIP_HTTP;
// For working on one thing: BENCH_KEEP=1 keeps the seeded database and prints its name;
// BENCH_REUSE=<name> measures that database again without seeding (and leaves it).
const KEEP = !!process.env.BENCH_KEEP;
const REUSE = process.env.BENCH_REUSE;
const partial = SKIP_HTTP || KEEP || !!REUSE || !!process.env.BENCH_EVENTS || !!process.env.BENCH_PEOPLE;
const TOKEN = `cp_bench_${randomBytes(16).toString('hex')}`;
const DAY = 86_400_000;
const SLUG = 'bench-participation';
const TOPICS = ['Testing', 'Packaging', 'Data', 'Python', 'Careers', 'Security', 'Visualisation', 'HPC'];

/**
 * What the rest of the log is made of, beyond the conversations and events written as such. The
 * skew says how concentrated each kind is: a person is picked as `floor(random()^skew × n)`, so 1
 * is everyone alike and 6 is a handful doing most of it (the 90-9-1 shape of participation).
 */
const mix: { verb: string; objectType: string; weight: number; skew: number }[] = [
  { verb: 'viewed_post', objectType: 'post', weight: 40, skew: 1.6 },
  { verb: 'roundup.received', objectType: 'roundup', weight: 20, skew: 1 },
  { verb: 'signed_in', objectType: 'user', weight: 8, skew: 1.6 },
  { verb: 'roundup.clicked', objectType: 'roundup_item', weight: 5, skew: 2 },
  { verb: 'reacted', objectType: 'post', weight: 6, skew: 3 },
  { verb: 'catchup.viewed', objectType: 'community', weight: 3, skew: 1.5 },
  { verb: 'rsvp', objectType: 'occurrence', weight: 3, skew: 2.5 },
  { verb: 'attended', objectType: 'occurrence', weight: 2, skew: 2.5 },
  { verb: 'followed', objectType: 'tag', weight: 2, skew: 2 },
  { verb: 'completed_path_item', objectType: 'collection', weight: 1, skew: 2.5 },
  { verb: 'replied', objectType: 'reply', weight: 3, skew: 4 },
  { verb: 'posted', objectType: 'post', weight: 1, skew: 4 },
  { verb: 'edited_post', objectType: 'post', weight: 0.6, skew: 4 },
  { verb: 'updated_profile', objectType: 'member', weight: 0.5, skew: 1.5 },
  { verb: 'proposed_resource', objectType: 'resource', weight: 0.4, skew: 5 },
  { verb: 'noted_resource', objectType: 'resource', weight: 0.2, skew: 5 },
  { verb: 'reviewed_resource', objectType: 'resource', weight: 0.15, skew: 8 },
  { verb: 'published_resource', objectType: 'resource', weight: 0.1, skew: 8 },
  { verb: 'promoted_to_repertoire', objectType: 'resource', weight: 0.05, skew: 8 },
  { verb: 'created_collection', objectType: 'collection', weight: 0.03, skew: 8 },
  { verb: 'hosted_event', objectType: 'event', weight: 0.04, skew: 7 },
  { verb: 'event_notes_added', objectType: 'occurrence', weight: 0.03, skew: 7 },
];

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

const since = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

interface Seeded {
  communityId: string;
  members: number;
  events: number;
  byKind: Record<string, number>;
  tokenUser: string;
}

async function seed(db: Db, now: Date): Promise<Seeded> {
  const t0 = performance.now();
  const { communityIds } = await generateCommunities(db, {
    seed: 11,
    people: PEOPLE,
    communities: [
      {
        slug: SLUG,
        name: 'Participation Benchmark',
        need: 'A shared need.',
        domain: 'Research software',
        purpose: 'Learning together.',
        values: ['Openness'],
        audience: 'Practitioners',
        activities: ['Meetups'],
        successMeasures: ['Answers'],
        type: 'open',
        visibility: 'public',
        joining: 'open',
        topics: TOPICS,
        size: PEOPLE,
      },
    ],
    password: 'bench-password-1',
    emailDomain: 'bench.test',
    onProgress: (done, total) => process.stdout.write(`\r  seeding ${done}/${total} memberships`),
  });
  const communityId = communityIds[0];
  process.stdout.write('\n');
  const current = await db
    .select({ id: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.communityId, communityId), inArray(memberships.status, ['active', 'on_break'])))
    .orderBy(memberships.userId);
  const memberIds = current.map((m) => m.id);

  const t1 = performance.now();
  await generateConversations(db, {
    communities: [{ id: communityId, topics: TOPICS, memberIds }],
    posts: 30_000,
    repliesPerPost: 3,
    reactions: 45_000,
    seed: 42,
    concurrency: 2,
    now: now.getTime(),
    onProgress: (done, total) => process.stdout.write(`\r  conversations ${done}/${total} posts`),
  });
  process.stdout.write(`\r  conversations in ${since(t1)}            \n`);
  await seedEvents(db, { seed: 42, communities: [{ id: communityId, slug: SLUG }], now });

  // The activity conversations leave (the bulk generator writes none), over the 180 days.
  const from = new Date(now.getTime() - 180 * DAY);
  await db.execute(sql`
    insert into activity_events (actor_id, community_id, verb, object_type, object_id, occurred_at)
    select author_id, community_id, 'posted', 'post', id::text, created_at from posts
    where community_id = ${communityId} and created_at >= ${from} and author_id is not null
    union all
    select author_id, community_id, 'replied', 'reply', id::text, created_at from replies
    where community_id = ${communityId} and created_at >= ${from} and author_id is not null
    union all
    select author_id, community_id, 'accepted_answer', 'reply', accepted_reply_id::text, accepted_at from posts
    where community_id = ${communityId} and accepted_at >= ${from} and author_id is not null
    union all
    select user_id, community_id, 'reacted', target_type, target_id::text, created_at from reactions
    where community_id = ${communityId} and created_at >= ${from}`);

  // Invitations accepted over the period, sent mostly by the core group: people brought in.
  const r = prng(5);
  const inviters = current.filter((m) => m.role !== 'member').map((m) => m.id);
  await db.insert(invitations).values(
    Array.from({ length: 400 }, (_, i) => {
      const at = new Date(now.getTime() - r.int(1, 180) * DAY);
      return {
        communityId,
        email: `invitee.${i}@bench.test`,
        tokenHash: hashSecret(newSecret()),
        invitedBy: r.chance(0.8) ? r.pick(inviters) : r.pick(memberIds),
        createdAt: new Date(at.getTime() - 2 * DAY),
        expiresAt: new Date(at.getTime() + 5 * DAY),
        acceptedAt: at,
      };
    }),
  );

  // The rest of the log, generated inside the database in chunks.
  const [{ n: sofar }] = (
    (await db.execute(
      sql`select count(*)::int as n from activity_events where community_id = ${communityId}`,
    )) as unknown as {
      rows: { n: number }[];
    }
  ).rows;
  const remaining = Math.max(0, EVENTS - sofar);
  const total = mix.reduce((a, m) => a + m.weight, 0);
  let low = 0;
  const bands = mix.map((m) => {
    const band = { ...m, lo: low / total, hi: (low + m.weight) / total };
    low += m.weight;
    return band;
  });
  bands[bands.length - 1].hi = 1.0000001;
  const values = sql.join(
    bands.map((b) => sql`(${b.verb}, ${b.objectType}, ${b.skew}::float8, ${b.lo}::float8, ${b.hi}::float8)`),
    sql`, `,
  );
  const chunk = 200_000;
  const t2 = performance.now();
  await db.execute(sql`select setseed(0.42)`);
  for (let done = 0; done < remaining; done += chunk) {
    const n = Math.min(chunk, remaining - done);
    await db.execute(sql`
      with m as (
        select array_agg(user_id order by user_id) as ids from memberships
        where community_id = ${communityId} and status in ('active', 'on_break')
      ),
      mix (verb, object_type, skew, lo, hi) as (values ${values}),
      g as materialized (select random() as r1, random() as r2, random() as r3 from generate_series(1, ${n}::int) offset 0)
      insert into activity_events (actor_id, community_id, verb, object_type, object_id, occurred_at)
      select m.ids[1 + floor(power(g.r2, mix.skew) * array_length(m.ids, 1))::int], ${communityId}::uuid, mix.verb,
        mix.object_type, md5(g.r3::text || mix.verb), ${now}::timestamptz - g.r3 * interval '180 days'
      from g cross join m join mix on g.r1 >= mix.lo and g.r1 < mix.hi`);
    process.stdout.write(`\r  activity ${Math.min(remaining, done + n)}/${remaining} generated events`);
  }
  process.stdout.write(`\r  activity: ${remaining} generated events in ${since(t2)}            \n`);

  const coordinator = current.find((m) => m.role === 'coordinator')!;
  await db.insert(apiTokens).values({
    userId: coordinator.id,
    name: 'bench',
    tokenHash: hashSecret(TOKEN),
    prefix: TOKEN.slice(0, 10),
  });
  const t3 = performance.now();
  await db.execute(sql`vacuum analyze`);
  log(`  vacuum analyze in ${since(t3)}`);
  const kinds = (
    (await db.execute(
      sql`select verb, count(*)::int as n from activity_events where community_id = ${communityId} group by verb order by 2 desc`,
    )) as unknown as { rows: { verb: string; n: number }[] }
  ).rows;
  const byKind = Object.fromEntries(kinds.map((k) => [k.verb, k.n]));
  const events = kinds.reduce((a, k) => a + k.n, 0);
  log(
    `  seeded ${memberIds.length.toLocaleString('en')} current members, ${events.toLocaleString('en')} activity events in ${since(t0)}`,
  );
  return { communityId, members: memberIds.length, events, byKind, tokenUser: coordinator.id };
}

/** What an earlier run seeded (kept with BENCH_KEEP), read back; a fresh API token for this run. */
async function reuse(db: Db): Promise<Seeded> {
  const [community] = await db.select({ id: communities.id }).from(communities).where(eq(communities.slug, SLUG));
  const [coordinator] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.communityId, community.id), eq(memberships.role, 'coordinator')))
    .limit(1);
  await db
    .insert(apiTokens)
    .values({ userId: coordinator.id, name: 'bench', tokenHash: hashSecret(TOKEN), prefix: TOKEN.slice(0, 10) });
  const [{ n: members }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.communityId, community.id), inArray(memberships.status, ['active', 'on_break'])));
  const kinds = (
    (await db.execute(
      sql`select verb, count(*)::int as n from activity_events where community_id = ${community.id} group by verb order by 2 desc`,
    )) as unknown as { rows: { verb: string; n: number }[] }
  ).rows;
  return {
    communityId: community.id,
    members,
    events: kinds.reduce((a, k) => a + k.n, 0),
    byKind: Object.fromEntries(kinds.map((k) => [k.verb, k.n])),
    tokenUser: coordinator.id,
  };
}

interface Timing {
  measure: string;
  runs: number[];
  /** What each run reported, e.g. how many modes changed. */
  notes: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(label: string, runs: number, fn: (i: number) => Promise<string | void>): Promise<Timing> {
  const out: number[] = [];
  const notes: string[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const note = (await fn(i)) ?? '';
    out.push(Math.round(performance.now() - t0));
    notes.push(note);
    log(`  ${label}, run ${i + 1}: ${out[i]} ms${note ? ` (${note})` : ''}`);
  }
  return { measure: label, runs: out, notes };
}

async function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BACKUP_INTERVAL_HOURS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error('the server exited before it was ready');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('the server was not ready in 120 s');
}

function stopServer(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Load {
  target: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/** autocannon, with every response time kept so p95 is exact (its summary has p90 and p97.5). */
function load(target: string, url: string, headers: Record<string, string>, connections = CONNECTIONS): Promise<Load> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: DURATION, headers }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
      resolve({
        target,
        rps: Math.round(result.requests.average),
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
        errors: result.errors + result.non2xx,
      });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
    });
  });
}

async function main() {
  const dbName = REUSE ?? `cp_bench_part_${randomBytes(4).toString('hex')}`;
  if (!/^cp_bench_part_[0-9a-f]+$/.test(dbName)) throw new Error(`not a database this benchmark made: ${dbName}`);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const pgVersion = (await admin.query('show server_version')).rows[0].server_version as string;
  if (!REUSE) await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  const timings: Timing[] = [];
  const loads: Load[] = [];
  let seeded: Seeded | undefined;
  const now = new Date();
  let busy = '';
  try {
    const database = await openDatabase({ url: url.toString() });
    try {
      await database.migrate();
      log(`PostgreSQL ${pgVersion}, database ${dbName}`);
      seeded = REUSE ? await reuse(database.db) : await seed(database.db, now);
      const { communityId } = seeded;
      const db = database.db;
      // Others' work on the same machine shows up in every number: say how busy it was.
      busy = loadavg()
        .map((n) => n.toFixed(1))
        .join(', ');
      log(`  load average before measuring: ${busy}`);

      timings.push(
        await time('recomputeModes, whole community', 3, async (i) => {
          const r = await recomputeModes(db, communityId, new Date(now.getTime() + i * 60_000));
          return `${r.members.toLocaleString('en')} members, ${r.changed.toLocaleString('en')} changed`;
        }),
      );
      timings.push(
        await time('runHealthCheck', 3, async () => {
          const r = await runHealthCheck(db, communityId, now);
          return `${r.findings} findings`;
        }),
      );
      timings.push(
        await time('computeFigures (90 days)', 3, async () => {
          await computeFigures(db, communityId, { start: new Date(now.getTime() - 90 * DAY), end: now }, now);
        }),
      );
      timings.push(
        await time('computeNetwork (90 days)', 3, async () => {
          const picture = await computeNetwork(db, communityId, {
            start: new Date(now.getTime() - 90 * DAY),
            end: now,
          });
          return `${picture.nodes.length} people drawn, ${picture.edges.length} ties`;
        }),
      );
      // The nightly snapshot: modes, figures and the network, stored for the dashboard to read.
      timings.push(
        await time('health snapshot (modes + figures + network)', 3, async (i) => {
          await takeSnapshot(db, communityId, new Date(now.getTime() + (i + 5) * 60_000));
        }),
      );
      // What autovacuum does after the recompute rewrote every row: fresh statistics, so the
      // planner knows how many members each mode holds when the endpoints below filter by one.
      await db.execute(sql`vacuum analyze participation_modes, participation_mode_changes`);
    } finally {
      await database.close();
    }

    if (!SKIP_HTTP) {
      const port = 3911;
      const server = await startServer(url.toString(), port);
      try {
        const base = `http://127.0.0.1:${port}/api/v1/communities/${SLUG}`;
        const auth = { authorization: `Bearer ${TOKEN}` };
        const dashboard = await fetch(`${base}/health`, { headers: auth });
        if (!dashboard.ok) throw new Error(`the health dashboard answers ${dashboard.status}`);
        if (!(await dashboard.json()).snapshot) throw new Error('the health dashboard has no snapshot to show');
        await autocannon({ url: `${base}/health`, connections: 4, amount: 100, headers: auth });
        log('  health dashboard…');
        loads.push(await load('health dashboard (latest snapshot)', `${base}/health`, auth));
        const members = `${base}/participation/members?limit=30`;
        await autocannon({ url: members, connections: 4, amount: 100, headers: auth });
        log('  members’ modes list…');
        loads.push(await load('members’ modes list (30 of all)', members, auth));
        loads.push(
          await load('members’ modes, mode=contribute', `${base}/participation/members?mode=contribute&limit=30`, auth),
        );
        // A coordinator's own page: the live tally, the write-through and the next steps, one at a time.
        loads.push(await load('my mode (/participation/me), 1 connection', `${base}/participation/me`, auth, 1));
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    if (KEEP || REUSE) log(`database kept: ${dbName} (BENCH_REUSE=${dbName} measures it again)`);
    else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  await report(seeded!, timings, loads, pgVersion, busy);
}

async function report(seeded: Seeded, timings: Timing[], loads: Load[], pgVersion: string, busy: string) {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} on the same machine`;
  const top = Object.entries(seeded.byKind)
    .slice(0, 8)
    .map(([verb, n]) => `${verb} ${Math.round((n / seeded.events) * 100)} %`)
    .join(', ');
  const timingTable = [
    '| measure | run 1 ms | run 2 ms | run 3 ms | median ms | target |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...timings.map(
      (t) =>
        `| ${t.measure}${t.notes[0] ? ` (${[...new Set(t.notes)].join('; then ')})` : ''} | ${t.runs.join(' | ')} | **${median(t.runs)}** | ${
          t.measure.startsWith('recomputeModes') || t.measure.startsWith('health snapshot') ? '< 5,000 ms' : ''
        } |`,
    ),
  ].join('\n');
  const loadTable = loads.length
    ? [
        '| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | target |',
        '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
        ...loads.map(
          (l) =>
            `| ${l.target} | ${l.rps} | ${l.p50} | **${l.p95}** | ${l.p99} | ${l.errors} | ${l.target.startsWith('health dashboard') ? 'p95 < 150 ms' : ''} |`,
        ),
      ].join('\n')
    : '';
  const section = `<!-- participation:start -->

Measured with \`npm run bench:participation\` (script: \`bench/participation.ts\`), PostgreSQL only.
It seeds a fresh database (dropped afterwards) with one community and times the work in the
benchmark process; the HTTP measures run the real server in its own process, authenticated with
an API token of a coordinator, ${CONNECTIONS} connections unless stated, ${DURATION} s each (autocannon).

Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; load average (1, 5, 15 min) before measuring: ${busy}.
Dataset: ${seeded.members.toLocaleString('en')} current members; ${seeded.events.toLocaleString('en')} activity events over 180 days (${top}, …; posts, replies, reactions and accepted answers match the conversations seeded with them: 30,000 posts over 18 months).

${timingTable}
${loadTable ? `\n${loadTable}\n` : ''}
<!-- participation:end -->`;
  log(`\n${timingTable}\n${loadTable ? `\n${loadTable}\n` : ''}`);
  if (partial) return log('partial run: docs/benchmarks.md left as it was');
  const file = path.resolve('docs/benchmarks.md');
  const current = readFileSync(file, 'utf8');
  const marked = /<!-- participation:start -->[\s\S]*<!-- participation:end -->/;
  const next = marked.test(current)
    ? current.replace(marked, section)
    : `${current.trimEnd()}\n\n## Participation and health\n\n${section}\n`;
  // Formatted as the rest of the repository is, so `npm run format:check` stays clean.
  writeFileSync(file, await format(next, { ...(await resolveConfig(file)), filepath: file }));
  log('written to docs/benchmarks.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
