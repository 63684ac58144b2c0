import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { buildEvent, buildMember, localIn } from '../../../../test/factories.js';
import {
  allowed,
  API,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Endpoint as MatrixEndpoint,
  type Matrix,
  type MatrixActor,
} from '../../../../test/matrix.js';

/**
 * Who may do what with events and their sessions, endpoint by endpoint. Every cell runs against
 * a fresh community with a fresh weekly event planned by its coordinator, so a write in one cell
 * (a cancellation, say) cannot change the answer of another.
 */

interface Cell {
  base: string;
  event: string;
  occurrence: string;
}
type Endpoint = MatrixEndpoint<Cell>;

const { everyone, coreAndAdmins: organisers } = allowed;

const input = () => ({
  kind: 'meetup',
  title: 'A meetup',
  timeZone: 'Europe/Berlin',
  start: localIn(5, 18),
  end: localIn(5, 19),
});

const endpoints: Endpoint[] = [
  { name: 'list sessions', request: (c) => ['GET', `${c.base}/events`], ...everyone(200) },
  { name: 'list past sessions', request: (c) => ['GET', `${c.base}/events?when=past`], ...everyone(200) },
  { name: 'read an event', request: (c) => ['GET', `${c.base}/events/${c.event}`], ...everyone(200) },
  {
    name: 'read a session',
    request: (c) => ['GET', `${c.base}/events/${c.event}/occurrences/${c.occurrence}`],
    ...everyone(200),
  },
  { name: 'plan an event', request: (c) => ['POST', `${c.base}/events`, input()], ...organisers(201) },
  {
    name: 'edit the series',
    request: (c) => ['PATCH', `${c.base}/events/${c.event}`, { title: 'Renamed' }],
    ...organisers(200),
  },
  { name: 'cancel the series', request: (c) => ['POST', `${c.base}/events/${c.event}/cancel`], ...organisers(200) },
  {
    name: 'edit one session',
    request: (c) => ['PATCH', `${c.base}/events/${c.event}/occurrences/${c.occurrence}`, { title: 'Special' }],
    ...organisers(200),
  },
  {
    name: 'cancel one session',
    request: (c) => ['POST', `${c.base}/events/${c.event}/occurrences/${c.occurrence}/cancel`],
    ...organisers(200),
  },
];

let matrix: Matrix;
beforeAll(async () => {
  matrix = await setupMatrix();
});
afterAll(() => matrix?.t.close());

async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  const community = await matrixCommunity(matrix, visibility, 'ev');
  const event = await buildEvent(matrix.t, matrix.clients.coordinator, community, {
    start: localIn(3, 18),
    end: localIn(3, 19),
    recurrence: { freq: 'weekly', count: 2 },
  });
  return { base: `${API}/communities/${community.slug}`, event: event.id, occurrence: event.occurrences[0].id };
}

describeMatrix(endpoints, buildCell, () => matrix);

describe('hosts', () => {
  it('a member who hosts may edit and cancel the event; once no longer a current member, not', async () => {
    const { t, clients, ids } = matrix;
    const community = await matrixCommunity(matrix, 'public', 'evh');
    const event = await buildEvent(t, clients.coordinator, community, { hosts: [{ userId: ids.member! }] });
    const base = `${API}/communities/${community.slug}/events/${event.id}`;
    const read = await clients.member.get(base);
    expect(read.body.abilities).toMatchObject({ edit: true, cancel: true, manageAttendance: true });
    expect((await clients.member.patch(base, { title: 'My meetup' })).status).toBe(200);
    const session = await clients.member.get(`${base}/occurrences/${event.occurrences[0].id}`);
    expect(session.body.checkInCode).toMatch(/^[A-Z2-9]{6}$/);
    // A speaker is credited but does not run the event.
    const spoken = await buildEvent(t, clients.coordinator, community, {
      hosts: [{ userId: ids.coordinator! }, { userId: ids.core!, role: 'speaker' }],
    });
    const asSpeaker = await clients.member.get(`${API}/communities/${community.slug}/events/${spoken.id}`);
    expect(asSpeaker.body.abilities.edit).toBe(false);
    await buildMember(t, community, { id: ids.member! }, { status: 'alumni' });
    expect((await clients.member.patch(base, { title: 'Still mine?' })).status).toBe(403);
    expect((await clients.member.post(`${base}/cancel`)).status).toBe(403);
  });

  it('answers a missing community, a malformed id and an event of another community like a hidden one', async () => {
    const { clients, notFoundBody } = matrix;
    const here = await buildCell('public', 'coordinator');
    const there = await buildCell('public', 'coordinator');
    for (const path of [
      `${here.base}/events/${there.event}`,
      `${here.base}/events/not-a-uuid`,
      `${here.base}/events/${here.event}/occurrences/${there.occurrence}`,
      `${API}/communities/nope/events`,
    ]) {
      const res = await clients.coordinator.get(path);
      expect([res.status, res.body], path).toEqual([404, notFoundBody]);
    }
  });
});
