import type {
  AttendanceInput,
  AttendeeList,
  CalendarFeed,
  EventDetail,
  EventInput,
  EventKind,
  EventPatch,
  OccurrenceDetail,
  OccurrencePage,
  OccurrencePatch,
  ResourceDraft,
  RsvpAnswer,
  RsvpResult,
  SessionNotes,
  SessionNotesInput,
} from '../../../common/api-types';
import { query, request } from '../../api';

const enc = encodeURIComponent;
const eventsPath = (slug: string) => `/communities/${enc(slug)}/events`;
const eventPath = (slug: string, eventId: string) => `${eventsPath(slug)}/${enc(eventId)}`;
const sessionPath = (slug: string, eventId: string, occurrenceId: string) =>
  `${eventPath(slug, eventId)}/occurrences/${enc(occurrenceId)}`;

export type EventsWhen = 'upcoming' | 'past';

export interface EventListFilters {
  when: EventsWhen;
  kind?: EventKind | '';
}

/** Calendar files the browser downloads or a calendar app subscribes to (public or cookie-authenticated). */
export const calendarUrls = {
  community: (slug: string) => `/api/v1/communities/${enc(slug)}/calendar.ics`,
  event: (slug: string, eventId: string) => `/api/v1${eventPath(slug, eventId)}/calendar.ics`,
  session: (slug: string, eventId: string, occurrenceId: string) =>
    `/api/v1${sessionPath(slug, eventId, occurrenceId)}/calendar.ics`,
};

/** The same address for a calendar app: `webcal://` makes most of them offer to subscribe. */
export function webcalUrl(path: string): string {
  const absolute = new URL(path, window.location.origin);
  return absolute.href.replace(/^https?:/, 'webcal:');
}

export const eventsApi = {
  list: (slug: string, filters: EventListFilters & { cursor?: string | null; limit?: number }) =>
    request<OccurrencePage>('GET', `${eventsPath(slug)}${query({ ...filters })}`),
  create: (slug: string, input: EventInput) => request<EventDetail>('POST', eventsPath(slug), input),
  event: (slug: string, eventId: string) => request<EventDetail>('GET', eventPath(slug, eventId)),
  update: (slug: string, eventId: string, patch: EventPatch) =>
    request<EventDetail>('PATCH', eventPath(slug, eventId), patch),
  cancel: (slug: string, eventId: string) => request<EventDetail>('POST', `${eventPath(slug, eventId)}/cancel`),
  session: (slug: string, eventId: string, occurrenceId: string) =>
    request<OccurrenceDetail>('GET', sessionPath(slug, eventId, occurrenceId)),
  updateSession: (slug: string, eventId: string, occurrenceId: string, patch: OccurrencePatch) =>
    request<OccurrenceDetail>('PATCH', sessionPath(slug, eventId, occurrenceId), patch),
  cancelSession: (slug: string, eventId: string, occurrenceId: string) =>
    request<OccurrenceDetail>('POST', `${sessionPath(slug, eventId, occurrenceId)}/cancel`),
  rsvp: (slug: string, eventId: string, occurrenceId: string, status: RsvpAnswer) =>
    request<RsvpResult>('PUT', `${sessionPath(slug, eventId, occurrenceId)}/rsvp`, { status }),
  claim: (slug: string, eventId: string, occurrenceId: string) =>
    request<RsvpResult>('POST', `${sessionPath(slug, eventId, occurrenceId)}/rsvp/claim`),
  attendees: (slug: string, eventId: string, occurrenceId: string) =>
    request<AttendeeList>('GET', `${sessionPath(slug, eventId, occurrenceId)}/attendees`),
  setAttendance: (slug: string, eventId: string, occurrenceId: string, input: AttendanceInput) =>
    request<AttendeeList>('PUT', `${sessionPath(slug, eventId, occurrenceId)}/attendance`, input),
  checkIn: (slug: string, eventId: string, occurrenceId: string, code: string) =>
    request<RsvpResult>('POST', `${sessionPath(slug, eventId, occurrenceId)}/check-in`, { code }),
  saveNotes: (slug: string, eventId: string, occurrenceId: string, input: SessionNotesInput) =>
    request<SessionNotes>('PUT', `${sessionPath(slug, eventId, occurrenceId)}/notes`, input),
  resourceDraft: (slug: string, occurrenceId: string) =>
    request<ResourceDraft>('GET', `/communities/${enc(slug)}/resources/draft${query({ occurrence: occurrenceId })}`),

  calendarFeed: () => request<CalendarFeed>('GET', '/me/calendar-feed'),
  createCalendarFeed: () => request<CalendarFeed>('POST', '/me/calendar-feed'),
  revokeCalendarFeed: () => request<void>('DELETE', '/me/calendar-feed'),
};

/** Events live under their own root, apart from conversations and the repertoire. */
export const eventKeys = {
  all: (slug: string) => ['events', slug] as const,
  list: (slug: string, filters?: EventListFilters & { limit?: number }) =>
    (filters ? ['events', slug, 'list', filters] : ['events', slug, 'list']) as readonly unknown[],
  event: (slug: string, eventId: string) => ['events', slug, 'event', eventId] as const,
  session: (slug: string, occurrenceId: string) => ['events', slug, 'session', occurrenceId] as const,
  attendees: (slug: string, occurrenceId: string) => ['events', slug, 'session', occurrenceId, 'attendees'] as const,
  draft: (slug: string, occurrenceId: string) => ['repertoire', slug, 'draft', 'occurrence', occurrenceId] as const,
  calendarFeed: ['account', 'calendar-feed'] as const,
};
