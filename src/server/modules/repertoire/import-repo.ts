import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { memberships, resources, users } from '../../db/schema/index.js';

/** Every link the community's repertoire holds, whatever its status: an import must not repeat one. */
export async function urlsOf(db: Conn, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ url: resources.url })
    .from(resources)
    .where(and(eq(resources.communityId, communityId), isNotNull(resources.url)));
  return rows.map((r) => r.url!);
}

/**
 * Members (with a status among `statuses`) whose name is exactly one of `names`, or whose handle
 * is one of `handles` (lower-case, without the @).
 */
export async function membersNamed(
  db: Conn,
  communityId: string,
  names: string[],
  handles: string[],
  statuses: string[],
) {
  if (names.length === 0 && handles.length === 0) return [];
  const match = [
    ...(names.length > 0 ? [inArray(users.name, names)] : []),
    ...(handles.length > 0 ? [inArray(sql`lower(${users.handle})`, handles)] : []),
  ];
  return db
    .select({ id: users.id, name: users.name, handle: users.handle })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.communityId, communityId)))
    .where(and(inArray(memberships.status, statuses), or(...match)));
}

/** What an export writes of each resource with `status`, grouped by the caller. */
export async function forExport(db: Conn, communityId: string, status: string) {
  return db
    .select({
      id: resources.id,
      kind: resources.kind,
      format: resources.format,
      title: resources.title,
      url: resources.url,
      summary: resources.summary,
      tags: resources.tags,
      status: resources.status,
      proposedBy: resources.proposedBy,
    })
    .from(resources)
    .where(and(eq(resources.communityId, communityId), eq(resources.status, status)))
    .orderBy(asc(resources.kind), asc(resources.title), asc(resources.id));
}
