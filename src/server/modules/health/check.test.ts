import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  communities,
  healthChecks,
  healthFindings,
  jobSchedules,
  memberships,
  posts,
  replies,
  resources,
  users,
} from '../../db/schema/index.js';
import { enqueue } from '../../platform/jobs.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { uniqueSlug } from '../../../../test/factories.js';
import { runHealthCheck, weekOf } from './check.js';
import { ensureHealthCheckSchedules, HEALTH_CHECK_CRON, HEALTH_CHECK_JOB } from './check-jobs.js';
import { scenarioNames, simulateCommunity, type ScenarioName } from './simulate/index.js';

// Small communities (30 members, three months of history) keep each simulation to about a second.
const NOW = new Date('2026-11-26T10:00:00Z');
const DAY = 86_400_000;
const small = { size: 30, months: 3 } as const;

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

const simulate = (scenario: ScenarioName, seed: number, extra: Partial<Parameters<typeof simulateCommunity>[1]> = {}) =>
  simulateCommunity(t.deps.db, { scenario, now: NOW, seed, ...small, ...extra });

const findingsOf = (checkId: string) =>
  t.deps.db.select().from(healthFindings).where(eq(healthFindings.checkId, checkId));

async function idsByName(communityId: string, names: string[]) {
  const rows = await t.deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.communityId, communityId), inArray(users.name, names)));
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** A question waiting since `at`, in one topic, asked by `authorId`; written as the app would. */
async function waitingQuestion(communityId: string, authorId: string, topic: string, at: Date, title: string) {
  const id = randomUUID();
  await t.deps.db.insert(posts).values({
    id,
    communityId,
    authorId,
    kind: 'question',
    title,
    body: 'Does anyone know?',
    bodyHtml: '<p>Does anyone know?</p>',
    tags: [topic],
    createdAt: at,
    lastActivityAt: at,
  });
  await t.deps.db.insert(activityEvents).values({
    actorId: authorId,
    communityId,
    verb: 'posted',
    objectType: 'post',
    objectId: id,
    data: { kind: 'question' },
    occurredAt: at,
  });
  return id;
}

describe('the weekly health check on simulated communities', () => {
  it.each(scenarioNames)(
    '%s: finds every planted problem, naming the right people, and nothing else',
    async (scenario) => {
      const sim = await simulate(scenario, 11);
      const result = await runHealthCheck(t.deps.db, sim.communityId, NOW);
      const rows = await findingsOf(result.checkId);
      expect(result.findings).toBe(rows.length);
      expect(rows.map((f) => f.kind).sort()).toEqual(sim.planted.map((p) => p.kind).sort());
      if (scenario === 'healthy') expect(rows).toEqual([]);

      for (const planted of sim.planted) {
        const found = rows.find((f) => f.key === planted.key)!;
        expect(found, `${planted.kind} raised`).toBeDefined();
        const named = found.people.map((p) => p.name);
        for (const name of planted.people) expect(named, `${planted.kind} names ${name}`).toContain(name);
        const part = (name: string) => found.people.find((p) => p.name === name)?.part;
        // Whom it is about, and whom it suggests asking.
        if (planted.kind === 'unanswered_topic') for (const n of planted.people) expect(part(n)).toBe('suggested');
        if (planted.kind === 'organiser_load') {
          expect(part(planted.people[0])).toBe('subject');
          for (const n of planted.people.slice(1)) expect(part(n)).toBe('suggested');
        }
        if (planted.kind === 'isolated_newcomers' || planted.kind === 'drifting_members')
          for (const n of planted.people) expect(part(n)).toBe('subject');
        if (planted.topic) expect(found.evidence.topic).toBe(planted.topic);
        // Plain words, numbers and links to what it is about; an action that names people.
        expect(found.title.length).toBeGreaterThan(10);
        expect(typeof found.evidence.measure).toBe('number');
        const items = found.evidence.items as { path: string }[];
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) expect(item.path.startsWith(`/c/${sim.slug}/`)).toBe(true);
        for (const name of planted.people) expect(found.action).toContain(name);
      }
    },
  );
});

