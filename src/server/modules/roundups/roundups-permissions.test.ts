import { afterAll, beforeAll } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { buildPost } from '../../../../test/factories.js';
import {
  API,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Endpoint as MatrixEndpoint,
  type Matrix,
  type MatrixActor,
} from '../../../../test/matrix.js';

/**
 * Who may see and run a community's round-ups, endpoint by endpoint: its coordinators and the
 * instance admin. Every cell runs against a fresh community with a fresh draft (listing a win),
 * so a send or a cancellation in one cell cannot change another's answer.
 */

interface Cell {
  base: string;
  id: string;
}
type Endpoint = MatrixEndpoint<Cell>;

// anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin
const coordinators = (ok: number) => ({
  public: [401, 403, 403, 403, 403, ok, 403, 403, 403, ok],
  private: [404, 404, 404, 403, 403, ok, 403, 404, 404, ok],
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

const endpoints: Endpoint[] = [
  { name: 'list round-ups', request: (c) => ['GET', c.base], ...coordinators(200) },
  { name: 'draft this week', request: (c) => ['POST', c.base], ...coordinators(201) },
  { name: 'read a round-up', request: (c) => ['GET', `${c.base}/${c.id}`], ...coordinators(200) },
  { name: 'edit a round-up', request: (c) => ['PATCH', `${c.base}/${c.id}`, { intro: 'Hello' }], ...coordinators(200) },
  { name: 'preview a copy', request: (c) => ['GET', `${c.base}/${c.id}/preview`], ...coordinators(200) },
  {
    name: 'schedule a round-up',
    request: (c) => ['POST', `${c.base}/${c.id}/schedule`, { at: inAnHour() }],
    ...coordinators(200),
  },
  { name: 'send a round-up', request: (c) => ['POST', `${c.base}/${c.id}/send`], ...coordinators(202) },
  { name: 'read its clicks', request: (c) => ['GET', `${c.base}/${c.id}/stats`], ...coordinators(200) },
  { name: 'call a round-up off', request: (c) => ['DELETE', `${c.base}/${c.id}`], ...coordinators(204) },
];

let matrix: Matrix;
beforeAll(async () => {
  matrix = await setupMatrix();
});
afterAll(() => matrix?.t.close());

async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  const community = await matrixCommunity(matrix, visibility, 'ru');
  await buildPost(matrix.t, community, matrix.clients.coordinator, { kind: 'win', title: 'We shipped it' });
  const base = `${API}/communities/${community.slug}/roundups`;
  const drafted = await matrix.clients.coordinator.post(base);
  if (drafted.status !== 201) throw new Error(`draft failed: ${drafted.status} ${JSON.stringify(drafted.body)}`);
  return { base, id: drafted.body.id };
}

describeMatrix(endpoints, buildCell, () => matrix);
