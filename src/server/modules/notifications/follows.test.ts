import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, communities, follows, posts, users } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import { followerIds } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** Soft-deletes a post the way the conversations module does, without going through its rules. */
const softDelete = (postId: string) =>
  t.deps.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, postId));

const followRows = (userId: string) => t.deps.db.select().from(follows).where(eq(follows.userId, userId));
const followEvents = (userId: string) =>
  t.deps.db
    .select({ verb: activityEvents.verb, objectType: activityEvents.objectType, objectId: activityEvents.objectId })
    .from(activityEvents)
    .where(and(eq(activityEvents.actorId, userId), eq(activityEvents.objectType, 'tag')));

describe('following a post', () => {
  it('follows and unfollows, idempotently, and lists what I follow', async () => {
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user });
    const post = await buildPost(t, community, owner, { title: 'Snakemake on HPC' });
    const { user, client } = await t.signedInUser();
    const url = `${API}/communities/${community.slug}/posts/${post.id}/follow`;

    // Anyone signed in who can see a public community may follow its posts.
    for (let i = 0; i < 2; i++) expect((await client.put(url)).body).toEqual({ following: true });
    expect(await followRows(user.id)).toMatchObject([
      { targetType: 'post', target: post.id, communityId: community.id },
    ]);
    // The author follows their own post from the start.
    const followers = await followerIds(t.deps.db, community.id, [{ targetType: 'post', target: post.id }]);
    expect(followers.sort()).toEqual([user.id, owner.user.id].sort());
    const mine = await client.get(`${API}/communities/${community.slug}/follows`);
    expect(mine.body).toEqual({ tags: [], members: [], posts: [{ id: post.id, title: 'Snakemake on HPC' }] });

    for (let i = 0; i < 2; i++) expect((await client.delete(url)).body).toEqual({ following: false });
    expect(await followRows(user.id)).toEqual([]);
  });

  it('refuses the signed out, hidden, deleted and foreign posts', async () => {
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user });
    const other = await buildCommunity(t, { createdBy: owner.user });
    const hidden = await buildCommunity(t, { createdBy: owner.user, visibility: 'private' });
    const post = await buildPost(t, community, owner);
    const deleted = await buildPost(t, community, owner);
    await softDelete(deleted.id);
    const foreign = await buildPost(t, other, owner);
    const secret = await buildPost(t, hidden, owner);
    const { user, client } = await t.signedInUser();
    const url = (slug: string, id: string) => `${API}/communities/${slug}/posts/${id}/follow`;

    const anon = await t.client().put(url(community.slug, post.id));
    expect([anon.status, anon.body.error.code]).toEqual([401, 'unauthenticated']);
    for (const [slug, id] of [
      [community.slug, deleted.id],
      [community.slug, foreign.id],
      [community.slug, '00000000-0000-4000-8000-000000000000'],
      [hidden.slug, secret.id],
    ]) {
      for (const res of [await client.put(url(slug, id)), await client.delete(url(slug, id))]) {
        expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
      }
    }
    expect((await client.put(url(community.slug, 'not-a-uuid'))).status).toBe(400);
    expect(await followRows(user.id)).toEqual([]);
  });

  it('hides followed posts that were deleted since', async () => {
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user });
    const { client } = await t.signedInUser();
    const [a, b] = [await buildPost(t, community, owner), await buildPost(t, community, owner)];
    for (const p of [a, b]) await client.put(`${API}/communities/${community.slug}/posts/${p.id}/follow`);
    await softDelete(a.id);
    const mine = await client.get(`${API}/communities/${community.slug}/follows`);
    expect(mine.body.posts.map((p: { id: string }) => p.id)).toEqual([b.id]);
  });
});

