import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, notifications, resourceRevisions } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A question by the asker, answered by the answerer (accepted), in a community curated by its coordinator. */
async function setup() {
  const curator = await t.signedInUser({ name: 'Cleo Curator' });
  const community = await buildCommunity(t, { createdBy: curator.user, topics: ['Testing'] });
  const asker = await t.signedInUser({ name: 'Ada Asker' });
  const answerer = await t.signedInUser({ name: 'Ann Answerer' });
  const member = await t.signedInUser({ name: 'Mo Member' });
  for (const s of [asker, answerer, member]) await buildMember(t, community, s.user);
  const post = await buildPost(t, community, asker, {
    kind: 'question',
    title: 'How do we test notebooks?',
    body: 'Our notebooks break **silently**.',
    tags: ['Testing'],
  });
  const answer = await buildReply(t, community, post, answerer, { body: 'Run them in CI with `nbval`.' });
  await asker.client.put(`${API}/communities/${community.slug}/posts/${post.id}/accepted`, { replyId: answer.id });
  const base = `${API}/communities/${community.slug}`;
  return { curator, community, asker, answerer, member, post, answer, base, url: `${base}/resources` };
}

const body = (from: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  kind: 'lesson',
  format: 'read',
  title: 'Testing notebooks',
  summary: 'Run them in CI.',
  tags: ['Testing'],
  from,
  ...overrides,
});

/** The notifications about resources someone has (replies and the like are left out). */
async function inbox(client: { get: (path: string) => Promise<{ body: { items: unknown[] } }> }) {
  const items = (await client.get(`${API}/notifications`)).body.items as {
    kind: string;
    post: unknown;
    resource: { id: string; title: string } | null;
  }[];
  return items.filter((n) => n.resource !== null);
}

describe('promoting an answer', () => {
  it('credits the asker and the answerer as the source, tells them, and links post and resource', async () => {
    const { curator, community, asker, answerer, member, post, answer, base, url } = await setup();
    const res = await curator.client.post(
      url,
      body({ postId: post.id, replyId: answer.id }, { credits: [{ role: 'contributor', userId: curator.user.id }] }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'published',
      source: { post: { id: post.id, title: 'How do we test notebooks?' }, replyId: answer.id },
    });
    expect(res.body.credits).toEqual([
      { role: 'contributor', name: 'Cleo Curator', user: expect.objectContaining({ id: curator.user.id }) },
      { role: 'source', name: 'Ada Asker', user: expect.objectContaining({ id: asker.user.id }) },
      { role: 'source', name: 'Ann Answerer', user: expect.objectContaining({ id: answerer.user.id }) },
    ]);
    const [revision] = await t.deps.db
      .select()
      .from(resourceRevisions)
      .where(eq(resourceRevisions.resourceId, res.body.id));
    expect(revision.change).toBe('promoted');
    const promoted = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'promoted_to_repertoire')));
    expect(promoted.map((e) => e.objectId)).toEqual([res.body.id]);

    for (const person of [asker, answerer]) {
      expect(await inbox(person.client)).toContainEqual(
        expect.objectContaining({
          kind: 'credited',
          post: null,
          resource: { id: res.body.id, title: 'Testing notebooks' },
        }),
      );
    }
    // Never the curator who did it, nor anyone uncredited.
    expect(await inbox(curator.client)).toEqual([]);
    expect(await inbox(member.client)).toEqual([]);

    const seen = await member.client.get(`${base}/posts/${post.id}`);
    expect(seen.body.repertoire).toEqual([{ id: res.body.id, title: 'Testing notebooks' }]);
    expect(seen.body.abilities.promote).toBe(false);
    expect((await curator.client.get(`${base}/posts/${post.id}`)).body.abilities.promote).toBe(true);
  });

  it('credits the post’s author alone when promoting the post, and never tells the actor', async () => {
    const { curator, community, url } = await setup();
    const own = await buildPost(t, community, curator, { title: 'Our testing checklist' });
    const res = await curator.client.post(url, body({ postId: own.id }));
    expect(res.body.credits).toEqual([{ role: 'source', name: 'Cleo Curator', user: expect.any(Object) }]);
    expect(res.body.source).toEqual({ post: { id: own.id, title: 'Our testing checklist' }, replyId: null });
    expect(await inbox(curator.client)).toEqual([]);
  });

  it('tells credited members only once the promoted resource is published', async () => {
    const { curator, asker, member, post, base, url } = await setup();
    const res = await curator.client.post(url, body({ postId: post.id }, { publish: false }));
    expect(res.body.status).toBe('proposed');
    expect(await inbox(asker.client)).toEqual([]);
    // A proposal is not shown on the post to those who may not see it.
    expect((await member.client.get(`${base}/posts/${post.id}`)).body.repertoire).toEqual([]);
    expect((await curator.client.get(`${base}/posts/${post.id}`)).body.repertoire).toHaveLength(1);

    await curator.client.post(`${url}/${res.body.id}/publish`);
    expect((await inbox(asker.client)).map((n) => n.kind)).toEqual(['credited']);
    await curator.client.post(`${url}/${res.body.id}/retire`);
    await curator.client.post(`${url}/${res.body.id}/publish`);
    const told = await t.deps.db.select().from(notifications).where(eq(notifications.resourceId, res.body.id));
    expect(told.map((n) => n.kind)).toEqual(['credited']);
  });

  it('refuses members, and posts or replies that are not live in this community', async () => {
    const { curator, community, member, asker, post, answer, url } = await setup();
    const refused = await member.client.post(url, body({ postId: post.id }));
    expect([refused.status, refused.body.error.field]).toEqual([403, 'from']);

    const other = await buildPost(t, community, asker, { title: 'Another' });
    const otherReply = await buildReply(t, community, other, member);
    const notHers = await curator.client.post(url, body({ postId: post.id, replyId: otherReply.id }));
    expect([notHers.status, notHers.body.error.code, notHers.body.error.field]).toEqual([
      422,
      'unknown_reply',
      'from.replyId',
    ]);

    const elsewhere = await buildCommunity(t, { createdBy: curator.user });
    const foreign = await buildPost(t, elsewhere, curator);
    const outside = await curator.client.post(url, body({ postId: foreign.id }));
    expect([outside.status, outside.body.error.code, outside.body.error.field]).toEqual([
      422,
      'unknown_post',
      'from.postId',
    ]);

    await curator.client.delete(`${API}/communities/${community.slug}/posts/${post.id}/replies/${answer.id}`);
    const deletedReply = await curator.client.post(url, body({ postId: post.id, replyId: answer.id }));
    expect(deletedReply.body.error.field).toBe('from.replyId');
    await curator.client.delete(`${API}/communities/${community.slug}/posts/${post.id}`);
    const deletedPost = await curator.client.post(url, body({ postId: post.id }));
    expect(deletedPost.body.error.field).toBe('from.postId');
    expect((await curator.client.post(url, body({ postId: 'not-a-uuid' }))).status).toBe(400);
  });

  it('stops naming a post once it is deleted', async () => {
    const { curator, base, url, post } = await setup();
    const res = await curator.client.post(url, body({ postId: post.id }));
    await curator.client.delete(`${base}/posts/${post.id}`);
    expect((await curator.client.get(`${url}/${res.body.id}`)).body.source).toBeNull();
  });
});

