import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../../common/limits.js';
import {
  activityEvents,
  communities,
  follows,
  posts,
  postViews,
  reactions,
  revisions,
  throttles,
} from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import { postThrottleKey } from './service.js';
import { viewCounter } from './views.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A community with topics, its coordinator and one plain member, both signed in. */
async function setup(options: { topics?: string[]; allowFreeTags?: boolean; visibility?: 'public' | 'private' } = {}) {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, {
    createdBy: owner.user,
    topics: options.topics ?? ['Testing', 'Packaging', 'Data Curation'],
    visibility: options.visibility,
  });
  if (options.allowFreeTags) {
    await t.deps.db.update(communities).set({ allowFreeTags: true }).where(eq(communities.id, community.id));
  }
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  return { owner, community, member, url: `${API}/communities/${community.slug}/posts` };
}

async function join(community: { id: string }, role: 'member' | 'core' = 'member', name?: string) {
  const s = await t.signedInUser({ name });
  await buildMember(t, community, s.user, { role });
  return s;
}

async function events(communityId: string, verb: string) {
  return t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, verb)));
}

async function postCount(communityId: string) {
  const [row] = await t.deps.db.select({ n: count() }).from(posts).where(eq(posts.communityId, communityId));
  return row.n;
}

const hourFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('starting a post', () => {
  it('presents exactly the contract fields, follows the author in and records the activity', async () => {
    const { community, member, url } = await setup();
    const res = await member.client.post(url, {
      kind: 'question',
      title: '  How do you pin dependencies?  ',
      body: 'We use **conda**.',
      tags: ['packaging'],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'id',
        'community',
        'kind',
        'title',
        'excerpt',
        'tags',
        'author',
        'replyCount',
        'answered',
        'acceptedReplyId',
        'createdAt',
        'lastActivityAt',
        'editedAt',
        'ama',
        'body',
        'bodyHtml',
        'firstReplyAt',
        'acceptedAt',
        'timeToFirstReplySeconds',
        'timeToAcceptSeconds',
        'reactions',
        'following',
        'abilities',
        'repertoire',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      community: { slug: community.slug, name: community.name },
      kind: 'question',
      title: 'How do you pin dependencies?',
      excerpt: 'We use conda.',
      tags: ['Packaging'],
      author: { id: member.user.id, name: 'Mia Member', handle: expect.stringMatching(/^mia_member/) },
      replyCount: 0,
      answered: false,
      acceptedReplyId: null,
      editedAt: null,
      ama: null,
      body: 'We use **conda**.',
      bodyHtml: '<p>We use <strong>conda</strong>.</p>\n',
      firstReplyAt: null,
      acceptedAt: null,
      timeToFirstReplySeconds: null,
      timeToAcceptSeconds: null,
      reactions: [
        { kind: 'plus_one', count: 0, mine: false },
        { kind: 'thanks', count: 0, mine: false },
        { kind: 'insightful', count: 0, mine: false },
      ],
      following: true,
      abilities: { edit: true, delete: true, reply: true, react: true, accept: true, follow: true, promote: false },
      repertoire: [],
    });
    expect(res.body.createdAt).toBe(res.body.lastActivityAt);
    const [event] = await events(community.id, 'posted');
    expect(event).toMatchObject({ actorId: member.user.id, objectType: 'post', objectId: res.body.id });
    const followRows = await t.deps.db.select().from(follows).where(eq(follows.target, res.body.id));
    expect(followRows.map((f) => [f.userId, f.targetType])).toEqual([[member.user.id, 'post']]);
  });

  it('keeps announcements to the core group and coordinators', async () => {
    const { community, owner, member, url } = await setup();
    for (const kind of ['discussion', 'question', 'win', 'need'] as const) {
      expect((await member.client.post(url, { kind, title: kind, body: 'Body' })).status).toBe(201);
    }
    const refused = await member.client.post(url, { kind: 'announcement', title: 'News', body: 'Body' });
    expect([refused.status, refused.body.error.code, refused.body.error.field]).toEqual([
      403,
      'forbidden_kind',
      'kind',
    ]);
    const core = await join(community, 'core');
    expect((await core.client.post(url, { kind: 'announcement', title: 'News', body: 'Body' })).status).toBe(201);
    expect((await owner.client.post(url, { kind: 'announcement', title: 'News', body: 'Body' })).status).toBe(201);
    const bad = await member.client.post(url, { kind: 'rant', title: 'x', body: 'y' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'kind']);
  });

  it('renders Markdown safely and links @mentions of current members only', async () => {
    const { community, member, url } = await setup();
    const alumna = await join(community, 'member', 'Alma Alumna');
    await buildMember(t, community, alumna.user, { status: 'alumni' });
    const outsider = await t.signedInUser({ name: 'Otto Outsider' });
    const handle = (await member.client.get(`${API}/auth/me`)).body.user.handle as string;
    const res = await member.client.post(url, {
      kind: 'discussion',
      title: 'Hello',
      body: `<script>alert(1)</script> [x](javascript:alert(1)) @${handle.toUpperCase()} @alma_alumna @otto_outsider me@example.org`,
    });
    expect(res.status).toBe(201);
    const html: string = res.body.bodyHtml;
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain(
      `<a href="/c/${community.slug}/members/${member.user.id}" class="mention">@${handle.toUpperCase()}</a>`,
    );
    expect(html).not.toContain(alumna.user.id);
    expect(html).not.toContain(outsider.user.id);
    expect(html).toContain('@alma_alumna');
  });

  it('takes tags from the topics in any case, stored as the topic is spelt, at most limits.postTags', async () => {
    const { community, member, url } = await setup();
    const res = await member.client.post(url, {
      kind: 'discussion',
      title: 'Tagged',
      body: 'Body',
      tags: ['data curation', 'TESTING', 'Testing', ' testing '],
    });
    expect([res.status, res.body.tags]).toEqual([201, ['Data Curation', 'Testing']]);

    const before = await postCount(community.id);
    const unknown = await member.client.post(url, {
      kind: 'discussion',
      title: 'T',
      body: 'B',
      tags: ['Testing', 'Rust'],
    });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([422, 'unknown_tag', 'tags']);
    const tooMany = Array.from({ length: limits.postTags + 1 }, (_, i) => `t${i}`);
    const many = await member.client.post(url, { kind: 'discussion', title: 'T', body: 'B', tags: tooMany });
    expect([many.status, many.body.error.code, many.body.error.field]).toEqual([400, 'too_long', 'tags']);
    expect(await postCount(community.id)).toBe(before);
  });

  it('takes free tags lower-cased where the community allows them', async () => {
    const { member, url } = await setup({ allowFreeTags: true });
    const res = await member.client.post(url, {
      kind: 'discussion',
      title: 'Free',
      body: 'Body',
      tags: ['Rust', 'testing', 'rust'],
    });
    expect([res.status, res.body.tags]).toEqual([201, ['rust', 'Testing']]);
  });

  it('refuses oversized and missing fields with 400, a stable code and the field', async () => {
    const { community, member, url } = await setup();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: 'discussion', title: 't'.repeat(limits.postTitle + 1), body: 'B' }, 'too_long', 'title'],
      [{ kind: 'discussion', title: 'T', body: 'b'.repeat(limits.postBody + 1) }, 'too_long', 'body'],
      [{ kind: 'discussion', title: '   ', body: 'B' }, 'too_short', 'title'],
      [{ kind: 'discussion', title: 'T' }, 'required', 'body'],
      [{ kind: 'discussion', title: 'T', body: 'B', pinned: true }, 'unknown_field', 'pinned'],
      [{ kind: 'discussion', title: 'T', body: 'B', tags: 'Testing' }, 'invalid_type', 'tags'],
    ];
    for (const [body, code, field] of cases) {
      const res = await member.client.post(url, body);
      expect([res.status, res.body.error.code, res.body.error.field], JSON.stringify(body).slice(0, 80)).toEqual([
        400,
        code,
        field,
      ]);
    }
    expect(
      (await member.client.post(url, { kind: 'discussion', title: 'T', body: 'b'.repeat(limits.postBody) })).status,
    ).toBe(201);
    expect(await postCount(community.id)).toBe(1);
  });
});

