import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { EventKind } from '../../../common/limits.js';
import type { Db } from '../client.js';
import { eventHosts, eventOccurrences, eventRsvps, events, posts, type RecurrenceSpec } from '../schema/index.js';
import { recordActivities, type ActivityInput } from '../../platform/activity.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { atLeast } from '../../platform/policy.js';
import { expand, rruleText } from '../../modules/events/recurrence.js';
import { scheduleReminders } from '../../modules/events/reminders.js';
import { newCheckInCode } from '../../modules/events/series.js';
import {
  floatingOf,
  formatFloating,
  parseLocal,
  utcToFloating,
  wallClockOfFloating,
} from '../../modules/events/time.js';
import { currentMembers, type Member } from './conversations.js';
import { prng } from './generate.js';

/**
 * The demo events: in every community a few sessions that took place (with attendance, notes
 * and outcomes), a weekly series ahead with RSVPs, one full session with a waitlist, a skipped
 * week, and an AMA tied to the community's upcoming AMA post. Written as rows whose seat
 * counters match the RSVPs, as the RSVP service keeps them. Deterministic for a seed.
 */

const day = 24 * 3600_000;

export interface EventsCommunity {
  id: string;
  slug: string;
}

export const demoZones: Record<string, string> = {
  'research-software': 'Europe/Berlin',
  'data-stewards': 'Europe/Amsterdam',
  'platform-guild': 'America/New_York',
  'ospo-practitioners': 'Europe/London',
  'cape-town-data': 'Africa/Johannesburg',
};

interface PastSpec {
  kind: EventKind;
  title: string;
  agenda: string;
  notes: string;
  outcomes: string;
  recording?: string;
}

const past: PastSpec[] = [
  {
    kind: 'lightning_talks',
    title: 'Lightning talks: tools we could not live without',
    agenda: 'Five-minute talks, one tool each. Sign up in the thread; **no slides needed**.',
    notes:
      '- A snapshot testing library that made refactors safe\n- A tiny task runner everyone can read\n- Using the issue tracker as a lab notebook',
    outcomes: 'Three speakers will write up their tool for the repertoire. Next round in two months.',
    recording: 'https://video.example.org/lightning-tools',
  },
  {
    kind: 'workshop',
    title: 'Hands-on: writing a good README',
    agenda: 'Bring a project. We pair up, read each other’s README cold, and fix the first thing that confused us.',
    notes: 'Most READMEs were missing *how to run the tests* and who to ask. The pairs format worked well.',
    outcomes: 'A README checklist drafted together; to be proposed to the repertoire.',
  },
  {
    kind: 'meetup',
    title: 'Open meetup: what are you stuck on?',
    agenda: 'An open round: everyone says what they are stuck on, and we split into small groups.',
    notes: 'Groups on packaging, on reviewing code across labs, and on moving jobs.',
    outcomes: 'Two members agreed to run a code review swap next month.',
  },
];

const seriesTitles = ['Weekly clinic', 'Practice hour', 'Study group'];

async function insertEvent(
  db: Db,
  community: EventsCommunity,
  values: {
    kind: EventKind;
    title: string;
    agenda: string;
    place?: string | null;
    onlineUrl?: string | null;
    timeZone: string;
    localStart: string;
    durationMinutes: number;
    recurrence?: RecurrenceSpec | null;
    exceptions?: string[];
    capacity?: number | null;
    postId?: string | null;
    createdBy: string;
    createdAt: Date;
  },
  hosts: Member[],
) {
  const start = parseLocal(values.localStart)!;
  const recurrence = values.recurrence ?? null;
  const exceptions = values.exceptions ?? [];
  const [event] = await db
    .insert(events)
    .values({
      communityId: community.id,
      kind: values.kind,
      title: values.title,
      agenda: values.agenda,
      agendaHtml: renderMarkdown(values.agenda),
      place: values.place ?? null,
      onlineUrl: values.onlineUrl ?? null,
      timeZone: values.timeZone,
      localStart: values.localStart,
      durationMinutes: values.durationMinutes,
      recurrence,
      rrule: recurrence ? rruleText(recurrence, start) : null,
      exceptions,
      capacity: values.capacity ?? null,
      postId: values.postId ?? null,
      createdBy: values.createdBy,
      createdAt: values.createdAt,
    })
    .returning();
  await db
    .insert(eventHosts)
    .values(hosts.map((h, position) => ({ eventId: event.id, userId: h.id, role: 'host', position })));
  const sessions = expand({
    timeZone: values.timeZone,
    start,
    durationMinutes: values.durationMinutes,
    recurrence,
    exceptions,
  }).sessions;
  const occurrences = await db
    .insert(eventOccurrences)
    .values(
      sessions.map((s) => ({
        eventId: event.id,
        communityId: community.id,
        originalStart: s.originalStart,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        capacity: event.capacity,
        checkInCode: newCheckInCode(),
      })),
    )
    .returning();
  return { event, occurrences };
}

