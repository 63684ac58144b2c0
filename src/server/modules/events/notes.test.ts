import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, eventOccurrences } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildEvent, buildMember, shiftOccurrences } from '../../../../test/factories.js';

const API = '/api/v1';
const HOUR = 3600_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/**
 * An event planned over the API by the coordinator with a member as its host, its first session
 * moved into the past (began two hours ago) unless `ahead`.
 */
async function setup(options: { ahead?: boolean } = {}) {
  const organiser = await t.signedInUser({ name: 'Olga Organiser' });
  const community = await buildCommunity(t, { createdBy: organiser.user });
  const host = await t.signedInUser({ name: 'Hana Host' });
  const member = await t.signedInUser({ name: 'Mo Member' });
  for (const p of [host, member]) await buildMember(t, community, p.user);
  const event = await buildEvent(t, organiser, community, { hosts: [{ userId: host.user.id }] });
  const occurrenceId = event.occurrences[0].id as string;
  const startsIn = Date.parse(event.occurrences[0].startsAt) - Date.now();
  if (!options.ahead) await shiftOccurrences(t, event.id, -startsIn - 2 * HOUR);
  const base = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${occurrenceId}`;
  return { organiser, host, member, community, event, occurrenceId, base };
}

async function notesLog(communityId: string) {
  const rows = await t.deps.db
    .select({ verb: activityEvents.verb, actorId: activityEvents.actorId, objectId: activityEvents.objectId })
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.objectType, 'occurrence')));
  return rows.filter((r) => r.verb.startsWith('event_notes'));
}

describe('session notes', () => {
  it('lets a host write notes, outcomes and a recording once the session has started, rendered and logged', async () => {
    const { host, member, community, base, occurrenceId } = await setup();
    const res = await host.client.put(`${base}/notes`, {
      notes: 'We compared **pytest** fixtures.<script>alert(1)</script>',
      outcomes: '- Adopt `nbval`',
      recordingUrl: 'https://video.example.org/rse-42',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      notes: 'We compared **pytest** fixtures.<script>alert(1)</script>',
      outcomes: '- Adopt `nbval`',
      recordingUrl: 'https://video.example.org/rse-42',
      by: { id: host.user.id, name: 'Hana Host' },
    });
    expect(res.body.notesHtml).toContain('<strong>pytest</strong>');
    expect(res.body.notesHtml).not.toContain('<script');
    expect(res.body.outcomesHtml).toContain('<code>nbval</code>');
    expect(Date.parse(res.body.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await notesLog(community.id)).toEqual([
      { verb: 'event_notes_added', actorId: host.user.id, objectId: occurrenceId },
    ]);

    // An edit of one field keeps the others and is logged as an edit; saving the same again is not logged.
    const edit = await host.client.put(`${base}/notes`, { outcomes: '- Adopt `nbval`\n- Share fixtures' });
    expect(edit.body).toMatchObject({ notes: res.body.notes, recordingUrl: 'https://video.example.org/rse-42' });
    expect(edit.body.outcomesHtml).toContain('Share fixtures');
    await host.client.put(`${base}/notes`, { outcomes: '- Adopt `nbval`\n- Share fixtures' });
    expect((await notesLog(community.id)).map((r) => r.verb)).toEqual(['event_notes_added', 'event_notes_edited']);

    // The session page shows them; an empty recording link takes it away.
    const page = await member.client.get(base);
    expect(page.status).toBe(200);
    expect(page.body.notes).toMatchObject({ outcomes: '- Adopt `nbval`\n- Share fixtures', by: { id: host.user.id } });
    expect(page.body.hasNotes).toBe(true);
    const cleared = await host.client.put(`${base}/notes`, { recordingUrl: null });
    expect(cleared.body.recordingUrl).toBeNull();
  });

  it('lets organisers write them too, but not members, outsiders or the anonymous', async () => {
    const { organiser, member, base } = await setup();
    expect((await organiser.client.put(`${base}/notes`, { notes: 'Organised.' })).status).toBe(200);
    expect((await member.client.put(`${base}/notes`, { notes: 'Mine.' })).status).toBe(403);
    expect((await t.client().put(`${base}/notes`, { notes: 'Anon.' })).status).toBe(401);
  });

  it('waits for the session to start', async () => {
    const { host, base } = await setup({ ahead: true });
    expect((await host.client.put(`${base}/notes`, { notes: 'Too early.' })).status).toBe(403);
  });

  it('refuses a recording link that is not http or https', async () => {
    const { host, base } = await setup();
    const res = await host.client.put(`${base}/notes`, { recordingUrl: 'javascript:alert(1)' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_url', field: 'recordingUrl' });
    const long = await host.client.put(`${base}/notes`, { notes: 'x'.repeat(50_001) });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('notes');
  });

  it('takes no notes for a cancelled session', async () => {
    const { host, base, occurrenceId } = await setup();
    await t.deps.db
      .update(eventOccurrences)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(eq(eventOccurrences.id, occurrenceId));
    const res = await host.client.put(`${base}/notes`, { notes: 'Nobody came.' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('event_cancelled');
  });
});