describe('running the check again in the same week', () => {
  it('keeps one check, brings open findings up to date under their ids, and leaves decided ones alone', async () => {
    const sim = await simulate('troubled', 12);
    const first = await runHealthCheck(t.deps.db, sim.communityId, NOW);
    expect(first).toMatchObject({ findings: 5, newFindings: 5, week: weekOf(NOW, 'Europe/Berlin') });
    const before = await findingsOf(first.checkId);
    const byKind = (rows: typeof before, kind: string) => rows.find((f) => f.kind === kind)!;
    await t.deps.db
      .update(healthFindings)
      .set({ status: 'dismissed', decidedAt: NOW, note: 'Known, handled in person.' })
      .where(eq(healthFindings.id, byKind(before, 'drifting_members').id));
    await t.deps.db
      .update(healthFindings)
      .set({ status: 'acted', decidedAt: NOW, note: 'Asked them to co-host.' })
      .where(eq(healthFindings.id, byKind(before, 'organiser_load').id));

    // Someone answers one of the waiting questions; the check runs again the same week.
    const unanswered = byKind(before, 'unanswered_topic');
    const [question] = unanswered.evidence.items as { id: string }[];
    const answerer = unanswered.people.find((p) => p.part === 'suggested')!;
    await t.deps.db.insert(replies).values({
      postId: question.id,
      communityId: sim.communityId,
      authorId: answerer.id,
      body: 'Here is how we do it.',
      bodyHtml: '<p>Here is how we do it.</p>',
      createdAt: new Date(NOW.getTime() + 3600_000),
    });
    const second = await runHealthCheck(t.deps.db, sim.communityId, new Date(NOW.getTime() + 2 * 3600_000));
    expect(second).toMatchObject({ checkId: first.checkId, findings: 5, newFindings: 0 });
    const after = await findingsOf(second.checkId);
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
    expect(new Set(after.map((f) => f.key)).size).toBe(after.length);
    expect(byKind(after, 'drifting_members')).toMatchObject({ status: 'dismissed', note: 'Known, handled in person.' });
    expect(byKind(after, 'organiser_load')).toMatchObject({ status: 'acted', note: 'Asked them to co-host.' });
    expect(byKind(after, 'unanswered_topic').evidence.measure).toBe(Number(unanswered.evidence.measure) - 1);
    const checks = await t.deps.db.select().from(healthChecks).where(eq(healthChecks.communityId, sim.communityId));
    expect(checks).toHaveLength(1);
    expect(checks[0].findingCount).toBe(5);
  });
});

