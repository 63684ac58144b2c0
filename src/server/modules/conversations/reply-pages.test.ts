import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts, replies } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function setup() {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing'] });
  const asker = await t.signedInUser({ name: 'Asha Asker' });
  await buildMember(t, community, asker.user);
  const helper = await t.signedInUser({ name: 'Hana Helper' });
  await buildMember(t, community, helper.user);
  const post = await buildPost(t, community, asker, { kind: 'question' });
  const url = `${API}/communities/${community.slug}/posts/${post.id}`;
  const first = await buildReply(t, community, post, helper, { body: 'Pin the **lock file**.' });
  const second = await buildReply(t, community, post, owner, { body: 'Run the slow tests nightly.' });
  return { owner, asker, helper, community, post, url, first, second };
}

const version = async (postId: string) =>
  (await t.deps.db.select({ v: posts.repliesVersion }).from(posts).where(eq(posts.id, postId)))[0].v;

/** Changes a reply as no route would: behind the database's triggers, so its post's version stays. */
async function behindTriggers(replyId: string, body: string) {
  await t.deps.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.update(replies).set({ body }).where(eq(replies.id, replyId));
  });
}

describe('a page of replies kept between readers', () => {
  it('is reused while the post’s replies version holds, and read afresh once it moves', async () => {
    const { asker, helper, post, url, first } = await setup();
    const before = await version(post.id);
    expect((await asker.client.get(`${url}/replies`)).body.items[0].body).toBe('Pin the **lock file**.');

    // Proof that the page is kept: a change the version does not know of is not seen...
    await behindTriggers(first.id, 'Changed behind the triggers.');
    expect((await helper.client.get(`${url}/replies`)).body.items[0].body).toBe('Pin the **lock file**.');
    expect(await version(post.id)).toBe(before);

    // ...and every route that changes the page moves the version, so the next reader sees it.
    expect((await helper.client.patch(`${url}/replies/${first.id}`, { body: 'Pin it, and review it.' })).status).toBe(
      200,
    );
    expect(await version(post.id)).toBeGreaterThan(before);
    const items = (await asker.client.get(`${url}/replies`)).body.items;
    expect(items[0]).toMatchObject({ body: 'Pin it, and review it.' });
    expect(items[0].editedAt).not.toBeNull();
  });

  it('gives each reader their own reactions and abilities on the same kept page', async () => {
    const { owner, asker, helper, url, first, second } = await setup();
    const visitor = t.client();
    await asker.client.get(`${url}/replies`);
    expect((await helper.client.put(`${url}/replies/${second.id}/reactions/thanks`)).status).toBe(200);

    const thanks = (items: { reactions: { kind: string; count: number; mine: boolean }[] }[]) =>
      items[1].reactions.find((r) => r.kind === 'thanks');
    const asHelper = (await helper.client.get(`${url}/replies`)).body.items;
    const asAsker = (await asker.client.get(`${url}/replies`)).body.items;
    const asOwner = (await owner.client.get(`${url}/replies`)).body.items;
    const asVisitor = (await visitor.get(`${url}/replies`)).body.items;
    expect(thanks(asHelper)).toEqual({ kind: 'thanks', count: 1, mine: true });
    expect(thanks(asAsker)).toEqual({ kind: 'thanks', count: 1, mine: false });
    expect(thanks(asVisitor)).toEqual({ kind: 'thanks', count: 1, mine: false });

    // The helper may change their own reply only; the owner moderates; a visitor only reads.
    expect(asHelper.map((r: { abilities: object }) => r.abilities)).toEqual([
      { edit: true, delete: true, react: true, reply: true },
      { edit: false, delete: false, react: true, reply: true },
    ]);
    expect(asAsker[0].abilities).toEqual({ edit: false, delete: false, react: true, reply: true });
    expect(asOwner[0].abilities).toEqual({ edit: true, delete: true, react: true, reply: true });
    expect(asVisitor[0].abilities).toEqual({ edit: false, delete: false, react: false, reply: false });

    // Taking the reaction back shows at once, to the one who gave it and to everyone else.
    expect((await helper.client.delete(`${url}/replies/${second.id}/reactions/thanks`)).status).toBe(200);
    expect(thanks((await helper.client.get(`${url}/replies`)).body.items)).toEqual({
      kind: 'thanks',
      count: 0,
      mine: false,
    });
    expect(thanks((await asker.client.get(`${url}/replies`)).body.items)).toMatchObject({ count: 0 });
  });

  it('shows a new reply, a deletion, an accepted answer and a renamed author at once', async () => {
    const { owner, asker, helper, community, post, url, first, second } = await setup();
    const read = async () => (await asker.client.get(`${url}/replies`)).body.items;
    await read();

    const third = await buildReply(t, community, post, asker, { body: 'Thank you both.' });
    expect((await read()).map((r: { id: string }) => r.id)).toEqual([first.id, second.id, third.id]);

    expect((await owner.client.delete(`${url}/replies/${third.id}`)).status).toBe(204);
    expect((await read()).map((r: { id: string }) => r.id)).toEqual([first.id, second.id]);

    expect((await asker.client.put(`${url}/accepted`, { replyId: first.id })).status).toBe(200);
    expect((await read()).map((r: { accepted: boolean }) => r.accepted)).toEqual([true, false]);

    expect((await helper.client.patch(`${API}/account`, { name: 'Hana Renamed' })).status).toBe(200);
    expect((await read())[0].author).toMatchObject({ id: helper.user.id, name: 'Hana Renamed' });
  });

  it('keeps each page of a paged conversation apart, and still refuses a reader who may not see it', async () => {
    const { owner, asker, community, post, url } = await setup();
    for (let i = 0; i < 3; i++) await buildReply(t, community, post, owner, { body: `More ${i}` });
    const one = (await asker.client.get(`${url}/replies?limit=2`)).body;
    const two = (await asker.client.get(`${url}/replies?limit=2&cursor=${one.nextCursor}`)).body;
    const again = (await asker.client.get(`${url}/replies?limit=2`)).body;
    expect(two.items.map((r: { id: string }) => r.id)).not.toContain(one.items[0].id);
    expect(again).toEqual(one);

    // Private now: the kept page is not shown to someone who is not a member.
    await t.deps.db.execute(sql`update communities set visibility = 'private' where id = ${community.id}`);
    expect((await t.client().get(`${url}/replies?limit=2`)).status).toBe(404);
    expect((await asker.client.get(`${url}/replies?limit=2`)).body).toEqual(one);
  });
});
