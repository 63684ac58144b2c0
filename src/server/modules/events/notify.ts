import { and, eq, inArray } from 'drizzle-orm';
import type { NotificationKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import * as communities from '../communities/service.js';
import * as notificationsRepo from '../notifications/repo.js';

/**
 * Tells members about one session (`event_*` notifications carry the session). Never the actor,
 * only people who may see the community. With `again`, an earlier notification of the same kind
 * about the same session is replaced, so a second change is news again. Returns who was told, to
 * announce once the transaction has committed.
 */
export async function notifySession(
  tx: Conn,
  input: {
    kind: NotificationKind;
    community: { id: string; visibility: string };
    occurrenceId: string;
    userIds: string[];
    actorId: string | null;
    again?: boolean;
  },
): Promise<string[]> {
  const candidates = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (candidates.length === 0) return [];
  const recipients = await communities.whoMayView(tx, input.community, candidates);
  if (recipients.length === 0) return [];
  if (input.again) {
    await tx
      .delete(notifications)
      .where(
        and(
          eq(notifications.kind, input.kind),
          eq(notifications.occurrenceId, input.occurrenceId),
          inArray(notifications.userId, recipients),
        ),
      );
  }
  return notificationsRepo.insertNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: input.kind,
      communityId: input.community.id,
      occurrenceId: input.occurrenceId,
      actorId: input.actorId,
    })),
  );
}
