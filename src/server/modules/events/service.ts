import { limits, type EventHostRole, type EventKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivities, recordActivity, type ActivityInput } from '../../platform/activity.js';
import { decodeCursor as readCursor, encodeCursor as cursorOf, paginate } from '../../platform/cursor.js';
import { conflict, invalid } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { excerpt, renderMarkdown } from '../../platform/markdown.js';
import { authorizeEvent, eventAbilities, isCurrent, type Actor } from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import * as communities from '../communities/service.js';
import * as conversationsRepo from '../conversations/repo.js';
import * as notifications from '../notifications/service.js';
import { checkUrl } from '../repertoire/common.js';
import {
  eventDetail,
  eventFacts,
  isUuid,
  loadEvent,
  loadOccurrence,
  occurrenceDetail,
  summariesOf,
  type Ctx,
  type LoadedEvent,
} from './common.js';
import * as repo from './repo.js';
import { promoteWaitlisted, tellSeatChanges, type SeatChanges } from './rsvp.js';
import type { EventInput, EventPatch, ListQuery, OccurrencePatch } from './schema.js';
import {
  cancelSession,
  checkCapacity,
  checkDuration,
  checkSchedule,
  checkStartsAt,
  checkWallClock,
  occurrenceValues,
  refit,
} from './series.js';
import { moveReminders } from './reminders.js';
import { notifySession } from './notify.js';
import { floatingOf, formatLocal, localToUtc, utcToFloating, wallClockOfFloating, wallClockToUtc } from './time.js';

/** Rate-limit key: per member, across communities. */
export const eventThrottleKey = (userId: string) => `events:${userId}`;
const HOUR = 3600;

// Reading.

const timestampText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(when: string, cursor: string | undefined): repo.Keyset | null {
  if (!cursor) return null;
  return readCursor(cursor, ([scope, at, id]) =>
    scope === `events-${when}` &&
    typeof at === 'string' &&
    timestampText.test(at) &&
    typeof id === 'string' &&
    isUuid(id)
      ? { startsAt: new Date(at), id }
      : null,
  );
}

/** A community's sessions: upcoming (soonest first) or past (latest first, with attendance). */
export async function list(deps: Deps, actor: Actor, slug: string, q: ListQuery) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const now = new Date();
  const after = decodeCursor(q.when, q.cursor);
  const rows = await repo.listPage(
    deps.db,
    { communityId: ctx.community.id, when: q.when, kind: q.kind, now },
    after,
    q.limit + 1,
  );
  const { page, nextCursor } = paginate(rows, q.limit, (last) =>
    cursorOf([`events-${q.when}`, last.occurrence.startsAt.toISOString(), last.occurrence.id]),
  );
  return { items: await summariesOf(deps.db, actor, ctx, page, now), nextCursor };
}

export async function get(deps: Deps, actor: Actor, slug: string, eventId: string) {
  const { ctx, event } = await loadEvent(deps, actor, slug, eventId);
  return eventDetail(deps, actor, ctx, event.id);
}

export async function getOccurrence(deps: Deps, actor: Actor, slug: string, eventId: string, occurrenceId: string) {
  const { ctx, event, occurrence } = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  return occurrenceDetail(deps, actor, ctx, event.id, occurrence.id);
}

// Checking what is written.

interface HostValue {
  userId: string;
  role: EventHostRole;
}

/** Hosts and speakers are current members of the community; each person once, the first role given. */
async function resolveHosts(db: Conn, ctx: Ctx, hosts: { userId: string; role?: EventHostRole }[]) {
  const out: HostValue[] = [];
  for (const [i, h] of hosts.entries()) {
    const membership = await communities.membershipOf(db, ctx.community.id, h.userId);
    if (!isCurrent(communities.membershipFacts(membership))) {
      throw invalid(`hosts.${i}.userId`, 'Hosts and speakers are current members of this community.', 'invalid_host');
    }
    if (!out.some((o) => o.userId === h.userId)) out.push({ userId: h.userId, role: h.role ?? 'host' });
  }
  return out;
}

const agendaOf = (source: string) => ({ agenda: source, agendaHtml: renderMarkdown(source) });