describe('AMAs', () => {
  it('need a window that ends after it starts and in the future, and a host who is a current member', async () => {
    const { community, member, url } = await setup();
    const outsider = await t.signedInUser();
    const ama = (extra: Record<string, unknown>) => ({ kind: 'ama', title: 'Ask me', body: 'Anything', ...extra });
    const refusals: [Record<string, unknown>, number, string, string][] = [
      [ama({}), 422, 'required', 'ama'],
      [ama({ ama: { startsAt: hourFromNow(2), endsAt: hourFromNow(1) } }), 422, 'invalid_window', 'ama.endsAt'],
      [ama({ ama: { startsAt: hourFromNow(-3), endsAt: hourFromNow(-1) } }), 422, 'invalid_window', 'ama.endsAt'],
      [
        ama({ ama: { hostId: outsider.user.id, startsAt: hourFromNow(1), endsAt: hourFromNow(2) } }),
        422,
        'not_a_member',
        'ama.hostId',
      ],
      [
        { kind: 'discussion', title: 'T', body: 'B', ama: { startsAt: hourFromNow(1), endsAt: hourFromNow(2) } },
        422,
        'not_ama',
        'ama',
      ],
      [ama({ ama: { startsAt: 'tomorrow', endsAt: hourFromNow(2) } }), 400, 'invalid_format', 'ama.startsAt'],
    ];
    for (const [body, status, code, field] of refusals) {
      const res = await member.client.post(url, body);
      expect([res.status, res.body.error?.code, res.body.error?.field], JSON.stringify(body)).toEqual([
        status,
        code,
        field,
      ]);
    }
    expect(await postCount(community.id)).toBe(0);

    const host = await join(community, 'member', 'Hana Host');
    const startsAt = hourFromNow(1);
    const endsAt = hourFromNow(3);
    const res = await member.client.post(url, ama({ ama: { hostId: host.user.id, startsAt, endsAt } }));
    expect(res.status).toBe(201);
    expect(res.body.ama).toEqual({
      host: { id: host.user.id, name: 'Hana Host', handle: expect.any(String) },
      startsAt,
      endsAt,
    });
    // Without a host, the author hosts.
    const own = await member.client.post(url, ama({ ama: { startsAt, endsAt } }));
    expect(own.body.ama.host.id).toBe(member.user.id);

    // The window can be moved later, but only to a valid one.
    const one = `${url}/${res.body.id}`;
    const later = hourFromNow(5);
    const moved = await member.client.patch(one, { ama: { startsAt, endsAt: later } });
    expect([moved.status, moved.body.ama.endsAt, moved.body.ama.host.id]).toEqual([200, later, host.user.id]);
    const backwards = await member.client.patch(one, { ama: { startsAt, endsAt: startsAt } });
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'invalid_window']);
  });
});

