import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  eventHosts,
  eventOccurrences,
  eventReminders,
  eventRsvps,
  events,
  memberships,
  notifications,
} from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';

const API = '/api/v1';
const HOUR = 3600_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Person = Awaited<ReturnType<TestApp['signedInUser']>>;

/** A community with its organiser, and one session of an event written straight to the database. */
async function setup(
  options: {
    capacity?: number | null;
    startsIn?: number;
    promotion?: 'automatic' | 'offer';
    offerHours?: number;
    members?: number;
  } = {},
) {
  const organiser = await t.signedInUser({ name: 'Olga Organiser' });
  const community = await buildCommunity(t, { createdBy: organiser.user });
  const members: Person[] = [];
  for (let i = 0; i < (options.members ?? 4); i++) {
    const m = await t.signedInUser({ name: `Member ${String.fromCharCode(65 + i)}` });
    await buildMember(t, community, m.user);
    members.push(m);
  }
  const startsAt = new Date(Date.now() + (options.startsIn ?? 72 * HOUR));
  const capacity = options.capacity === undefined ? 2 : options.capacity;
  const [event] = await t.deps.db
    .insert(events)
    .values({
      communityId: community.id,
      kind: 'workshop',
      title: 'Packaging clinic',
      timeZone: 'Europe/Berlin',
      localStart: '2030-01-01T18:00',
      durationMinutes: 90,
      capacity,
      promotion: options.promotion ?? 'automatic',
      offerHours: options.offerHours ?? 24,
      createdBy: organiser.user.id,
    })
    .returning();
  await t.deps.db.insert(eventHosts).values({ eventId: event.id, userId: organiser.user.id, role: 'host' });
  const [session] = await t.deps.db
    .insert(eventOccurrences)
    .values({
      eventId: event.id,
      communityId: community.id,
      originalStart: startsAt,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity,
      checkInCode: 'K7Q2MX',
    })
    .returning();
  const path = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${session.id}`;
  return { organiser, community, members, event, session, path };
}

const rsvp = (c: Client, path: string, status: 'going' | 'not_going') => c.put(`${path}/rsvp`, { status });

async function occurrenceRow(id: string) {
  const [row] = await t.deps.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, id));
  return row!;
}

/** The counters on the row always equal the rows. */
async function expectCountersMatch(id: string) {
  const row = await occurrenceRow(id);
  const [counted] = await t.deps.db
    .select({
      going: sql<number>`count(*) filter (where status = 'going')::int`,
      waiting: sql<number>`count(*) filter (where status = 'waitlisted')::int`,
    })
    .from(eventRsvps)
    .where(eq(eventRsvps.occurrenceId, id));
  expect({ going: row.goingCount, waiting: row.waitlistCount }).toEqual(counted);
}

async function remindersOf(occurrenceId: string, userId: string) {
  const rows = await t.deps.db
    .select({ kind: eventReminders.kind })
    .from(eventReminders)
    .where(and(eq(eventReminders.occurrenceId, occurrenceId), eq(eventReminders.userId, userId)));
  return rows.map((r) => r.kind).sort();
}

describe('answering', () => {
  it('gives a free seat, schedules reminders and logs the answer', async () => {
    const { members, session, path, community } = await setup();
    const [a] = members;
    const res = await rsvp(a.client, path, 'going');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      rsvp: { status: 'going', position: null, attended: false, offered: false },
      capacity: 2,
      goingCount: 1,
      waitlistCount: 0,
      seatsLeft: 1,
    });
    expect(await remindersOf(session.id, a.user.id)).toEqual(['1h', '24h']);
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'rsvp')));
    expect(logged).toMatchObject([
      { actorId: a.user.id, objectType: 'occurrence', objectId: session.id, data: { status: 'going' } },
    ]);
    await expectCountersMatch(session.id);
  });

  it('puts members on an ordered waitlist once the seats are taken, and the same answer again changes nothing', async () => {
    const { members, session, path } = await setup({ capacity: 2 });
    const [a, b, c, d] = members;
    await rsvp(a.client, path, 'going');
    await rsvp(b.client, path, 'going');
    const third = await rsvp(c.client, path, 'going');
    expect(third.body).toMatchObject({
      rsvp: { status: 'waitlisted', position: 1 },
      goingCount: 2,
      waitlistCount: 1,
      seatsLeft: 0,
    });
    expect((await rsvp(d.client, path, 'going')).body.rsvp).toMatchObject({ status: 'waitlisted', position: 2 });
    expect(await remindersOf(session.id, c.user.id)).toEqual([]);
    // Asking again keeps the place; nothing is logged twice.
    const again = await rsvp(c.client, path, 'going');
    expect(again.body).toMatchObject({ rsvp: { status: 'waitlisted', position: 1 }, waitlistCount: 2 });
    const before = await occurrenceRow(session.id);
    await rsvp(a.client, path, 'going');
    expect((await occurrenceRow(session.id)).updatedAt).toEqual(before.updatedAt);
    const [n] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(activityEvents)
      .where(and(eq(activityEvents.objectId, session.id), eq(activityEvents.verb, 'rsvp')));
    expect(n.n).toBe(4);
    await expectCountersMatch(session.id);
  });

  it('takes people off the waitlist in order, moving the others up', async () => {
    const { members, session, path } = await setup({ capacity: 1 });
    const [a, b, c, d] = members;
    for (const m of [a, b, c, d]) await rsvp(m.client, path, 'going');
    const left = await rsvp(c.client, path, 'not_going');
    expect(left.body).toMatchObject({ rsvp: { status: 'not_going', position: null }, goingCount: 1, waitlistCount: 2 });
    const list = await a.client.get(`${path}/attendees`);
    expect(list.body.waitlist.map((w: { user: { id: string }; position: number }) => [w.user.id, w.position])).toEqual([
      [b.user.id, 1],
      [d.user.id, 2],
    ]);
    expect(list.body.notGoingCount).toBe(1);
    // Coming back joins the end of the line.
    expect((await rsvp(c.client, path, 'going')).body.rsvp).toMatchObject({ status: 'waitlisted', position: 3 });
    await expectCountersMatch(session.id);
  });

  it('without a capacity everyone goes', async () => {
    const { members, path, session } = await setup({ capacity: null });
    for (const m of members) expect((await rsvp(m.client, path, 'going')).body.rsvp.status).toBe('going');
    expect((await occurrenceRow(session.id)).goingCount).toBe(members.length);
    const last = await rsvp(members[0].client, path, 'going');
    expect(last.body).toMatchObject({ capacity: null, seatsLeft: null });
  });

  it('records "not going" from someone who never answered, without taking a seat', async () => {
    const { members, path, session } = await setup();
    const res = await rsvp(members[0].client, path, 'not_going');
    expect(res.body).toMatchObject({ rsvp: { status: 'not_going' }, goingCount: 0, waitlistCount: 0 });
    expect((await members[0].client.get(`${path}/attendees`)).body.notGoingCount).toBe(1);
    await expectCountersMatch(session.id);
  });
});

describe('promotion', () => {
  it('hands a freed seat to the first waiting, tells them in the app and by mail in their own time zone', async () => {
    const { members, session, path, event, community } = await setup({ capacity: 1 });
    const [a, b, c] = members;
    await t.deps.db
      .update(memberships)
      .set({ timeZone: 'America/New_York' })
      .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, b.user.id)));
    for (const m of [a, b, c]) await rsvp(m.client, path, 'going');
    expect(await remindersOf(session.id, a.user.id)).toEqual(['1h', '24h']);

    const res = await rsvp(a.client, path, 'not_going');
    expect(res.body).toMatchObject({ goingCount: 1, waitlistCount: 1 });
    expect(await remindersOf(session.id, a.user.id)).toEqual([]);
    expect(await remindersOf(session.id, b.user.id)).toEqual(['1h', '24h']);

    const mine = await b.client.get(`${path}/attendees`);
    expect(mine.body.going.map((g: { user: { id: string } }) => g.user.id)).toEqual([b.user.id]);
    expect(mine.body.waitlist).toMatchObject([{ user: { id: c.user.id }, position: 1 }]);
    const [row] = await t.deps.db
      .select()
      .from(eventRsvps)
      .where(and(eq(eventRsvps.occurrenceId, session.id), eq(eventRsvps.userId, b.user.id)));
    expect(row.promotedAt).not.toBeNull();

    const told = await t.deps.db.select().from(notifications).where(eq(notifications.occurrenceId, session.id));
    expect(told.map((n) => [n.userId, n.kind])).toEqual([[b.user.id, 'event_promoted']]);

    const mail = await t.mail.waitFor(b.user.email, (m) => m.subject.includes('You have a seat'));
    expect(mail.text).toContain(`/c/${community.slug}/events/${event.id}/${session.id}`);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(session.startsAt);
    expect(mail.text).toContain(local);
    expect(mail.text).toContain('America/New York');
    await expectCountersMatch(session.id);
  });

  it('uses the organiser’s zone for a member who set none', async () => {
    const { members, path } = await setup({ capacity: 1 });
    const [a, b] = members;
    await rsvp(a.client, path, 'going');
    await rsvp(b.client, path, 'going');
    await rsvp(a.client, path, 'not_going');
    const mail = await t.mail.waitFor(b.user.email, (m) => m.subject.includes('You have a seat'));
    expect(mail.text).toContain('(Europe/Berlin)');
  });

  it('in the offer window mails every waitlisted member and the first to claim takes the seat', async () => {
    const { members, session, path } = await setup({
      capacity: 1,
      promotion: 'offer',
      offerHours: 24,
      startsIn: 5 * HOUR,
      members: 5,
    });
    const [a, b, c, d, e] = members;
    for (const m of [a, b, c]) await rsvp(m.client, path, 'going');
    await rsvp(a.client, path, 'not_going');
    // Nobody is moved: the seat waits for a claim.
    expect(await occurrenceRow(session.id)).toMatchObject({ goingCount: 0, waitlistCount: 2 });
    expect((await occurrenceRow(session.id)).offerSentAt).not.toBeNull();
    for (const m of [b, c]) {
      const mail = await t.mail.waitFor(m.user.email, (x) => x.subject.includes('A seat is free'));
      expect(mail.text).toContain(session.id);
    }
    const kinds = await t.deps.db
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.occurrenceId, session.id));
    expect(kinds.map((k) => k.kind)).toEqual(['event_offer', 'event_offer']);

    // Someone new does not jump the line while the seat is on offer.
    expect((await rsvp(d.client, path, 'going')).body.rsvp).toMatchObject({ status: 'waitlisted', position: 3 });

    // The claim goes through the same lock: of two at once, exactly one wins.
    const [first, second] = await Promise.all([
      c.client.post(`${path}/rsvp/claim`),
      b.client.post(`${path}/rsvp/claim`),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.error.code).toBe('seat_taken');
    const winner = first.status === 200 ? first : second;
    expect(winner.body).toMatchObject({ rsvp: { status: 'going', offered: false }, goingCount: 1, seatsLeft: 0 });

    const notWaiting = await e.client.post(`${path}/rsvp/claim`);
    expect(notWaiting.status).toBe(409);
    expect(notWaiting.body.error.code).toBe('not_waitlisted');
    await expectCountersMatch(session.id);
  });

  it('shows an offered seat as offered until someone takes it', async () => {
    const { members, path } = await setup({ capacity: 1, promotion: 'offer', startsIn: 2 * HOUR });
    const [a, b] = members;
    await rsvp(a.client, path, 'going');
    await rsvp(b.client, path, 'going');
    await rsvp(a.client, path, 'not_going');
    const again = await rsvp(b.client, path, 'going');
    expect(again.body.rsvp).toMatchObject({ status: 'waitlisted', position: 1, offered: true });
  });

  it('promotes automatically outside the offer window', async () => {
    const { members, path } = await setup({ capacity: 1, promotion: 'offer', offerHours: 2, startsIn: 48 * HOUR });
    const [a, b] = members;
    await rsvp(a.client, path, 'going');
    await rsvp(b.client, path, 'going');
    await rsvp(a.client, path, 'not_going');
    expect((await rsvp(b.client, path, 'going')).body.rsvp.status).toBe('going');
  });
});

describe('refusals', () => {
  it('refuses an answer once the session has started (event_over) or was cancelled (event_cancelled)', async () => {
    const started = await setup({ startsIn: -10 * 60_000 });
    const late = await rsvp(started.members[0].client, started.path, 'going');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('event_over');

    const { members, path, session } = await setup();
    await t.deps.db
      .update(eventOccurrences)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(eq(eventOccurrences.id, session.id));
    const off = await rsvp(members[0].client, path, 'going');
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('event_cancelled');
    const claim = await members[0].client.post(`${path}/rsvp/claim`);
    expect(claim.body.error.code).toBe('event_cancelled');
  });

  it('answers 404 for a session of another event, a malformed id, and 400 for a malformed answer', async () => {
    const { members, path, session, community } = await setup();
    const other = await setup();
    const wrong = `${API}/communities/${community.slug}/events/${other.event.id}/occurrences/${session.id}`;
    expect((await rsvp(members[0].client, wrong, 'going')).status).toBe(404);
    expect((await rsvp(members[0].client, path.replace(session.id, 'nope'), 'going')).status).toBe(404);
    const bad = await members[0].client.put(`${path}/rsvp`, { status: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('status');
  });
});
