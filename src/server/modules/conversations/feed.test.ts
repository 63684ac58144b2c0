import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostKind } from '../../../common/limits.js';
import { communities, posts } from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function setup(topics = ['Testing', 'Packaging']) {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  return { owner, community, member, url: `${API}/communities/${community.slug}/posts` };
}

/** Posts written straight to the table, at chosen moments: many share one, to test the tie-break. */
async function insertPosts(
  community: { id: string },
  author: { id: string },
  n: number,
  make: (i: number) => Partial<typeof posts.$inferInsert> = () => ({}),
) {
  const base = Date.parse('2030-06-01T12:00:00Z');
  const rows = await t.deps.db
    .insert(posts)
    .values(
      Array.from({ length: n }, (_, i) => {
        const at = new Date(base + Math.floor(i / 3) * 1000);
        return {
          communityId: community.id,
          authorId: author.id,
          kind: 'question',
          title: `Post ${i}`,
          body: `Body ${i}`,
          bodyHtml: `<p>Body ${i}</p>`,
          createdAt: at,
          lastActivityAt: new Date(base - i * 7000 + (i % 4) * 30_000),
          ...make(i),
        };
      }),
    )
    .returning();
  return rows;
}

async function walk(client: Client, url: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await client.get(
      `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((p) => p.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return ids;
}

const byDesc =
  <T>(key: (r: T) => [number, string]) =>
  (a: T, b: T) => {
    const [x, i] = key(a);
    const [y, j] = key(b);
    return y - x || (j < i ? -1 : j > i ? 1 : 0);
  };

describe('the community feed', () => {
  it('pages every sort by keyset without repeats or gaps, even among posts of the same instant', async () => {
    const { community, member, url } = await setup();
    const rows = await insertPosts(community, member.user, 23, (i) => ({
      acceptedReplyId: null,
      kind: i % 5 === 0 ? 'discussion' : 'question',
    }));
    // Microseconds matter: two posts a microsecond apart must not be confused by a rounded cursor.
    await t.deps.db
      .update(posts)
      .set({ createdAt: sql`${posts.createdAt} + interval '1 microsecond'` })
      .where(eq(posts.id, rows[1].id));
    const [bumped] = await t.deps.db.select().from(posts).where(eq(posts.id, rows[1].id));
    rows[1] = bumped;
    const micro = (r: (typeof rows)[number]) => r.createdAt.getTime() + (r.id === rows[1].id ? 0.001 : 0);

    const latest = [...rows].sort(byDesc((r) => [micro(r), r.id])).map((r) => r.id);
    const active = [...rows].sort(byDesc((r) => [r.lastActivityAt.getTime(), r.id])).map((r) => r.id);
    const unanswered = rows
      .filter((r) => r.kind === 'question')
      .sort(byDesc((r) => [micro(r), r.id]))
      .reverse()
      .map((r) => r.id);

    for (const limit of [1, 4, 7, 50]) {
      expect(await walk(member.client, url, limit)).toEqual(latest);
      expect(await walk(member.client, `${url}?sort=active`, limit)).toEqual(active);
      expect(await walk(member.client, `${url}?sort=unanswered`, limit)).toEqual(unanswered);
    }
    const first = await member.client.get(`${url}?limit=2`);
    const wrongSort = await member.client.get(`${url}?sort=active&cursor=${first.body.nextCursor}`);
    expect([wrongSort.status, wrongSort.body.error.code, wrongSort.body.error.field]).toEqual([
      400,
      'invalid_cursor',
      'cursor',
    ]);
    for (const bad of [
      'cursor=abc',
      `cursor=${Buffer.from(JSON.stringify(['latest', "'; drop table posts", rows[0].id])).toString('base64url')}`,
      'limit=0',
      'limit=51',
      'sort=hot',
      'kind=rant',
      'author=someone',
    ]) {
      const res = await member.client.get(`${url}?${bad}`);
      expect([res.status, typeof res.body.error.code], bad).toEqual([400, 'string']);
    }
  });

  it('lists unanswered questions oldest first and drops them once answered or deleted', async () => {
    const { community, owner, member, url } = await setup();
    const older = await buildPost(t, community, member, { kind: 'question', title: 'Older' });
    const newer = await buildPost(t, community, member, { kind: 'question', title: 'Newer' });
    const answered = await buildPost(t, community, member, { kind: 'question', title: 'Answered' });
    const deleted = await buildPost(t, community, member, { kind: 'question', title: 'Deleted' });
    await buildPost(t, community, member, { kind: 'need', title: 'A need' });
    await buildPost(t, community, member, { kind: 'discussion', title: 'Talk' });
    const reply = await buildReply(t, community, answered, owner);
    await member.client.put(`${url}/${answered.id}/accepted`, { replyId: reply.id });
    await member.client.delete(`${url}/${deleted.id}`);

    const titles = async (query: string) =>
      (await t.client().get(`${url}?${query}`)).body.items.map((p: { title: string }) => p.title);
    expect(await titles('sort=unanswered')).toEqual([older.title, newer.title]);
    expect(await titles('sort=latest')).toEqual(['Talk', 'A need', 'Answered', 'Newer', 'Older']);
    // A reply makes a post the most active one.
    await buildReply(t, community, older, owner);
    expect(await titles('sort=active')).toEqual(['Older', 'Answered', 'Talk', 'A need', 'Newer']);
    const summary = (await t.client().get(`${url}?sort=latest&kind=question`)).body.items.find(
      (p: { id: string }) => p.id === answered.id,
    );
    expect(summary).toMatchObject({ answered: true, acceptedReplyId: reply.id, replyCount: 1 });
  });

  it('filters by kind (the wins and needs boards), tag in any case, and author', async () => {
    const { community, owner, member, url } = await setup();
    const kinds: [PostKind, string[]][] = [
      ['win', ['Testing']],
      ['need', ['Packaging']],
      ['win', []],
      ['question', ['Testing', 'Packaging']],
    ];
    const made = [];
    for (const [i, [kind, tags]] of kinds.entries()) {
      made.push(await buildPost(t, community, i % 2 ? owner : member, { kind, tags, title: `${kind} ${i}` }));
    }
    const ids = async (query: string) =>
      (await member.client.get(`${url}?${query}`)).body.items.map((p: { id: string }) => p.id);
    expect(await ids('kind=win')).toEqual([made[2].id, made[0].id]);
    expect(await ids('kind=need')).toEqual([made[1].id]);
    expect(await ids('tag=testing')).toEqual([made[3].id, made[0].id]);
    expect(await ids('tag=PACKAGING&sort=active')).toEqual([made[3].id, made[1].id]);
    expect(await ids('tag=Cooking')).toEqual([]);
    expect(await ids(`author=${owner.user.id}`)).toEqual([made[3].id, made[1].id]);
    expect(await ids(`author=${owner.user.id}&kind=need&tag=packaging`)).toEqual([made[1].id]);
    expect(await ids('kind=question&sort=unanswered')).toEqual([made[3].id]);
    expect(await ids('kind=win&sort=unanswered')).toEqual([]);
    expect((await walk(member.client, `${url}?kind=win`, 1)).length).toBe(2);
  });

  it('shows free tags whatever case they are asked for in', async () => {
    const { community, member, url } = await setup([]);
    await t.deps.db.update(communities).set({ allowFreeTags: true }).where(eq(communities.id, community.id));
    const post = await buildPost(t, community, member, { tags: ['Snakemake'] });
    expect(post.tags).toEqual(['snakemake']);
    const res = await member.client.get(`${url}?tag=SnakeMake`);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([post.id]);
  });

  it('is hidden with the community', async () => {
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user, visibility: 'private' });
    await buildPost(t, community, owner);
    const outsider = await t.signedInUser();
    const missing = (await outsider.client.get(`${API}/communities/no-such-community`)).body;
    for (const client of [outsider.client, t.client()]) {
      const res = await client.get(`${API}/communities/${community.slug}/posts`);
      expect([res.status, res.body]).toEqual([404, missing]);
    }
    expect((await owner.client.get(`${API}/communities/${community.slug}/posts`)).body.items).toHaveLength(1);
  });
});

describe('the home feed', () => {
  it('merges the communities I currently belong to, newest first, and pages without repeats', async () => {
    const me = await t.signedInUser({ name: 'Hope Home' });
    const owner = await t.signedInUser();
    const statuses = ['active', 'on_break', 'alumni', 'pending', 'removed'] as const;
    const made: Record<string, (typeof posts.$inferSelect)[]> = {};
    for (const [i, status] of statuses.entries()) {
      const community = await buildCommunity(t, { createdBy: owner.user, name: `Home ${status}` });
      await buildMember(t, community, me.user, { status });
      made[status] = await insertPosts(community, owner.user, 5 + i, (j) => ({
        // Interleave the communities in time.
        createdAt: new Date(Date.parse('2030-06-01T12:00:00Z') + (j * 5 + i) * 1000),
        lastActivityAt: new Date(Date.parse('2030-06-01T12:00:00Z') - (j * 5 + i) * 1000),
        deletedAt: j === 2 ? new Date() : null,
      }));
    }
    // A public community I never joined stays out too.
    const stranger = await buildCommunity(t, { createdBy: owner.user });
    await insertPosts(stranger, owner.user, 3);

    const mine = [...made.active, ...made.on_break].filter((p) => !p.deletedAt);
    const latest = [...mine].sort(byDesc((p) => [p.createdAt.getTime(), p.id])).map((p) => p.id);
    const active = [...mine].sort(byDesc((p) => [p.lastActivityAt.getTime(), p.id])).map((p) => p.id);
    for (const limit of [1, 3, 20]) {
      expect(await walk(me.client, `${API}/feed`, limit)).toEqual(latest);
      expect(await walk(me.client, `${API}/feed?sort=active`, limit)).toEqual(active);
    }
    const page = (await me.client.get(`${API}/feed?limit=1`)).body.items[0];
    expect(page.community).toEqual({ slug: expect.any(String), name: 'Home on_break' });

    const anon = await t.client().get(`${API}/feed`);
    expect([anon.status, anon.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await me.client.get(`${API}/feed?sort=unanswered`)).status).toBe(400);
    const nobody = await t.signedInUser();
    expect((await nobody.client.get(`${API}/feed`)).body).toEqual({ items: [], nextCursor: null });
  });
});
