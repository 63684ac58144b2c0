import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../../common/limits.js';
import { activityEvents, memberships, resourceRevisions, resources, throttles } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildResource } from '../../../../test/factories.js';
import { resourceThrottleKey } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

/** A community with topics, its coordinator (a curator), a core member (a curator) and a plain member. */
async function setup(options: { visibility?: 'public' | 'private' } = {}) {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, {
    createdBy: owner.user,
    topics: ['Testing', 'Packaging'],
    visibility: options.visibility,
  });
  const core = await t.signedInUser({ name: 'Cora Core' });
  await buildMember(t, community, core.user, { role: 'core' });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const base = `${API}/communities/${community.slug}`;
  return { owner, core, member, community, base, url: `${base}/resources` };
}

const input = (overrides: Record<string, unknown> = {}) => ({
  kind: 'article',
  format: 'read',
  title: 'Testing research code',
  url: 'https://example.org/testing',
  summary: 'How labs **test** their code.',
  tags: ['testing'],
  ...overrides,
});

async function events(communityId: string, verb: string) {
  return t.deps.db
    .select()
    .from(activityEvents)
    .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, verb)))
    .orderBy(asc(activityEvents.id));
}

async function revisionCount(resourceId: string) {
  const [row] = await t.deps.db
    .select({ n: count() })
    .from(resourceRevisions)
    .where(eq(resourceRevisions.resourceId, resourceId));
  return row.n;
}

/** Resources written one second apart, so that "newest first" has one answer. */
let clock = Date.now() - 3_600_000;
const build = (options: Omit<Parameters<typeof buildResource>[1], 'createdAt'>) =>
  buildResource(t, { createdAt: new Date((clock += 1000)), ...options });

const monthsAfter = (from: string, months: number) => {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
};

