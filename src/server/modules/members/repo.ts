import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { currentStatuses } from '../../platform/policy.js';
import { containsPattern } from '../../platform/like.js';
import { memberships, users } from '../../db/schema/index.js';
import type { MembershipStatus, Role } from '../../../common/limits.js';

export type MemberRow = typeof memberships.$inferSelect & { name: string; handle: string };

const memberColumns = { membership: memberships, name: users.name, handle: users.handle };

/**
 * What the directory shows of a member, selected flat: its pages are the hottest read after the
 * feed, and mapping every membership column (then copying it into a flat row) cost a third of
 * their time in the server.
 */
const listedColumns = {
  userId: memberships.userId,
  name: users.name,
  handle: users.handle,
  role: memberships.role,
  status: memberships.status,
  breakUntil: memberships.breakUntil,
  bio: memberships.bio,
  expertise: memberships.expertise,
  interests: memberships.interests,
  learningFormats: memberships.learningFormats,
  timeZone: memberships.timeZone,
  joinedAt: memberships.joinedAt,
  createdAt: memberships.createdAt,
};
export type ListedMember = Pick<MemberRow, keyof typeof listedColumns>;
const flatten = (r: { membership: typeof memberships.$inferSelect; name: string; handle: string }): MemberRow => ({
  ...r.membership,
  name: r.name,
  handle: r.handle,
});

export interface MemberFilter {
  communityId: string;
  /** The community's stored count of current members, which answers the unfiltered total. */
  memberCount: number;
  statuses: MembershipStatus[];
  role?: Role;
  expertise?: string;
  q?: string;
}

function conditions(f: MemberFilter): SQL[] {
  const where: SQL[] = [eq(memberships.communityId, f.communityId), inArray(memberships.status, f.statuses)];
  if (f.role) where.push(eq(memberships.role, f.role));
  if (f.q) where.push(ilike(users.name, containsPattern(f.q)));
  if (f.expertise) {
    where.push(
      sql`exists (select 1 from jsonb_array_elements_text(${memberships.expertise}) as e(tag) where e.tag ilike ${containsPattern(f.expertise)})`,
    );
  }
  return where;
}

/** One page in (name, userId) order, starting after `after`; the total ignores the page. */
export async function listMembers(
  db: Conn,
  f: MemberFilter,
  after: { name: string; id: string } | null,
  limit: number,
) {
  if (isPlainDirectory(f))
    return { rows: await listCurrentMembers(db, f.communityId, after, limit), total: f.memberCount };
  const where = conditions(f);
  const page = after ? [...where, sql`(${users.name}, ${users.id}) > (${after.name}, ${after.id}::uuid)`] : where;
  const [rows, [total]] = await Promise.all([
    db
      .select(listedColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(...page))
      .orderBy(asc(users.name), asc(users.id))
      .limit(limit),
    // The name is needed only to filter by it; otherwise counting memberships alone is enough.
    f.q
      ? db
          .select({ n: count() })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(...where))
      : db
          .select({ n: count() })
          .from(memberships)
          .where(and(...where)),
  ]);
  return { rows, total: Number(total.n) };
}

const current = [...currentStatuses];
const isPlainDirectory = (f: MemberFilter) =>
  !f.role &&
  !f.q &&
  !f.expertise &&
  f.statuses.length === current.length &&
  f.statuses.every((s) => currentStatuses.has(s));

/** currentStatuses, written into the statements so that the planner matches the directory's partial index. */
const currentList = sql.raw([...currentStatuses].map((status) => `'${status}'`).join(', '));

/**
 * The directory as most people open it — current members, no filter — is the hot path: a walk of
 * memberships_directory_idx (community, name, member), whatever the community's size, as two
 * prepared statements planned once; its total is the community's stored count.
 */
async function listCurrentMembers(
  db: Conn,
  communityId: string,
  after: { name: string; id: string } | null,
  limit: number,
) {
  const inDirectory = () =>
    and(eq(memberships.communityId, sql.placeholder('communityId')), sql`${memberships.status} in (${currentList})`);
  const firstPage = prepared(
    db,
    'members_first_page',
    (d) =>
      d
        .select(listedColumns)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(inDirectory())
        .orderBy(asc(memberships.sortName), asc(memberships.userId))
        .limit(sql.placeholder('limit'))
        .prepare('members_first_page'),
    { plan: 'once' },
  );
  const nextPage = prepared(
    db,
    'members_next_page',
    (d) =>
      d
        .select(listedColumns)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            inDirectory(),
            sql`(${memberships.sortName}, ${memberships.userId}) > (${sql.placeholder('afterName')}, ${sql.placeholder('afterId')}::uuid)`,
          ),
        )
        .orderBy(asc(memberships.sortName), asc(memberships.userId))
        .limit(sql.placeholder('limit'))
        .prepare('members_next_page'),
    { plan: 'once' },
  );
  const rows = await (after
    ? nextPage.execute({ communityId, limit, afterName: after.name, afterId: after.id })
    : firstPage.execute({ communityId, limit }));
  return rows;
}

export async function findMember(db: Conn, communityId: string, userId: string) {
  const [row] = await db
    .select({ ...memberColumns, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  return row ? { ...flatten(row), email: row.email } : undefined;
}

export async function listWithStatus(db: Conn, communityId: string, status: MembershipStatus) {
  const rows = await db
    .select({ ...memberColumns, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), eq(memberships.status, status)))
    .orderBy(asc(memberships.statusChangedAt))
    .limit(500);
  return rows.map((r) => ({ ...flatten(r), email: r.email }));
}

export async function updateProfile(
  db: Conn,
  communityId: string,
  userId: string,
  values: Partial<typeof memberships.$inferInsert>,
) {
  await db
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
}
