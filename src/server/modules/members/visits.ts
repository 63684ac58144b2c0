import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { limits } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { memberships } from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { enqueue } from '../../platform/jobs.js';
import { loadPreferences } from '../notifications/mail-preferences.js';

/**
 * Visits and "while you were away". A member's last visit to a community is written at most
 * once an hour. A visit after more than `limits.awayDays` days away, or coming back from a
 * break, marks a catch-up as waiting (`catchUpSince`: since when it reaches back) until the
 * member has seen it; the catch-up is also mailed when they want that.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const before = alias(memberships, 'before');

export interface CatchUpMailPayload {
  communityId: string;
  userId: string;
  /** ISO instant the catch-up reaches back to. */
  since: string;
  origin?: string;
}

/** Enqueues the catch-up mail when the member wants one; at most one per member, community and start. */
export async function enqueueCatchUpMail(
  tx: Conn,
  input: { communityId: string; userId: string; since: Date; origin?: string },
): Promise<boolean> {
  const prefs = await loadPreferences(tx, input.userId);
  if (!prefs.catchUpEmail) return false;
  const since = input.since.toISOString();
  const payload: CatchUpMailPayload = {
    communityId: input.communityId,
    userId: input.userId,
    since,
    ...(input.origin ? { origin: input.origin } : {}),
  };
  const id = await enqueue(tx, 'catchup.mail', payload, {
    key: `${input.communityId}:${input.userId}:${since}`,
    communityId: input.communityId,
  });
  return id !== null;
}

export interface Visit {
  /** Whether this visit was written (the previous one was over an hour ago, or there was none). */
  recorded: boolean;
  /** The waiting catch-up's start, if any (set by this visit or earlier). */
  catchUpSince: Date | null;
}

/**
 * Records a member's visit to a community. One conditional UPDATE: nothing is written when the
 * last visit was less than an hour ago. A visit by an active member after more than
 * `awayDays` days starts a catch-up from that last visit (unless one is waiting already).
 */
export async function recordVisit(
  deps: Pick<Deps, 'db' | 'jobs'>,
  communityId: string,
  userId: string,
  now = new Date(),
  options: { origin?: string } = {},
): Promise<Visit> {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const awayBefore = new Date(now.getTime() - limits.awayDays * DAY_MS).toISOString();
  const { visit, mailed } = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(memberships)
      .set({
        lastSeenAt: now,
        catchUpSince: sql`case
          when ${before.catchUpSince} is null and ${before.status} = 'active'
            and ${before.lastSeenAt} < ${awayBefore}::timestamptz
          then ${before.lastSeenAt} else ${before.catchUpSince} end`,
      })
      .from(before)
      .where(
        and(
          eq(before.communityId, communityId),
          eq(before.userId, userId),
          eq(memberships.communityId, before.communityId),
          eq(memberships.userId, before.userId),
          or(isNull(memberships.lastSeenAt), lt(memberships.lastSeenAt, sql`${hourAgo}::timestamptz`)),
        ),
      )
      .returning({ hadCatchUp: before.catchUpSince, catchUpSince: memberships.catchUpSince });
    if (!row) {
      const [current] = await tx
        .select({ catchUpSince: memberships.catchUpSince })
        .from(memberships)
        .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
      return { visit: { recorded: false, catchUpSince: current?.catchUpSince ?? null }, mailed: false };
    }
    const started = !row.hadCatchUp && !!row.catchUpSince;
    const mailed = started
      ? await enqueueCatchUpMail(tx, { communityId, userId, since: row.catchUpSince!, origin: options.origin })
      : false;
    return { visit: { recorded: true, catchUpSince: row.catchUpSince }, mailed };
  });
  if (mailed) deps.jobs.wake();
  return visit;
}

/**
 * Inside the transaction that ends a member's break: the catch-up reaches back to when the
 * break began (`statusChangedAt` before the change), or further when one is waiting already.
 * Counts as a visit, so the hour that follows does not start another catch-up. Returns whether
 * a catch-up mail was enqueued (call `deps.jobs.wake()` after the commit).
 */
export async function onReturnFromBreak(
  tx: Conn,
  communityId: string,
  userId: string,
  since: Date,
  options: { now?: Date; origin?: string } = {},
): Promise<boolean> {
  const [row] = await tx
    .update(memberships)
    .set({
      catchUpSince: sql`least(${memberships.catchUpSince}, ${since.toISOString()}::timestamptz)`,
      lastSeenAt: options.now ?? new Date(),
    })
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)))
    .returning({ catchUpSince: memberships.catchUpSince });
  if (!row?.catchUpSince) return false;
  return enqueueCatchUpMail(tx, { communityId, userId, since: row.catchUpSince, origin: options.origin });
}

/** The member has seen their catch-up: nothing waits any more. Returns the start it had, or null. */
export async function clearCatchUp(tx: Conn, communityId: string, userId: string): Promise<Date | null> {
  const [row] = await tx
    .update(memberships)
    .set({ catchUpSince: null })
    .from(before)
    .where(
      and(
        eq(before.communityId, communityId),
        eq(before.userId, userId),
        eq(memberships.communityId, before.communityId),
        eq(memberships.userId, before.userId),
        sql`${memberships.catchUpSince} is not null`,
      ),
    )
    .returning({ since: before.catchUpSince });
  return row?.since ?? null;
}
