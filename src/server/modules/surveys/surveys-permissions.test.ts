import { afterAll, beforeAll } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
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
 * Who may do what with a community's surveys, endpoint by endpoint: coordinators and the
 * instance admin build, send, close them and read results; current members answer. A draft is
 * hidden from members exactly like a missing survey. Every cell has a fresh community with a
 * fresh draft and a fresh open survey, so a send, close or answer in one cell changes no other.
 */

interface Cell {
  base: string;
  draft: string;
  open: { id: string; questionId: string };
}
type Endpoint = MatrixEndpoint<Cell>;

const survey = {
  title: 'How are we doing?',
  anonymous: true,
  questions: [{ kind: 'scale5', prompt: 'How useful are the meetups?' }],
};

const endpoints: Endpoint[] = [
  { name: 'list surveys', request: (c) => ['GET', c.base], ...allowed.membersAndAdmins(200) },
  { name: 'start a draft', request: (c) => ['POST', c.base, survey], ...allowed.coordinatorsAndAdmins(201) },
  {
    name: 'read a draft',
    request: (c) => ['GET', `${c.base}/${c.draft}`],
    // anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin
    public: [401, 403, 403, 404, 404, 200, 404, 403, 403, 200],
    private: [404, 404, 404, 404, 404, 200, 404, 404, 404, 200],
  },
  { name: 'read an open survey', request: (c) => ['GET', `${c.base}/${c.open.id}`], ...allowed.membersAndAdmins(200) },
  {
    name: 'edit a draft',
    request: (c) => ['PATCH', `${c.base}/${c.draft}`, { title: 'Autumn check-in' }],
    ...allowed.coordinatorsAndAdmins(200),
  },
  { name: 'delete a draft', request: (c) => ['DELETE', `${c.base}/${c.draft}`], ...allowed.coordinatorsAndAdmins(204) },
  {
    name: 'send a draft',
    request: (c) => ['POST', `${c.base}/${c.draft}/send`],
    ...allowed.coordinatorsAndAdmins(202),
  },
  {
    name: 'close a survey',
    request: (c) => ['POST', `${c.base}/${c.open.id}/close`],
    ...allowed.coordinatorsAndAdmins(200),
  },
  {
    name: 'read the results',
    request: (c) => ['GET', `${c.base}/${c.open.id}/results`],
    ...allowed.coordinatorsAndAdmins(200),
  },
  {
    name: 'answer a survey',
    request: (c) => [
      'POST',
      `${c.base}/${c.open.id}/responses`,
      { answers: [{ questionId: c.open.questionId, value: 4 }] },
    ],
    ...allowed.currentMembers(201),
  },
];

let matrix: Matrix;
beforeAll(async () => {
  matrix = await setupMatrix();
});
afterAll(() => matrix?.t.close());

async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  const community = await matrixCommunity(matrix, visibility, 'sv');
  const base = `${API}/communities/${community.slug}/surveys`;
  const coordinator = matrix.clients.coordinator;
  const made = async () => {
    const res = await coordinator.post(base, survey);
    if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const draft = await made();
  const open = await made();
  const sent = await coordinator.post(`${base}/${open.id}/send`);
  if (sent.status !== 202) throw new Error(`send failed: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { base, draft: draft.id, open: { id: open.id, questionId: open.questions[0].id } };
}

describeMatrix(endpoints, buildCell, () => matrix);
