import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { containsPattern } from '../../platform/like.js';
import { activityEvents, communities, invitations, memberships, users } from '../../db/schema/index.js';
import type { MembershipStatus, Role, Visibility } from '../../../common/limits.js';

export type CommunityRow = typeof communities.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type MembershipPatch = Partial<Omit<typeof memberships.$inferInsert, 'communityId' | 'userId'>>;

export async function findBySlug(db: Conn, slug: string): Promise<CommunityRow | undefined> {
  const query = prepared(
    db,
    'community_by_slug',
    (d) =>
      d
        .select()
        .from(communities)
        .where(eq(communities.slug, sql.placeholder('slug')))
        .prepare('community_by_slug'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ slug });
  return row;
}

/** The community and the viewer's membership of it (if any), in one round trip. */
export async function findBySlugFor(db: Conn, slug: string, userId: string | null) {
  if (!userId) return { community: await findBySlug(db, slug), membership: null };
  const query = prepared(
    db,
    'community_by_slug_for',
    (d) =>
      d
        .select({ community: communities, membership: memberships })
        .from(communities)
        .leftJoin(
          memberships,
          and(eq(memberships.communityId, communities.id), eq(memberships.userId, sql.placeholder('userId'))),
        )
        .where(eq(communities.slug, sql.placeholder('slug')))
        .prepare('community_by_slug_for'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ slug, userId });
  return { community: row?.community, membership: (row?.membership ?? null) as MembershipRow | null };
}

export async function slugExists(db: Conn, slug: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: communities.id })
    .from(communities)
    .where(exceptId ? and(eq(communities.slug, slug), ne(communities.id, exceptId)) : eq(communities.slug, slug));
  return !!row;
}

/** Serialises membership changes within one community (the last-coordinator rule needs it). */
export async function lockCommunity(db: Conn, id: string): Promise<void> {
  await db.select({ id: communities.id }).from(communities).where(eq(communities.id, id)).for('update');
}

export async function insertCommunity(db: Conn, values: typeof communities.$inferInsert): Promise<CommunityRow> {
  const [row] = await db.insert(communities).values(values).returning();
  return row;
}

export async function updateCommunity(db: Conn, id: string, values: Partial<typeof communities.$inferInsert>) {
  const [row] = await db
    .update(communities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(communities.id, id))
    .returning();
  return row;
}

export interface VisibilityScope {
  everything: boolean;
  visibilities: Visibility[];
  memberStatuses: MembershipStatus[];
}

export async function listCommunities(
  db: Conn,
  filters: {
    q?: string;
    type?: string;
    viewerId: string | null;
    scope: VisibilityScope;
    currentStatuses: MembershipStatus[];
  },
) {
  const mine = filters.viewerId
    ? and(eq(memberships.communityId, communities.id), eq(memberships.userId, filters.viewerId))
    : sql`false`;
  const conditions: (SQL | undefined)[] = [];
  if (!filters.scope.everything) {
    conditions.push(
      or(
        inArray(communities.visibility, filters.scope.visibilities),
        inArray(memberships.status, filters.scope.memberStatuses),
      ),
    );
  }
  if (filters.type) conditions.push(eq(communities.type, filters.type));
  if (filters.q) {
    const p = containsPattern(filters.q);
    conditions.push(
      or(
        ilike(communities.name, p),
        ilike(communities.domain, p),
        ilike(communities.purpose, p),
        sql`${communities.topics}::text ilike ${p}`,
      ),
    );
  }
  return db
    .select({ community: communities, membership: memberships, memberCount: communities.memberCount })
    .from(communities)
    .leftJoin(memberships, mine)
    .where(and(...conditions))
    .orderBy(desc(communities.memberCount), asc(communities.name), asc(communities.id))
    .limit(500);
}

export async function findMembership(db: Conn, communityId: string, userId: string) {
  const query = prepared(
    db,
    'membership_of',
    (d) =>
      d
        .select()
        .from(memberships)
        .where(
          and(
            eq(memberships.communityId, sql.placeholder('communityId')),
            eq(memberships.userId, sql.placeholder('userId')),
          ),
        )
        .prepare('membership_of'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ communityId, userId });
  return row as MembershipRow | undefined;
}

export async function countHolders(
  db: Conn,
  communityId: string,
  roles: readonly Role[],
  statuses: MembershipStatus[],
  exceptUserId: string,
) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.communityId, communityId),
        inArray(memberships.role, [...roles]),
        inArray(memberships.status, statuses),
        ne(memberships.userId, exceptUserId),
      ),
    );
  return Number(row.n);
}

export async function listHolders(db: Conn, communityId: string, roles: readonly Role[], statuses: MembershipStatus[]) {
  return db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, communityId),
        inArray(memberships.role, [...roles]),
        inArray(memberships.status, statuses),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

/** Creates the membership, or turns an earlier one (alumni, removed, pending) into this one. */
export async function upsertMembership(
  db: Conn,
  communityId: string,
  userId: string,
  values: MembershipPatch & { status: MembershipStatus },
): Promise<MembershipRow> {
  const now = new Date();
  const set = { ...values, statusChangedAt: now };
  const [row] = await db
    .insert(memberships)
    .values({ communityId, userId, ...set })
    .onConflictDoUpdate({ target: [memberships.communityId, memberships.userId], set })
    .returning();
  return row;
}

export async function updateMembership(db: Conn, communityId: string, userId: string, patch: MembershipPatch) {
  const values = patch.status ? { ...patch, statusChangedAt: new Date() } : patch;
  const [row] = await db
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)))
    .returning();
  return row as MembershipRow | undefined;
}

export async function deleteMembership(db: Conn, communityId: string, userId: string, status: MembershipStatus) {
  const rows = await db
    .delete(memberships)
    .where(
      and(eq(memberships.communityId, communityId), eq(memberships.userId, userId), eq(memberships.status, status)),
    )
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function hasOpenInvitation(db: Conn, communityId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.communityId, communityId),
        sql`lower(${invitations.email}) = ${email.toLowerCase()}`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return !!row;
}

export async function listActivity(db: Conn, communityId: string, before: number | null, limit: number) {
  return db
    .select({ event: activityEvents, actorName: users.name })
    .from(activityEvents)
    .leftJoin(users, eq(users.id, activityEvents.actorId))
    .where(
      and(eq(activityEvents.communityId, communityId), before === null ? undefined : lt(activityEvents.id, before)),
    )
    .orderBy(desc(activityEvents.id))
    .limit(limit);
}

/** Which of `emails` (lower-cased) belong to people whose membership has one of `statuses`. */
export async function emailsWithStatus(db: Conn, communityId: string, emails: string[], statuses: MembershipStatus[]) {
  if (emails.length === 0) return [];
  const rows = await db
    .select({ email: sql<string>`lower(${users.email})` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, communityId),
        inArray(memberships.status, statuses),
        inArray(sql`lower(${users.email})`, emails),
      ),
    );
  return rows.map((r) => r.email);
}

/** Of `userIds`, those who are current members of the community or instance admins (and not disabled). */
export async function insidersAmong(db: Conn, communityId: string, userIds: string[], statuses: MembershipStatus[]) {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.communityId, communityId)))
    .where(
      and(
        inArray(users.id, userIds),
        isNull(users.disabledAt),
        or(eq(users.isAdmin, true), inArray(memberships.status, statuses)),
      ),
    );
  return rows.map((r) => r.id);
}

/** Of `userIds`, those whose accounts are not disabled. */
export async function enabledAmong(db: Conn, userIds: string[]) {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}
