import type { AmaQuestion, OccurrenceSummary } from '../../../common/api-types.js';
import type { EventStatus } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  eventAbilities,
  occurrenceAbilities,
  type Actor,
  type EventAbilities,
  type EventFacts,
  type OccurrenceAbilities,
} from '../../platform/policy.js';
import * as communities from '../communities/service.js';
import { hasNotes, presentDetail, presentEvent, presentSummary } from './present.js';
import * as repo from './repo.js';

/** Shared by the series, RSVP, attendance, notes and calendar services: finding events and sessions. */

export type Ctx = communities.CommunityContext;
export type { EventRow, OccurrenceRow, HostRow, SessionRow } from './repo.js';

export { isUuid } from '../../platform/ids.js';
import { isUuid } from '../../platform/ids.js';

/** The facts the policy decides on: the series' status and who hosts it (speakers do not run it). */
export const eventFacts = (event: { status: string }, hosts: { role: string; user: { id: string } }[]): EventFacts => ({
  status: event.status as EventStatus,
  hostIds: hosts.filter((h) => h.role === 'host').map((h) => h.user.id),
});

export const occurrenceFacts = (o: repo.OccurrenceRow) => ({
  status: o.status as EventStatus,
  startsAt: o.startsAt,
  endsAt: o.endsAt,
  hasNotes: hasNotes(o),
});

export function abilitiesOfEvent(actor: Actor, ctx: Ctx, event: repo.EventRow, hosts: repo.HostRow[]) {
  return eventAbilities(actor, ctx.abilities, eventFacts(event, hosts));
}

export function abilitiesOfOccurrence(
  actor: Actor,
  ctx: Ctx,
  event: repo.EventRow,
  hosts: repo.HostRow[],
  occurrence: repo.OccurrenceRow,
  now = new Date(),
): OccurrenceAbilities {
  return occurrenceAbilities(actor, ctx.abilities, eventFacts(event, hosts), occurrenceFacts(occurrence), now);
}

/**
 * The joining link goes to current members and to those who run events (hosts are current
 * members; organisers include instance admins); everyone else learns only that it is online.
 */
export const showsOnlineUrl = (ctx: Ctx) => ctx.abilities.post || ctx.abilities.organiseEvents;

/** The check-in code goes to those who run the event. */
export const showsCheckInCode = (abilities: EventAbilities) => abilities.manageAttendance;

export interface LoadedEvent {
  ctx: Ctx;
  event: repo.EventRow;
  hosts: repo.HostRow[];
  abilities: EventAbilities;
}

/**
 * An event of a community the actor may see, with its hosts and what the actor may do with it.
 * A hidden community, an event of another community and a malformed id all answer the same 404.
 */
export async function loadEvent(deps: Deps, actor: Actor, slug: string, eventId: string): Promise<LoadedEvent> {
  const ctx = await communities.loadCommunity(deps.db, actor, slug);
  if (!isUuid(eventId)) throw notFound();
  const event = await repo.findEvent(deps.db, ctx.community.id, eventId);
  if (!event) throw notFound();
  const hosts = await repo.hostsOf(deps.db, [event.id]);
  const abilities = abilitiesOfEvent(actor, ctx, event, hosts);
  if (!abilities.view) throw notFound();
  return { ctx, event, hosts, abilities };
}

export interface LoadedOccurrence {
  ctx: Ctx;
  event: repo.EventRow;
  hosts: repo.HostRow[];
  occurrence: repo.OccurrenceRow;
  abilities: OccurrenceAbilities;
  eventAbilities: EventAbilities;
}

/** One session of an event, found like `loadEvent`; a session of another event answers 404. */
export async function loadOccurrence(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
): Promise<LoadedOccurrence> {
  const loaded = await loadEvent(deps, actor, slug, eventId);
  if (!isUuid(occurrenceId)) throw notFound();
  const occurrence = await repo.findOccurrence(deps.db, loaded.event.id, occurrenceId);
  if (!occurrence) throw notFound();
  const abilities = abilitiesOfOccurrence(actor, loaded.ctx, loaded.event, loaded.hosts, occurrence);
  return { ...loaded, occurrence, abilities, eventAbilities: loaded.abilities };
}

// Building answers. After a write they read again, so the answer shows the write.

