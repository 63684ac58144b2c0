import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply, type Writer } from '../../../../test/factories.js';
import { sql } from 'drizzle-orm';
import * as repo from './repo.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Community = { id: string; slug: string; name: string };
type Post = { id: string; title: string; createdAt: string };

const post = (community: Community, author: Writer, fields: Record<string, unknown>): Promise<Post> =>
  buildPost(t, community, author, { body: 'Nothing else to say.', ...fields });
const reply = (community: Community, to: Post, author: Writer, body: string): Promise<{ id: string }> =>
  buildReply(t, community, to, author, { body });
const postUrl = (community: Community, p: { id: string }) => `${API}/communities/${community.slug}/posts/${p.id}`;

async function search(client: Client, params: Record<string, string | number | boolean>) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await client.get(`${API}/search?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Hit[]; nextOffset: number | null };
}

interface Hit {
  post: { id: string; title: string; kind: string; tags: string[]; author: { id: string } | null; answered: boolean };
  matchedIn: 'post' | 'reply';
  replyId: string | null;
  snippetHtml: string;
}

const titles = (page: { items: Hit[] }) => page.items.map((h) => h.post.title);

async function freshCommunity() {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing', 'Packaging'] });
  return { owner, community };
}

describe('finding posts', () => {
  it('finds a word in the title, the body or a reply, and says where', async () => {
    const { owner, community } = await freshCommunity();
    const inTitle = await post(community, owner, { title: 'Quokka habitats', body: 'Field notes.' });
    const inBody = await post(community, owner, { title: 'Field trip', body: 'We saw a **wombat** near the lab.' });
    const parent = await post(community, owner, { title: 'Anything odd?', body: 'Tell us.' });
    const hit = await reply(community, parent, owner, 'A platypus swam past the `sampling` station.');
    const anon = t.client();
    const slug = community.slug;

    const quokka = await search(anon, { q: 'quokka', community: slug });
    expect(quokka.items).toHaveLength(1);
    expect(quokka.items[0]).toMatchObject({ post: { id: inTitle.id }, matchedIn: 'post', replyId: null });

    const wombat = await search(anon, { q: 'wombat', community: slug });
    expect(wombat.items).toHaveLength(1);
    expect(wombat.items[0]).toMatchObject({ post: { id: inBody.id }, matchedIn: 'post', replyId: null });
    expect(wombat.items[0].snippetHtml).toBe('We saw a <mark>wombat</mark> near the lab.');

    // Of several matching replies, the best one is the hit.
    const zoo = await post(community, owner, { title: 'Zoo visit', body: 'Report below.' });
    await reply(community, zoo, owner, 'I saw one lemur.');
    const best = await reply(community, zoo, owner, 'Lemur after lemur: the lemur house was full.');
    const lemur = await search(anon, { q: 'lemurs', community: slug });
    expect(lemur.items.map((h) => [h.post.id, h.matchedIn, h.replyId])).toEqual([[zoo.id, 'reply', best.id]]);

    const platypus = await search(anon, { q: 'platypus', community: slug });
    expect(platypus).toEqual({
      items: [
        {
          post: {
            id: parent.id,
            title: 'Anything odd?',
            kind: 'discussion',
            tags: [],
            community: { slug, name: community.name },
            author: { id: owner.user.id, name: 'Olu Owner', handle: expect.stringMatching(/^olu_owner/) },
            answered: false,
            replyCount: 1,
            createdAt: parent.createdAt,
          },
          matchedIn: 'reply',
          replyId: hit.id,
          snippetHtml: 'A <mark>platypus</mark> swam past the sampling station.',
        },
      ],
      resources: [],
      nextOffset: null,
      narrowed: false,
    });
  });

  it('ranks only the most recent matches of a broad query, and says so', async () => {
    const { owner, community } = await freshCommunity();
    for (const title of ['Oldest wombat', 'Middle wombat', 'Newest wombat']) await post(community, owner, { title });
    const filter = {
      q: 'wombat',
      viewerId: null,
      community: community.slug,
      scope: { everything: false, visibilities: ['public' as const], memberStatuses: ['active' as const] },
    };
    const capped = await repo.search(t.deps.db, filter, 0, 10, 2);
    expect(capped.map((r) => r.title)).toEqual(['Newest wombat', 'Middle wombat']);
    expect(capped[0].narrowed).toBe(true);
    const all = await repo.search(t.deps.db, filter, 0, 10, 3 + 1);
    expect(all.map((r) => r.title).sort()).toEqual(['Middle wombat', 'Newest wombat', 'Oldest wombat']);
    expect(all[0].narrowed).toBe(false);
  });

  it('finds the newest matches of every age, stretch by stretch, whatever the cap', async () => {
    const { owner, community } = await freshCommunity();
    // Ages in days, one post each, newest first: within the latest period, in stretches of
    // periods further back (the last ends about 1,016 days back), and older than all of them.
    const ages = [0, 9, 20, 45, 100, 200, 400, 1000, 1500];
    const made: { title: string; age: number }[] = [];
    for (const age of [...ages].reverse()) {
      const title = `Quokka seen ${age} days ago`;
      const p = await post(community, owner, { title });
      await t.deps.db.execute(
        sql`update posts set created_at = now() - make_interval(days => ${age}) where id = ${p.id}`,
      );
      made.push({ title, age });
    }
    // A reply written long ago matches too, for a post written now.
    const recent = await post(community, owner, { title: 'Field notes', body: 'Nothing about marsupials.' });
    const old = await reply(community, recent, owner, 'A quokka, 700 days ago.');
    await t.deps.db.execute(sql`update replies set created_at = now() - interval '700 days' where id = ${old.id}`);

    const filter = {
      q: 'quokka',
      viewerId: null,
      community: community.slug,
      scope: { everything: false, visibilities: ['public' as const], memberStatuses: ['active' as const] },
    };
    for (let cap = 1; cap <= ages.length + 1; cap++) {
      const hits = await repo.search(t.deps.db, filter, 0, 20, cap);
      const posts = hits.filter((h) => h.reply_id === null).map((h) => h.title);
      // The newest `cap` posts, whichever stretches they are in.
      expect(posts.sort(), `cap ${cap}`).toEqual(
        ages
          .slice(0, cap)
          .map((age) => `Quokka seen ${age} days ago`)
          .sort(),
      );
      expect(hits.some((h) => h.reply_id === old.id)).toBe(true);
      expect(hits[0].narrowed).toBe(cap <= ages.length);
    }
  });

  it('matches word forms (stemming) and understands quotes and exclusions', async () => {
    const { owner, community } = await freshCommunity();
    const slug = community.slug;
    await post(community, owner, { title: 'Which packages do you trust?' });
    await post(community, owner, { title: 'Lantern fish glow in the dark' });
    await post(community, owner, { title: 'Fish and a lantern, repaired' });
    await post(community, owner, { title: 'Lantern oil prices' });
    const anon = t.client();

    expect(titles(await search(anon, { q: 'packaging', community: slug }))).toEqual(['Which packages do you trust?']);
    expect(titles(await search(anon, { q: '"lantern fish"', community: slug }))).toEqual([
      'Lantern fish glow in the dark',
    ]);
    expect(titles(await search(anon, { q: 'lantern -fish', community: slug }))).toEqual(['Lantern oil prices']);
    expect(titles(await search(anon, { q: '"lantern fish" or oil', community: slug })).sort()).toEqual([
      'Lantern fish glow in the dark',
      'Lantern oil prices',
    ]);
    // Only stop words: nothing to look for, and no error either.
    expect(await search(anon, { q: 'the and of', community: slug })).toEqual({
      items: [],
      resources: [],
      nextOffset: null,
      narrowed: false,
    });
  });

  it('ranks a title match above body and reply matches, and each post once', async () => {
    const { owner, community } = await freshCommunity();
    // The oldest of the three, and still first.
    const inTitle = await post(community, owner, { title: 'Axolotl care', body: 'Cold water.' });
    await reply(community, inTitle, owner, 'Our axolotl is called Pat.');
    const inBody = await post(community, owner, {
      title: 'Aquarium visit',
      body: 'The axolotl tank, the axolotl feeding, and one more axolotl fact.',
    });
    const inReply = await post(community, owner, { title: 'Weekend plans', body: 'Anyone around?' });
    await reply(community, inReply, owner, 'I will look for the axolotl at the aquarium.');

    const page = await search(t.client(), { q: 'axolotl', community: community.slug });
    expect(page.items.map((h) => [h.post.id, h.matchedIn])).toEqual([
      [inTitle.id, 'post'],
      [inBody.id, 'post'],
      [inReply.id, 'reply'],
    ]);
  });

  it('filters by community, kind, tag, author and answered, and pages by offset', async () => {
    const { owner, community } = await freshCommunity();
    const other = await freshCommunity();
    const slug = community.slug;
    const author = await t.signedInUser({ name: 'Ada Author' });
    await buildMember(t, community, author.user);
    await post(community, author, { title: 'Gecko question', kind: 'question', tags: ['Testing'] });
    const answered = await post(community, owner, {
      title: 'Gecko question, answered',
      kind: 'question',
      tags: ['Packaging'],
    });
    const answer = await reply(community, answered, author, 'Use a heat lamp.');
    const accepted = await owner.client.put(`${postUrl(community, answered)}/accepted`, { replyId: answer.id });
    expect(accepted.status).toBe(200);
    await post(community, owner, { title: 'Gecko win', kind: 'win', tags: ['Testing', 'Packaging'] });
    await post(other.community, other.owner, { title: 'Gecko elsewhere' });
    const anon = t.client();
    const q = 'gecko';

    expect(titles(await search(anon, { q, community: other.community.slug }))).toEqual(['Gecko elsewhere']);
    expect(titles(await search(anon, { q, community: slug, kind: 'question' })).sort()).toEqual([
      'Gecko question',
      'Gecko question, answered',
    ]);
    expect(titles(await search(anon, { q, community: slug, kind: 'win' }))).toEqual(['Gecko win']);
    expect(titles(await search(anon, { q, community: slug, tag: 'Testing' })).sort()).toEqual([
      'Gecko question',
      'Gecko win',
    ]);
    // Tags match whatever the case the reader typed.
    expect(titles(await search(anon, { q, community: slug, tag: 'testing' })).sort()).toEqual([
      'Gecko question',
      'Gecko win',
    ]);
    expect(titles(await search(anon, { q, community: slug, tag: 'Packaging', kind: 'question' }))).toEqual([
      'Gecko question, answered',
    ]);
    expect(titles(await search(anon, { q, community: slug, author: author.user.id }))).toEqual(['Gecko question']);
    const yes = await search(anon, { q, community: slug, answered: true });
    expect(yes.items.map((h) => [h.post.title, h.post.answered])).toEqual([['Gecko question, answered', true]]);
    expect(titles(await search(anon, { q, community: slug, answered: false })).sort()).toEqual([
      'Gecko question',
      'Gecko win',
    ]);
    expect((await search(anon, { q, community: slug, kind: 'ama' })).items).toEqual([]);
    expect((await search(anon, { q, community: slug, tag: 'Unknown' })).items).toEqual([]);

    const first = await search(anon, { q, community: slug, limit: 2 });
    expect([first.items.length, first.nextOffset]).toEqual([2, 2]);
    const second = await search(anon, { q, community: slug, limit: 2, offset: 2 });
    expect([second.items.length, second.nextOffset]).toEqual([1, null]);
    const all = titles(await search(anon, { q, community: slug }));
    expect([...titles(first), ...titles(second)]).toEqual(all);
    expect(all).toHaveLength(3);
  });

  it('narrows to one community', async () => {
    const a = await freshCommunity();
    const b = await freshCommunity();
    await post(a.community, a.owner, { title: 'Kiwi in A' });
    await post(b.community, b.owner, { title: 'Kiwi in B' });
    const anon = t.client();
    expect(titles(await search(anon, { q: 'kiwi' })).sort()).toEqual(['Kiwi in A', 'Kiwi in B']);
    expect(titles(await search(anon, { q: 'kiwi', community: a.community.slug }))).toEqual(['Kiwi in A']);
    expect(titles(await search(anon, { q: 'kiwi', community: b.community.slug }))).toEqual(['Kiwi in B']);
  });

  it('refuses malformed queries', async () => {
    const anon = t.client();
    const cases: [string, string, string][] = [
      ['', 'required', 'q'],
      ['q=a', 'too_short', 'q'],
      ['q=%20a%20', 'too_short', 'q'],
      [`q=${'x'.repeat(201)}`, 'too_long', 'q'],
      ['q=ok&limit=0', 'too_short', 'limit'],
      ['q=ok&limit=51', 'too_long', 'limit'],
      ['q=ok&offset=-1', 'too_short', 'offset'],
      ['q=ok&kind=essay', 'invalid_value', 'kind'],
      ['q=ok&author=someone', 'invalid_format', 'author'],
      ['q=ok&answered=maybe', 'invalid_value', 'answered'],
    ];
    for (const [query, code, field] of cases) {
      const res = await anon.get(`${API}/search?${query}`);
      expect([query, res.status, res.body.error?.code, res.body.error?.field]).toEqual([query, 400, code, field]);
    }
  });
});

describe('snippets', () => {
  it('escape everything people wrote and mark only the matches', async () => {
    const { owner, community } = await freshCommunity();
    const hostile =
      'Careful: <script>alert("salamander")</script> <img src=x onerror=alert(1)> and 3 < 4 & "salamander" ' +
      "won't \u0002stay\u0003 <b>bold</b> salamander";
    const p = await post(community, owner, { title: 'Amphibians <script>x</script>', body: hostile });
    await reply(community, p, owner, `<img src=x onerror="alert('newt')"> newt <svg onload=alert(1)>`);
    const anon = t.client();

    for (const [q, matchedIn] of [
      ['salamander', 'post'],
      ['newt', 'reply'],
    ]) {
      const [hit] = (await search(anon, { q, community: community.slug })).items;
      expect(hit.matchedIn).toBe(matchedIn);
      const snippet = hit.snippetHtml;
      expect(snippet).toContain(`<mark>${q}</mark>`);
      const withoutMarks = snippet.replaceAll('<mark>', '').replaceAll('</mark>', '');
      expect(withoutMarks, snippet).not.toMatch(/[<>"'\u0002\u0003]/);
      expect(withoutMarks).not.toMatch(/&(?!#\d+;)/);
      if (q === 'salamander') {
        expect(snippet).toContain('3 &#60; 4 &#38; &#34;<mark>salamander</mark>&#34;');
        expect(snippet).toContain('&#60;img src=x onerror=alert(1)&#62;');
        expect(snippet).toContain('won&#39;t stay');
        expect(snippet).not.toContain('<mark>stay</mark>');
      }
    }
    // The title is text in JSON, for the client to escape like any other text.
    expect((await search(anon, { q: 'amphibians', community: community.slug })).items[0].post.title).toBe(
      'Amphibians <script>x</script>',
    );
  });

  it('show the passages around matches of a long text, not all of it', async () => {
    const { owner, community } = await freshCommunity();
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    await post(community, owner, { title: 'Long story', body: `${filler(80)} the chinchilla appeared ${filler(80)}` });
    const [hit] = (await search(t.client(), { q: 'chinchilla', community: community.slug })).items;
    expect(hit.snippetHtml).toContain('the <mark>chinchilla</mark> appeared');
    expect(hit.snippetHtml.split(' ').length).toBeLessThanOrEqual(32);
  });
});

describe('who finds what', () => {
  let pub: Community;
  let priv: Community;
  const people: Record<string, Client> = {};

  beforeAll(async () => {
    const owner = await t.signedInUser();
    pub = await buildCommunity(t, { createdBy: owner.user, visibility: 'public' });
    priv = await buildCommunity(t, { createdBy: owner.user, visibility: 'private' });
    await post(pub, owner, { title: 'Narwhal in public' });
    await post(priv, owner, { title: 'Narwhal in private' });
    const deleted = await post(pub, owner, { title: 'Narwhal deleted' });
    const gone = await post(pub, owner, { title: 'Deleted thread' });
    await reply(pub, gone, owner, 'A narwhal reply in a deleted thread.');
    const seals = await post(pub, owner, { title: 'Harbour seals' });
    const deletedReply = await reply(pub, seals, owner, 'A narwhal was here, then I deleted this.');
    await reply(pub, seals, owner, 'Only seals today.');
    for (const url of [postUrl(pub, deleted), postUrl(pub, gone), `${postUrl(pub, seals)}/replies/${deletedReply.id}`])
      expect((await owner.client.delete(url)).status).toBe(204);

    people.anonymous = t.client();
    people.outsider = (await t.signedInUser()).client;
    for (const status of ['active', 'removed', 'alumni', 'pending'] as const) {
      const { user, client } = await t.signedInUser();
      await buildMember(t, priv, user, { status });
      people[status] = client;
    }
    people.admin = (await t.signedInUser({ isAdmin: true })).client;
  });

  const both = ['Narwhal in private', 'Narwhal in public'];
  const publicOnly = ['Narwhal in public'];

  it.each([
    ['anonymous', publicOnly],
    ['outsider', publicOnly],
    ['active', both],
    ['removed', publicOnly],
    ['alumni', publicOnly],
    ['pending', publicOnly],
    ['admin', both],
  ])('%s finds the posts of communities they may see, never deleted ones', async (who, expected) => {
    const client = people[who];
    // Deleted posts, replies in deleted threads and deleted replies are never found.
    expect(titles(await search(client, { q: 'narwhal' })).sort()).toEqual(expected);
    // Pages count only what the reader may see: the newer private post takes no slot from them.
    const first = await search(client, { q: 'narwhal', limit: 1 });
    expect([titles(first), first.nextOffset]).toEqual(
      expected === publicOnly ? [publicOnly, null] : [['Narwhal in private'], 1],
    );
    const inPrivate = await search(client, { q: 'narwhal', community: priv.slug });
    const unknown = await search(client, { q: 'narwhal', community: 'no-such-community' });
    expect(unknown).toEqual({ items: [], resources: [], nextOffset: null, narrowed: false });
    if (expected === publicOnly) expect(inPrivate).toEqual(unknown);
    else expect(titles(inPrivate)).toEqual(['Narwhal in private']);
  });

  it('stops finding a private community’s posts once the member leaves it', async () => {
    const { user, client } = await t.signedInUser();
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user, visibility: 'private' });
    await buildMember(t, community, user);
    await post(community, owner, { title: 'Ocelot sightings' });
    expect(titles(await search(client, { q: 'ocelot' }))).toEqual(['Ocelot sightings']);
    const left = await client.post(`${API}/communities/${community.slug}/leave`);
    expect(left.status).toBe(200);
    expect(await search(client, { q: 'ocelot' })).toEqual({
      items: [],
      resources: [],
      nextOffset: null,
      narrowed: false,
    });
    expect(await search(client, { q: 'ocelot', community: community.slug })).toEqual({
      items: [],
      resources: [],
      nextOffset: null,
      narrowed: false,
    });
  });
});

describe('reusing results', () => {
  it('reuses a ranked page while nothing on it has changed, and shows edits, deletions and new posts at once', async () => {
    const { owner, community } = await freshCommunity();
    const first = await post(community, owner, { title: 'Axolotl one' });
    const second = await post(community, owner, { title: 'Axolotl two' });
    const newest = await post(community, owner, { title: 'Something else' });
    const reader = t.client();
    const q = { q: 'axolotl', community: community.slug };
    // Equal scores: the newer post first.
    expect(titles(await search(reader, q))).toEqual(['Axolotl two', 'Axolotl one']);

    // Behind the app's back the first post becomes the newer of the two (the newest post overall
    // stays the same). Nothing the page shows changed, so it is reused, not ranked again.
    await t.database.db.execute(
      sql`update posts set created_at = (select created_at from posts where id = ${second.id}) + ((select created_at from posts where id = ${newest.id}) - (select created_at from posts where id = ${second.id})) / 2 where id = ${first.id}`,
    );
    expect(titles(await search(reader, q))).toEqual(['Axolotl two', 'Axolotl one']);

    // An edit changes what the page shows, so it is ranked again, in the order as it is now.
    const edited = await owner.client.patch(postUrl(community, first), { title: 'Axolotl one revised' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(titles(await search(reader, q))).toEqual(['Axolotl one revised', 'Axolotl two']);

    // A new match anywhere shows at once, and so does a deletion.
    const third = await post(community, owner, { title: 'Axolotl tanks' });
    expect(titles(await search(reader, q))).toEqual(['Axolotl tanks', 'Axolotl one revised', 'Axolotl two']);
    expect((await owner.client.delete(postUrl(community, third))).status).toBe(204);
    expect(titles(await search(reader, q))).toEqual(['Axolotl one revised', 'Axolotl two']);
    const reply = await buildReply(t, community, first, owner, { body: 'Keep the water cool.' });
    expect(await search(reader, { q: 'water cool', community: community.slug })).toMatchObject({
      items: [{ post: { id: first.id }, replyId: reply.id }],
    });
  });

  it('shows nothing from a reused page to a member removed since', async () => {
    const { user, client } = await t.signedInUser();
    const owner = await t.signedInUser();
    const community = await buildCommunity(t, { createdBy: owner.user, visibility: 'private' });
    await buildMember(t, community, user);
    await post(community, owner, { title: 'Capybara notes' });
    expect(titles(await search(client, { q: 'capybara' }))).toEqual(['Capybara notes']);
    const removed = await owner.client.delete(`${API}/communities/${community.slug}/members/${user.id}`);
    expect(removed.status, JSON.stringify(removed.body)).toBeLessThan(300);
    expect(await search(client, { q: 'capybara' })).toEqual({
      items: [],
      resources: [],
      nextOffset: null,
      narrowed: false,
    });
  });
});
