import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthDashboard, HealthFigures } from '../../../common/api-types.js';
import type { Visibility } from '../../../common/limits.js';
import {
  activityEvents,
  communities,
  healthSnapshots,
  jobs,
  memberships,
  posts,
  roundupClicks,
  roundupDeliveries,
  roundupItems,
  roundups,
} from '../../db/schema/index.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
  shiftOccurrences,
  type CommunityRow,
} from '../../../../test/factories.js';
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
import { enqueueNightlySnapshots, KEEP, SNAPSHOT_JOB, takeSnapshot } from './snapshot-jobs.js';

const DAY = 86_400_000;
let matrix: Matrix;
let t: TestApp;
beforeAll(async () => {
  matrix = await setupMatrix();
  t = matrix.t;
});
afterAll(() => matrix?.t.close());

type Person = Awaited<ReturnType<TestApp['signedInUser']>>;

const health = (c: Client, slug: string) => c.get<HealthDashboard>(`${API}/communities/${slug}/health`);
const refresh = (c: Client, slug: string) => c.post(`${API}/communities/${slug}/health/refresh`);

/** Sets when a member joined (the factories make everyone join now). */
async function joinedAgo(community: { id: string }, person: Person, days: number) {
  await t.deps.db
    .update(memberships)
    .set({ joinedAt: new Date(Date.now() - days * DAY) })
    .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, person.user.id)));
}

/** A round-up sent two days ago, with two items, copies delivered to `readers`, and clicks. */
async function sentRoundup(
  community: { id: string },
  by: Person,
  readers: Person[],
  clicks: { who: Person; item: 0 | 1 }[],
) {
  const [roundup] = await t.deps.db
    .insert(roundups)
    .values({
      communityId: community.id,
      status: 'sent',
      periodStart: new Date(Date.now() - 9 * DAY),
      periodEnd: new Date(Date.now() - 2 * DAY),
      subject: 'Last week',
      sentAt: new Date(Date.now() - 2 * DAY),
      sentBy: by.user.id,
      recipientCount: readers.length,
      deliveredCount: readers.length,
    })
    .returning();
  const items = await t.deps.db
    .insert(roundupItems)
    .values(
      (['Testing', 'Packaging'] as const).map((topic, position) => ({
        roundupId: roundup.id,
        section: 'resources',
        objectType: 'post',
        objectId: `p-${topic}`,
        title: `About ${topic}`,
        path: `/c/x/posts/${topic}`,
        topics: [topic],
        position,
      })),
    )
    .returning();
  await t.deps.db.insert(roundupDeliveries).values(
    readers.map((r) => ({
      roundupId: roundup.id,
      userId: r.user.id,
      status: 'sent',
      messageId: `<${roundup.id}.${r.user.id}@test>`,
    })),
  );
  if (clicks.length > 0)
    await t.deps.db
      .insert(roundupClicks)
      .values(clicks.map((c) => ({ roundupId: roundup.id, itemId: items[c.item].id, userId: c.who.user.id })));
}

