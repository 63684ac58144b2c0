import { and, asc, count, eq, inArray, max, notInArray, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { activityEvents, collectionItems, collections, pathProgress, resources } from '../../db/schema/index.js';

export type CollectionRow = typeof collections.$inferSelect;

export async function listCollections(db: Conn, communityId: string): Promise<CollectionRow[]> {
  return db
    .select()
    .from(collections)
    .where(eq(collections.communityId, communityId))
    .orderBy(asc(collections.position), asc(collections.createdAt), asc(collections.id));
}

export async function findCollection(db: Conn, communityId: string, id: string): Promise<CollectionRow | undefined> {
  const [row] = await db
    .select()
    .from(collections)
    .where(and(eq(collections.id, id), eq(collections.communityId, communityId)));
  return row;
}

/** Locks a collection for a write that reads it first (its items, their order). */
export async function lockCollection(tx: Conn, communityId: string, id: string): Promise<CollectionRow | undefined> {
  const [row] = await tx
    .select()
    .from(collections)
    .where(and(eq(collections.id, id), eq(collections.communityId, communityId)))
    .for('update');
  return row;
}

export async function insertCollection(tx: Conn, values: typeof collections.$inferInsert): Promise<CollectionRow> {
  const [last] = await tx
    .select({ position: max(collections.position) })
    .from(collections)
    .where(eq(collections.communityId, values.communityId));
  const [row] = await tx
    .insert(collections)
    .values({ ...values, position: (last?.position ?? -1) + 1 })
    .returning();
  return row;
}

export async function updateCollection(tx: Conn, id: string, values: Partial<typeof collections.$inferInsert>) {
  await tx
    .update(collections)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(collections.id, id));
}

export async function deleteCollection(tx: Conn, id: string) {
  await tx.delete(collections).where(eq(collections.id, id));
}

export interface ItemRow {
  collectionId: string;
  resourceId: string;
  position: number;
  status: string;
  proposedBy: string | null;
}

/** The items of some collections in their order, with what deciding their visibility needs. */
export async function itemsOf(db: Conn, collectionIds: string[]): Promise<ItemRow[]> {
  if (collectionIds.length === 0) return [];
  return db
    .select({
      collectionId: collectionItems.collectionId,
      resourceId: collectionItems.resourceId,
      position: collectionItems.position,
      status: resources.status,
      proposedBy: resources.proposedBy,
    })
    .from(collectionItems)
    .innerJoin(resources, eq(resources.id, collectionItems.resourceId))
    .where(inArray(collectionItems.collectionId, collectionIds))
    .orderBy(asc(collectionItems.collectionId), asc(collectionItems.position), asc(collectionItems.addedAt));
}

/** Resources of the community among `ids`, with their status (for checking what may be collected). */
export async function resourceFacts(db: Conn, communityId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: resources.id, status: resources.status, proposedBy: resources.proposedBy })
    .from(resources)
    .where(and(eq(resources.communityId, communityId), inArray(resources.id, [...new Set(ids)])));
}

/** Makes the collection hold exactly `resourceIds`, in that order. */
export async function setItems(tx: Conn, collectionId: string, resourceIds: string[], addedBy: string) {
  const mine = eq(collectionItems.collectionId, collectionId);
  await tx
    .delete(collectionItems)
    .where(resourceIds.length > 0 ? and(mine, notInArray(collectionItems.resourceId, resourceIds)) : mine);
  if (resourceIds.length === 0) return;
  await tx
    .insert(collectionItems)
    .values(resourceIds.map((resourceId, position) => ({ collectionId, resourceId, position, addedBy })))
    .onConflictDoUpdate({
      target: [collectionItems.collectionId, collectionItems.resourceId],
      set: { position: sql`excluded.position` },
    });
}

/** Appends an item unless it is there already; says whether it was added. */
export async function appendItem(tx: Conn, collectionId: string, resourceId: string, addedBy: string) {
  const [last] = await tx
    .select({ position: max(collectionItems.position) })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, collectionId));
  const rows = await tx
    .insert(collectionItems)
    .values({ collectionId, resourceId, position: (last?.position ?? -1) + 1, addedBy })
    .onConflictDoNothing()
    .returning({ resourceId: collectionItems.resourceId });
  return rows.length > 0;
}

export async function removeItem(tx: Conn, collectionId: string, resourceId: string) {
  const rows = await tx
    .delete(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.resourceId, resourceId)))
    .returning({ resourceId: collectionItems.resourceId });
  return rows.length > 0;
}

export async function countItems(db: Conn, collectionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, collectionId));
  return Number(row?.n ?? 0);
}

// Progress.

export interface DoneRow {
  collectionId: string;
  resourceId: string;
  completedAt: Date;
}

export async function doneOf(db: Conn, userId: string, collectionIds: string[]): Promise<DoneRow[]> {
  if (collectionIds.length === 0) return [];
  return db
    .select({
      collectionId: pathProgress.collectionId,
      resourceId: pathProgress.resourceId,
      completedAt: pathProgress.completedAt,
    })
    .from(pathProgress)
    .where(and(eq(pathProgress.userId, userId), inArray(pathProgress.collectionId, collectionIds)));
}

/** Ticks an item; says whether it was not ticked before. */
export async function markDone(tx: Conn, userId: string, collectionId: string, resourceId: string) {
  const rows = await tx
    .insert(pathProgress)
    .values({ userId, collectionId, resourceId })
    .onConflictDoNothing()
    .returning({ resourceId: pathProgress.resourceId });
  return rows.length > 0;
}

export async function unmarkDone(tx: Conn, userId: string, collectionId: string, resourceId: string) {
  await tx
    .delete(pathProgress)
    .where(
      and(
        eq(pathProgress.userId, userId),
        eq(pathProgress.collectionId, collectionId),
        eq(pathProgress.resourceId, resourceId),
      ),
    );
}

/** Serialises one member's ticks on one path, so finishing it is noticed exactly once. */
export async function lockProgress(tx: Conn, userId: string, collectionId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`path:${userId}:${collectionId}`}, 0))`);
}

/** Whether the member has finished this path before (the log keeps it; finishing counts once). */
export async function hasCompleted(tx: Conn, userId: string, collectionId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: activityEvents.id })
    .from(activityEvents)
    .where(
      and(
        eq(activityEvents.actorId, userId),
        eq(activityEvents.verb, 'completed_path'),
        eq(activityEvents.objectType, 'collection'),
        eq(activityEvents.objectId, collectionId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
