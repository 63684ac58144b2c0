import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, notifications, resourceRevisions, resources } from '../../db/schema/index.js';
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
 * A workshop planned by the curator (the coordinator) with a host and a speaker, moved into the
 * past, with notes written by the host (unless `notes` is false).
 */
async function setup(options: { notes?: boolean; recording?: boolean } = {}) {
  const curator = await t.signedInUser({ name: 'Cleo Curator' });
  const community = await buildCommunity(t, { createdBy: curator.user });
  const host = await t.signedInUser({ name: 'Hana Host' });
  const speaker = await t.signedInUser({ name: 'Sami Speaker' });
  const member = await t.signedInUser({ name: 'Mo Member' });
  for (const p of [host, speaker, member]) await buildMember(t, community, p.user);
  const event = await buildEvent(t, curator, community, {
    kind: 'workshop',
    title: 'Testing notebooks',
    hosts: [{ userId: host.user.id }, { userId: speaker.user.id, role: 'speaker' }],
  });
  const occurrence = event.occurrences[0];
  await shiftOccurrences(t, event.id, -(Date.parse(occurrence.startsAt) - Date.now()) - 3 * HOUR);
  const session = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${occurrence.id}`;
  if (options.notes !== false) {
    const res = await host.client.put(`${session}/notes`, {
      notes: 'We ran notebooks under **nbval**.',
      outcomes: 'Every lab adds a CI job.',
      ...(options.recording === false ? {} : { recordingUrl: 'https://video.example.org/nb' }),
    });
    if (res.status !== 200) throw new Error(`notes failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const base = `${API}/communities/${community.slug}`;
  return { curator, host, speaker, member, community, event, occurrenceId: occurrence.id as string, session, base };
}

describe('adding a session to the repertoire', () => {
  it('drafts a resource from the notes, outcomes and recording, crediting hosts and speakers', async () => {
    const { curator, host, speaker, community, event, occurrenceId, base } = await setup();
    const res = await curator.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const startsAt = (await curator.client.get(`${base}/events/${event.id}/occurrences/${occurrenceId}`)).body
      .startsAt as string;
    const date = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(startsAt));
    expect(res.body).toMatchObject({
      kind: 'lesson',
      format: 'watch',
      title: `Testing notebooks — ${date}`,
      url: 'https://video.example.org/nb',
      tags: [],
      from: { occurrenceId },
    });
    expect(res.body.summary).toContain('We ran notebooks under **nbval**.');
    expect(res.body.summary).toContain('Every lab adds a CI job.');
    expect(res.body.summary).toContain(`/c/${community.slug}/events/${event.id}/${occurrenceId}`);
    expect(res.body.credits).toEqual([
      { role: 'contributor', userId: curator.user.id, name: 'Cleo Curator' },
      { role: 'source', userId: host.user.id, name: 'Hana Host' },
      { role: 'source', userId: speaker.user.id, name: 'Sami Speaker' },
    ]);
  });

  it('drafts a reading without a recording', async () => {
    const { curator, occurrenceId, base } = await setup({ recording: false });
    const res = await curator.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`);
    expect(res.body).toMatchObject({ format: 'read', url: null });
  });

  it('saves it with the session as its source, credits hosts and speakers and tells them', async () => {
    const { curator, host, speaker, member, community, event, occurrenceId, base } = await setup();
    const draft = (await curator.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`)).body;
    const res = await curator.client.post(`${base}/resources`, draft);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('published');
    expect(res.body.credits).toEqual([
      { role: 'contributor', name: 'Cleo Curator', user: expect.objectContaining({ id: curator.user.id }) },
      { role: 'source', name: 'Hana Host', user: expect.objectContaining({ id: host.user.id }) },
      { role: 'source', name: 'Sami Speaker', user: expect.objectContaining({ id: speaker.user.id }) },
    ]);
    const [row] = await t.deps.db.select().from(resources).where(eq(resources.id, res.body.id));
    expect(row.sourceOccurrenceId).toBe(occurrenceId);
    const [revision] = await t.deps.db
      .select()
      .from(resourceRevisions)
      .where(eq(resourceRevisions.resourceId, res.body.id));
    expect(revision.change).toBe('promoted');
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'promoted_to_repertoire')));
    expect(logged.map((e) => e.objectId)).toEqual([res.body.id]);
    const told = await t.deps.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.resourceId, res.body.id), eq(notifications.kind, 'credited')));
    expect(told.map((n) => n.userId).sort()).toEqual([host.user.id, speaker.user.id].sort());

    // The session's page names the resource made from it.
    const page = await member.client.get(`${base}/events/${event.id}/occurrences/${occurrenceId}`);
    expect(page.body.resource).toEqual({ id: res.body.id, title: draft.title });
  });

  it('tells those credited on a proposal only once it is published', async () => {
    const { curator, host, occurrenceId, base } = await setup();
    const draft = (await curator.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`)).body;
    const res = await curator.client.post(`${base}/resources`, { ...draft, publish: false });
    expect(res.body.status).toBe('proposed');
    const credited = () =>
      t.deps.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.resourceId, res.body.id), eq(notifications.userId, host.user.id)));
    expect(await credited()).toHaveLength(0);
    expect((await curator.client.post(`${base}/resources/${res.body.id}/publish`)).status).toBe(200);
    expect((await credited()).map((n) => n.kind)).toEqual(['credited']);
  });

  it('is for curators only', async () => {
    const { host, member, occurrenceId, base } = await setup();
    expect((await member.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`)).status).toBe(403);
    // A host who is no curator may not either.
    expect((await host.client.get(`${base}/resources/draft?occurrence=${occurrenceId}`)).status).toBe(403);
    const post = await member.client.post(`${base}/resources`, {
      kind: 'lesson',
      format: 'read',
      title: 'Mine',
      summary: '',
      tags: [],
      from: { occurrenceId },
    });
    expect(post.status).toBe(403);
  });

  it('refuses a session without notes and a session of another community', async () => {
    const bare = await setup({ notes: false });
    const empty = await bare.curator.client.get(`${bare.base}/resources/draft?occurrence=${bare.occurrenceId}`);
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'no_notes', field: 'occurrence' });

    const other = await setup();
    const elsewhere = await bare.curator.client.post(`${bare.base}/resources`, {
      kind: 'lesson',
      format: 'read',
      title: 'Borrowed',
      summary: '',
      tags: [],
      from: { occurrenceId: other.occurrenceId },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error).toMatchObject({ code: 'unknown_occurrence', field: 'from.occurrenceId' });

    const neither = await bare.curator.client.get(`${bare.base}/resources/draft`);
    expect(neither.status).toBe(400);
    const both = await bare.curator.client.get(
      `${bare.base}/resources/draft?occurrence=${bare.occurrenceId}&postId=${bare.occurrenceId}`,
    );
    expect(both.status).toBe(400);
  });
});
