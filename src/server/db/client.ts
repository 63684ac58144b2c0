import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { RemotePGlite } from './pglite-remote.js';
import { useForPreparedStatements } from './prepared.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repos accept both. */
export type Conn = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The embedded database itself, for backups; absent on PostgreSQL. */
  pglite?: RemotePGlite;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** PostgreSQL connection string; without it the embedded database is used. */
  url?: string;
  /** Where the embedded database keeps its files; omit for an in-memory database. */
  dataDir?: string;
  /** Start the embedded database from a dump made by `dumpDataDir` (tests clone one template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /** Told when an idle pooled connection drops (a server restart, an administrator's kill). */
  onConnectionError?: (err: Error) => void;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    // JIT compilation pays off for long analytical queries, not for the short ones a web request
    // makes: it added 40–120 ms to broad searches. Sent with the connection, so it costs no round trip.
    const max = options.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: options.url, max, options: '-c jit=off' });
    // Statements prepared with `plan: 'once'` (db/prepared.ts) run on connections of their own
    // that plan each statement once. With PostgreSQL's default a short lookup is planned again on
    // every call: for the feed's first page that planning was two thirds of the database's work.
    // Other queries keep per-call plans, which partial indexes and skewed values (job states,
    // small and large communities) need.
    // These connections start no parallel workers: a plan made without the values cannot tell a
    // search stage that reads a few hundred rows from one that reads thousands, and workers started
    // for the former cost search more than planning did. Under concurrent requests the cores are
    // busy anyway.
    const plannedOnce = new pg.Pool({
      connectionString: options.url,
      max,
      options: '-c jit=off -c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0',
    });
    // Without a listener an idle connection's error would crash the process; the pool replaces
    // the connection on next use, and a query that was running reports its own error.
    pool.on('error', (err) => options.onConnectionError?.(err));
    plannedOnce.on('error', (err) => options.onConnectionError?.(err));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    useForPreparedStatements(db, drizzlePg(plannedOnce, { schema }) as unknown as Db);
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: async () => {
        await Promise.all([pool.end(), plannedOnce.end()]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // In a worker thread: PGlite runs each query synchronously, which would stall HTTP meanwhile.
  const client = await RemotePGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const db = drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}