describe('following a tag', () => {
  it('stores topics lower-case and refuses tags posts cannot carry', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, topics: ['Data Curation', 'R'] });
    const { user, client } = await t.signedInUser();
    const url = (tag: string) => `${API}/communities/${community.slug}/follows/tags/${encodeURIComponent(tag)}`;

    expect((await client.put(url('DATA curation'))).body).toEqual({ following: true });
    expect((await client.put(url('r'))).body).toEqual({ following: true });
    expect((await client.put(url('Data Curation'))).status).toBe(200);
    expect((await followRows(user.id)).map((f) => f.target).sort()).toEqual(['data curation', 'r']);
    expect((await client.get(`${API}/communities/${community.slug}/follows`)).body.tags).toEqual([
      'data curation',
      'r',
    ]);
    expect(await followEvents(user.id)).toEqual([
      { verb: 'followed', objectType: 'tag', objectId: 'data curation' },
      { verb: 'followed', objectType: 'tag', objectId: 'r' },
    ]);

    const unknown = await client.put(url('Python'));
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([422, 'unknown_tag', 'tag']);
    expect((await client.put(url('x'.repeat(81)))).status).toBe(400);

    await t.deps.db.update(communities).set({ allowFreeTags: true }).where(eq(communities.id, community.id));
    expect((await client.put(url('Python'))).body).toEqual({ following: true });

    expect((await client.delete(url('DATA CURATION'))).body).toEqual({ following: false });
    expect((await client.get(`${API}/communities/${community.slug}/follows`)).body.tags).toEqual(['python', 'r']);
    expect((await followEvents(user.id)).at(-1)).toEqual({
      verb: 'unfollowed',
      objectType: 'tag',
      objectId: 'data curation',
    });
  });

  it('needs a signed-in person who can see the community', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, topics: ['R'] });
    const hidden = await buildCommunity(t, { createdBy: owner, visibility: 'private', topics: ['R'] });
    const { client } = await t.signedInUser();
    expect((await t.client().put(`${API}/communities/${community.slug}/follows/tags/R`)).status).toBe(401);
    expect((await t.client().get(`${API}/communities/${community.slug}/follows`)).status).toBe(401);
    expect((await client.put(`${API}/communities/${hidden.slug}/follows/tags/R`)).status).toBe(404);
    expect((await client.get(`${API}/communities/${hidden.slug}/follows`)).status).toBe(404);
    expect((await client.put(`${API}/communities/no-such-place/follows/tags/R`)).status).toBe(404);
  });
});

