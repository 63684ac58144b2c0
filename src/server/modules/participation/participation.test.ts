import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { eq } from 'drizzle-orm';
import { activityEvents, eventHosts, memberships, posts, replies } from '../../db/schema/index.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
  localIn,
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

let matrix: Matrix;
let t: TestApp;
beforeAll(async () => {
  matrix = await setupMatrix();
  t = matrix.t;
});
afterAll(() => matrix?.t.close());

describe('my participation mode', () => {
  it('follows what a member did: reading, then posting, then an accepted answer, then curating', async () => {
    const coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
    const asker = await t.signedInUser({ name: 'Ash Asker' });
    const member = await t.signedInUser({ name: 'Mo Member' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, asker.user);
    await buildMember(t, community, member.user);
    const mine = (c: Client) => c.get(`${API}/communities/${community.slug}/participation/me`);

    const start = await mine(member.client);
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      mode: 'convey_consume',
      windowDays: 90,
      because: 'no activity in the window yet',
    });

    const question = await buildPost(t, community, asker.client, {
      kind: 'question',
      title: 'How do you pin versions?',
    });
    const reply = await buildReply(t, community, question, member.client, { body: 'With a lock file.' });
    expect((await mine(member.client)).body).toMatchObject({ mode: 'contribute', tally: { replies: 1 } });

    const accepted = await asker.client.put(`${API}/communities/${community.slug}/posts/${question.id}/accepted`, {
      replyId: reply.id,
    });
    expect(accepted.status).toBe(200);
    expect((await mine(member.client)).body).toMatchObject({ mode: 'collaborate', tally: { acceptedAnswers: 1 } });
    // The asker posted, and accepting someone's answer is not their own collaboration.
    expect((await mine(asker.client)).body).toMatchObject({
      mode: 'contribute',
      tally: { posts: 1, acceptedAnswers: 0 },
    });

    await t.deps.db.insert(activityEvents).values({
      actorId: member.user.id,
      communityId: community.id,
      verb: 'reviewed_resource',
      objectType: 'resource',
      objectId: 'r1',
    });
    expect((await mine(member.client)).body).toMatchObject({ mode: 'co_create', tally: { curated: 1 } });
    // Activity older than the window does not count.
    await t.deps.db.insert(activityEvents).values({
      actorId: asker.user.id,
      communityId: community.id,
      verb: 'reviewed_resource',
      objectType: 'resource',
      objectId: 'r2',
      occurredAt: new Date(Date.now() - 120 * 86_400_000),
    });
    expect((await mine(asker.client)).body.mode).toBe('contribute');

    expect((await mine(coordinator.client)).body).toMatchObject({
      mode: 'champion',
      because: 'coordinates the community',
    });
  });
});

const DAY = 86_400_000;
const me = (slug: string) => `${API}/communities/${slug}/participation/me`;

