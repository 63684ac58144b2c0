import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../../common/limits.js';
import { activityEvents, follows, notifications, posts, replies, throttles } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import { replyThrottleKey } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function setup(kind = 'question') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing'] });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const post = await buildPost(t, community, member, { kind });
  const url = `${API}/communities/${community.slug}/posts/${post.id}`;
  return { owner, community, member, post, url };
}

async function join(community: { id: string }, role: 'member' | 'core' = 'member', name?: string) {
  const s = await t.signedInUser({ name });
  await buildMember(t, community, s.user, { role });
  return s;
}

async function postRow(id: string) {
  const [row] = await t.deps.db.select().from(posts).where(eq(posts.id, id));
  return row;
}

async function verbs(communityId: string) {
  const rows = await t.deps.db
    .select({ verb: activityEvents.verb })
    .from(activityEvents)
    .where(eq(activityEvents.communityId, communityId))
    .orderBy(activityEvents.id);
  return rows.map((r) => r.verb).filter((v) => v !== 'viewed_post');
}

describe('threads', () => {
  it('stay one level deep: answering a child hangs under its parent and quotes the child', async () => {
    const { community, owner, member, post, url } = await setup();
    const third = await join(community, 'member', 'Theo Third');
    const top = await buildReply(t, community, post, owner, { body: 'Top-level **answer** about lock files.' });
    expect(top).toMatchObject({
      postId: post.id,
      parentId: null,
      quoted: null,
      author: { id: owner.user.id, name: 'Olu Owner' },
      bodyHtml: '<p>Top-level <strong>answer</strong> about lock files.</p>\n',
      deleted: false,
      accepted: false,
      answeredByHost: false,
      editedAt: null,
      abilities: { edit: true, delete: true, react: true, reply: true },
    });
    const child = await buildReply(t, community, post, member, { replyTo: top.id, body: 'Which tool?' });
    expect(child).toMatchObject({
      parentId: top.id,
      quoted: { id: top.id, author: { id: owner.user.id }, excerpt: 'Top-level answer about lock files.' },
    });
    const grandchild = await buildReply(t, community, post, third, { replyTo: child.id, body: 'conda-lock' });
    expect(grandchild).toMatchObject({ parentId: top.id, quoted: { id: child.id, author: { id: member.user.id } } });

    const list = await t.client().get(`${url}/replies`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([top.id, child.id, grandchild.id]);
    expect(list.body.items[0].abilities).toEqual({ edit: false, delete: false, react: false, reply: false });
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      [
        'id',
        'postId',
        'parentId',
        'quoted',
        'author',
        'body',
        'bodyHtml',
        'createdAt',
        'editedAt',
        'deleted',
        'accepted',
        'answeredByHost',
        'reactions',
        'abilities',
      ].sort(),
    );

    const other = await buildPost(t, community, owner);
    const elsewhere = await buildReply(t, community, other, owner);
    for (const replyTo of [elsewhere.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await member.client.post(`${url}/replies`, { body: 'Hm', replyTo });
      expect([res.status, res.body.error.code, res.body.error.field]).toEqual([422, 'unknown_reply', 'replyTo']);
    }
    const malformed = await member.client.post(`${url}/replies`, { body: 'Hm', replyTo: 'nope' });
    expect([malformed.status, malformed.body.error.field]).toEqual([400, 'replyTo']);
    const tooLong = await member.client.post(`${url}/replies`, { body: 'b'.repeat(limits.replyBody + 1) });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.field]).toEqual([400, 'too_long', 'body']);
    const empty = await member.client.post(`${url}/replies`, { body: '  ' });
    expect([empty.status, empty.body.error.code, empty.body.error.field]).toEqual([400, 'too_short', 'body']);
    expect((await postRow(post.id)).replyCount).toBe(3);
  });

  it('pages in the order written, without repeats or gaps', async () => {
    const { community, owner, member, post, url } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await buildReply(t, community, post, i % 2 ? owner : member)).id);
    // Two replies written in the same instant still page apart by id.
    await t.deps.db
      .update(replies)
      .set({ createdAt: new Date('2030-01-01T00:00:00Z') })
      .where(eq(replies.postId, post.id));
    const expected = [...ids].sort();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await member.client.get(
        `${url}/replies?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    for (const bad of ['cursor=abc', 'limit=0', 'limit=201']) {
      expect((await member.client.get(`${url}/replies?${bad}`)).status).toBe(400);
    }
  });
});

describe('counters', () => {
  it('keep replyCount, lastActivityAt and the first reply right through replies and deletions', async () => {
    const { community, owner, member, post, url } = await setup();
    const created = new Date(post.createdAt).getTime();
    const self = await buildReply(t, community, post, member, { body: 'Bump' });
    let row = await postRow(post.id);
    expect([row.replyCount, row.firstReplyAt, row.lastActivityAt.toISOString()]).toEqual([1, null, self.createdAt]);
    const first = await buildReply(t, community, post, owner);
    const second = await buildReply(t, community, post, owner);
    row = await postRow(post.id);
    expect([row.replyCount, row.firstReplyAt?.toISOString(), row.lastActivityAt.toISOString()]).toEqual([
      3,
      first.createdAt,
      second.createdAt,
    ]);

    expect((await owner.client.delete(`${url}/replies/${second.id}`)).status).toBe(204);
    row = await postRow(post.id);
    expect([row.replyCount, row.lastActivityAt.toISOString()]).toEqual([2, first.createdAt]);
    await owner.client.delete(`${url}/replies/${first.id}`);
    await member.client.delete(`${url}/replies/${self.id}`);
    row = await postRow(post.id);
    expect([row.replyCount, row.lastActivityAt.getTime(), row.firstReplyAt?.toISOString()]).toEqual([
      0,
      created,
      first.createdAt,
    ]);
    const summary = (await t.client().get(`${API}/communities/${community.slug}/posts`)).body.items[0];
    expect([summary.replyCount, summary.lastActivityAt]).toEqual([0, post.createdAt]);
    expect(await verbs(community.id)).toEqual([
      'posted',
      'replied',
      'replied',
      'replied',
      'deleted_reply',
      'deleted_reply',
      'deleted_reply',
    ]);
  });
});

describe('deleted replies', () => {
  it('stay as empty placeholders only while they have live children, and stop being accepted', async () => {
    const { community, owner, member, post, url } = await setup();
    const top = await buildReply(t, community, post, owner, { body: 'Secret answer' });
    const child = await buildReply(t, community, post, member, { replyTo: top.id, body: 'Thanks!' });
    const lonely = await buildReply(t, community, post, owner, { body: 'Nobody answered me' });
    await member.client.put(`${url}/accepted`, { replyId: top.id });

    expect((await owner.client.delete(`${url}/replies/${top.id}`)).status).toBe(204);
    expect((await owner.client.delete(`${url}/replies/${lonely.id}`)).status).toBe(204);
    const items = (await member.client.get(`${url}/replies`)).body.items;
    expect(items.map((r: { id: string }) => r.id)).toEqual([top.id, child.id]);
    expect(items[0]).toMatchObject({ deleted: true, body: '', bodyHtml: '', author: null, accepted: false });
    expect(items[0].abilities).toEqual({ edit: false, delete: false, react: false, reply: false });
    expect(JSON.stringify(items)).not.toContain('Secret answer');
    expect(items[1]).toMatchObject({ deleted: false, quoted: { id: top.id, author: null, excerpt: '' } });
    const detail = (await member.client.get(url)).body;
    expect(detail).toMatchObject({ answered: false, acceptedReplyId: null, acceptedAt: null, replyCount: 1 });

    // A deleted reply cannot be edited, deleted, reacted to, answered or read back.
    const gone = `${url}/replies/${top.id}`;
    expect((await owner.client.patch(gone, { body: 'Again' })).status).toBe(404);
    expect((await owner.client.delete(gone)).status).toBe(404);
    expect((await member.client.put(`${gone}/reactions/thanks`)).status).toBe(404);
    expect((await member.client.get(`${gone}/revisions`)).status).toBe(404);
    const answer = await member.client.post(`${url}/replies`, { body: 'Hello?', replyTo: top.id });
    expect([answer.status, answer.body.error.code]).toEqual([422, 'unknown_reply']);

    await member.client.delete(`${url}/replies/${child.id}`);
    expect((await member.client.get(`${url}/replies`)).body.items).toEqual([]);
    const rows = await t.deps.db.select().from(replies).where(eq(replies.postId, post.id));
    expect(rows.every((r) => r.deletedAt !== null && r.body !== '')).toBe(true);
  });
});

describe('editing replies', () => {
  it('keeps revisions, sets editedAt, and lets only the author or the core group edit', async () => {
    const { community, member, post, url } = await setup();
    const other = await join(community);
    const core = await join(community, 'core');
    const reply = await buildReply(t, community, post, member, { body: 'First' });
    const one = `${url}/replies/${reply.id}`;
    expect((await other.client.patch(one, { body: 'Hijack' })).status).toBe(403);
    expect((await other.client.delete(one)).status).toBe(403);
    expect((await t.client().patch(one, { body: 'Anon' })).status).toBe(401);
    const edited = await member.client.patch(one, { body: 'Second' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'Second', bodyHtml: '<p>Second</p>\n' });
    expect(edited.body.editedAt).not.toBeNull();
    const moderated = await core.client.patch(one, { body: 'Third' });
    expect([moderated.status, moderated.body.author.id]).toEqual([200, member.user.id]);
    await member.client.patch(one, { body: 'Third' });
    const revs = await t.client().get(`${one}/revisions`);
    expect(
      revs.body.items.map((r: { body: string; title: null; tags: null; editor: { id: string } }) => [
        r.body,
        r.title,
        r.tags,
        r.editor.id,
      ]),
    ).toEqual([
      ['First', null, null, member.user.id],
      ['Second', null, null, core.user.id],
    ]);
    const tooLong = await member.client.patch(one, { body: 'b'.repeat(limits.replyBody + 1) });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.field]).toEqual([400, 'too_long', 'body']);
    expect(await verbs(community.id)).toEqual(['posted', 'replied', 'edited_reply', 'edited_reply']);
  });

  it('counts reactions on replies, one of each kind per member', async () => {
    const { community, owner, member, post, url } = await setup();
    const reply = await buildReply(t, community, post, owner);
    const path = `${url}/replies/${reply.id}/reactions/insightful`;
    expect((await member.client.put(path)).body.reactions[2]).toEqual({ kind: 'insightful', count: 1, mine: true });
    expect((await member.client.put(path)).body.reactions[2]).toEqual({ kind: 'insightful', count: 1, mine: true });
    const listed = (await owner.client.get(`${url}/replies`)).body.items[0];
    expect(listed.reactions).toEqual([
      { kind: 'plus_one', count: 0, mine: false },
      { kind: 'thanks', count: 0, mine: false },
      { kind: 'insightful', count: 1, mine: false },
    ]);
    // The page says which the reader gave, on the first page and on later ones alike.
    expect((await member.client.get(`${url}/replies`)).body.items[0].reactions[2]).toEqual({
      kind: 'insightful',
      count: 1,
      mine: true,
    });
    await buildReply(t, community, post, owner);
    const first = (await member.client.get(`${url}/replies?limit=1`)).body;
    expect(first.items[0].reactions[2].mine).toBe(true);
    const second = (await member.client.get(`${url}/replies?limit=1&cursor=${first.nextCursor}`)).body;
    expect(second.items[0].reactions.map((r: { count: number }) => r.count)).toEqual([0, 0, 0]);
    expect((await member.client.delete(path)).body.reactions[2]).toEqual({ kind: 'insightful', count: 0, mine: false });
    expect((await member.client.put(`${url}/replies/not-a-uuid/reactions/thanks`)).status).toBe(404);
  });
});

describe('the reply rate limit', () => {
  it('allows limits.repliesPerTenMinutes replies, then 429 with nothing written', async () => {
    const { member, post, url } = await setup();
    await t.deps.db.delete(throttles).where(eq(throttles.key, replyThrottleKey(member.user.id)));
    for (let i = 0; i < limits.repliesPerTenMinutes; i++) {
      expect((await member.client.post(`${url}/replies`, { body: `Reply ${i}` })).status).toBe(201);
    }
    const refused = await member.client.post(`${url}/replies`, { body: 'One more' });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(replies).where(eq(replies.postId, post.id));
    expect(n).toBe(limits.repliesPerTenMinutes);
    expect((await postRow(post.id)).replyCount).toBe(limits.repliesPerTenMinutes);
  });
});

describe('AMA replies', () => {
  it('take questions until the window closes, mark those the host answered, and let the host go on', async () => {
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user });
    const host = await t.signedInUser({ name: 'Hana Host' });
    await buildMember(t, community, host.user);
    const asker = await join(community);
    const post = await buildPost(t, community, owner, {
      kind: 'ama',
      ama: {
        hostId: host.user.id,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    const url = `${API}/communities/${community.slug}/posts/${post.id}`;
    const answered = await buildReply(t, community, post, asker, { body: 'What do you test first?' });
    const waiting = await buildReply(t, community, post, asker, { body: 'And second?' });
    await buildReply(t, community, post, host, { replyTo: answered.id, body: 'The data loaders.' });
    await buildReply(t, community, post, asker, { replyTo: waiting.id, body: 'Anyone?' });

    const flags = async () =>
      Object.fromEntries(
        (await asker.client.get(`${url}/replies`)).body.items.map((r: { id: string; answeredByHost: boolean }) => [
          r.id,
          r.answeredByHost,
        ]),
      );
    const before = await flags();
    expect([before[answered.id], before[waiting.id]]).toEqual([true, false]);

    await t.deps.db
      .update(posts)
      .set({ amaEndsAt: new Date(Date.now() - 1000) })
      .where(and(eq(posts.id, post.id)));
    expect((await asker.client.get(url)).body.abilities.reply).toBe(false);
    const late = await asker.client.post(`${url}/replies`, { body: 'Too late?' });
    expect(late.status).toBe(403);
    const reply = await host.client.post(`${url}/replies`, { body: 'Second: fixtures.', replyTo: waiting.id });
    expect(reply.status).toBe(201);
    expect((await flags())[waiting.id]).toBe(true);
  });
});

describe('nothing half-written', () => {
  it('rolls a reply back whole when a refusal or a failure comes after the first write', async () => {
    const { community, owner, post, url } = await setup();
    const snapshot = async () => {
      const [n] = await t.deps.db.select({ n: count() }).from(replies).where(eq(replies.postId, post.id));
      const row = await postRow(post.id);
      const followers = await t.deps.db.select().from(follows).where(eq(follows.target, post.id));
      const [throttle] = await t.deps.db
        .select()
        .from(throttles)
        .where(eq(throttles.key, replyThrottleKey(owner.user.id)));
      return {
        replies: n.n,
        replyCount: row.replyCount,
        lastActivityAt: row.lastActivityAt.getTime(),
        firstReplyAt: row.firstReplyAt,
        followers: followers.length,
        verbs: await verbs(community.id),
        throttle: throttle?.count ?? 0,
      };
    };
    const before = await snapshot();

    // Refused inside the transaction, after the allowance was counted.
    const other = await buildPost(t, community, owner);
    const stranger = await buildReply(t, community, other, owner);
    await t.deps.db.delete(throttles).where(eq(throttles.key, replyThrottleKey(owner.user.id)));
    const refused = await owner.client.post(`${url}/replies`, { body: 'Hm', replyTo: stranger.id });
    expect(refused.status).toBe(422);
    expect({ ...(await snapshot()), verbs: before.verbs }).toEqual(before);

    // A failure at the very end (telling the post's author) undoes the reply, the counters, the follow and the log.
    await t.deps.db.execute(
      sql`alter table notifications add constraint no_replies_now check (kind <> 'reply') not valid`,
    );
    const quiet = console.error;
    console.error = () => {};
    try {
      const failed = await owner.client.post(`${url}/replies`, { body: 'This will not stick' });
      expect(failed.status).toBe(500);
    } finally {
      console.error = quiet;
      await t.deps.db.execute(sql`alter table notifications drop constraint no_replies_now`);
    }
    const after = await snapshot();
    expect({ ...after, verbs: after.verbs.filter((v) => v === 'replied').length }).toEqual({
      ...before,
      verbs: 1, // the reply to the other post
    });
    expect(await t.deps.db.select().from(notifications).where(eq(notifications.postId, post.id))).toEqual([]);
    // And it works again once the failure is gone.
    expect((await owner.client.post(`${url}/replies`, { body: 'Now it sticks' })).status).toBe(201);
    expect((await postRow(post.id)).replyCount).toBe(1);
  });
});
