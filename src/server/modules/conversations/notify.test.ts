import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import { channelFor } from '../notifications/service.js';

/** Who hears of what happens in a conversation; read back through the notifications API. */

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Signed = Awaited<ReturnType<TestApp['signedInUser']>>;

async function setup(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing', 'Packaging'], visibility });
  const people: Record<string, Signed> = {};
  for (const name of ['author', 'mentioned', 'tagFan', 'authorFan', 'replier', 'child', 'bystander']) {
    people[name] = await t.signedInUser({ name: `${name} person` });
    await buildMember(t, community, people[name].user);
  }
  const slug = community.slug;
  return { owner, community, slug, ...people } as {
    owner: Signed;
    community: typeof community;
    slug: string;
  } & Record<'author' | 'mentioned' | 'tagFan' | 'authorFan' | 'replier' | 'child' | 'bystander', Signed>;
}

interface Seen {
  kind: string;
  post: { id: string };
  replyId: string | null;
  actor: { id: string } | null;
}
const inbox = async (client: Client) => (await client.get(`${API}/notifications?limit=50`)).body.items as Seen[];
const kinds = async (client: Client) => (await inbox(client)).map((n) => n.kind);
const handleOf = async (s: Signed) => (await s.client.get(`${API}/auth/me`)).body.user.handle as string;

describe('a new post', () => {
  it('tells people mentioned, then followers of its tags, then followers of its author — once each', async () => {
    const x = await setup();
    await x.tagFan.client.put(`${API}/communities/${x.slug}/follows/tags/testing`);
    await x.authorFan.client.put(`${API}/communities/${x.slug}/follows/members/${x.author.user.id}`);
    // Following both ways and mentioned: still one notification, the mention.
    await x.mentioned.client.put(`${API}/communities/${x.slug}/follows/tags/Testing`);
    await x.mentioned.client.put(`${API}/communities/${x.slug}/follows/members/${x.author.user.id}`);
    // Following the tag and the author: the tag wins.
    await x.bystander.client.put(`${API}/communities/${x.slug}/follows/tags/testing`);
    await x.bystander.client.put(`${API}/communities/${x.slug}/follows/members/${x.author.user.id}`);
    await x.author.client.put(`${API}/communities/${x.slug}/follows/tags/testing`);
    const outsider = await t.signedInUser({ name: 'Oscar Outsider' });

    const heard: string[] = [];
    const off = t.deps.events.subscribe(channelFor(x.mentioned.user.id), () => heard.push('changed'));
    const post = await buildPost(t, x.community, x.author, {
      tags: ['TESTING'],
      body: `Thoughts, @${await handleOf(x.mentioned)}? And @${await handleOf(outsider)}?`,
    });
    off();
    expect(heard.length).toBe(1);

    expect(await inbox(x.mentioned.client)).toEqual([
      expect.objectContaining({ kind: 'mention', post: expect.objectContaining({ id: post.id }), replyId: null }),
    ]);
    expect((await inbox(x.mentioned.client))[0].actor?.id).toBe(x.author.user.id);
    expect(await kinds(x.tagFan.client)).toEqual(['followed_tag']);
    expect(await kinds(x.authorFan.client)).toEqual(['followed_member']);
    expect(await kinds(x.bystander.client)).toEqual(['followed_tag']);
    expect(await kinds(x.author.client)).toEqual([]);
    expect(await kinds(outsider.client)).toEqual([]);
    expect(await kinds(x.replier.client)).toEqual([]);
  });

  it('tells only people newly mentioned when it is edited', async () => {
    const x = await setup();
    const first = await handleOf(x.mentioned);
    const post = await buildPost(t, x.community, x.author, { body: `Hi @${first}` });
    const url = `${API}/communities/${x.slug}/posts/${post.id}`;
    await x.author.client.patch(url, { body: `Hi @${first} and @${await handleOf(x.bystander)}` });
    await x.author.client.patch(url, { body: `Hi @${first}, @${await handleOf(x.bystander)}.` });
    await x.author.client.patch(url, { title: 'Only the title' });
    expect(await kinds(x.mentioned.client)).toEqual(['mention']);
    expect(await kinds(x.bystander.client)).toEqual(['mention']);
  });

  it('does not reach people who may no longer see a private community', async () => {
    const x = await setup('private');
    await x.tagFan.client.put(`${API}/communities/${x.slug}/follows/tags/testing`);
    await buildMember(t, x.community, x.tagFan.user, { status: 'alumni' });
    await x.authorFan.client.put(`${API}/communities/${x.slug}/follows/tags/testing`);
    await buildPost(t, x.community, x.author, { tags: ['Testing'], body: `@${await handleOf(x.tagFan)}` });
    expect(await kinds(x.tagFan.client)).toEqual([]);
    expect(await kinds(x.authorFan.client)).toEqual(['followed_tag']);
  });
});

describe('a new reply', () => {
  it('tells the post author, the reply answered and the quoted one, followers of the post, and the mentioned', async () => {
    const x = await setup();
    const post = await buildPost(t, x.community, x.author, { kind: 'question' });
    const url = `${API}/communities/${x.slug}/posts/${post.id}`;
    await x.bystander.client.put(`${url}/follow`);

    const top = await buildReply(t, x.community, post, x.replier);
    expect(await inbox(x.author.client)).toEqual([expect.objectContaining({ kind: 'reply', replyId: top.id })]);
    expect(await kinds(x.bystander.client)).toEqual(['followed_post']);
    expect(await kinds(x.replier.client)).toEqual([]);

    // The replier now follows the post; the mention outranks the reply to the author.
    const child = await buildReply(t, x.community, post, x.child, {
      replyTo: top.id,
      body: `@${await handleOf(x.author)} see this`,
    });
    expect((await inbox(x.author.client))[0]).toMatchObject({ kind: 'mention', replyId: child.id });
    expect((await inbox(x.replier.client))[0]).toMatchObject({ kind: 'reply', replyId: child.id });
    expect((await inbox(x.bystander.client))[0]).toMatchObject({ kind: 'followed_post', replyId: child.id });

    // Answering the child: its author is quoted, the top-level author is the parent.
    const third = await buildReply(t, x.community, post, x.mentioned, { replyTo: child.id });
    expect((await inbox(x.child.client))[0]).toMatchObject({ kind: 'reply', replyId: third.id });
    expect((await inbox(x.replier.client))[0]).toMatchObject({ kind: 'reply', replyId: third.id });
    expect((await inbox(x.author.client))[0]).toMatchObject({ kind: 'reply', replyId: third.id });
    expect(await kinds(x.mentioned.client)).toEqual([]);
    expect(await kinds(x.tagFan.client)).toEqual([]);

    // Accepting tells the reply's author; accepting your own reply tells nobody.
    await x.author.client.put(`${url}/accepted`, { replyId: top.id });
    expect((await inbox(x.replier.client))[0]).toMatchObject({ kind: 'accepted', replyId: top.id });
    const own = await buildReply(t, x.community, post, x.author);
    const before = (await inbox(x.author.client)).length;
    await x.author.client.put(`${url}/accepted`, { replyId: own.id });
    expect((await inbox(x.author.client)).length).toBe(before);

    // Editing a reply tells only the newly mentioned.
    await x.replier.client.patch(`${url}/replies/${top.id}`, { body: `cc @${await handleOf(x.tagFan)}` });
    expect(await inbox(x.tagFan.client)).toEqual([expect.objectContaining({ kind: 'mention', replyId: top.id })]);
  });
});
