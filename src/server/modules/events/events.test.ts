import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  eventOccurrences,
  eventReminders,
  eventRsvps,
  events,
  notifications,
  posts,
  throttles,
} from '../../db/schema/index.js';
import { limits } from '../../../common/limits.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import { setupTestApp } from '../../../../test/harness.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildReply,
  localIn,
  shiftOccurrences,
  type CommunityRow,
} from '../../../../test/factories.js';
import { scheduleReminders } from './reminders.js';
import { eventThrottleKey } from './service.js';

let t: TestApp;
let coordinator: { user: { id: string; name: string }; client: Client };
let member: { user: { id: string; name: string }; client: Client };
let other: { user: { id: string; name: string }; client: Client };
let outsider: { user: { id: string }; client: Client };
let community: CommunityRow;
let base: string;

beforeAll(async () => {
  t = await setupTestApp();
  coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  member = await t.signedInUser({ name: 'Mina Member' });
  other = await t.signedInUser({ name: 'Otto Other' });
  outsider = await t.signedInUser({ name: 'Olga Outsider' });
  community = await buildCommunity(t, { createdBy: coordinator.user });
  await buildMember(t, community, member.user);
  await buildMember(t, community, other.user);
  base = `/api/v1/communities/${community.slug}/events`;
});
afterAll(() => t?.close());

const valid = (overrides: Record<string, unknown> = {}) => ({
  kind: 'workshop',
  title: 'Packaging clinic',
  timeZone: 'Europe/Berlin',
  start: localIn(10, 18),
  end: localIn(10, 20),
  ...overrides,
});

/** Inserts an answer straight into the table, counters kept equal to the rows. */
async function goingRow(occurrenceId: string, userId: string) {
  await t.deps.db.insert(eventRsvps).values({ occurrenceId, userId, communityId: community.id, status: 'going' });
  const [o] = await t.deps.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrenceId));
  await t.deps.db
    .update(eventOccurrences)
    .set({ goingCount: o!.goingCount + 1 })
    .where(eq(eventOccurrences.id, occurrenceId));
  await scheduleReminders(t.deps.db, o!, [userId]);
}

const notificationsOf = (userId: string, kind: string, occurrenceId: string) =>
  t.deps.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.userId, userId), eq(notifications.kind, kind), eq(notifications.occurrenceId, occurrenceId)),
    );

