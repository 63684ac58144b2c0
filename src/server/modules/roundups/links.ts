import { and, eq } from 'drizzle-orm';
import { communities, memberships, roundupClicks, roundupItems, roundups, users } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { isUuid } from '../../platform/ids.js';
import { signingKey, verify, verifyIds } from '../../platform/signing.js';
import { CLICK_PURPOSE, UNSUBSCRIBE_PURPOSE } from './render.js';

/**
 * The signed links in a round-up: tracked item links and the one-click unsubscribe. Both carry
 * their facts in the link and an HMAC over them; a changed byte is refused, and a tracked link
 * leads only to the path stored for that item — never anywhere a link-maker chooses.
 */

export const invalidLink = () => new AppError(400, 'invalid_link', 'This link is not valid.');

/** A path on this site: one leading slash, not a scheme-relative `//host` (or `/\host`). */
export const isLocalPath = (p: unknown): p is string =>
  typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\') && !/[\r\n]/.test(p);

/**
 * Records a click on a tracked link and answers where it leads: the path stored for the signed
 * item (which names its round-up), never one the link itself carries.
 */
export async function followLink(deps: Deps, token: string, now = new Date()): Promise<string> {
  const ids = verifyIds(await signingKey(deps.db), CLICK_PURPOSE, token, 2);
  if (!ids) throw invalidLink();
  const [i, u] = ids;
  const [item] = await deps.db
    .select({
      id: roundupItems.id,
      roundupId: roundupItems.roundupId,
      path: roundupItems.path,
      section: roundupItems.section,
      communityId: roundups.communityId,
    })
    .from(roundupItems)
    .innerJoin(roundups, eq(roundups.id, roundupItems.roundupId))
    .where(eq(roundupItems.id, i));
  if (!item || !isLocalPath(item.path)) throw invalidLink();
  const r = item.roundupId;
  const p = item.path;
  const [member] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, u));
  await deps.db.transaction(async (tx) => {
    await tx.insert(roundupClicks).values({ roundupId: r, itemId: i, userId: member ? u : null, clickedAt: now });
    await recordActivity(tx, {
      actorId: member ? u : null,
      communityId: item.communityId,
      verb: 'roundup.clicked',
      objectType: 'roundup',
      objectId: r,
      data: { itemId: i, section: item.section, path: p },
      occurredAt: now,
    });
  });
  return item.path;
}

/** m•••@example.org: enough to recognise one's address, not to read it off a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

async function unsubscribeTarget(deps: Deps, token: string) {
  const payload = verify<Record<string, unknown>>(await signingKey(deps.db), UNSUBSCRIBE_PURPOSE, token);
  if (!payload) throw invalidLink();
  const { u, c } = payload;
  if (typeof u !== 'string' || typeof c !== 'string' || !isUuid(u) || !isUuid(c)) throw invalidLink();
  const [row] = await deps.db
    .select({
      communityName: communities.name,
      email: users.email,
      roundupEmail: memberships.roundupEmail,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(communities, eq(communities.id, memberships.communityId))
    .where(and(eq(memberships.userId, u), eq(memberships.communityId, c)));
  if (!row) throw notFound();
  return { userId: u, communityId: c, ...row };
}

export interface UnsubscribeState {
  communityName: string;
  email: string;
  alreadyUnsubscribed: boolean;
}

/** What an unsubscribe link is about, for the page that confirms it. Changes nothing. */
export async function unsubscribeInfo(deps: Deps, token: string): Promise<UnsubscribeState> {
  const t = await unsubscribeTarget(deps, token);
  return { communityName: t.communityName, email: maskEmail(t.email), alreadyUnsubscribed: !t.roundupEmail };
}

/** Turns the community's round-up mail off for the member; a second time changes nothing. */
export async function unsubscribe(deps: Deps, token: string): Promise<UnsubscribeState> {
  const t = await unsubscribeTarget(deps, token);
  const changed = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(memberships)
      .set({ roundupEmail: false })
      .where(
        and(
          eq(memberships.userId, t.userId),
          eq(memberships.communityId, t.communityId),
          eq(memberships.roundupEmail, true),
        ),
      )
      .returning({ userId: memberships.userId });
    if (rows.length === 0) return false;
    await recordActivity(tx, {
      actorId: t.userId,
      communityId: t.communityId,
      verb: 'roundup.unsubscribed',
      objectType: 'community',
      objectId: t.communityId,
    });
    return true;
  });
  return { communityName: t.communityName, email: maskEmail(t.email), alreadyUnsubscribed: !changed };
}