/** Sessions as lists show them: hosts, the reader's answers and attendance read for the whole page at once. */
export async function summariesOf(
  db: Conn,
  actor: Actor,
  ctx: Ctx,
  rows: repo.SessionRow[],
  now = new Date(),
): Promise<OccurrenceSummary[]> {
  const ids = rows.map((r) => r.occurrence.id);
  const ended = rows.filter((r) => r.occurrence.endsAt <= now).map((r) => r.occurrence.id);
  const [hosts, mine, attendance] = await Promise.all([
    repo.hostsOf(
      db,
      rows.map((r) => r.event.id),
    ),
    actor.user ? repo.rsvpsOf(db, ids, actor.user.id) : [],
    repo.attendanceCounts(db, ended),
  ]);
  const showOnlineUrl = showsOnlineUrl(ctx);
  return rows.map(({ event, occurrence }) =>
    presentSummary(event, occurrence, {
      hosts: hosts.filter((h) => h.eventId === event.id),
      myRsvp: mine.find((m) => m.occurrenceId === occurrence.id),
      attendance: attendance.get(occurrence.id),
      showOnlineUrl,
      now,
    }),
  );
}

/** The questions collected by an AMA post, each marked answered when the AMA's host replied to it. */
export async function amaOf(
  db: Conn,
  postId: string | null,
): Promise<{ postId: string; questions: AmaQuestion[] } | null> {
  if (!postId) return null;
  const post = await repo.findPost(db, postId);
  if (!post || post.deletedAt) return null;
  const hostId = post.amaHostId ?? post.authorId;
  const [rows, answered] = await Promise.all([
    repo.amaQuestions(db, postId),
    hostId ? repo.answeredBy(db, postId, hostId) : new Set<string>(),
  ]);
  return {
    postId,
    questions: rows.map((q) => ({
      replyId: q.id,
      author: q.author?.id ? q.author : null,
      excerpt: q.excerpt,
      answered: answered.has(q.id),
      createdAt: q.createdAt.toISOString(),
    })),
  };
}

/** One session as its page shows it (`OccurrenceDetail`). Hidden or missing: 404. */
export async function occurrenceDetail(
  deps: Deps,
  actor: Actor,
  ctx: Ctx,
  eventId: string,
  occurrenceId: string,
  now = new Date(),
) {
  const db = deps.db;
  const event = await repo.findEvent(db, ctx.community.id, eventId);
  if (!event) throw notFound();
  const occurrence = await repo.findOccurrence(db, event.id, occurrenceId);
  if (!occurrence) throw notFound();
  const hosts = await repo.hostsOf(db, [event.id]);
  const series = abilitiesOfEvent(actor, ctx, event, hosts);
  if (!series.view) throw notFound();
  const abilities = abilitiesOfOccurrence(actor, ctx, event, hosts, occurrence, now);
  const ended = occurrence.endsAt <= now;
  const [mine, attendance, occurrenceCount, notesBy, resource, ama] = await Promise.all([
    actor.user ? repo.rsvpsOf(db, [occurrence.id], actor.user.id) : [],
    ended ? repo.attendanceCounts(db, [occurrence.id]) : new Map<string, { attended: number; noShow: number }>(),
    repo.countOccurrences(db, event.id),
    occurrence.notesBy ? repo.usersByIds(db, [occurrence.notesBy]) : [],
    repo.resourceFrom(db, occurrence.id),
    event.kind === 'ama' ? amaOf(db, event.postId) : null,
  ]);
  return presentDetail(event, occurrence, {
    hosts,
    myRsvp: mine[0],
    attendance: attendance.get(occurrence.id),
    showOnlineUrl: showsOnlineUrl(ctx),
    now,
    community: { slug: ctx.community.slug, name: ctx.community.name },
    occurrenceCount,
    notesBy: notesBy[0] ?? null,
    resource: resource ? { id: resource.id, title: resource.title } : null,
    showCheckInCode: showsCheckInCode(series),
    ama,
    abilities,
  });
}

/** The series as its page shows it (`EventDetail`), every session in order. Hidden or missing: 404. */
export async function eventDetail(deps: Deps, actor: Actor, ctx: Ctx, eventId: string, now = new Date()) {
  const db = deps.db;
  const event = await repo.findEvent(db, ctx.community.id, eventId);
  if (!event) throw notFound();
  const hosts = await repo.hostsOf(db, [event.id]);
  const abilities = abilitiesOfEvent(actor, ctx, event, hosts);
  if (!abilities.view) throw notFound();
  const [occurrences, createdBy] = await Promise.all([
    repo.occurrencesOf(db, event.id),
    event.createdBy ? repo.usersByIds(db, [event.createdBy]) : [],
  ]);
  const summaries = await summariesOf(
    db,
    actor,
    ctx,
    occurrences.map((occurrence) => ({ event, occurrence })),
    now,
  );
  return presentEvent(event, {
    community: { slug: ctx.community.slug, name: ctx.community.name },
    hosts,
    createdBy: createdBy[0] ?? null,
    occurrences: summaries,
    showOnlineUrl: showsOnlineUrl(ctx),
    abilities,
  });
}