describe('creating an event', () => {
  it('plans a single event with the creator as host, and reads it back', async () => {
    const event = await buildEvent(t, coordinator, community, { capacity: 12 });
    expect(event).toMatchObject({
      kind: 'meetup',
      title: 'Testing research code, together',
      agendaHtml: expect.stringContaining('<strong>bug</strong>'),
      timeZone: 'Europe/Berlin',
      durationMinutes: 120,
      recurrence: null,
      rrule: null,
      capacity: 12,
      status: 'scheduled',
      hosts: [{ user: { id: coordinator.user.id, name: 'Cora Coordinator' }, role: 'host' }],
      createdBy: { id: coordinator.user.id },
      abilities: { view: true, edit: true, cancel: true },
    });
    expect(event.occurrences).toHaveLength(1);
    const [o] = event.occurrences;
    expect(o).toMatchObject({
      capacity: 12,
      goingCount: 0,
      seatsLeft: 12,
      localStart: event.start,
      localEnd: event.end,
    });
    const got = await member.client.get(`${base}/${event.id}`);
    expect(got.status).toBe(200);
    expect(got.body.onlineUrl).toBe('https://meet.example.org/rse');
    const session = await member.client.get(`${base}/${event.id}/occurrences/${o.id}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      id: o.id,
      community: { slug: community.slug },
      agenda: 'Bring a **bug**.',
      series: { occurrenceCount: 1, status: 'scheduled' },
      checkInCode: null,
      abilities: { rsvp: true, edit: false },
    });
    const host = await coordinator.client.get(`${base}/${event.id}/occurrences/${o.id}`);
    expect(host.body.checkInCode).toMatch(/^[A-Z2-9]{6}$/);
    const verbs = await t.deps.db
      .select({ verb: activityEvents.verb, actorId: activityEvents.actorId })
      .from(activityEvents)
      .where(eq(activityEvents.objectId, event.id));
    expect(verbs.map((v) => v.verb).sort()).toEqual(['event_created', 'hosted_event']);
  });

  it('hides the joining link from people who are not current members', async () => {
    const event = await buildEvent(t, coordinator, community);
    const anonymous = await t.client().get(`${base}/${event.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ online: true, onlineUrl: null });
    expect(anonymous.body.occurrences[0]).toMatchObject({ online: true, onlineUrl: null });
    const stranger = await outsider.client.get(`${base}/${event.id}/occurrences/${event.occurrences[0].id}`);
    expect(stranger.body).toMatchObject({ online: true, onlineUrl: null });
  });

  it('names hosts and speakers who are current members, and refuses anyone else', async () => {
    const event = await buildEvent(t, coordinator, community, {
      hosts: [{ userId: member.user.id }, { userId: other.user.id, role: 'speaker' }],
    });
    expect(event.hosts.map((h: any) => [h.user.id, h.role])).toEqual([
      [member.user.id, 'host'],
      [other.user.id, 'speaker'],
    ]);
    // A host runs the event: the member may now edit it.
    const mine = await member.client.get(`${base}/${event.id}`);
    expect(mine.body.abilities.edit).toBe(true);
    const res = await coordinator.client.post(base, valid({ hosts: [{ userId: outsider.user.id }] }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_host', field: 'hosts.0.userId' });
  });

  it.each([
    ['end_before_start', 'end', { end: localIn(10, 17) }],
    ['in_the_past', 'start', { start: localIn(-2, 18), end: localIn(-2, 20) }],
    ['too_far_ahead', 'start', { start: localIn(6 * 366, 18), end: localIn(6 * 366, 20) }],
    ['too_long', 'end', { end: localIn(20, 18) }],
    ['invalid_capacity', 'capacity', { capacity: -1 }],
    ['invalid_capacity', 'capacity', { capacity: limits.eventCapacity + 1 }],
    ['invalid_time_zone', 'timeZone', { timeZone: 'Mars/Olympus_Mons' }],
    ['invalid_date', 'start', { start: '2031-02-30T18:00' }],
    ['invalid_url', 'onlineUrl', { onlineUrl: 'javascript:alert(1)' }],
    ['recurrence_unbounded', 'recurrence', { recurrence: { freq: 'weekly' } }],
    ['too_many_occurrences', 'recurrence', { recurrence: { freq: 'weekly', count: 501 } }],
    [
      'too_many_occurrences',
      'recurrence',
      { recurrence: { freq: 'weekly', byWeekday: ['MO', 'TU', 'WE'], until: localIn(4 * 366).slice(0, 10) } },
    ],
    [
      'invalid_recurrence',
      'recurrence.count',
      { recurrence: { freq: 'weekly', count: 3, until: localIn(40).slice(0, 10) } },
    ],
    ['invalid_recurrence', 'recurrence.until', { recurrence: { freq: 'weekly', until: localIn(3).slice(0, 10) } }],
    ['invalid_recurrence', 'recurrence.interval', { recurrence: { freq: 'weekly', interval: 0, count: 3 } }],
    ['invalid_recurrence', 'recurrence.monthlyWeek', { recurrence: { freq: 'monthly', monthlyWeek: 5, count: 3 } }],
    ['invalid_date', 'exceptions.0', { recurrence: { freq: 'weekly', count: 3 }, exceptions: ['2031-13-01'] }],
    ['ama_single', 'recurrence', { kind: 'ama', recurrence: { freq: 'weekly', count: 3 } }],
  ])('refuses %s (field %s) and writes nothing', async (code, field, overrides) => {
    const count = async () =>
      (await t.deps.db.select().from(events).where(eq(events.communityId, community.id))).length;
    const before = await count();
    const res = await coordinator.client.post(base, valid(overrides));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code, field });
    expect(await count()).toBe(before);
  });

  it('refuses malformed input with 400', async () => {
    const res = await coordinator.client.post(base, valid({ start: 'next tuesday' }));
    expect(res.status).toBe(400);
  });

  it('limits how many events a member plans in an hour', async () => {
    const key = eventThrottleKey(coordinator.user.id);
    await t.deps.db.delete(throttles).where(eq(throttles.key, key));
    await t.deps.db.insert(throttles).values({ key, count: limits.eventsPerHour, windowStart: new Date() });
    const res = await coordinator.client.post(base, valid());
    expect(res.status).toBe(429);
    await t.deps.db.delete(throttles).where(eq(throttles.key, key));
  });
});