describe('reading a post', () => {
  it('answers 404 alike for a malformed id, another community’s post, a deleted post and a hidden community', async () => {
    const { community, owner, member, url } = await setup();
    const other = await setup();
    const elsewhere = await buildPost(t, other.community, other.member);
    const post = await buildPost(t, community, member);
    const missing = (await member.client.get(`${API}/communities/no-such-community`)).body;
    for (const path of [`${url}/not-a-uuid`, `${url}/${elsewhere.id}`, `${url}/00000000-0000-4000-8000-000000000000`]) {
      const res = await member.client.get(path);
      expect([res.status, res.body], path).toEqual([404, missing]);
    }
    expect((await member.client.delete(`${url}/${post.id}`)).status).toBe(204);
    const admin = await t.signedInUser({ isAdmin: true });
    for (const client of [member.client, owner.client, admin.client, t.client()]) {
      const res = await client.get(`${url}/${post.id}`);
      expect([res.status, res.body]).toEqual([404, missing]);
    }
    const hidden = await setup({ visibility: 'private' });
    const secret = await buildPost(t, hidden.community, hidden.member);
    const res = await member.client.get(`${hidden.url}/${secret.id}`);
    expect([res.status, res.body]).toEqual([404, missing]);
  });

  it('counts a signed-in member’s views in one row per day, written in batches, and logs only the first', async () => {
    const { community, owner, member, url } = await setup();
    const post = await buildPost(t, community, owner);
    for (let i = 0; i < 3; i++) expect((await member.client.get(`${url}/${post.id}`)).status).toBe(200);
    expect((await t.client().get(`${url}/${post.id}`)).status).toBe(200);
    await viewCounter(t.deps.db, t.deps.logger).flush();
    expect((await member.client.get(`${url}/${post.id}`)).status).toBe(200);
    await viewCounter(t.deps.db, t.deps.logger).flush();
    const rows = await t.deps.db.select().from(postViews).where(eq(postViews.postId, post.id));
    expect(rows.map((r) => [r.userId, r.count, r.communityId])).toEqual([[member.user.id, 4, community.id]]);
    expect(rows[0].day).toBe(new Date().toISOString().slice(0, 10));
    const viewed = await events(community.id, 'viewed_post');
    expect(viewed.map((e) => [e.actorId, e.objectId])).toEqual([[member.user.id, post.id]]);
  });
});

