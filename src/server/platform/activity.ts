import type { Conn } from '../db/client.js';
import { activityEvents } from '../db/schema/index.js';

export interface ActivityInput {
  actorId: string | null;
  communityId?: string | null;
  verb: string;
  objectType: string;
  objectId: string;
  data?: Record<string, unknown>;
  weight?: number;
  /** When it happened, if not now (seeds and backfills). */
  occurredAt?: Date;
}

/** The activity log is append-only: these are its only writers, and nothing updates or deletes rows. */
export async function recordActivity(db: Conn, event: ActivityInput): Promise<void> {
  await recordActivities(db, [event]);
}

/** Several events in one statement (batched writers such as the post view counter). */
export async function recordActivities(db: Conn, events: ActivityInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(activityEvents).values(
    events.map((event) => ({
      actorId: event.actorId,
      communityId: event.communityId ?? null,
      verb: event.verb,
      objectType: event.objectType,
      objectId: event.objectId,
      data: event.data ?? null,
      weight: event.weight ?? 1,
      ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
    })),
  );
}