describe('proposing a resource', () => {
  it('makes a member’s resource a proposal with version 1, presenting exactly the contract fields', async () => {
    const { community, member, url } = await setup();
    const res = await member.client.post(url, input({ credits: [{ role: 'contributor', name: 'Ada Lovelace' }] }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'id',
        'kind',
        'format',
        'title',
        'url',
        'excerpt',
        'tags',
        'status',
        'featured',
        'credits',
        'proposedBy',
        'publishedAt',
        'reviewDueAt',
        'createdAt',
        'updatedAt',
        'version',
        'noteCount',
        'summary',
        'summaryHtml',
        'source',
        'preview',
        'reviewedAt',
        'retiredAt',
        'collections',
        'abilities',
        'community',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      kind: 'article',
      format: 'read',
      title: 'Testing research code',
      url: 'https://example.org/testing',
      excerpt: 'How labs test their code.',
      summaryHtml: '<p>How labs <strong>test</strong> their code.</p>\n',
      tags: ['Testing'],
      status: 'proposed',
      featured: false,
      credits: [{ role: 'contributor', name: 'Ada Lovelace', user: null }],
      proposedBy: { id: member.user.id, name: 'Mia Member' },
      publishedAt: null,
      reviewDueAt: null,
      version: 1,
      noteCount: 0,
      source: null,
      preview: null,
      collections: [],
      community: { slug: community.slug, name: community.name },
      abilities: { view: true, edit: true, publish: false, feature: false, retire: false, note: false },
    });
    expect(await events(community.id, 'proposed_resource')).toHaveLength(1);
    expect(await revisionCount(res.body.id)).toBe(1);
  });

  it('refuses a member who asks to publish, and anyone who may not propose', async () => {
    const { community, url } = await setup();
    const member = await t.signedInUser();
    await buildMember(t, community, member.user);
    const res = await member.client.post(url, input({ publish: true }));
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([403, 'forbidden', 'publish']);

    const outsider = await t.signedInUser();
    expect((await outsider.client.post(url, input())).status).toBe(403);
    expect((await t.client().post(url, input())).status).toBe(401);
    const [row] = await t.deps.db.select({ n: count() }).from(resources).where(eq(resources.communityId, community.id));
    expect(row.n).toBe(0);
  });

  it('lets curators publish straight away (review due by kind), or propose with publish: false', async () => {
    const { community, owner, core, url } = await setup();
    const tool = await core.client.post(url, input({ kind: 'tool', format: 'do' }));
    expect(tool.status).toBe(201);
    expect(tool.body).toMatchObject({ status: 'published', abilities: { feature: true, review: true } });
    expect(tool.body.reviewDueAt).toBe(monthsAfter(tool.body.publishedAt, 6));
    const book = await owner.client.post(url, input({ kind: 'book', title: 'A book' }));
    expect(book.body.reviewDueAt).toBe(monthsAfter(book.body.publishedAt, 24));
    expect(await events(community.id, 'published_resource')).toHaveLength(2);

    const held = await owner.client.post(url, input({ publish: false }));
    expect(held.body).toMatchObject({ status: 'proposed', publishedAt: null });
  });

  it('lets an instance admin curate a community they do not belong to', async () => {
    const { url } = await setup();
    const admin = await t.signedInUser({ isAdmin: true });
    const res = await admin.client.post(url, input());
    expect([res.status, res.body.status]).toEqual([201, 'published']);
  });

  it('credits members by account, with their current name', async () => {
    const { community, owner, member, url } = await setup();
    const alumnus = await t.signedInUser({ name: 'Al Alumnus' });
    await buildMember(t, community, alumnus.user, { status: 'alumni' });
    const res = await owner.client.post(
      url,
      input({
        credits: [
          { role: 'source', userId: member.user.id, name: 'ignored' },
          { role: 'contributor', userId: alumnus.user.id },
          { role: 'source', userId: member.user.id },
        ],
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.credits).toEqual([
      { role: 'source', name: 'Mia Member', user: expect.objectContaining({ id: member.user.id }) },
      { role: 'contributor', name: 'Al Alumnus', user: expect.objectContaining({ id: alumnus.user.id }) },
    ]);
  });

  it('limits how many resources a member proposes per hour, counting only those written', async () => {
    const { community, member, url } = await setup();
    const key = resourceThrottleKey(member.user.id);
    await t.deps.db.delete(throttles).where(eq(throttles.key, key));
    await t.deps.db.insert(throttles).values({ key, count: limits.resourcesPerHour - 1, windowStart: new Date() });
    // A refused one does not count.
    expect((await member.client.post(url, input({ url: 'ftp://example.org' }))).status).toBe(422);
    expect((await member.client.post(url, input())).status).toBe(201);
    const refused = await member.client.post(url, input({ title: 'One too many' }));
    expect([refused.status, refused.body.error.code]).toEqual([429, 'rate_limited']);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const titles = await t.deps.db
      .select({ title: resources.title })
      .from(resources)
      .where(eq(resources.communityId, community.id));
    expect(titles).toEqual([{ title: 'Testing research code' }]);
  });
});

describe('bad input', () => {
  it('answers wrong types with 400 and the field', async () => {
    const { owner, url } = await setup();
    for (const [field, value] of [
      ['title', 42],
      ['tags', 'testing'],
      ['credits', { role: 'source' }],
      ['publish', 'yes'],
      ['url', 7],
      ['from', 'post'],
    ] as const) {
      const res = await owner.client.post(url, input({ [field]: value }));
      expect([res.status, res.body.error.field], field).toEqual([400, field]);
    }
    const unknown = await owner.client.post(url, input({ colour: 'red' }));
    expect([unknown.status, unknown.body.error.code, unknown.body.error.field]).toEqual([
      400,
      'unknown_field',
      'colour',
    ]);
    const missing = await owner.client.post(url, { kind: 'article', format: 'read' });
    expect([missing.status, missing.body.error.code, missing.body.error.field]).toEqual([400, 'required', 'title']);
  });

  it('refuses an unknown kind or format by name', async () => {
    const { owner, url } = await setup();
    const kind = await owner.client.post(url, input({ kind: 'meme' }));
    expect([kind.status, kind.body.error.field]).toEqual([400, 'kind']);
    const format = await owner.client.post(url, input({ format: 'discuss' }));
    expect([format.status, format.body.error.field]).toEqual([400, 'format']);
    const listed = await owner.client.get(`${url}?kind=article,meme`);
    expect([listed.status, listed.body.error.field]).toEqual([400, 'kind']);
  });

  it('keeps only http and https links, refused with 422 invalid_url', async () => {
    const { owner, url } = await setup();
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org/file',
      'example.org',
      'https://exa mple.org',
      `https://example.org/${'a'.repeat(limits.url)}`,
    ]) {
      const res = await owner.client.post(url, input({ url: bad }));
      expect([res.status, res.body.error?.code, res.body.error?.field], bad).toEqual([422, 'invalid_url', 'url']);
    }
    const ok = await owner.client.post(url, input({ url: 'http://example.org/a?b=c#d' }));
    expect(ok.status).toBe(201);
    const none = await owner.client.post(url, input({ url: '' }));
    expect([none.status, none.body.url]).toEqual([201, null]);
    const patched = await owner.client.patch(`${url}/${ok.body.id}`, { url: 'javascript:alert(1)' });
    expect([patched.status, patched.body.error.code]).toEqual([422, 'invalid_url']);
  });

  it('refuses oversize fields', async () => {
    const { owner, url } = await setup();
    const title = await owner.client.post(url, input({ title: 'x'.repeat(limits.resourceTitle + 1) }));
    expect([title.status, title.body.error.code, title.body.error.field]).toEqual([400, 'too_long', 'title']);
    const summary = await owner.client.post(url, input({ summary: 'x'.repeat(limits.resourceSummary + 1) }));
    expect([summary.status, summary.body.error.field]).toEqual([400, 'summary']);
    const credits = await owner.client.post(
      url,
      input({
        credits: Array.from({ length: limits.resourceCredits + 1 }, (_, i) => ({ role: 'source', name: `P${i}` })),
      }),
    );
    expect([credits.status, credits.body.error.field]).toEqual([400, 'credits']);
    const tags = await owner.client.post(url, input({ tags: Array.from({ length: 20 }, (_, i) => `t${i}`) }));
    expect([tags.status, tags.body.error.field]).toEqual([400, 'tags']);
    const huge = await owner.client.post(url, input({ summary: 'x'.repeat(limits.requestBodyBytes) }));
    expect(huge.status).toBe(413);
  });

  it('refuses credits of people who are not members, and tags that are not topics', async () => {
    const { community, owner, url } = await setup();
    const stranger = await t.createUser();
    const removed = await t.createUser();
    await buildMember(t, community, removed, { status: 'removed' });
    for (const userId of [stranger.id, removed.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await owner.client.post(
        url,
        input({
          credits: [
            { role: 'source', name: 'Fine' },
            { role: 'source', userId },
          ],
        }),
      );
      expect([res.status, res.body.error.code, res.body.error.field]).toEqual([
        422,
        'not_a_member',
        'credits.1.userId',
      ]);
    }
    const nameless = await owner.client.post(url, input({ credits: [{ role: 'source' }] }));
    expect(nameless.status).toBe(400);
    const tag = await owner.client.post(url, input({ tags: ['Astrology'] }));
    expect([tag.status, tag.body.error.code, tag.body.error.field]).toEqual([422, 'unknown_tag', 'tags']);
  });
});

describe('listing the repertoire', () => {
  it('filters by kind and format lists, tag and featured, sorts by title, and pages without repeats', async () => {
    const { community, owner, base, url } = await setup();
    const by = owner.user;
    const made = [
      await build({ community, by, kind: 'video', format: 'watch', title: 'Delta', tags: ['Testing'] }),
      await build({ community, by, kind: 'podcast', format: 'listen', title: 'alpha' }),
      await build({ community, by, kind: 'article', format: 'read', title: 'Charlie', featured: true }),
      await build({ community, by, kind: 'tool', format: 'do', title: 'Bravo', tags: ['Testing'] }),
      await build({ community, by, kind: 'video', format: 'watch', title: 'Echo' }),
    ];
    await build({ community, by, title: 'Proposed', status: 'proposed' });
    await build({ community, by, title: 'Retired', status: 'retired' });
    await build({ community, by, title: 'Obsolete', status: 'obsolete' });
    const anon = t.client();
    const titles = async (query: string) => {
      const res = await anon.get(`${url}${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((r: { title: string }) => r.title);
    };
    // Newest first by default; only published resources.
    expect(await titles('')).toEqual(['Echo', 'Bravo', 'Charlie', 'alpha', 'Delta']);
    expect(await titles('?kind=video')).toEqual(['Echo', 'Delta']);
    expect(await titles('?kind=video,tool')).toEqual(['Echo', 'Bravo', 'Delta']);
    expect(await titles('?format=read,listen')).toEqual(['Charlie', 'alpha']);
    expect(await titles('?tag=testing')).toEqual(['Bravo', 'Delta']);
    expect(await titles('?featured=true')).toEqual(['Charlie']);
    expect(await titles('?featured=false&format=watch')).toEqual(['Echo', 'Delta']);
    expect(await titles('?sort=title')).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);

    for (const sort of ['latest', 'title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await anon.get(
          `${url}?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.body.items.map((r) => r.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(made.map((r) => r.id).sort());
    }
    const first = await anon.get(`${url}?sort=title&limit=2`);
    const wrongScope = await anon.get(`${url}?sort=latest&cursor=${first.body.nextCursor}`);
    expect([wrongScope.status, wrongScope.body.error.code]).toEqual([400, 'invalid_cursor']);
    expect((await anon.get(`${url}?cursor=nonsense`)).body.error.code).toBe('invalid_cursor');
    expect((await anon.get(`${base}/resources?featured=maybe`)).status).toBe(400);
  });

  it('lists other statuses for curators only, and a member’s own proposals with mine=true', async () => {
    const { community, owner, core, member, url } = await setup();
    const other = await t.signedInUser();
    await buildMember(t, community, other.user);
    const mine = await build({ community, by: member.user, status: 'proposed', title: 'Mine' });
    await build({ community, by: other.user, status: 'proposed', title: 'Theirs' });
    await build({ community, by: owner.user, status: 'retired', title: 'Gone' });
    await build({ community, by: member.user, title: 'My published one' });

    const titles = (res: { body: { items: { title: string }[] } }) => res.body.items.map((r) => r.title);
    expect(titles(await core.client.get(`${url}?status=proposed`))).toEqual(['Theirs', 'Mine']);
    expect(titles(await owner.client.get(`${url}?status=retired`))).toEqual(['Gone']);
    const refused = await member.client.get(`${url}?status=proposed`);
    expect([refused.status, refused.body.error.field]).toEqual([403, 'status']);
    expect((await member.client.get(`${url}?status=retired&mine=true`)).status).toBe(403);
    expect((await t.client().get(`${url}?status=proposed`)).status).toBe(401);
    expect((await t.client().get(`${url}?mine=true`)).status).toBe(401);
    const own = await member.client.get(`${url}?status=proposed&mine=true`);
    expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    expect(titles(await member.client.get(`${url}?mine=true`))).toEqual(['My published one']);

    // A former member's proposals are no longer theirs to see.
    await buildMember(t, community, member.user, { status: 'alumni' });
    expect(titles(await member.client.get(`${url}?status=proposed&mine=true`))).toEqual([]);
  });

  it('narrows to my learning formats with myFormats=true (none set: no narrowing)', async () => {
    const { community, owner, member, url } = await setup();
    await build({ community, by: owner.user, format: 'watch', title: 'Watch me' });
    await build({ community, by: owner.user, format: 'read', title: 'Read me' });
    await build({ community, by: owner.user, format: 'do', title: 'Do me' });
    const titles = async (client: typeof member.client, query: string) =>
      (await client.get(`${url}${query}`)).body.items.map((r: { title: string }) => r.title);
    expect(await titles(member.client, '?myFormats=true')).toEqual(['Do me', 'Read me', 'Watch me']);
    await t.deps.db
      .update(memberships)
      .set({ learningFormats: ['watch', 'discuss', 'do'] })
      .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, member.user.id)));
    expect(await titles(member.client, '?myFormats=true')).toEqual(['Do me', 'Watch me']);
    expect(await titles(member.client, '?myFormats=true&format=watch,read')).toEqual(['Watch me']);
    expect(await titles(member.client, '?myFormats=true&format=read')).toEqual([]);
    expect(await titles(t.client(), '?myFormats=true')).toHaveLength(3);
  });
});

