import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communities, invitations, memberships } from '../../db/schema/index.js';
import { hashSecret, newSecret } from '../../platform/secrets.js';
import type { MembershipStatus, Role, Visibility } from '../../../common/limits.js';
import { setupTestApp, uniqueEmail, type Client, type TestApp } from '../../../../test/harness.js';
import { uniqueSlug } from '../../../../test/factories.js';

/**
 * Who may do what, endpoint by endpoint. Every cell runs against a fresh community so that
 * writes in one cell cannot change the answer of another.
 */

const API = '/api/v1';
const actors = [
  'anonymous',
  'outsider',
  'pending',
  'invited',
  'member',
  'core',
  'coordinator',
  'onBreak',
  'alumni',
  'admin',
] as const;
type ActorName = (typeof actors)[number];

/** The membership each actor holds in every community built for a cell. */
const memberships_: Partial<Record<ActorName, { role: Role; status: MembershipStatus }>> = {
  pending: { role: 'member', status: 'pending' },
  member: { role: 'member', status: 'active' },
  core: { role: 'core', status: 'active' },
  coordinator: { role: 'coordinator', status: 'active' },
  onBreak: { role: 'member', status: 'on_break' },
  alumni: { role: 'member', status: 'alumni' },
};

interface Cell {
  slug: string;
  me: string | null;
  bystander: string;
  applicant: string;
  invitationId: string;
  token: string;
}
interface Endpoint {
  name: string;
  request: (c: Cell) => [method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown];
  /** Expected status per actor, in the order of `actors`. */
  public: number[];
  private: number[];
}

const seen = (ok: number) => [404, 404, 404, 404, ok, ok, ok, ok, 404, ok];
const coordinatorsOnly = (ok: number) => ({
  public: [401, 403, 403, 403, 403, 403, ok, 403, 403, ok],
  private: [404, 404, 404, 404, 403, 403, ok, 403, 404, ok],
});
const c = (cell: Cell) => `${API}/communities/${cell.slug}`;

const endpoints: Endpoint[] = [
  { name: 'GET community', request: (x) => ['GET', c(x)], public: Array(10).fill(200), private: seen(200) },
  { name: 'PATCH community', request: (x) => ['PATCH', c(x), { purpose: 'Sharper' }], ...coordinatorsOnly(200) },
  {
    name: 'POST join',
    request: (x) => ['POST', `${c(x)}/join`, {}],
    public: [401, 200, 409, 200, 409, 409, 409, 409, 200, 200],
    private: [404, 404, 404, 404, 409, 409, 409, 409, 404, 403],
  },
  {
    name: 'POST leave',
    request: (x) => ['POST', `${c(x)}/leave`],
    public: [401, 403, 403, 403, 200, 200, 409, 200, 403, 403],
    private: [404, 404, 404, 404, 200, 200, 409, 200, 404, 403],
  },
  {
    name: 'POST break',
    request: (x) => ['POST', `${c(x)}/break`, {}],
    public: [401, 403, 403, 403, 200, 200, 200, 403, 403, 403],
    private: [404, 404, 404, 404, 200, 200, 200, 403, 404, 403],
  },
  {
    name: 'POST return',
    request: (x) => ['POST', `${c(x)}/return`],
    public: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
    private: [404, 404, 404, 404, 403, 403, 403, 200, 404, 403],
  },
  { name: 'GET activity', request: (x) => ['GET', `${c(x)}/activity`], ...coordinatorsOnly(200) },
  {
    name: 'GET members',
    request: (x) => ['GET', `${c(x)}/members`],
    public: [401, ...Array(9).fill(200)],
    private: seen(200),
  },
  {
    name: 'GET member',
    request: (x) => ['GET', `${c(x)}/members/${x.bystander}`],
    public: [401, ...Array(9).fill(200)],
    private: seen(200),
  },
  {
    name: 'PATCH own profile',
    request: (x) => ['PATCH', `${c(x)}/members/${x.me ?? x.bystander}/profile`, { bio: 'Hello' }],
    public: [401, 404, 404, 404, 200, 200, 200, 200, 403, 404],
    private: [404, 404, 404, 404, 200, 200, 200, 200, 404, 404],
  },
  {
    name: "PATCH someone else's profile",
    request: (x) => ['PATCH', `${c(x)}/members/${x.bystander}/profile`, { bio: 'Hijacked' }],
    public: [401, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    private: [404, 404, 404, 404, 403, 403, 403, 403, 404, 403],
  },
  {
    name: 'PUT role',
    request: (x) => ['PUT', `${c(x)}/members/${x.bystander}/role`, { role: 'core' }],
    ...coordinatorsOnly(200),
  },
  { name: 'DELETE member', request: (x) => ['DELETE', `${c(x)}/members/${x.bystander}`], ...coordinatorsOnly(204) },
  { name: 'GET requests', request: (x) => ['GET', `${c(x)}/requests`], ...coordinatorsOnly(200) },
  {
    name: 'POST approve',
    request: (x) => ['POST', `${c(x)}/requests/${x.applicant}/approve`],
    ...coordinatorsOnly(200),
  },
  {
    name: 'POST decline',
    request: (x) => ['POST', `${c(x)}/requests/${x.applicant}/decline`],
    ...coordinatorsOnly(204),
  },
  {
    name: 'GET invitations',
    request: (x) => ['GET', `${c(x)}/invitations`],
    public: [401, 403, 403, 403, 403, 200, 200, 403, 403, 200],
    private: [404, 404, 404, 404, 403, 200, 200, 403, 404, 200],
  },
  {
    name: 'POST invitations',
    request: (x) => ['POST', `${c(x)}/invitations`, { emails: [uniqueEmail('guest')] }],
    public: [401, 403, 403, 403, 403, 201, 201, 403, 403, 201],
    private: [404, 404, 404, 404, 403, 201, 201, 403, 404, 201],
  },
  // The invitation was sent by the coordinator: the core group may revoke only their own.
  {
    name: 'DELETE invitation',
    request: (x) => ['DELETE', `${c(x)}/invitations/${x.invitationId}`],
    ...coordinatorsOnly(204),
  },
  {
    name: 'GET invitation link',
    request: (x) => ['GET', `${API}/invitations/${x.token}`],
    public: Array(10).fill(200),
    private: Array(10).fill(200),
  },
  {
    name: 'POST accept invitation',
    request: (x) => ['POST', `${API}/invitations/${x.token}/accept`],
    public: [401, 403, 403, 200, 403, 403, 403, 403, 403, 403],
    private: [401, 403, 403, 200, 403, 403, 403, 403, 403, 403],
  },
];

let t: TestApp;
const clients = {} as Record<ActorName, Client>;
const ids = {} as Record<ActorName, string | null>;
const emails = {} as Record<ActorName, string>;
let bystander: string;
let applicant: string;
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
    emails[name] = user.email;
  }
  bystander = (await t.createUser({ name: 'Bystander' })).id;
  applicant = (await t.createUser({ name: 'Applicant' })).id;
  notFoundBody = (await clients.anonymous.get(`${API}/communities/no-such-community`)).body;
});
afterAll(() => t.close());

