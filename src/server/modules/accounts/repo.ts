import { and, desc, eq, gt, ilike, isNull, ne, or, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { apiTokens, authTokens, sessions, users } from '../../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Conn, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

/** Handles are unique whatever their case. */
export async function handleTakenByOther(db: Conn, handle: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.handle}) = ${handle.toLowerCase()}`, ne(users.id, userId)))
    .limit(1);
  return !!row;
}

export async function findUserById(db: Conn, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** Whether any account exists: asked on every page load, so it stops at the first row. */
export async function hasAnyUser(db: Conn): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return !!row;
}

export async function insertUser(db: Conn, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row;
}

export async function updateUser(db: Conn, id: string, values: Partial<typeof users.$inferInsert>) {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function listUsers(db: Conn, q: string | undefined, limit = 200) {
  const where = q ? or(ilike(users.email, `%${q}%`), ilike(users.name, `%${q}%`)) : undefined;
  return db.select().from(users).where(where).orderBy(desc(users.createdAt)).limit(limit);
}

export async function insertSession(db: Conn, values: typeof sessions.$inferInsert) {
  const [row] = await db.insert(sessions).values(values).returning();
  return row;
}

/**
 * What a request needs of the person behind a session or token, and nothing more: every request
 * reads it, and a password hash has no business travelling with each one.
 */
const actorColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  handle: users.handle,
  isAdmin: users.isAdmin,
  disabledAt: users.disabledAt,
};

export async function findSessionByHash(db: Conn, tokenHash: string) {
  const query = prepared(
    db,
    'session_by_hash',
    (d) =>
      d
        .select({ session: { id: sessions.id, lastSeenAt: sessions.lastSeenAt }, user: actorColumns })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, sql.placeholder('hash')), gt(sessions.expiresAt, sql`now()`)))
        .prepare('session_by_hash'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ hash: tokenHash });
  return row;
}

export async function touchSession(db: Conn, id: string) {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
}

export async function listSessions(db: Conn, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteSession(db: Conn, userId: string, id: string) {
  return db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ id: sessions.id });
}

export async function deleteSessionsOf(db: Conn, userId: string, exceptId?: string | null) {
  await db
    .delete(sessions)
    .where(exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId));
}

export async function insertAuthToken(db: Conn, values: typeof authTokens.$inferInsert) {
  await db.insert(authTokens).values(values);
}

/** Uses a one-time token: only one caller can ever win the update. */
export async function consumeAuthToken(db: Conn, tokenHash: string, purpose: string) {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  return row;
}

export async function findAuthToken(db: Conn, tokenHash: string, purpose: string) {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, tokenHash), eq(authTokens.purpose, purpose)));
  return row;
}

export async function revokeAuthTokensOf(db: Conn, userId: string) {
  await db.delete(authTokens).where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt)));
}

export async function insertApiToken(db: Conn, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row;
}

export async function listApiTokens(db: Conn, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Conn, userId: string, id: string) {
  return db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
}

export async function findApiTokenByHash(db: Conn, tokenHash: string) {
  const query = prepared(
    db,
    'api_token_by_hash',
    (d) =>
      d
        .select({ token: { id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt }, user: actorColumns })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
        .prepare('api_token_by_hash'),
    { plan: 'once' },
  );
  const [row] = await query.execute({ hash: tokenHash });
  return row;
}

export async function touchApiToken(db: Conn, id: string) {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}
