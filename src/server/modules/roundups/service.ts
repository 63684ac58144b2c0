import { TZDate } from '@date-fns/tz';
import { format, startOfWeek } from 'date-fns';
import { and, eq, inArray } from 'drizzle-orm';
import type { Roundup, RoundupPreview, RoundupStats, RoundupSummary } from '../../../common/api-types.js';
import { limits } from '../../../common/limits.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';
import type { Conn, Db } from '../../db/client.js';
import { memberships, roundupItems, roundups } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { isUuid } from '../../platform/ids.js';
import { renderMarkdown, shorten } from '../../platform/markdown.js';
import { currentStatuses, type Actor } from '../../platform/policy.js';
import { signingKey } from '../../platform/signing.js';
import * as communities from '../communities/service.js';
import { announce } from '../notifications/service.js';
import { insertNotifications } from '../notifications/repo.js';
import { buildSections, type Period } from './build.js';
import { editable, presentRoundup, presentSummary } from './present.js';
import { prepare, renderFor, type PreparedMail, type Recipient } from './render.js';
import * as repo from './repo.js';
import type { RoundupPatch } from './schema.js';

/**
 * The weekly round-up: drafted for the community's last full local week (Monday to Monday in
 * its time zone), edited by coordinators, then scheduled or sent. Sending is a job
 * (`roundup.send`) that fans out one delivery job per member; see `jobs.ts`.
 */

// ── Weeks ────────────────────────────────────────────────────────────────────

/** The zone under its canonical name, or UTC for one the runtime does not know. */
export const validZone = (timeZone: string): string => canonicalTimeZone(timeZone) ?? 'UTC';

/** The start (Monday 00:00, local) of the week `at` falls in, as a UTC instant. */
export function weekStart(at: Date, timeZone: string): Date {
  return new Date(startOfWeek(new TZDate(at.getTime(), validZone(timeZone)), { weekStartsOn: 1 }).getTime());
}

/** The last full local week before `now`. */
export function lastFullWeek(now: Date, timeZone: string): Period {
  const to = weekStart(now, timeZone);
  return { from: weekStart(new Date(to.getTime() - 86_400_000), timeZone), to };
}

/** This week so far. */
export const currentWeek = (now: Date, timeZone: string): Period => ({ from: weekStart(now, timeZone), to: now });

export function subjectFor(communityName: string, weekFrom: Date, timeZone: string): string {
  const date = format(new TZDate(weekFrom.getTime(), validZone(timeZone)), 'd MMMM yyyy');
  const tail = ` — week of ${date}`;
  return `${shorten(communityName, limits.roundupSubject - tail.length)}${tail}`;
}

// ── Drafting ─────────────────────────────────────────────────────────────────

type CommunityRow = repo.CommunityRow;

/**
 * Drafts the round-up of `period`, or brings an existing draft of the same week up to date
 * (the one drafted on demand mid-week grows to the full week). A round-up already scheduled,
 * sent or cancelled is left as it is. Returns the row and whether it was new.
 */
async function draftFor(
  db: Db,
  community: CommunityRow,
  period: Period,
  now: Date,
): Promise<{ row: repo.RoundupRow; created: boolean; notified: string[] }> {
  // Read before the transaction: six independent queries, run side by side on the pool.
  const built = await buildSections(db, community, period);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(roundups)
      .values({
        communityId: community.id,
        periodStart: period.from,
        periodEnd: period.to,
        subject: subjectFor(community.name, period.from, community.timeZone),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await repo.insertItems(tx, inserted.id, built);
      const notified = await notifyCoordinators(tx, community.id, inserted.id);
      return { row: inserted, created: true, notified };
    }
    const [existing] = await tx
      .select()
      .from(roundups)
      .where(and(eq(roundups.communityId, community.id), eq(roundups.periodStart, period.from)))
      .for('update');
    if (existing.status === 'draft' && existing.periodEnd.getTime() < period.to.getTime()) {
      await repo.refreshItems(tx, existing.id, built);
      const [row] = await tx
        .update(roundups)
        .set({ periodEnd: period.to, updatedAt: now })
        .where(eq(roundups.id, existing.id))
        .returning();
      return { row, created: false, notified: [] };
    }
    return { row: existing, created: false, notified: [] };
  });
}