/** A wall-clock time `days` from `now` in `zone`, at `hour`:00. */
function localAt(now: number, days: number, hour: number, zone: string): string {
  const floating = utcToFloating(new Date(now + days * day), zone);
  floating.setUTCHours(hour, 0, 0, 0);
  return formatFloating(floating);
}

/** RSVPs for one session: `going` hold seats, the rest wait in order; the row's counters follow. */
async function answer(
  db: Db,
  community: EventsCommunity,
  occurrence: typeof eventOccurrences.$inferSelect,
  going: Member[],
  waiting: Member[],
  options: { attended?: Set<string>; at: Date },
) {
  const rows = [
    ...going.map((m) => ({
      occurrenceId: occurrence.id,
      userId: m.id,
      communityId: community.id,
      status: 'going',
      position: null,
      attendedAt: options.attended?.has(m.id) ? occurrence.startsAt : null,
      attendanceSource: options.attended?.has(m.id) ? (m.id.charCodeAt(0) % 2 ? 'code' : 'host') : null,
      createdAt: options.at,
    })),
    ...waiting.map((m, i) => ({
      occurrenceId: occurrence.id,
      userId: m.id,
      communityId: community.id,
      status: 'waitlisted',
      position: i + 1,
      createdAt: options.at,
    })),
  ];
  if (rows.length > 0) await db.insert(eventRsvps).values(rows);
  await db
    .update(eventOccurrences)
    .set({ goingCount: going.length, waitlistCount: waiting.length, waitlistSeq: waiting.length })
    .where(eq(eventOccurrences.id, occurrence.id));
  const activity: ActivityInput[] = rows.map((r) => ({
    actorId: r.userId,
    communityId: community.id,
    verb: 'rsvp',
    objectType: 'occurrence',
    objectId: occurrence.id,
    data: { status: r.status },
    occurredAt: options.at,
  }));
  for (const userId of options.attended ?? []) {
    activity.push({
      actorId: userId,
      communityId: community.id,
      verb: 'attended',
      objectType: 'occurrence',
      objectId: occurrence.id,
      data: { source: 'host' },
      occurredAt: occurrence.startsAt,
    });
  }
  await recordActivities(db, activity);
}

