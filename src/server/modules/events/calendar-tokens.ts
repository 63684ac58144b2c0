import { and, desc, eq, isNull } from 'drizzle-orm';
import type { CalendarFeed } from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { calendarTokens, users } from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { requireUser, type Actor } from '../../platform/policy.js';
import { hashSecret, newSecret } from '../../platform/secrets.js';

/**
 * A member's personal calendar address carries a secret token. Only its hash is stored (like API
 * tokens), so the address is shown once, when it is made; making a new one revokes the old.
 */

const TOKEN_PREFIX = 'cal_';

export const personalFeedUrl = (origin: string, token: string) => `${origin}/api/v1/calendar/${token}/events.ics`;

type TokenRow = typeof calendarTokens.$inferSelect;

const presentFeed = (row: TokenRow | undefined, url?: string): CalendarFeed => ({
  active: !!row,
  prefix: row?.prefix ?? null,
  createdAt: row?.createdAt.toISOString() ?? null,
  lastUsedAt: row?.lastUsedAt?.toISOString() ?? null,
  ...(url ? { url } : {}),
});

async function activeToken(db: Conn, userId: string): Promise<TokenRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarTokens)
    .where(and(eq(calendarTokens.userId, userId), isNull(calendarTokens.revokedAt)))
    .orderBy(desc(calendarTokens.createdAt))
    .limit(1);
  return row;
}

async function revokeAll(db: Conn, userId: string) {
  await db
    .update(calendarTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(calendarTokens.userId, userId), isNull(calendarTokens.revokedAt)));
}

export async function feedStatus(deps: Deps, actor: Actor): Promise<CalendarFeed> {
  const me = requireUser(actor);
  return presentFeed(await activeToken(deps.db, me.id));
}

/** Makes a new address (the old one stops working) and returns it: the only time it is shown. */
export async function createFeed(deps: Deps, actor: Actor, origin: string): Promise<CalendarFeed> {
  const me = requireUser(actor);
  const token = `${TOKEN_PREFIX}${newSecret(24)}`;
  const row = await deps.db.transaction(async (tx) => {
    // Under the account's row lock, so two requests at once still leave one address working.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, me.id)).for('update');
    await revokeAll(tx, me.id);
    const [created] = await tx
      .insert(calendarTokens)
      .values({ userId: me.id, tokenHash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) })
      .returning();
    return created;
  });
  return presentFeed(row, personalFeedUrl(origin, token));
}

export async function revokeFeed(deps: Deps, actor: Actor): Promise<void> {
  const me = requireUser(actor);
  await revokeAll(deps.db, me.id);
}

/** The owner of a live address; null for an unknown or revoked token, or a disabled account. */
export async function feedOwner(deps: Deps, token: string) {
  if (token.length > 200) return null;
  const [found] = await deps.db
    .select({
      tokenId: calendarTokens.id,
      lastUsedAt: calendarTokens.lastUsedAt,
      user: { id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin },
      disabledAt: users.disabledAt,
    })
    .from(calendarTokens)
    .innerJoin(users, eq(users.id, calendarTokens.userId))
    .where(and(eq(calendarTokens.tokenHash, hashSecret(token)), isNull(calendarTokens.revokedAt)));
  if (!found || found.disabledAt) return null;
  // Calendar apps fetch every few minutes: "last used" is written at most once a minute.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await deps.db.update(calendarTokens).set({ lastUsedAt: new Date() }).where(eq(calendarTokens.id, found.tokenId));
  }
  return found.user;
}