describe('the overview', () => {
  it('counts published resources, shows up to six featured, and what waits for the reader', async () => {
    const { community, owner, member, base } = await setup();
    const by = owner.user;
    for (let i = 0; i < 7; i++) await build({ community, by, title: `Featured ${i}`, featured: true });
    await build({ community, by, kind: 'tool', format: 'do', reviewDueAt: new Date(Date.now() - 1000) });
    await build({ community, by, kind: 'video', format: 'watch', status: 'retired' });
    await build({ community, by: member.user, status: 'proposed' });
    await build({ community, by: owner.user, status: 'proposed' });
    await t.deps.db
      .update(memberships)
      .set({ learningFormats: ['listen', 'discuss'] })
      .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, member.user.id)));

    const curator = await owner.client.get(`${base}/repertoire`);
    expect(curator.status).toBe(200);
    expect(curator.body.counts.total).toBe(8);
    expect(curator.body.counts.byKind).toMatchObject({ article: 7, tool: 1, video: 0, book: 0 });
    expect(curator.body.counts.byFormat).toEqual({ read: 7, watch: 0, listen: 0, do: 1 });
    expect(curator.body.featured.map((r: { title: string }) => r.title)).toEqual([
      'Featured 6',
      'Featured 5',
      'Featured 4',
      'Featured 3',
      'Featured 2',
      'Featured 1',
    ]);
    expect(curator.body).toMatchObject({
      abilities: { propose: true, curate: true },
      reviewDue: 1,
      proposals: 2,
      myFormats: [],
      linkPreviews: false,
    });
    const mine = await member.client.get(`${base}/repertoire`);
    expect(mine.body).toMatchObject({
      abilities: { propose: true, curate: false },
      reviewDue: 0,
      proposals: 1,
      myFormats: ['listen'],
    });
    const anon = await t.client().get(`${base}/repertoire`);
    expect(anon.body).toMatchObject({ abilities: { propose: false, curate: false }, reviewDue: 0, proposals: 0 });
  });
});