/** AMA events collect questions beforehand as an AMA post, open from now until the session ends. */
async function createAmaPost(
  tx: Conn,
  ctx: Ctx,
  input: { title: string; agenda: string; endsAt: Date; hostId: string; authorId: string; timeZone: string },
) {
  const body =
    input.agenda.trim() ||
    `Ask your questions ahead of the AMA on ${formatLocal(input.endsAt, input.timeZone).slice(0, 10)}: the host answers them here and during the session.`;
  const html = renderMarkdown(body);
  const post = await conversationsRepo.insertPost(tx, {
    communityId: ctx.community.id,
    authorId: input.authorId,
    kind: 'ama',
    title: input.title,
    body,
    bodyHtml: html,
    excerpt: excerpt(html),
    tags: [],
    amaHostId: input.hostId,
    amaStartsAt: new Date(),
    amaEndsAt: input.endsAt,
  });
  for (const userId of new Set([input.authorId, input.hostId])) {
    await notifications.followInTx(tx, userId, ctx.community.id, 'post', post.id);
  }
  return post;
}

const firstHost = (hosts: HostValue[]) => hosts.find((h) => h.role === 'host') ?? hosts[0];

// Writing.

/** Plans an event: the series, its sessions, its hosts (the creator by default) and, for an AMA, its post. */
export async function create(deps: Deps, actor: Actor, slug: string, input: EventInput) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'organiseEvents');
  const me = actor.user!;
  const now = new Date();
  const schedule = checkSchedule({
    kind: input.kind,
    timeZone: input.timeZone,
    start: input.start,
    end: input.end,
    recurrence: input.recurrence ?? null,
    exceptions: input.exceptions ?? [],
  });
  checkStartsAt(schedule.sessions[0].startsAt, now);
  const capacity = checkCapacity(input.capacity) ?? null;
  const onlineUrl = checkUrl(input.onlineUrl, 'onlineUrl') ?? null;
  // By default the creator hosts, when they belong (an instance admin from outside does not).
  const hosts = input.hosts
    ? await resolveHosts(deps.db, ctx, input.hosts)
    : isCurrent(communities.membershipFacts(ctx.membership))
      ? [{ userId: me.id, role: 'host' as const }]
      : [];
  const communityId = ctx.community.id;
  const eventId = await deps.db.transaction(async (tx) => {
    // Inside the transaction: a refused event does not use up the allowance.
    await hitLimit(tx, eventThrottleKey(me.id), limits.eventsPerHour, HOUR);
    const event = await repo.insertEvent(tx, {
      communityId,
      kind: input.kind,
      title: input.title,
      ...agendaOf(input.agenda ?? ''),
      place: input.place?.trim() || null,
      onlineUrl,
      timeZone: schedule.timeZone,
      localStart: schedule.localStart,
      durationMinutes: schedule.durationMinutes,
      recurrence: schedule.recurrence,
      rrule: schedule.rrule,
      exceptions: schedule.exceptions,
      capacity,
      promotion: input.promotion ?? 'automatic',
      offerHours: input.offerHours ?? 24,
      createdBy: me.id,
    });
    await repo.replaceHosts(tx, event.id, hosts);
    await repo.insertOccurrences(
      tx,
      schedule.sessions.map((s) => occurrenceValues(event, s)),
    );
    if (input.kind === 'ama') {
      const host = firstHost(hosts);
      const post = await createAmaPost(tx, ctx, {
        title: input.title,
        agenda: input.agenda ?? '',
        endsAt: schedule.sessions[0].endsAt,
        hostId: host?.userId ?? me.id,
        authorId: me.id,
        timeZone: schedule.timeZone,
      });
      await repo.updateEvent(tx, event.id, { postId: post.id });
    }
    await recordActivities(tx, [
      {
        actorId: me.id,
        communityId,
        verb: 'event_created',
        objectType: 'event',
        objectId: event.id,
        data: { kind: input.kind, sessions: schedule.sessions.length },
      },
      ...hostedActivities(communityId, event.id, hosts),
    ]);
    return event.id;
  });
  return eventDetail(deps, actor, ctx, eventId);
}

const hostedActivities = (communityId: string, eventId: string, hosts: HostValue[]): ActivityInput[] =>
  hosts.map((h) => ({
    actorId: h.userId,
    communityId,
    verb: 'hosted_event',
    objectType: 'event',
    objectId: eventId,
    data: { role: h.role },
  }));

/**
 * Refuses a write to a cancelled series or session with 409 `event_cancelled` when the actor
 * would otherwise be allowed to make it; anyone else gets the usual refusal.
 */
