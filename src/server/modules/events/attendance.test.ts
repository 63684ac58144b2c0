import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, eventHosts, eventOccurrences, eventRsvps, events } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';

const API = '/api/v1';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Person = Awaited<ReturnType<TestApp['signedInUser']>>;

/**
 * A community, a member who hosts (not an organiser), four members, and one session starting
 * `startsIn` from now (negative: already begun) and lasting `minutes`.
 */
async function setup(options: { startsIn: number; minutes?: number; capacity?: number | null }) {
  const organiser = await t.signedInUser({ name: 'Olga Organiser' });
  const community = await buildCommunity(t, { createdBy: organiser.user });
  const host = await t.signedInUser({ name: 'Hana Host' });
  await buildMember(t, community, host.user);
  const members: Person[] = [];
  for (const name of ['Ada', 'Ben', 'Cy', 'Dee']) {
    const m = await t.signedInUser({ name });
    await buildMember(t, community, m.user);
    members.push(m);
  }
  const startsAt = new Date(Date.now() + options.startsIn);
  const capacity = options.capacity === undefined ? 10 : options.capacity;
  const [event] = await t.deps.db
    .insert(events)
    .values({
      communityId: community.id,
      kind: 'meetup',
      title: 'Show and tell',
      timeZone: 'Europe/Berlin',
      localStart: '2030-01-01T18:00',
      durationMinutes: options.minutes ?? 90,
      capacity,
      createdBy: organiser.user.id,
    })
    .returning();
  await t.deps.db.insert(eventHosts).values({ eventId: event.id, userId: host.user.id, role: 'host' });
  const [session] = await t.deps.db
    .insert(eventOccurrences)
    .values({
      eventId: event.id,
      communityId: community.id,
      originalStart: startsAt,
      startsAt,
      endsAt: new Date(startsAt.getTime() + (options.minutes ?? 90) * MINUTE),
      capacity,
      checkInCode: 'K7Q2MX',
    })
    .returning();
  const path = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${session.id}`;
  return { organiser, host, community, members, event, session, path };
}

/** Members answer before the session starts: their rows are written as the RSVP would write them. */
async function going(session: { id: string; communityId: string }, people: Person[]) {
  await t.deps.db.insert(eventRsvps).values(
    people.map((p) => ({
      occurrenceId: session.id,
      userId: p.user.id,
      communityId: session.communityId,
      status: 'going',
    })),
  );
  await t.deps.db
    .update(eventOccurrences)
    .set({ goingCount: sql`${eventOccurrences.goingCount} + ${people.length}` })
    .where(eq(eventOccurrences.id, session.id));
}

async function expectCountersMatch(id: string) {
  const [row] = await t.deps.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, id));
  const [counted] = await t.deps.db
    .select({
      going: sql<number>`count(*) filter (where status = 'going')::int`,
      waiting: sql<number>`count(*) filter (where status = 'waitlisted')::int`,
    })
    .from(eventRsvps)
    .where(eq(eventRsvps.occurrenceId, id));
  expect({ going: row!.goingCount, waiting: row!.waitlistCount }).toEqual(counted);
}

describe('hosts marking attendance', () => {
  it('marks who came, takes walk-ins, and counts no-shows once the session has ended', async () => {
    const { host, members, session, path, community } = await setup({ startsIn: -3 * HOUR, capacity: 2 });
    const [ada, ben, cy, dee] = members;
    await going(session, [ada, ben]);

    const res = await host.client.put(`${path}/attendance`, {
      attendance: [
        { userId: ada.user.id, attended: true },
        { userId: cy.user.id, attended: true },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.attendedCount).toBe(2);
    expect(res.body.noShowCount).toBe(1);
    const byId = Object.fromEntries(res.body.going.map((a: { user: { id: string } }) => [a.user.id, a])) as Record<
      string,
      { attended: boolean; attendanceSource: string | null; status: string }
    >;
    expect(byId[ada.user.id]).toMatchObject({ attended: true, attendanceSource: 'host', status: 'going' });
    expect(byId[ben.user.id]).toMatchObject({ attended: false, attendanceSource: null });
    // A walk-in holds a place although the session was full: they were in the room.
    expect(byId[cy.user.id]).toMatchObject({ attended: true, attendanceSource: 'host', status: 'going' });
    expect(res.body.going).toHaveLength(3);
    await expectCountersMatch(session.id);

    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'attended')));
    expect(logged.map((e) => e.actorId).sort()).toEqual([ada.user.id, cy.user.id].sort());
    expect(logged[0]).toMatchObject({
      objectType: 'occurrence',
      objectId: session.id,
      data: { source: 'host', by: host.user.id },
    });

    // Unmarking takes the attendance back; marking again logs nothing twice for one already marked.
    const undo = await host.client.put(`${path}/attendance`, {
      attendance: [
        { userId: cy.user.id, attended: false },
        { userId: ada.user.id, attended: true },
      ],
    });
    expect(undo.body).toMatchObject({ attendedCount: 1, noShowCount: 2 });
    const [count] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'attended')));
    expect(count.n).toBe(2);

    // Members see the list; they may not mark it.
    const seen = await dee.client.get(`${path}/attendees`);
    expect(seen.status).toBe(200);
    expect(seen.body.attendedCount).toBe(1);
    expect(
      (await dee.client.put(`${path}/attendance`, { attendance: [{ userId: dee.user.id, attended: true }] })).status,
    ).toBe(403);
  });

  it('refuses someone who is not a current member of the community', async () => {
    const { host, path } = await setup({ startsIn: -30 * MINUTE });
    const stranger = await t.createUser({ name: 'Stranger' });
    const res = await host.client.put(`${path}/attendance`, { attendance: [{ userId: stranger.id, attended: true }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'not_a_member', field: 'attendance.0.userId' });
  });

  it('opens a day before the session, and not for a cancelled one', async () => {
    const early = await setup({ startsIn: 3 * 24 * HOUR });
    const res = await early.host.client.put(`${early.path}/attendance`, {
      attendance: [{ userId: early.members[0].user.id, attended: true }],
    });
    expect(res.status).toBe(403);

    const { host, members, path, session } = await setup({ startsIn: -HOUR });
    await t.deps.db
      .update(eventOccurrences)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(eq(eventOccurrences.id, session.id));
    const off = await host.client.put(`${path}/attendance`, {
      attendance: [{ userId: members[0].user.id, attended: true }],
    });
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('event_cancelled');
  });

  it('has no no-show count before the session has ended', async () => {
    const { host, members, session, path } = await setup({ startsIn: -10 * MINUTE });
    await going(session, [members[0]]);
    const res = await host.client.get(`${path}/attendees`);
    expect(res.body).toMatchObject({ attendedCount: 0, noShowCount: null });
  });
});

describe('checking in with the code', () => {
  it('marks a member who is going as attended, whatever the case of the code', async () => {
    const { host, members, session, path } = await setup({ startsIn: -5 * MINUTE });
    const [ada] = members;
    await going(session, [ada]);
    const res = await ada.client.post(`${path}/check-in`, { code: 'k7q2mx' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rsvp).toMatchObject({ status: 'going', attended: true });
    const list = await host.client.get(`${path}/attendees`);
    expect(list.body.going[0]).toMatchObject({ attended: true, attendanceSource: 'code' });
    // Checking in twice is harmless.
    expect((await ada.client.post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(200);
    const [count] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(activityEvents)
      .where(and(eq(activityEvents.objectId, session.id), eq(activityEvents.verb, 'attended')));
    expect(count.n).toBe(1);
  });

  it('lets a member who had not answered check in once the session is on', async () => {
    const { members, session, path } = await setup({ startsIn: -5 * MINUTE, capacity: 1 });
    await going(session, [members[0]]);
    const res = await members[1].client.post(`${path}/check-in`, { code: 'K7Q2MX' });
    expect(res.body).toMatchObject({ rsvp: { status: 'going', attended: true }, goingCount: 2 });
    await expectCountersMatch(session.id);
  });

  it('keeps a full session full before it starts', async () => {
    const { members, session, path } = await setup({ startsIn: 10 * MINUTE, capacity: 1 });
    await going(session, [members[0]]);
    const res = await members[1].client.post(`${path}/check-in`, { code: 'K7Q2MX' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('seat_taken');
    expect((await members[0].client.post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(200);
  });

  it('refuses a wrong code, and slows down guessing', async () => {
    const { members, path } = await setup({ startsIn: -5 * MINUTE });
    const [ada, ben] = members;
    const wrong = await ada.client.post(`${path}/check-in`, { code: 'AAAAAA' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_code', field: 'code' });
    let last = wrong;
    for (let i = 0; i < 10; i++) last = await ada.client.post(`${path}/check-in`, { code: `WRONG${i}` });
    expect(last.status).toBe(429);
    // Even the right code waits now; another member is not held up.
    expect((await ada.client.post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(429);
    expect((await ben.client.post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(200);
  });

  it('is closed outside the check-in window', async () => {
    const ahead = await setup({ startsIn: 2 * HOUR });
    const early = await ahead.members[0].client.post(`${ahead.path}/check-in`, { code: 'K7Q2MX' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('check_in_closed');
    const past = await setup({ startsIn: -4 * HOUR, minutes: 60 });
    const late = await past.members[0].client.post(`${past.path}/check-in`, { code: 'K7Q2MX' });
    expect(late.body.error.code).toBe('check_in_closed');
  });

  it('asks the anonymous to sign in and refuses those who are not members', async () => {
    const { path } = await setup({ startsIn: -5 * MINUTE });
    expect((await t.client().post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(401);
    const outsider = await t.signedInUser({ name: 'Outsider' });
    expect((await outsider.client.post(`${path}/check-in`, { code: 'K7Q2MX' })).status).toBe(403);
  });
});