describe('following a member', () => {
  it('follows people in the directory, not others, and never oneself', async () => {
    const owner = await t.createUser({ name: 'Olu Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const alumna = await t.createUser({ name: 'Ada Alumna' });
    await buildMember(t, community, alumna, { status: 'alumni' });
    const pending = await t.createUser();
    await buildMember(t, community, pending, { status: 'pending' });
    const removed = await t.createUser();
    await buildMember(t, community, removed, { status: 'removed' });
    const stranger = await t.createUser();
    const { user, client } = await t.signedInUser();
    await buildMember(t, community, user);
    const url = (id: string) => `${API}/communities/${community.slug}/follows/members/${id}`;

    expect((await client.put(url(owner.id))).body).toEqual({ following: true });
    expect((await client.put(url(alumna.id))).body).toEqual({ following: true });
    for (const id of [pending.id, removed.id, stranger.id]) {
      const res = await client.put(url(id));
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    const self = await client.put(url(user.id));
    expect([self.status, self.body.error.code, self.body.error.field]).toEqual([422, 'follow_self', 'userId']);
    expect((await client.put(url('nobody'))).status).toBe(400);
    expect((await t.client().put(url(owner.id))).status).toBe(401);

    const handles = await t.deps.db.select({ id: users.id, handle: users.handle }).from(users);
    const handleOf = (id: string) => handles.find((h) => h.id === id)!.handle;
    const mine = await client.get(`${API}/communities/${community.slug}/follows`);
    expect(mine.body.members).toEqual([
      { id: alumna.id, name: 'Ada Alumna', handle: handleOf(alumna.id) },
      { id: owner.id, name: 'Olu Owner', handle: handleOf(owner.id) },
    ]);
    expect(handleOf(owner.id)).toMatch(/^olu_owner\d*$/);

    // Someone who left the directory can still be unfollowed.
    await buildMember(t, community, alumna, { status: 'removed' });
    expect((await client.delete(url(alumna.id))).body).toEqual({ following: false });
    expect(await followerIds(t.deps.db, community.id, [{ targetType: 'member', target: owner.id }])).toEqual([user.id]);
  });
});

describe('people to @mention', () => {
  it('suggests up to eight current members by handle or name prefix, to those who may post', async () => {
    const owner = await t.createUser({ name: 'Zed Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const names = ['Mara Quill', 'Marek Stone', 'Quentin Marsh', 'Ana Maple', 'Mabel Zed'];
    const made: Record<string, { id: string }> = {};
    for (const name of names) {
      made[name] = await t.createUser({ name });
      await buildMember(t, community, made[name], { status: name === 'Marek Stone' ? 'on_break' : 'active' });
    }
    const alumna = await t.createUser({ name: 'Mary Former' });
    await buildMember(t, community, alumna, { status: 'alumni' });
    const suffix = Date.now().toString(36);
    await t.deps.db
      .update(users)
      .set({ handle: `maple_${suffix}` })
      .where(eq(users.id, made['Ana Maple'].id));
    await t.deps.db
      .update(users)
      .set({ handle: `zz_${suffix}` })
      .where(eq(users.id, made['Mabel Zed'].id));
    const { user, client } = await t.signedInUser({ name: 'Quinn Poster' });
    await buildMember(t, community, user);
    const url = (q: string) => `${API}/communities/${community.slug}/mentionable?q=${encodeURIComponent(q)}`;
    const namesFor = async (q: string) =>
      ((await client.get(url(q))).body.items as { name: string }[]).map((p) => p.name);

    // Handle matches first, then name matches; alumni are not suggested.
    expect(await namesFor('ma')).toEqual(['Ana Maple', 'Mara Quill', 'Marek Stone', 'Mabel Zed']);
    expect(await namesFor('@MAR')).toEqual(['Mara Quill', 'Marek Stone']);
    expect(await namesFor('qu')).toEqual(['Quentin Marsh', 'Quinn Poster']);
    expect(await namesFor('%')).toEqual([]);
    const item = (await client.get(url('mara'))).body.items[0];
    expect(Object.keys(item).sort()).toEqual(['handle', 'id', 'name']);

    for (let i = 0; i < 9; i++) await buildMember(t, community, await t.createUser({ name: `Many ${i}` }));
    expect(await namesFor('many')).toHaveLength(8);
    expect(await namesFor('')).toHaveLength(8);

    const outsider = await t.signedInUser();
    expect((await outsider.client.get(url('ma'))).status).toBe(403);
    expect((await t.client().get(url('ma'))).status).toBe(401);
    const hidden = await buildCommunity(t, { createdBy: owner, visibility: 'private' });
    expect((await client.get(`${API}/communities/${hidden.slug}/mentionable?q=ma`)).status).toBe(404);
  });
});

describe('what following brings', () => {
  it('notifies followers of a tag or a member about new posts, and of a post about replies', async () => {
    const { user: author, client: authorClient } = await t.signedInUser({ name: 'Avery Author' });
    const community = await buildCommunity(t, { createdBy: author, topics: ['Testing', 'Packaging'] });
    const reader = await t.signedInUser();
    const replier = await t.signedInUser();
    for (const u of [reader.user, replier.user]) await buildMember(t, community, u);
    const base = `${API}/communities/${community.slug}`;
    expect((await reader.client.put(`${base}/follows/tags/TESTING`)).status).toBe(200);
    const kindsFor = async (postId: string) =>
      ((await reader.client.get(`${API}/notifications`)).body.items as { kind: string; post: { id: string } }[])
        .filter((n) => n.post.id === postId)
        .map((n) => n.kind);

    const tagged = await buildPost(t, community, authorClient, { tags: ['Testing'] });
    const untagged = await buildPost(t, community, authorClient, { tags: ['Packaging'] });
    expect(await kindsFor(tagged.id)).toEqual(['followed_tag']);
    expect(await kindsFor(untagged.id)).toEqual([]);

    await reader.client.put(`${base}/follows/members/${author.id}`);
    const byAuthor = await buildPost(t, community, authorClient, { tags: ['Testing'] });
    expect(await kindsFor(byAuthor.id)).toHaveLength(1); // one per person per event

    await reader.client.put(`${base}/posts/${untagged.id}/follow`);
    await buildReply(t, community, untagged, replier);
    expect(await kindsFor(untagged.id)).toEqual(['followed_post']);
    expect((await reader.client.get(`${base}/follows`)).body.posts).toEqual([
      { id: untagged.id, title: untagged.title },
    ]);
  });
});
