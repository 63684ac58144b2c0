import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, communities, memberships } from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, canvas, uniqueSlug } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function tableCounts() {
  const [c] = await t.deps.db.select({ n: count() }).from(communities);
  const [m] = await t.deps.db.select({ n: count() }).from(memberships);
  const [a] = await t.deps.db.select({ n: count() }).from(activityEvents);
  return { communities: c.n, memberships: m.n, activity: a.n };
}

describe('starting a community from the canvas', () => {
  it('creates it with the creator as its active coordinator and records the event', async () => {
    const { user, client } = await t.signedInUser({ name: 'Ada' });
    const body = canvas({ topics: [' Testing ', 'testing', 'Packaging', ''] });
    const res = await client.post(`${API}/communities`, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: body.slug,
      name: body.name,
      topics: ['Testing', 'Packaging'],
      memberCount: 1,
      coordinators: [{ id: user.id, name: 'Ada' }],
      myMembership: { role: 'coordinator', status: 'active', breakUntil: null },
      pendingInvitation: false,
      abilities: { edit: true, invite: true, manageMembers: true, viewRequests: true, join: false, leave: true },
    });
    const events = await t.deps.db.select().from(activityEvents).where(eq(activityEvents.communityId, res.body.id));
    expect(events.map((e) => e.verb)).toEqual(['created_community']);
  });

  it('requires a signed-in person', async () => {
    const res = await t.client().post(`${API}/communities`, canvas());
    expect(res.status).toBe(401);
  });

  const tooLongName = 'n'.repeat(121);
  const refusals: [string, Record<string, unknown>, number, string, string?][] = [
    ['a name of 121 characters', { name: tooLongName }, 400, 'too_long', 'name'],
    ['an empty name', { name: '   ' }, 400, 'too_short', 'name'],
    ['an array for the name', { name: ['x'] }, 400, 'invalid_type', 'name'],
    ['a number for the name', { name: 42 }, 400, 'invalid_type', 'name'],
    ['null for the slug', { slug: null }, 400, 'invalid_type', 'slug'],
    ['an uppercase slug', { slug: 'Hello-World' }, 400, 'invalid_format', 'slug'],
    ['a slug with spaces', { slug: 'hello world' }, 400, 'invalid_format', 'slug'],
    ['a slug with a double hyphen', { slug: 'a--b' }, 400, 'invalid_format', 'slug'],
    ['a two-letter slug', { slug: 'ab' }, 400, 'too_short', 'slug'],
    ['a 61-letter slug', { slug: 'a'.repeat(61) }, 400, 'too_long', 'slug'],
    ['a reserved slug', { slug: 'admin' }, 422, 'slug_reserved', 'slug'],
    ['the reserved slug "new"', { slug: 'new' }, 422, 'slug_reserved', 'slug'],
    ['an unknown type', { type: 'secret-society' }, 400, 'invalid_value', 'type'],
    ['an unknown visibility', { visibility: 'hidden' }, 400, 'invalid_value', 'visibility'],
    ['an unknown joining policy', { joining: 'lottery' }, 400, 'invalid_value', 'joining'],
    [
      'a private community anyone may join',
      { visibility: 'private', joining: 'open' },
      422,
      'invalid_combination',
      'joining',
    ],
    [
      'a private community joined by request',
      { visibility: 'private', joining: 'request' },
      422,
      'invalid_combination',
      'joining',
    ],
    ['a topic of 81 characters', { topics: ['t'.repeat(81)] }, 400, 'too_long', 'topics.0'],
    ['41 topics', { topics: Array.from({ length: 41 }, (_, i) => `topic ${i}`) }, 400, 'too_long', 'topics'],
    ['a string for the topics', { topics: 'a, b' }, 400, 'invalid_type', 'topics'],
    ['a missing need', { need: undefined }, 400, 'required', 'need'],
    ['an unknown field', { ownerId: 'someone' }, 400, 'unknown_field', 'ownerId'],
    ['a role smuggled in', { role: 'coordinator' }, 400, 'unknown_field', 'role'],
  ];

  it.each(refusals)('refuses %s and writes nothing', async (_label, override, status, code, field) => {
    const { client } = await t.signedInUser();
    const before = await tableCounts();
    const res = await client.post(`${API}/communities`, canvas(override));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (field) expect(res.body.error.field).toBe(field);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses malformed JSON and a body that is not an object', async () => {
    const { client } = await t.signedInUser();
    const malformed = await client.post(`${API}/communities`, '{"name": "x",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    for (const body of ['[]', 'null', '"text"', '12']) {
      const res = await client.post(`${API}/communities`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_type');
    }
    const form = await client.request('POST', `${API}/communities`, 'name=x', { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('answers 409 slug_taken for a taken address and leaves everything as it was', async () => {
    const { client } = await t.signedInUser();
    const slug = uniqueSlug();
    expect((await client.post(`${API}/communities`, canvas({ slug }))).status).toBe(201);
    const before = await tableCounts();
    const res = await client.post(`${API}/communities`, canvas({ slug }));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'slug_taken', field: 'slug' });
    expect(await tableCounts()).toEqual(before);
  });

  it('gives exactly one of two simultaneous requests for the same address', async () => {
    const { client } = await t.signedInUser();
    const slug = uniqueSlug();
    const results = await Promise.all([
      client.post(`${API}/communities`, canvas({ slug })),
      client.post(`${API}/communities`, canvas({ slug })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('slug_taken');
  });
});

describe('editing the canvas', () => {
  it('lets a coordinator change fields and the address, and records what changed', async () => {
    const { user, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: user });
    const slug = uniqueSlug('moved');
    const res = await client.patch(`${API}/communities/${community.slug}`, { purpose: 'A sharper purpose', slug });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug, purpose: 'A sharper purpose' });
    expect((await client.get(`${API}/communities/${community.slug}`)).status).toBe(404);
    const [event] = await t.deps.db.select().from(activityEvents).where(eq(activityEvents.verb, 'updated_community'));
    expect(event.data).toEqual({ fields: expect.arrayContaining(['purpose', 'slug']) });
  });

  it('applies the same checks as creation', async () => {
    const { user, client } = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: user });
    const other = await buildCommunity(t, { createdBy: user });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ slug: other.slug }, 409, 'slug_taken'],
      [{ slug: 'api' }, 422, 'slug_reserved'],
      [{ visibility: 'private' }, 422, 'invalid_combination'],
      [{ name: 'x'.repeat(121) }, 400, 'too_long'],
      [{ memberCount: 0 }, 400, 'unknown_field'],
    ];
    for (const [patch, status, code] of cases) {
      const res = await client.patch(`${API}/communities/${community.slug}`, patch);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    }
    const ok = await client.patch(`${API}/communities/${community.slug}`, {
      visibility: 'private',
      joining: 'invitation',
    });
    expect(ok.body).toMatchObject({ visibility: 'private', joining: 'invitation' });
  });
});

