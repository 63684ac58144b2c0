import { and, count, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  communities,
  eventHosts,
  eventOccurrences,
  eventRsvps,
  invitations,
  memberships,
  participationModeChanges,
  participationModes,
  posts,
  postViews,
  reactions,
  replies,
  resources,
  users,
} from '../../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../../test/harness.js';
import { simulateCommunity } from './index.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const DAY = 86_400_000;
const PASSWORD = 'simulated-lantern-77';

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

/** Rows of an activity verb in the community, by object id, with when they happened. */
async function logged(communityId: string, verb: string) {
  const rows = await t.deps.db
    .select({ objectId: activityEvents.objectId, actorId: activityEvents.actorId, at: activityEvents.occurredAt })
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, verb)));
  return rows;
}

describe('the simulated community', () => {
  it('writes months of activity to the real tables, each act with its entry in the activity log', async () => {
    const sim = await simulateCommunity(t.deps.db, {
      scenario: 'troubled',
      now: NOW,
      seed: 21,
      size: 40,
      months: 4,
      password: PASSWORD,
    });
    const db = t.deps.db;
    const c = sim.communityId;
    const [community] = await db.select().from(communities).where(eq(communities.id, c));
    expect(community).toMatchObject({ slug: sim.slug, visibility: 'public', memberCount: 40 });
    expect(community.topics.length).toBeGreaterThanOrEqual(6);

    const members = await db.select().from(memberships).where(eq(memberships.communityId, c));
    expect(members).toHaveLength(40);
    expect(members.filter((m) => m.role === 'coordinator')).toHaveLength(2);
    expect(members.filter((m) => m.role === 'core').length).toBeGreaterThanOrEqual(5);
    expect(members.every((m) => m.expertise.length > 0 && m.joinedAt)).toBe(true);
    expect(members.filter((m) => m.joinedAt!.getTime() > NOW.getTime() - 90 * DAY).length).toBeGreaterThan(3);

    // Conversations: every post and reply logged when it was written; counters as the service keeps them.
    const allPosts = await db.select().from(posts).where(eq(posts.communityId, c));
    const allReplies = await db.select().from(replies).where(eq(replies.communityId, c));
    expect(allPosts.length).toBeGreaterThan(30);
    expect(allReplies.length).toBeGreaterThan(allPosts.length);
    expect(new Set(allPosts.map((p) => p.kind))).toEqual(
      new Set(['question', 'discussion', 'win', 'need', 'announcement']),
    );
    const postedAt = new Map((await logged(c, 'posted')).map((a) => [a.objectId, a.at.getTime()]));
    for (const p of allPosts) expect(postedAt.get(p.id)).toBe(p.createdAt.getTime());
    const repliedAt = new Map((await logged(c, 'replied')).map((a) => [a.objectId, a.at.getTime()]));
    for (const r of allReplies) expect(repliedAt.get(r.id)).toBe(r.createdAt.getTime());
    for (const p of allPosts) {
      const mine = allReplies.filter((r) => r.postId === p.id);
      expect(p.replyCount).toBe(mine.length);
      if (mine.length) expect(p.firstReplyAt?.getTime()).toBe(Math.min(...mine.map((r) => r.createdAt.getTime())));
    }
    const accepted = allPosts.filter((p) => p.acceptedReplyId);
    expect(accepted.length).toBeGreaterThan(3);
    const acceptances = await logged(c, 'accepted_answer');
    expect(acceptances.map((a) => a.objectId).sort()).toEqual(accepted.map((p) => p.acceptedReplyId).sort());
    for (const p of accepted) {
      const reply = allReplies.find((r) => r.id === p.acceptedReplyId)!;
      expect(reply.postId).toBe(p.id);
      expect(p.acceptedAt!.getTime()).toBeGreaterThan(reply.createdAt.getTime());
    }

    // Reactions, views, events, the repertoire and invitations, each with its log entries.
    const count_ = async (q: Promise<{ n: number }[]>) => Number((await q)[0].n);
    const reactionCount = await count_(db.select({ n: count() }).from(reactions).where(eq(reactions.communityId, c)));
    expect(reactionCount).toBeGreaterThan(0);
    expect((await logged(c, 'reacted')).length).toBe(reactionCount);
    const viewCount = await count_(db.select({ n: count() }).from(postViews).where(eq(postViews.communityId, c)));
    expect(viewCount).toBeGreaterThan(allPosts.length);
    expect((await logged(c, 'viewed_post')).length).toBe(viewCount);

    const sessions = await db.select().from(eventOccurrences).where(eq(eventOccurrences.communityId, c));
    expect(sessions.length).toBeGreaterThanOrEqual(6);
    expect(sessions.some((s) => s.startsAt > NOW)).toBe(true);
    const hosts = await db
      .select({ n: count() })
      .from(eventHosts)
      .innerJoin(eventOccurrences, eq(eventOccurrences.eventId, eventHosts.eventId))
      .where(eq(eventOccurrences.communityId, c));
    expect((await logged(c, 'hosted_event')).length).toBe(Number(hosts[0].n));
    const rsvps = await db.select().from(eventRsvps).where(eq(eventRsvps.communityId, c));
    expect((await logged(c, 'rsvp')).length).toBe(rsvps.length);
    expect((await logged(c, 'attended')).length).toBe(rsvps.filter((r) => r.attendedAt).length);
    for (const s of sessions)
      expect(s.goingCount).toBe(rsvps.filter((r) => r.occurrenceId === s.id && r.status === 'going').length);
    expect(sessions.filter((s) => s.notesAt).length).toBe((await logged(c, 'event_notes_added')).length);

    const shelf = await db.select().from(resources).where(eq(resources.communityId, c));
    const published = shelf.filter((r) => r.status === 'published');
    expect(published.length).toBeGreaterThan(8);
    expect(shelf.some((r) => r.status === 'proposed')).toBe(true);
    expect(published.some((r) => r.sourceReplyId)).toBe(true);
    const curated = [...(await logged(c, 'published_resource')), ...(await logged(c, 'promoted_to_repertoire'))];
    expect(curated.map((a) => a.objectId).sort()).toEqual(published.map((r) => r.id).sort());
    const invited = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.communityId, c), isNotNull(invitations.acceptedAt)));
    expect((await logged(c, 'accepted_invitation')).length).toBe(invited.length);

    // Nothing in the log after now; months of it before.
    const [span] = await db
      .select({
        first: sql<string>`min(${activityEvents.occurredAt})`,
        last: sql<string>`max(${activityEvents.occurredAt})`,
      })
      .from(activityEvents)
      .where(eq(activityEvents.communityId, c));
    expect(new Date(span.last).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(span.first).getTime()).toBeLessThan(NOW.getTime() - 120 * DAY);

    // Modes replayed week by week: a history, and the people the scenario needs in their modes.
    const modes = await db.select().from(participationModes).where(eq(participationModes.communityId, c));
    expect(modes).toHaveLength(40);
    const weeks = await db
      .selectDistinct({ at: participationModeChanges.changedAt })
      .from(participationModeChanges)
      .where(eq(participationModeChanges.communityId, c));
    expect(weeks.length).toBeGreaterThan(8);
    const moved = await db
      .select({ n: count() })
      .from(participationModeChanges)
      .where(and(eq(participationModeChanges.communityId, c), isNotNull(participationModeChanges.fromMode)));
    expect(Number(moved[0].n)).toBeGreaterThan(10);
    const modeOf = async (name: string) => {
      const [row] = await db
        .select({ mode: participationModes.mode })
        .from(participationModes)
        .innerJoin(users, eq(users.id, participationModes.userId))
        .where(and(eq(participationModes.communityId, c), eq(users.name, name)));
      return row?.mode;
    };
    const [E, F, G] = sim.planted.find((p) => p.kind === 'organiser_load')!.people;
    expect(await modeOf(E)).toBe('co_create');
    expect(await modeOf(F)).toBe('collaborate');
    expect(await modeOf(G)).toBe('collaborate');
    for (const name of sim.planted.find((p) => p.kind === 'drifting_members')!.people) {
      const [h] = await db.select({ id: users.id }).from(users).where(eq(users.name, name));
      const history = await db
        .select({ to: participationModeChanges.toMode })
        .from(participationModeChanges)
        .where(and(eq(participationModeChanges.communityId, c), eq(participationModeChanges.userId, h.id)));
      expect(history.map((x) => x.to)).toContain('co_create');
    }

    // The coordinators can sign in with the password given.
    const client = t.client();
    const signIn = await client.post('/api/v1/auth/signin', { email: sim.coordinators[0].email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    const page = await client.get(`/api/v1/communities/${sim.slug}`);
    expect(page.status).toBe(200);
  });

  it('is the same community for the same seed, and only the row ids differ', async () => {
    const options = { scenario: 'drifting_core' as const, now: NOW, seed: 22, size: 30, months: 3, replayModes: false };
    const a = await simulateCommunity(t.deps.db, options);
    const b = await simulateCommunity(t.deps.db, options);
    expect(b.slug).toBe(`${a.slug}-2`);
    expect(b.planted).toEqual(a.planted);
    const shape = async (communityId: string) => {
      const people = await t.deps.db
        .select({ name: users.name, role: memberships.role, joinedAt: memberships.joinedAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.communityId, communityId))
        .orderBy(users.name);
      const titles = await t.deps.db
        .select({ title: posts.title, at: posts.createdAt })
        .from(posts)
        .where(eq(posts.communityId, communityId))
        .orderBy(posts.createdAt, posts.title);
      const [log] = await t.deps.db
        .select({ n: count() })
        .from(activityEvents)
        .where(eq(activityEvents.communityId, communityId));
      return { people, titles, log: Number(log.n) };
    };
    expect(await shape(b.communityId)).toEqual(await shape(a.communityId));
  });

  it('casts existing accounts as coordinators, private when asked, and refuses an address in use', async () => {
    const admin = await t.createUser({ name: 'Instance Admin', isAdmin: true });
    const sim = await simulateCommunity(t.deps.db, {
      scenario: 'healthy',
      now: NOW,
      seed: 23,
      size: 30,
      months: 3,
      slug: 'private-circle',
      visibility: 'private',
      coordinators: [admin],
      replayModes: false,
    });
    expect(sim.coordinators[0]).toEqual({ name: 'Instance Admin', email: admin.email });
    const [mine] = await t.deps.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.communityId, sim.communityId), eq(memberships.userId, admin.id)));
    expect(mine).toMatchObject({ role: 'coordinator', status: 'active' });
    const written = await t.deps.db
      .select({ n: count() })
      .from(activityEvents)
      .where(
        and(
          eq(activityEvents.communityId, sim.communityId),
          eq(activityEvents.actorId, admin.id),
          gt(activityEvents.occurredAt, new Date(NOW.getTime() - 30 * DAY)),
        ),
      );
    expect(Number(written[0].n)).toBeGreaterThan(0);
    const [community] = await t.deps.db.select().from(communities).where(eq(communities.id, sim.communityId));
    expect(community).toMatchObject({ visibility: 'private', joining: 'invitation' });
    // Without a password the simulated accounts sign in by emailed link only.
    const [someone] = await t.deps.db
      .select({ hash: users.passwordHash })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(memberships.communityId, sim.communityId), eq(memberships.role, 'member')))
      .limit(1);
    expect(someone.hash).toBeNull();

    await expect(
      simulateCommunity(t.deps.db, { scenario: 'healthy', now: NOW, slug: 'private-circle', size: 30, months: 3 }),
    ).rejects.toThrow(/exists already/);
    await expect(simulateCommunity(t.deps.db, { scenario: 'nonsense' as never, now: NOW })).rejects.toThrow(
      /Unknown scenario/,
    );
  });
});
