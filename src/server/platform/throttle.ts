import { eq, sql } from 'drizzle-orm';
import type { Conn } from '../db/client.js';
import { throttles } from '../db/schema/index.js';
import { tooMany } from './errors.js';

/**
 * Throttles live in the database so every app node shares them. Failures grow the delay
 * (never a lock-out: a lock would let anyone lock a victim out of their account).
 */
export interface BackoffRule {
  /** Failures allowed before any delay applies. */
  free: number;
  /** First delay in seconds; doubles with each further failure. */
  baseSeconds: number;
  maxSeconds: number;
}

export const signInBackoff: BackoffRule = { free: 5, baseSeconds: 2, maxSeconds: 15 * 60 };

export async function assertNotDelayed(db: Conn, keys: string[], code = 'too_many_attempts'): Promise<void> {
  for (const key of keys) {
    const [row] = await db.select().from(throttles).where(eq(throttles.key, key));
    if (row?.blockedUntil && row.blockedUntil.getTime() > Date.now()) {
      throw tooMany(Math.ceil((row.blockedUntil.getTime() - Date.now()) / 1000), code);
    }
  }
}

export async function recordFailure(db: Conn, key: string, rule: BackoffRule = signInBackoff): Promise<void> {
  const [row] = await db
    .insert(throttles)
    .values({ key, count: 1 })
    .onConflictDoUpdate({ target: throttles.key, set: { count: sql`${throttles.count} + 1` } })
    .returning();
  const over = row.count - rule.free;
  if (over > 0) {
    const seconds = Math.min(rule.baseSeconds * 2 ** (over - 1), rule.maxSeconds);
    await db
      .update(throttles)
      .set({ blockedUntil: new Date(Date.now() + seconds * 1000) })
      .where(eq(throttles.key, key));
  }
}

export async function clearFailures(db: Conn, key: string): Promise<void> {
  await db.delete(throttles).where(eq(throttles.key, key));
}

/** A fixed-window counter: at most `limit` hits per `windowSeconds` for a key. */
export async function hitLimit(
  db: Conn,
  key: string,
  limit: number,
  windowSeconds: number,
  code = 'rate_limited',
): Promise<void> {
  const [row] = await db
    .insert(throttles)
    .values({ key, count: 1, windowStart: new Date() })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        count: sql`case when ${throttles.windowStart} < now() - make_interval(secs => ${windowSeconds}) then 1 else ${throttles.count} + 1 end`,
        windowStart: sql`case when ${throttles.windowStart} < now() - make_interval(secs => ${windowSeconds}) then now() else ${throttles.windowStart} end`,
      },
    })
    .returning();
  if (row.count > limit) {
    const retry = Math.max(1, Math.ceil((row.windowStart.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
    throw tooMany(retry, code);
  }
}