describe('recurrence and time zones', () => {
  it('keeps a weekly Berlin 18:00 at 18:00 local across the change to summer time', async () => {
    // 2027-03-28 is when Berlin moves to summer time: 18:00 is 17:00Z before, 16:00Z after.
    const event = await buildEvent(t, coordinator, community, {
      start: '2027-03-09T18:00',
      end: '2027-03-09T19:30',
      recurrence: { freq: 'weekly', until: '2027-04-13' },
      exceptions: ['2027-03-23'],
    });
    expect(event.rrule).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270413T235959');
    expect(event.recurrence).toEqual({
      freq: 'weekly',
      interval: 1,
      byWeekday: [],
      monthlyWeek: null,
      until: '2027-04-13',
      count: null,
    });
    expect(event.occurrences.map((o: any) => o.startsAt)).toEqual([
      '2027-03-09T17:00:00.000Z',
      '2027-03-16T17:00:00.000Z',
      '2027-03-30T16:00:00.000Z',
      '2027-04-06T16:00:00.000Z',
      '2027-04-13T16:00:00.000Z',
    ]);
    expect(event.occurrences.every((o: any) => o.localStart.endsWith('T18:00') && o.localEnd.endsWith('T19:30'))).toBe(
      true,
    );
    expect(event.occurrences.every((o: any) => o.recurring && o.timeZone === 'Europe/Berlin')).toBe(true);
  });

  it('repeats monthly on the nth weekday and every N weeks', async () => {
    const monthly = await buildEvent(t, coordinator, community, {
      start: '2027-03-09T18:00', // the 2nd Tuesday
      end: '2027-03-09T19:00',
      timeZone: 'America/New_York',
      recurrence: { freq: 'monthly', count: 3 },
    });
    expect(monthly.rrule).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU;COUNT=3');
    expect(monthly.occurrences.map((o: any) => o.localStart)).toEqual([
      '2027-03-09T18:00',
      '2027-04-13T18:00',
      '2027-05-11T18:00',
    ]);
    const fortnightly = await buildEvent(t, coordinator, community, {
      start: '2027-03-01T09:30',
      end: '2027-03-01T10:00',
      recurrence: { freq: 'weekly', interval: 2, byWeekday: ['MO', 'TH'], count: 4 },
    });
    expect(fortnightly.occurrences.map((o: any) => o.localStart)).toEqual([
      '2027-03-01T09:30',
      '2027-03-04T09:30',
      '2027-03-15T09:30',
      '2027-03-18T09:30',
    ]);
  });
});

