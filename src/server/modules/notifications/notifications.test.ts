import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, posts } from '../../db/schema/index.js';
import type { NotificationKind } from '../../../common/limits.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';
import { announce, notify } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function insertPost(community: { id: string }, author: { id: string }, title = 'A post') {
  const [post] = await t.deps.db
    .insert(posts)
    .values({
      communityId: community.id,
      authorId: author.id,
      kind: 'question',
      title,
      body: 'Hi',
      bodyHtml: '<p>Hi</p>',
    })
    .returning();
  return post;
}

/** Notifies as the conversations module does: inside a transaction, then announced after commit. */
async function notifyNow(
  post: { id: string; communityId: string },
  actor: { id: string } | null,
  userIds: string[],
  kind: NotificationKind = 'reply',
) {
  const got = await t.deps.db.transaction((tx) =>
    notify(tx, { kind, userIds, communityId: post.communityId, postId: post.id, actorId: actor?.id ?? null }),
  );
  await announce(t.deps, got);
  return got;
}

const unread = async (client: Client) => (await client.get(`${API}/notifications/unread-count`)).body.unreadCount;

describe('the notification list', () => {
  it('lists newest first with actor, community and post, and pages by cursor', async () => {
    const owner = await t.createUser({ name: 'Ola Owner' });
    const community = await buildCommunity(t, { createdBy: owner, name: 'Data <Stewards>' });
    const { user, client } = await t.signedInUser();
    const posts = [];
    for (const title of ['First', 'Second', 'Third']) {
      const post = await insertPost(community, owner, title);
      expect(await notifyNow(post, owner, [user.id, owner.id])).toEqual([user.id]);
      posts.push(post);
    }

    const all = await client.get(`${API}/notifications`);
    expect(all.status).toBe(200);
    expect(all.body.unreadCount).toBe(3);
    expect(all.body.items.map((n: { post: { title: string } }) => n.post.title)).toEqual(['Third', 'Second', 'First']);
    expect(all.body.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'reply',
      community: { slug: community.slug, name: 'Data <Stewards>' },
      post: { id: posts[2].id, title: 'Third' },
      resource: null,
      event: null,
      roundupId: null,
      replyId: null,
      actor: { id: owner.id, name: 'Ola Owner', handle: expect.stringMatching(/^ola_owner/) },
      createdAt: expect.any(String),
      readAt: null,
    });

    const first = await client.get(`${API}/notifications?limit=2`);
    expect(first.body.items.map((n: { post: { title: string } }) => n.post.title)).toEqual(['Third', 'Second']);
    expect(first.body.nextCursor).toBe(first.body.items[1].id);
    const second = await client.get(`${API}/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((n: { post: { title: string } }) => n.post.title)).toEqual(['First']);
    expect(second.body.nextCursor).toBeNull();

    for (const bad of ['limit=0', 'limit=51', 'cursor=abc', 'cursor=-1', 'unread=yes']) {
      expect((await client.get(`${API}/notifications?${bad}`)).status).toBe(400);
    }
    // Someone else sees none of it.
    const other = await t.signedInUser();
    expect((await other.client.get(`${API}/notifications`)).body).toEqual({
      items: [],
      nextCursor: null,
      unreadCount: 0,
    });
  });

  it('filters unread, marks one or all read, and refuses others’ notifications', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    for (const title of ['One', 'Two', 'Three'])
      await notifyNow(await insertPost(community, owner, title), owner, [user.id]);
    const [three, two] = (await client.get(`${API}/notifications`)).body.items;

    const read = await client.post(`${API}/notifications/${two.id}/read`);
    expect([read.status, read.body]).toEqual([200, { unreadCount: 2 }]);
    expect((await client.post(`${API}/notifications/${two.id}/read`)).body).toEqual({ unreadCount: 2 });
    const unreadOnly = await client.get(`${API}/notifications?unread=true`);
    expect(unreadOnly.body.items.map((n: { post: { title: string } }) => n.post.title)).toEqual(['Three', 'One']);
    const everything = (await client.get(`${API}/notifications?unread=false`)).body.items;
    expect(everything[1]).toMatchObject({ id: two.id, readAt: expect.any(String) });
    // Paging the unread ones walks past the read one in between.
    const page = await client.get(`${API}/notifications?unread=true&limit=1`);
    const next = await client.get(`${API}/notifications?unread=true&limit=1&cursor=${page.body.nextCursor}`);
    expect([page.body.items[0].id, next.body.items[0].post.title]).toEqual([three.id, 'One']);

    const other = await t.signedInUser();
    expect((await other.client.post(`${API}/notifications/${three.id}/read`)).status).toBe(404);
    expect((await client.post(`${API}/notifications/999999999/read`)).status).toBe(404);
    expect((await client.post(`${API}/notifications/not-a-number/read`)).status).toBe(400);
    expect(await unread(client)).toBe(2);

    expect((await client.post(`${API}/notifications/read-all`)).body).toEqual({ unreadCount: 0 });
    expect((await client.get(`${API}/notifications?unread=true`)).body.items).toEqual([]);
  });

  it('is for signed-in people only', async () => {
    const anon = t.client();
    for (const [method, path] of [
      ['GET', '/notifications'],
      ['GET', '/notifications/unread-count'],
      ['POST', '/notifications/1/read'],
      ['POST', '/notifications/read-all'],
      ['GET', '/notifications/stream'],
    ]) {
      const res = await anon.request(method, `${API}${path}`, method === 'POST' ? {} : undefined, {
        accept: 'text/event-stream',
      });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 401, 'unauthenticated']);
    }
  });
});

describe('what a reader may no longer see', () => {
  it('leaves out private communities the reader left, and deleted posts', async () => {
    const owner = await t.createUser();
    const club = await buildCommunity(t, { createdBy: owner, visibility: 'private' });
    const square = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    await buildMember(t, club, user);
    const secret = await insertPost(club, owner, 'Members only');
    const open = await insertPost(square, owner, 'For everyone');
    const doomed = await insertPost(square, owner, 'Soon deleted');
    for (const post of [secret, open, doomed]) expect(await notifyNow(post, owner, [user.id])).toEqual([user.id]);
    expect(await unread(client)).toBe(3);
    const secretId = (await client.get(`${API}/notifications`)).body.items.find(
      (n: { post: { id: string } }) => n.post.id === secret.id,
    ).id;

    await t.deps.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, doomed.id));
    await buildMember(t, club, user, { status: 'removed' });
    const titles = async () =>
      (await client.get(`${API}/notifications`)).body.items.map((n: { post: { title: string } }) => n.post.title);
    expect(await titles()).toEqual(['For everyone']);
    expect(await unread(client)).toBe(1);
    expect((await client.get(`${API}/notifications`)).body.unreadCount).toBe(1);
    expect((await client.post(`${API}/notifications/${secretId}/read`)).status).toBe(404);
    // Not a member of a public community: its notifications still show.
    await buildMember(t, square, user, { status: 'alumni' });
    expect(await titles()).toEqual(['For everyone']);

    // The rule is applied when reading: back in the community, the notification is back, unread.
    await buildMember(t, club, user);
    expect(await titles()).toEqual(['For everyone', 'Members only']);
    expect(await unread(client)).toBe(2);
    // Nor does `notify` write for people who cannot see the community.
    await buildMember(t, club, user, { status: 'alumni' });
    expect(await notifyNow(await insertPost(club, owner), owner, [user.id])).toEqual([]);
  });

  it('lets an instance admin see notifications from any community', async () => {
    const owner = await t.createUser();
    const club = await buildCommunity(t, { createdBy: owner, visibility: 'private' });
    const { user, client } = await t.signedInUser({ isAdmin: true });
    await notifyNow(await insertPost(club, owner), owner, [user.id], 'mention');
    expect((await client.get(`${API}/notifications`)).body.items).toMatchObject([{ kind: 'mention' }]);
  });

  it('keeps one notification per kind and post, and counts the unread ones', async () => {
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    const post = await insertPost(community, owner);
    await notifyNow(post, owner, [user.id], 'followed_post');
    await notifyNow(post, owner, [user.id], 'followed_post'); // once per kind and post
    await notifyNow(post, null, [user.id], 'accepted');
    expect(await unread(client)).toBe(2);
    const rows = await t.deps.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(rows).toHaveLength(2);
    expect((await client.get(`${API}/notifications`)).body.items[0].actor).toBeNull();
  });
});

describe('the live stream', () => {
  it('refuses clients that do not ask for an event stream', async () => {
    const { client } = await t.signedInUser();
    const res = await client.get(`${API}/notifications/stream`);
    expect([res.status, res.body.error.code]).toEqual([406, 'not_acceptable']);
  });

  it('sends the unread count, then each new notification as it arrives, and stops on disconnect', async () => {
    const owner = await t.createUser({ name: 'Ola Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const { user, client } = await t.signedInUser();
    const old = await insertPost(community, owner, 'Before');
    await notifyNow(old, owner, [user.id]);

    // Counts live subscriptions, to see the stream let go of its channel.
    const events = t.deps.events;
    let subscribed = 0;
    t.deps.events = {
      ...events,
      subscribe(channel, handler) {
        subscribed++;
        const off = events.subscribe(channel, handler);
        let on = true;
        return () => {
          if (on) subscribed--;
          on = false;
          off();
        };
      },
    };
    try {
      const base = await t.listen();
      const stream = await openStream(`${base}${API}/notifications/stream`, client);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toMatch(/no-(cache|store)/);
      expect(stream.response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await stream.next()).toEqual({ event: 'unread', data: { unreadCount: 1 } });
      expect(subscribed).toBe(1);

      const post = await insertPost(community, owner, 'Live one');
      await notifyNow(post, owner, [user.id], 'mention');
      const arrived = await stream.next();
      expect(arrived).toMatchObject({
        event: 'notification',
        data: { kind: 'mention', post: { id: post.id, title: 'Live one' }, actor: { id: owner.id }, readAt: null },
      });
      expect(arrived.id).toBe(arrived.data.id);
      expect(await stream.next()).toEqual({ event: 'unread', data: { unreadCount: 2 } });

      // Reading elsewhere updates the badge; nothing is sent twice.
      await client.post(`${API}/notifications/${arrived.data.id}/read`);
      expect(await stream.next()).toEqual({ event: 'unread', data: { unreadCount: 1 } });
      // Someone else's notification is not this stream's business.
      const other = await t.createUser();
      await notifyNow(await insertPost(community, owner), owner, [other.id]);
      await notifyNow(await insertPost(community, owner, 'Third'), owner, [user.id]);
      expect(await stream.next()).toMatchObject({ event: 'notification', data: { post: { title: 'Third' } } });
      expect(await stream.next()).toEqual({ event: 'unread', data: { unreadCount: 2 } });

      stream.close();
      await waitFor(() => subscribed === 0);
    } finally {
      t.deps.events = events;
    }
  });
});

interface StreamEvent {
  event: string;
  data: any;
  id?: string;
}

/** Opens the stream over a real HTTP connection and reads it one event at a time. */
async function openStream(url: string, client: Client) {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: {
      accept: 'text/event-stream',
      'x-forwarded-for': client.ip,
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(timeoutMs = 5000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = block
          .split('\n')
          .filter((line) => !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]);
        if (fields.length === 0) continue; // a comment, such as a ping
        const event: StreamEvent = { event: 'message', data: undefined };
        for (const [name, value] of fields) {
          if (name === 'event') event.event = value;
          if (name === 'data') event.data = JSON.parse(value);
          if (name === 'id') event.id = value;
        }
        return event;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), deadline - Date.now());
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  return { response, next, close: () => controller.abort() };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
