import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentDetail, AssessmentDraft, AssessmentList } from '../../../common/api-types.js';
import type { Visibility } from '../../../common/limits.js';
import { activityEvents, healthAssessments } from '../../db/schema/index.js';
import { buildCommunity, buildMember, buildPost, buildReply, type CommunityRow } from '../../../../test/factories.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import {
  allowed,
  API,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Matrix,
  type MatrixActor,
} from '../../../../test/matrix.js';
import { previousQuarter, quarterOf, writableQuarters } from './assessment-quarters.js';
import { assessmentQuestions } from './assessment-questions.js';

let matrix: Matrix;
let t: TestApp;
beforeAll(async () => {
  matrix = await setupMatrix();
  t = matrix.t;
});
afterAll(() => matrix?.t.close());

// Communities are built in UTC (the default zone), so the test knows their quarters.
const current = () => quarterOf(new Date(), 'UTC');
const before = (quarter: string, times = 1) =>
  Array.from({ length: times }).reduce<string>((q) => previousQuarter(q), quarter);

const answers = (score: number, comment = '') =>
  Object.fromEntries(assessmentQuestions.map((q) => [q.id, { score, comment }]));

/** An assessment written straight to the database, as if saved in an earlier quarter. */
async function seedAssessment(community: { id: string }, quarter: string, stage = 'forming', score = 2) {
  await t.deps.db.insert(healthAssessments).values({
    communityId: community.id,
    quarter,
    answers: answers(score, 'Earlier notes'),
    figures: {
      health: { members: { total: 3, joined: 3, left: 0, onBreak: 0 }, outcomes: { acceptedAnswers: 1 } },
      reasons: ['Forming: 3 members.'],
    },
    proposedStage: stage,
    stage,
  });
}

/** The stage the figures propose now: saving with it needs no note. */
async function proposed(client: Client, slug: string) {
  const res = await client.get<AssessmentDraft>(`${API}/communities/${slug}/health/assessments/draft`);
  expect(res.status).toBe(200);
  return res.body.proposal.stage;
}

// ── Who may do what ──────────────────────────────────────────────────────────

interface Cell {
  base: string;
  quarter: string;
  stage: string;
}

async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  const community = await matrixCommunity(matrix, visibility, 'as');
  const quarter = current();
  await seedAssessment(community, quarter, 'potential');
  // The matrix community has a handful of members and no activity: the figures propose Potential.
  return { base: `${API}/communities/${community.slug}/health/assessments`, quarter, stage: 'potential' };
}

describeMatrix<Cell>(
  [
    { name: 'list assessments', request: (c) => ['GET', c.base], ...allowed.coreAndAdmins(200) },
    { name: 'read an assessment', request: (c) => ['GET', `${c.base}/${c.quarter}`], ...allowed.coreAndAdmins(200) },
    { name: 'draft this quarter', request: (c) => ['GET', `${c.base}/draft`], ...allowed.coordinatorsAndAdmins(200) },
    {
      name: 'save this quarter',
      request: (c) => ['PUT', `${c.base}/${c.quarter}`, { answers: answers(3), stage: c.stage }],
      ...allowed.coordinatorsAndAdmins(200),
    },
  ],
  buildCell,
  () => matrix,
);

// ── Filling in an assessment ─────────────────────────────────────────────────

