import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../../common/limits.js';
import { activityEvents } from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildResource } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A published resource in a community with a coordinator, a core member, two members and an instance admin. */
async function setup(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, visibility });
  const core = await t.signedInUser({ name: 'Cora Core' });
  await buildMember(t, community, core.user, { role: 'core' });
  const writer = await t.signedInUser({ name: 'Wren Writer' });
  await buildMember(t, community, writer.user);
  const reader = await t.signedInUser({ name: 'Rae Reader' });
  await buildMember(t, community, reader.user);
  const admin = await t.signedInUser({ isAdmin: true });
  const resource = await buildResource(t, { community, by: owner.user });
  const url = `${API}/communities/${community.slug}/resources/${resource.id}`;
  return { owner, core, writer, reader, admin, community, resource, url, notes: `${url}/notes` };
}

const bodies = async (client: Client, notes: string) => {
  const res = await client.get(notes);
  expect(res.status).toBe(200);
  return res.body.items.map((n: { body: string }) => n.body);
};

describe('notes', () => {
  it('are shared with the community or kept private, oldest first', async () => {
    const { writer, reader, notes, url } = await setup();
    const shared = await writer.client.post(notes, { body: 'Chapter 3 is the **useful** one.' });
    expect(shared.status).toBe(201);
    expect(shared.body).toEqual({
      id: expect.any(String),
      body: 'Chapter 3 is the **useful** one.',
      bodyHtml: '<p>Chapter 3 is the <strong>useful</strong> one.</p>\n',
      visibility: 'community',
      author: { id: writer.user.id, name: 'Wren Writer', handle: expect.any(String) },
      createdAt: expect.any(String),
      editedAt: null,
      abilities: { edit: true, delete: true },
    });
    await writer.client.post(notes, { body: 'Reread before the workshop.', visibility: 'private' });
    await reader.client.post(notes, { body: 'Agreed.' });
    expect(await bodies(writer.client, notes)).toEqual([
      'Chapter 3 is the **useful** one.',
      'Reread before the workshop.',
      'Agreed.',
    ]);
    expect(await bodies(reader.client, notes)).toEqual(['Chapter 3 is the **useful** one.', 'Agreed.']);
    expect(await bodies(t.client(), notes)).toEqual(['Chapter 3 is the **useful** one.', 'Agreed.']);
    // Counted for each reader as they see them.
    expect((await writer.client.get(url)).body.noteCount).toBe(3);
    expect((await reader.client.get(url)).body.noteCount).toBe(2);
  });

  it('never show a private note to anyone else: not curators, not coordinators, not instance admins', async () => {
    const { owner, core, writer, reader, admin, notes, url, community } = await setup();
    const secret = await writer.client.post(notes, { body: 'My secret note', visibility: 'private' });
    const one = `${notes}/${secret.body.id}`;
    const missing = await t.client().get(`${API}/communities/${community.slug}/resources/${'0'.repeat(32)}`);
    for (const client of [owner.client, core.client, reader.client, admin.client, t.client()]) {
      expect(await bodies(client, notes)).toEqual([]);
      expect((await client.get(url)).body.noteCount).toBe(0);
      for (const [method, payload] of [
        ['PATCH', { body: 'Peek' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await client.request(method, one, payload);
        expect([res.status, res.body]).toEqual([404, missing.body]);
      }
    }
    // Listing and reading the resource elsewhere does not leak it either.
    const listed = await owner.client.get(`${API}/communities/${community.slug}/resources`);
    expect(listed.body.items[0].noteCount).toBe(0);
    expect(JSON.stringify(listed.body)).not.toContain('My secret note');
    // And it leaves no trace in the activity log.
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'noted_resource')));
    expect(logged).toEqual([]);
    const feed = await owner.client.get(`${API}/communities/${community.slug}/activity`);
    expect(JSON.stringify(feed.body)).not.toContain(secret.body.id);
    expect(await bodies(writer.client, notes)).toEqual(['My secret note']);
  });

  it('are edited by their author only; shared ones may be removed by moderators', async () => {
    const { core, owner, writer, reader, notes, community } = await setup();
    const shared = await writer.client.post(notes, { body: 'Shared' });
    const one = `${notes}/${shared.body.id}`;
    expect((await reader.client.patch(one, { body: 'Mine now' })).status).toBe(403);
    expect((await core.client.patch(one, { body: 'Mine now' })).status).toBe(403);
    expect((await reader.client.delete(one)).status).toBe(403);
    expect((await t.client().delete(one)).status).toBe(401);
    const edited = await writer.client.patch(one, { body: 'Shared, edited' });
    expect(edited.body).toMatchObject({ body: 'Shared, edited', editedAt: expect.any(String) });
    const hidden = await writer.client.patch(one, { visibility: 'private' });
    expect(hidden.body).toMatchObject({ visibility: 'private' });
    expect(await bodies(reader.client, notes)).toEqual([]);
    await writer.client.patch(one, { visibility: 'community' });
    expect((await core.client.delete(one)).status).toBe(204);
    expect(await bodies(writer.client, notes)).toEqual([]);

    const another = await writer.client.post(notes, { body: 'Again' });
    expect((await owner.client.delete(`${notes}/${another.body.id}`)).status).toBe(204);
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'noted_resource')));
    expect(logged.map((e) => e.actorId)).toEqual([writer.user.id, writer.user.id]);
  });

  it('are written by current members on resources that are not proposals', async () => {
    const { owner, community, writer, admin, notes } = await setup();
    const outsider = await t.signedInUser();
    expect((await outsider.client.post(notes, { body: 'Hi' })).status).toBe(403);
    expect((await admin.client.post(notes, { body: 'Hi' })).status).toBe(403);
    expect((await t.client().post(notes, { body: 'Hi' })).status).toBe(401);
    const proposal = await buildResource(t, { community, by: writer.user, status: 'proposed' });
    const onProposal = `${API}/communities/${community.slug}/resources/${proposal.id}/notes`;
    expect((await writer.client.post(onProposal, { body: 'Hi' })).status).toBe(403);
    expect((await owner.client.post(onProposal, { body: 'Hi' })).status).toBe(403);
    const alumnus = await t.signedInUser();
    await buildMember(t, community, alumnus.user, { status: 'alumni' });
    expect((await alumnus.client.post(notes, { body: 'Hi' })).status).toBe(403);
  });

  it('refuse bad input', async () => {
    const { writer, notes } = await setup();
    const empty = await writer.client.post(notes, { body: '   ' });
    expect([empty.status, empty.body.error.field]).toEqual([400, 'body']);
    const long = await writer.client.post(notes, { body: 'x'.repeat(limits.noteBody + 1) });
    expect([long.status, long.body.error.code]).toEqual([400, 'too_long']);
    const visibility = await writer.client.post(notes, { body: 'Hi', visibility: 'secret' });
    expect([visibility.status, visibility.body.error.field]).toEqual([400, 'visibility']);
    const script = await writer.client.post(notes, { body: '<script>alert(1)</script> [x](javascript:alert(1))' });
    expect(script.body.bodyHtml).not.toMatch(/<script|href="javascript/i);
    expect((await writer.client.patch(`${notes}/not-a-uuid`, { body: 'x' })).status).toBe(404);
  });

  it('of a private community stay inside it', async () => {
    const { writer, notes } = await setup('private');
    await writer.client.post(notes, { body: 'Inside' });
    const outsider = await t.signedInUser();
    expect((await outsider.client.get(notes)).status).toBe(404);
    expect((await t.client().get(notes)).status).toBe(404);
  });
});
