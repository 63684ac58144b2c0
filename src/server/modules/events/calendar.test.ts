import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarTokens, memberships } from '../../db/schema/index.js';
import { hashSecret } from '../../platform/secrets.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import { setupTestApp } from '../../../../test/harness.js';
import { buildCommunity, buildEvent, buildMember, localIn, type CommunityRow } from '../../../../test/factories.js';
import { readCalendar } from '../../../../test/ical.js';
import { allowed, API, describeMatrix, matrixCommunity, setupMatrix, type Matrix } from '../../../../test/matrix.js';

let t: TestApp;
let coordinator: { user: { id: string }; client: Client };
let member: { user: { id: string }; client: Client };
let outsider: { user: { id: string }; client: Client };
let community: CommunityRow;
let hidden: CommunityRow;

beforeAll(async () => {
  t = await setupTestApp();
  coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  member = await t.signedInUser({ name: 'Mina Member' });
  outsider = await t.signedInUser({ name: 'Olga Outsider' });
  community = await buildCommunity(t, { createdBy: coordinator.user, visibility: 'public' });
  hidden = await buildCommunity(t, { createdBy: coordinator.user, visibility: 'private' });
  await buildMember(t, community, member.user);
  await buildMember(t, hidden, member.user);
});
afterAll(() => t.close());

const anonymous = () => t.client();
const feedOf = (c: { slug: string }) => `${API}/communities/${c.slug}/calendar.ics`;
const uidOf = (text: string) => text.split('@')[0];

/** A weekly series in Berlin whose sessions span the change to summer time. */
function springSeries(overrides: Record<string, unknown> = {}) {
  const year = new Date().getUTCFullYear() + 1;
  return {
    year,
    input: {
      kind: 'workshop',
      title: 'Weekly testing clinic',
      start: `${year}-03-09T18:00`,
      end: `${year}-03-09T19:30`,
      recurrence: { freq: 'weekly', count: 6 },
      exceptions: [`${year}-03-16`],
      ...overrides,
    },
  };
}

async function getCalendar(client: Client, path: string) {
  const res = await client.get<string>(path);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  return { res, cal: readCalendar(res.body) };
}