describe('quarterly assessment', () => {
  let community: CommunityRow;
  let base: string;
  let coordinator: Client;
  let coordinatorId: string;

  beforeAll(async () => {
    const cora = await t.signedInUser({ name: 'Cora Coordinator' });
    coordinator = cora.client;
    coordinatorId = cora.user.id;
    community = await buildCommunity(t, { createdBy: cora.user });
    base = `${API}/communities/${community.slug}/health/assessments`;
    const asker = await t.signedInUser({ name: 'Asha Asker' });
    await buildMember(t, community, asker.user);
    const post = await buildPost(t, community, asker, { kind: 'question', title: 'Where do we start?' });
    await buildReply(t, community, post, coordinator);
    // Two quarters ago: closed for writing, but the comparison point for this one.
    await seedAssessment(community, before(current(), 2), 'forming', 2);
  });

  it('drafts the current quarter: the guided questions, live figures, a proposed stage and the last assessment', async () => {
    const res = await coordinator.get<AssessmentDraft>(`${base}/draft`);
    expect(res.status).toBe(200);
    const draft = res.body;
    expect(draft.quarter).toBe(current());
    expect(draft.questions).toHaveLength(9);
    expect(new Set(draft.questions.map((q) => q.area))).toEqual(new Set(['domain', 'community', 'practice']));
    for (const q of draft.questions) expect(q.help.length).toBeGreaterThan(20);
    expect(draft.stages.map((s) => s.id)).toEqual([
      'potential',
      'forming',
      'building',
      'engaged',
      'active',
      'transforming',
    ]);
    expect(draft.figures.members.total).toBe(2);
    expect(draft.figures.questions.asked).toBe(1);
    expect(draft.headline.find((h) => h.key === 'members')?.value).toBe(2);
    expect(draft.proposal.stage).toBe('potential');
    expect(draft.proposal.reasons.length).toBeGreaterThan(0);
    expect(draft.saved).toBeNull();
    expect(draft.previous?.quarter).toBe(before(current(), 2));
    expect(draft.change?.stage).toEqual({ from: 'forming', to: 'potential', direction: 'down' });
    expect(draft.change?.figures.find((f) => f.key === 'members')).toMatchObject({ from: 3, to: 2, delta: -1 });
  });

  it('saves the quarter with its figures snapshotted, logs it, and shows the change since last time', async () => {
    const stage = await proposed(coordinator, community.slug);
    const input = {
      answers: { ...answers(4), community_trust: { score: 5, comment: '  Open questions weekly. ' } },
      stage,
    };
    const res = await coordinator.put<AssessmentDetail>(`${base}/${current()}`, input);
    expect(res.status).toBe(200);
    const a = res.body.assessment;
    expect(a.quarter).toBe(current());
    expect(a.stage).toBe(stage);
    expect(a.proposedStage).toBe(stage);
    expect(a.answers.community_trust).toEqual({ score: 5, comment: 'Open questions weekly.' });
    expect(a.answers.domain_clarity).toEqual({ score: 4, comment: '' });
    expect(a.figures.members.total).toBe(2);
    expect(a.reasons.length).toBeGreaterThan(0);
    expect(a.editable).toBe(true);
    expect(a.createdBy).toEqual({ id: coordinatorId, name: 'Cora Coordinator' });

    expect(res.body.previous?.quarter).toBe(before(current(), 2));
    const change = res.body.change!;
    expect(change.previousQuarter).toBe(before(current(), 2));
    expect(change.answers.find((x) => x.id === 'community_trust')).toEqual({
      id: 'community_trust',
      from: 2,
      to: 5,
      delta: 3,
    });
    expect(change.figures.find((f) => f.key === 'acceptedAnswers')).toMatchObject({ from: 1, to: 0, delta: -1 });

    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, community.id), eq(activityEvents.verb, 'assessment.saved')));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorId: coordinatorId, objectType: 'assessment' });
    expect(logged[0]!.data).toEqual({ quarter: current(), stage, proposedStage: stage });

    // The history lists both quarters, latest first; the draft now starts from the saved answers.
    const list = await coordinator.get<AssessmentList>(base);
    expect(list.body.items.map((i) => [i.quarter, i.stage])).toEqual([
      [current(), stage],
      [before(current(), 2), 'forming'],
    ]);
    expect(list.body.currentQuarter).toBe(current());
    expect(list.body.abilities.write).toBe(true);
    const draft = await coordinator.get<AssessmentDraft>(`${base}/draft`);
    expect(draft.body.saved?.answers.community_trust.score).toBe(5);
    expect(draft.body.previous?.quarter).toBe(before(current(), 2));

    // The earlier one reads with no change (nothing before it) and can no longer be edited.
    const old = await coordinator.get<AssessmentDetail>(`${base}/${before(current(), 2)}`);
    expect(old.status).toBe(200);
    expect(old.body.change).toBeNull();
    expect(old.body.assessment.editable).toBe(false);
  });

  it('saves again in place, and lets the coordinator choose another stage with a note', async () => {
    const res = await coordinator.put<AssessmentDetail>(`${base}/${current()}`, {
      answers: answers(3),
      stage: 'building',
      notes: 'The monthly clinic is full every time; the figures lag behind.',
    });
    expect(res.status).toBe(200);
    expect(res.body.assessment.stage).toBe('building');
    expect(res.body.assessment.proposedStage).toBe('potential');
    expect(res.body.assessment.notes).toBe('The monthly clinic is full every time; the figures lag behind.');
    const rows = await t.deps.db
      .select()
      .from(healthAssessments)
      .where(eq(healthAssessments.communityId, community.id));
    expect(rows).toHaveLength(2);
    const core = await t.signedInUser();
    await buildMember(t, community, core.user, { role: 'core' });
    const read = await core.client.get<AssessmentDetail>(`${base}/${current()}`);
    expect(read.status).toBe(200);
    expect(read.body.change?.stage).toEqual({ from: 'forming', to: 'building', direction: 'up' });
    const list = await core.client.get<AssessmentList>(base);
    expect(list.body.abilities.write).toBe(false);
  });

  it('refuses bad input with the field at fault, and writes nothing', async () => {
    const fresh = await buildCommunity(t, { createdBy: { id: coordinatorId } });
    const url = `${API}/communities/${fresh.slug}/health/assessments`;
    const put = (quarter: string, body: unknown) => coordinator.put(`${url}/${quarter}`, body);
    const stage = await proposed(coordinator, fresh.slug);
    const valid = { answers: answers(3), stage };
    const cases: [string, unknown, number, string, string][] = [
      [current(), { stage }, 400, 'required', 'answers'],
      [
        current(),
        { ...valid, answers: { ...answers(3), domain_clarity: undefined } },
        400,
        'required',
        'answers.domain_clarity',
      ],
      [
        current(),
        { ...valid, answers: { ...answers(3), domain_clarity: { score: 6 } } },
        400,
        'too_long',
        'answers.domain_clarity.score',
      ],
      [
        current(),
        { ...valid, answers: { ...answers(3), domain_clarity: { score: 0 } } },
        400,
        'too_short',
        'answers.domain_clarity.score',
      ],
      [
        current(),
        { ...valid, answers: { ...answers(3), domain_clarity: { score: 2.5 } } },
        400,
        'invalid_type',
        'answers.domain_clarity.score',
      ],
      [current(), { ...valid, answers: { ...answers(3), mood: { score: 3 } } }, 400, 'unknown_field', 'answers.mood'],
      [
        current(),
        { ...valid, answers: { ...answers(3), practice_change: { score: 3, comment: 'x'.repeat(2001) } } },
        400,
        'too_long',
        'answers.practice_change.comment',
      ],
      [current(), { ...valid, stage: 'thriving' }, 400, 'invalid_value', 'stage'],
      [current(), { ...valid, extra: true }, 400, 'unknown_field', 'extra'],
      [current(), { ...valid, stage: stage === 'active' ? 'engaged' : 'active' }, 422, 'notes_required', 'notes'],
      [
        current(),
        { ...valid, stage: stage === 'active' ? 'engaged' : 'active', notes: '   ' },
        422,
        'notes_required',
        'notes',
      ],
      ['2026-Q5', valid, 400, 'invalid_format', 'quarter'],
      ['this-quarter', valid, 400, 'invalid_format', 'quarter'],
      [before(current(), 2), valid, 422, 'quarter_closed', 'quarter'],
      [`${Number(current().slice(0, 4)) + 1}-Q1`, valid, 422, 'quarter_not_started', 'quarter'],
    ];
    for (const [quarter, body, status, code, field] of cases) {
      const res = await put(quarter, body);
      expect([res.status, res.body.error?.code, res.body.error?.field], JSON.stringify(body).slice(0, 120)).toEqual([
        status,
        code,
        field,
      ]);
    }
    expect((await coordinator.get(`${url}/${current()}`)).status).toBe(404);
    expect((await coordinator.get<AssessmentList>(url)).body.items).toEqual([]);
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, fresh.id), eq(activityEvents.verb, 'assessment.saved')));
    expect(logged).toEqual([]);

    // The last quarter stays open for 30 days after it ends, and only then.
    const last = previousQuarter(current());
    const open = writableQuarters(new Date(), 'UTC').includes(last);
    const res = await put(last, valid);
    if (open) expect(res.status).toBe(200);
    else expect([res.status, res.body.error.code]).toEqual([422, 'quarter_closed']);
    const draft = await coordinator.get(`${url}/draft?quarter=${last}`);
    expect(draft.status).toBe(open ? 200 : 422);
    const badDraft = await coordinator.get(`${url}/draft?quarter=soon`);
    expect([badDraft.status, badDraft.body.error.field]).toEqual([400, 'quarter']);
  });

  it('keeps each community’s assessments to itself', async () => {
    const other = await t.signedInUser();
    const theirs = await buildCommunity(t, { createdBy: other.user });
    const stage = await proposed(other.client, theirs.slug);
    expect(
      (
        await other.client.put(`${API}/communities/${theirs.slug}/health/assessments/${current()}`, {
          answers: answers(1),
          stage,
        })
      ).status,
    ).toBe(200);
    // Our coordinator holds no role there.
    expect((await coordinator.get(`${API}/communities/${theirs.slug}/health/assessments`)).status).toBe(403);
    const ours = await coordinator.get<AssessmentList>(base);
    expect(ours.body.items).toHaveLength(2);
    const mine = await coordinator.get<AssessmentDetail>(`${base}/${current()}`);
    expect(mine.body.assessment.answers.domain_clarity.score).toBe(3);
  });
});
