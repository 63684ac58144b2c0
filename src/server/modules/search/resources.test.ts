import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildResource } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

interface ResourceHit {
  resource: { id: string; title: string; kind: string; format: string; tags: string[]; community: { slug: string } };
  snippetHtml: string;
}
interface Page {
  items: { post: { title: string } }[];
  resources: ResourceHit[];
  nextOffset: number | null;
}

async function search(client: Client, params: Record<string, string | number>): Promise<Page> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await client.get(`${API}/search?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const titles = (page: Page) => page.resources.map((h) => h.resource.title);

let clock = Date.now() - 3_600_000;
const build = (options: Omit<Parameters<typeof buildResource>[1], 'createdAt'>) =>
  buildResource(t, { createdAt: new Date((clock += 1000)), ...options });

async function freshCommunity(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, { createdBy: owner.user, visibility, topics: ['Testing'] });
  return { owner, community };
}

describe('finding resources', () => {
  it('finds published resources by title or summary, with an escaped, marked snippet', async () => {
    const { owner, community } = await freshCommunity();
    const r = await build({
      community,
      by: owner.user,
      kind: 'tool',
      format: 'do',
      title: 'Capybara profiler',
      summary: 'A <b>fast</b> profiler & tracer for **capybara** pipelines.',
      tags: ['Testing'],
    });
    await build({ community, by: owner.user, title: 'Field notes', summary: 'Seen near a capybara pond.' });
    const page = await search(t.client(), { q: 'capybara', in: 'resources', community: community.slug });
    expect(page.items).toEqual([]);
    expect(titles(page)).toEqual(['Capybara profiler', 'Field notes']);
    expect(page.resources[0]).toEqual({
      resource: {
        id: r.id,
        title: 'Capybara profiler',
        kind: 'tool',
        format: 'do',
        tags: ['Testing'],
        community: { slug: community.slug, name: community.name },
      },
      snippetHtml: 'A &#60;b&#62;fast&#60;/b&#62; profiler &#38; tracer for <mark>capybara</mark> pipelines.',
    });
    expect(page.nextOffset).toBeNull();
  });

  it('shows the best few beside the first page of a post search, unless a post-only filter is set', async () => {
    const { owner, community } = await freshCommunity();
    for (let i = 0; i < 5; i++) await build({ community, by: owner.user, title: `Gecko guide ${i}` });
    await buildPost(t, community, owner, { kind: 'question', title: 'Gecko care?' });
    const anon = t.client();
    const slug = community.slug;
    const first = await search(anon, { q: 'gecko', community: slug });
    expect(first.items.map((h) => h.post.title)).toEqual(['Gecko care?']);
    expect(first.resources).toHaveLength(3);
    expect((await search(anon, { q: 'gecko', community: slug, offset: 1 })).resources).toEqual([]);
    expect((await search(anon, { q: 'gecko', community: slug, kind: 'question' })).resources).toEqual([]);
    expect((await search(anon, { q: 'gecko', community: slug, answered: 'false' })).resources).toEqual([]);

    const all = await search(anon, { q: 'gecko', community: slug, in: 'resources', limit: 2 });
    expect(all.resources).toHaveLength(2);
    expect(all.nextOffset).toBe(2);
    const rest = await search(anon, { q: 'gecko', community: slug, in: 'resources', limit: 2, offset: 4 });
    expect([rest.resources.length, rest.nextOffset]).toEqual([1, null]);
    expect((await anon.get(`${API}/search?q=gecko&in=everything`)).status).toBe(400);
  });

  it('filters resources by tag and community', async () => {
    const { owner, community } = await freshCommunity();
    const other = await freshCommunity();
    await build({ community, by: owner.user, title: 'Iguana testing', tags: ['Testing'] });
    await build({ community, by: owner.user, title: 'Iguana diet' });
    await build({ community: other.community, by: other.owner.user, title: 'Iguana elsewhere' });
    const anon = t.client();
    expect(titles(await search(anon, { q: 'iguana', in: 'resources', community: community.slug }))).toEqual([
      'Iguana diet',
      'Iguana testing',
    ]);
    expect(titles(await search(anon, { q: 'iguana', in: 'resources', tag: 'testing' }))).toEqual(['Iguana testing']);
  });
});

describe('who finds which resources', () => {
  it('never finds proposals, retired or obsolete resources, not even for curators and admins', async () => {
    const { owner, community } = await freshCommunity();
    const admin = await t.signedInUser({ isAdmin: true });
    await build({ community, by: owner.user, title: 'Okapi published' });
    await build({ community, by: owner.user, title: 'Okapi proposed', status: 'proposed' });
    await build({ community, by: owner.user, title: 'Okapi retired', status: 'retired' });
    await build({ community, by: owner.user, title: 'Okapi obsolete', status: 'obsolete' });
    for (const client of [owner.client, admin.client, t.client()]) {
      expect(titles(await search(client, { q: 'okapi', in: 'resources' }))).toEqual(['Okapi published']);
      expect(titles(await search(client, { q: 'okapi' }))).toEqual(['Okapi published']);
    }
  });

  it('finds a private community’s resources for its current members and instance admins only', async () => {
    const { owner, community } = await freshCommunity('private');
    await build({ community, by: owner.user, title: 'Narwhal handbook' });
    const member = await t.signedInUser();
    await buildMember(t, community, member.user);
    const alumnus = await t.signedInUser();
    await buildMember(t, community, alumnus.user, { status: 'alumni' });
    const pending = await t.signedInUser();
    await buildMember(t, community, pending.user, { status: 'pending' });
    const admin = await t.signedInUser({ isAdmin: true });
    const outsider = await t.signedInUser();
    for (const client of [owner.client, member.client, admin.client]) {
      expect(titles(await search(client, { q: 'narwhal', in: 'resources' }))).toEqual(['Narwhal handbook']);
    }
    for (const client of [outsider.client, alumnus.client, pending.client, t.client()]) {
      expect(await search(client, { q: 'narwhal', in: 'resources' })).toEqual({
        items: [],
        resources: [],
        nextOffset: null,
        narrowed: false,
      });
      expect((await search(client, { q: 'narwhal', in: 'resources', community: community.slug })).resources).toEqual(
        [],
      );
      expect((await search(client, { q: 'narwhal' })).resources).toEqual([]);
    }
  });
});
