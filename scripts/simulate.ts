// npm run simulate -- --scenario NAME [--seed N] [--size N] [--months N] [--list]
// Adds a simulated community with months of activity to the app's database (the same one
// `npm start` opens: DATA_DIR, or DATABASE_URL), runs its weekly health check, and prints where
// to look and how to sign in. With the embedded database, stop the server first: its files are
// used by one process at a time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/db/client.js';
import { DEMO_PASSWORD } from '../src/server/db/seed/demo.js';
import { loadEnv } from '../src/server/env.js';
import { runHealthCheck } from '../src/server/modules/health/check.js';
import { ensureHealthCheckSchedules } from '../src/server/modules/health/check-jobs.js';
import {
  isScenario,
  scenarioNames,
  scenarios,
  simulateCommunity,
  type PlantedProblem,
} from '../src/server/modules/health/simulate/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Settings from a .env file beside package.json, as `npm start` reads them (the environment wins).
const envFile = path.join(root, '.env');
if (existsSync(envFile)) {
  const before = { ...process.env };
  process.loadEnvFile(envFile);
  Object.assign(process.env, before);
}

const usage = `Usage: npm run simulate -- --scenario NAME [--seed N] [--size MEMBERS] [--months N]
       npm run simulate -- --list`;

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    seed: { type: 'string', default: '1' },
    size: { type: 'string', default: '120' },
    months: { type: 'string', default: '6' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.list || !values.scenario) {
  console.log('Scenarios:');
  for (const name of scenarioNames) console.log(`  ${name.padEnd(24)} ${scenarios[name].about}`);
  if (!values.list) console.log(`\n${usage}`);
  process.exit(values.list ? 0 : 2);
}
const scenario = values.scenario;
if (!isScenario(scenario)) {
  console.error(`Unknown scenario "${scenario}". One of: ${scenarioNames.join(', ')}`);
  process.exit(2);
}
const number = (name: string, text: string, min: number, max: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}.`);
    process.exit(2);
  }
  return n;
};
const seed = number('seed', values.seed, 0, 2 ** 31 - 1);
const size = number('size', values.size, 30, 1500);
const months = number('months', values.months, 3, 24);

/** A planted problem in a sentence, naming the people the check should name. */
function describe(p: PlantedProblem): string {
  const names = (list: string[]) => list.join(', ');
  switch (p.kind) {
    case 'unanswered_topic':
      return `questions in ${p.topic} wait unanswered; ${names(p.people)} have accepted answers there`;
    case 'isolated_newcomers':
      return `${names(p.people)} joined weeks ago and have no reply or connection`;
    case 'organiser_load':
      return `${p.people[0]} hosts most sessions; ${names(p.people.slice(1))} (Collaborate mode) could co-host`;
    case 'drifting_members':
      return `${names(p.people)} used to co-create and have gone quiet`;
    case 'topic_without_resources':
      return `${p.topic} has plenty of conversations and nothing in the repertoire`;
  }
}

const env = loadEnv();
const database = await openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR,
});
try {
  await database.migrate();
  const started = Date.now();
  const sim = await simulateCommunity(database.db, { scenario, seed, size, months, password: DEMO_PASSWORD });
  await ensureHealthCheckSchedules(database.db);
  const check = await runHealthCheck(database.db, sim.communityId, new Date());
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${sim.name}: ${sim.members} members, ${months} months of activity (${seconds} s).`);
  console.log(`  Community:    /c/${sim.slug}`);
  console.log(
    `  Health check: /c/${sim.slug}/health/check (${check.findings} finding${check.findings === 1 ? '' : 's'} this week)`,
  );
  console.log(`  Sign in as a coordinator: ${sim.coordinators[0].email} / ${DEMO_PASSWORD}`);
  console.log(`  (every simulated member's password is "${DEMO_PASSWORD}")`);
  if (sim.planted.length === 0) console.log('\nNo problems planted: the check should find none.');
  else {
    console.log('\nPlanted problems:');
    for (const p of sim.planted) console.log(`  - ${describe(p)}`);
  }
} finally {
  await database.close();
}
