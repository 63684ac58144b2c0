import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, users } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A published resource edited twice by its curator: versions 1 to 3. */
async function setup() {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing', 'Packaging'] });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const url = `${API}/communities/${community.slug}/resources`;
  const created = await owner.client.post(url, {
    kind: 'article',
    format: 'read',
    title: 'Testing research code',
    url: 'https://example.org/one',
    summary: 'How labs test their code.',
    tags: ['Testing'],
    credits: [{ role: 'source', userId: member.user.id }],
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const one = `${url}/${created.body.id}`;
  await owner.client.patch(one, { title: 'Testing research software', summary: 'How most labs test their code.' });
  await owner.client.patch(one, { tags: ['Testing', 'Packaging'], kind: 'method', format: 'do' });
  return { owner, member, community, url, one, id: created.body.id as string };
}

describe('versions', () => {
  it('lists every version newest first, with who saved it and why', async () => {
    const { owner, one } = await setup();
    const res = await t.client().get(`${one}/revisions`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        version: 3,
        change: 'edited',
        revertedTo: null,
        editor: expect.objectContaining({ id: owner.user.id }),
        createdAt: expect.any(String),
      },
      {
        version: 2,
        change: 'edited',
        revertedTo: null,
        editor: expect.objectContaining({ id: owner.user.id }),
        createdAt: expect.any(String),
      },
      {
        version: 1,
        change: 'created',
        revertedTo: null,
        editor: expect.objectContaining({ id: owner.user.id }),
        createdAt: expect.any(String),
      },
    ]);
  });

  it('shows one version whole, and 404 for one that does not exist', async () => {
    const { member, one } = await setup();
    const res = await t.client().get(`${one}/revisions/1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 1,
      change: 'created',
      kind: 'article',
      format: 'read',
      title: 'Testing research code',
      url: 'https://example.org/one',
      summary: 'How labs test their code.',
      summaryHtml: '<p>How labs test their code.</p>\n',
      tags: ['Testing'],
      credits: [{ role: 'source', name: 'Mia Member', user: expect.objectContaining({ id: member.user.id }) }],
    });
    expect((await t.client().get(`${one}/revisions/9`)).status).toBe(404);
    expect((await t.client().get(`${one}/revisions/zero`)).status).toBe(400);
  });

  it('compares two versions field by field, and titles and summaries word by word', async () => {
    const { one } = await setup();
    const res = await t.client().get(`${one}/diff?from=1&to=3`);
    expect(res.status).toBe(200);
    expect(res.body.from).toBe(1);
    expect(res.body.to).toBe(3);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'kind',
      'format',
      'title',
      'summary',
      'tags',
    ]);
    const byField = Object.fromEntries(res.body.fields.map((f: { field: string }) => [f.field, f]));
    expect(byField.kind).toEqual({ field: 'kind', before: 'article', after: 'method' });
    expect(byField.tags).toEqual({ field: 'tags', before: ['Testing'], after: ['Testing', 'Packaging'] });
    expect(byField.title.parts).toEqual([
      { value: 'Testing research ' },
      { value: 'code', removed: true },
      { value: 'software', added: true },
    ]);
    expect(byField.summary.parts.filter((p: { added?: boolean }) => p.added)).toEqual([
      { value: 'most ', added: true },
    ]);
    const none = await t.client().get(`${one}/diff?from=2&to=2`);
    expect(none.body.fields).toEqual([]);
    expect((await t.client().get(`${one}/diff?from=1&to=8`)).status).toBe(404);
    expect((await t.client().get(`${one}/diff?from=1`)).status).toBe(400);
  });

  it('brings back an earlier version as a new one (curators), keeping everything in between', async () => {
    const { owner, member, community, one } = await setup();
    const refused = await member.client.post(`${one}/revert`, { version: 1 });
    expect(refused.status).toBe(403);
    const res = await owner.client.post(`${one}/revert`, { version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 4,
      kind: 'article',
      format: 'read',
      title: 'Testing research code',
      summary: 'How labs test their code.',
      summaryHtml: '<p>How labs test their code.</p>\n',
      tags: ['Testing'],
    });
    const history = await owner.client.get(`${one}/revisions`);
    expect(history.body.items[0]).toMatchObject({ version: 4, change: 'reverted', revertedTo: 1 });
    expect(history.body.items).toHaveLength(4);
    const [event] = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'reverted_resource')));
    expect(event.data).toMatchObject({ version: 4, revertedTo: 1 });
    // Nothing left to bring back: no new version.
    expect((await owner.client.post(`${one}/revert`, { version: 4 })).body.version).toBe(4);
    const unknown = await owner.client.post(`${one}/revert`, { version: 12 });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([
      422,
      'unknown_version',
      'version',
    ]);
    expect((await owner.client.post(`${one}/revert`, { version: 'one' })).status).toBe(400);
  });

  it('keeps a credit by name when the member credited then has since gone', async () => {
    const { owner, community, one } = await setup();
    const gone = await t.createUser({ name: 'Gil Gone' });
    await buildMember(t, community, gone);
    const credited = await owner.client.patch(one, { credits: [{ role: 'contributor', userId: gone.id }] });
    expect(credited.body.version).toBe(4);
    await owner.client.patch(one, { credits: [] });
    await t.deps.db.delete(users).where(eq(users.id, gone.id));
    const res = await owner.client.post(`${one}/revert`, { version: 4 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.credits).toEqual([{ role: 'contributor', name: 'Gil Gone', user: null }]);
    const snapshot = await owner.client.get(`${one}/revisions/4`);
    expect(snapshot.body.credits).toEqual([{ role: 'contributor', name: 'Gil Gone', user: null }]);
  });
});