describe('editing and deleting', () => {
  it('keeps the version before each edit, oldest first, and sets editedAt', async () => {
    const { community, member, url } = await setup();
    const post = await buildPost(t, community, member, { title: 'First', body: 'One', tags: ['Testing'] });
    const one = `${url}/${post.id}`;
    const first = await member.client.patch(one, { title: 'Second', tags: ['packaging'] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ title: 'Second', body: 'One', tags: ['Packaging'] });
    expect(first.body.editedAt).not.toBeNull();
    const second = await member.client.patch(one, { body: 'Two *now*' });
    expect(second.body).toMatchObject({ title: 'Second', body: 'Two *now*', bodyHtml: '<p>Two <em>now</em></p>\n' });
    // Saving what is already there is not an edit.
    await member.client.patch(one, { body: 'Two *now*', title: 'Second' });

    const res = await t.client().get(`${one}/revisions`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: Record<string, unknown>) => [r.title, r.body, r.tags])).toEqual([
      ['First', 'One', ['Testing']],
      ['Second', 'One', ['Packaging']],
    ]);
    expect(res.body.items[0]).toMatchObject({ editor: { id: member.user.id, name: 'Mia Member' } });
    const edited = await events(community.id, 'edited_post');
    expect(edited.map((e) => e.data)).toEqual([{ fields: ['title', 'tags'] }, { fields: ['body'] }]);

    const unknown = await member.client.patch(one, { tags: ['Cooking'] });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_tag']);
    const tooLong = await member.client.patch(one, { body: 'b'.repeat(limits.postBody + 1) });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.field]).toEqual([400, 'too_long', 'body']);
    const kind = await member.client.patch(one, { kind: 'win' });
    expect([kind.status, kind.body.error.code]).toEqual([400, 'unknown_field']);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(revisions).where(eq(revisions.targetId, post.id));
    expect(n).toBe(2);
  });

  it('lets the core group edit and delete anyone’s post, and plain members only their own', async () => {
    const { community, member, url } = await setup();
    const other = await join(community);
    const core = await join(community, 'core');
    const post = await buildPost(t, community, member);
    const one = `${url}/${post.id}`;
    expect((await other.client.patch(one, { title: 'Hijacked' })).status).toBe(403);
    expect((await other.client.delete(one)).status).toBe(403);
    const fixed = await core.client.patch(one, { title: 'Fixed typo' });
    expect([fixed.status, fixed.body.author.id, fixed.body.abilities.edit]).toEqual([200, member.user.id, true]);
    expect((await other.client.get(one)).body.abilities).toMatchObject({ edit: false, delete: false, react: true });

    expect((await core.client.delete(one)).status).toBe(204);
    const [row] = await t.deps.db.select().from(posts).where(eq(posts.id, post.id));
    expect(row.deletedAt).not.toBeNull();
    expect(row.deletedBy).toBe(core.user.id);
    expect(row.title).toBe('Fixed typo');
    expect((await core.client.delete(one)).status).toBe(404);
    expect((await core.client.patch(one, { title: 'Again' })).status).toBe(404);
    expect((await member.client.get(`${one}/revisions`)).status).toBe(404);
    expect((await events(community.id, 'deleted_post')).map((e) => e.actorId)).toEqual([core.user.id]);
  });
});

