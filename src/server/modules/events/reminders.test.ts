import { and, eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventOccurrences, eventReminders, eventRsvps, notifications, outbox } from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { createMailer } from '../../platform/mailer.js';
import { createLocalPubSub } from '../../platform/events.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import { setupTestApp } from '../../../../test/harness.js';
import { buildCommunity, buildEvent, buildMember, localIn, type CommunityRow } from '../../../../test/factories.js';
import { API } from '../../../../test/matrix.js';
import { claimDueReminders, runDueReminders, settleReminders } from './reminder-worker.js';

type Person = { user: { id: string; email: string; name: string }; client: Client };

let t: TestApp;
let coordinator: Person;
let community: CommunityRow;
const origin = 'https://commonplace.example';
const minute = 60_000;
const hour = 60 * minute;

beforeAll(async () => {
  t = await setupTestApp();
  coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, { createdBy: coordinator.user, visibility: 'public' });
});
afterAll(() => t.close());

// Every test starts with no reminder waiting, so a run only meets the rows the test made.
beforeEach(async () => {
  await t.deps.db.delete(eventReminders).where(isNull(eventReminders.sentAt));
});

async function goingMembers(n: number, names = 'Member'): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const p = await t.signedInUser({ name: `${names} ${i + 1}` });
    await buildMember(t, community, p.user);
    people.push(p);
  }
  return people;
}

