import { and, asc, count, countDistinct, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { roundupSections } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import {
  communities,
  jobs,
  memberships,
  roundupClicks,
  roundupDeliveries,
  roundupItems,
  roundups,
  users,
} from '../../db/schema/index.js';
import type { BuiltItem } from './build.js';

export type RoundupRow = typeof roundups.$inferSelect;
export type ItemRow = typeof roundupItems.$inferSelect;
export type CommunityRow = typeof communities.$inferSelect;

export const SEND_JOB = 'roundup.send';
export const DELIVER_JOB = 'roundup.deliver';
export const sendKey = (roundupId: string) => `${roundupId}:send`;
export const deliverKey = (roundupId: string, userId: string) => `${roundupId}:${userId}`;

const sectionIndex = new Map<string, number>(roundupSections.map((s, i) => [s, i]));

/** Items in mail order: by section, then the coordinator's position. */
export const inMailOrder = (items: ItemRow[]) =>
  [...items].sort(
    (a, b) =>
      (sectionIndex.get(a.section) ?? 99) - (sectionIndex.get(b.section) ?? 99) ||
      a.position - b.position ||
      a.id.localeCompare(b.id),
  );

export async function findCommunity(db: Conn, id: string): Promise<CommunityRow | undefined> {
  const [row] = await db.select().from(communities).where(eq(communities.id, id));
  return row;
}

export async function findRoundup(db: Conn, communityId: string, id: string): Promise<RoundupRow | undefined> {
  const [row] = await db
    .select()
    .from(roundups)
    .where(and(eq(roundups.id, id), eq(roundups.communityId, communityId)));
  return row;
}

export async function findRoundupById(db: Conn, id: string): Promise<RoundupRow | undefined> {
  const [row] = await db.select().from(roundups).where(eq(roundups.id, id));
  return row;
}

export async function itemsOf(db: Conn, roundupId: string): Promise<ItemRow[]> {
  return inMailOrder(await db.select().from(roundupItems).where(eq(roundupItems.roundupId, roundupId)));
}

export async function listRoundups(db: Conn, communityId: string, limit = 100) {
  return db
    .select()
    .from(roundups)
    .where(eq(roundups.communityId, communityId))
    .orderBy(sql`${roundups.periodStart} desc`, sql`${roundups.createdAt} desc`)
    .limit(limit);
}

/** Clicks and included items per round-up. */
export async function countsOf(db: Conn, roundupIds: string[]) {
  const result = new Map<string, { clickCount: number; itemCount: number }>();
  if (roundupIds.length === 0) return result;
  const [clicks, items] = await Promise.all([
    db
      .select({ id: roundupClicks.roundupId, n: count() })
      .from(roundupClicks)
      .where(inArray(roundupClicks.roundupId, roundupIds))
      .groupBy(roundupClicks.roundupId),
    db
      .select({ id: roundupItems.roundupId, n: count() })
      .from(roundupItems)
      .where(and(inArray(roundupItems.roundupId, roundupIds), eq(roundupItems.included, true)))
      .groupBy(roundupItems.roundupId),
  ]);
  for (const id of roundupIds) result.set(id, { clickCount: 0, itemCount: 0 });
  for (const c of clicks) result.get(c.id)!.clickCount = Number(c.n);
  for (const i of items) result.get(i.id)!.itemCount = Number(i.n);
  return result;
}

/** Who gets the round-up by mail: active members with round-up mail on, whose account works. */
const recipientWhere = (communityId: string) =>
  and(
    eq(memberships.communityId, communityId),
    eq(memberships.status, 'active'),
    eq(memberships.roundupEmail, true),
    isNull(users.disabledAt),
    sql`${users.email} <> ''`,
  );

export async function audienceCount(db: Conn, communityId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(recipientWhere(communityId));
  return Number(row?.n ?? 0);
}

/** A page of recipients' ids after `after`, in id order. */
export async function recipientPage(db: Conn, communityId: string, after: string | null, limit: number) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(recipientWhere(communityId), after ? gt(memberships.userId, after) : undefined))
    .orderBy(asc(memberships.userId))
    .limit(limit);
  return rows.map((r) => r.userId);
}

/** What a copy is personalised with: the member's account and their profile in the community. */
export const profileColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  disabledAt: users.disabledAt,
  status: memberships.status,
  roundupEmail: memberships.roundupEmail,
  interests: memberships.interests,
  expertise: memberships.expertise,
  learningFormats: memberships.learningFormats,
};