/** Tells the community's coordinators in the app that a draft is waiting for them. */
async function notifyCoordinators(tx: Conn, communityId: string, roundupId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.communityId, communityId),
        eq(memberships.role, 'coordinator'),
        inArray(memberships.status, [...currentStatuses]),
      ),
    );
  if (rows.length === 0) return [];
  return insertNotifications(
    tx,
    rows.map((r) => ({ userId: r.userId, kind: 'roundup_draft', communityId, roundupId, actorId: null })),
  );
}

/**
 * The weekly job's work: drafts the community's round-up of its last full local week (once,
 * however often it runs) and tells its coordinators. Returns null for a community that is gone.
 */
export async function draftRoundup(deps: Deps, communityId: string, now: Date): Promise<repo.RoundupRow | null> {
  const community = await repo.findCommunity(deps.db, communityId);
  if (!community) return null;
  const { row, notified } = await draftFor(deps.db, community, lastFullWeek(now, community.timeZone), now);
  if (notified.length) await announce(deps, notified);
  return row;
}

// ── Loading ──────────────────────────────────────────────────────────────────

interface Managed {
  ctx: communities.CommunityContext;
  roundup: repo.RoundupRow;
}

const manage = (deps: Deps, actor: Actor, slug: string) =>
  communities.authorizeIn(deps.db, actor, slug, 'manageRoundups');

async function loadManaged(deps: Deps, actor: Actor, slug: string, id: string): Promise<Managed> {
  const ctx = await manage(deps, actor, slug);
  if (!isUuid(id)) throw notFound();
  const roundup = await repo.findRoundup(deps.db, ctx.community.id, id);
  if (!roundup) throw notFound();
  return { ctx, roundup };
}

async function detail(db: Conn, ctx: communities.CommunityContext, roundup: repo.RoundupRow): Promise<Roundup> {
  const [items, counts, audience] = await Promise.all([
    repo.itemsOf(db, roundup.id),
    repo.countsOf(db, [roundup.id]),
    repo.audienceCount(db, ctx.community.id),
  ]);
  return presentRoundup(roundup, items, {
    communitySlug: ctx.community.slug,
    clickCount: counts.get(roundup.id)?.clickCount ?? 0,
    audience,
    manage: ctx.abilities.manageRoundups,
  });
}

const sentOrCancelled = (row: { status: string }) =>
  row.status === 'cancelled'
    ? conflict('roundup_cancelled', 'This round-up was cancelled.')
    : conflict('roundup_sent', 'This round-up has been sent already.');

function assertEditable(row: repo.RoundupRow) {
  if (!editable(row)) throw sentOrCancelled(row);
}

// ── Coordinators' API ────────────────────────────────────────────────────────

export async function list(deps: Deps, actor: Actor, slug: string): Promise<RoundupSummary[]> {
  const ctx = await manage(deps, actor, slug);
  const rows = await repo.listRoundups(deps.db, ctx.community.id);
  const counts = await repo.countsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentSummary(r, counts.get(r.id)!));
}

/** Drafts this week's round-up so far now (or brings this week's draft up to date). */
export async function draftNow(deps: Deps, actor: Actor, slug: string, now = new Date()): Promise<Roundup> {
  const ctx = await manage(deps, actor, slug);
  const { row, notified } = await draftFor(deps.db, ctx.community, currentWeek(now, ctx.community.timeZone), now);
  if (notified.length) await announce(deps, notified);
  return detail(deps.db, ctx, row);
}

export async function get(deps: Deps, actor: Actor, slug: string, id: string): Promise<Roundup> {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  return detail(deps.db, ctx, roundup);
}

