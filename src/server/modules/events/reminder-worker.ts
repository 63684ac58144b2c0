import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { NotificationKind, ReminderKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import {
  communities,
  eventOccurrences,
  eventReminders,
  eventRsvps,
  events,
  memberships,
  users,
} from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { escapeHtml, mailHtml } from '../../platform/mail-layout.js';
import type { Mail } from '../../platform/mailer.js';
import { communityAbilities, type Actor, type CommunityFacts, type MembershipFacts } from '../../platform/policy.js';
import { announce } from '../notifications/service.js';
import { cadenceFor, preferencesFor } from '../notifications/mail-preferences.js';
import { showsOnlineUrl, type Ctx } from './common.js';
import { notifySession } from './notify.js';
import { sessionView } from './present.js';
import { reminderLead } from './reminders.js';
import { sessionTime } from './rsvp.js';

/**
 * Sends the reminders that are due: 24 hours and 1 hour before a session, in the app and by
 * mail, to those going. One transaction claims due rows (SKIP LOCKED, so workers on several
 * nodes share them without waiting), writes the notification and the mail to the outbox, and
 * marks the rows sent: a crash before the commit leaves them due, a crash after it leaves
 * queued mail that the next run (or the next start) delivers. Nothing is sent twice.
 */

export interface ReminderRunOptions {
  now?: Date;
  /** Rows claimed per transaction. */
  limit?: number;
  /** This site's address, for links in mail. */
  origin?: string;
}

export interface ReminderRun {
  /** Reminders sent (in the app, and by mail to those who may still see the session). */
  sent: number;
  /** Rows of cancelled sessions and of members no longer going: deleted. */
  dropped: number;
  /** Rows found long after they were due (the server was off): marked sent, not sent late. */
  stale: number;
}

const kindOf: Record<ReminderKind, NotificationKind> = { '24h': 'event_reminder_24h', '1h': 'event_reminder_1h' };

/**
 * How late a reminder may still go out: a quarter of its lead (6 hours for the day-before one,
 * 15 minutes for the hour-before one), and never once the session has started.
 */
export const reminderGrace = (kind: ReminderKind) => reminderLead[kind] / 4;

/** Due, unsent reminders, locked for this transaction; rows another worker holds are skipped. */
export async function claimDueReminders(tx: Conn, now: Date, limit: number) {
  return tx
    .select({
      reminder: eventReminders,
      occurrence: eventOccurrences,
      event: events,
      community: communities,
      user: {
        id: users.id,
        name: users.name,
        email: users.email,
        isAdmin: users.isAdmin,
        disabledAt: users.disabledAt,
      },
      rsvpStatus: eventRsvps.status,
      membership: memberships,
    })
    .from(eventReminders)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, eventReminders.occurrenceId))
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .innerJoin(communities, eq(communities.id, eventOccurrences.communityId))
    .innerJoin(users, eq(users.id, eventReminders.userId))
    .leftJoin(
      eventRsvps,
      and(eq(eventRsvps.occurrenceId, eventReminders.occurrenceId), eq(eventRsvps.userId, eventReminders.userId)),
    )
    .leftJoin(
      memberships,
      and(eq(memberships.communityId, eventOccurrences.communityId), eq(memberships.userId, eventReminders.userId)),
    )
    .where(and(isNull(eventReminders.sentAt), lte(eventReminders.dueAt, now)))
    .orderBy(asc(eventReminders.dueAt))
    .limit(limit)
    .for('update', { of: eventReminders, skipLocked: true });
}

export type ClaimedReminder = Awaited<ReturnType<typeof claimDueReminders>>[number];

type Outcome = 'send' | 'drop' | 'stale';

export function outcomeOf(row: ClaimedReminder, now: Date): Outcome {
  const { reminder, occurrence, event } = row;
  if (event.status !== 'scheduled' || occurrence.status !== 'scheduled') return 'drop';
  if (row.rsvpStatus !== 'going' || row.user.disabledAt) return 'drop';
  const kind = reminder.kind as ReminderKind;
  if (occurrence.startsAt <= now || now.getTime() - reminder.dueAt.getTime() > reminderGrace(kind)) return 'stale';
  return 'send';
}

