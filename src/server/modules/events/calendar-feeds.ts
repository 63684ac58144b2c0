import { and, asc, eq, exists, gt, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { communities, eventOccurrences, eventRsvps, events, memberships } from '../../db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { communityAbilities, type Actor, type CommunityFacts, type MembershipFacts } from '../../platform/policy.js';
import * as communityService from '../communities/service.js';
import { calendarFileName, eventsCalendar, sessionsCalendar, type FeedEvent, type FeedSession } from './calendar.js';
import { feedOwner } from './calendar-tokens.js';
import { loadEvent, loadOccurrence, showsOnlineUrl, type Ctx } from './common.js';

/**
 * The calendar files, read through the same policy as the pages: a community's feed for whoever
 * may see the community, one event or session for whoever may see it, and a member's personal
 * feed of the sessions they are going to in communities they may still see.
 */

export interface CalendarFile {
  body: string;
  /** For downloads ("add to calendar"); feeds are subscribed to, not saved. */
  filename?: string;
}

/** Sessions that ended longer ago than this are left out of feeds. */
const keepPastMs = 90 * 24 * 3600_000;
const maxEvents = 500;
const maxSessions = 1000;
/** A hint to calendar apps: fetch a subscribed feed about once an hour. */
const refreshSeconds = 3600;

async function occurrencesOf(db: Conn, eventIds: string[]) {
  if (eventIds.length === 0) return [];
  return db
    .select()
    .from(eventOccurrences)
    .where(inArray(eventOccurrences.eventId, eventIds))
    .orderBy(asc(eventOccurrences.originalStart));
}

/** The community's events with a session that has not long ended, with all their sessions. */
async function communityEvents(db: Conn, communityId: string, since: Date) {
  const recent = db
    .select({ one: sql`1` })
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, events.id), gt(eventOccurrences.endsAt, since)));
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.communityId, communityId), exists(recent)))
    .orderBy(asc(events.createdAt))
    .limit(maxEvents);
  const sessions = await occurrencesOf(
    db,
    rows.map((e) => e.id),
  );
  return rows.map((event) => ({ event, occurrences: sessions.filter((o) => o.eventId === event.id) }));
}

export async function communityFeed(deps: Deps, actor: Actor, slug: string, origin: string): Promise<CalendarFile> {
  const ctx = await communityService.loadCommunity(deps.db, actor, slug);
  const now = new Date();
  const rows = await communityEvents(deps.db, ctx.community.id, new Date(now.getTime() - keepPastMs));
  const showOnlineUrl = showsOnlineUrl(ctx);
  const items: FeedEvent[] = rows.map((r) => ({ ...r, slug: ctx.community.slug, showOnlineUrl }));
  const calendar = eventsCalendar(items, { name: ctx.community.name, origin, now, refreshSeconds });
  return { body: calendar.toString() };
}

/** One event, every session of it: "add to calendar" for a series. */
export async function eventFile(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  origin: string,
): Promise<CalendarFile> {
  const { ctx, event } = await loadEvent(deps, actor, slug, eventId);
  const occurrences = await occurrencesOf(deps.db, [event.id]);
  const calendar = eventsCalendar(
    [{ event, occurrences, slug: ctx.community.slug, showOnlineUrl: showsOnlineUrl(ctx) }],
    { name: event.title, origin },
  );
  return { body: calendar.toString(), filename: calendarFileName(event.title) };
}

/** One session on its own. */
export async function sessionFile(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  origin: string,
): Promise<CalendarFile> {
  const { ctx, event, occurrence } = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const title = occurrence.overrides?.title ?? event.title;
  const calendar = sessionsCalendar(
    [{ event, occurrence, slug: ctx.community.slug, showOnlineUrl: showsOnlineUrl(ctx) }],
    { name: title, origin },
  );
  return { body: calendar.toString(), filename: calendarFileName(title) };
}

/**
 * The sessions the token's owner is going to, each as a VEVENT of its own. A community the
 * owner may no longer see (they left a private one) drops out of the feed; an unknown or
 * revoked token answers 404 like a missing page.
 */
export async function personalFeed(deps: Deps, token: string, origin: string): Promise<CalendarFile> {
  const owner = await feedOwner(deps, token);
  if (!owner) throw notFound();
  const actor: Actor = { user: owner, sessionId: null, via: 'token', ip: '' };
  const now = new Date();
  const rows = await deps.db
    .select({ occurrence: eventOccurrences, event: events, community: communities, membership: memberships })
    .from(eventRsvps)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, eventRsvps.occurrenceId))
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .innerJoin(communities, eq(communities.id, eventOccurrences.communityId))
    .leftJoin(memberships, and(eq(memberships.communityId, communities.id), eq(memberships.userId, owner.id)))
    .where(
      and(
        eq(eventRsvps.userId, owner.id),
        eq(eventRsvps.status, 'going'),
        gt(eventOccurrences.endsAt, new Date(now.getTime() - keepPastMs)),
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(maxSessions);
  const items: FeedSession[] = [];
  const seen = new Map<string, Ctx>();
  for (const row of rows) {
    let ctx = seen.get(row.community.id);
    if (!ctx) {
      const abilities = communityAbilities(
        actor,
        row.community as unknown as CommunityFacts,
        row.membership as MembershipFacts | null,
      );
      ctx = { community: row.community, membership: row.membership, abilities };
      seen.set(row.community.id, ctx);
    }
    if (!ctx.abilities.view) continue;
    items.push({
      event: row.event,
      occurrence: row.occurrence,
      slug: row.community.slug,
      showOnlineUrl: showsOnlineUrl(ctx),
    });
  }
  const calendar = sessionsCalendar(items, { name: 'My events', origin, now, refreshSeconds });
  return { body: calendar.toString() };
}
