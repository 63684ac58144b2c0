import type {
  AmaQuestion,
  EventAbilities,
  EventDetail,
  EventHost,
  EventHostRole,
  EventKind,
  EventStatus,
  MyRsvp,
  OccurrenceAbilities,
  OccurrenceDetail,
  OccurrenceSummary,
  PromotionMode,
  Recurrence,
  RsvpStatus,
  SessionNotes,
} from '../../../common/api-types.js';
import type { EventRow, HostRow, MyRsvpRow, OccurrenceRow, Person } from './repo.js';
import { formatLocal } from './time.js';

/** Presenters are the allowlist of what leaves the server about events and their sessions. */

const iso = (d: Date) => d.toISOString();

/** What one session shows of its own and of its series: an override wins, an absent key follows the series. */
export function sessionView(event: EventRow, occurrence: OccurrenceRow) {
  const o = occurrence.overrides ?? {};
  const has = (key: keyof typeof o) => Object.prototype.hasOwnProperty.call(o, key);
  return {
    title: o.title ?? event.title,
    agenda: has('agenda') ? (o.agenda ?? '') : event.agenda,
    agendaHtml: has('agenda') ? (o.agendaHtml ?? '') : event.agendaHtml,
    place: has('place') ? (o.place ?? null) : event.place,
    onlineUrl: has('onlineUrl') ? (o.onlineUrl ?? null) : event.onlineUrl,
    status: (event.status === 'cancelled' || occurrence.status === 'cancelled'
      ? 'cancelled'
      : 'scheduled') as EventStatus,
  };
}

export const hasNotes = (o: OccurrenceRow) => o.notes !== '' || o.outcomes !== '' || o.recordingUrl !== null;

export const seatsLeft = (o: { capacity: number | null; goingCount: number }) =>
  o.capacity === null ? null : Math.max(0, o.capacity - o.goingCount);

export const presentHosts = (hosts: HostRow[]): EventHost[] =>
  hosts.map((h) => ({ user: h.user, role: h.role as EventHostRole }));

export function presentMyRsvp(row: MyRsvpRow | null | undefined, occurrence: OccurrenceRow): MyRsvp | null {
  if (!row) return null;
  const waiting = row.status === 'waitlisted';
  return {
    status: row.status as RsvpStatus,
    position: waiting ? (row.place ?? null) : null,
    attended: row.attendedAt !== null,
    offered: waiting && row.offeredAt !== null && (seatsLeft(occurrence) ?? 1) > 0,
  };
}

export function presentNotes(o: OccurrenceRow, by: Person | null): SessionNotes | null {
  if (!hasNotes(o) && !o.notesAt) return null;
  return {
    notes: o.notes,
    notesHtml: o.notesHtml,
    outcomes: o.outcomes,
    outcomesHtml: o.outcomesHtml,
    recordingUrl: o.recordingUrl,
    by,
    at: o.notesAt ? iso(o.notesAt) : null,
  };
}

export const presentRecurrence = (event: EventRow): Recurrence | null =>
  event.recurrence ? ({ ...event.recurrence } as Recurrence) : null;

export interface SummaryExtras {
  hosts: HostRow[];
  myRsvp: MyRsvpRow | null | undefined;
  attendance: { attended: number; noShow: number } | undefined;
  /** Whether the reader may have the joining link (current members, hosts, organisers). */
  showOnlineUrl: boolean;
  now: Date;
}

export function presentSummary(event: EventRow, o: OccurrenceRow, x: SummaryExtras): OccurrenceSummary {
  const view = sessionView(event, o);
  const ended = o.endsAt <= x.now;
  return {
    id: o.id,
    eventId: event.id,
    kind: event.kind as EventKind,
    title: view.title,
    startsAt: iso(o.startsAt),
    endsAt: iso(o.endsAt),
    timeZone: event.timeZone,
    localStart: formatLocal(o.startsAt, event.timeZone),
    localEnd: formatLocal(o.endsAt, event.timeZone),
    status: view.status,
    moved: o.moved,
    recurring: event.recurrence !== null,
    place: view.place,
    online: !!view.onlineUrl,
    onlineUrl: x.showOnlineUrl ? view.onlineUrl : null,
    hosts: presentHosts(x.hosts),
    capacity: o.capacity,
    goingCount: o.goingCount,
    waitlistCount: o.waitlistCount,
    seatsLeft: seatsLeft(o),
    myRsvp: presentMyRsvp(x.myRsvp, o),
    attendedCount: ended ? (x.attendance?.attended ?? 0) : null,
    noShowCount: ended ? (x.attendance?.noShow ?? 0) : null,
    hasNotes: hasNotes(o),
  };
}

export interface DetailExtras extends SummaryExtras {
  community: { slug: string; name: string };
  occurrenceCount: number;
  notesBy: Person | null;
  resource: { id: string; title: string } | null;
  /** Shown to those who run the event. */
  showCheckInCode: boolean;
  ama: { postId: string; questions: AmaQuestion[] } | null;
  abilities: OccurrenceAbilities;
}

export function presentDetail(event: EventRow, o: OccurrenceRow, x: DetailExtras): OccurrenceDetail {
  const view = sessionView(event, o);
  return {
    ...presentSummary(event, o, x),
    community: x.community,
    agenda: view.agenda,
    agendaHtml: view.agendaHtml,
    series: {
      rrule: event.rrule,
      recurrence: presentRecurrence(event),
      exceptions: event.exceptions,
      occurrenceCount: x.occurrenceCount,
      status: event.status as EventStatus,
    },
    promotion: event.promotion as PromotionMode,
    offerHours: event.offerHours,
    notes: presentNotes(o, x.notesBy),
    resource: x.resource,
    checkInCode: x.showCheckInCode ? o.checkInCode : null,
    ama: x.ama
      ? {
          postId: x.ama.postId,
          questionCount: x.ama.questions.length,
          answeredCount: x.ama.questions.filter((q) => q.answered).length,
          questions: x.ama.questions,
        }
      : null,
    abilities: x.abilities,
  };
}

export interface EventExtras {
  community: { slug: string; name: string };
  hosts: HostRow[];
  createdBy: Person | null;
  occurrences: OccurrenceSummary[];
  showOnlineUrl: boolean;
  abilities: EventAbilities;
}

export function presentEvent(event: EventRow, x: EventExtras): EventDetail {
  return {
    id: event.id,
    community: x.community,
    kind: event.kind as EventKind,
    title: event.title,
    agenda: event.agenda,
    agendaHtml: event.agendaHtml,
    place: event.place,
    online: !!event.onlineUrl,
    onlineUrl: x.showOnlineUrl ? event.onlineUrl : null,
    timeZone: event.timeZone,
    start: event.localStart,
    end: localEndOf(event),
    durationMinutes: event.durationMinutes,
    recurrence: presentRecurrence(event),
    rrule: event.rrule,
    exceptions: event.exceptions,
    capacity: event.capacity,
    promotion: event.promotion as PromotionMode,
    offerHours: event.offerHours,
    status: event.status as EventStatus,
    hosts: presentHosts(x.hosts),
    createdBy: x.createdBy,
    createdAt: iso(event.createdAt),
    amaPostId: event.postId,
    occurrences: x.occurrences,
    abilities: x.abilities,
  };
}

/** The first session's wall-clock end: its wall-clock start plus the duration. */
export function localEndOf(event: { localStart: string; durationMinutes: number }): string {
  const start = Date.parse(`${event.localStart.slice(0, 16)}:00Z`);
  return new Date(start + event.durationMinutes * 60_000).toISOString().slice(0, 16);
}