describe('reactions', () => {
  it('keeps one of each kind per member and target; PUT and DELETE are idempotent', async () => {
    const { community, owner, member, url } = await setup();
    const post = await buildPost(t, community, owner);
    const path = (kind: string) => `${url}/${post.id}/reactions/${kind}`;
    const counts = (body: { reactions: { kind: string; count: number; mine: boolean }[] }) =>
      body.reactions.map((r) => `${r.kind}:${r.count}${r.mine ? '*' : ''}`);

    expect(counts((await member.client.put(path('thanks'))).body)).toEqual(['plus_one:0', 'thanks:1*', 'insightful:0']);
    expect(counts((await member.client.put(path('thanks'))).body)).toEqual(['plus_one:0', 'thanks:1*', 'insightful:0']);
    expect(counts((await member.client.put(path('plus_one'))).body)).toEqual([
      'plus_one:1*',
      'thanks:1*',
      'insightful:0',
    ]);
    expect(counts((await owner.client.put(path('thanks'))).body)).toEqual(['plus_one:1', 'thanks:2*', 'insightful:0']);
    expect(counts((await member.client.delete(path('thanks'))).body)).toEqual([
      'plus_one:1*',
      'thanks:1',
      'insightful:0',
    ]);
    expect(counts((await member.client.delete(path('thanks'))).body)).toEqual([
      'plus_one:1*',
      'thanks:1',
      'insightful:0',
    ]);
    expect(counts((await member.client.get(`${url}/${post.id}`)).body)).toEqual([
      'plus_one:1*',
      'thanks:1',
      'insightful:0',
    ]);

    const bad = await member.client.put(path('heart'));
    expect([bad.status, bad.body.error.field]).toEqual([400, 'kind']);
    expect((await t.client().put(path('thanks'))).status).toBe(401);
    expect((await (await t.signedInUser()).client.put(path('thanks'))).status).toBe(403);

    const rows = await t.deps.db.select().from(reactions).where(eq(reactions.postId, post.id));
    expect(rows).toHaveLength(2);
    expect((await events(community.id, 'reacted')).length).toBe(3);
    expect((await events(community.id, 'unreacted')).length).toBe(1);
  });
});

describe('accepted answers', () => {
  it('marks one live reply of a question or need, with the time it took', async () => {
    const { community, owner, member, url } = await setup();
    const post = await buildPost(t, community, member, { kind: 'question' });
    // Asked an hour ago: the clocks measure from then.
    await t.deps.db
      .update(posts)
      .set({ createdAt: new Date(Date.now() - 3_600_000) })
      .where(eq(posts.id, post.id));
    const own = await buildReply(t, community, post, member, { body: 'Clarifying my own question.' });
    expect((await member.client.get(`${url}/${post.id}`)).body.firstReplyAt).toBeNull();
    const answer = await buildReply(t, community, post, owner, { body: 'Use a lock file.' });
    const one = `${url}/${post.id}`;

    const res = await member.client.put(`${one}/accepted`, { replyId: answer.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ answered: true, acceptedReplyId: answer.id });
    expect(res.body.timeToFirstReplySeconds).toBeGreaterThanOrEqual(3599);
    expect(res.body.timeToFirstReplySeconds).toBeLessThan(3700);
    expect(res.body.timeToAcceptSeconds).toBeGreaterThanOrEqual(res.body.timeToFirstReplySeconds);
    const listed = (await member.client.get(`${one}/replies`)).body.items;
    expect(listed.map((r: { id: string; accepted: boolean }) => [r.id, r.accepted])).toEqual([
      [own.id, false],
      [answer.id, true],
    ]);
    expect((await events(community.id, 'accepted_answer')).map((e) => e.objectId)).toEqual([answer.id]);
    // Accepting the same reply again changes nothing.
    expect((await member.client.put(`${one}/accepted`, { replyId: answer.id })).body.acceptedAt).toBe(
      res.body.acceptedAt,
    );

    const other = await buildPost(t, community, member, { kind: 'question' });
    const stranger = await buildReply(t, community, other, owner);
    const wrong = await member.client.put(`${one}/accepted`, { replyId: stranger.id });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.field]).toEqual([422, 'unknown_reply', 'replyId']);

    const cleared = await member.client.delete(`${one}/accepted`);
    expect(cleared.body).toMatchObject({
      answered: false,
      acceptedReplyId: null,
      acceptedAt: null,
      timeToAcceptSeconds: null,
    });
    expect((await events(community.id, 'unaccepted_answer')).length).toBe(1);

    const discussion = await buildPost(t, community, member, { kind: 'discussion' });
    const reply = await buildReply(t, community, discussion, owner);
    const refused = await member.client.put(`${url}/${discussion.id}/accepted`, { replyId: reply.id });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'not_answerable']);
    expect((await member.client.get(`${url}/${discussion.id}`)).body.abilities.accept).toBe(false);
    const need = await buildPost(t, community, member, { kind: 'need' });
    const offer = await buildReply(t, community, need, owner);
    expect((await member.client.put(`${url}/${need.id}/accepted`, { replyId: offer.id })).body.answered).toBe(true);
  });
});

