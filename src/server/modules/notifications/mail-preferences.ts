import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  emailNotificationKinds,
  mailCadences,
  type EmailNotificationKind,
  type MailCadence,
  type NotificationKind,
} from '../../../common/limits.js';
import type { Conn, Db } from '../../db/client.js';
import { communities, mailPreferences, memberships, users } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { currentStatuses, requireUser, type Actor } from '../../platform/policy.js';
import { sign, signingKey, verify } from '../../platform/signing.js';
import { maskEmail } from '../roundups/links.js';

/**
 * Mail preferences: per kind of notification, whether it is mailed at once (batched after a
 * quiet moment), in a daily summary, or not at all; whether a catch-up is mailed; and each
 * community's round-up. A member without a row has the defaults.
 */

export type MailKinds = Record<EmailNotificationKind, MailCadence>;

export interface StoredPreferences {
  kinds: MailKinds;
  catchUpEmail: boolean;
  lastDailyAt: Date | null;
}

export const emailKinds = Object.keys(emailNotificationKinds) as EmailNotificationKind[];

/** Kinds that are only ever sent at once: a reminder a day late is no reminder. */
export const immediateOnlyKinds: ReadonlySet<EmailNotificationKind> = new Set(['event_reminder']);

const emailKindByNotification = new Map<NotificationKind, EmailNotificationKind>(
  emailKinds.flatMap((k) => emailNotificationKinds[k].kinds.map((n) => [n as NotificationKind, k] as const)),
);

/** The mail preference kind covering a notification kind; undefined for kinds mailed on their own. */
export const emailKindOf = (kind: NotificationKind): EmailNotificationKind | undefined =>
  emailKindByNotification.get(kind);

export const isEmailKind = (value: unknown): value is EmailNotificationKind =>
  typeof value === 'string' && Object.hasOwn(emailNotificationKinds, value);

const isCadence = (value: unknown): value is MailCadence =>
  typeof value === 'string' && (mailCadences as readonly string[]).includes(value);

/** Stored choices over the defaults; anything stored that is no longer valid falls back to the default. */
export function resolveKinds(stored: Record<string, string> | null | undefined): MailKinds {
  const kinds = {} as MailKinds;
  for (const kind of emailKinds) {
    const chosen = stored?.[kind];
    const valid = isCadence(chosen) && !(chosen === 'daily' && immediateOnlyKinds.has(kind));
    kinds[kind] = valid ? chosen : emailNotificationKinds[kind].default;
  }
  return kinds;
}

export const defaultPreferences = (): StoredPreferences => ({
  kinds: resolveKinds(null),
  catchUpEmail: true,
  lastDailyAt: null,
});

/**
 * How a notification of `kind` is mailed under these preferences (the defaults when none):
 * its cadence, or null for kinds mailed on their own whatever the preferences (waitlist
 * promotions and seat offers). Event reminders answer `immediate` or `off`.
 */
export function cadenceFor(
  prefs: Pick<StoredPreferences, 'kinds'> | null | undefined,
  kind: NotificationKind,
): MailCadence | null {
  const emailKind = emailKindOf(kind);
  if (!emailKind) return null;
  return (prefs?.kinds ?? resolveKinds(null))[emailKind];
}

export async function loadPreferences(db: Conn, userId: string): Promise<StoredPreferences> {
  return (await preferencesFor(db, [userId])).get(userId) ?? defaultPreferences();
}

/** Preferences of several people at once; everyone asked for is in the map. */
export async function preferencesFor(db: Conn, userIds: string[]): Promise<Map<string, StoredPreferences>> {
  const unique = [...new Set(userIds)];
  const found = new Map<string, StoredPreferences>();
  if (unique.length === 0) return found;
  const rows = await db.select().from(mailPreferences).where(inArray(mailPreferences.userId, unique));
  for (const row of rows) {
    found.set(row.userId, {
      kinds: resolveKinds(row.kinds),
      catchUpEmail: row.catchUpEmail,
      lastDailyAt: row.lastDailyAt,
    });
  }
  for (const id of unique) if (!found.has(id)) found.set(id, defaultPreferences());
  return found;
}

/** Writes some choices, keeping the others; only what was chosen is stored, the rest follows the defaults. */
export async function saveKinds(db: Conn, userId: string, patch: Partial<MailKinds>, now = new Date()) {
  await db
    .insert(mailPreferences)
    .values({ userId, kinds: patch as Record<string, string> })
    .onConflictDoUpdate({
      target: mailPreferences.userId,
      set: { kinds: sql`${mailPreferences.kinds} || excluded.kinds`, updatedAt: now },
    });
}

/** Records when the last daily summary went, so the next is due a day later. */
export async function markDailySent(db: Conn, userId: string, at: Date) {
  await db
    .insert(mailPreferences)
    .values({ userId, lastDailyAt: at })
    .onConflictDoUpdate({ target: mailPreferences.userId, set: { lastDailyAt: at } });
}

// ── Over the API ─────────────────────────────────────────────────────────────