describe('the community calendar feed', () => {
  it('writes a series across a daylight-saving change with its exception, a moved and a cancelled session, as the API has them', async () => {
    const { year, input } = springSeries();
    const event = await buildEvent(t, coordinator, community, input);
    expect(event.occurrences).toHaveLength(5);
    const [, , third, fourth] = event.occurrences;
    const moved = await coordinator.client.patch(
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${third.id}`,
      { start: `${year}-03-31T19:00`, end: `${year}-03-31T20:00` },
    );
    expect(moved.status).toBe(200);
    const cancelled = await coordinator.client.post(
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${fourth.id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    const elsewhere = await buildEvent(t, coordinator, community, {
      title: 'Evening meetup in New York',
      timeZone: 'America/New_York',
      start: localIn(20, 19),
      end: localIn(20, 21),
    });

    const api = (await anonymous().get(`${API}/communities/${community.slug}/events/${event.id}`)).body;
    const { cal } = await getCalendar(anonymous(), feedOf(community));

    expect([...cal.timezones].sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    expect(cal.text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(2);
    expect(cal.text).toContain(`DTSTART;TZID=Europe/Berlin:${year}0309T180000`);
    expect(cal.text).toContain(`EXDATE;TZID=Europe/Berlin:${year}0316T180000`);
    expect(cal.text).toContain(`RECURRENCE-ID;TZID=Europe/Berlin:${year}0330T180000`);
    expect(cal.text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/m);

    const series = cal.instances.filter((i) => uidOf(i.uid) === event.id);
    expect(series.map((i) => [i.start, i.end, i.status])).toEqual(
      api.occurrences.map((o: any) => [o.startsAt, o.endsAt, o.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED']),
    );
    // 18:00 in Berlin: 17:00 UTC in winter, 16:00 UTC in summer.
    expect(series[0].start).toBe(`${year}-03-09T17:00:00.000Z`);
    expect(series.at(-1)!.start).toBe(`${year}-04-13T16:00:00.000Z`);
    const override = series.find((i) => i.recurrenceId === third.startsAt)!;
    expect(override.start).toBe(new Date(`${year}-03-31T17:00:00Z`).toISOString());
    expect(override.url).toMatch(new RegExp(`/c/${community.slug}/events/${event.id}/${third.id}$`));

    const ny = cal.instances.filter((i) => uidOf(i.uid) === elsewhere.id);
    expect(ny.map((i) => i.start)).toEqual([elsewhere.occurrences[0].startsAt]);
  });

  it('shows the joining link to members only', async () => {
    const event = await buildEvent(t, coordinator, community, { title: 'Online only', place: null });
    const outside = (await anonymous().get<string>(feedOf(community))).body;
    expect(outside).toContain('SUMMARY:Online only');
    expect(outside).not.toContain('meet.example.org');
    const inside = readCalendar((await member.client.get<string>(feedOf(community))).body);
    expect(inside.instances.find((i) => uidOf(i.uid) === event.id)!.location).toBe('https://meet.example.org/rse');
  });

  it('marks a cancelled series cancelled', async () => {
    const event = await buildEvent(t, coordinator, community, {
      title: 'Called off',
      start: localIn(5, 18),
      end: localIn(5, 19),
      recurrence: { freq: 'weekly', count: 3 },
    });
    const res = await coordinator.client.post(`${API}/communities/${community.slug}/events/${event.id}/cancel`);
    expect(res.status).toBe(200);
    const { cal } = await getCalendar(anonymous(), feedOf(community));
    const master = cal.vevents.find((v) => v.getFirstPropertyValue('uid') === `${event.id}@localhost`)!;
    expect(master.getFirstPropertyValue('status')).toBe('CANCELLED');
    const sessions = cal.instances.filter((i) => uidOf(i.uid) === event.id);
    expect(sessions.map((i) => i.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
  });

  it('offers one event and one session as files to add to a calendar', async () => {
    const event = await buildEvent(t, coordinator, community, springSeries({ title: 'Café & code: Q&A!' }).input);
    const { res, cal } = await getCalendar(
      anonymous(),
      `${API}/communities/${community.slug}/events/${event.id}/calendar.ics`,
    );
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cafe-code-qa.ics"');
    expect(cal.instances.map((i) => i.start)).toEqual(event.occurrences.map((o: any) => o.startsAt));

    const session = event.occurrences[1];
    const one = await getCalendar(
      anonymous(),
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${session.id}/calendar.ics`,
    );
    expect(one.res.headers.get('content-disposition')).toBe('attachment; filename="cafe-code-qa.ics"');
    expect(one.cal.instances).toHaveLength(1);
    expect(one.cal.instances[0]).toMatchObject({ uid: `${session.id}@localhost`, start: session.startsAt });
    const other = await anonymous().get(
      `${API}/communities/${community.slug}/events/${event.id}/occurrences/${randomUUID()}/calendar.ics`,
    );
    expect(other.status).toBe(404);
  });

  it('keeps a private community’s sessions from anyone but its members', async () => {
    const event = await buildEvent(t, coordinator, hidden, { title: 'Members-only review' });
    for (const client of [anonymous(), outsider.client]) {
      expect((await client.get(feedOf(hidden))).status).toBe(404);
      expect((await client.get(`${API}/communities/${hidden.slug}/events/${event.id}/calendar.ics`)).status).toBe(404);
    }
    const { cal } = await getCalendar(member.client, feedOf(hidden));
    expect(cal.instances.map((i) => i.summary)).toContain('Members-only review');
    // Nor in the public community's feed.
    expect((await anonymous().get<string>(feedOf(community))).body).not.toContain('Members-only review');
  });
});

