import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communities, memberships, posts, replies } from '../../db/schema/index.js';
import type { MembershipStatus, Role, Visibility } from '../../../common/limits.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { uniqueSlug } from '../../../../test/factories.js';

/**
 * Who may do what with conversations, endpoint by endpoint. Every cell runs against a fresh
 * community, so a write in one cell cannot change the answer of another.
 */

const API = '/api/v1';
const actors = [
  'anonymous',
  'outsider',
  'pending',
  'member',
  'core',
  'coordinator',
  'onBreak',
  'alumni',
  'removed',
  'admin',
] as const;
type ActorName = (typeof actors)[number];

const memberships_: Partial<Record<ActorName, { role: Role; status: MembershipStatus }>> = {
  pending: { role: 'member', status: 'pending' },
  member: { role: 'member', status: 'active' },
  core: { role: 'core', status: 'active' },
  coordinator: { role: 'coordinator', status: 'active' },
  onBreak: { role: 'member', status: 'on_break' },
  alumni: { role: 'member', status: 'alumni' },
  removed: { role: 'member', status: 'removed' },
};

interface Cell {
  base: string;
  /** A question by a bystander, with a reply by the bystander. */
  theirs: string;
  theirReply: string;
  /** A question by the actor (the bystander's for anonymous), with a reply by the bystander and one by the actor. */
  mine: string;
  mineReply: string;
  myReply: string;
}
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Endpoint {
  name: string;
  request: (c: Cell) => [Method, string, unknown?];
  /** Expected status per actor, in the order of `actors`. */
  public: number[];
  private: number[];
}

// Order: anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin.
const everyone = (ok: number) => ({
  public: Array(10).fill(ok),
  private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
});
const currentMembers = (ok: number) => ({
  public: [401, 403, 403, ok, ok, ok, ok, 403, 403, 403],
  private: [404, 404, 404, ok, ok, ok, ok, 404, 404, 403],
});
const ownOrModerator = (ok: number) => ({
  public: [401, 403, 403, ok, ok, ok, ok, 403, 403, ok],
  private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
});
const moderators = (ok: number) => ({
  public: [401, 403, 403, 403, ok, ok, 403, 403, 403, ok],
  private: [404, 404, 404, 403, ok, ok, 403, 404, 404, ok],
});

const post = (c: Cell, id: string) => `${c.base}/posts/${id}`;
const body = { kind: 'discussion', title: 'Hello', body: 'World' };

const endpoints: Endpoint[] = [
  { name: 'read the feed', request: (c) => ['GET', `${c.base}/posts`], ...everyone(200) },
  { name: 'read the tags', request: (c) => ['GET', `${c.base}/tags`], ...everyone(200) },
  { name: 'read a post', request: (c) => ['GET', post(c, c.theirs)], ...everyone(200) },
  { name: 'read replies', request: (c) => ['GET', `${post(c, c.theirs)}/replies`], ...everyone(200) },
  { name: 'read revisions', request: (c) => ['GET', `${post(c, c.theirs)}/revisions`], ...everyone(200) },
  { name: 'create a post', request: (c) => ['POST', `${c.base}/posts`, body], ...currentMembers(201) },
  {
    name: 'create an announcement',
    request: (c) => ['POST', `${c.base}/posts`, { ...body, kind: 'announcement' }],
    public: [401, 403, 403, 403, 201, 201, 403, 403, 403, 403],
    private: [404, 404, 404, 403, 201, 201, 403, 404, 404, 403],
  },
  { name: 'reply', request: (c) => ['POST', `${post(c, c.theirs)}/replies`, { body: 'Hi' }], ...currentMembers(201) },
  { name: 'edit my post', request: (c) => ['PATCH', post(c, c.mine), { title: 'Better' }], ...ownOrModerator(200) },
  { name: "edit someone's post", request: (c) => ['PATCH', post(c, c.theirs), { title: 'Mine' }], ...moderators(200) },
  { name: 'delete my post', request: (c) => ['DELETE', post(c, c.mine)], ...ownOrModerator(204) },
  { name: "delete someone's post", request: (c) => ['DELETE', post(c, c.theirs)], ...moderators(204) },
  {
    name: 'edit my reply',
    request: (c) => ['PATCH', `${post(c, c.mine)}/replies/${c.myReply}`, { body: 'Better' }],
    ...ownOrModerator(200),
  },
  {
    name: "edit someone's reply",
    request: (c) => ['PATCH', `${post(c, c.theirs)}/replies/${c.theirReply}`, { body: 'Mine' }],
    ...moderators(200),
  },
  {
    name: 'delete my reply',
    request: (c) => ['DELETE', `${post(c, c.mine)}/replies/${c.myReply}`],
    ...ownOrModerator(204),
  },
  {
    name: "delete someone's reply",
    request: (c) => ['DELETE', `${post(c, c.theirs)}/replies/${c.theirReply}`],
    ...moderators(204),
  },
  {
    name: 'accept an answer to my question',
    request: (c) => ['PUT', `${post(c, c.mine)}/accepted`, { replyId: c.mineReply }],
    ...ownOrModerator(200),
  },
  {
    name: "accept an answer to someone's question",
    request: (c) => ['PUT', `${post(c, c.theirs)}/accepted`, { replyId: c.theirReply }],
    public: [401, 403, 403, 403, 403, 200, 403, 403, 403, 200],
    private: [404, 404, 404, 403, 403, 200, 403, 404, 404, 200],
  },
  {
    name: "take back someone's accepted answer",
    request: (c) => ['DELETE', `${post(c, c.theirs)}/accepted`],
    public: [401, 403, 403, 403, 403, 200, 403, 403, 403, 200],
    private: [404, 404, 404, 403, 403, 200, 403, 404, 404, 200],
  },
  { name: 'react to a post', request: (c) => ['PUT', `${post(c, c.theirs)}/reactions/thanks`], ...currentMembers(200) },
  {
    name: 'react to a reply',
    request: (c) => ['PUT', `${post(c, c.theirs)}/replies/${c.theirReply}/reactions/plus_one`],
    ...currentMembers(200),
  },
  {
    name: 'take back a reaction',
    request: (c) => ['DELETE', `${post(c, c.theirs)}/reactions/thanks`],
    ...currentMembers(200),
  },
];

