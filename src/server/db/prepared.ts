import type { SQL } from 'drizzle-orm';
import { PgDialect, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Conn } from './client.js';
import { useCompiledMapping } from './row-mapper.js';

const cache = new WeakMap<object, Map<string, unknown>>();
const preparedOn = new WeakMap<object, Conn>();

/** Sends `db`'s statements prepared with `plan: 'once'` through `target`, whose connections plan them once. */
export function useForPreparedStatements(db: Conn, target: Conn) {
  preparedOn.set(db, target);
}

export interface PreparedOptions {
  /**
   * `'once'`: PostgreSQL plans the statement once per connection and reuses that plan. Left to
   * itself it plans again on every call whenever the values make a fresh plan look cheap, which
   * for a short lookup costs more than running it. Only for statements whose best plan is the
   * same whatever the values: a lookup by a unique key, or one walk of an index in order for a
   * post or a community. A plan that suits a large community and not a small one (a walk of every
   * member's name, filtered by community) must keep `'per-call'`, the default.
   */
  plan?: 'once' | 'per-call';
}

/**
 * A named, prepared statement for a hot query: built once per database handle (Drizzle skips
 * rebuilding the SQL) and parsed once per connection by PostgreSQL. Use it only for queries whose
 * shape never changes; values go in as placeholders. Its rows are mapped by a mapping compiled
 * once (see row-mapper.ts).
 */
export function prepared<T>(db: Conn, name: string, build: (db: Conn) => T, options: PreparedOptions = {}): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (!statement) {
    const target = options.plan === 'once' ? (preparedOn.get(db) ?? db) : db;
    statement = build(target);
    useCompiledMapping(statement);
    statements.set(name, statement);
  }
  return statement;
}

const dialect = new PgDialect();

/**
 * `prepared` for a statement written in SQL rather than with the query builder; `build` gives it
 * with `sql.placeholder`s for its values. Rows come back as the driver reads them.
 */
export function preparedSql<Row>(db: Conn, name: string, build: () => SQL, options: PreparedOptions = {}) {
  return prepared(
    db,
    name,
    (d) =>
      d._.session.prepareQuery<PreparedQueryConfig & { execute: { rows: Row[] } }>(
        dialect.sqlToQuery(build()),
        undefined,
        name,
        false,
      ),
    options,
  );
}