function assertMayChange(
  actor: Actor,
  loaded: Pick<LoadedEvent, 'ctx' | 'event' | 'hosts'>,
  ability: 'edit' | 'cancel',
  cancelled: boolean,
) {
  const asScheduled = eventAbilities(actor, loaded.ctx.abilities, eventFacts({ status: 'scheduled' }, loaded.hosts));
  authorizeEvent(actor, asScheduled, ability);
  if (cancelled) throw conflict('event_cancelled', 'This event was cancelled: it cannot be changed.');
}

const schedulingKeys = ['start', 'end', 'timeZone', 'recurrence', 'exceptions'] as const;

/**
 * Edits the whole series. A change of its schedule re-expands it (see `refit`): sessions that
 * still exist keep their answers, those that disappear are cancelled or removed, and started
 * sessions stay as they were.
 */
export async function update(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  patch: EventPatch,
  origin: string,
) {
  const loaded = await loadEvent(deps, actor, slug, eventId);
  const { ctx, event: before } = loaded;
  assertMayChange(actor, loaded, 'edit', before.status === 'cancelled');
  const me = actor.user!;
  const now = new Date();
  const kind = (patch.kind ?? before.kind) as EventKind;
  const rescheduled = schedulingKeys.some((k) => patch[k] !== undefined) || (kind === 'ama' && before.kind !== 'ama');
  const recurrence = patch.recurrence !== undefined ? patch.recurrence : before.recurrence;
  const schedule = checkSchedule({
    kind,
    timeZone: patch.timeZone ?? before.timeZone,
    start: patch.start ?? before.localStart,
    end: patch.end ?? localEnd(before),
    recurrence,
    exceptions: patch.exceptions ?? before.exceptions,
  });
  if (patch.start !== undefined && patch.start !== before.localStart) {
    // A series that has not begun cannot be moved into the past; one under way keeps its past.
    const beforeStart = localToUtc(before.localStart, before.timeZone) ?? now;
    const upcoming = schedule.sessions.find((s) => s.startsAt > now);
    if (beforeStart > now) checkStartsAt(schedule.sessions[0].startsAt, now);
    else if (!upcoming) throw invalid('start', 'That time has already passed.', 'in_the_past');
    if (upcoming) checkStartsAt(upcoming.startsAt, now);
  }
  const capacity = patch.capacity !== undefined ? (checkCapacity(patch.capacity) ?? null) : before.capacity;
  const onlineUrl = patch.onlineUrl !== undefined ? (checkUrl(patch.onlineUrl, 'onlineUrl') ?? null) : before.onlineUrl;
  const hosts = patch.hosts ? await resolveHosts(deps.db, ctx, patch.hosts) : null;
  const communityId = ctx.community.id;
  const community = { id: communityId, visibility: ctx.community.visibility };

  const { notified, seatChanges } = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockEvent(tx, before.id);
    if (!locked || locked.status === 'cancelled') {
      throw conflict('event_cancelled', 'This event was cancelled: it cannot be changed.');
    }
    const values: Partial<repo.EventRow> = {
      kind,
      title: patch.title ?? locked.title,
      ...(patch.agenda !== undefined ? agendaOf(patch.agenda) : {}),
      place: patch.place !== undefined ? patch.place?.trim() || null : locked.place,
      onlineUrl,
      timeZone: schedule.timeZone,
      localStart: schedule.localStart,
      durationMinutes: schedule.durationMinutes,
      recurrence: schedule.recurrence,
      rrule: schedule.rrule,
      exceptions: schedule.exceptions,
      capacity,
      promotion: patch.promotion ?? locked.promotion,
      offerHours: patch.offerHours ?? locked.offerHours,
    };
    await repo.updateEvent(tx, locked.id, values);
    const after = { ...locked, ...values } as repo.EventRow;
    const notified: string[] = [];
    let moreSeats: string[] = [];
    if (rescheduled || capacity !== locked.capacity) {
      const fit = await refit(tx, {
        before: locked,
        after,
        // Without a change of schedule, only the capacity follows.
        sessions: rescheduled
          ? schedule.sessions
          : (await repo.occurrencesOf(tx, locked.id)).map((o) => ({
              originalStart: o.originalStart,
              startsAt: o.startsAt,
              endsAt: o.endsAt,
              localStart: formatLocal(o.originalStart, locked.timeZone),
              localDate: formatLocal(o.originalStart, locked.timeZone).slice(0, 10),
            })),
        community,
        actorId: me.id,
        now,
      });
      notified.push(...fit.notified);
      moreSeats = fit.moreSeats;
    }
    let newHosts: HostValue[] = [];
    if (hosts) {
      const previous = await repo.hostsOf(tx, [locked.id]);
      newHosts = hosts.filter((h) => !previous.some((p) => p.user.id === h.userId && p.role === h.role));
      await repo.replaceHosts(tx, locked.id, hosts);
    }
    await syncAmaPost(tx, ctx, after, hosts, me.id);
    const seatChanges: SeatChanges[] = [];
    for (const occurrenceId of moreSeats) seatChanges.push(await promoteWaitlisted(tx, occurrenceId, now));
    await recordActivities(tx, [
      {
        actorId: me.id,
        communityId,
        verb: 'event_updated',
        objectType: 'event',
        objectId: locked.id,
        data: { fields: Object.keys(patch) },
      },
      ...hostedActivities(communityId, locked.id, newHosts),
    ]);
    return { notified, seatChanges };
  });
  await notifications.announce(deps, notified);
  for (const changes of seatChanges) await tellSeatChanges(deps, changes, origin);
  return eventDetail(deps, actor, ctx, before.id);
}

