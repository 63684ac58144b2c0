import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents } from '../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../test/harness.js';
import { recordActivity } from './activity.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

describe('activity log', () => {
  it('appends rows with actor, verb, object and time', async () => {
    const user = await t.createUser();
    await recordActivity(t.deps.db, { actorId: user.id, verb: 'tested', objectType: 'user', objectId: user.id });
    const [row] = await t.deps.db.select().from(activityEvents).where(eq(activityEvents.actorId, user.id));
    expect(row).toMatchObject({ verb: 'tested', objectType: 'user', objectId: user.id, weight: 1 });
    expect(row.occurredAt).toBeInstanceOf(Date);
  });

  it('refuses updates, deletes and truncation in the database itself', async () => {
    const user = await t.createUser();
    await recordActivity(t.deps.db, { actorId: user.id, verb: 'kept', objectType: 'user', objectId: user.id });
    await expect(
      t.deps.db.update(activityEvents).set({ verb: 'changed' }).where(eq(activityEvents.actorId, user.id)),
    ).rejects.toThrow();
    await expect(t.deps.db.delete(activityEvents).where(eq(activityEvents.actorId, user.id))).rejects.toThrow();
    await expect(t.deps.db.execute(sql`truncate activity_events`)).rejects.toThrow();
    const rows = await t.deps.db.select().from(activityEvents).where(eq(activityEvents.actorId, user.id));
    expect(rows.map((r) => r.verb)).toEqual(['kept']);
  });
});
