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
}

/** The activity log is append-only: this is the only writer, and nothing updates or deletes rows. */
export async function recordActivity(db: Conn, event: ActivityInput): Promise<void> {
  await db.insert(activityEvents).values({
    actorId: event.actorId,
    communityId: event.communityId ?? null,
    verb: event.verb,
    objectType: event.objectType,
    objectId: event.objectId,
    data: event.data ?? null,
    weight: event.weight ?? 1,
  });
}
