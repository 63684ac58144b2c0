import { limits, type MembershipStatus, type ResourceStatus } from '../../../common/limits.js';
import { and, asc, eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { eventHosts, eventOccurrences, events, users } from '../../db/schema/index.js';
import { decodeCursor as readCursor, encodeCursor as cursorOf } from '../../platform/cursor.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  listableStatuses,
  resourceAbilities,
  type Actor,
  type ResourceAbilities,
  type ResourceFacts,
} from '../../platform/policy.js';
import * as communities from '../communities/service.js';
import * as conversations from '../conversations/service.js';
import { presentDetail, presentSummary } from './present.js';
import * as repo from './repo.js';
import type { CreditInput, FromPost } from './schema.js';
import type { CreditValue } from './write.js';

/** Shared by the resource, history and note services: finding a resource and checking what is written. */

export type Ctx = communities.CommunityContext;

export { isUuid } from '../../platform/ids.js';
import { isUuid } from '../../platform/ids.js';

export const resourceFacts = (r: { status: string; proposedBy: string | null }): ResourceFacts => ({
  status: r.status as ResourceStatus,
  proposedBy: r.proposedBy,
});

export const abilitiesOn = (actor: Actor, ctx: Ctx, r: { status: string; proposedBy: string | null }) =>
  resourceAbilities(actor, ctx.abilities, resourceFacts(r));

/**
 * A resource of a community the actor may see, which they may see too, with what they may do
 * with it. A hidden community, a proposal they may not see, a resource of another community and
 * a malformed id all answer the same 404.
 */
export async function loadResource(deps: Deps, actor: Actor, slug: string, resourceId: string) {
  const ctx = await communities.loadCommunity(deps.db, actor, slug);
  if (!isUuid(resourceId)) throw notFound();
  const resource = await repo.findResource(deps.db, ctx.community.id, resourceId);
  if (!resource) throw notFound();
  const abilities = abilitiesOn(actor, ctx, resource);
  if (!abilities.view) throw notFound();
  return { ctx, resource, abilities };
}

/** Resources as listings show them: credits and note counts read for the whole page at once. */
export async function summariesOf(db: Conn, actor: Actor, rows: repo.SummaryRow[]) {
  const ids = rows.map((r) => r.id);
  const [credits, notes] = await Promise.all([
    repo.creditsOf(db, ids),
    repo.noteCounts(db, ids, actor.user?.id ?? null),
  ]);
  return rows.map((r) =>
    presentSummary(r, { credits: credits.filter((c) => c.resourceId === r.id), noteCount: notes.get(r.id) ?? 0 }),
  );
}

/** The resource as its page shows it; after a write it is read again, so the answer shows the write. */
export async function detailOf(deps: Deps, actor: Actor, ctx: Ctx, resourceId: string) {
  const r = await repo.findResource(deps.db, ctx.community.id, resourceId);
  if (!r) throw notFound();
  const abilities: ResourceAbilities = abilitiesOn(actor, ctx, r);
  if (!abilities.view) throw notFound();
  const [credits, notes, post, collections] = await Promise.all([
    repo.creditsOf(deps.db, [r.id]),
    repo.noteCounts(deps.db, [r.id], actor.user?.id ?? null),
    r.sourcePostId ? repo.sourcePost(deps.db, r.sourcePostId) : undefined,
    repo.collectionsOf(deps.db, r.id),
  ]);
  return presentDetail(r, {
    credits,
    noteCount: notes.get(r.id) ?? 0,
    // A deleted post is gone for everyone: the resource no longer names it.
    source: post ? { post, replyId: r.sourceReplyId } : null,
    collections,
    abilities,
    community: ctx.community,
  });
}

// Checking what is written.

/**
 * Links are http or https, at most `limits.url` long, and nothing else: a `javascript:` link in
 * the repertoire would run in every reader's browser. Empty means none. Never fetched here.
 */