describe('the rate limit', () => {
  it('allows limits.postsPerHour posts an hour per member, and refuses the next with 429 and nothing written', async () => {
    const { community, member, owner, url } = await setup();
    await t.deps.db.delete(throttles).where(eq(throttles.key, postThrottleKey(member.user.id)));
    // A refused post does not use up the allowance.
    expect((await member.client.post(url, { kind: 'discussion', title: 'T', body: 'B', tags: ['Nope'] })).status).toBe(
      422,
    );
    for (let i = 0; i < limits.postsPerHour; i++) {
      expect((await member.client.post(url, { kind: 'discussion', title: `Post ${i}`, body: 'B' })).status).toBe(201);
    }
    const refused = await member.client.post(url, { kind: 'discussion', title: 'One too many', body: 'B' });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await postCount(community.id)).toBe(limits.postsPerHour);
    expect((await events(community.id, 'posted')).length).toBe(limits.postsPerHour);
    // Someone else is not held back.
    expect((await owner.client.post(url, { kind: 'discussion', title: 'Mine', body: 'B' })).status).toBe(201);
  });
});

describe('tags', () => {
  it('lists the topics first with post counts, then other tags in use', async () => {
    const { community, member, url } = await setup({ topics: ['Testing', 'Packaging'], allowFreeTags: true });
    await buildPost(t, community, member, { tags: ['Testing', 'rust'] });
    await buildPost(t, community, member, { tags: ['testing', 'Go'] });
    await buildPost(t, community, member, { tags: ['Rust'] });
    const deleted = await buildPost(t, community, member, { tags: ['Packaging'] });
    await member.client.delete(`${url}/${deleted.id}`);
    const res = await t.client().get(`${API}/communities/${community.slug}/tags`);
    expect(res.body).toEqual({
      items: [
        { tag: 'Testing', count: 2 },
        { tag: 'Packaging', count: 0 },
        { tag: 'rust', count: 2 },
        { tag: 'go', count: 1 },
      ],
      allowFreeTags: true,
    });
    const hidden = await setup({ visibility: 'private' });
    expect((await member.client.get(`${API}/communities/${hidden.community.slug}/tags`)).status).toBe(404);
  });
});

describe('nothing half-written', () => {
  it('leaves no post, follow, activity or notification behind when a post is refused', async () => {
    const { community, member, url } = await setup();
    for (const body of [
      { kind: 'discussion', title: 'T', body: 'B', tags: ['Unknown'] },
      { kind: 'announcement', title: 'T', body: 'B' },
      { kind: 'ama', title: 'T', body: 'B', ama: { startsAt: hourFromNow(2), endsAt: hourFromNow(1) } },
    ]) {
      expect((await member.client.post(url, body)).status).toBeGreaterThanOrEqual(400);
    }
    expect(await postCount(community.id)).toBe(0);
    expect(await t.deps.db.select().from(follows).where(eq(follows.communityId, community.id))).toEqual([]);
    expect((await events(community.id, 'posted')).length).toBe(0);
  });
});
