import { describe, expect, it } from 'vitest';
import { communities, memberships } from '../src/server/db/schema/index.js';
import type { MembershipStatus, Role, Visibility } from '../src/common/limits.js';
import { uniqueSlug, type CommunityRow } from './factories.js';
import { setupTestApp, type Client, type TestApp } from './harness.js';

/**
 * The permission matrix shared by feature tests: every actor × public/private × endpoint, each
 * cell against a fresh community so that a write in one cell cannot change another's answer.
 */

export const API = '/api/v1';

export const matrixActors = [
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
export type MatrixActor = (typeof matrixActors)[number];

/** The membership each actor holds in every community built for a cell. */
export const matrixMemberships: Partial<Record<MatrixActor, { role: Role; status: MembershipStatus }>> = {
  pending: { role: 'member', status: 'pending' },
  member: { role: 'member', status: 'active' },
  core: { role: 'core', status: 'active' },
  coordinator: { role: 'coordinator', status: 'active' },
  onBreak: { role: 'member', status: 'on_break' },
  alumni: { role: 'member', status: 'alumni' },
  removed: { role: 'member', status: 'removed' },
};

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export interface Endpoint<Cell> {
  name: string;
  request: (c: Cell) => [Method, string, unknown?];
  /** Expected status per actor, in the order of `matrixActors`. */
  public: number[];
  private: number[];
}

// Expected answers, in the order: anonymous, outsider, pending, member, core, coordinator,
// onBreak, alumni, removed, admin.
export const allowed = {
  /** Whoever may see the community. */
  everyone: (ok: number) => ({
    public: Array(10).fill(ok),
    private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
  }),
  /** Current members only: an instance admin who does not belong is refused. */
  currentMembers: (ok: number) => ({
    public: [401, 403, 403, ok, ok, ok, ok, 403, 403, 403],
    private: [404, 404, 404, ok, ok, ok, ok, 404, 404, 403],
  }),
  /** Current members and instance admins. */
  membersAndAdmins: (ok: number) => ({
    public: [401, 403, 403, ok, ok, ok, ok, 403, 403, ok],
    private: [404, 404, 404, ok, ok, ok, ok, 404, 404, ok],
  }),
  /** Coordinators and instance admins. */
  coordinatorsAndAdmins: (ok: number) => ({
    public: [401, 403, 403, 403, 403, ok, 403, 403, 403, ok],
    private: [404, 404, 404, 403, 403, ok, 403, 404, 404, ok],
  }),
  /** The core group, coordinators and instance admins. */
  coreAndAdmins: (ok: number) => ({
    public: [401, 403, 403, 403, ok, ok, 403, 403, 403, ok],
    private: [404, 404, 404, 403, ok, ok, 403, 404, 404, ok],
  }),
};

export interface Matrix {
  t: TestApp;
  clients: Record<MatrixActor, Client>;
  ids: Record<MatrixActor, string | null>;
  /** An active member who is none of the actors: the author of "someone else's" things. */
  bystander: string;
  /** What a missing community answers: everything hidden must look exactly like it. */
  notFoundBody: unknown;
}

/** Starts the app and signs in one person per actor (the admin as an instance admin). */
export async function setupMatrix(): Promise<Matrix> {
  const t = await setupTestApp();
  const clients = {} as Record<MatrixActor, Client>;
  const ids = {} as Record<MatrixActor, string | null>;
  for (const name of matrixActors) {
    if (name === 'anonymous') {
      clients[name] = t.client();
      ids[name] = null;
      continue;
    }
    const { user, client } = await t.signedInUser({ name: `${name} person`, isAdmin: name === 'admin' });
    clients[name] = client;
    ids[name] = user.id;
  }
  const bystander = (await t.createUser({ name: 'Bystander' })).id;
  const notFoundBody = (await clients.anonymous.get(`${API}/communities/no-such-community`)).body;
  return { t, clients, ids, bystander, notFoundBody };
}

/** A fresh community where every actor holds their membership and the bystander is active. */
export async function matrixCommunity(m: Matrix, visibility: Visibility, slugPrefix: string): Promise<CommunityRow> {
  const db = m.t.deps.db;
  const [community] = await db
    .insert(communities)
    .values({
      slug: uniqueSlug(slugPrefix),
      name: 'Matrix',
      type: 'open',
      visibility,
      joining: visibility === 'private' ? 'invitation' : 'open',
      createdBy: m.ids.coordinator,
    })
    .returning();
  const rows = [
    ...Object.entries(matrixMemberships).map(([name, ms]) => ({ userId: m.ids[name as MatrixActor]!, ...ms })),
    { userId: m.bystander, role: 'member', status: 'active' },
  ];
  await db.insert(memberships).values(rows.map((r) => ({ ...r, communityId: community.id, joinedAt: new Date() })));
  return community;
}

/** One test per endpoint and visibility: every actor's status, and hidden answers identical to missing ones. */
export function describeMatrix<Cell>(
  endpoints: Endpoint<Cell>[],
  buildCell: (visibility: Visibility, actor: MatrixActor) => Promise<Cell>,
  matrix: () => Matrix,
): void {
  describe.each(endpoints)('$name', (endpoint) => {
    it.each(['public', 'private'] as const)('answers each actor as expected in a %s community', async (visibility) => {
      const { clients, notFoundBody } = matrix();
      const actual: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [i, actor] of matrixActors.entries()) {
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
}
