import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { activityEvents, collectionItems, collections, resources } from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildResource } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A community with a coordinator, a core member, a member, and three published resources. */
async function setup(visibility: Visibility = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, visibility });
  const core = await t.signedInUser({ name: 'Cora Core' });
  await buildMember(t, community, core.user, { role: 'core' });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const make = (title: string, extra: Partial<Parameters<typeof buildResource>[1]> = {}) =>
    buildResource(t, {
      community,
      by: owner.user,
      title,
      url: `https://example.org/${encodeURIComponent(title)}`,
      ...extra,
    });
  const [a, b, c] = [await make('Alpha'), await make('Beta'), await make('Gamma')];
  const base = `${API}/communities/${community.slug}`;
  return { owner, core, member, community, base, make, a, b, c };
}

async function events(communityId: string, verb: string) {
  return t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, verb)))
    .orderBy(asc(activityEvents.id));
}

const titles = (detail: { items: { resource: { title: string } }[] }) => detail.items.map((i) => i.resource.title);

describe('making collections and paths', () => {
  it('lets a curator make a path with an intro and items in order, presenting the contract fields', async () => {
    const { core, base, community, a, b } = await setup();
    const res = await core.client.post(`${base}/collections`, {
      kind: 'path',
      title: 'Start here',
      intro: 'Read these **first**.',
      resourceIds: [b.id, a.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'abilities',
        'community',
        'createdAt',
        'id',
        'intro',
        'introHtml',
        'items',
        'kind',
        'progress',
        'title',
        'updatedAt',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      kind: 'path',
      title: 'Start here',
      intro: 'Read these **first**.',
      introHtml: expect.stringContaining('<strong>first</strong>'),
      // Core members curate but are members too: they track their own progress.
      progress: { done: 0, total: 2, percent: 0, completedAt: null },
      abilities: { edit: true, delete: true, track: true },
    });
    expect(res.body.items.map((i: { position: number; done: boolean }) => [i.position, i.done])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(titles(res.body)).toEqual(['Beta', 'Alpha']);
    expect(res.body.items[0].resource).toMatchObject({ id: b.id, kind: 'article', status: 'published' });
    expect(await events(community.id, 'created_collection')).toHaveLength(1);
  });

  it('lists collections with item counts, and my progress on paths only', async () => {
    const { owner, member, base, a, b } = await setup();
    const path = (
      await owner.client.post(`${base}/collections`, { kind: 'path', title: 'Path', resourceIds: [a.id, b.id] })
    ).body;
    await owner.client.post(`${base}/collections`, {
      kind: 'collection',
      title: 'Shelf',
      intro: 'Things *we like*.',
      resourceIds: [a.id],
    });
    await member.client.put(`${base}/collections/${path.id}/progress/${a.id}`);
    const mine = await member.client.get(`${base}/collections`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      { id: path.id, kind: 'path', title: 'Path', introExcerpt: '', itemCount: 2, progress: { done: 1, total: 2 } },
      {
        id: expect.any(String),
        kind: 'collection',
        title: 'Shelf',
        introExcerpt: 'Things we like.',
        itemCount: 1,
        progress: null,
      },
    ]);
    // Outsiders and anonymous readers see the lists, without progress.
    const anon = await t.client().get(`${base}/collections`);
    expect(anon.body.items.map((c: { progress: unknown }) => c.progress)).toEqual([null, null]);
  });

  it('edits, reorders (complete order), adds and removes items, and deletes', async () => {
    const { owner, base, community, a, b, c } = await setup();
    const made = (
      await owner.client.post(`${base}/collections`, { kind: 'collection', title: 'Shelf', resourceIds: [a.id, b.id] })
    ).body;
    const one = `${base}/collections/${made.id}`;
    const reordered = await owner.client.patch(one, { title: 'Best shelf', resourceIds: [b.id, c.id, a.id] });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    expect(reordered.body.title).toBe('Best shelf');
    expect(titles(reordered.body)).toEqual(['Beta', 'Gamma', 'Alpha']);
    const fewer = await owner.client.patch(one, { resourceIds: [a.id] });
    expect(titles(fewer.body)).toEqual(['Alpha']);
    const added = await owner.client.put(`${one}/items/${c.id}`);
    expect(added.status).toBe(200);
    expect(titles(added.body)).toEqual(['Alpha', 'Gamma']);
    // Adding again changes nothing.
    expect(titles((await owner.client.put(`${one}/items/${c.id}`)).body)).toEqual(['Alpha', 'Gamma']);
    const removed = await owner.client.delete(`${one}/items/${a.id}`);
    expect(titles(removed.body)).toEqual(['Gamma']);
    expect(titles((await owner.client.delete(`${one}/items/${a.id}`)).body)).toEqual(['Gamma']);
    const kind = await owner.client.patch(one, { kind: 'path', intro: 'Now a path.' });
    expect(kind.body).toMatchObject({ kind: 'path', intro: 'Now a path.', introHtml: '<p>Now a path.</p>\n' });
    // An edit that changes nothing is not logged.
    const edits = (await events(community.id, 'edited_collection')).length;
    await owner.client.patch(one, { kind: 'path' });
    expect(await events(community.id, 'edited_collection')).toHaveLength(edits);
    expect((await owner.client.delete(one)).status).toBe(204);
    expect((await owner.client.get(one)).status).toBe(404);
    expect(await events(community.id, 'deleted_collection')).toHaveLength(1);
  });

  it('takes only published resources of the same community, each once', async () => {
    const { owner, base, community, a, make } = await setup();
    const proposal = await make('Proposal', { status: 'proposed' });
    const retired = await make('Retired', { status: 'retired' });
    const other = await buildCommunity(t, { createdBy: owner.user });
    const elsewhere = await buildResource(t, { community: other, by: owner.user, title: 'Elsewhere' });
    const post = (resourceIds: string[]) =>
      owner.client.post(`${base}/collections`, { kind: 'path', title: 'P', resourceIds });
    expect((await post([proposal.id])).body.error).toMatchObject({ code: 'not_published', field: 'resourceIds.0' });
    expect((await post([a.id, retired.id])).body.error).toMatchObject({
      code: 'not_published',
      field: 'resourceIds.1',
    });
    expect((await post([elsewhere.id])).body.error).toMatchObject({ code: 'unknown_resource', field: 'resourceIds.0' });
    expect((await post([a.id, a.id])).body.error).toMatchObject({ code: 'duplicate', field: 'resourceIds.1' });
    const made = (await post([a.id])).body;
    const item = (id: string) => owner.client.put(`${base}/collections/${made.id}/items/${id}`);
    expect((await item(proposal.id)).body.error).toMatchObject({ code: 'not_published' });
    expect((await item(elsewhere.id)).status).toBe(404);
    expect((await item('not-a-uuid')).status).toBe(404);
    const [stored] = await t.deps.db.select().from(collections).where(eq(collections.communityId, community.id));
    expect(stored.title).toBe('P');
  });

  it('keeps a retired item in a collection when the order is saved again, but shows it only in collections', async () => {
    const { owner, base, a, b } = await setup();
    const shelf = (
      await owner.client.post(`${base}/collections`, { kind: 'collection', title: 'Shelf', resourceIds: [a.id, b.id] })
    ).body;
    await t.deps.db.update(resources).set({ status: 'retired' }).where(eq(resources.id, a.id));
    const again = await owner.client.patch(`${base}/collections/${shelf.id}`, { resourceIds: [b.id, a.id] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(titles(again.body)).toEqual(['Beta', 'Alpha']);
    expect(again.body.items[1].resource.status).toBe('retired');
  });

  it('refuses malformed input with 400 and the field, never 500', async () => {
    const { owner, base, a } = await setup();
    const cases: [unknown, string][] = [
      [{ kind: 'playlist', title: 'X' }, 'kind'],
      [{ kind: 'path', title: 42 }, 'title'],
      [{ kind: 'path', title: '' }, 'title'],
      [{ kind: 'path', title: 'X', resourceIds: 'abc' }, 'resourceIds'],
      [{ kind: 'path', title: 'X', resourceIds: ['nope'] }, 'resourceIds.0'],
      [{ kind: 'path', title: 'X', intro: ['x'] }, 'intro'],
      [{ kind: 'path', title: 'X', extra: true }, 'extra'],
      [{ kind: 'path', title: 'X', resourceIds: Array(201).fill(a.id) }, 'resourceIds'],
    ];
    for (const [body, field] of cases) {
      const res = await owner.client.post(`${base}/collections`, body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.error?.field]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
        field,
      ]);
    }
    const made = (await owner.client.post(`${base}/collections`, { kind: 'path', title: 'X' })).body;
    const patch = await owner.client.patch(`${base}/collections/${made.id}`, { kind: 'list' });
    expect([patch.status, patch.body.error.field]).toEqual([400, 'kind']);
    expect((await owner.client.get(`${base}/collections/not-a-uuid`)).status).toBe(404);
    expect((await owner.client.get(`${base}/collections/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe('visibility of items', () => {
  it('leaves out what the viewer may not see, and obsolete or retired resources from paths and their totals', async () => {
    const { owner, member, base, a, b, c, make } = await setup();
    const path = (
      await owner.client.post(`${base}/collections`, { kind: 'path', title: 'Path', resourceIds: [a.id, b.id, c.id] })
    ).body;
    const shelf = (
      await owner.client.post(`${base}/collections`, {
        kind: 'collection',
        title: 'Shelf',
        resourceIds: [a.id, b.id, c.id],
      })
    ).body;
    await member.client.put(`${base}/collections/${path.id}/progress/${b.id}`);
    await t.deps.db.update(resources).set({ status: 'obsolete' }).where(eq(resources.id, b.id));
    await t.deps.db.update(resources).set({ status: 'retired' }).where(eq(resources.id, c.id));
    // A published resource later turned back into a proposal (a state only a write by hand makes) is hidden from members.
    const hidden = await make('Hidden');
    await t.deps.db.insert(collectionItems).values({ collectionId: shelf.id, resourceId: hidden.id, position: 9 });
    await t.deps.db.update(resources).set({ status: 'proposed' }).where(eq(resources.id, hidden.id));

    const p = (await member.client.get(`${base}/collections/${path.id}`)).body;
    expect(titles(p)).toEqual(['Alpha']);
    // The tick on the obsolete item no longer counts.
    expect(p.progress).toEqual({ done: 0, total: 1, percent: 0, completedAt: null });
    const list = (await member.client.get(`${base}/collections`)).body.items;
    expect(list.map((x: { itemCount: number; progress: unknown }) => [x.itemCount, x.progress])).toEqual([
      [1, { done: 0, total: 1 }],
      [3, null],
    ]);
    const s = (await member.client.get(`${base}/collections/${shelf.id}`)).body;
    expect(titles(s)).toEqual(['Alpha', 'Beta', 'Gamma']);
    // Curators see proposals; the same rule as everywhere else.
    expect(titles((await owner.client.get(`${base}/collections/${shelf.id}`)).body)).toEqual([
      'Alpha',
      'Beta',
      'Gamma',
      'Hidden',
    ]);
    // An obsolete item cannot be ticked.
    expect((await member.client.put(`${base}/collections/${path.id}/progress/${b.id}`)).status).toBe(404);
  });
});

describe('progress on a path', () => {
  it('ticks items done and back, logging each item and the completed path once', async () => {
    const { owner, member, base, community, a, b } = await setup();
    const path = (
      await owner.client.post(`${base}/collections`, { kind: 'path', title: 'Path', resourceIds: [a.id, b.id] })
    ).body;
    const tick = (id: string, method: 'put' | 'delete' = 'put') =>
      member.client[method](`${base}/collections/${path.id}/progress/${id}`);
    const first = await tick(a.id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ progress: { done: 1, total: 2, percent: 50, completedAt: null } });
    expect((await tick(a.id)).body.progress.done).toBe(1);
    const last = await tick(b.id);
    expect(last.body.progress).toMatchObject({ done: 2, total: 2, percent: 100, completedAt: expect.any(String) });
    const items = await events(community.id, 'completed_path_item');
    expect(items.map((e) => [e.actorId, e.objectId])).toEqual([
      [member.user.id, a.id],
      [member.user.id, b.id],
    ]);
    expect(await events(community.id, 'completed_path')).toHaveLength(1);
    // Undo and redo: the path is not completed a second time.
    expect((await tick(b.id, 'delete')).body.progress).toEqual({ done: 1, total: 2, percent: 50, completedAt: null });
    expect((await tick(b.id, 'delete')).body.progress.done).toBe(1);
    await tick(b.id);
    expect(await events(community.id, 'completed_path')).toHaveLength(1);
    const detail = (await member.client.get(`${base}/collections/${path.id}`)).body;
    expect(detail.items.map((i: { done: boolean }) => i.done)).toEqual([true, true]);
    // Each member has their own progress.
    expect((await owner.client.get(`${base}/collections/${path.id}`)).body.progress.done).toBe(0);
  });

  it('finishes a path once even when the last two ticks arrive together', async () => {
    const { owner, member, base, community, a, b } = await setup();
    const path = (
      await owner.client.post(`${base}/collections`, { kind: 'path', title: 'Path', resourceIds: [a.id, b.id] })
    ).body;
    await Promise.all([a, b].map((r) => member.client.put(`${base}/collections/${path.id}/progress/${r.id}`)));
    expect(await events(community.id, 'completed_path')).toHaveLength(1);
  });

  it('keeps progress to paths and their items', async () => {
    const { owner, member, base, a, b } = await setup();
    const shelf = (
      await owner.client.post(`${base}/collections`, { kind: 'collection', title: 'Shelf', resourceIds: [a.id] })
    ).body;
    const notPath = await member.client.put(`${base}/collections/${shelf.id}/progress/${a.id}`);
    expect([notPath.status, notPath.body.error.code]).toEqual([422, 'not_a_path']);
    const path = (await owner.client.post(`${base}/collections`, { kind: 'path', title: 'Path', resourceIds: [a.id] }))
      .body;
    expect((await member.client.put(`${base}/collections/${path.id}/progress/${b.id}`)).status).toBe(404);
    expect((await member.client.put(`${base}/collections/${path.id}/progress/nope`)).status).toBe(404);
  });
});

describe('who may do what', () => {
  const actors = ['anonymous', 'outsider', 'pending', 'member', 'core', 'coordinator', 'alumni', 'admin'] as const;
  type Cell = {
    base: string;
    path: string;
    shelf: string;
    a: string;
    b: string;
    clients: Record<(typeof actors)[number], Client>;
  };

  // The same people in every cell; each cell is a fresh community, so no write changes another's answer.
  let people: Record<(typeof actors)[number], { user: { id: string } | null; client: Client }>;
  const roles = {
    pending: { role: 'member', status: 'pending' },
    member: { role: 'member', status: 'active' },
    core: { role: 'core', status: 'active' },
    alumni: { role: 'member', status: 'alumni' },
  } as const;
  beforeAll(async () => {
    people = { anonymous: { user: null, client: t.client() } } as typeof people;
    for (const name of actors.slice(1)) people[name] = await t.signedInUser({ isAdmin: name === 'admin' });
  });

  async function cell(visibility: Visibility): Promise<Cell> {
    const coordinator = people.coordinator as { user: { id: string }; client: Client };
    const community = await buildCommunity(t, { createdBy: coordinator.user, visibility });
    for (const [name, membership] of Object.entries(roles)) {
      await buildMember(t, community, people[name as keyof typeof roles].user!, membership);
    }
    const clients = Object.fromEntries(actors.map((name) => [name, people[name].client])) as Cell['clients'];
    const a = await buildResource(t, { community, by: coordinator.user, title: 'A', url: 'https://example.org/a' });
    const b = await buildResource(t, { community, by: coordinator.user, title: 'B', url: 'https://example.org/b' });
    const base = `${API}/communities/${community.slug}`;
    const [path, shelf] = await t.deps.db
      .insert(collections)
      .values([
        { communityId: community.id, kind: 'path', title: 'Path' },
        { communityId: community.id, kind: 'collection', title: 'Shelf' },
      ])
      .returning();
    await t.deps.db.insert(collectionItems).values([
      { collectionId: path.id, resourceId: a.id, position: 0 },
      { collectionId: shelf.id, resourceId: a.id, position: 0 },
    ]);
    return { base, path: path.id, shelf: shelf.id, a: a.id, b: b.id, clients };
  }

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  // Order: anonymous, outsider, pending, member, core, coordinator, alumni, admin.
  const readers = (ok: number) => ({ public: Array(8).fill(ok), private: [404, 404, 404, ok, ok, ok, 404, ok] });
  const curators = (ok: number) => ({
    public: [401, 403, 403, 403, ok, ok, 403, ok],
    private: [404, 404, 404, 403, ok, ok, 404, ok],
  });
  const members = (ok: number) => ({
    public: [401, 403, 403, ok, ok, ok, 403, 403],
    private: [404, 404, 404, ok, ok, ok, 404, 403],
  });
  const endpoints: {
    name: string;
    request: (c: Cell) => [Method, string, unknown?];
    public: number[];
    private: number[];
  }[] = [
    { name: 'list', request: (c) => ['GET', `${c.base}/collections`], ...readers(200) },
    { name: 'read a path', request: (c) => ['GET', `${c.base}/collections/${c.path}`], ...readers(200) },
    {
      name: 'create',
      request: (c) => ['POST', `${c.base}/collections`, { kind: 'path', title: 'New' }],
      ...curators(201),
    },
    {
      name: 'edit',
      request: (c) => ['PATCH', `${c.base}/collections/${c.shelf}`, { title: 'Renamed' }],
      ...curators(200),
    },
    {
      name: 'reorder',
      request: (c) => ['PATCH', `${c.base}/collections/${c.shelf}`, { resourceIds: [c.b, c.a] }],
      ...curators(200),
    },
    { name: 'delete', request: (c) => ['DELETE', `${c.base}/collections/${c.shelf}`], ...curators(204) },
    { name: 'add an item', request: (c) => ['PUT', `${c.base}/collections/${c.shelf}/items/${c.b}`], ...curators(200) },
    {
      name: 'remove an item',
      request: (c) => ['DELETE', `${c.base}/collections/${c.shelf}/items/${c.a}`],
      ...curators(200),
    },
    { name: 'tick done', request: (c) => ['PUT', `${c.base}/collections/${c.path}/progress/${c.a}`], ...members(200) },
    { name: 'untick', request: (c) => ['DELETE', `${c.base}/collections/${c.path}/progress/${c.a}`], ...members(200) },
  ];

  for (const visibility of ['public', 'private'] as const) {
    it(`answers each actor as the policy says, in a ${visibility} community`, async () => {
      const failures: string[] = [];
      for (const endpoint of endpoints) {
        for (const [i, actor] of actors.entries()) {
          const c = await cell(visibility);
          const [method, url, body] = endpoint.request(c);
          const res = await c.clients[actor].request(method, url, body);
          const expected = endpoint[visibility][i];
          if (res.status !== expected)
            failures.push(`${endpoint.name} as ${actor}: ${res.status}, expected ${expected}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