describe('listing sessions', () => {
  it('lists upcoming soonest first and past latest first, with attendance, a page at a time', async () => {
    const c = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, c, member.user);
    const series = await buildEvent(t, coordinator, c, {
      start: localIn(1, 9),
      end: localIn(1, 10),
      recurrence: { freq: 'weekly', count: 5 },
    });
    const single = await buildEvent(t, coordinator, c, { kind: 'social', start: localIn(2, 9), end: localIn(2, 10) });
    // The first session is over; someone came.
    const first = series.occurrences[0].id;
    await goingRow(first, member.user.id);
    await shiftOccurrences(t, first, -3 * 86_400_000);
    await t.deps.db.update(eventRsvps).set({ attendedAt: new Date() }).where(eq(eventRsvps.occurrenceId, first));
    const url = `/api/v1/communities/${c.slug}/events`;
    const page1 = await member.client.get(`${url}?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((o: any) => o.id)).toEqual([single.occurrences[0].id, series.occurrences[1].id]);
    expect(page1.body.items[0]).toMatchObject({ attendedCount: null, noShowCount: null });
    const page2 = await member.client.get(`${url}?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((o: any) => o.id)).toEqual([series.occurrences[2].id, series.occurrences[3].id]);
    const socials = await member.client.get(`${url}?kind=social`);
    expect(socials.body.items.map((o: any) => o.id)).toEqual([single.occurrences[0].id]);
    const past = await member.client.get(`${url}?when=past`);
    expect(past.body.items).toHaveLength(1);
    expect(past.body.items[0]).toMatchObject({
      id: first,
      attendedCount: 1,
      noShowCount: 0,
      myRsvp: { status: 'going', attended: true },
    });
    const bad = await member.client.get(`${url}?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });
});

describe('editing the whole series', () => {
  it('keeps the answers of sessions that still exist, cancels those that no longer do, and leaves the past alone', async () => {
    const event = await buildEvent(t, coordinator, community, {
      start: localIn(1, 18),
      end: localIn(1, 19),
      recurrence: { freq: 'weekly', count: 4 },
      capacity: 10,
    });
    const [past, second, third, fourth] = event.occurrences.map((o: any) => o.id);
    await shiftOccurrences(t, past, -3 * 86_400_000);
    await goingRow(second, member.user.id);
    await goingRow(fourth, other.user.id);
    // Now an hour later, on fewer weeks: the fourth session goes.
    const res = await coordinator.client.patch(`${base}/${event.id}`, {
      start: localIn(1, 19),
      end: localIn(1, 20),
      recurrence: { freq: 'weekly', count: 3 },
      capacity: 20,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const byId = new Map(res.body.occurrences.map((o: any) => [o.id, o]));
    expect(byId.get(past)).toMatchObject({ localStart: expect.stringMatching(/T18:00$/), capacity: 10 });
    expect(byId.get(second)).toMatchObject({
      status: 'scheduled',
      localStart: localIn(8, 19),
      goingCount: 1,
      capacity: 20,
    });
    expect(byId.get(third)).toMatchObject({ status: 'scheduled', localStart: localIn(15, 19) });
    expect(byId.get(fourth)).toMatchObject({ status: 'cancelled' });
    // The member's answer stayed on the second session; they hear of the new time.
    const [rsvp] = await t.deps.db.select().from(eventRsvps).where(eq(eventRsvps.occurrenceId, second));
    expect(rsvp).toMatchObject({ userId: member.user.id, status: 'going' });
    expect(await notificationsOf(member.user.id, 'event_changed', second)).toHaveLength(1);
    expect(await notificationsOf(other.user.id, 'event_cancelled', fourth)).toHaveLength(1);
    // Reminders moved with the session, and went with the cancelled one.
    const reminders = await t.deps.db.select().from(eventReminders).where(eq(eventReminders.occurrenceId, second));
    const moved = byId.get(second) as any;
    expect(reminders.find((r) => r.kind === '1h')?.dueAt.toISOString()).toBe(
      new Date(Date.parse(moved.startsAt) - 3600_000).toISOString(),
    );
    expect(await t.deps.db.select().from(eventReminders).where(eq(eventReminders.occurrenceId, fourth))).toHaveLength(
      0,
    );
    const activity = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.objectId, event.id), eq(activityEvents.verb, 'event_updated')));
    expect(activity).toHaveLength(1);
  });

  it('deletes sessions nobody answered for, adds new ones, and leaves a moved session at its own time', async () => {
    const event = await buildEvent(t, coordinator, community, {
      start: localIn(3, 18),
      end: localIn(3, 19),
      recurrence: { freq: 'weekly', count: 3 },
    });
    const [first, second, third] = event.occurrences.map((o: any) => o.id);
    const moved = await coordinator.client.patch(`${base}/${event.id}/occurrences/${second}`, {
      start: localIn(11, 12),
      end: localIn(11, 13),
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ moved: true, localStart: localIn(11, 12) });
    const res = await coordinator.client.patch(`${base}/${event.id}`, {
      exceptions: [localIn(17).slice(0, 10)],
      recurrence: { freq: 'weekly', count: 4 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.occurrences.map((o: any) => o.id);
    expect(ids).toContain(first);
    expect(ids).toContain(second);
    expect(ids).not.toContain(third);
    expect(ids).toHaveLength(3);
    const kept = res.body.occurrences.find((o: any) => o.id === second);
    expect(kept).toMatchObject({ moved: true, localStart: localIn(11, 12) });
    expect(res.body.exceptions).toEqual([localIn(17).slice(0, 10)]);
  });

  it('refuses bad schedules with the same codes, and a cancelled event with 409', async () => {
    const event = await buildEvent(t, coordinator, community);
    const bad = await coordinator.client.patch(`${base}/${event.id}`, { end: event.start });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'end_before_start', field: 'end' });
    const tz = await coordinator.client.patch(`${base}/${event.id}`, { timeZone: 'Nowhere/Town' });
    expect(tz.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'timeZone' });
    const cancelled = await coordinator.client.post(`${base}/${event.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const again = await coordinator.client.patch(`${base}/${event.id}`, { title: 'Back on' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('event_cancelled');
    const twice = await coordinator.client.post(`${base}/${event.id}/cancel`);
    expect(twice.status).toBe(409);
  });

  it('adds hosts who are current members and records who now hosts', async () => {
    const event = await buildEvent(t, coordinator, community);
    const res = await coordinator.client.patch(`${base}/${event.id}`, {
      hosts: [{ userId: coordinator.user.id }, { userId: member.user.id }],
    });
    expect(res.status).toBe(200);
    expect(res.body.hosts.map((h: any) => h.user.id)).toEqual([coordinator.user.id, member.user.id]);
    const hosted = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.objectId, event.id), eq(activityEvents.verb, 'hosted_event')));
    expect(hosted.map((a) => a.actorId).sort()).toEqual([coordinator.user.id, member.user.id].sort());
    const refused = await coordinator.client.patch(`${base}/${event.id}`, { hosts: [{ userId: outsider.user.id }] });
    expect(refused.body.error).toMatchObject({ code: 'invalid_host', field: 'hosts.0.userId' });
  });
});

