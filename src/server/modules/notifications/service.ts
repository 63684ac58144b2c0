import { and, eq, or } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { communities, follows, notifications } from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import type { FollowTarget, NotificationKind } from '../../../common/limits.js';
import * as communityService from '../communities/service.js';

export const channelFor = (userId: string) => `notifications:${userId}`;

export interface NotifyInput {
  kind: NotificationKind;
  userIds: string[];
  communityId: string;
  postId: string;
  replyId?: string | null;
  actorId: string | null;
}

/**
 * Records notifications inside the caller's transaction. Never the actor, only people who may
 * see the community, at most one of a kind per person and post or reply. Returns who got a new
 * one, to hand to `announce` once the transaction has committed.
 */
export async function notify(tx: Conn, input: NotifyInput): Promise<string[]> {
  const candidates = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (candidates.length === 0) return [];
  const [community] = await tx
    .select({ id: communities.id, visibility: communities.visibility })
    .from(communities)
    .where(eq(communities.id, input.communityId));
  if (!community) return [];
  const recipients = await communityService.whoMayView(tx, community, candidates);
  if (recipients.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      recipients.map((userId) => ({
        userId,
        kind: input.kind,
        communityId: input.communityId,
        postId: input.postId,
        replyId: input.replyId ?? null,
        actorId: input.actorId,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  return rows.map((r) => r.userId);
}

/** After commit: tells those people's open streams that something new arrived. */
export async function announce(deps: Deps, userIds: string[]): Promise<void> {
  await Promise.all(
    [...new Set(userIds)].map((id) =>
      deps.events.publish(channelFor(id), { type: 'changed' }).catch((err) => {
        deps.logger.warn({ event: 'notifications.publish_failed', err }, 'could not announce a notification');
      }),
    ),
  );
}

export interface FollowTargetRef {
  targetType: FollowTarget;
  target: string;
}

/** Everyone following any of `targets` in the community. */
export async function followerIds(db: Conn, communityId: string, targets: FollowTargetRef[]): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: follows.userId })
    .from(follows)
    .where(
      and(
        eq(follows.communityId, communityId),
        or(...targets.map((t) => and(eq(follows.targetType, t.targetType), eq(follows.target, t.target)))),
      ),
    );
  return rows.map((r) => r.userId);
}

/** Follows a target; following twice changes nothing. */
export async function followInTx(
  tx: Conn,
  userId: string,
  communityId: string,
  targetType: FollowTarget,
  target: string,
): Promise<void> {
  await tx.insert(follows).values({ userId, communityId, targetType, target }).onConflictDoNothing();
}