describe('dismissing a finding', () => {
  it('keeps it away for eight weeks under the same key, unless it gets worse', async () => {
    const sim = await simulate('troubled', 13);
    const week0 = await runHealthCheck(t.deps.db, sim.communityId, NOW);
    const rows = await findingsOf(week0.checkId);
    const measureOf = (kind: string) => Number(rows.find((f) => f.kind === kind)!.evidence.measure);
    const dismiss = (kind: string) =>
      t.deps.db
        .update(healthFindings)
        .set({ status: 'dismissed', decidedAt: NOW })
        .where(and(eq(healthFindings.checkId, week0.checkId), eq(healthFindings.kind, kind)));
    await dismiss('unanswered_topic');
    await dismiss('isolated_newcomers');
    const kindsOf = async (checkId: string) => (await findingsOf(checkId)).map((f) => f.kind);

    const nextWeek = new Date(NOW.getTime() + 7 * DAY);
    const week1 = await runHealthCheck(t.deps.db, sim.communityId, nextWeek);
    expect(week1.checkId).not.toBe(week0.checkId);
    expect(week1.suppressed).toBe(2);
    expect(await kindsOf(week1.checkId)).not.toContain('unanswered_topic');
    expect(await kindsOf(week1.checkId)).not.toContain('isolated_newcomers');

    // A dismissal more than eight weeks old no longer holds the same problem back.
    await t.deps.db
      .update(healthFindings)
      .set({ decidedAt: new Date(nextWeek.getTime() - 57 * DAY) })
      .where(and(eq(healthFindings.checkId, week0.checkId), eq(healthFindings.kind, 'isolated_newcomers')));
    const again = await runHealthCheck(t.deps.db, sim.communityId, new Date(nextWeek.getTime() + 3600_000));
    expect(again).toMatchObject({ checkId: week1.checkId, suppressed: 1 });
    const back = (await findingsOf(again.checkId)).find((f) => f.kind === 'isolated_newcomers');
    expect(back?.people.map((p) => p.name)).toEqual(
      expect.arrayContaining(sim.planted.find((p) => p.kind === 'isolated_newcomers')!.people),
    );
    expect(Number(back?.evidence.measure)).toBe(measureOf('isolated_newcomers'));

    // One more question waits in the same topic: the problem got worse, so it is raised again.
    const planted = sim.planted.find((p) => p.kind === 'unanswered_topic')!;
    const asker = rows.find((f) => f.kind === 'unanswered_topic')!.people.find((p) => p.part === 'subject')!;
    await waitingQuestion(sim.communityId, asker.id, planted.topic!, new Date(NOW.getTime() + 4 * DAY), 'Still stuck');
    const week2 = await runHealthCheck(t.deps.db, sim.communityId, new Date(NOW.getTime() + 14 * DAY));
    const raised = (await findingsOf(week2.checkId)).find((f) => f.kind === 'unanswered_topic');
    expect(Number(raised?.evidence.measure)).toBe(measureOf('unanswered_topic') + 1);
  });
});

describe('privacy', () => {
  it('never uses a private community’s activity, people or content in another community’s findings', async () => {
    const open = await simulate('troubled', 14);
    const planted = (kind: string) => open.planted.find((p) => p.kind === kind)!;
    const X = planted('unanswered_topic').topic!;
    const Y = planted('topic_without_resources').topic!;
    const [C, D] = planted('isolated_newcomers').people;
    const ids = await idsByName(open.communityId, [C, D]);
    // Someone else from the open community, who will answer well in X elsewhere.
    const [other] = await t.deps.db
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.communityId, open.communityId),
          eq(memberships.role, 'member'),
          eq(memberships.status, 'active'),
        ),
      )
      .orderBy(users.email)
      .limit(1);

    // A private community where the isolated newcomers talk to each other and `other` answers in X.
    const [hidden] = await t.deps.db
      .insert(communities)
      .values({
        slug: uniqueSlug('hidden'),
        name: 'Hidden circle',
        type: 'internal',
        visibility: 'private',
        joining: 'invitation',
        topics: [X, Y],
      })
      .returning();
    await t.deps.db.insert(memberships).values(
      [ids.get(C)!, ids.get(D)!, other.id].map((userId, i) => ({
        communityId: hidden.id,
        userId,
        role: i === 2 ? 'coordinator' : 'member',
        status: 'active',
        expertise: [X],
        joinedAt: new Date(NOW.getTime() - 200 * DAY),
      })),
    );
    const secret = 'Private-only question';
    const postIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const at = new Date(NOW.getTime() - (10 + i) * DAY);
      const postId = await waitingQuestion(hidden.id, ids.get(C)!, X, at, `${secret} ${i}`);
      postIds.push(postId);
      const [answer] = await t.deps.db
        .insert(replies)
        .values([
          {
            postId,
            communityId: hidden.id,
            authorId: other.id,
            body: 'Private answer',
            bodyHtml: '<p>Private answer</p>',
            createdAt: new Date(at.getTime() + 3600_000),
          },
          {
            postId,
            communityId: hidden.id,
            authorId: ids.get(D)!,
            body: 'Private hello',
            bodyHtml: '<p>Private hello</p>',
            createdAt: new Date(at.getTime() + 7200_000),
          },
        ])
        .returning();
      await t.deps.db
        .update(posts)
        .set({ acceptedReplyId: answer.id, acceptedAt: new Date(at.getTime() + 10_800_000) })
        .where(eq(posts.id, postId));
    }
    await t.deps.db.insert(resources).values({
      communityId: hidden.id,
      kind: 'article',
      format: 'read',
      title: 'Private-only guide',
      tags: [Y],
      status: 'published',
      publishedAt: new Date(NOW.getTime() - 5 * DAY),
    });

    const result = await runHealthCheck(t.deps.db, open.communityId, NOW);
    const rows = await findingsOf(result.checkId);
    const find = (kind: string) => rows.find((f) => f.kind === kind)!;
    // Still isolated here, however much they talk elsewhere; still no resource on Y here.
    expect(find('isolated_newcomers').people.map((p) => p.name)).toEqual(expect.arrayContaining([C, D]));
    expect(find('topic_without_resources')).toBeDefined();
    // Answers accepted in the private community do not make `other` someone to ask in X here.
    const askable = find('unanswered_topic').people.filter((p) => p.part === 'suggested');
    expect(askable.map((p) => p.name)).toEqual(expect.arrayContaining(planted('unanswered_topic').people));
    expect(askable.map((p) => p.id)).not.toContain(other.id);
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain('Private-only');
    expect(everything).not.toContain(hidden.id);
    expect(everything).not.toContain(hidden.slug);
    for (const id of postIds) expect(everything).not.toContain(id);

    // And the private community's own check reads nothing of the open one.
    const own = JSON.stringify(await findingsOf((await runHealthCheck(t.deps.db, hidden.id, NOW)).checkId));
    expect(own).not.toContain(open.slug);
    expect(own).not.toContain(open.communityId);
  });
});

