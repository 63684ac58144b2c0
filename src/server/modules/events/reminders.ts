import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { reminderKinds, type ReminderKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { eventReminders } from '../../db/schema/index.js';

/**
 * The reminders due before a session, kept as rows so that they survive a restart. Whoever
 * changes who is going or when a session starts calls these in the same transaction.
 */

export const reminderLead: Record<ReminderKind, number> = { '24h': 24 * 3600_000, '1h': 3600_000 };

/** The reminders still worth sending for a session starting at `startsAt`, as of `now`. */
export function dueReminders(startsAt: Date, now = new Date()): { kind: ReminderKind; dueAt: Date }[] {
  return reminderKinds
    .map((kind) => ({ kind, dueAt: new Date(startsAt.getTime() - reminderLead[kind]) }))
    .filter((r) => r.dueAt > now);
}

/**
 * Schedules the reminders of a member who now holds a seat. A reminder whose time has passed
 * (someone going 3 hours before) is not written; rows already there are kept as they are, so
 * going, leaving and coming back never sends one twice.
 */
export async function scheduleReminders(
  db: Conn,
  occurrence: { id: string; startsAt: Date },
  userIds: string[],
  now = new Date(),
): Promise<void> {
  const due = dueReminders(occurrence.startsAt, now);
  if (userIds.length === 0 || due.length === 0) return;
  await db
    .insert(eventReminders)
    .values(userIds.flatMap((userId) => due.map((r) => ({ occurrenceId: occurrence.id, userId, ...r }))))
    .onConflictDoNothing();
}

/** Drops the unsent reminders of members who no longer hold a seat (all of them when `userIds` is absent). */
export async function cancelReminders(db: Conn, occurrenceId: string, userIds?: string[]): Promise<void> {
  if (userIds && userIds.length === 0) return;
  await db
    .delete(eventReminders)
    .where(
      and(
        eq(eventReminders.occurrenceId, occurrenceId),
        isNull(eventReminders.sentAt),
        userIds ? inArray(eventReminders.userId, userIds) : undefined,
      ),
    );
}

/**
 * A session moved: its unsent reminders move with it. A reminder sent for the old time stays
 * sent; one whose new time has already passed is dropped rather than sent late.
 */
export async function moveReminders(db: Conn, occurrenceId: string, startsAt: Date, now = new Date()): Promise<void> {
  for (const kind of reminderKinds) {
    const dueAt = new Date(startsAt.getTime() - reminderLead[kind]);
    const where = and(
      eq(eventReminders.occurrenceId, occurrenceId),
      eq(eventReminders.kind, kind),
      isNull(eventReminders.sentAt),
    );
    if (dueAt > now) await db.update(eventReminders).set({ dueAt }).where(where);
    else await db.delete(eventReminders).where(where);
  }
}

/** Unsent reminders of a session (for tests and the host's view). */
export async function pendingReminderCount(db: Conn, occurrenceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventReminders)
    .where(and(eq(eventReminders.occurrenceId, occurrenceId), isNull(eventReminders.sentAt)));
  return row?.n ?? 0;
}
