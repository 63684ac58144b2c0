import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  eventHosts,
  events,
  invitations,
  jobs,
  participationModeChanges,
  participationModes,
  memberships,
} from '../../db/schema/index.js';
import { enqueue } from '../../platform/jobs.js';
import { buildCommunity, buildInvitation, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { recomputeKey, RECOMPUTE_JOB } from './jobs.js';
import { modesOf, recomputeModes } from './recompute.js';
import { tallyAll, tallyFor } from './tally.js';

const DAY = 86_400_000;
const API = '/api/v1';

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

type Ev = { actor: string; verb: string; at: Date; object?: string };

async function log(communityId: string, list: Ev[]) {
  await t.deps.db.insert(activityEvents).values(
    list.map((e, i) => ({
      actorId: e.actor,
      communityId,
      verb: e.verb,
      objectType: 'thing',
      objectId: e.object ?? `obj-${i}`,
      occurredAt: e.at,
    })),
  );
}

async function changesOf(communityId: string, userId?: string) {
  return t.deps.db
    .select()
    .from(participationModeChanges)
    .where(
      and(
        eq(participationModeChanges.communityId, communityId),
        userId ? eq(participationModeChanges.userId, userId) : undefined,
      ),
    )
    .orderBy(asc(participationModeChanges.changedAt), asc(participationModeChanges.id));
}

async function storedOf(communityId: string, userId: string) {
  const [row] = await t.deps.db
    .select()
    .from(participationModes)
    .where(and(eq(participationModes.communityId, communityId), eq(participationModes.userId, userId)));
  return row;
}

/** Members count from the day they joined; these tests look at windows long before the test ran. */
async function joinedLongAgo(communityId: string) {
  await t.deps.db
    .update(memberships)
    .set({ joinedAt: new Date(Date.UTC(2020, 0, 1)) })
    .where(eq(memberships.communityId, communityId));
}

/** A community with one of each kind of member and a little of every ingredient. */
async function busyCommunity() {
  const ref = new Date();
  const coordinator = await t.signedInUser({ name: 'Coco Ordinator' });
  const asker = await t.signedInUser({ name: 'Asa Asker' });
  const answerer = await t.signedInUser({ name: 'Ana Answerer' });
  const host = await t.createUser({ name: 'Hal Host' });
  const cohostA = await t.createUser({ name: 'Cat Cohost' });
  const cohostB = await t.createUser({ name: 'Cy Cohost' });
  const inviter = await t.createUser({ name: 'Ivy Inviter' });
  const reader = await t.createUser({ name: 'Rae Reader' });
  const resting = await t.createUser({ name: 'Bo Onbreak' });
  const former = await t.createUser({ name: 'Al Alumnus' });
  const community = await buildCommunity(t, { createdBy: coordinator.user });
  for (const u of [asker.user, answerer.user, host, cohostA, cohostB, inviter, reader])
    await buildMember(t, community, u);
  await buildMember(t, community, resting, { status: 'on_break' });
  await buildMember(t, community, former, { status: 'alumni' });
  await joinedLongAgo(community.id);

  // An accepted answer, through the API: the asker's event credits the answer's author.
  const question = await buildPost(t, community, asker.client, { kind: 'question', title: 'Which linter?' });
  const reply = await buildReply(t, community, question, answerer.client, { body: 'Ruff.' });
  const accepted = await asker.client.put(`${API}/communities/${community.slug}/posts/${question.id}/accepted`, {
    replyId: reply.id,
  });
  expect(accepted.status).toBe(200);

  // One event hosted alone, one hosted by two.
  const [solo, shared] = await t.deps.db
    .insert(events)
    .values(
      ['Solo session', 'Shared session'].map((title) => ({
        communityId: community.id,
        kind: 'meetup',
        title,
        timeZone: 'UTC',
        localStart: '2026-01-01T18:00',
        durationMinutes: 60,
      })),
    )
    .returning({ id: events.id });
  await t.deps.db.insert(eventHosts).values([
    { eventId: solo.id, userId: host.id },
    { eventId: shared.id, userId: cohostA.id },
    { eventId: shared.id, userId: cohostB.id, role: 'speaker' },
  ]);
  const recent = new Date(ref.getTime() - 3 * DAY);
  const weeksAgo = (n: number) => new Date(ref.getTime() - n * 7 * DAY);
  await log(community.id, [
    { actor: host.id, verb: 'hosted_event', at: recent, object: solo.id },
    { actor: cohostA.id, verb: 'hosted_event', at: recent, object: shared.id },
    { actor: cohostB.id, verb: 'hosted_event', at: recent, object: shared.id },
    // Sustained co-creation over five weeks, and newcomers brought in: a champion.
    ...[1, 2, 3, 4, 5].map((n) => ({ actor: inviter.id, verb: 'reviewed_resource', at: weeksAgo(n) })),
    { actor: reader.id, verb: 'viewed_post', at: recent },
    { actor: reader.id, verb: 'roundup.clicked', at: recent },
    { actor: reader.id, verb: 'signed_in', at: recent },
    // Outside the window, and after `now`: neither counts.
    { actor: reader.id, verb: 'posted', at: new Date(ref.getTime() - 120 * DAY) },
    { actor: reader.id, verb: 'posted', at: new Date(ref.getTime() + DAY) },
    { actor: resting.id, verb: 'reacted', at: recent },
    { actor: resting.id, verb: 'reacted', at: recent },
    { actor: resting.id, verb: 'reacted', at: recent },
    { actor: former.id, verb: 'posted', at: recent },
  ]);
  for (const email of ['new.one@example.org', 'new.two@example.org']) {
    const invitation = await buildInvitation(t, community, { email, invitedBy: { id: inviter.id } });
    await t.deps.db.update(invitations).set({ acceptedAt: recent }).where(eq(invitations.id, invitation.id));
  }
  const people = {
    coordinator: coordinator.user,
    asker: asker.user,
    answerer: answerer.user,
    host,
    cohostA,
    cohostB,
    inviter,
    reader,
    resting,
    former,
  };
  // Everything above happened by now.
  return { community, people, now: new Date() };
}

describe('the whole-community tally', () => {
  it('agrees with the one-member tally for every member, ingredient by ingredient', async () => {
    const { community, people, now } = await busyCommunity();
    const all = await tallyAll(t.deps.db, { communityId: community.id, now, windowDays: 90 });
    // Current members only: the alumnus is not tallied.
    expect([...all.keys()].sort()).toEqual(
      Object.entries(people)
        .filter(([k]) => k !== 'former')
        .map(([, u]) => u.id)
        .sort(),
    );
    for (const [name, user] of Object.entries(people)) {
      if (name === 'former') continue;
      const role = name === 'coordinator' ? 'coordinator' : 'member';
      const one = await tallyFor(t.deps.db, { communityId: community.id, userId: user.id, role, now, windowDays: 90 });
      expect(all.get(user.id), name).toEqual(one);
    }
    expect(all.get(people.answerer.id)).toMatchObject({ replies: 1, acceptedAnswers: 1 });
    expect(all.get(people.asker.id)).toMatchObject({ posts: 1, acceptedAnswers: 0 });
    expect(all.get(people.host.id)).toMatchObject({ hosted: 1, coHosted: 0 });
    expect(all.get(people.cohostA.id)).toMatchObject({ hosted: 0, coHosted: 1 });
    expect(all.get(people.inviter.id)).toMatchObject({ curated: 5, coCreationWeeks: 5, broughtIn: 2 });
    expect(all.get(people.reader.id)).toMatchObject({ consumed: 2, posts: 0 });
    expect(all.get(people.coordinator.id)).toMatchObject({ coordinator: true });
  });

  it('reads a window ending in the past, ignoring what came after it', async () => {
    const { community, people, now } = await busyCommunity();
    const then = new Date(now.getTime() - 10 * DAY);
    const all = await tallyAll(t.deps.db, { communityId: community.id, now: then, windowDays: 90 });
    // The reviews of the last week are after `then`; the older four are inside its window.
    expect(all.get(people.inviter.id)).toMatchObject({ curated: 4, coCreationWeeks: 4, broughtIn: 0 });
    expect(all.get(people.reader.id)).toMatchObject({ consumed: 0 });
    const one = await tallyFor(t.deps.db, {
      communityId: community.id,
      userId: people.inviter.id,
      role: 'member',
      now: then,
      windowDays: 90,
    });
    expect(one).toEqual(all.get(people.inviter.id));
  });
});

describe('recomputing a community', () => {
  it('stores every current member’s mode, then records only changes', async () => {
    const { community, people, now } = await busyCommunity();
    const first = await recomputeModes(t.deps.db, community.id, now);
    expect(first).toEqual({ members: 9, changed: 9 });
    const modes = await modesOf(t.deps.db, community.id);
    expect(Object.fromEntries([...modes].map(([id, mode]) => [id, mode]))).toEqual({
      [people.coordinator.id]: 'champion',
      [people.asker.id]: 'contribute',
      [people.answerer.id]: 'collaborate',
      [people.host.id]: 'co_create',
      [people.cohostA.id]: 'collaborate',
      [people.cohostB.id]: 'collaborate',
      [people.inviter.id]: 'champion',
      [people.reader.id]: 'convey_consume',
      [people.resting.id]: 'contribute',
    });
    const firstChanges = await changesOf(community.id);
    expect(firstChanges).toHaveLength(9);
    expect(firstChanges.every((c) => c.fromMode === null && c.changedAt.getTime() === now.getTime())).toBe(true);
    const reader = await storedOf(community.id, people.reader.id);
    expect(reader).toMatchObject({ mode: 'convey_consume', because: 'read or attended 2 times' });
    expect(reader.since.getTime()).toBe(now.getTime());

    // Nothing new: no history, `since` kept, `computedAt` moves on.
    const later = new Date(now.getTime() + 3_600_000);
    expect(await recomputeModes(t.deps.db, community.id, later)).toEqual({ members: 9, changed: 0 });
    const again = await storedOf(community.id, people.reader.id);
    expect(again.since.getTime()).toBe(now.getTime());
    expect(again.computedAt.getTime()).toBe(later.getTime());

    // The reader curates once: one change, from what they were.
    await log(community.id, [{ actor: people.reader.id, verb: 'published_resource', at: later }]);
    const evenLater = new Date(later.getTime() + 3_600_000);
    expect(await recomputeModes(t.deps.db, community.id, evenLater)).toEqual({ members: 9, changed: 1 });
    expect((await changesOf(community.id, people.reader.id)).map((c) => [c.fromMode, c.toMode])).toEqual([
      [null, 'convey_consume'],
      ['convey_consume', 'co_create'],
    ]);
    const moved = await storedOf(community.id, people.reader.id);
    expect(moved.since.getTime()).toBe(evenLater.getTime());
    expect(moved.tally).toMatchObject({ curated: 1 });
  });

  it('replays past weeks in order to build a history, with a shorter window when asked', async () => {
    const coordinator = await t.createUser({ name: 'Rita Replay' });
    const member = await t.createUser({ name: 'Drift Er' });
    const community = await buildCommunity(t, { createdBy: coordinator });
    await buildMember(t, community, member);
    await joinedLongAgo(community.id);
    const start = new Date(Date.UTC(2025, 0, 6, 12));
    const week = (n: number) => new Date(start.getTime() + n * 7 * DAY);
    // Posts in week 1, a hosted session in week 3, then silence.
    await log(community.id, [
      { actor: member.id, verb: 'posted', at: week(1) },
      { actor: member.id, verb: 'hosted_event', at: week(3) },
    ]);
    const changed: number[] = [];
    for (let n = 0; n <= 9; n++)
      changed.push((await recomputeModes(t.deps.db, community.id, week(n), { windowDays: 28 })).changed);
    // Week 0 stores both people; the post makes week 1 Contribute, the session week 3 Co-create;
    // the session stays in the 28-day window up to week 7 and has left it by week 8.
    expect(
      (await changesOf(community.id, member.id)).map((c) => [c.fromMode, c.toMode, c.changedAt.getTime()]),
    ).toEqual([
      [null, 'convey_consume', week(0).getTime()],
      ['convey_consume', 'contribute', week(1).getTime()],
      ['contribute', 'co_create', week(3).getTime()],
      ['co_create', 'convey_consume', week(8).getTime()],
    ]);
    expect(changed).toEqual([2, 1, 0, 1, 0, 0, 0, 0, 1, 0]);
    const stored = await storedOf(community.id, member.id);
    expect(stored.since.getTime()).toBe(week(8).getTime());
  });

  it('counts a member only from the day they joined when a past week is replayed', async () => {
    const coordinator = await t.createUser({ name: 'Jo Joiner' });
    const late = await t.createUser({ name: 'Lee Late' });
    const community = await buildCommunity(t, { createdBy: coordinator });
    await buildMember(t, community, late);
    await joinedLongAgo(community.id);
    const joined = new Date(Date.UTC(2025, 2, 3, 12));
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: joined })
      .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, late.id)));
    const before = await tallyAll(t.deps.db, {
      communityId: community.id,
      now: new Date(joined.getTime() - DAY),
      windowDays: 90,
    });
    expect(before.has(late.id)).toBe(false);
    expect(before.has(coordinator.id)).toBe(true);
    const after = await tallyAll(t.deps.db, {
      communityId: community.id,
      now: new Date(joined.getTime() + DAY),
      windowDays: 90,
    });
    expect(after.has(late.id)).toBe(true);
  });

  it('is visible to nobody else’s community, and modesOf lists current members only', async () => {
    const { community, people, now } = await busyCommunity();
    const other = await buildCommunity(t, { createdBy: people.reader });
    await joinedLongAgo(other.id);
    await recomputeModes(t.deps.db, community.id, now);
    expect((await recomputeModes(t.deps.db, other.id, now)).members).toBe(1);
    // In the other community the reader coordinates; here they read.
    expect((await modesOf(t.deps.db, other.id)).get(people.reader.id)).toBe('champion');
    expect((await modesOf(t.deps.db, community.id)).get(people.reader.id)).toBe('convey_consume');
    expect((await modesOf(t.deps.db, community.id)).has(people.former.id)).toBe(false);
  });

  it('runs nightly: one recompute per community a day, whatever enqueues it', async () => {
    const { community } = await busyCommunity();
    await enqueue(t.deps.db, 'participation.nightly', {});
    const now = new Date();
    await t.runJobs({ now, types: ['participation.nightly', RECOMPUTE_JOB] });
    const [job] = await t.deps.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.type, RECOMPUTE_JOB), eq(jobs.key, recomputeKey(community.id, now))));
    expect(job).toMatchObject({ status: 'succeeded', communityId: community.id });
    expect((await modesOf(t.deps.db, community.id)).size).toBe(9);
    // The same day again: nothing new is queued for this community.
    await enqueue(t.deps.db, 'participation.nightly', { again: true });
    await t.runJobs({ now, types: ['participation.nightly'] });
    const queued = await t.deps.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.type, RECOMPUTE_JOB), eq(jobs.communityId, community.id)));
    expect(queued).toHaveLength(1);
  });
});