/** The first session's wall-clock end, as the form shows it. */
function localEnd(event: { localStart: string; durationMinutes: number }) {
  const start = new Date(Date.parse(`${event.localStart.slice(0, 16)}:00Z`));
  return new Date(start.getTime() + event.durationMinutes * 60_000).toISOString().slice(0, 16);
}

/**
 * An AMA's post follows its event: made when an event becomes an AMA, its title, host and
 * window kept in step with the event and its (single) session.
 */
async function syncAmaPost(tx: Conn, ctx: Ctx, event: repo.EventRow, hosts: HostValue[] | null, actorId: string) {
  if (event.kind !== 'ama') return;
  const [session] = await repo.occurrencesOf(tx, event.id);
  if (!session) return;
  const currentHosts =
    hosts ?? (await repo.hostsOf(tx, [event.id])).map((h) => ({ userId: h.user.id, role: h.role as EventHostRole }));
  const hostId = firstHost(currentHosts)?.userId ?? actorId;
  if (!event.postId) {
    const post = await createAmaPost(tx, ctx, {
      title: event.title,
      agenda: event.agenda,
      endsAt: session.endsAt,
      hostId,
      authorId: actorId,
      timeZone: event.timeZone,
    });
    await repo.updateEvent(tx, event.id, { postId: post.id });
    return;
  }
  await conversationsRepo.updatePost(tx, event.postId, {
    title: event.title,
    amaHostId: hostId,
    amaEndsAt: session.endsAt,
  });
}

/** Cancels the series: every session still ahead is called off and its people are told. */
export async function cancel(deps: Deps, actor: Actor, slug: string, eventId: string) {
  const loaded = await loadEvent(deps, actor, slug, eventId);
  const { ctx, event } = loaded;
  assertMayChange(actor, loaded, 'cancel', event.status === 'cancelled');
  const me = actor.user!;
  const now = new Date();
  const community = { id: ctx.community.id, visibility: ctx.community.visibility };
  const notified = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockEvent(tx, event.id);
    if (!locked || locked.status === 'cancelled') {
      throw conflict('event_cancelled', 'This event was already cancelled.');
    }
    await repo.updateEvent(tx, event.id, { status: 'cancelled', cancelledAt: now });
    const told: string[] = [];
    for (const o of await repo.occurrencesOf(tx, event.id, true)) {
      if (o.startsAt <= now || o.status !== 'scheduled') continue;
      told.push(...(await cancelSession(tx, o, { community, actorId: me.id, now })));
    }
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'event_cancelled',
      objectType: 'event',
      objectId: event.id,
    });
    return told;
  });
  await notifications.announce(deps, notified);
  return eventDetail(deps, actor, ctx, event.id);
}

// One session.

/**
 * Edits one session only: its own title, agenda, place, link and seats, or its time (it is
 * then "moved": series edits leave its time alone). Those going hear of a new time.
 */
