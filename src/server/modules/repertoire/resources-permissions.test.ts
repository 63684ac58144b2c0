import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts, resourceNotes } from '../../db/schema/index.js';
import type { Visibility } from '../../../common/limits.js';
import type { TestApp } from '../../../../test/harness.js';
import { buildResource } from '../../../../test/factories.js';
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
 * Who may do what with the repertoire's resources and notes, endpoint by endpoint. Every cell
 * runs against a fresh community, so a write in one cell cannot change the answer of another.
 */

type ActorName = MatrixActor;

interface Cell {
  base: string;
  /** A published resource, with a shared note by a bystander and one by the actor (the bystander's for anonymous). */
  published: string;
  theirNote: string;
  myNote: string;
  /** Proposals: one by a bystander, one by the actor (the bystander's for anonymous). */
  theirProposal: string;
  myProposal: string;
  /** A post by a bystander, to promote. */
  post: string;
}
type Endpoint = MatrixEndpoint<Cell>;

const { everyone, membersAndAdmins: proposers, currentMembers, coreAndAdmins: curators } = allowed;
/** A proposal by someone else is seen by curators only: to anyone else it does not exist. */
const curatorsElseHidden = (ok: number) => ({
  public: [404, 404, 404, 404, ok, ok, 404, 404, 404, ok],
  private: [404, 404, 404, 404, ok, ok, 404, 404, 404, ok],
});
/** My own proposal: seen (and polished) by me while I am a current member, and by curators. */
const myProposal = (ok: number) => ({
  public: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
  private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
});
const moderators = (ok: number) => ({
  public: [401, 403, 403, 403, ok, ok, 403, 403, 403, ok],
  private: [404, 404, 404, 403, ok, ok, 403, 404, 404, ok],
});
const ownOrModerator = (ok: number) => ({
  public: [401, 403, 403, ok, ok, ok, ok, 403, 403, ok],
  private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
});

const resource = (c: Cell, id: string) => `${c.base}/resources/${id}`;
const body = { kind: 'article', format: 'read', title: 'A resource', summary: 'Worth reading.' };

