import {
  eventHostRoles,
  eventKinds,
  eventStatuses,
  limits,
  promotionModes,
  recurrenceFrequencies,
  rsvpStatuses,
  weekdays,
} from '../../../common/limits.js';
import { z } from '../../platform/http.js';
export { z };

/**
 * Ids in paths are plain strings here and checked by the service: a malformed id answers 404
 * like a missing one, and a request body is still validated (400) before anything else.
 */
const Id = z.string().max(100).openapi({ description: 'A uuid.' });
const Slug = z.string().max(200);

export const EventParams = z.object({ slug: Slug, eventId: Id });
export const OccurrenceParams = z.object({ slug: Slug, eventId: Id, occurrenceId: Id });

/** A wall-clock time in the organiser's zone; whether it is a real date is checked by the service (422). */
const LocalTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Use YYYY-MM-DDTHH:mm.')
  .openapi({ example: '2027-03-02T18:00' });
const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.')
  .openapi({ example: '2027-06-29' });
const Title = z.string().trim().min(1).max(limits.eventTitle);
const Agenda = z.string().max(limits.eventAgenda);
const Place = z.string().trim().max(limits.eventPlace).nullable();
/** Checked by the service (http/https only): a refusal there is 422 `invalid_url`. */
const Url = z.string().trim().max(2_000).nullable();
/** Checked by the service: below 0 or above the limit is 422 `invalid_capacity`. */
const Capacity = z.number().int().nullable();

export const RecurrenceInput = z
  .strictObject({
    freq: z.enum(recurrenceFrequencies),
    interval: z.number().int().optional(),
    byWeekday: z.array(z.enum(weekdays)).max(7).optional(),
    monthlyWeek: z.number().int().nullable().optional(),
    until: LocalDate.nullable().optional(),
    count: z.number().int().nullable().optional(),
  })
  .openapi('RecurrenceInput');

export const EventHostInput = z.strictObject({ userId: z.uuid(), role: z.enum(eventHostRoles).optional() });

const inputFields = {
  kind: z.enum(eventKinds),
  title: Title,
  agenda: Agenda.optional(),
  place: Place.optional(),
  onlineUrl: Url.optional(),
  timeZone: z.string().trim().min(1).max(64),
  start: LocalTime,
  end: LocalTime,
  recurrence: RecurrenceInput.nullable().optional(),
  exceptions: z.array(LocalDate).max(limits.eventOccurrences).optional(),
  capacity: Capacity.optional(),
  promotion: z.enum(promotionModes).optional(),
  offerHours: z
    .number()
    .int()
    .min(1)
    .max(14 * 24)
    .optional(),
  hosts: z.array(EventHostInput).min(1).max(limits.eventHosts).optional(),
};

export const EventInput = z.strictObject(inputFields).openapi('EventInput');
export type EventInput = z.infer<typeof EventInput>;

export const EventPatch = z.strictObject(inputFields).partial().openapi('EventPatch');
export type EventPatch = z.infer<typeof EventPatch>;

export const OccurrencePatch = z
  .strictObject({
    title: Title.optional(),
    agenda: Agenda.optional(),
    place: Place.optional(),
    onlineUrl: Url.optional(),
    start: LocalTime.optional(),
    end: LocalTime.optional(),
    capacity: Capacity.optional(),
  })
  .openapi('OccurrencePatch');
export type OccurrencePatch = z.infer<typeof OccurrencePatch>;