function reminderMail(row: ClaimedReminder, origin: string): Mail {
  const { event, occurrence, community, user, membership } = row;
  const view = sessionView(event, occurrence);
  const actor: Actor = { user: { ...user }, sessionId: null, via: 'anonymous', ip: '' };
  const ctx = {
    community,
    membership,
    abilities: communityAbilities(actor, community as unknown as CommunityFacts, membership as MembershipFacts | null),
  } as Ctx;
  const onlineUrl = showsOnlineUrl(ctx) ? view.onlineUrl : null;
  const when = sessionTime(occurrence.startsAt, membership?.timeZone ?? event.timeZone);
  const link = `${origin}/c/${encodeURIComponent(community.slug)}/events/${event.id}/${occurrence.id}`;
  const soon = row.reminder.kind === '1h';
  const subject = soon ? `In an hour: ${view.title}` : `Tomorrow: ${view.title}`;
  const opening = soon ? 'starts in an hour' : 'is tomorrow';
  const where = [view.place ? `Where: ${view.place}` : '', onlineUrl ? `Join online: ${onlineUrl}` : ''].filter(
    Boolean,
  );
  return {
    to: user.email,
    kind: kindOf[row.reminder.kind as ReminderKind],
    subject,
    text: [
      `Hello ${user.name},`,
      `${view.title} (${community.name}) ${opening}. You are going.`,
      `When: ${when}`,
      ...where,
      `If you cannot come after all, please say so on the session page so that someone on the waitlist gets your seat: ${link}`,
      '— Commonplace',
    ].join('\n\n'),
    html: mailHtml(
      [
        `Hello ${escapeHtml(user.name)},`,
        `<strong>${escapeHtml(view.title)}</strong> (${escapeHtml(community.name)}) ${opening}. You are going.`,
        `When: ${escapeHtml(when)}`,
        ...where.map(escapeHtml),
        'If you cannot come after all, please say so on the session page so that someone on the waitlist gets your seat.',
      ],
      { label: 'Open the session', link },
    ),
  };
}

/**
 * Settles claimed rows inside the claiming transaction: sends (notification + queued mail) or
 * drops each, and marks the sent and stale ones. Returns who got a notification, to announce.
 */
export async function settleReminders(
  deps: Pick<Deps, 'mailer'>,
  tx: Conn,
  claimed: ClaimedReminder[],
  options: { now: Date; origin: string },
): Promise<ReminderRun & { told: string[] }> {
  const run = { sent: 0, dropped: 0, stale: 0, told: [] as string[] };
  const done: ClaimedReminder[] = [];
  // Members who turned reminder mail off still get the reminder in the app.
  const preferences = await preferencesFor(
    tx,
    claimed.map((row) => row.user.id),
  );
  for (const row of claimed) {
    const outcome = outcomeOf(row, options.now);
    const key = and(
      eq(eventReminders.occurrenceId, row.reminder.occurrenceId),
      eq(eventReminders.userId, row.reminder.userId),
      eq(eventReminders.kind, row.reminder.kind),
    );
    if (outcome === 'drop') {
      await tx.delete(eventReminders).where(key);
      run.dropped++;
      continue;
    }
    done.push(row);
    if (outcome === 'stale') {
      run.stale++;
      continue;
    }
    const told = await notifySession(tx, {
      kind: kindOf[row.reminder.kind as ReminderKind],
      community: row.community,
      occurrenceId: row.occurrence.id,
      userIds: [row.user.id],
      actorId: null,
    });
    // Mail goes with a new notification only: one a member may no longer see, or one that was
    // already written for this session, is not mailed.
    if (told.includes(row.user.id)) {
      const kind = kindOf[row.reminder.kind as ReminderKind];
      if (cadenceFor(preferences.get(row.user.id), kind) !== 'off')
        await deps.mailer.enqueue(tx, reminderMail(row, options.origin));
      run.told.push(row.user.id);
    }
    run.sent++;
  }
  for (const row of done) {
    await tx
      .update(eventReminders)
      .set({ sentAt: options.now })
      .where(
        and(
          eq(eventReminders.occurrenceId, row.reminder.occurrenceId),
          eq(eventReminders.userId, row.reminder.userId),
          eq(eventReminders.kind, row.reminder.kind),
        ),
      );
  }
  return run;
}

const originOf = (deps: Deps, origin?: string) =>
  (origin ?? deps.config.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');

/**
 * Sends every reminder due by `now`, a batch per transaction, then delivers the queued mail.
 * Safe to run on several nodes at once and again after a crash.
 */
export async function runDueReminders(deps: Deps, options: ReminderRunOptions = {}): Promise<ReminderRun> {
  const limit = options.limit ?? 100;
  const origin = originOf(deps, options.origin);
  const total: ReminderRun = { sent: 0, dropped: 0, stale: 0 };
  for (let batch = 0; batch < 50; batch++) {
    const now = options.now ?? new Date();
    const { claimed, run } = await deps.db.transaction(async (tx) => {
      const claimed = await claimDueReminders(tx, now, limit);
      return { claimed: claimed.length, run: await settleReminders(deps, tx, claimed, { now, origin }) };
    });
    total.sent += run.sent;
    total.dropped += run.dropped;
    total.stale += run.stale;
    if (run.told.length > 0) await announce(deps, run.told);
    if (claimed < limit) break;
  }
  await deps.mailer.deliverQueued();
  return total;
}
