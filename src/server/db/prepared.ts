import type { Conn } from './client.js';

const cache = new WeakMap<object, Map<string, unknown>>();

/**
 * A named, prepared statement for a hot query: built once per database handle (Drizzle skips
 * rebuilding the SQL) and prepared once per connection by PostgreSQL (no parse and plan per
 * call). Use it only for queries whose shape never changes; values go in as placeholders.
 */
export function prepared<T>(db: Conn, name: string, build: (db: Conn) => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (!statement) statements.set(name, (statement = build(db)));
  return statement;
}