let t: TestApp;
const clients = {} as Record<ActorName, Client>;
const ids = {} as Record<ActorName, string | null>;
let bystander: string;
let notFoundBody: unknown;

beforeAll(async () => {
  t = await setupTestApp();
  for (const name of actors) {
    if (name === 'anonymous') {
      clients[name] = t.client();
      ids[name] = null;
      continue;
    }
    const { user, client } = await t.signedInUser({ name: `${name} person`, isAdmin: name === 'admin' });
    clients[name] = client;
    ids[name] = user.id;
  }
  bystander = (await t.createUser({ name: 'Bystander' })).id;
  notFoundBody = (await clients.anonymous.get(`${API}/communities/no-such-community`)).body;
});
afterAll(() => t.close());

async function insertPost(communityId: string, authorId: string) {
  const [row] = await t.deps.db
    .insert(posts)
    .values({ communityId, authorId, kind: 'question', title: 'Q', body: 'Q?', bodyHtml: '<p>Q?</p>' })
    .returning();
  return row.id;
}
async function insertReply(communityId: string, postId: string, authorId: string) {
  const [row] = await t.deps.db
    .insert(replies)
    .values({ communityId, postId, authorId, body: 'A', bodyHtml: '<p>A</p>' })
    .returning();
  return row.id;
}

async function buildCell(visibility: Visibility, actor: ActorName): Promise<Cell> {
  const db = t.deps.db;
  const [community] = await db
    .insert(communities)
    .values({
      slug: uniqueSlug('conv'),
      name: 'Matrix',
      type: 'open',
      visibility,
      joining: visibility === 'private' ? 'invitation' : 'open',
      createdBy: ids.coordinator,
    })
    .returning();
  const rows = [
    ...Object.entries(memberships_).map(([name, m]) => ({ userId: ids[name as ActorName]!, ...m })),
    { userId: bystander, role: 'member', status: 'active' },
  ];
  await db.insert(memberships).values(rows.map((r) => ({ ...r, communityId: community.id, joinedAt: new Date() })));
  const me = ids[actor] ?? bystander;
  const theirs = await insertPost(community.id, bystander);
  const mine = await insertPost(community.id, me);
  return {
    base: `${API}/communities/${community.slug}`,
    theirs,
    theirReply: await insertReply(community.id, theirs, bystander),
    mine,
    mineReply: await insertReply(community.id, mine, bystander),
    myReply: await insertReply(community.id, mine, me),
  };
}

describe.each(endpoints)('$name', (endpoint) => {
  it.each(['public', 'private'] as const)('answers each actor as expected in a %s community', async (visibility) => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, actor] of actors.entries()) {
      const cell = await buildCell(visibility, actor);
      const [method, path, payload] = endpoint.request(cell);
      const res = await clients[actor].request(method, path, payload);
      actual[actor] = res.status;
      expected[actor] = endpoint[visibility][i];
      // Whatever is hidden must look exactly like what does not exist.
      if (res.status === 404) expect(res.body, `${actor}: ${method} ${path}`).toEqual(notFoundBody);
    }
    expect(actual).toEqual(expected);
  });
});

describe('a deleted post', () => {
  const postScoped = endpoints.filter((e) => e.request(probe())[1].includes('/posts/'));
  it.each(postScoped)(
    'answers $name with the same 404 as a missing one, to the coordinator and the admin',
    async (e) => {
      for (const actor of ['coordinator', 'admin'] as const) {
        const cell = await buildCell('public', actor);
        for (const id of [cell.theirs, cell.mine]) {
          await clients.coordinator.request('DELETE', post(cell, id));
        }
        const [method, path, payload] = e.request(cell);
        const res = await clients[actor].request(method, path, payload);
        expect([res.status, res.body], `${actor}: ${method} ${path}`).toEqual([404, notFoundBody]);
      }
    },
  );
});

describe('a missing community', () => {
  it.each(endpoints)('answers $name like a hidden one', async (e) => {
    const cell = await buildCell('public', 'coordinator');
    const [method, path, payload] = e.request(cell);
    const res = await clients.coordinator.request(
      method,
      path.replace(/communities\/[^/]+/, 'communities/nope'),
      payload,
    );
    expect([res.status, res.body]).toEqual([404, notFoundBody]);
  });
});

function probe(): Cell {
  return { base: `${API}/communities/x`, theirs: 'a', theirReply: 'b', mine: 'c', mineReply: 'd', myReply: 'e' };
}
