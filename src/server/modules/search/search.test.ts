import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posts, replies } from '../../db/schema/index.js';
import { renderMarkdown } from '../../platform/markdown.js';
import type { PostKind } from '../../../common/limits.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, type CommunityRow } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

const day = 86_400_000;
let clock = Date.now() - 300 * day;
/** Each row is a little newer than the one before, so recency never ties. */
const tick = () => new Date((clock += 60_000));

// Rows are written straight to the tables: search reads what is stored, whoever stored it.
async function insertPost(
  community: CommunityRow,
  author: { id: string } | null,
  fields: { title: string; body?: string; kind?: PostKind; tags?: string[]; deleted?: boolean },
) {
  const body = fields.body ?? 'Nothing else to say.';
  const [row] = await t.deps.db
    .insert(posts)
    .values({
      communityId: community.id,
      authorId: author?.id ?? null,
      kind: fields.kind ?? 'discussion',
      title: fields.title,
      body,
      bodyHtml: renderMarkdown(body),
      tags: fields.tags ?? [],
      createdAt: tick(),
      deletedAt: fields.deleted ? new Date() : null,
    })
    .returning();
  return row;
}

async function insertReply(
  post: { id: string; communityId: string },
  author: { id: string },
  body: string,
  deleted = false,
) {
  const [row] = await t.deps.db
    .insert(replies)
    .values({
      postId: post.id,
      communityId: post.communityId,
      authorId: author.id,
      body,
      bodyHtml: renderMarkdown(body),
      createdAt: tick(),
      deletedAt: deleted ? new Date() : null,
    })
    .returning();
  await t.deps.db
    .update(posts)
    .set({ replyCount: 1, firstReplyAt: row.createdAt, lastActivityAt: row.createdAt })
    .where(eq(posts.id, post.id));
  return row;
}

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

async function freshCommunity(options: { topics?: string[] } = {}) {
  const owner = await t.createUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner, topics: options.topics ?? ['Testing', 'Packaging'] });
  return { owner, community };
}

describe('finding posts', () => {
  it('finds a word in the title, the body or a reply, and says where', async () => {
    const { owner, community } = await freshCommunity();
    const inTitle = await insertPost(community, owner, { title: 'Quokka habitats', body: 'Field notes.' });
    const inBody = await insertPost(community, owner, {
      title: 'Field trip',
      body: 'We saw a **wombat** near the lab.',
    });
    const parent = await insertPost(community, owner, { title: 'Anything odd?', body: 'Tell us.' });
    const reply = await insertReply(parent, owner, 'A platypus swam past the `sampling` station.');
    const anon = t.client();
    const slug = community.slug;

    const quokka = await search(anon, { q: 'quokka', community: slug });
    expect(quokka.items).toHaveLength(1);
    expect(quokka.items[0]).toMatchObject({ post: { id: inTitle.id }, matchedIn: 'post', replyId: null });

    const wombat = await search(anon, { q: 'wombat', community: slug });
    expect(wombat.items).toHaveLength(1);
    expect(wombat.items[0]).toMatchObject({ post: { id: inBody.id }, matchedIn: 'post', replyId: null });
    expect(wombat.items[0].snippetHtml).toBe('We saw a <mark>wombat</mark> near the lab.');

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
            author: { id: owner.id, name: 'Olu Owner', handle: expect.stringMatching(/^olu_owner/) },
            answered: false,
            replyCount: 1,
            createdAt: parent.createdAt.toISOString(),
          },
          matchedIn: 'reply',
          replyId: reply.id,
          snippetHtml: 'A <mark>platypus</mark> swam past the sampling station.',
        },
      ],
      nextOffset: null,
    });
  });

  it('matches word forms (stemming) and understands quotes and exclusions', async () => {
    const { owner, community } = await freshCommunity();
    const slug = community.slug;
    await insertPost(community, owner, { title: 'Which packages do you trust?' });
    await insertPost(community, owner, { title: 'Lantern fish glow in the dark' });
    await insertPost(community, owner, { title: 'Fish and a lantern, repaired' });
    await insertPost(community, owner, { title: 'Lantern oil prices' });
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
    expect(await search(anon, { q: 'the and of', community: slug })).toEqual({ items: [], nextOffset: null });
  });

  it('ranks a title match above body and reply matches, and each post once', async () => {
    const { owner, community } = await freshCommunity();
    const slug = community.slug;
    const inReply = await insertPost(community, owner, { title: 'Weekend plans', body: 'Anyone around?' });
    await insertReply(inReply, owner, 'I will look for the axolotl at the aquarium.');
    const inBody = await insertPost(community, owner, {
      title: 'Aquarium visit',
      body: 'The axolotl tank, the axolotl feeding, and one more axolotl fact.',
    });
    // The oldest of the three, and still first.
    const inTitle = await insertPost(community, owner, { title: 'Axolotl care', body: 'Cold water.' });
    await t.deps.db
      .update(posts)
      .set({ createdAt: new Date(Date.now() - 400 * day) })
      .where(eq(posts.id, inTitle.id));
    await insertReply(inTitle, owner, 'Our axolotl is called Pat.');

    const page = await search(t.client(), { q: 'axolotl', community: slug });
    expect(page.items.map((h) => [h.post.id, h.matchedIn])).toEqual([
      [inTitle.id, 'post'],
      [inBody.id, 'post'],
      [inReply.id, 'reply'],
    ]);
  });

  it('filters by community, kind, tag, author and answered, and pages by offset', async () => {
    const { owner, community } = await freshCommunity();
    const other = (await freshCommunity()).community;
    const slug = community.slug;
    const author = await t.createUser({ name: 'Ada Author' });
    await buildMember(t, community, author);
    await insertPost(community, author, {
      title: 'Gecko question',
      kind: 'question',
      tags: ['Testing'],
    });
    const answered = await insertPost(community, owner, {
      title: 'Gecko question, answered',
      kind: 'question',
      tags: ['Packaging'],
    });
    const answer = await insertReply(answered, author, 'Use a heat lamp.');
    await t.deps.db
      .update(posts)
      .set({ acceptedReplyId: answer.id, acceptedAt: new Date() })
      .where(eq(posts.id, answered.id));
    await insertPost(community, owner, { title: 'Gecko win', kind: 'win', tags: ['Testing', 'Packaging'] });
    await insertPost(other, owner, { title: 'Gecko elsewhere' });
    const anon = t.client();
    const q = 'gecko';

    expect(titles(await search(anon, { q, community: other.slug }))).toEqual(['Gecko elsewhere']);
    expect(titles(await search(anon, { q, community: slug, kind: 'question' })).sort()).toEqual([
      'Gecko question',
      'Gecko question, answered',
    ]);
    expect(titles(await search(anon, { q, community: slug, kind: 'win' }))).toEqual(['Gecko win']);
    expect(titles(await search(anon, { q, community: slug, tag: 'Testing' })).sort()).toEqual([
      'Gecko question',
      'Gecko win',
    ]);
    expect(titles(await search(anon, { q, community: slug, tag: 'Packaging', kind: 'question' }))).toEqual([
      'Gecko question, answered',
    ]);
    expect(titles(await search(anon, { q, community: slug, author: author.id }))).toEqual(['Gecko question']);
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
    const post = await insertPost(community, owner, { title: 'Amphibians <script>x</script>', body: hostile });
    await insertReply(post, owner, `<img src=x onerror="alert('newt')"> newt <svg onload=alert(1)>`);
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
    const body = `${filler(80)} the chinchilla appeared ${filler(80)}`;
    await insertPost(community, owner, { title: 'Long story', body });
    const [hit] = (await search(t.client(), { q: 'chinchilla', community: community.slug })).items;
    expect(hit.snippetHtml).toContain('the <mark>chinchilla</mark> appeared');
    expect(hit.snippetHtml.split(' ').length).toBeLessThanOrEqual(32);
  });
});