export const ListQuery = z.object({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  kind: z.enum(eventKinds).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof ListQuery>;

// Responses.

// Inline rather than a named component: the conversations module names its own `Person`.
export const Person = z.object({ id: z.string(), name: z.string(), handle: z.string() });
const When = z.string();

export const RecurrenceSchema = z
  .object({
    freq: z.enum(recurrenceFrequencies),
    interval: z.number().int(),
    byWeekday: z.array(z.enum(weekdays)),
    monthlyWeek: z.number().int().nullable(),
    until: z.string().nullable(),
    count: z.number().int().nullable(),
  })
  .openapi('Recurrence');

export const EventHostSchema = z.object({ user: Person, role: z.enum(eventHostRoles) }).openapi('EventHost');

export const MyRsvpSchema = z
  .object({
    status: z.enum(rsvpStatuses),
    position: z.number().int().nullable(),
    attended: z.boolean(),
    offered: z.boolean(),
  })
  .openapi('MyRsvp');

const flags = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as Record<K, z.ZodBoolean>);
export const eventAbilityKeys = [
  'view',
  'edit',
  'cancel',
  'viewAttendees',
  'manageAttendance',
  'writeNotes',
  'promote',
] as const;
export const EventAbilitiesSchema = flags(eventAbilityKeys).openapi('EventAbilities');
export const OccurrenceAbilitiesSchema = flags([...eventAbilityKeys, 'rsvp', 'checkIn'] as const).openapi(
  'OccurrenceAbilities',
);

const summaryFields = {
  id: z.string(),
  eventId: z.string(),
  kind: z.enum(eventKinds),
  title: z.string(),
  startsAt: When,
  endsAt: When,
  timeZone: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  status: z.enum(eventStatuses),
  moved: z.boolean(),
  recurring: z.boolean(),
  place: z.string().nullable(),
  online: z.boolean(),
  onlineUrl: z.string().nullable().openapi({ description: 'Current members, hosts and organisers only.' }),
  hosts: z.array(EventHostSchema),
  capacity: z.number().int().nullable(),
  goingCount: z.number().int(),
  waitlistCount: z.number().int(),
  seatsLeft: z.number().int().nullable(),
  myRsvp: MyRsvpSchema.nullable(),
  attendedCount: z.number().int().nullable(),
  noShowCount: z.number().int().nullable(),
  hasNotes: z.boolean(),
};
export const OccurrenceSummarySchema = z.object(summaryFields).openapi('OccurrenceSummary');
export const OccurrencePage = z
  .object({ items: z.array(OccurrenceSummarySchema), nextCursor: z.string().nullable() })
  .openapi('OccurrencePage');

export const SessionNotesSchema = z
  .object({
    notes: z.string(),
    notesHtml: z.string(),
    outcomes: z.string(),
    outcomesHtml: z.string(),
    recordingUrl: z.string().nullable(),
    by: Person.nullable(),
    at: When.nullable(),
  })
  .openapi('SessionNotes');

export const AmaQuestionSchema = z
  .object({
    replyId: z.string(),
    author: Person.nullable(),
    excerpt: z.string(),
    answered: z.boolean(),
    createdAt: When,
  })
  .openapi('AmaQuestion');

const CommunityRef = z.object({ slug: z.string(), name: z.string() });

export const OccurrenceDetailSchema = z
  .object({
    ...summaryFields,
    community: CommunityRef,
    agenda: z.string(),
    agendaHtml: z.string(),
    series: z.object({
      rrule: z.string().nullable(),
      recurrence: RecurrenceSchema.nullable(),
      exceptions: z.array(z.string()),
      occurrenceCount: z.number().int(),
      status: z.enum(eventStatuses),
    }),
    promotion: z.enum(promotionModes),
    offerHours: z.number().int(),
    notes: SessionNotesSchema.nullable(),
    resource: z.object({ id: z.string(), title: z.string() }).nullable(),
    checkInCode: z.string().nullable(),
    ama: z
      .object({
        postId: z.string(),
        questionCount: z.number().int(),
        answeredCount: z.number().int(),
        questions: z.array(AmaQuestionSchema),
      })
      .nullable(),
    abilities: OccurrenceAbilitiesSchema,
  })
  .openapi('OccurrenceDetail');

export const EventDetailSchema = z
  .object({
    id: z.string(),
    community: CommunityRef,
    kind: z.enum(eventKinds),
    title: z.string(),
    agenda: z.string(),
    agendaHtml: z.string(),
    place: z.string().nullable(),
    online: z.boolean(),
    onlineUrl: z.string().nullable(),
    timeZone: z.string(),
    start: z.string(),
    end: z.string(),
    durationMinutes: z.number().int(),
    recurrence: RecurrenceSchema.nullable(),
    rrule: z.string().nullable(),
    exceptions: z.array(z.string()),
    capacity: z.number().int().nullable(),
    promotion: z.enum(promotionModes),
    offerHours: z.number().int(),
    status: z.enum(eventStatuses),
    hosts: z.array(EventHostSchema),
    createdBy: Person.nullable(),
    createdAt: When,
    amaPostId: z.string().nullable(),
    occurrences: z.array(OccurrenceSummarySchema),
    abilities: EventAbilitiesSchema,
  })
  .openapi('EventDetail');