export async function seedEvents(db: Db, options: { seed: number; communities: EventsCommunity[]; now?: Date }) {
  const now = (options.now ?? new Date()).getTime();
  for (const [index, community] of options.communities.entries()) {
    const r = prng(options.seed + index);
    const members = await currentMembers(db, community.id);
    if (members.length < 6) continue;
    const zone = demoZones[community.slug] ?? 'UTC';
    const leads = members.filter((m) => atLeast(m.role, 'core'));
    const organiser = leads[0] ?? members[0];
    const pickHosts = (n: number) => r.some(leads.length >= n ? leads : members, n);
    const activity: ActivityInput[] = [];

    // Sessions that took place, with attendance, notes and outcomes.
    for (const [i, spec] of past.entries()) {
      const hosts = pickHosts(1 + (i % 2));
      const days = -(7 + 14 * (past.length - 1 - i)) - r.int(0, 3);
      const { event, occurrences } = await insertEvent(
        db,
        community,
        {
          kind: spec.kind,
          title: spec.title,
          agenda: spec.agenda,
          place: i === 1 ? 'Library, room 2' : null,
          onlineUrl: i === 1 ? null : `https://meet.example.org/${community.slug}-${i + 1}`,
          timeZone: zone,
          localStart: localAt(now, days, 17 + (i % 2), zone),
          durationMinutes: 90,
          capacity: spec.kind === 'workshop' ? 12 : null,
          createdBy: organiser.id,
          createdAt: new Date(now + (days - 14) * day),
        },
        hosts,
      );
      const occurrence = occurrences[0];
      const going = r.some(members, Math.min(members.length, spec.kind === 'workshop' ? 12 : r.int(8, 14)));
      const attended = new Set(going.filter(() => r.chance(0.8)).map((m) => m.id));
      await answer(db, community, occurrence, going, [], { attended, at: new Date(now + (days - 5) * day) });
      await db
        .update(eventOccurrences)
        .set({
          notes: spec.notes,
          notesHtml: renderMarkdown(spec.notes),
          outcomes: spec.outcomes,
          outcomesHtml: renderMarkdown(spec.outcomes),
          recordingUrl: spec.recording ?? null,
          notesBy: hosts[0].id,
          notesAt: new Date(occurrence.endsAt.getTime() + 3600_000),
        })
        .where(eq(eventOccurrences.id, occurrence.id));
      activity.push(
        {
          actorId: organiser.id,
          communityId: community.id,
          verb: 'event_created',
          objectType: 'event',
          objectId: event.id,
          occurredAt: event.createdAt,
        },
        ...hosts.map((h) => ({
          actorId: h.id,
          communityId: community.id,
          verb: 'hosted_event',
          objectType: 'event',
          objectId: event.id,
          occurredAt: event.createdAt,
        })),
        {
          actorId: hosts[0].id,
          communityId: community.id,
          verb: 'event_notes_added',
          objectType: 'occurrence',
          objectId: occurrence.id,
          occurredAt: new Date(occurrence.endsAt.getTime() + 3600_000),
        },
      );
    }

    // A weekly series ahead: the first session full with a waitlist, a skipped week.
    const first = localAt(now, 2 + r.int(0, 2), 18, zone);
    const skipped = formatFloating(new Date(floatingOf(parseLocal(first)!).getTime() + 14 * day)).slice(0, 10);
    const hosts = pickHosts(2);
    const capacity = 6;
    const { event: series, occurrences } = await insertEvent(
      db,
      community,
      {
        kind: 'workshop',
        title: `${seriesTitles[index % seriesTitles.length]}: bring a problem`,
        agenda:
          'Every week, one hour: bring something you are working on and get two fresh pairs of eyes on it.\n\n1. Round of problems\n2. Pairs\n3. What we learned',
        place: null,
        onlineUrl: `https://meet.example.org/${community.slug}-weekly`,
        timeZone: zone,
        localStart: first,
        durationMinutes: 60,
        recurrence: { freq: 'weekly', interval: 1, byWeekday: [], monthlyWeek: null, until: null, count: 8 },
        exceptions: [skipped],
        capacity,
        createdBy: organiser.id,
        createdAt: new Date(now - 10 * day),
      },
      hosts,
    );
    activity.push(
      {
        actorId: organiser.id,
        communityId: community.id,
        verb: 'event_created',
        objectType: 'event',
        objectId: series.id,
        occurredAt: series.createdAt,
      },
      ...hosts.map((h) => ({
        actorId: h.id,
        communityId: community.id,
        verb: 'hosted_event',
        objectType: 'event',
        objectId: series.id,
        occurredAt: series.createdAt,
      })),
    );
    for (const [i, occurrence] of occurrences.entries()) {
      const wanting = i === 0 ? capacity + 3 : Math.max(0, r.int(1, capacity) - i);
      const people = r.some(members, Math.min(members.length, wanting));
      const going = people.slice(0, capacity);
      const waiting = people.slice(capacity);
      await answer(db, community, occurrence, going, waiting, { at: new Date(now - r.int(1, 9) * day) });
      await scheduleReminders(
        db,
        occurrence,
        going.map((m) => m.id),
        new Date(now),
      );
    }

    // An AMA session tied to the community's upcoming AMA, whose post collects the questions.
    const amas = await db
      .select({ id: posts.id, title: posts.title, body: posts.body, hostId: posts.amaHostId, endsAt: posts.amaEndsAt })
      .from(posts)
      .where(
        and(
          eq(posts.communityId, community.id),
          eq(posts.kind, 'ama'),
          isNull(posts.deletedAt),
          gt(posts.amaEndsAt, new Date(now + 2 * day)),
        ),
      )
      .orderBy(asc(posts.amaEndsAt))
      .limit(1);
    const post = amas[0];
    const host = post && members.find((m) => m.id === post.hostId);
    if (post?.endsAt && host) {
      // The evening before the questions close, 17:00 in the community's zone: inside the AMA's window.
      const localStart = `${formatFloating(new Date(utcToFloating(post.endsAt, zone).getTime() - day)).slice(0, 10)}T17:00`;
      const {
        event,
        occurrences: [session],
      } = await insertEvent(
        db,
        community,
        {
          kind: 'ama',
          title: post.title,
          agenda: post.body,
          onlineUrl: `https://meet.example.org/${community.slug}-ama`,
          timeZone: zone,
          localStart,
          durationMinutes: 60,
          postId: post.id,
          createdBy: organiser.id,
          createdAt: new Date(now - 3 * day),
        },
        [host],
      );
      const others = members.filter((m) => m.id !== host.id);
      const going = r.some(others, Math.min(others.length, r.int(5, 10)));
      await answer(db, community, session, going, [], { at: new Date(now - r.int(1, 3) * day) });
      await scheduleReminders(
        db,
        session,
        going.map((m) => m.id),
        new Date(now),
      );
      activity.push(
        {
          actorId: organiser.id,
          communityId: community.id,
          verb: 'event_created',
          objectType: 'event',
          objectId: event.id,
          occurredAt: event.createdAt,
        },
        {
          actorId: host.id,
          communityId: community.id,
          verb: 'hosted_event',
          objectType: 'event',
          objectId: event.id,
          occurredAt: event.createdAt,
        },
      );
    }
    await recordActivities(db, activity);
  }
}