export async function update(deps: Deps, actor: Actor, slug: string, id: string, patch: RoundupPatch) {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  const row = await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(roundups).where(eq(roundups.id, roundup.id)).for('update');
    assertEditable(locked);
    if (patch.items?.length) {
      const known = new Set(
        (await tx.select({ id: roundupItems.id }).from(roundupItems).where(eq(roundupItems.roundupId, locked.id))).map(
          (r) => r.id,
        ),
      );
      patch.items.forEach((item, i) => {
        if (!known.has(item.id)) {
          throw new AppError(400, 'unknown_item', 'That item is not part of this round-up.', `items.${i}.id`);
        }
      });
      for (const item of patch.items) {
        const set: Partial<typeof roundupItems.$inferInsert> = {};
        if (item.included !== undefined) set.included = item.included;
        if (item.position !== undefined) set.position = item.position;
        if (Object.keys(set).length) await tx.update(roundupItems).set(set).where(eq(roundupItems.id, item.id));
      }
    }
    const [updated] = await tx
      .update(roundups)
      .set({
        ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
        ...(patch.intro !== undefined ? { intro: patch.intro, introHtml: renderMarkdown(patch.intro) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(roundups.id, locked.id))
      .returning();
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'roundup.edited',
      objectType: 'roundup',
      objectId: locked.id,
    });
    return updated;
  });
  return detail(deps.db, ctx, row);
}

export async function schedule(
  deps: Deps,
  actor: Actor,
  slug: string,
  id: string,
  input: { at: string },
  origin: string,
  now = new Date(),
) {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  const at = new Date(input.at);
  if (!(at.getTime() > now.getTime())) throw invalid('at', 'Choose a moment in the future.', 'in_the_past');
  if (at.getTime() - now.getTime() > 90 * 86_400_000) {
    throw invalid('at', 'A round-up can be scheduled at most 90 days ahead.', 'too_far');
  }
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(roundups)
      .set({ status: 'scheduled', scheduledFor: at, updatedAt: now })
      .where(and(eq(roundups.id, roundup.id), inArray(roundups.status, ['draft', 'scheduled'])))
      .returning();
    if (!updated) throw sentOrCancelled((await repo.findRoundupById(tx, roundup.id)) ?? roundup);
    await assertHasItems(tx, updated.id);
    if (!(await repo.scheduleSendJob(tx, updated, at, { roundupId: updated.id, origin }))) {
      throw conflict('roundup_sending', 'This round-up is being sent right now.');
    }
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'roundup.scheduled',
      objectType: 'roundup',
      objectId: updated.id,
      data: { at: at.toISOString() },
    });
    return updated;
  });
  deps.jobs.wake();
  return detail(deps.db, ctx, row);
}

async function assertHasItems(tx: Conn, roundupId: string) {
  const items = await tx
    .select({ id: roundupItems.id })
    .from(roundupItems)
    .where(and(eq(roundupItems.roundupId, roundupId), eq(roundupItems.included, true)))
    .limit(1);
  if (items.length === 0) throw invalid('items', 'Include at least one item before sending.', 'roundup_empty');
}

export async function unschedule(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()) {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(roundups)
      .set({ status: 'draft', scheduledFor: null, updatedAt: now })
      .where(and(eq(roundups.id, roundup.id), eq(roundups.status, 'scheduled')))
      .returning();
    if (!updated) {
      const fresh = (await repo.findRoundupById(tx, roundup.id)) ?? roundup;
      if (fresh.status === 'draft') return fresh;
      throw sentOrCancelled(fresh);
    }
    await repo.cancelSendJob(tx, updated.id, now);
    return updated;
  });
  return detail(deps.db, ctx, row);
}

/** Sends now: the round-up moves to `sending` at once, so a second press answers 409. */
export async function sendNow(deps: Deps, actor: Actor, slug: string, id: string, origin: string, now = new Date()) {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(roundups)
      .set({ status: 'sending', scheduledFor: now, sentBy: actor.user!.id, updatedAt: now })
      .where(and(eq(roundups.id, roundup.id), inArray(roundups.status, ['draft', 'scheduled'])))
      .returning();
    if (!updated) throw sentOrCancelled((await repo.findRoundupById(tx, roundup.id)) ?? roundup);
    await assertHasItems(tx, updated.id);
    if (!(await repo.scheduleSendJob(tx, updated, now, { roundupId: updated.id, origin }))) {
      throw conflict('roundup_sending', 'This round-up is being sent right now.');
    }
    return updated;
  });
  deps.jobs.wake();
  return detail(deps.db, ctx, row);
}