const endpoints: Endpoint[] = [
  { name: 'list resources', request: (c) => ['GET', `${c.base}/resources`], ...everyone(200) },
  { name: 'read the overview', request: (c) => ['GET', `${c.base}/repertoire`], ...everyone(200) },
  { name: 'read a resource', request: (c) => ['GET', resource(c, c.published)], ...everyone(200) },
  {
    name: "read someone's proposal",
    request: (c) => ['GET', resource(c, c.theirProposal)],
    ...curatorsElseHidden(200),
  },
  { name: 'read my proposal', request: (c) => ['GET', resource(c, c.myProposal)], ...myProposal(200) },
  { name: 'propose a resource', request: (c) => ['POST', `${c.base}/resources`, body], ...proposers(201) },
  {
    name: 'publish a new resource',
    request: (c) => ['POST', `${c.base}/resources`, { ...body, publish: true }],
    ...curators(201),
  },
  {
    name: 'promote a post',
    request: (c) => ['POST', `${c.base}/resources`, { ...body, from: { postId: c.post } }],
    ...curators(201),
  },
  {
    name: 'draft from a post',
    request: (c) => ['GET', `${c.base}/resources/draft?postId=${c.post}`],
    ...curators(200),
  },
  {
    name: 'edit a published resource',
    request: (c) => ['PATCH', resource(c, c.published), { title: 'Better' }],
    ...curators(200),
  },
  {
    name: 'edit my proposal',
    request: (c) => ['PATCH', resource(c, c.myProposal), { title: 'Better' }],
    ...myProposal(200),
  },
  {
    name: "edit someone's proposal",
    request: (c) => ['PATCH', resource(c, c.theirProposal), { title: 'Better' }],
    ...curatorsElseHidden(200),
  },
  {
    name: "publish someone's proposal",
    request: (c) => ['POST', `${resource(c, c.theirProposal)}/publish`],
    ...curatorsElseHidden(200),
  },
  {
    name: 'publish my proposal',
    request: (c) => ['POST', `${resource(c, c.myProposal)}/publish`],
    public: [404, 404, 404, 403, 200, 200, 403, 404, 404, 200],
    private: [404, 404, 404, 403, 200, 200, 403, 404, 404, 200],
  },
  {
    name: "decline someone's proposal",
    request: (c) => ['POST', `${resource(c, c.theirProposal)}/retire`],
    ...curatorsElseHidden(200),
  },
  { name: 'retire a resource', request: (c) => ['POST', `${resource(c, c.published)}/retire`], ...curators(200) },
  { name: 'feature a resource', request: (c) => ['PUT', `${resource(c, c.published)}/featured`], ...curators(200) },
  {
    name: 'unfeature a resource',
    request: (c) => ['DELETE', `${resource(c, c.published)}/featured`],
    ...curators(200),
  },
  {
    name: 'review a resource',
    request: (c) => ['POST', `${resource(c, c.published)}/review`, { outcome: 'confirm' }],
    ...curators(200),
  },
  { name: 'read the review queue', request: (c) => ['GET', `${c.base}/repertoire/review`], ...curators(200) },
  { name: 'list versions', request: (c) => ['GET', `${resource(c, c.published)}/revisions`], ...everyone(200) },
  { name: 'read a version', request: (c) => ['GET', `${resource(c, c.published)}/revisions/1`], ...everyone(200) },
  {
    name: 'compare versions',
    request: (c) => ['GET', `${resource(c, c.published)}/diff?from=1&to=1`],
    ...everyone(200),
  },
  {
    name: 'revert to a version',
    request: (c) => ['POST', `${resource(c, c.published)}/revert`, { version: 1 }],
    ...curators(200),
  },
  {
    name: "list versions of someone's proposal",
    request: (c) => ['GET', `${resource(c, c.theirProposal)}/revisions`],
    ...curatorsElseHidden(200),
  },
  {
    name: "read a version of someone's proposal",
    request: (c) => ['GET', `${resource(c, c.theirProposal)}/revisions/1`],
    ...curatorsElseHidden(200),
  },
  {
    name: "compare versions of someone's proposal",
    request: (c) => ['GET', `${resource(c, c.theirProposal)}/diff?from=1&to=1`],
    ...curatorsElseHidden(200),
  },
  {
    name: 'list versions of my proposal',
    request: (c) => ['GET', `${resource(c, c.myProposal)}/revisions`],
    ...myProposal(200),
  },
  { name: 'read notes', request: (c) => ['GET', `${resource(c, c.published)}/notes`], ...everyone(200) },
  {
    name: "read notes of someone's proposal",
    request: (c) => ['GET', `${resource(c, c.theirProposal)}/notes`],
    ...curatorsElseHidden(200),
  },
  {
    name: 'write a note',
    request: (c) => ['POST', `${resource(c, c.published)}/notes`, { body: 'Useful.' }],
    ...currentMembers(201),
  },
  {
    name: 'edit my note',
    request: (c) => ['PATCH', `${resource(c, c.published)}/notes/${c.myNote}`, { body: 'Edited' }],
    ...currentMembers(200),
  },
  {
    name: "edit someone's note",
    request: (c) => ['PATCH', `${resource(c, c.published)}/notes/${c.theirNote}`, { body: 'Edited' }],
    public: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    private: [404, 404, 404, 403, 403, 403, 403, 404, 404, 403],
  },
  {
    name: 'delete my note',
    request: (c) => ['DELETE', `${resource(c, c.published)}/notes/${c.myNote}`],
    ...ownOrModerator(204),
  },
  {
    name: "delete someone's shared note",
    request: (c) => ['DELETE', `${resource(c, c.published)}/notes/${c.theirNote}`],
    ...moderators(204),
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

async function insertNote(communityId: string, resourceId: string, authorId: string) {
  const [row] = await t.deps.db
    .insert(resourceNotes)
    .values({ communityId, resourceId, authorId, visibility: 'community', body: 'N', bodyHtml: '<p>N</p>' })
    .returning();
  return row.id;
}

async function buildCell(visibility: Visibility, actor: ActorName): Promise<Cell> {
  const db = t.deps.db;
  const community = await matrixCommunity(matrix, visibility, 'rep');
  const me = ids[actor] ?? bystander;
  const published = await buildResource(t, { community, by: { id: bystander } });
  const [post] = await db
    .insert(posts)
    .values({ communityId: community.id, authorId: bystander, kind: 'question', title: 'Q', body: 'Q?', bodyHtml: '' })
    .returning();
  return {
    base: `${API}/communities/${community.slug}`,
    published: published.id,
    theirNote: await insertNote(community.id, published.id, bystander),
    myNote: await insertNote(community.id, published.id, me),
    theirProposal: (await buildResource(t, { community, by: { id: bystander }, status: 'proposed' })).id,
    myProposal: (await buildResource(t, { community, by: { id: me }, status: 'proposed' })).id,
    post: post.id,
  };
}

describeMatrix(endpoints, buildCell, () => matrix);

const resourceScoped = endpoints.filter((e) => e.request(probe())[1].includes('/resources/r'));

describe('a resource of another community, or a malformed id', () => {
  it.each(resourceScoped)('answers $name with the same 404, to the coordinator and the admin', async (e) => {
    for (const actor of ['coordinator', 'admin'] as const) {
      const here = await buildCell('public', actor);
      const there = await buildCell('public', actor);
      const elsewhere = Object.fromEntries(
        Object.entries(there).map(([k, v]) => [k, k === 'base' || k === 'post' ? here[k as keyof Cell] : v]),
      ) as unknown as Cell;
      const [method, path, payload] = e.request(elsewhere);
      const res = await clients[actor].request(method, path, payload);
      expect([res.status, res.body], `${actor}: ${method} ${path}`).toEqual([404, notFoundBody]);

      const malformed = e.request({ ...here, published: 'nope', theirProposal: 'nope', myProposal: 'nope' });
      const bad = await clients[actor].request(malformed[0], malformed[1], malformed[2]);
      expect([bad.status, bad.body], `${actor}: ${malformed[0]} ${malformed[1]}`).toEqual([404, notFoundBody]);
    }
  });
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
  return {
    base: `${API}/communities/x`,
    published: 'r1',
    theirNote: 'n1',
    myNote: 'n2',
    theirProposal: 'r2',
    myProposal: 'r3',
    post: 'p',
  };
}