describe('who finds what', () => {
  let pub: CommunityRow;
  let priv: CommunityRow;
  const people: Record<string, Client> = {};

  beforeAll(async () => {
    const owner = await t.createUser();
    pub = await buildCommunity(t, { createdBy: owner, visibility: 'public' });
    priv = await buildCommunity(t, { createdBy: owner, visibility: 'private' });
    await insertPost(pub, owner, { title: 'Narwhal in public' });
    await insertPost(priv, owner, { title: 'Narwhal in private' });
    await insertPost(pub, owner, { title: 'Narwhal deleted', deleted: true });
    const gone = await insertPost(pub, owner, { title: 'Deleted thread', deleted: true });
    await insertReply(gone, owner, 'A narwhal reply in a deleted thread.');
    const withDeletedReply = await insertPost(pub, owner, { title: 'Harbour seals' });
    await insertReply(withDeletedReply, owner, 'A narwhal was here, then I deleted this.', true);
    await insertReply(withDeletedReply, owner, 'Only seals today.');

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
    expect(
      titles(await search(client, { q: 'narwhal' }))
        .filter((x) => x.startsWith('Narwhal'))
        .sort(),
    ).toEqual(expected);
    // Deleted posts, replies in deleted threads and deleted replies are never found.
    for (const community of [pub, priv]) {
      const ids = (await search(client, { q: 'narwhal', community: community.slug })).items.map((h) => h.post.title);
      expect(ids).not.toContain('Narwhal deleted');
      expect(ids).not.toContain('Deleted thread');
      expect(ids).not.toContain('Harbour seals');
    }
    const inPrivate = await search(client, { q: 'narwhal', community: priv.slug });
    const unknown = await search(client, { q: 'narwhal', community: 'no-such-community' });
    expect(unknown).toEqual({ items: [], nextOffset: null });
    if (expected === publicOnly) expect(inPrivate).toEqual(unknown);
    else expect(titles(inPrivate)).toEqual(['Narwhal in private']);
  });

  it('stops finding a private community’s posts once the member leaves it', async () => {
    const { user, client } = await t.signedInUser();
    const owner = await t.createUser();
    const community = await buildCommunity(t, { createdBy: owner, visibility: 'private' });
    await buildMember(t, community, user);
    await insertPost(community, owner, { title: 'Ocelot sightings' });
    expect(titles(await search(client, { q: 'ocelot' }))).toEqual(['Ocelot sightings']);
    const left = await client.post(`${API}/communities/${community.slug}/leave`);
    expect(left.status).toBe(200);
    expect(await search(client, { q: 'ocelot' })).toEqual({ items: [], nextOffset: null });
    expect(await search(client, { q: 'ocelot', community: community.slug })).toEqual({ items: [], nextOffset: null });
  });
});