describe('my mode’s history', () => {
  it('keeps a change each time my live mode differs from the stored one', async () => {
    const coordinator = await t.signedInUser({ name: 'Hedda History' });
    const member = await t.signedInUser({ name: 'Hugo History' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, member.user);
    const first = await member.client.get(me(community.slug));
    expect(first.body.history).toEqual([{ fromMode: null, toMode: 'convey_consume', changedAt: first.body.modeSince }]);
    // Looking again changes nothing.
    const second = await member.client.get(me(community.slug));
    expect(second.body.history).toHaveLength(1);
    expect(second.body.modeSince).toBe(first.body.modeSince);

    await buildPost(t, community, member.client, { title: 'Hello from me' });
    const third = await member.client.get(me(community.slug));
    expect(third.body.mode).toBe('contribute');
    expect(third.body.history.map((h: { fromMode: string; toMode: string }) => [h.fromMode, h.toMode])).toEqual([
      ['convey_consume', 'contribute'],
      [null, 'convey_consume'],
    ]);
    expect(third.body.modeSince).toBe(third.body.history[0].changedAt);
    expect(new Date(third.body.modeSince).getTime()).toBeGreaterThan(new Date(first.body.modeSince).getTime());
  });
});

describe('my mode, looked at many times at once', () => {
  it('records the first mode once', async () => {
    const coordinator = await t.signedInUser({ name: 'Rae Race' });
    const member = await t.signedInUser({ name: 'Ron Race' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, member.user);
    const answers = await Promise.all(Array.from({ length: 6 }, () => member.client.get(me(community.slug))));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    const last = await member.client.get(me(community.slug));
    expect(last.body.history).toHaveLength(1);
  });
});

describe('next steps', () => {
  it('invites a reader to answer the oldest open questions in their topics, and only those', async () => {
    const coordinator = await t.signedInUser({ name: 'Nina Next' });
    const reader = await t.signedInUser({ name: 'Rob Reader' });
    const community = await buildCommunity(t, { createdBy: coordinator.user, topics: ['Testing', 'Packaging'] });
    await buildMember(t, community, reader.user, { expertise: ['testing'] });
    const other = await buildCommunity(t, { createdBy: coordinator.user, topics: ['Testing'] });
    await buildMember(t, other, reader.user, { expertise: ['testing'] });

    // Written straight to the tables, so that the reader's own post and reply leave no activity
    // (they stay a reader) while still counting as theirs.
    const ask = async (title: string, tags: string[], daysAgo: number, where = community, by = coordinator.user.id) => {
      const [post] = await t.deps.db
        .insert(posts)
        .values({
          communityId: where.id,
          authorId: by,
          kind: 'question',
          title,
          body: 'How?',
          bodyHtml: '<p>How?</p>',
          tags,
          createdAt: new Date(Date.now() - daysAgo * DAY),
        })
        .returning();
      return post;
    };
    const replyTo = async (post: { id: string; communityId: string }, by: string) => {
      const [reply] = await t.deps.db
        .insert(replies)
        .values({
          postId: post.id,
          communityId: post.communityId,
          authorId: by,
          body: 'This.',
          bodyHtml: '<p>This.</p>',
        })
        .returning();
      await t.deps.db.update(posts).set({ replyCount: 1 }).where(eq(posts.id, post.id));
      return reply;
    };
    const oldest = await ask('Oldest testing question', ['Testing'], 30);
    const middle = await ask('Middle testing question', ['testing', 'Packaging'], 20);
    await replyTo(middle, coordinator.user.id);
    const answered = await ask('Answered testing question', ['Testing'], 25);
    await replyTo(answered, reader.user.id);
    await ask('Packaging only', ['Packaging'], 40);
    const deleted = await ask('Deleted testing question', ['Testing'], 35);
    await t.deps.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, deleted.id));
    const settled = await ask('Settled testing question', ['Testing'], 36);
    const answer = await replyTo(settled, coordinator.user.id);
    await t.deps.db.update(posts).set({ acceptedReplyId: answer.id }).where(eq(posts.id, settled.id));
    await ask('Elsewhere testing question', ['Testing'], 50, other);
    await ask('My own testing question', ['Testing'], 45, community, reader.user.id);
    const newest = await ask('Newest testing question', ['Testing'], 1);
    const fourth = await ask('Fourth testing question', ['Testing'], 0);

    const res = await reader.client.get(me(community.slug));
    expect(res.body.mode).toBe('convey_consume');
    // The one they already answered is left for others; the fourth is one too many.
    expect(res.body.nextSteps).toEqual([
      expect.objectContaining({
        kind: 'answer_question',
        title: oldest.title,
        href: `/c/${community.slug}/posts/${oldest.id}`,
      }),
      expect.objectContaining({
        kind: 'answer_question',
        title: middle.title,
        href: `/c/${community.slug}/posts/${middle.id}`,
      }),
      expect.objectContaining({
        kind: 'answer_question',
        title: newest.title,
        href: `/c/${community.slug}/posts/${newest.id}`,
      }),
    ]);
    expect(res.body.nextSteps[0].detail).toBe(
      'A question in Testing, one of your topics: asked 30 days ago, no replies yet.',
    );
    expect(res.body.nextSteps[1].detail).toBe(
      'A question in testing, one of your topics: asked 20 days ago, 1 reply, none accepted.',
    );
    expect(JSON.stringify(res.body.nextSteps)).not.toContain(fourth.id);

    // Without topics on their profile: ask for them, and point to the open questions.
    await t.deps.db
      .update(memberships)
      .set({ expertise: [], interests: [] })
      .where(eq(memberships.userId, reader.user.id));
    const bare = await reader.client.get(me(community.slug));
    expect(bare.body.nextSteps.map((s: { kind: string }) => s.kind)).toEqual(['add_expertise', 'browse_unanswered']);
    expect(bare.body.nextSteps[0].href).toBe(`/c/${community.slug}/members/${reader.user.id}`);
  });

  it('asks a contributor to co-host a session someone runs alone, and to write up a win', async () => {
    const coordinator = await t.signedInUser({ name: 'Cleo Cohost' });
    const core = await t.signedInUser({ name: 'Kit Core' });
    const member = await t.signedInUser({ name: 'Max Member' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, core.user, { role: 'core' });
    await buildMember(t, community, member.user);
    await buildPost(t, community, member.client, { title: 'I contribute' });
    // Two hosts already: not suggested. One host: suggested. The member's own: not suggested.
    await buildEvent(t, coordinator, community, {
      title: 'Pair session',
      hosts: [{ userId: coordinator.user.id }, { userId: core.user.id }],
    });
    const solo = await buildEvent(t, coordinator, community, {
      title: 'Solo session',
      start: localIn(30, 18),
      end: localIn(30, 19),
      timeZone: 'UTC',
    });
    const when = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${localIn(30, 18)}:00Z`));
    const res = await member.client.get(me(community.slug));
    expect(res.body.mode).toBe('contribute');
    expect(res.body.nextSteps).toEqual([
      {
        kind: 'cohost_event',
        title: 'Offer to co-host “Solo session”',
        detail: `Cleo Cohost is running it alone on ${when}. A co-host shares the preparation and brings another angle.`,
        href: `/c/${community.slug}/events/${solo.id}/${solo.occurrences[0].id}`,
      },
      expect.objectContaining({ kind: 'share_win', href: `/c/${community.slug}/wins` }),
    ]);
    // Their own session is not suggested to its host.
    await t.deps.db.update(eventHosts).set({ userId: member.user.id }).where(eq(eventHosts.eventId, solo.id));
    const host = await member.client.get(me(community.slug));
    expect(host.body.nextSteps.map((s: { kind: string }) => s.kind)).toEqual(['share_win']);
  });

  it('points a collaborator to the topics the repertoire has nothing on, their own first', async () => {
    const coordinator = await t.signedInUser({ name: 'Tess Topic' });
    const member = await t.signedInUser({ name: 'Col Laborator' });
    const community = await buildCommunity(t, {
      createdBy: coordinator.user,
      topics: ['Testing', 'Packaging', 'Data'],
    });
    await buildMember(t, community, member.user, { expertise: ['Data'] });
    await buildResource(t, { community, by: coordinator.user, tags: ['testing'] });
    await buildResource(t, { community, by: coordinator.user, tags: ['Packaging'], status: 'proposed' });
    await t.deps.db.insert(activityEvents).values({
      actorId: coordinator.user.id,
      communityId: community.id,
      verb: 'accepted_answer',
      objectType: 'reply',
      objectId: 'not-a-reply',
    });
    const question = await buildPost(t, community, coordinator.client, { kind: 'question' });
    const reply = await buildReply(t, community, question, member.client);
    await coordinator.client.put(`${API}/communities/${community.slug}/posts/${question.id}/accepted`, {
      replyId: reply.id,
    });
    const res = await member.client.get(me(community.slug));
    expect(res.body.mode).toBe('collaborate');
    // Data first (theirs), then Packaging (only a proposal so far); Testing is covered.
    expect(res.body.nextSteps.map((s: { kind: string; title: string }) => [s.kind, s.title])).toEqual([
      ['propose_resource', 'Start the repertoire on Data'],
      ['propose_resource', 'Start the repertoire on Packaging'],
    ]);
  });

  it('names newcomers nobody has replied to for a co-creator, and asks a champion to mentor and invite', async () => {
    const coordinator = await t.signedInUser({ name: 'Wendy Welcome' });
    const curator = await t.signedInUser({ name: 'Cura Tor' });
    const waiting = await t.signedInUser({ name: 'Wai Ting' });
    const answered = await t.signedInUser({ name: 'Ann Swered' });
    const old = await t.createUser({ name: 'Old Timer' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, curator.user, { role: 'core' });
    await buildMember(t, community, waiting.user);
    await buildMember(t, community, answered.user);
    await buildMember(t, community, old);
    for (const id of [old.id, coordinator.user.id])
      await t.deps.db
        .update(memberships)
        .set({ joinedAt: new Date(Date.now() - 60 * DAY) })
        .where(eq(memberships.userId, id));
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: new Date(Date.now() - 5 * DAY), interests: ['Testing'] })
      .where(eq(memberships.userId, waiting.user.id));
    await buildPost(t, community, waiting.client, { title: 'Hello, I am new' });
    const hello = await buildPost(t, community, answered.client, { title: 'Hi all' });
    await buildReply(t, community, hello, coordinator.client, { body: 'Welcome!' });
    await t.deps.db.insert(activityEvents).values({
      actorId: curator.user.id,
      communityId: community.id,
      verb: 'reviewed_resource',
      objectType: 'resource',
      objectId: 'r1',
    });

    const curatorView = await curator.client.get(me(community.slug));
    expect(curatorView.body.mode).toBe('co_create');
    expect(curatorView.body.nextSteps).toEqual([
      {
        kind: 'welcome_newcomer',
        title: 'Welcome Wai Ting',
        detail:
          'Joined 5 days ago and nobody has replied to them yet. A hello, or a pointer to a conversation they would enjoy, helps them stay.',
        href: `/c/${community.slug}/members/${waiting.user.id}`,
      },
    ]);

    const champion = await coordinator.client.get(me(community.slug));
    expect(champion.body.mode).toBe('champion');
    expect(champion.body.nextSteps.map((s: { kind: string; title: string }) => [s.kind, s.title])).toEqual([
      ['mentor_newcomer', 'Offer to mentor Wai Ting'],
      ['mentor_newcomer', 'Offer to mentor Cura Tor'],
      ['invite', 'Invite someone who should be here'],
    ]);
    expect(champion.body.nextSteps[0].detail).toContain('interested in Testing');
    expect(champion.body.nextSteps[2].href).toBe(`/c/${community.slug}/invitations`);
  });
});

describe('members’ modes', () => {
  it('lists current members with their modes, counts by mode, filters and pages', async () => {
    const coordinator = await t.signedInUser({ name: 'Lia List' });
    const core = await t.signedInUser({ name: 'Cor Core' });
    const poster = await t.signedInUser({ name: 'Pat Poster' });
    const readerA = await t.createUser({ name: 'Abe Reader' });
    const readerB = await t.createUser({ name: 'Bea Reader' });
    const former = await t.createUser({ name: 'Fay Former' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, core.user, { role: 'core' });
    await buildMember(t, community, poster.user);
    await buildMember(t, community, readerA);
    await buildMember(t, community, readerB, { status: 'on_break' });
    await buildMember(t, community, former, { status: 'alumni' });
    await buildPost(t, community, poster.client, { title: 'A contribution' });
    const list = (q = '') => core.client.get(`${API}/communities/${community.slug}/participation/members${q}`);

    // Never computed before: the first look computes it.
    const all = await list();
    expect(all.status).toBe(200);
    expect(all.body.counts).toEqual({
      convey_consume: 3,
      contribute: 1,
      collaborate: 0,
      co_create: 0,
      champion: 1,
      notComputed: 0,
    });
    expect(all.body.total).toBe(5);
    expect(all.body.items.map((m: { name: string }) => m.name)).toEqual([
      'Abe Reader',
      'Bea Reader',
      'Cor Core',
      'Lia List',
      'Pat Poster',
    ]);
    expect(all.body.items[4]).toMatchObject({
      userId: poster.user.id,
      mode: 'contribute',
      because: '1 post',
      role: 'member',
      status: 'active',
    });
    expect(all.body.items[4].since).toBe(all.body.items[4].computedAt);

    const contributors = await list('?mode=contribute');
    expect(contributors.body.items.map((m: { userId: string }) => m.userId)).toEqual([poster.user.id]);
    expect(contributors.body.total).toBe(1);
    expect(contributors.body.counts.convey_consume).toBe(3);
    const named = await list('?q=reader');
    expect(named.body.items.map((m: { name: string }) => m.name)).toEqual(['Abe Reader', 'Bea Reader']);

    const page1 = await list('?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await list(`?limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await list(`?limit=2&cursor=${page2.body.nextCursor}`);
    expect(
      [...page1.body.items, ...page2.body.items, ...page3.body.items].map((m: { name: string }) => m.name),
    ).toEqual(all.body.items.map((m: { name: string }) => m.name));
    expect(page3.body.nextCursor).toBeNull();

    for (const bad of ['mode=lurker', 'cursor=abc', 'limit=0', 'limit=101']) {
      const res = await list(`?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.field).toBe(bad.split('=')[0]);
    }
    // A member who joins after the computation is computed on the next look, alone.
    const late = await t.createUser({ name: 'Zed Late' });
    await buildMember(t, community, late);
    const after = await list();
    expect(after.body.counts).toMatchObject({ convey_consume: 4, notComputed: 0 });
    expect(after.body.items.at(-1)).toMatchObject({ name: 'Zed Late', mode: 'convey_consume' });
    expect(after.body.items.at(-1).computedAt).not.toBe(all.body.items[0].computedAt);
    expect(after.body.items[0].computedAt).toBe(all.body.items[0].computedAt);
  });

  it('shows one member’s mode and history to the core group and to the member, and to nobody else', async () => {
    const coordinator = await t.signedInUser({ name: 'Dee Detail' });
    const member = await t.signedInUser({ name: 'Moe Member' });
    const peer = await t.signedInUser({ name: 'Pia Peer' });
    const community = await buildCommunity(t, { createdBy: coordinator.user });
    const elsewhere = await buildCommunity(t, { createdBy: coordinator.user });
    await buildMember(t, community, member.user);
    await buildMember(t, community, peer.user);
    await member.client.get(me(community.slug));
    await buildPost(t, community, member.client);
    await member.client.get(me(community.slug));
    const url = (slug: string, userId: string) => `${API}/communities/${slug}/participation/members/${userId}`;

    const seen = await coordinator.client.get(url(community.slug, member.user.id));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      member: { userId: member.user.id, name: 'Moe Member', mode: 'contribute' },
      tally: { posts: 1 },
      windowDays: 90,
    });
    expect(seen.body.history.map((h: { fromMode: string; toMode: string }) => [h.fromMode, h.toMode])).toEqual([
      ['convey_consume', 'contribute'],
      [null, 'convey_consume'],
    ]);
    expect((await member.client.get(url(community.slug, member.user.id))).body).toEqual(seen.body);
    // A peer may not see another member's mode; nobody finds a non-member through here.
    expect((await peer.client.get(url(community.slug, member.user.id))).status).toBe(403);
    expect((await coordinator.client.get(url(elsewhere.slug, member.user.id))).status).toBe(404);
    expect((await coordinator.client.get(url(community.slug, coordinator.user.id))).body.member.mode).toBeNull();
    expect((await coordinator.client.get(url(community.slug, 'not-a-uuid'))).status).toBe(400);
  });
});

// anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin
describeMatrix(
  [
    {
      name: 'read my participation mode',
      request: (c: { slug: string }) => ['GET', `${API}/communities/${c.slug}/participation/me`],
      ...allowed.currentMembers(200),
    },
    {
      name: 'list members’ participation modes',
      request: (c: { slug: string }) => ['GET', `${API}/communities/${c.slug}/participation/members`],
      ...allowed.coreAndAdmins(200),
    },
    {
      name: 'read another member’s participation mode',
      request: (c: { slug: string }) => [
        'GET',
        `${API}/communities/${c.slug}/participation/members/${matrix.bystander}`,
      ],
      ...allowed.coreAndAdmins(200),
    },
  ],
  async (visibility: Visibility, _actor: MatrixActor) => matrixCommunity(matrix, visibility, 'pm'),
  () => matrix,
);