export function checkUrl(url: string | null | undefined, field = 'url'): string | null | undefined {
  if (url === undefined || url === null) return url;
  if (url === '') return null;
  const refuse = (message: string) => invalid(field, message, 'invalid_url');
  if (url.length > limits.url) throw refuse(`Links are limited to ${limits.url} characters.`);
  // Browsers drop whitespace and control characters inside a link: refuse them rather than store a disguise.
  if (/[\s\u0000-\u001f\u007f]/.test(url)) throw refuse('A link cannot contain spaces or control characters.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('That is not a web address: start it with https://.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('Only http and https links are kept.');
  if (!parsed.hostname) throw refuse('That link names no site.');
  return url;
}

/**
 * Credits as stored: a member by account (current members and alumni, named as their account
 * is) or anyone else by name. The same person in the same role counts once.
 */
export async function resolveCredits(db: Conn, ctx: Ctx, credits: CreditInput[], field = 'credits') {
  const people = new Map(
    (
      await repo.usersByIds(
        db,
        credits.flatMap((c) => c.userId ?? []),
      )
    ).map((p) => [p.id, p]),
  );
  const out: CreditValue[] = [];
  for (const [i, c] of credits.entries()) {
    if (c.userId) {
      const membership = await communities.membershipOf(db, ctx.community.id, c.userId);
      const user = people.get(c.userId);
      if (!user || !membership || !listableStatuses.has(membership.status as MembershipStatus)) {
        throw invalid(
          `${field}.${i}.userId`,
          'Credit a member of this community, or give a name instead.',
          'not_a_member',
        );
      }
      out.push({ role: c.role, userId: user.id, name: user.name });
    } else {
      out.push({ role: c.role, userId: null, name: c.name! });
    }
  }
  return dedupeCredits(out);
}

const creditKey = (c: CreditValue) => `${c.role}:${c.userId ?? `name:${c.name.toLowerCase()}`}`;

export function dedupeCredits(credits: CreditValue[]): CreditValue[] {
  const seen = new Map<string, CreditValue>();
  for (const c of credits) if (!seen.has(creditKey(c))) seen.set(creditKey(c), c);
  return [...seen.values()];
}

export function assertCreditCount(credits: CreditValue[], field = 'credits') {
  if (credits.length > limits.resourceCredits) {
    throw invalid(field, `A resource has at most ${limits.resourceCredits} credits.`, 'too_many_credits');
  }
}

/**
 * The post (and, when named, the answer) a resource is promoted from: it must be live and in
 * this community. Its author, and the answer's, are credited as the source.
 */
export async function loadSource(db: Conn, ctx: Ctx, from: FromPost, prefix: string) {
  const found = await conversations.promotionSource(db, ctx.community.id, from.postId, from.replyId);
  if (!found.post) throw invalid(`${prefix}postId`, 'That is not a post of this community.', 'unknown_post');
  if (from.replyId && !found.reply) {
    throw invalid(`${prefix}replyId`, 'That is not a reply to this post.', 'unknown_reply');
  }
  const reply = found.reply ?? null;
  const authorIds = [found.post.author?.id, reply?.authorId].filter((id): id is string => !!id);
  const people = new Map((await repo.usersByIds(db, authorIds)).map((p) => [p.id, p]));
  const credits: CreditValue[] = authorIds.flatMap((id) => {
    const p = people.get(id);
    return p ? [{ role: 'source' as const, userId: p.id, name: p.name }] : [];
  });
  return { post: found.post, reply, credits };
}
export type Source = Awaited<ReturnType<typeof loadSource>>;

/**
 * The event session a resource is made from: a session of this community with notes, outcomes
 * or a recording. Its hosts and speakers are credited as the source.
 */
export async function loadOccurrenceSource(db: Conn, ctx: Ctx, occurrenceId: string, field: string) {
  const [session] = await db
    .select({
      id: eventOccurrences.id,
      eventId: eventOccurrences.eventId,
      startsAt: eventOccurrences.startsAt,
      overrides: eventOccurrences.overrides,
      notes: eventOccurrences.notes,
      outcomes: eventOccurrences.outcomes,
      recordingUrl: eventOccurrences.recordingUrl,
      title: events.title,
      kind: events.kind,
      timeZone: events.timeZone,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(and(eq(eventOccurrences.id, occurrenceId), eq(eventOccurrences.communityId, ctx.community.id)));
  if (!session) throw invalid(field, 'That is not an event session of this community.', 'unknown_occurrence');
  if (!session.notes.trim() && !session.outcomes.trim() && !session.recordingUrl) {
    throw invalid(field, 'This session has no notes, outcomes or recording yet.', 'no_notes');
  }
  const hosts = await db
    .select({ id: users.id, name: users.name })
    .from(eventHosts)
    .innerJoin(users, eq(users.id, eventHosts.userId))
    .where(eq(eventHosts.eventId, session.eventId))
    .orderBy(asc(eventHosts.position), asc(users.name));
  const credits: CreditValue[] = hosts.map((h) => ({ role: 'source', userId: h.id, name: h.name }));
  return { session: { ...session, title: session.overrides.title ?? session.title }, credits };
}
export type OccurrenceSource = Awaited<ReturnType<typeof loadOccurrenceSource>>;

// Keyset cursors: opaque to clients, checked on the way back in.

const timestampText = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export const encodeCursor = (sort: 'latest' | 'title', key: string, id: string) =>
  cursorOf([`resources-${sort}`, key, id]);

export function decodeCursor(sort: 'latest' | 'title', cursor: string | undefined): repo.Keyset | null {
  if (!cursor) return null;
  return readCursor(cursor, ([scope, key, id]) =>
    scope === `resources-${sort}` &&
    typeof key === 'string' &&
    key.length <= 2 * limits.resourceTitle &&
    (sort === 'title' || timestampText.test(key)) &&
    typeof id === 'string' &&
    isUuid(id)
      ? { key, id }
      : null,
  );
}