describe('the health dashboard', () => {
  let cora: Person, ann: Person, ben: Person, cy: Person, dee: Person, eve: Person, paula: Person;
  let community: CommunityRow;
  let elsewhere: CommunityRow;

  beforeAll(async () => {
    cora = await t.signedInUser({ name: 'Cora Coordinator' });
    ann = await t.signedInUser({ name: 'Ann Asker' });
    ben = await t.signedInUser({ name: 'Ben Answerer' });
    cy = await t.signedInUser({ name: 'Cy Quiet' });
    dee = await t.signedInUser({ name: 'Dee Newcomer' });
    eve = await t.signedInUser({ name: 'Eve Former' });
    paula = await t.signedInUser({ name: 'Paula Private' });
    community = await buildCommunity(t, { createdBy: cora.user, name: 'Garden', topics: ['Testing', 'Packaging'] });
    for (const p of [ann, ben, cy, dee]) await buildMember(t, community, p.user);
    await buildMember(t, community, eve.user, { status: 'alumni' });
    // Ann and Dee joined 45 days ago: they are the newcomers whose first month is over.
    await joinedAgo(community, ann, 45);
    await joinedAgo(community, dee, 45);

    // Ann asks twice; Ben answers the first and Ann accepts it. Her second question, from her
    // first days, is still waiting.
    const q1 = await buildPost(t, community, ann, { kind: 'question', title: 'How do you pin versions?' });
    const answer = await buildReply(t, community, q1, ben, { body: 'With a lock file.' });
    const accepted = await ann.client.put(`${API}/communities/${community.slug}/posts/${q1.id}/accepted`, {
      replyId: answer.id,
    });
    expect(accepted.status).toBe(200);
    const q2 = await buildPost(t, community, ann, { kind: 'question', title: 'Which test runner?' });
    await t.deps.db
      .update(posts)
      .set({ createdAt: new Date(Date.now() - 40 * DAY) })
      .where(eq(posts.id, q2.id));
    await buildPost(t, community, ben, { kind: 'win', title: 'Released 1.0' });
    // Cy posts and takes it back: a deleted post counts for nothing.
    const gone = await buildPost(t, community, cy, { title: 'Oops' });
    expect((await cy.client.delete(`${API}/communities/${community.slug}/posts/${gone.id}`)).status).toBe(204);

    // A session hosted by Cora and Ben, a day ago: Ann and Cy said they would come; Ann came.
    const event = await buildEvent(t, cora, community, {
      hosts: [{ userId: cora.user.id }, { userId: ben.user.id }],
    });
    const session = `${API}/communities/${community.slug}/events/${event.id}/occurrences/${event.occurrences[0].id}`;
    for (const p of [ann, cy]) expect((await p.client.put(`${session}/rsvp`, { status: 'going' })).status).toBe(200);
    await shiftOccurrences(t, event.id, -8 * DAY);
    const marked = await cora.client.put(`${session}/attendance`, {
      attendance: [{ userId: ann.user.id, attended: true }],
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);

    // Cora publishes a resource; Ann writes a note on it (a reuse, and a contribution of hers).
    const resource = await buildResource(t, { community, by: cora.user, title: 'Pinning, explained' });
    const note = await ann.client.post(`${API}/communities/${community.slug}/resources/${resource.id}/notes`, {
      body: 'This saved my week.',
    });
    expect(note.status).toBe(201);

    await sentRoundup(
      community,
      cora,
      [ann, ben, cy],
      [
        { who: ann, item: 0 },
        { who: ann, item: 0 },
        { who: ben, item: 0 },
      ],
    );
    // Receiving a round-up is not being active.
    await t.deps.db.insert(activityEvents).values({
      actorId: dee.user.id,
      communityId: community.id,
      verb: 'roundup.received',
      objectType: 'roundup',
      objectId: 'r',
    });

    // Elsewhere, a private community, the same people are busy: none of it may count in the Garden.
    elsewhere = await buildCommunity(t, { createdBy: paula.user, visibility: 'private', name: 'Elsewhere' });
    for (const p of [ann, ben, cy, dee]) await buildMember(t, elsewhere, p.user);
    const busy = [];
    for (let i = 0; i < 11; i++) busy.push(await buildPost(t, elsewhere, ann, { kind: 'question', title: `Q${i}` }));
    const cyAnswer = await buildReply(t, elsewhere, busy[0], cy, { body: 'Here is how.' });
    await ann.client.put(`${API}/communities/${elsewhere.slug}/posts/${busy[0].id}/accepted`, {
      replyId: cyAnswer.id,
    });
    await buildPost(t, elsewhere, dee, { kind: 'win', title: 'Private win' });
    await buildReply(t, elsewhere, busy[1], dee);
    const privateEvent = await buildEvent(t, paula, elsewhere, {
      hosts: [{ userId: paula.user.id }, { userId: cy.user.id }],
    });
    await shiftOccurrences(t, privateEvent.id, -8 * DAY);
    await buildResource(t, { community: elsewhere, by: paula.user });
    await sentRoundup(elsewhere, paula, [ann, ben, cy, dee], [{ who: dee, item: 1 }]);
  });

  it('computes the figures of this community only, and draws who helps whom', async () => {
    expect((await health(cora.client, community.slug)).body).toEqual({ snapshot: null, refresh: null });
    const asked = await refresh(cora.client, community.slug);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'queued', progress: null });
    expect((await t.runJobs({ types: [SNAPSHOT_JOB] })) >= 1).toBe(true);

    const res = await health(cora.client, community.slug);
    expect(res.status).toBe(200);
    expect(res.body.refresh).toBeNull();
    const f = res.body.snapshot!.figures as HealthFigures;
    expect(f.windowDays).toBe(90);
    expect(f.members).toEqual({ total: 5, joined: 6, left: 1, onBreak: 0 });

    // Modes: recomputed before the figures, for every current member.
    expect(Object.values(f.modes.current).reduce((s, n) => s + n, 0)).toBe(5);
    expect(f.modes.current.champion).toBeGreaterThanOrEqual(1);
    const weeks = f.modes.overTime;
    expect(weeks.length).toBeGreaterThanOrEqual(13);
    expect(Object.values(weeks[weeks.length - 1].counts).reduce((s, n) => s + n, 0)).toBe(5);
    expect(Object.values(weeks[0].counts).reduce((s, n) => s + n, 0)).toBe(0);
    expect(f.modes.flows).toEqual([]);

    // Ann's first contribution came within her first month, Dee's never did; the rest joined too recently to judge.
    expect(f.activation).toMatchObject({ cohort: 2, activated: 1, rate: 0.5 });
    expect(f.activation.byMonth.reduce((s, m) => s + m.joined, 0)).toBe(6);

    // This week: Cora, Ann, Ben and Cy did something (Dee only received a round-up).
    expect(f.weeklyActive[f.weeklyActive.length - 1].count).toBe(4);

    // Contributions: Cora 2 (hosting, publishing), Ann 3 (two questions, a note), Ben 3 (answer, win, hosting).
    expect(f.distribution).toEqual({ lurkers: 2, contributors: 3, heavy: 0 });
    expect(f.concentration.contributors).toBe(3);
    expect(f.concentration.top10Share).toBeCloseTo(3 / 8, 4);
    expect(f.concentration.gini).toBeCloseTo(1 / 12, 4);
    expect(f.concentration.lorenz[0]).toEqual({ people: 0, share: 0 });
    expect(f.concentration.lorenz[f.concentration.lorenz.length - 1]).toEqual({ people: 1, share: 1 });

    const load = Object.fromEntries(f.organiserLoad.map((l) => [l.kind, l]));
    expect(load.events.total).toBe(1);
    expect(load.events.people.map((p) => [p.name, p.share]).sort()).toEqual([
      ['Ben Answerer', 1],
      ['Cora Coordinator', 1],
    ]);
    expect(load.roundups).toEqual({
      kind: 'roundups',
      total: 1,
      people: [{ id: cora.user.id, name: 'Cora Coordinator', count: 1, share: 1 }],
    });
    expect(load.curation).toEqual({
      kind: 'curation',
      total: 1,
      people: [{ id: cora.user.id, name: 'Cora Coordinator', count: 1, share: 1 }],
    });

    expect(f.questions).toMatchObject({ asked: 2, answered: 1, unanswered: 1 });
    expect(f.questions.medianFirstReplyHours).toBeGreaterThanOrEqual(0);
    expect(f.questions.medianFirstReplyHours).toBeLessThan(1);
    expect(f.questions.medianAcceptedHours).toBeLessThan(1);
    expect(f.questions.byWeek.reduce((s, w) => s + w.asked, 0)).toBe(2);

    expect(f.events).toEqual({ held: 1, rsvps: 2, attended: 1, noShows: 1, attendanceRate: 0.5, noShowRate: 0.5 });
    expect(f.roundups).toEqual({
      sent: 1,
      delivered: 3,
      clickers: 2,
      clickRate: 0.6667,
      byTopic: [
        { topic: 'Testing', clicks: 3, rate: 0.6667 },
        { topic: 'Packaging', clicks: 0, rate: 0 },
      ],
    });
    expect(f.repertoire).toMatchObject({ total: 1, added: 1, reused: 1 });
    expect(f.repertoire.growth[f.repertoire.growth.length - 1].total).toBe(1);
    expect(f.outcomes).toEqual({ acceptedAnswers: 1, resources: 1, eventsHeld: 1, wins: 1 });

    // The network: Ann and Ben (an answer, accepted), Ben and Cora (a session together); Cy and
    // Dee, newcomers, are tied to no one here, whatever they did elsewhere.
    const network = res.body.snapshot!.network!;
    const byName = Object.fromEntries(network.nodes.map((n) => [n.name, n]));
    expect(Object.keys(byName).sort()).toEqual([
      'Ann Asker',
      'Ben Answerer',
      'Cora Coordinator',
      'Cy Quiet',
      'Dee Newcomer',
    ]);
    expect(network.edges).toHaveLength(2);
    const weightOf = (a: Person, b: Person) =>
      network.edges.find((e) => [e.source, e.target].sort().join() === [a.user.id, b.user.id].sort().join())?.weight;
    expect(weightOf(ann, ben)).toBe(4);
    expect(weightOf(ben, cora)).toBe(2);
    expect(byName['Cy Quiet']).toMatchObject({ isolatedNewcomer: true, degree: 0 });
    expect(byName['Dee Newcomer']).toMatchObject({ isolatedNewcomer: true, degree: 0 });
    expect(byName['Ben Answerer']).toMatchObject({ isolatedNewcomer: false, degree: 2 });
    for (const n of network.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x).toBeLessThanOrEqual(1);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeLessThanOrEqual(1);
    }
    expect(network.omitted).toBe(0);
  });

  it('answers a refresh already under way with the same job, and shows its progress', async () => {
    const first = await refresh(ann.client, community.slug);
    expect(first.status).toBe(403);
    const a = await refresh(cora.client, community.slug);
    const b = await refresh(cora.client, community.slug);
    expect(b.body.jobId).toBe(a.body.jobId);
    const pending = await health(cora.client, community.slug);
    expect(pending.body.snapshot).not.toBeNull();
    expect(pending.body.refresh).toEqual({ jobId: a.body.jobId, status: 'queued', progress: null });

    await t.runJobs({ types: [SNAPSHOT_JOB] });
    const [job] = await t.deps.db.select().from(jobs).where(eq(jobs.id, a.body.jobId));
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 4 } });
    const after = await health(cora.client, community.slug);
    expect(after.body.refresh).toBeNull();
    expect(after.body.snapshot!.computedAt > pending.body.snapshot!.computedAt).toBe(true);
    // A new refresh makes a new job once the last one is done.
    expect((await refresh(cora.client, community.slug)).body.jobId).not.toBe(a.body.jobId);
    await t.runJobs({ types: [SNAPSHOT_JOB] });
  });

  it('says so when a refresh failed after the latest snapshot', async () => {
    const a = await refresh(cora.client, community.slug);
    await t.deps.db
      .update(jobs)
      .set({ status: 'failed', lastError: 'boom', finishedAt: new Date(Date.now() + 1000) })
      .where(eq(jobs.id, a.body.jobId));
    expect((await health(cora.client, community.slug)).body.refresh).toMatchObject({
      jobId: a.body.jobId,
      status: 'failed',
    });
  });
});