/** A session three days ahead with `people` going. */
async function sessionWith(people: Person[], overrides: Record<string, unknown> = {}) {
  const event = await buildEvent(t, coordinator, community, {
    title: 'Reminder workshop',
    start: localIn(3, 18),
    end: localIn(3, 20),
    ...overrides,
  });
  const occurrence = event.occurrences[0];
  for (const p of people) {
    const res = await p.client.put(
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${occurrence.id}/rsvp`,
      { status: 'going' },
    );
    expect(res.status).toBe(200);
  }
  return { event, occurrence, startsAt: new Date(occurrence.startsAt as string) };
}

const remindersFor = (occurrenceId: string) =>
  t.deps.db.select().from(eventReminders).where(eq(eventReminders.occurrenceId, occurrenceId));

const notificationsFor = (occurrenceId: string, kind?: string) =>
  t.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.occurrenceId, occurrenceId), kind ? eq(notifications.kind, kind) : undefined));

const mailsTo = (p: Person, subject: RegExp) =>
  t.mail.received.filter((m) => m.to.includes(p.user.email.toLowerCase()) && subject.test(m.subject));

/** Mail is delivered before a run returns; a short wait lets a duplicate show up if there were one. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('reminders', () => {
  it('reminds in the app only those who turned reminder mail off', async () => {
    const [quiet, keen] = await goingMembers(2, 'Pref');
    const prefs = await quiet.client.patch(`${API}/me/mail-preferences`, { kinds: { event_reminder: 'off' } });
    expect(prefs.status).toBe(200);
    const { occurrence, startsAt } = await sessionWith([quiet, keen], { title: 'Quiet workshop' });
    const now = new Date(startsAt.getTime() - 24 * hour + minute);
    expect((await runDueReminders(t.deps, { now, origin })).sent).toBe(2);
    await t.mail.waitFor(keen.user.email, (m) => /^Tomorrow: Quiet workshop/.test(m.subject));
    await settle();
    expect(mailsTo(quiet, /^Tomorrow: Quiet workshop/)).toHaveLength(0);
    const told = await notificationsFor(occurrence.id, 'event_reminder_24h');
    expect(told.map((n) => n.userId).sort()).toEqual([quiet.user.id, keen.user.id].sort());
  });

  it('sends a due reminder once: a notification and a real mail', async () => {
    const [mina] = await goingMembers(1, 'Mina');
    const { occurrence, startsAt } = await sessionWith([mina]);
    const rows = await remindersFor(occurrence.id);
    expect(rows.map((r) => [r.kind, r.dueAt.getTime()]).sort()).toEqual(
      [
        ['1h', startsAt.getTime() - hour],
        ['24h', startsAt.getTime() - 24 * hour],
      ].sort(),
    );

    // Not yet due: nothing.
    const early = await runDueReminders(t.deps, { now: new Date(startsAt.getTime() - 25 * hour), origin });
    expect(early.sent).toBe(0);

    const now = new Date(startsAt.getTime() - 24 * hour + minute);
    expect(await runDueReminders(t.deps, { now, origin })).toEqual({ sent: 1, dropped: 0, stale: 0 });
    const mail = await t.mail.waitFor(mina.user.email, (m) => /^Tomorrow: Reminder workshop/.test(m.subject));
    expect(mail.text).toContain('Reminder workshop');
    expect(mail.text).toContain(`${origin}/c/${community.slug}/events/`);
    expect(mail.text).toContain('https://meet.example.org/rse');
    expect(await notificationsFor(occurrence.id, 'event_reminder_24h')).toHaveLength(1);

    // Again: nothing more.
    expect((await runDueReminders(t.deps, { now, origin })).sent).toBe(0);
    await settle();
    expect(mailsTo(mina, /^Tomorrow/)).toHaveLength(1);
    expect(await notificationsFor(occurrence.id)).toHaveLength(1);

    // The notification names the session.
    const list = await mina.client.get(`${API}/notifications`);
    expect(list.body.items[0]).toMatchObject({
      kind: 'event_reminder_24h',
      post: null,
      resource: null,
      event: { occurrenceId: occurrence.id, title: 'Reminder workshop', startsAt: occurrence.startsAt },
    });

    // The hour-before one, in its turn.
    const later = new Date(startsAt.getTime() - hour + minute);
    expect((await runDueReminders(t.deps, { now: later, origin })).sent).toBe(1);
    await t.mail.waitFor(mina.user.email, (m) => /^In an hour: /.test(m.subject));
    const sent = await remindersFor(occurrence.id);
    expect(sent.every((r) => r.sentAt)).toBe(true);
  });

  it('sends nothing twice when two workers run at once', async () => {
    const people = await goingMembers(4, 'Twin');
    const { occurrence, startsAt } = await sessionWith(people);
    const now = new Date(startsAt.getTime() - 24 * hour + minute);
    const runs = await Promise.all([
      runDueReminders(t.deps, { now, origin, limit: 2 }),
      runDueReminders(t.deps, { now, origin, limit: 2 }),
      runDueReminders(t.deps, { now, origin }),
    ]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(4);
    for (const p of people) await t.mail.waitFor(p.user.email, (m) => /^Tomorrow/.test(m.subject));
    await settle();
    for (const p of people) expect(mailsTo(p, /^Tomorrow/)).toHaveLength(1);
    expect(await notificationsFor(occurrence.id)).toHaveLength(4);
  });

  it('loses nothing when a worker stops between claiming and committing', async () => {
    const people = await goingMembers(2, 'Crash');
    const { occurrence, startsAt } = await sessionWith(people);
    const now = new Date(startsAt.getTime() - 24 * hour + minute);
    await expect(
      t.deps.db.transaction(async (tx) => {
        const claimed = await claimDueReminders(tx, now, 100);
        expect(claimed).toHaveLength(2);
        const run = await settleReminders(t.deps, tx, claimed, { now, origin });
        expect(run.sent).toBe(2);
        throw new Error('the process stopped here');
      }),
    ).rejects.toThrow('the process stopped here');
    expect(await notificationsFor(occurrence.id)).toHaveLength(0);
    expect((await remindersFor(occurrence.id)).filter((r) => r.sentAt)).toHaveLength(0);
    const queued = await t.deps.db.select().from(outbox).where(eq(outbox.status, 'queued'));
    expect(queued).toHaveLength(0);

    expect((await runDueReminders(t.deps, { now, origin })).sent).toBe(2);
    for (const p of people) await t.mail.waitFor(p.user.email, (m) => /^Tomorrow/.test(m.subject));
    await settle();
    for (const p of people) expect(mailsTo(p, /^Tomorrow/)).toHaveLength(1);
  });

  it('delivers, after a restart, what fell due or was committed while the app was down, once', async () => {
    const people = await goingMembers(2, 'Restart');
    const { occurrence, startsAt } = await sessionWith(people);
    const now = new Date(startsAt.getTime() - 24 * hour + 5 * minute);
    // The first one is committed with its mail queued, and the process stops before delivering.
    await t.deps.db.transaction(async (tx) => {
      const claimed = await claimDueReminders(tx, now, 1);
      await settleReminders(t.deps, tx, claimed, { now, origin });
    });
    expect(await t.deps.db.select().from(outbox).where(eq(outbox.status, 'queued'))).toHaveLength(1);

    // A new process on the same database: delivering queued mail at start-up, then the worker.
    const logger = pino({ level: 'error' }, { write: (line: string) => console.error(line) });
    const mailer = createMailer(t.deps.db, { smtpUrl: t.mail.url, from: 'Commonplace <no-reply@test.local>', logger });
    const fresh: Deps = { ...t.deps, mailer, logger, events: createLocalPubSub() };
    expect(await mailer.deliverQueued()).toBe(1);
    expect((await runDueReminders(fresh, { now, origin })).sent).toBe(1);
    expect((await runDueReminders(fresh, { now, origin })).sent).toBe(0);
    expect(await mailer.deliverQueued()).toBe(0);
    for (const p of people) await t.mail.waitFor(p.user.email, (m) => /^Tomorrow/.test(m.subject));
    await settle();
    for (const p of people) expect(mailsTo(p, /^Tomorrow/)).toHaveLength(1);
    expect(await notificationsFor(occurrence.id)).toHaveLength(2);
  });

  it('does not send a reminder late: one found long after it was due is marked and not sent', async () => {
    const [late] = await goingMembers(1, 'Late');
    const { occurrence, startsAt } = await sessionWith([late]);
    // The server was off from before the day-before reminder until 90 minutes before the start.
    const now = new Date(startsAt.getTime() - 90 * minute);
    expect(await runDueReminders(t.deps, { now, origin })).toMatchObject({ sent: 0, stale: 1 });
    // The hour-before one, when its time comes, still goes.
    expect((await runDueReminders(t.deps, { now: new Date(startsAt.getTime() - 55 * minute), origin })).sent).toBe(1);
    await t.mail.waitFor(late.user.email, (m) => /^In an hour/.test(m.subject));
    await settle();
    expect(mailsTo(late, /^Tomorrow/)).toHaveLength(0);
    expect((await notificationsFor(occurrence.id)).map((n) => n.kind)).toEqual(['event_reminder_1h']);
    expect((await remindersFor(occurrence.id)).every((r) => r.sentAt)).toBe(true);
  });

  it('sends nothing to someone no longer going, nor for a cancelled session', async () => {
    const [leaver, stayer, dropped] = await goingMembers(3, 'Leaver');
    const { event, occurrence, startsAt } = await sessionWith([leaver, stayer, dropped]);
    const path = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${occurrence.id}`;
    expect((await leaver.client.put(`${path}/rsvp`, { status: 'not_going' })).status).toBe(200);
    expect((await remindersFor(occurrence.id)).filter((r) => r.userId === leaver.user.id)).toHaveLength(0);
    // A row left behind by any path is dropped by the worker when its member is not going.
    await t.deps.db
      .update(eventRsvps)
      .set({ status: 'not_going' })
      .where(and(eq(eventRsvps.occurrenceId, occurrence.id), eq(eventRsvps.userId, dropped.user.id)));
    const now = new Date(startsAt.getTime() - 24 * hour + minute);
    expect(await runDueReminders(t.deps, { now, origin })).toEqual({ sent: 1, dropped: 1, stale: 0 });
    expect((await notificationsFor(occurrence.id)).map((n) => n.userId)).toEqual([stayer.user.id]);

    // The session is cancelled: the hour-before reminder does not go, whatever rows remain.
    expect((await coordinator.client.post(`${path}/cancel`)).status).toBe(200);
    expect((await remindersFor(occurrence.id)).filter((r) => !r.sentAt)).toHaveLength(0);
    const [cancelled] = await t.deps.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrence.id));
    expect(cancelled.status).toBe('cancelled');
    await t.deps.db.insert(eventReminders).values({
      occurrenceId: occurrence.id,
      userId: stayer.user.id,
      kind: '1h',
      dueAt: new Date(startsAt.getTime() - hour),
    });
    const later = await runDueReminders(t.deps, { now: new Date(startsAt.getTime() - hour + minute), origin });
    expect(later).toEqual({ sent: 0, dropped: 1, stale: 0 });
    await settle();
    expect(mailsTo(stayer, /^In an hour/)).toHaveLength(0);
    expect(mailsTo(leaver, /./)).toHaveLength(0);
  });

  it('moves the reminders of a moved session', async () => {
    const [mover] = await goingMembers(1, 'Mover');
    const { event, occurrence, startsAt } = await sessionWith([mover]);
    const res = await coordinator.client.patch(
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${occurrence.id}`,
      { start: localIn(5, 18), end: localIn(5, 20) },
    );
    expect(res.status).toBe(200);
    const movedTo = new Date(res.body.startsAt);
    expect(movedTo.getTime() - startsAt.getTime()).toBe(2 * 24 * hour);
    const rows = await remindersFor(occurrence.id);
    expect(rows.map((r) => r.dueAt.getTime()).sort()).toEqual(
      [movedTo.getTime() - 24 * hour, movedTo.getTime() - hour].sort(),
    );
    // At the old time: nothing; at the new one: the reminder, with the new time.
    expect(
      (await runDueReminders(t.deps, { now: new Date(startsAt.getTime() - 24 * hour + minute), origin })).sent,
    ).toBe(0);
    expect(
      (await runDueReminders(t.deps, { now: new Date(movedTo.getTime() - 24 * hour + minute), origin })).sent,
    ).toBe(1);
    const mail = await t.mail.waitFor(mover.user.email, (m) => /^Tomorrow/.test(m.subject));
    expect(mail.text).toContain(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long' }).format(movedTo),
    );
  });
});