describe('seeing one resource', () => {
  it('shows a proposal to its proposer and curators only, like a missing one to anyone else', async () => {
    const { community, owner, core, member, url } = await setup();
    const other = await t.signedInUser();
    await buildMember(t, community, other.user);
    const admin = await t.signedInUser({ isAdmin: true });
    const proposal = await build({ community, by: member.user, status: 'proposed' });
    const missing = await t.client().get(`${url}/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    for (const client of [member.client, core.client, owner.client, admin.client]) {
      expect((await client.get(`${url}/${proposal.id}`)).status).toBe(200);
    }
    for (const client of [other.client, t.client()]) {
      const res = await client.get(`${url}/${proposal.id}`);
      expect([res.status, res.body]).toEqual([404, missing.body]);
    }
    expect((await member.client.get(`${url}/not-a-uuid`)).body).toEqual(missing.body);
    // A resource of another community is not found through this one.
    const elsewhere = await buildCommunity(t, { createdBy: owner.user });
    const theirs = await build({ community: elsewhere, by: owner.user });
    expect((await owner.client.get(`${url}/${theirs.id}`)).body).toEqual(missing.body);
  });

  it('keeps retired and obsolete resources readable by everyone who may see the community', async () => {
    const { community, owner, url } = await setup();
    for (const status of ['retired', 'obsolete'] as const) {
      const r = await build({ community, by: owner.user, status });
      const res = await t.client().get(`${url}/${r.id}`);
      expect([res.status, res.body.status]).toEqual([200, status]);
    }
  });
});

describe('editing', () => {
  it('makes a new version for each real change and none for a no-op', async () => {
    const { community, member, url } = await setup();
    const created = await member.client.post(url, input());
    const id = created.body.id;
    const res = await member.client.patch(`${url}/${id}`, { title: 'Testing research software', version: 1 });
    expect([res.status, res.body.version, res.body.title]).toEqual([200, 2, 'Testing research software']);
    const same = await member.client.patch(`${url}/${id}`, {
      title: 'Testing research software',
      tags: ['TESTING'],
      summary: 'How labs **test** their code.',
    });
    expect([same.status, same.body.version]).toEqual([200, 2]);
    expect(await revisionCount(id)).toBe(2);
    const edits = await events(community.id, 'edited_resource');
    expect(edits.map((e) => e.data)).toEqual([{ version: 2, fields: ['title'] }]);
    const summary = await member.client.patch(`${url}/${id}`, { summary: 'Now _different_.' });
    expect(summary.body).toMatchObject({ version: 3, summaryHtml: '<p>Now <em>different</em>.</p>\n' });
    expect(summary.body.excerpt).toBe('Now different.');
  });

  it('refuses an edit that started from an older version with 409 stale_version', async () => {
    const { owner, core, url } = await setup();
    const created = await owner.client.post(url, input());
    const id = created.body.id;
    expect((await owner.client.patch(`${url}/${id}`, { title: 'First', version: 1 })).status).toBe(200);
    const stale = await core.client.patch(`${url}/${id}`, { title: 'Second', version: 1 });
    expect([stale.status, stale.body.error.code, stale.body.error.field]).toEqual([409, 'stale_version', 'version']);
    const after = await core.client.get(`${url}/${id}`);
    expect([after.body.title, after.body.version]).toEqual(['First', 2]);
    expect((await core.client.patch(`${url}/${id}`, { title: 'Second', version: 2 })).body.version).toBe(3);
  });

  it('lets a proposer polish their proposal until it is published, then only curators', async () => {
    const { owner, member, url } = await setup();
    const created = await member.client.post(url, input());
    const id = created.body.id;
    expect((await member.client.patch(`${url}/${id}`, { title: 'Polished' })).status).toBe(200);
    expect((await owner.client.post(`${url}/${id}/publish`)).status).toBe(200);
    const refused = await member.client.patch(`${url}/${id}`, { title: 'Again' });
    expect(refused.status).toBe(403);
    expect((await owner.client.patch(`${url}/${id}`, { title: 'Curated' })).body.title).toBe('Curated');
  });

  it('replaces credits, keeping a member credited whatever their name becomes', async () => {
    const { owner, member, url } = await setup();
    const created = await owner.client.post(url, input({ credits: [{ role: 'source', userId: member.user.id }] }));
    const id = created.body.id;
    const next = await owner.client.patch(`${url}/${id}`, {
      credits: [
        { role: 'source', userId: member.user.id },
        { role: 'contributor', name: 'Grace Hopper' },
      ],
    });
    expect(next.body.credits.map((c: { name: string }) => c.name)).toEqual(['Mia Member', 'Grace Hopper']);
    expect(next.body.version).toBe(2);
    const same = await owner.client.patch(`${url}/${id}`, {
      credits: [
        { role: 'source', userId: member.user.id, name: 'Whatever' },
        { role: 'contributor', name: 'Grace Hopper' },
      ],
    });
    expect(same.body.version).toBe(2);
  });
});

describe('curating', () => {
  it('publishes a proposal, telling its proposer', async () => {
    const { community, owner, member, url } = await setup();
    const created = await member.client.post(url, input());
    const id = created.body.id;
    const res = await owner.client.post(`${url}/${id}/publish`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'published', proposedBy: { id: member.user.id } });
    expect(res.body.reviewDueAt).toBe(monthsAfter(res.body.publishedAt, 12));
    expect((await events(community.id, 'published_resource')).map((e) => e.data)).toEqual([{ from: 'proposed' }]);
    const again = await owner.client.post(`${url}/${id}/publish`);
    expect(again.status).toBe(403);

    const inbox = await member.client.get(`${API}/notifications`);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        kind: 'proposal_published',
        post: null,
        resource: { id, title: 'Testing research code' },
        actor: expect.objectContaining({ id: owner.user.id }),
      }),
    ]);
    expect(inbox.body.unreadCount).toBe(1);
    // The curator who proposed and published their own resource hears nothing.
    const own = await owner.client.post(url, input({ publish: false, title: 'Mine' }));
    await owner.client.post(`${url}/${own.body.id}/publish`);
    expect((await owner.client.get(`${API}/notifications`)).body.items).toEqual([]);
  });

  it('retires a resource (or declines a proposal) and brings it back by publishing', async () => {
    const { community, owner, member, url } = await setup();
    const proposal = await build({ community, by: member.user, status: 'proposed' });
    const declined = await owner.client.post(`${url}/${proposal.id}/retire`);
    expect(declined.body).toMatchObject({ status: 'retired', retiredAt: expect.any(String) });
    // Retired resources stay readable, but the proposer no longer sees it listed as a proposal.
    expect((await member.client.get(`${url}/${proposal.id}`)).status).toBe(200);

    const published = await build({ community, by: owner.user, featured: true });
    const retired = await owner.client.post(`${url}/${published.id}/retire`);
    expect(retired.body).toMatchObject({ status: 'retired', featured: false });
    expect((await owner.client.post(`${url}/${published.id}/retire`)).status).toBe(403);
    expect((await t.client().get(url)).body.items).toEqual([]);
    const back = await owner.client.post(`${url}/${published.id}/publish`);
    expect(back.body).toMatchObject({ status: 'published', retiredAt: null });
    expect(back.body.publishedAt).toBe(published.publishedAt!.toISOString());
    expect((await events(community.id, 'retired_resource')).map((e) => e.data)).toEqual([
      { from: 'proposed' },
      { from: 'published' },
    ]);
  });

  it('features published resources only, recording each change once', async () => {
    const { community, owner, url } = await setup();
    const r = await build({ community, by: owner.user });
    expect((await owner.client.put(`${url}/${r.id}/featured`)).body.featured).toBe(true);
    expect((await owner.client.put(`${url}/${r.id}/featured`)).body.featured).toBe(true);
    expect(await events(community.id, 'featured_resource')).toHaveLength(1);
    expect((await owner.client.delete(`${url}/${r.id}/featured`)).body.featured).toBe(false);
    expect(await events(community.id, 'unfeatured_resource')).toHaveLength(1);
    const proposal = await build({ community, by: owner.user, status: 'proposed' });
    expect((await owner.client.put(`${url}/${proposal.id}/featured`)).status).toBe(403);
  });
});

describe('reviewing', () => {
  it('queues published resources by due date and confirms or retires them as obsolete', async () => {
    const { community, owner, member, base, url } = await setup();
    const day = 86_400_000;
    const by = owner.user;
    const overdue = await build({ community, by, kind: 'tool', reviewDueAt: new Date(Date.now() - 10 * day) });
    const dueNow = await build({ community, by, reviewDueAt: new Date(Date.now() - day) });
    const soon = await build({ community, by, reviewDueAt: new Date(Date.now() + 30 * day) });
    await build({ community, by, reviewDueAt: new Date(Date.now() + 120 * day) });
    await build({ community, by, status: 'retired', reviewDueAt: new Date(Date.now() - day) });
    const queue = `${base}/repertoire/review`;
    const ids = async (query = '') =>
      (await owner.client.get(`${queue}${query}`)).body.items.map((r: { id: string }) => r.id);
    expect(await ids()).toEqual([overdue.id, dueNow.id]);
    expect(await ids('?within=90')).toEqual([overdue.id, dueNow.id, soon.id]);
    expect((await owner.client.get(`${queue}?within=91`)).status).toBe(400);
    expect((await member.client.get(queue)).status).toBe(403);
    expect((await t.client().get(queue)).status).toBe(401);

    const confirmed = await owner.client.post(`${url}/${overdue.id}/review`, { outcome: 'confirm' });
    expect(confirmed.status).toBe(200);
    // A tool is looked at again after six months.
    expect(confirmed.body.reviewDueAt).toBe(monthsAfter(confirmed.body.reviewedAt, 6));
    expect(confirmed.body.status).toBe('published');
    const obsolete = await owner.client.post(`${url}/${dueNow.id}/review`, { outcome: 'obsolete' });
    expect(obsolete.body).toMatchObject({ status: 'obsolete', reviewDueAt: null, reviewedAt: expect.any(String) });
    expect(await ids()).toEqual([]);
    expect((await t.client().get(url)).body.items.map((r: { id: string }) => r.id)).not.toContain(dueNow.id);
    expect((await owner.client.post(`${url}/${dueNow.id}/review`, { outcome: 'confirm' })).status).toBe(403);
    expect((await events(community.id, 'reviewed_resource')).map((e) => e.data)).toEqual([
      { outcome: 'confirm' },
      { outcome: 'obsolete' },
    ]);
    const bad = await owner.client.post(`${url}/${soon.id}/review`, { outcome: 'meh' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'outcome']);
  });
});