describe('snapshots', () => {
  it('keep the last 60 per community', async () => {
    const owner = await t.createUser({ name: 'Owner' });
    const community = await buildCommunity(t, { createdBy: owner });
    const old = Array.from({ length: KEEP + 5 }, (_, i) => ({
      communityId: community.id,
      periodStart: new Date(Date.now() - 200 * DAY),
      periodEnd: new Date(Date.now() - 100 * DAY + i * 1000),
      figures: {},
      computedAt: new Date(Date.now() - 100 * DAY + i * 1000),
    }));
    await t.deps.db.insert(healthSnapshots).values(old);
    const id = await takeSnapshot(t.deps.db, community.id, new Date());
    const kept = await t.deps.db
      .select({ id: healthSnapshots.id, computedAt: healthSnapshots.computedAt })
      .from(healthSnapshots)
      .where(eq(healthSnapshots.communityId, community.id));
    expect(kept).toHaveLength(KEEP);
    expect(kept.map((k) => k.id)).toContain(id);
    // The oldest went first.
    const oldest = Math.min(...kept.map((k) => k.computedAt.getTime()));
    expect(oldest).toBe(old[6].computedAt.getTime());
  });

  it('are taken nightly once per community and local day, after 03:00 in its own zone', async () => {
    const owner = await t.createUser({ name: 'Owner' });
    const utc = await buildCommunity(t, { createdBy: owner });
    const kiritimati = await buildCommunity(t, { createdBy: owner });
    await t.deps.db
      .update(communities)
      .set({ timeZone: 'Pacific/Kiritimati' })
      .where(eq(communities.id, kiritimati.id));
    const noon = new Date('2031-03-10T12:00:00Z'); // 02:00 on 11 March in Kiritimati (UTC+14)
    const jobsOf = async (c: { id: string }) =>
      (
        await t.deps.db
          .select({ n: count() })
          .from(jobs)
          .where(and(eq(jobs.type, SNAPSHOT_JOB), eq(jobs.communityId, c.id)))
      )[0].n;
    await enqueueNightlySnapshots(t.deps.db, noon);
    await enqueueNightlySnapshots(t.deps.db, noon);
    expect(await jobsOf(utc)).toBe(1);
    expect(await jobsOf(kiritimati)).toBe(0);
    // An hour later it is 03:00 there: its first snapshot of the day; the next day, another.
    await enqueueNightlySnapshots(t.deps.db, new Date(noon.getTime() + 3_600_000));
    expect(await jobsOf(kiritimati)).toBe(1);
    expect(await jobsOf(utc)).toBe(1);
    await enqueueNightlySnapshots(t.deps.db, new Date(noon.getTime() + DAY));
    expect(await jobsOf(utc)).toBe(2);
    const [keyed] = await t.deps.db
      .select({ key: jobs.key })
      .from(jobs)
      .where(and(eq(jobs.type, SNAPSHOT_JOB), eq(jobs.communityId, kiritimati.id)));
    expect(keyed.key).toBe(`${kiritimati.id}@2031-03-11`);
    // Leave the queue as it was for the other tests: these would run far in the future anyway.
    await t.deps.db.delete(jobs).where(eq(jobs.type, SNAPSHOT_JOB));
  });
});

// anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin
describeMatrix(
  [
    {
      name: 'read the health dashboard',
      request: (c: { slug: string }) => ['GET', `${API}/communities/${c.slug}/health`],
      ...allowed.coreAndAdmins(200),
    },
    {
      name: 'refresh the health figures',
      request: (c: { slug: string }) => ['POST', `${API}/communities/${c.slug}/health/refresh`],
      ...allowed.coreAndAdmins(202),
    },
  ],
  async (visibility: Visibility, _actor: MatrixActor) => matrixCommunity(matrix, visibility, 'hd'),
  () => matrix,
);