/** The member profile a copy is personalised with; null when not a member at all. */
export async function profileOf(db: Conn, communityId: string, userId: string) {
  const [row] = await db
    .select(profileColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  return row ?? null;
}

/** Writes the built items of a new round-up, positions counted per section. */
export async function insertItems(tx: Conn, roundupId: string, built: BuiltItem[]) {
  if (built.length === 0) return;
  const positions = new Map<string, number>();
  await tx.insert(roundupItems).values(
    built.map((item) => {
      const position = positions.get(item.section) ?? 0;
      positions.set(item.section, position + 1);
      return { roundupId, ...item, position };
    }),
  );
}

/**
 * Brings a draft's items up to date with a fresh build: known items are refreshed (keeping
 * whether the coordinator left them out), new ones are added, vanished ones removed.
 */
export async function refreshItems(tx: Conn, roundupId: string, built: BuiltItem[]) {
  const positions = new Map<string, number>();
  const kept: string[] = [];
  if (built.length > 0) {
    const rows = await tx
      .insert(roundupItems)
      .values(
        built.map((item) => {
          const position = positions.get(item.section) ?? 0;
          positions.set(item.section, position + 1);
          return { roundupId, ...item, position };
        }),
      )
      .onConflictDoUpdate({
        target: [roundupItems.roundupId, roundupItems.section, roundupItems.objectType, roundupItems.objectId],
        set: {
          title: sql`excluded.title`,
          summary: sql`excluded.summary`,
          path: sql`excluded.path`,
          topics: sql`excluded.topics`,
          formats: sql`excluded.formats`,
          meta: sql`excluded.meta`,
          position: sql`excluded.position`,
        },
      })
      .returning({ id: roundupItems.id });
    kept.push(...rows.map((r) => r.id));
  }
  await tx
    .delete(roundupItems)
    .where(and(eq(roundupItems.roundupId, roundupId), kept.length ? notInArray(roundupItems.id, kept) : undefined));
}

/**
 * Queues the round-up's send job to run at `runAt`. The job's key makes it one per round-up,
 * ever: scheduling again moves that same job (reviving it when it was cancelled) instead of
 * adding another. Returns false when the job is running right now.
 */
export async function scheduleSendJob(
  tx: Conn,
  roundup: { id: string; communityId: string },
  runAt: Date,
  payload: Record<string, unknown>,
): Promise<boolean> {
  const [inserted] = await tx
    .insert(jobs)
    .values({
      type: SEND_JOB,
      key: sendKey(roundup.id),
      payload,
      runAt,
      communityId: roundup.communityId,
      maxAttempts: 8,
    })
    .onConflictDoNothing({ target: [jobs.type, jobs.key], where: sql`key is not null` })
    .returning({ id: jobs.id });
  if (inserted) return true;
  const moved = await tx
    .update(jobs)
    .set({
      status: 'queued',
      payload,
      runAt,
      attempts: 0,
      lastError: null,
      lockToken: null,
      lockedUntil: null,
      startedAt: null,
      finishedAt: null,
      progress: null,
    })
    .where(and(eq(jobs.type, SEND_JOB), eq(jobs.key, sendKey(roundup.id)), sql`${jobs.status} <> 'running'`))
    .returning({ id: jobs.id });
  return moved.length > 0;
}

/** Calls off the round-up's send job if it has not started. */
export async function cancelSendJob(tx: Conn, roundupId: string, now: Date) {
  await tx
    .update(jobs)
    .set({ status: 'cancelled', finishedAt: now, lockToken: null, lockedUntil: null })
    .where(and(eq(jobs.type, SEND_JOB), eq(jobs.key, sendKey(roundupId)), eq(jobs.status, 'queued')));
}

export async function statsOf(db: Conn, roundupId: string) {
  const [deliveries, perItem, clickers] = await Promise.all([
    db
      .select({ status: roundupDeliveries.status, n: count() })
      .from(roundupDeliveries)
      .where(eq(roundupDeliveries.roundupId, roundupId))
      .groupBy(roundupDeliveries.status),
    db
      .select({ itemId: roundupClicks.itemId, clicks: count(), members: countDistinct(roundupClicks.userId) })
      .from(roundupClicks)
      .where(eq(roundupClicks.roundupId, roundupId))
      .groupBy(roundupClicks.itemId),
    db
      .select({ n: countDistinct(roundupClicks.userId) })
      .from(roundupClicks)
      .where(eq(roundupClicks.roundupId, roundupId)),
  ]);
  return {
    deliveries: new Map(deliveries.map((d) => [d.status, Number(d.n)])),
    perItem: new Map(perItem.map((p) => [p.itemId, { clicks: Number(p.clicks), members: Number(p.members) }])),
    clickers: Number(clickers[0]?.n ?? 0),
  };
}
