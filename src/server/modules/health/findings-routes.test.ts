import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { activityEvents, healthChecks, healthFindings, jobs, posts, users } from '../../db/schema/index.js';
import { buildCommunity, buildMember, buildPost, type CommunityRow } from '../../../../test/factories.js';
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
import { HEALTH_CHECK_JOB } from './check-jobs.js';

let matrix: Matrix;
let t: TestApp;
beforeAll(async () => {
  matrix = await setupMatrix();
  t = matrix.t;
});
afterAll(() => matrix?.t.close());

// ── Fixtures: checks and findings written straight to the database ───────────

type FindingInput = Partial<typeof healthFindings.$inferInsert> & { title: string };

/** A week's check with its findings, as the weekly job would have stored them. */
async function seedCheck(community: { id: string }, week: string, findings: FindingInput[], ranAt?: Date) {
  const [check] = await t.deps.db
    .insert(healthChecks)
    .values({
      communityId: community.id,
      week,
      ranAt: ranAt ?? new Date(`${week}T06:00:00Z`),
      findingCount: findings.length,
    })
    .returning();
  const rows = findings.length
    ? await t.deps.db
        .insert(healthFindings)
        .values(
          findings.map((f, i) => ({
            kind: 'unanswered_topic',
            key: `unanswered_topic:${i}:${f.title}`,
            severity: 'medium',
            evidence: { count: 3 },
            action: 'Ask someone to answer.',
            people: [],
            ...f,
            communityId: community.id,
            checkId: check.id,
          })),
        )
        .returning()
    : [];
  return { check, findings: rows };
}

const checkPath = (c: { slug: string }) => `${API}/communities/${c.slug}/health/check`;
const findingPath = (c: { slug: string }, id: string, verb: 'act' | 'dismiss' | 'reopen') =>
  `${API}/communities/${c.slug}/health/findings/${id}/${verb}`;

async function communityWithCoordinator(visibility: Visibility = 'public') {
  const coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  const core = await t.signedInUser({ name: 'Kim Core' });
  const community = await buildCommunity(t, { createdBy: coordinator.user, visibility, topics: ['Testing'] });
  await buildMember(t, community, core.user, { role: 'core' });
  return { coordinator, core, community };
}

const activityOf = (findingId: string) =>
  t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.objectType, 'health_finding'), eq(activityEvents.objectId, findingId)));

// ── Reading ──────────────────────────────────────────────────────────────────

