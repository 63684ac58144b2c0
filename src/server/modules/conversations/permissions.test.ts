import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts, replies } from '../../db/schema/index.js';
import type { Visibility } from '../../../common/limits.js';
import type { TestApp } from '../../../../test/harness.js';
import {
  allowed,
  API,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Endpoint as MatrixEndpoint,
  type Matrix,
  type MatrixActor,
} from '../../../../test/matrix.js';

/**
 * Who may do what with conversations, endpoint by endpoint. Every cell runs against a fresh
 * community, so a write in one cell cannot change the answer of another.
 */

type ActorName = MatrixActor;

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
type Endpoint = MatrixEndpoint<Cell>;

const { everyone, currentMembers, membersAndAdmins: ownOrModerator, coreAndAdmins: moderators } = allowed;

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

let matrix: Matrix;
let t: TestApp;
let clients: Matrix['clients'];
let ids: Matrix['ids'];
let bystander: string;
let notFoundBody: unknown;

beforeAll(async () => {
  matrix = await setupMatrix();
  ({ t, clients, ids, bystander, notFoundBody } = matrix);
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
  const community = await matrixCommunity(matrix, visibility, 'conv');
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

describeMatrix(endpoints, buildCell, () => matrix);

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