/** A community where every actor holds their membership, plus someone to act on and an open request. */
async function buildCell(visibility: Visibility, actor: ActorName, name = 'Matrix'): Promise<Cell> {
  const db = t.deps.db;
  const [community] = await db
    .insert(communities)
    .values({
      slug: uniqueSlug('matrix'),
      name,
      type: 'open',
      visibility,
      joining: visibility === 'private' ? 'invitation' : 'open',
      createdBy: ids.coordinator,
    })
    .returning();
  const rows = [
    ...Object.entries(memberships_).map(([name, m]) => ({ userId: ids[name as ActorName]!, ...m })),
    { userId: bystander, role: 'member', status: 'active' },
    { userId: applicant, role: 'member', status: 'pending' },
  ];
  await db.insert(memberships).values(rows.map((r) => ({ ...r, communityId: community.id, joinedAt: new Date() })));
  const token = newSecret();
  const expiresAt = new Date(Date.now() + 86_400_000);
  const [, toRevoke] = await db
    .insert(invitations)
    .values([
      {
        communityId: community.id,
        email: emails.invited,
        tokenHash: hashSecret(token),
        invitedBy: ids.coordinator,
        expiresAt,
      },
      {
        communityId: community.id,
        email: uniqueEmail('other'),
        tokenHash: hashSecret(newSecret()),
        invitedBy: ids.coordinator,
        expiresAt,
      },
    ])
    .returning();
  return { slug: community.slug, me: ids[actor], bystander, applicant, invitationId: toRevoke.id, token };
}

const communityScoped = (e: Endpoint) => {
  const probe = { slug: 'probe', me: null, bystander: 'b', applicant: 'a', invitationId: 'i', token: 't' };
  return e.request(probe)[1].includes('/communities/probe');
};

describe.each(endpoints)('$name', (endpoint) => {
  it.each(['public', 'private'] as const)('answers each actor as expected in a %s community', async (visibility) => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, actor] of actors.entries()) {
      const cell = await buildCell(visibility, actor);
      const [method, path, body] = endpoint.request(cell);
      const res = await clients[actor].request(method, path, body);
      actual[actor] = res.status;
      expected[actor] = endpoint[visibility][i];
      // Whatever is hidden must look exactly like what does not exist.
      if (res.status === 404 && path.includes(cell.slug))
        expect(res.body, `${actor}: ${method} ${path}`).toEqual(notFoundBody);
    }
    expect(actual).toEqual(expected);
  });
});

describe('a missing community', () => {
  it.each(endpoints.filter(communityScoped))('answers $name like a hidden one', async (endpoint) => {
    const cell = await buildCell('public', 'coordinator');
    const [method, path, body] = endpoint.request(cell);
    const res = await clients.coordinator.request(method, path.replace(cell.slug, 'no-such-community'), body);
    expect([res.status, res.body]).toEqual([404, notFoundBody]);
  });
});

describe('the directory', () => {
  it('lists a private community only to its current members and the admin', async () => {
    const listed: Record<string, boolean> = {};
    const name = `Listed ${Date.now().toString(36)}`;
    const cell = await buildCell('private', 'member', name);
    for (const actor of actors) {
      const res = await clients[actor].get(`${API}/communities?q=${encodeURIComponent(name)}`);
      listed[actor] = res.body.items.some((item: { slug: string }) => item.slug === cell.slug);
    }
    expect(listed).toEqual({
      anonymous: false,
      outsider: false,
      pending: false,
      invited: false,
      member: true,
      core: true,
      coordinator: true,
      onBreak: true,
      alumni: false,
      admin: true,
    });
  });
});