/** The communities whose round-up a member may choose: those they currently belong to. */
async function roundupChoices(db: Conn, userId: string) {
  return db
    .select({
      communityId: communities.id,
      communitySlug: communities.slug,
      communityName: communities.name,
      enabled: memberships.roundupEmail,
    })
    .from(memberships)
    .innerJoin(communities, eq(communities.id, memberships.communityId))
    .where(and(eq(memberships.userId, userId), inArray(memberships.status, [...currentStatuses])))
    .orderBy(asc(communities.name), asc(communities.slug));
}

async function present(db: Conn, userId: string) {
  const [prefs, roundups] = await Promise.all([loadPreferences(db, userId), roundupChoices(db, userId)]);
  return {
    kinds: prefs.kinds,
    catchUpEmail: prefs.catchUpEmail,
    roundups: roundups.map(({ communitySlug, communityName, enabled }) => ({ communitySlug, communityName, enabled })),
  };
}

export async function getPreferences(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  return present(deps.db, me.id);
}

export interface PreferencesPatch {
  kinds?: Partial<MailKinds>;
  catchUpEmail?: boolean;
  roundups?: { communitySlug: string; enabled: boolean }[];
}

const unknownCommunity = (index: number) =>
  new AppError(400, 'unknown_community', 'You are not a member of that community.', `roundups.${index}.communitySlug`);

export async function updatePreferences(deps: Deps, actor: Actor, patch: PreferencesPatch) {
  const me = requireUser(actor);
  await deps.db.transaction(async (tx) => {
    if (patch.roundups?.length) {
      const mine = new Map((await roundupChoices(tx, me.id)).map((r) => [r.communitySlug, r.communityId]));
      const changes = patch.roundups.map((r, i) => {
        const communityId = mine.get(r.communitySlug);
        if (!communityId) throw unknownCommunity(i);
        return { communityId, enabled: r.enabled };
      });
      for (const change of changes) {
        await tx
          .update(memberships)
          .set({ roundupEmail: change.enabled })
          .where(and(eq(memberships.communityId, change.communityId), eq(memberships.userId, me.id)));
      }
    }
    if (patch.kinds && Object.keys(patch.kinds).length > 0) await saveKinds(tx, me.id, patch.kinds);
    if (patch.catchUpEmail !== undefined) {
      await tx
        .insert(mailPreferences)
        .values({ userId: me.id, catchUpEmail: patch.catchUpEmail })
        .onConflictDoUpdate({
          target: mailPreferences.userId,
          set: { catchUpEmail: patch.catchUpEmail, updatedAt: new Date() },
        });
    }
  });
  return present(deps.db, me.id);
}

// ── One-click unsubscribe ────────────────────────────────────────────────────

const unsubscribePurpose = 'mail-unsub';

/** The signed token of an unsubscribe link: whoever holds it may turn off that kind of mail for that person. */
export async function unsubscribeToken(db: Db, userId: string, kind: EmailNotificationKind): Promise<string> {
  return sign(await signingKey(db), unsubscribePurpose, { u: userId, k: kind });
}

/** The site page and the one-click endpoint (RFC 8058) for a token. */
export const unsubscribeLinks = (origin: string, token: string) => ({
  page: `${origin}/unsubscribe/mail/${encodeURIComponent(token)}`,
  oneClick: `${origin}/api/v1/unsubscribe/mail/${encodeURIComponent(token)}`,
});

const invalidLink = () =>
  new AppError(
    400,
    'invalid_link',
    'This unsubscribe link is not valid. Change your mail preferences in your account.',
  );

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readToken(deps: Deps, token: string) {
  const payload = verify<{ u?: unknown; k?: unknown }>(await signingKey(deps.db), unsubscribePurpose, token);
  if (!payload || typeof payload.u !== 'string' || !uuid.test(payload.u) || !isEmailKind(payload.k))
    throw invalidLink();
  const [user] = await deps.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, payload.u));
  if (!user) throw invalidLink();
  return { userId: user.id, email: user.email, kind: payload.k };
}

export const kindLabels: Record<EmailNotificationKind, string> = {
  mention: 'mentions of you',
  reply: 'replies in conversations you take part in',
  accepted: 'accepted answers',
  event_reminder: 'event reminders',
  event_change: 'changes to events you are going to',
  following: 'new posts by people and tags you follow',
  repertoire: 'news about your contributions to the repertoire',
  roundup_draft: 'round-up drafts ready for review',
  survey: 'surveys your communities ask you to answer',
  health_check: 'what the weekly health check finds',
};

/** What an unsubscribe link is about, for the page that confirms it; the address is masked. */
export async function describeUnsubscribe(deps: Deps, token: string) {
  const { userId, email, kind } = await readToken(deps, token);
  const prefs = await loadPreferences(deps.db, userId);
  return { kind, email: maskEmail(email), alreadyUnsubscribed: prefs.kinds[kind] === 'off' };
}

/** Turns that kind of mail off; using the link again changes nothing. */
export async function unsubscribe(deps: Deps, token: string) {
  const { userId, email, kind } = await readToken(deps, token);
  const prefs = await loadPreferences(deps.db, userId);
  const already = prefs.kinds[kind] === 'off';
  if (!already) await saveKinds(deps.db, userId, { [kind]: 'off' });
  return { kind, email: maskEmail(email), alreadyUnsubscribed: already };
}
