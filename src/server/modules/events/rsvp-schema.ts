import { limits, rsvpAnswers, rsvpStatuses } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { MyRsvpSchema, OccurrenceParams, Person, SessionNotesSchema } from './schema.js';

export { MyRsvpSchema, SessionNotesSchema };

/**
 * Answers, attendance and notes of one session. Ids in paths are plain strings checked by the
 * service: a malformed id answers 404 like a missing one.
 */
export const SessionParams = OccurrenceParams;

export const RsvpInput = z.strictObject({ status: z.enum(rsvpAnswers) }).openapi('RsvpInput');
export type RsvpInput = z.infer<typeof RsvpInput>;

export const AttendanceInput = z
  .strictObject({
    attendance: z
      .array(z.strictObject({ userId: z.uuid(), attended: z.boolean() }))
      .min(1)
      .max(1000),
  })
  .openapi('AttendanceInput');
export type AttendanceInput = z.infer<typeof AttendanceInput>;

export const CheckInInput = z.strictObject({ code: z.string().trim().min(1).max(40) }).openapi('CheckInInput');
export type CheckInInput = z.infer<typeof CheckInInput>;

/** Checked by the service (http/https only): a refusal there is 422 `invalid_url`. */
export const SessionNotesInput = z
  .strictObject({
    notes: z.string().trim().max(limits.eventNotes).optional(),
    outcomes: z.string().trim().max(limits.eventNotes).optional(),
    recordingUrl: z.string().trim().nullable().optional(),
  })
  .openapi('SessionNotesInput');
export type SessionNotesInput = z.infer<typeof SessionNotesInput>;

// Responses.

export const RsvpResultSchema = z
  .object({
    rsvp: MyRsvpSchema,
    capacity: z.number().int().nullable(),
    goingCount: z.number().int(),
    waitlistCount: z.number().int(),
    seatsLeft: z.number().int().nullable(),
  })
  .openapi('RsvpResult');

export const AttendeeSchema = z
  .object({
    user: Person,
    status: z.enum(rsvpStatuses),
    position: z.number().int().nullable(),
    attended: z.boolean(),
    attendanceSource: z.enum(['host', 'code']).nullable(),
    respondedAt: z.string(),
  })
  .openapi('Attendee');

export const AttendeeListSchema = z
  .object({
    going: z.array(AttendeeSchema),
    waitlist: z.array(AttendeeSchema),
    notGoingCount: z.number().int(),
    attendedCount: z.number().int(),
    noShowCount: z.number().int().nullable(),
  })
  .openapi('AttendeeList');