describe('the draft', () => {
  it('pre-fills a resource from an answer, with a link back and its authors credited', async () => {
    const { curator, community, asker, answerer, post, answer, url } = await setup();
    const res = await curator.client.get(`${url}/draft?postId=${post.id}&replyId=${answer.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      kind: 'lesson',
      format: 'read',
      title: 'How do we test notebooks?',
      url: null,
      summary: `Run them in CI with \`nbval\`.\n\nFrom an answer to [How do we test notebooks?](/c/${community.slug}/posts/${post.id}#reply-${answer.id}).`,
      tags: ['Testing'],
      credits: [
        { role: 'source', userId: asker.user.id, name: 'Ada Asker' },
        { role: 'source', userId: answerer.user.id, name: 'Ann Answerer' },
      ],
      from: { postId: post.id, replyId: answer.id },
    });
    // The draft is a valid body as it stands.
    const saved = await curator.client.post(url, res.body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.summaryHtml).toContain(`href="/c/${community.slug}/posts/${post.id}#reply-${answer.id}"`);
  });

  it('guesses the kind of a post from a link it shares, or from the post’s kind', async () => {
    const { curator, community, asker, url } = await setup();
    const video = await buildPost(t, community, asker, {
      title: 'A great talk',
      body: 'Watch https://www.youtube.com/watch?v=abc123 — it is good.',
    });
    const res = await curator.client.get(`${url}/draft?postId=${video.id}`);
    expect(res.body).toMatchObject({
      kind: 'video',
      format: 'watch',
      url: 'https://www.youtube.com/watch?v=abc123',
      from: { postId: video.id },
    });
    const win = await buildPost(t, community, asker, { kind: 'win', title: 'We shipped', body: 'Finally.' });
    expect((await curator.client.get(`${url}/draft?postId=${win.id}`)).body).toMatchObject({
      kind: 'story',
      url: null,
    });
  });

  it('is for curators only', async () => {
    const { curator, member, post, url } = await setup();
    expect((await member.client.get(`${url}/draft?postId=${post.id}`)).status).toBe(403);
    expect((await t.client().get(`${url}/draft?postId=${post.id}`)).status).toBe(401);
    const missing = await curator.client.get(`${url}/draft?postId=00000000-0000-4000-8000-000000000000`);
    expect([missing.status, missing.body.error.code, missing.body.error.field]).toEqual([
      422,
      'unknown_post',
      'postId',
    ]);
    expect((await curator.client.get(`${url}/draft?postId=nope`)).status).toBe(400);
  });
});