describe('the weekly job', () => {
  it('checks each community on Mondays at 08:00 in its time zone, once a week, and on demand without a second check', async () => {
    const now = new Date();
    const sim = await simulateCommunity(t.deps.db, { scenario: 'isolated_newcomers', now, seed: 15, ...small });
    await ensureHealthCheckSchedules(t.deps.db);
    const [schedule] = await t.deps.db
      .select()
      .from(jobSchedules)
      .where(eq(jobSchedules.name, `${HEALTH_CHECK_JOB}:${sim.communityId}`));
    expect(schedule).toMatchObject({
      cron: HEALTH_CHECK_CRON,
      timeZone: 'Europe/Berlin',
      communityId: sim.communityId,
    });
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(schedule.nextRunAt);
    expect(local).toBe('Monday 08:00');

    const at = new Date(schedule.nextRunAt.getTime() + 60_000);
    const checksOf = () => t.deps.db.select().from(healthChecks).where(eq(healthChecks.communityId, sim.communityId));
    await t.runJobs({ now: at, types: [HEALTH_CHECK_JOB] });
    const [check] = await checksOf();
    expect(check).toMatchObject({ week: weekOf(at, 'Europe/Berlin'), findingCount: 1 });

    // The schedule has moved on to next week: running the queue again the same week adds nothing.
    await t.runJobs({ now: new Date(at.getTime() + 60_000), types: [HEALTH_CHECK_JOB] });
    expect(await checksOf()).toEqual([check]);
    // Asked for again the same week (a coordinator's "run it now"): the same check, brought up to date.
    await enqueue(t.deps.db, HEALTH_CHECK_JOB, { communityId: sim.communityId }, { communityId: sim.communityId });
    await t.runJobs({ now: new Date(at.getTime() + 3600_000), types: [HEALTH_CHECK_JOB] });
    const again = await checksOf();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: check.id, findingCount: 1 });
    expect(again[0].ranAt.getTime()).toBeGreaterThan(check.ranAt.getTime());
  });
});
