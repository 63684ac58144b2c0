import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { communities, invitations, users } from '../../db/schema/index.js';

export type InvitationRow = typeof invitations.$inferSelect;
export type InvitationWithInviter = InvitationRow & { inviterName: string | null };

const open = () => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
const withInviter = { invitation: invitations, inviterName: users.name };
const flatten = (r: { invitation: InvitationRow; inviterName: string | null }): InvitationWithInviter => ({
  ...r.invitation,
  inviterName: r.inviterName,
});

export async function listForCommunity(db: Conn, communityId: string) {
  const rows = await db
    .select(withInviter)
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.communityId, communityId))
    .orderBy(desc(invitations.createdAt))
    .limit(500);
  return rows.map(flatten);
}

export async function findInCommunity(db: Conn, communityId: string, id: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.communityId, communityId), eq(invitations.id, id)));
  return row as InvitationRow | undefined;
}

/** Revokes the still-open invitations to these addresses (lower-cased), so only the newest link works. */
export async function revokeOpenTo(db: Conn, communityId: string, emails: string[]) {
  if (emails.length === 0) return;
  await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.communityId, communityId), inArray(sql`lower(${invitations.email})`, emails), open()));
}

export async function insertMany(db: Conn, values: (typeof invitations.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db.insert(invitations).values(values).returning();
}

export async function revoke(db: Conn, id: string) {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), open()))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** An invitation that can still be used, with what the invited person is shown about it. */
export async function findUsable(db: Conn, tokenHash: string) {
  const [row] = await db
    .select({ invitation: invitations, community: communities, inviterName: users.name })
    .from(invitations)
    .innerJoin(communities, eq(communities.id, invitations.communityId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenHash, tokenHash), open(), gt(invitations.expiresAt, new Date())));
  return row;
}

/** Uses an invitation up: of two concurrent acceptances only one gets the row back. */
export async function consume(db: Conn, tokenHash: string, userId: string) {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(eq(invitations.tokenHash, tokenHash), open(), gt(invitations.expiresAt, sql`now()`)))
    .returning();
  return row as InvitationRow | undefined;
}
