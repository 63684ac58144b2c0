import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { memberships, participationModeChanges, participationModes } from '../../db/schema/index.js';
import { currentStatuses } from '../../platform/policy.js';
import { defaultThresholds, modeOf, type ActivityTally, type ModeThresholds, type ParticipationMode } from './modes.js';
import { tallyAll } from './tally.js';

/**
 * Stored modes: each current member's mode as last computed, and a history row every time it
 * changed. Two writers keep them — the whole-community recompute (nightly, and before each
 * health snapshot) and the member's own page, which writes its live verdict through — and both
 * go through the rule in modes.ts.
 *
 * They take a per-community advisory lock: the recompute exclusively, a member's page shared. So
 * two pages never block each other, the recompute waits for pages already writing, and a page
 * that arrives while the recompute runs leaves the writing to it instead of waiting.
 */

/** Rows per multi-row INSERT (about 250 KiB of JSON for the modes). */
const CHUNK = 1000;

const lockKey = (communityId: string) => sql`hashtext('participation_modes'), hashtext(${communityId})`;

export interface RecomputeOptions {
  /** The rolling window, in days (default 90). */
  windowDays?: number;
  thresholds?: Partial<ModeThresholds>;
  /** Only these members (those of them who are current); the others' rows are left alone. */
  userIds?: string[];
}

export interface RecomputeResult {
  /** Current members whose mode was computed. */
  members: number;
  /** Of them, those whose mode is new or different (one history row each). */
  changed: number;
}

const storable = (tally: ActivityTally) => tally as unknown as Record<string, number | boolean>;

/**
 * Recomputes the mode of every current member of a community as of `now` (which may be in the
 * past: a replay builds history week by week), in one transaction: tallies read set-wise, modes
 * upserted — `since` moves only when the mode changed — and one history row appended per change
 * (`fromMode` null the first time), in multi-row batches.
 */
export async function recomputeModes(
  db: Conn,
  communityId: string,
  now: Date,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const thresholds: ModeThresholds = {
    ...defaultThresholds,
    ...options.thresholds,
    ...(options.windowDays ? { windowDays: options.windowDays } : {}),
  };
  if (options.userIds?.length === 0) return { members: 0, changed: 0 };
  const tallies = await tallyAll(db, { communityId, now, windowDays: thresholds.windowDays, userIds: options.userIds });
  const rows = [...tallies].map(([userId, tally]) => {
    const verdict = modeOf(tally, thresholds);
    return { user_id: userId, mode: verdict.mode as string, because: verdict.because, tally: storable(tally) };
  });
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(communityId)})`);
    const before = new Map(
      (
        await tx
          .select({ userId: participationModes.userId, mode: participationModes.mode })
          .from(participationModes)
          .where(
            and(
              eq(participationModes.communityId, communityId),
              options.userIds ? inArray(participationModes.userId, options.userIds) : undefined,
            ),
          )
      ).map((r) => [r.userId, r.mode]),
    );
    const changes = rows
      .filter((r) => before.get(r.user_id) !== r.mode)
      .map((r) => ({ user_id: r.user_id, from_mode: before.get(r.user_id) ?? null, to_mode: r.mode }));
    // Rows travel as one JSON document a chunk (a parameter, not thousands): far cheaper to send
    // and to parse than a VALUES list, on PostgreSQL and the embedded database alike.
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx.execute(sql`
        insert into ${participationModes} (community_id, user_id, mode, because, tally, since, computed_at)
        select ${communityId}::uuid, u.user_id, u.mode, u.because, u.tally, ${at}::timestamptz, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + CHUNK))}::jsonb)
          as u(user_id uuid, mode text, because text, tally jsonb)
        on conflict (community_id, user_id) do update set
          -- Entered this mode now only if it is a different one; else since when it was.
          since = case when ${participationModes}.mode = excluded.mode then ${participationModes}.since else excluded.since end,
          mode = excluded.mode,
          because = excluded.because,
          tally = excluded.tally,
          computed_at = excluded.computed_at`);
    }
    for (let i = 0; i < changes.length; i += CHUNK) {
      await tx.execute(sql`
        insert into ${participationModeChanges} (community_id, user_id, from_mode, to_mode, changed_at)
        select ${communityId}::uuid, u.user_id, u.from_mode, u.to_mode, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(changes.slice(i, i + CHUNK))}::jsonb)
          as u(user_id uuid, from_mode text, to_mode text)`);
    }
    return { members: rows.length, changed: changes.length };
  });
}

/**
 * Writes one member's live verdict through (their own page computes it on every visit): updates
 * their row, appending a history row when the mode differs. Returns when they entered the mode,
 * or null when a whole-community recompute holds the community right now (it writes the same).
 */
export async function writeThrough(
  db: Conn,
  input: {
    communityId: string;
    userId: string;
    mode: ParticipationMode;
    because: string;
    tally: ActivityTally;
    now: Date;
  },
): Promise<Date | null> {
  const { communityId, userId, now } = input;
  return db.transaction(async (tx) => {
    const got = await tx.execute<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock_shared(${lockKey(communityId)}) as ok`,
    );
    if (!(got as unknown as { rows: { ok: boolean }[] }).rows[0]?.ok) return null;
    const mine = and(eq(participationModes.communityId, communityId), eq(participationModes.userId, userId));
    const values = {
      communityId,
      userId,
      mode: input.mode as string,
      because: input.because,
      tally: storable(input.tally),
      since: now,
      computedAt: now,
    };
    // The first time: one insert (another page of theirs racing makes this one a no-op)…
    const created = await tx
      .insert(participationModes)
      .values(values)
      .onConflictDoNothing()
      .returning({ since: participationModes.since });
    if (created.length) {
      await tx
        .insert(participationModeChanges)
        .values({ communityId, userId, fromMode: null, toMode: input.mode, changedAt: now });
      return created[0].since;
    }
    // …afterwards, under the row's lock, so two pages cannot both record the same change.
    const [before] = await tx
      .select({ mode: participationModes.mode, since: participationModes.since })
      .from(participationModes)
      .where(mine)
      .for('update');
    const changed = before.mode !== input.mode;
    await tx
      .update(participationModes)
      .set({
        mode: values.mode,
        because: values.because,
        tally: values.tally,
        computedAt: now,
        ...(changed ? { since: now } : {}),
      })
      .where(mine);
    if (changed)
      await tx
        .insert(participationModeChanges)
        .values({ communityId, userId, fromMode: before.mode, toMode: input.mode, changedAt: now });
    return changed ? now : before.since;
  });
}

/** Each current member's stored mode (members never computed yet are absent). */
export async function modesOf(db: Conn, communityId: string): Promise<Map<string, ParticipationMode>> {
  const rows = await db
    .select({ userId: participationModes.userId, mode: participationModes.mode })
    .from(participationModes)
    .innerJoin(
      memberships,
      and(
        eq(memberships.communityId, participationModes.communityId),
        eq(memberships.userId, participationModes.userId),
      ),
    )
    .where(and(eq(participationModes.communityId, communityId), inArray(memberships.status, [...currentStatuses])));
  return new Map(rows.map((r) => [r.userId, r.mode as ParticipationMode]));
}
