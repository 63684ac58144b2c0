import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';
import {
  activityEvents,
  eventOccurrences,
  eventReminders,
  eventRsvps,
  events,
  memberships,
  users,
} from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import type { Actor } from '../../platform/policy.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity } from '../../../../test/factories.js';
import { answer } from './rsvp.js';

const PEOPLE = 1000;
const SEATS = 50;

let t: TestApp;
let extra: Database | undefined;
let deps: Deps;

beforeAll(async () => {
  t = await setupTestApp();
  deps = t.deps;
  if (t.database.kind === 'postgres') {
    // The app's test pool is small; many connections let the requests really race for the lock.
    const pool = (t.database.db as unknown as { $client: { options: { connectionString: string } } }).$client;
    extra = await openDatabase({ url: pool.options.connectionString, poolSize: 20 });
    deps = { ...t.deps, db: extra.db };
  }
});
afterAll(async () => {
  await extra?.close();
  await t.close();
});

const actorOf = (u: { id: string; name: string; email: string }): Actor => ({
  user: { id: u.id, name: u.name, email: u.email, isAdmin: false },
  sessionId: null,
  via: 'session',
  ip: '127.0.0.1',
});

describe('seats under load', () => {
  it('gives 1,000 concurrent RSVPs to 50 seats exactly 50 seats and an ordered waitlist of 950', async () => {
    const db = t.deps.db;
    const organiser = await t.createUser({ name: 'Olga Organiser' });
    const community = await buildCommunity(t, { createdBy: organiser });
    const tag = randomBytes(4).toString('hex');
    const people = await db
      .insert(users)
      .values(
        Array.from({ length: PEOPLE }, (_, i) => ({
          name: `Member ${i}`,
          email: `load-${tag}-${i}@example.org`,
          handle: `load-${tag}-${i}`,
          emailVerifiedAt: new Date(),
        })),
      )
      .returning({ id: users.id, name: users.name, email: users.email });
    await db.insert(memberships).values(
      people.map((p) => ({
        communityId: community.id,
        userId: p.id,
        role: 'member',
        status: 'active',
        joinedAt: new Date(),
      })),
    );
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const [event] = await db
      .insert(events)
      .values({
        communityId: community.id,
        kind: 'workshop',
        title: 'Packaging clinic',
        timeZone: 'Europe/Berlin',
        localStart: '2030-01-01T18:00',
        durationMinutes: 90,
        capacity: SEATS,
        createdBy: organiser.id,
      })
      .returning();
    const [session] = await db
      .insert(eventOccurrences)
      .values({
        eventId: event.id,
        communityId: community.id,
        originalStart: startsAt,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        capacity: SEATS,
        checkInCode: 'LOAD42',
      })
      .returning();

    const started = Date.now();
    const results = await Promise.all(
      people.map((p) =>
        answer(deps, actorOf(p), community.slug, event.id, session.id, { status: 'going' }, 'http://localhost'),
      ),
    );
    const elapsed = Date.now() - started;

    const statuses = results.map((r) => r.rsvp.status);
    expect(statuses.filter((s) => s === 'going')).toHaveLength(SEATS);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(PEOPLE - SEATS);

    const rows = await db
      .select({ status: eventRsvps.status, position: eventRsvps.position })
      .from(eventRsvps)
      .where(eq(eventRsvps.occurrenceId, session.id))
      .orderBy(asc(eventRsvps.position));
    const going = rows.filter((r) => r.status === 'going');
    const waiting = rows.filter((r) => r.status === 'waitlisted');
    expect(going).toHaveLength(SEATS);
    expect(waiting).toHaveLength(PEOPLE - SEATS);
    // Distinct positions 1..950, in the order the requests took the lock.
    expect(waiting.map((r) => r.position)).toEqual(Array.from({ length: PEOPLE - SEATS }, (_, i) => i + 1));
    // Each waitlisted answer named its own place, and no two the same.
    const places = results.filter((r) => r.rsvp.status === 'waitlisted').map((r) => r.rsvp.position);
    expect(new Set(places).size).toBe(PEOPLE - SEATS);

    const [row] = await db.select().from(eventOccurrences).where(eq(eventOccurrences.id, session.id));
    expect(row).toMatchObject({ goingCount: SEATS, waitlistCount: PEOPLE - SEATS, waitlistSeq: PEOPLE - SEATS });

    const [reminders] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(eventReminders)
      .where(eq(eventReminders.occurrenceId, session.id));
    expect(reminders.n).toBe(SEATS * 2);
    const [logged] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'rsvp'), eq(activityEvents.objectId, session.id)));
    expect(logged.n).toBe(PEOPLE);
    console.info(`${t.database.kind}: ${PEOPLE} concurrent RSVPs in ${elapsed} ms`);
  }, 120_000);
});