describe('the personal calendar feed', () => {
  const feedPath = (url: string) => new URL(url).pathname;
  const rsvp = (client: Client, c: { slug: string }, eventId: string, occurrenceId: string, status: string) =>
    client.put(`${API}/communities/${c.slug}/events/${eventId}/occurrences/${occurrenceId}/rsvp`, { status });

  it('lists the sessions the member is going to, and stops working when rotated or revoked', async () => {
    const owner = await t.signedInUser({ name: 'Fee Feed' });
    await buildMember(t, community, owner.user);
    await buildMember(t, hidden, owner.user);
    expect((await owner.client.get(`${API}/me/calendar-feed`)).body).toEqual({
      active: false,
      prefix: null,
      createdAt: null,
      lastUsedAt: null,
    });
    const made = await owner.client.post(`${API}/me/calendar-feed`);
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/\/api\/v1\/calendar\/cal_[\w-]+\/events\.ics$/);
    const path = feedPath(made.body.url);

    const series = await buildEvent(t, coordinator, community, springSeries({ title: 'Series for my feed' }).input);
    const [a, b, c] = series.occurrences;
    expect((await rsvp(owner.client, community, series.id, a.id, 'going')).status).toBe(200);
    expect((await rsvp(owner.client, community, series.id, c.id, 'going')).status).toBe(200);
    expect((await rsvp(owner.client, community, series.id, b.id, 'not_going')).status).toBe(200);
    const secret = await buildEvent(t, coordinator, hidden, { title: 'Private session for my feed' });
    expect((await rsvp(owner.client, hidden, secret.id, secret.occurrences[0].id, 'going')).status).toBe(200);

    const { cal } = await getCalendar(anonymous(), path);
    expect(cal.instances.map((i) => [i.uid, i.start, i.summary])).toEqual(
      [
        [`${a.id}@localhost`, a.startsAt, 'Series for my feed'],
        [`${c.id}@localhost`, c.startsAt, 'Series for my feed'],
        [`${secret.occurrences[0].id}@localhost`, secret.occurrences[0].startsAt, 'Private session for my feed'],
      ].sort((x, y) => x[1].localeCompare(y[1])),
    );
    expect(cal.text).toContain('meet.example.org');
    const status = (await owner.client.get(`${API}/me/calendar-feed`)).body;
    expect(status).toMatchObject({ active: true, prefix: made.body.prefix });
    expect(status.lastUsedAt).not.toBeNull();
    expect(status.url).toBeUndefined();

    // A former member of the private community no longer finds its sessions in the feed.
    await t.deps.db
      .update(memberships)
      .set({ status: 'alumni' })
      .where(and(eq(memberships.communityId, hidden.id), eq(memberships.userId, owner.user.id)));
    const after = await getCalendar(anonymous(), path);
    expect(after.cal.instances.map((i) => i.uid)).toEqual([`${a.id}@localhost`, `${c.id}@localhost`]);
    expect(after.res.body).not.toContain('Private session for my feed');

    // Rotating: the old address stops working, the new one works.
    const rotated = await owner.client.post(`${API}/me/calendar-feed`);
    expect(rotated.status).toBe(201);
    expect((await anonymous().get(path)).status).toBe(404);
    await getCalendar(anonymous(), feedPath(rotated.body.url));
    const rows = await t.deps.db.select().from(calendarTokens).where(eq(calendarTokens.userId, owner.user.id));
    expect(rows.filter((r) => !r.revokedAt)).toHaveLength(1);
    // Stored hashed only.
    const token = feedPath(rotated.body.url).split('/')[4];
    expect(rows.map((r) => r.tokenHash)).toContain(hashSecret(token));
    expect(rows.map((r) => r.tokenHash)).not.toContain(token);

    expect((await owner.client.delete(`${API}/me/calendar-feed`)).status).toBe(204);
    expect((await anonymous().get(feedPath(rotated.body.url))).status).toBe(404);
    expect((await owner.client.get(`${API}/me/calendar-feed`)).body.active).toBe(false);
    expect((await anonymous().get(`${API}/calendar/cal_nothing-here/events.ics`)).status).toBe(404);
  });

  it('is only for signed-in people', async () => {
    expect((await anonymous().get(`${API}/me/calendar-feed`)).status).toBe(401);
    expect((await anonymous().post(`${API}/me/calendar-feed`)).status).toBe(401);
    expect((await anonymous().delete(`${API}/me/calendar-feed`)).status).toBe(401);
  });
});

describe('who may read calendar files', () => {
  let m: Matrix;
  type Cell = { slug: string; eventId: string; occurrenceId: string };
  const cells = new Map<string, Promise<Cell>>();
  beforeAll(async () => {
    m = await setupMatrix();
  });
  afterAll(() => m.t.close());

  // Reading changes nothing: one community and event per visibility serves every actor.
  const cell = (visibility: 'public' | 'private') => {
    if (!cells.has(visibility)) {
      cells.set(
        visibility,
        (async () => {
          const c = await matrixCommunity(m, visibility, 'cal');
          const event = await buildEvent(m.t, m.clients.coordinator, c);
          return { slug: c.slug, eventId: event.id, occurrenceId: event.occurrences[0].id };
        })(),
      );
    }
    return cells.get(visibility)!;
  };

  describeMatrix<Cell>(
    [
      {
        name: 'community feed',
        request: (c) => ['GET', `${API}/communities/${c.slug}/calendar.ics`],
        ...allowed.everyone(200),
      },
      {
        name: 'event file',
        request: (c) => ['GET', `${API}/communities/${c.slug}/events/${c.eventId}/calendar.ics`],
        ...allowed.everyone(200),
      },
      {
        name: 'session file',
        request: (c) => [
          'GET',
          `${API}/communities/${c.slug}/events/${c.eventId}/occurrences/${c.occurrenceId}/calendar.ics`,
        ],
        ...allowed.everyone(200),
      },
    ],
    (visibility) => cell(visibility),
    () => m,
  );
});
