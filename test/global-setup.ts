import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrationsFolder, openDatabase } from '../src/server/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    runId: string;
  }
}

const tmp = path.resolve('.tmp');

function migrationsHash() {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    h.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Builds one migrated database per run and lets every test file clone it: a PGlite dump
 * (cached by migration content, since initdb costs seconds) and a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  project.provide('runId', runId);
  mkdirSync(tmp, { recursive: true });

  const dump = path.join(tmp, `pglite-${migrationsHash()}.tar`);
  if (!existsSync(dump)) {
    const database = await openDatabase({});
    await database.migrate();
    const blob = await (
      database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }
    ).$client.dumpDataDir('none');
    await database.close();
    writeFileSync(`${dump}.${runId}`, Buffer.from(await blob.arrayBuffer()));
    const { renameSync } = await import('node:fs');
    renameSync(`${dump}.${runId}`, dump);
  }
  project.provide('pgliteTemplate', dump);

  project.provide('postgresTemplate', '');
  const url = process.env.TEST_DATABASE_URL;
  if (!url || project.name !== 'http:postgres') return;

  const template = `cp_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
  await database.migrate();
  await database.close();
  project.provide('postgresTemplate', template);

  return async () => {
    // Drop the template and every database cloned from it, even if a test file crashed.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`cp_t_${runId}_%`, template],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