describe('the directory', () => {
  let viewer: Client;
  let tag: string;
  beforeAll(async () => {
    const a = await t.signedInUser();
    viewer = a.client;
    tag = `tag${Date.now().toString(36)}`;
    const owner = await t.createUser();
    const small = await buildCommunity(t, { createdBy: owner, name: `Beta ${tag}`, type: 'local' });
    const big = await buildCommunity(t, { createdBy: owner, name: `Alpha ${tag}`, type: 'internal' });
    await buildCommunity(t, { createdBy: owner, name: `Hidden ${tag}`, visibility: 'private' });
    const mine = await buildCommunity(t, { createdBy: owner, name: `Mine ${tag}`, visibility: 'private' });
    await buildMember(t, mine, a.user, { status: 'on_break' });
    for (let i = 0; i < 2; i++) await buildMember(t, big, await t.createUser(), {});
    await buildMember(t, small, await t.createUser(), { status: 'alumni' });
  });

  it('lists what the viewer may see, biggest first, with their membership', async () => {
    const res = await viewer.get(`${API}/communities?q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string; memberCount: number }) => [c.name, c.memberCount])).toEqual([
      [`Alpha ${tag}`, 3],
      [`Mine ${tag}`, 2],
      [`Beta ${tag}`, 1],
    ]);
    expect(res.body.items[1].myMembership).toEqual({ role: 'member', status: 'on_break', breakUntil: null });
    expect(Object.keys(res.body.items[0]).sort()).toEqual(
      [
        'domain',
        'joining',
        'memberCount',
        'myMembership',
        'name',
        'purpose',
        'slug',
        'topics',
        'type',
        'visibility',
      ].sort(),
    );
  });

  it('hides private communities from anonymous visitors and shows all to an admin', async () => {
    const anon = await t.client().get(`${API}/communities?q=${tag}`);
    expect(anon.body.items.map((c: { name: string }) => c.name)).toEqual([`Alpha ${tag}`, `Beta ${tag}`]);
    const { client: admin } = await t.signedInUser({ isAdmin: true });
    expect((await admin.get(`${API}/communities?q=${tag}`)).body.items).toHaveLength(4);
  });

  it('filters by type and treats % in the search as a character', async () => {
    const res = await viewer.get(`${API}/communities?q=${tag}&type=local`);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual([`Beta ${tag}`]);
    expect((await viewer.get(`${API}/communities?q=%25`)).body.items).toEqual([]);
    expect((await viewer.get(`${API}/communities?type=guild`)).status).toBe(400);
  });
});

describe('activity', () => {
  it('pages through events newest first for coordinators', async () => {
    const { user, client } = await t.signedInUser({ name: 'Coordinator' });
    const community = await buildCommunity(t, { createdBy: user });
    for (let i = 0; i < 55; i++)
      await client.patch(`${API}/communities/${community.slug}`, { purpose: `Purpose ${i}` });
    const first = await client.get(`${API}/communities/${community.slug}/activity`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({
      verb: 'updated_community',
      actor: { id: user.id, name: 'Coordinator' },
      objectType: 'community',
    });
    const second = await client.get(`${API}/communities/${community.slug}/activity?cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(5);
    expect(second.body.nextCursor).toBeNull();
    expect((await client.get(`${API}/communities/${community.slug}/activity?cursor=nonsense`)).status).toBe(400);
  });
});