/** Calls off a draft or scheduled round-up; it stays listed as cancelled. */
export async function cancel(deps: Deps, actor: Actor, slug: string, id: string, now = new Date()): Promise<void> {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(roundups)
      .set({ status: 'cancelled', scheduledFor: null, updatedAt: now })
      .where(and(eq(roundups.id, roundup.id), inArray(roundups.status, ['draft', 'scheduled'])))
      .returning();
    if (!updated) {
      const fresh = (await repo.findRoundupById(tx, roundup.id)) ?? roundup;
      if (fresh.status === 'cancelled') return;
      throw sentOrCancelled(fresh);
    }
    await repo.cancelSendJob(tx, updated.id, now);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'roundup.cancelled',
      objectType: 'roundup',
      objectId: updated.id,
    });
  });
}

export async function stats(deps: Deps, actor: Actor, slug: string, id: string): Promise<RoundupStats> {
  const { roundup } = await loadManaged(deps, actor, slug, id);
  const [items, s] = await Promise.all([repo.itemsOf(deps.db, roundup.id), repo.statsOf(deps.db, roundup.id)]);
  const topics = new Map<string, number>();
  const perItem = items
    .filter((i) => i.included || s.perItem.has(i.id))
    .map((i) => {
      const c = s.perItem.get(i.id) ?? { clicks: 0, members: 0 };
      for (const t of i.topics) topics.set(t, (topics.get(t) ?? 0) + c.clicks);
      return { id: i.id, section: i.section as RoundupStats['items'][number]['section'], title: i.title, ...c };
    });
  return {
    recipients: roundup.recipientCount,
    delivered: s.deliveries.get('sent') ?? 0,
    failed: s.deliveries.get('failed') ?? 0,
    clickers: s.clickers,
    items: perItem,
    topics: [...topics]
      .filter(([, clicks]) => clicks > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([topic, clicks]) => ({ topic, clicks })),
  };
}

// ── Rendering ────────────────────────────────────────────────────────────────

const preparedCache = new Map<string, PreparedMail>();
const CACHE_SIZE = 16;

/**
 * The round-up made ready for personal copies: cached per version (its `updatedAt`), since a
 * send renders the same round-up once per member.
 */
export async function preparedRoundup(
  db: Db,
  roundup: repo.RoundupRow,
  community: { id: string; name: string; slug: string },
  origin: string,
): Promise<PreparedMail> {
  const cacheKey = `${roundup.id}|${roundup.updatedAt.getTime()}|${origin}`;
  const hit = preparedCache.get(cacheKey);
  if (hit) return hit;
  const [items, key] = await Promise.all([repo.itemsOf(db, roundup.id), signingKey(db)]);
  const prepared = prepare(
    {
      kind: 'roundup',
      roundupId: roundup.id,
      community,
      subject: roundup.subject,
      introHtml: roundup.introHtml,
      items: items.filter((i) => i.included) as never,
      origin,
    },
    key,
  );
  if (preparedCache.size >= CACHE_SIZE) preparedCache.delete(preparedCache.keys().next().value!);
  preparedCache.set(cacheKey, prepared);
  return prepared;
}

export const recipientOf = (p: NonNullable<Awaited<ReturnType<typeof repo.profileOf>>>): Recipient => ({
  userId: p.userId,
  name: p.name,
  interests: p.interests,
  expertise: p.expertise,
  learningFormats: p.learningFormats,
});

/**
 * A coordinator's preview: the copy `as` (a member) would get, or their own. Links lead
 * straight to the pages, so looking at a preview counts no clicks.
 */
export async function preview(
  deps: Deps,
  actor: Actor,
  slug: string,
  id: string,
  as: string | undefined,
  origin: string,
): Promise<RoundupPreview> {
  const { ctx, roundup } = await loadManaged(deps, actor, slug, id);
  const userId = as ?? actor.user!.id;
  const profile = isUuid(userId) ? await repo.profileOf(deps.db, ctx.community.id, userId) : null;
  const member = profile && currentStatuses.has(profile.status as never);
  if (as && !member) throw invalid('as', 'Preview as a current member of this community.', 'not_a_member');
  const recipient: Recipient = member
    ? recipientOf(profile)
    : { userId, name: actor.user!.name, interests: [], expertise: [], learningFormats: [] };
  const prepared = await preparedRoundup(deps.db, roundup, ctx.community, origin);
  const mail = renderFor(prepared, recipient, { track: false });
  return { userId: member ? userId : null, subject: mail.subject, html: mail.html, text: mail.text };
}