describe('cancelling', () => {
  it('cancels the series: every session ahead is called off and those going are told', async () => {
    const event = await buildEvent(t, coordinator, community, {
      start: localIn(2, 18),
      end: localIn(2, 19),
      recurrence: { freq: 'weekly', count: 3 },
    });
    const [first, second] = event.occurrences.map((o: any) => o.id);
    await goingRow(first, member.user.id);
    await goingRow(second, member.user.id);
    const res = await coordinator.client.post(`${base}/${event.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.occurrences.every((o: any) => o.status === 'cancelled')).toBe(true);
    expect(await notificationsOf(member.user.id, 'event_cancelled', first)).toHaveLength(1);
    expect(await notificationsOf(member.user.id, 'event_cancelled', second)).toHaveLength(1);
    expect(await t.deps.db.select().from(eventReminders).where(eq(eventReminders.occurrenceId, first))).toHaveLength(0);
  });

  it('cancels one session only', async () => {
    const event = await buildEvent(t, coordinator, community, {
      start: localIn(2, 18),
      end: localIn(2, 19),
      recurrence: { freq: 'weekly', count: 2 },
    });
    const [first, second] = event.occurrences.map((o: any) => o.id);
    await goingRow(first, member.user.id);
    const res = await coordinator.client.post(`${base}/${event.id}/occurrences/${first}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', abilities: { rsvp: false, edit: false } });
    const rest = await member.client.get(`${base}/${event.id}/occurrences/${second}`);
    expect(rest.body.status).toBe('scheduled');
    expect(await notificationsOf(member.user.id, 'event_cancelled', first)).toHaveLength(1);
    const again = await coordinator.client.patch(`${base}/${event.id}/occurrences/${first}`, { title: 'On again' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('event_cancelled');
  });

  it('does not cancel a session that has started', async () => {
    const event = await buildEvent(t, coordinator, community);
    const id = event.occurrences[0].id;
    await shiftOccurrences(t, id, -7 * 86_400_000 - 3600_000 * 19 + 60_000);
    const res = await coordinator.client.post(`${base}/${event.id}/occurrences/${id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('event_over');
  });
});

describe('one session', () => {
  it('overrides the title, agenda, place and seats of one session, and tells those going of a new time', async () => {
    const event = await buildEvent(t, coordinator, community, {
      start: localIn(4, 18),
      end: localIn(4, 19),
      recurrence: { freq: 'weekly', count: 2 },
      capacity: 5,
    });
    const [first, second] = event.occurrences.map((o: any) => o.id);
    await goingRow(first, member.user.id);
    const res = await coordinator.client.patch(`${base}/${event.id}/occurrences/${first}`, {
      title: 'Special edition',
      agenda: '_Different_ this time',
      place: null,
      capacity: 8,
      start: localIn(4, 17),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Special edition',
      agendaHtml: expect.stringContaining('<em>Different</em>'),
      place: null,
      capacity: 8,
      moved: true,
      localStart: localIn(4, 17),
      localEnd: localIn(4, 18),
    });
    expect(await notificationsOf(member.user.id, 'event_changed', first)).toHaveLength(1);
    const untouched = await member.client.get(`${base}/${event.id}/occurrences/${second}`);
    expect(untouched.body).toMatchObject({ title: event.title, place: 'Room 101', capacity: 5, moved: false });
    // A series change of capacity leaves the session that set its own.
    const series = await coordinator.client.patch(`${base}/${event.id}`, { capacity: 6 });
    const byId = new Map(series.body.occurrences.map((o: any) => [o.id, o.capacity]));
    expect([byId.get(first), byId.get(second)]).toEqual([8, 6]);
    const bad = await coordinator.client.patch(`${base}/${event.id}/occurrences/${second}`, { capacity: -3 });
    expect(bad.body.error).toMatchObject({ code: 'invalid_capacity', field: 'capacity' });
    const past = await coordinator.client.patch(`${base}/${event.id}/occurrences/${second}`, {
      start: localIn(-1, 10),
    });
    expect(past.body.error).toMatchObject({ code: 'in_the_past', field: 'start' });
  });

  it('answers 404 for a malformed id, a session of another event, and another community', async () => {
    const a = await buildEvent(t, coordinator, community);
    const b = await buildEvent(t, coordinator, community);
    expect((await member.client.get(`${base}/not-a-uuid`)).status).toBe(404);
    expect((await member.client.get(`${base}/${a.id}/occurrences/${b.occurrences[0].id}`)).status).toBe(404);
    const elsewhere = await buildCommunity(t, { createdBy: coordinator.user });
    expect((await member.client.get(`/api/v1/communities/${elsewhere.slug}/events/${a.id}`)).status).toBe(404);
  });
});

describe('AMA events', () => {
  it('creates the AMA post and lists its questions, marked answered when the host replied', async () => {
    const event = await buildEvent(t, coordinator, community, {
      kind: 'ama',
      title: 'Ask me anything about packaging',
      agenda: '',
      hosts: [{ userId: member.user.id }],
    });
    expect(event.amaPostId).toBeTruthy();
    const [post] = await t.deps.db.select().from(posts).where(eq(posts.id, event.amaPostId));
    expect(post).toMatchObject({ kind: 'ama', title: 'Ask me anything about packaging', amaHostId: member.user.id });
    expect(post!.amaEndsAt!.toISOString()).toBe(event.occurrences[0].endsAt);
    const q1 = await buildReply(t, community, { id: post!.id }, other, { body: 'Wheels or sdists?' });
    await buildReply(t, community, { id: post!.id }, coordinator, { body: 'How about conda?' });
    await buildReply(t, community, { id: post!.id }, member, { body: 'Wheels, always.', replyTo: q1.id });
    const res = await other.client.get(`${base}/${event.id}/occurrences/${event.occurrences[0].id}`);
    expect(res.body.ama).toMatchObject({ postId: post!.id, questionCount: 2, answeredCount: 1 });
    expect(res.body.ama.questions.map((q: any) => [q.excerpt, q.answered])).toEqual([
      ['Wheels or sdists?', true],
      ['How about conda?', false],
    ]);
  });
});
