import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { activityEvents } from '../../db/schema/index.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
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

// anonymous, outsider, pending, member, core, coordinator, onBreak, alumni, removed, admin
describeMatrix(
  [
    {
      name: 'read my participation mode',
      request: (c: { slug: string }) => ['GET', `${API}/communities/${c.slug}/participation/me`],
      ...allowed.currentMembers(200),
    },
  ],
  async (visibility: Visibility, _actor: MatrixActor) => matrixCommunity(matrix, visibility, 'pm'),
  () => matrix,
);