export async function updateOccurrence(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  patch: OccurrencePatch,
  origin: string,
) {
  const loaded = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const { ctx, event, occurrence } = loaded;
  assertMayChange(actor, loaded, 'edit', event.status === 'cancelled' || occurrence.status === 'cancelled');
  const me = actor.user!;
  const now = new Date();
  const capacity = patch.capacity !== undefined ? (checkCapacity(patch.capacity) ?? null) : undefined;
  const onlineUrl = patch.onlineUrl !== undefined ? (checkUrl(patch.onlineUrl, 'onlineUrl') ?? null) : undefined;
  let times: { startsAt: Date; endsAt: Date } | null = null;
  if (patch.start !== undefined || patch.end !== undefined) {
    if (occurrence.startsAt <= now) {
      throw conflict('event_over', 'This session has started: its time can no longer change.', 'start');
    }
    const zone = event.timeZone;
    const currentStart = utcToFloating(occurrence.startsAt, zone);
    const start = patch.start !== undefined ? checkWallClock(patch.start, 'start') : wallClockOfFloating(currentStart);
    const duration = Math.round((occurrence.endsAt.getTime() - occurrence.startsAt.getTime()) / 60_000);
    const end =
      patch.end !== undefined
        ? checkWallClock(patch.end, 'end')
        : wallClockOfFloating(new Date(floatingOf(start).getTime() + duration * 60_000));
    checkDuration(start, end);
    const startsAt = wallClockToUtc(start, zone);
    let endsAt = wallClockToUtc(end, zone);
    if (endsAt <= startsAt) endsAt = new Date(startsAt.getTime() + 60_000);
    checkStartsAt(startsAt, now);
    if (startsAt.getTime() !== occurrence.startsAt.getTime() || endsAt.getTime() !== occurrence.endsAt.getTime()) {
      times = { startsAt, endsAt };
    }
  }
  const overrides = { ...occurrence.overrides };
  if (patch.title !== undefined) overrides.title = patch.title;
  if (patch.agenda !== undefined)
    Object.assign(overrides, { agenda: patch.agenda, agendaHtml: renderMarkdown(patch.agenda) });
  if (patch.place !== undefined) overrides.place = patch.place?.trim() || null;
  if (onlineUrl !== undefined) overrides.onlineUrl = onlineUrl;
  const community = { id: ctx.community.id, visibility: ctx.community.visibility };

  const { notified, seatChanges } = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockOccurrence(tx, occurrence.id);
    if (!locked || locked.status === 'cancelled') {
      throw conflict('event_cancelled', 'This session was cancelled: it cannot be changed.');
    }
    await repo.updateOccurrence(tx, locked.id, {
      overrides,
      ...(capacity !== undefined ? { capacity } : {}),
      ...(times ? { ...times, moved: true } : {}),
    });
    const notified: string[] = [];
    if (times) {
      await moveReminders(tx, locked.id, times.startsAt, now);
      const going = await repo.rsvpUserIds(tx, locked.id, ['going']);
      notified.push(
        ...(await notifySession(tx, {
          kind: 'event_changed',
          community,
          occurrenceId: locked.id,
          userIds: going,
          actorId: me.id,
          again: true,
        })),
      );
      if (event.kind === 'ama' && event.postId) {
        await conversationsRepo.updatePost(tx, event.postId, { amaEndsAt: times.endsAt });
      }
    }
    const seatChanges: SeatChanges[] = [];
    const gained =
      capacity !== undefined &&
      (capacity === null ? locked.capacity !== null : locked.capacity !== null && capacity > locked.capacity);
    if (gained) seatChanges.push(await promoteWaitlisted(tx, locked.id, now));
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'event_updated',
      objectType: 'occurrence',
      objectId: locked.id,
      data: { eventId: event.id, fields: Object.keys(patch) },
    });
    return { notified, seatChanges };
  });
  await notifications.announce(deps, notified);
  for (const changes of seatChanges) await tellSeatChanges(deps, changes, origin);
  return occurrenceDetail(deps, actor, ctx, event.id, occurrence.id);
}

/** Calls off one session that is still ahead; those going or waiting are told. */
export async function cancelOccurrence(deps: Deps, actor: Actor, slug: string, eventId: string, occurrenceId: string) {
  const loaded = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const { ctx, event, occurrence } = loaded;
  assertMayChange(actor, loaded, 'cancel', event.status === 'cancelled' || occurrence.status === 'cancelled');
  const now = new Date();
  if (occurrence.startsAt <= now) throw conflict('event_over', 'This session has already started.');
  const community = { id: ctx.community.id, visibility: ctx.community.visibility };
  const me = actor.user!;
  const notified = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockOccurrence(tx, occurrence.id);
    if (!locked || locked.status === 'cancelled') {
      throw conflict('event_cancelled', 'This session was already cancelled.');
    }
    const told = await cancelSession(tx, locked, { community, actorId: me.id, now });
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'event_cancelled',
      objectType: 'occurrence',
      objectId: locked.id,
      data: { eventId: event.id },
    });
    return told;
  });
  await notifications.announce(deps, notified);
  return occurrenceDetail(deps, actor, ctx, event.id, occurrence.id);
}