describe('reading the weekly check', () => {
  it('answers an empty check before any has run, with what the reader may do', async () => {
    const { coordinator, core, community } = await communityWithCoordinator();
    const res = await coordinator.client.get(checkPath(community));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ check: null, findings: [], weeks: [], running: null, abilities: { steer: true } });
    expect((await core.client.get(checkPath(community))).body.abilities).toEqual({ steer: false });
  });

  it('shows the latest week, open findings first and the most severe first, with people linked', async () => {
    const { coordinator, community } = await communityWithCoordinator();
    const ana = await t.createUser({ name: 'Ana Answerer' });
    const ben = await t.createUser({ name: 'Ben Newcomer' });
    await buildMember(t, community, ana);
    await buildMember(t, community, ben);
    await seedCheck(community, '2026-03-02', [{ title: 'An old one', severity: 'high' }]);
    const { check, findings } = await seedCheck(community, '2026-03-09', [
      { title: 'Low and open', severity: 'low' },
      { title: 'Dismissed', severity: 'high', status: 'dismissed', note: 'Not now' },
      {
        title: '3 questions in Testing unanswered for more than 48 h',
        severity: 'high',
        kind: 'unanswered_topic',
        key: 'unanswered_topic:Testing',
        evidence: { topic: 'Testing', questions: [{ id: 'p1', title: 'How?', hoursWaiting: 60 }] },
        action: 'Ask Ana Answerer, who has accepted answers in Testing.',
        people: [
          { id: ana.id, name: 'Ana Answerer', part: 'suggested' },
          { id: '00000000-0000-4000-8000-000000000000', name: 'Gone Person', part: 'subject' },
        ],
      },
      { title: 'Acted', severity: 'high', status: 'acted', decidedBy: coordinator.user.id, note: 'Asked Ben' },
      { title: 'Medium and open', severity: 'medium', people: [{ id: ben.id, name: 'Old Name', part: 'subject' }] },
    ]);
    // Someone renamed since the check: the current name is shown.
    await t.deps.db.update(users).set({ name: 'Ben Renamed' }).where(eq(users.id, ben.id));

    const res = await coordinator.client.get(checkPath(community));
    expect(res.status).toBe(200);
    expect(res.body.check).toEqual({
      id: check.id,
      week: '2026-03-09',
      ranAt: '2026-03-09T06:00:00.000Z',
      findingCount: 5,
    });
    expect(res.body.findings.map((f: { title: string }) => f.title)).toEqual([
      '3 questions in Testing unanswered for more than 48 h',
      'Medium and open',
      'Low and open',
      'Acted',
      'Dismissed',
    ]);
    const first = res.body.findings[0];
    expect(first).toEqual({
      id: findings[2].id,
      kind: 'unanswered_topic',
      key: 'unanswered_topic:Testing',
      severity: 'high',
      title: '3 questions in Testing unanswered for more than 48 h',
      evidence: { topic: 'Testing', questions: [{ id: 'p1', title: 'How?', hoursWaiting: 60 }] },
      action: 'Ask Ana Answerer, who has accepted answers in Testing.',
      people: [
        { id: ana.id, name: 'Ana Answerer', part: 'suggested', path: `/c/${community.slug}/members/${ana.id}` },
        { id: '00000000-0000-4000-8000-000000000000', name: 'Gone Person', part: 'subject', path: null },
      ],
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      note: '',
      createdAt: expect.any(String),
    });
    expect(res.body.findings[1].people).toEqual([
      { id: ben.id, name: 'Ben Renamed', part: 'subject', path: `/c/${community.slug}/members/${ben.id}` },
    ]);
    expect(res.body.findings[3]).toMatchObject({
      status: 'acted',
      decidedBy: { id: coordinator.user.id, name: 'Cora Coordinator' },
      note: 'Asked Ben',
    });
    expect(res.body.weeks).toEqual([
      { week: '2026-03-09', ranAt: '2026-03-09T06:00:00.000Z', total: 5, open: 3, acted: 1, dismissed: 1 },
      { week: '2026-03-02', ranAt: '2026-03-02T06:00:00.000Z', total: 1, open: 1, acted: 0, dismissed: 0 },
    ]);
  });

  it('shows an earlier week when asked, and refuses a week without a check or a malformed one', async () => {
    const { core, community } = await communityWithCoordinator();
    await seedCheck(community, '2026-03-02', [{ title: 'Earlier problem' }]);
    await seedCheck(community, '2026-03-09', [{ title: 'Later problem' }]);
    const earlier = await core.client.get(`${checkPath(community)}?week=2026-03-02`);
    expect(earlier.status).toBe(200);
    expect(earlier.body.check.week).toBe('2026-03-02');
    expect(earlier.body.findings.map((f: { title: string }) => f.title)).toEqual(['Earlier problem']);
    expect(earlier.body.weeks).toHaveLength(2);

    const missing = await core.client.get(`${checkPath(community)}?week=2026-02-23`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'check_not_found', field: 'week' });
    for (const bad of ['2026-13-40', 'last-week', '2026-03-02T00:00:00Z']) {
      const res = await core.client.get(`${checkPath(community)}?week=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.field).toBe('week');
    }
  });

  it('never shows another community’s checks', async () => {
    const mine = await communityWithCoordinator();
    const theirs = await communityWithCoordinator();
    await seedCheck(theirs.community, '2026-03-09', [{ title: 'Their problem' }]);
    const res = await mine.coordinator.client.get(checkPath(mine.community));
    expect(res.body).toMatchObject({ check: null, findings: [], weeks: [] });
    // A coordinator of one community is nobody special in another.
    await buildMember(t, theirs.community, mine.coordinator.user);
    expect((await mine.coordinator.client.get(checkPath(theirs.community))).status).toBe(403);
  });
});

// ── Deciding ─────────────────────────────────────────────────────────────────

describe('acting on and dismissing findings', () => {
  it('marks a finding acted on with who, when and what, logs it, and moves it below the open ones', async () => {
    const { coordinator, community } = await communityWithCoordinator();
    const { findings } = await seedCheck(community, '2026-03-09', [
      { title: 'Newcomers waiting', kind: 'isolated_newcomers', key: 'isolated_newcomers', severity: 'high' },
      { title: 'Quiet members', kind: 'drifting_members', key: 'drifting_members', severity: 'low' },
    ]);
    const before = Date.now();
    const res = await coordinator.client.post(findingPath(community, findings[0].id, 'act'), {
      note: '  Introduced them to Ana in the welcome thread.  ',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: findings[0].id,
      status: 'acted',
      decidedBy: { id: coordinator.user.id, name: 'Cora Coordinator' },
      note: 'Introduced them to Ana in the welcome thread.',
    });
    expect(new Date(res.body.decidedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const [row] = await t.deps.db.select().from(healthFindings).where(eq(healthFindings.id, findings[0].id));
    expect(row).toMatchObject({ status: 'acted', decidedBy: coordinator.user.id });
    const log = await activityOf(findings[0].id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actorId: coordinator.user.id,
      communityId: community.id,
      verb: 'health.finding_acted',
      objectType: 'health_finding',
      data: {
        kind: 'isolated_newcomers',
        key: 'isolated_newcomers',
        note: 'Introduced them to Ana in the welcome thread.',
      },
    });

    const page = await coordinator.client.get(checkPath(community));
    expect(page.body.findings.map((f: { title: string; status: string }) => [f.title, f.status])).toEqual([
      ['Quiet members', 'open'],
      ['Newcomers waiting', 'acted'],
    ]);
    expect(page.body.weeks[0]).toMatchObject({ open: 1, acted: 1, dismissed: 0 });
  });

  it('dismisses with or without a reason, logs it, and reopens', async () => {
    const { coordinator, community } = await communityWithCoordinator();
    const { findings } = await seedCheck(community, '2026-03-09', [
      { title: 'Topic without resources', kind: 'topic_without_resources', key: 'topic_without_resources:Data' },
      { title: 'Load on one organiser', kind: 'organiser_load', key: 'organiser_load' },
    ]);
    const plain = await coordinator.client.post(findingPath(community, findings[0].id, 'dismiss'), {});
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ status: 'dismissed', note: '', decidedBy: { id: coordinator.user.id } });
    const reasoned = await coordinator.client.post(findingPath(community, findings[1].id, 'dismiss'), {
      reason: 'She is handing over next month.',
    });
    expect(reasoned.body).toMatchObject({ status: 'dismissed', note: 'She is handing over next month.' });
    expect((await activityOf(findings[1].id))[0]).toMatchObject({
      verb: 'health.finding_dismissed',
      data: { kind: 'organiser_load', key: 'organiser_load', reason: 'She is handing over next month.' },
    });

    const reopened = await coordinator.client.post(findingPath(community, findings[1].id, 'reopen'));
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', decidedBy: null, decidedAt: null, note: '' });
    // The earlier decision is not lost: it is in the log, followed by the reopening.
    const log = await activityOf(findings[1].id);
    expect(log.map((e) => e.verb).sort()).toEqual(['health.finding_dismissed', 'health.finding_reopened']);
    // Once open again it can be acted on.
    const acted = await coordinator.client.post(findingPath(community, findings[1].id, 'act'), { note: 'Asked Fay.' });
    expect(acted.body.status).toBe('acted');
  });

  it('answers conflicts with stable codes and changes nothing', async () => {
    const { coordinator, community } = await communityWithCoordinator();
    const { findings } = await seedCheck(community, '2026-03-09', [{ title: 'One' }, { title: 'Two' }]);
    const [one, two] = findings;
    await coordinator.client.post(findingPath(community, one.id, 'dismiss'), { reason: 'No' });
    await coordinator.client.post(findingPath(community, two.id, 'act'), { note: 'Done it' });

    const cases: [string, 'act' | 'dismiss' | 'reopen', unknown, string][] = [
      [one.id, 'act', { note: 'Try' }, 'finding_already_dismissed'],
      [one.id, 'dismiss', {}, 'finding_already_dismissed'],
      [two.id, 'act', { note: 'Again' }, 'finding_already_acted'],
      [two.id, 'dismiss', { reason: 'Changed my mind' }, 'finding_already_acted'],
    ];
    for (const [id, verb, body, code] of cases) {
      const res = await coordinator.client.post(findingPath(community, id, verb), body);
      expect(res.status, `${verb} → ${code}`).toBe(409);
      expect(res.body.error.code).toBe(code);
    }
    await coordinator.client.post(findingPath(community, one.id, 'reopen'));
    const again = await coordinator.client.post(findingPath(community, one.id, 'reopen'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('finding_already_open');

    const rows = await t.deps.db.select().from(healthFindings).where(eq(healthFindings.checkId, one.checkId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(one.id)).toMatchObject({ status: 'open', note: '', decidedBy: null });
    expect(byId.get(two.id)).toMatchObject({ status: 'acted', note: 'Done it' });
    expect((await activityOf(two.id)).map((e) => e.verb)).toEqual(['health.finding_acted']);
  });

  it('refuses bad input with 400 and the field at fault, writing nothing', async () => {
    const { coordinator, community } = await communityWithCoordinator();
    const { findings } = await seedCheck(community, '2026-03-09', [{ title: 'Open one' }]);
    const act = findingPath(community, findings[0].id, 'act');
    const dismiss = findingPath(community, findings[0].id, 'dismiss');
    const cases: [string, unknown, string, string | undefined][] = [
      [act, {}, 'required', 'note'],
      [act, { note: '' }, 'too_short', 'note'],
      [act, { note: '   ' }, 'too_short', 'note'],
      [act, { note: 42 }, 'invalid_type', 'note'],
      [act, { note: ['a'] }, 'invalid_type', 'note'],
      [act, { note: 'x'.repeat(2001) }, 'too_long', 'note'],
      [act, { note: 'Fine', extra: 1 }, 'unknown_field', 'extra'],
      [act, null, 'invalid_type', undefined],
      [act, [], 'invalid_type', undefined],
      [act, 'text', 'invalid_type', undefined],
      [dismiss, { reason: 7 }, 'invalid_type', 'reason'],
      [dismiss, { reason: 'x'.repeat(2001) }, 'too_long', 'reason'],
      [dismiss, { why: 'x' }, 'unknown_field', 'why'],
      [dismiss, 42, 'invalid_type', undefined],
    ];
    for (const [path, body, code, field] of cases) {
      const res = await coordinator.client.request('POST', path, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    const broken = await coordinator.client.request('POST', act, '{"note": ');
    expect(broken.status).toBe(400);
    const [row] = await t.deps.db.select().from(healthFindings).where(eq(healthFindings.id, findings[0].id));
    expect(row.status).toBe('open');
    expect(await activityOf(findings[0].id)).toEqual([]);
  });

  it('answers a finding of another community, or a malformed id, exactly like a missing one', async () => {
    const mine = await communityWithCoordinator();
    const theirs = await communityWithCoordinator();
    const { findings } = await seedCheck(theirs.community, '2026-03-09', [{ title: 'Theirs' }]);
    const bodies = { act: { note: 'Sneaky' }, dismiss: {}, reopen: undefined };
    for (const verb of ['act', 'dismiss', 'reopen'] as const) {
      for (const id of [findings[0].id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
        const res = await mine.coordinator.client.post(findingPath(mine.community, id, verb), bodies[verb]);
        expect(res.status, `${verb} ${id}`).toBe(404);
        expect(res.body).toEqual(matrix.notFoundBody);
      }
    }
    const [row] = await t.deps.db.select().from(healthFindings).where(eq(healthFindings.id, findings[0].id));
    expect(row.status).toBe('open');
  });

  it('lets the core group read the findings but not decide them', async () => {
    const { core, community } = await communityWithCoordinator();
    const { findings } = await seedCheck(community, '2026-03-09', [{ title: 'Open one' }]);
    expect((await core.client.get(checkPath(community))).body.findings).toHaveLength(1);
    const res = await core.client.post(findingPath(community, findings[0].id, 'act'), { note: 'Did it' });
    expect(res.status).toBe(403);
    expect(await activityOf(findings[0].id)).toEqual([]);
  });
});

// ── Running it now ───────────────────────────────────────────────────────────

describe('running the check now', () => {
  it('queues the check once, shows it running, and then shows what it found, ready to act on', async () => {
    const { coordinator, core, community } = await communityWithCoordinator();
    const asker = await t.signedInUser({ name: 'Ash Asker' });
    await buildMember(t, community, asker.user);
    // Two questions in Testing that have waited three days without a reply.
    for (const title of ['How do you test numerical code?', 'Snapshot tests for plots?']) {
      const post = await buildPost(t, community, asker.client, { kind: 'question', title, tags: ['Testing'] });
      await t.deps.db
        .update(posts)
        .set({ createdAt: new Date(Date.now() - 3 * 86_400_000) })
        .where(eq(posts.id, post.id));
    }
    const runPath = `${checkPath(community)}/run`;

    const queued = await coordinator.client.post(runPath);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ jobId: expect.any(Number), status: 'queued', finishedAt: null });
    const jobId = queued.body.jobId;
    // A second click while it waits answers the same run.
    expect((await coordinator.client.post(runPath)).body.jobId).toBe(jobId);
    const [job] = await t.deps.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({
      type: HEALTH_CHECK_JOB,
      communityId: community.id,
      payload: { communityId: community.id },
    });
    const waiting = await core.client.get(checkPath(community));
    expect(waiting.body).toMatchObject({ check: null, running: { jobId, status: 'queued' } });
    expect((await core.client.get(`${runPath}/${jobId}`)).body.status).toBe('queued');

    await t.runJobs({ types: [HEALTH_CHECK_JOB] });
    const done = await core.client.get(`${runPath}/${jobId}`);
    expect(done.body).toMatchObject({ jobId, status: 'succeeded', finishedAt: expect.any(String) });
    const page = await coordinator.client.get(checkPath(community));
    expect(page.body.running).toBeNull();
    expect(page.body.check).toMatchObject({ week: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const unanswered = page.body.findings.find((f: { kind: string }) => f.kind === 'unanswered_topic');
    expect(unanswered).toMatchObject({ status: 'open', key: 'unanswered_topic:testing' });
    expect(unanswered.evidence.items.map((i: { title: string }) => i.title).sort()).toEqual([
      'How do you test numerical code?',
      'Snapshot tests for plots?',
    ]);
    expect(unanswered.people).toContainEqual({
      id: asker.user.id,
      name: 'Ash Asker',
      part: 'subject',
      path: `/c/${community.slug}/members/${asker.user.id}`,
    });

    const acted = await coordinator.client.post(findingPath(community, unanswered.id, 'act'), {
      note: 'Shared both questions in the round-up.',
    });
    expect(acted.body.status).toBe('acted');
    // Running it again the same week keeps the decision.
    const again = await coordinator.client.post(runPath);
    expect(again.status).toBe(202);
    await t.runJobs({ types: [HEALTH_CHECK_JOB] });
    const after = await coordinator.client.get(checkPath(community));
    expect(after.body.findings.find((f: { id: string }) => f.id === unanswered.id)).toMatchObject({
      status: 'acted',
      note: 'Shared both questions in the round-up.',
    });
  });

  it('answers a run of another community, or any other job, like a missing one', async () => {
    const mine = await communityWithCoordinator();
    const theirs = await communityWithCoordinator();
    const queued = await theirs.coordinator.client.post(`${checkPath(theirs.community)}/run`);
    const [other] = await t.deps.db
      .insert(jobs)
      .values({ type: 'mail.flush', payload: {}, communityId: mine.community.id, status: 'succeeded' })
      .returning();
    for (const id of [queued.body.jobId, other.id, 'abc', '99999999999']) {
      const res = await mine.coordinator.client.get(`${checkPath(mine.community)}/run/${id}`);
      expect(res.status, String(id)).toBe(404);
      expect(res.body).toEqual(matrix.notFoundBody);
    }
  });
});

// ── The permission matrix ────────────────────────────────────────────────────

interface Cell {
  community: CommunityRow;
  base: string;
  open: string;
  decided: string;
  jobId: number;
}

/** A fresh community per cell, with one open and one dismissed finding and a finished run of the check. */
async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  const community = await matrixCommunity(matrix, visibility, 'hc');
  const { findings } = await seedCheck(community, '2026-03-09', [
    { title: 'Open' },
    { title: 'Decided', status: 'dismissed', decidedBy: matrix.ids.coordinator, decidedAt: new Date() },
  ]);
  const [job] = await t.deps.db
    .insert(jobs)
    .values({
      type: HEALTH_CHECK_JOB,
      payload: { communityId: community.id },
      communityId: community.id,
      status: 'succeeded',
    })
    .returning();
  return {
    community,
    base: `${API}/communities/${community.slug}/health`,
    open: findings[0].id,
    decided: findings[1].id,
    jobId: job.id,
  };
}

describeMatrix<Cell>(
  [
    { name: 'read the check', request: (c) => ['GET', `${c.base}/check`], ...allowed.coreAndAdmins(200) },
    {
      name: 'read an earlier week',
      request: (c) => ['GET', `${c.base}/check?week=2026-03-09`],
      ...allowed.coreAndAdmins(200),
    },
    {
      name: 'act on a finding',
      request: (c) => ['POST', `${c.base}/findings/${c.open}/act`, { note: 'Asked two people' }],
      ...allowed.coordinatorsAndAdmins(200),
    },
    {
      name: 'dismiss a finding',
      request: (c) => ['POST', `${c.base}/findings/${c.open}/dismiss`, {}],
      ...allowed.coordinatorsAndAdmins(200),
    },
    {
      name: 'reopen a finding',
      request: (c) => ['POST', `${c.base}/findings/${c.decided}/reopen`],
      ...allowed.coordinatorsAndAdmins(200),
    },
    {
      name: 'run the check now',
      request: (c) => ['POST', `${c.base}/check/run`],
      ...allowed.coordinatorsAndAdmins(202),
    },
    {
      name: 'follow a run of the check',
      request: (c) => ['GET', `${c.base}/check/run/${c.jobId}`],
      ...allowed.coreAndAdmins(200),
    },
  ],
  buildCell,
  () => matrix,
);
