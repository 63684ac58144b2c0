import { and, count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits, type Visibility } from '../../../common/limits.js';
import {
  activityEvents,
  resourceCredits,
  resourceRevisions,
  resources,
  throttles,
  users,
} from '../../db/schema/index.js';
import { setupTestApp, type Client, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildResource, type CommunityRow } from '../../../../test/factories.js';
import { commitImport, prepareImport } from './import-service.js';
import { resourceThrottleKey } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function setup(options: { visibility?: Visibility } = {}) {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, {
    createdBy: owner.user,
    visibility: options.visibility,
    topics: ['Testing', 'Packaging'],
  });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const base = `${API}/communities/${community.slug}/repertoire`;
  return { owner, member, community, base };
}

async function resourceCount(communityId: string) {
  const [row] = await t.deps.db.select({ n: count() }).from(resources).where(eq(resources.communityId, communityId));
  return Number(row.n);
}

/** Every row an import writes, across the tables it writes: nothing may be left of a failed one. */
async function footprint(communityId: string) {
  const [r, c, v, a] = await Promise.all([
    resourceCount(communityId),
    t.deps.db
      .select({ n: count() })
      .from(resourceCredits)
      .innerJoin(resources, eq(resources.id, resourceCredits.resourceId))
      .where(eq(resources.communityId, communityId)),
    t.deps.db
      .select({ n: count() })
      .from(resourceRevisions)
      .innerJoin(resources, eq(resources.id, resourceRevisions.resourceId))
      .where(eq(resources.communityId, communityId)),
    t.deps.db
      .select({ n: count() })
      .from(activityEvents)
      .where(and(eq(activityEvents.communityId, communityId), eq(activityEvents.verb, 'imported_resource'))),
  ]);
  return { resources: r, credits: Number(c[0].n), revisions: Number(v[0].n), events: Number(a[0].n) };
}

const resetAllowance = (userId: string) =>
  t.deps.db.delete(throttles).where(eq(throttles.key, resourceThrottleKey(userId)));

const list = [
  '# Our reading list',
  '',
  '## Podcasts',
  '',
  '- [Episode one](https://example.org/ep1) - Mia Member: Where it *started*.',
  '- [Episode two](https://example.org/ep2) — @olu_owner',
  '',
  '## Case studies',
  '',
  '- [A lab story](https://example.org/story) by Grace Hopper',
  '- A book without a link',
].join('\n');

describe('previewing an import', () => {
  it('reads the rows as they would be stored, matching credits to members, and writes nothing', async () => {
    const { owner, member, community, base } = await setup();
    await t.deps.db.update(users).set({ handle: 'olu_owner' }).where(eq(users.id, owner.user.id));
    const res = await owner.client.post(`${base}/import/preview`, { format: 'markdown', text: list });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.total).toBe(4);
    const me = { id: owner.user.id, name: 'Olu Owner', handle: 'olu_owner' };
    expect(res.body.rows[0]).toEqual({
      line: 5,
      kind: 'podcast',
      format: 'listen',
      title: 'Episode one',
      url: 'https://example.org/ep1',
      summary: 'Where it *started*.',
      tags: [],
      credits: [
        {
          role: 'source',
          name: 'Mia Member',
          user: { id: member.user.id, name: 'Mia Member', handle: expect.any(String) },
        },
        { role: 'contributor', name: 'Olu Owner', user: me },
      ],
    });
    expect(res.body.rows[1].credits[0]).toEqual({ role: 'source', name: 'Olu Owner', user: me });
    expect(res.body.rows[2]).toMatchObject({
      kind: 'story',
      credits: [{ role: 'source', name: 'Grace Hopper', user: null }, {}],
    });
    expect(res.body.rows[3]).toMatchObject({ kind: 'story', title: 'A book without a link', url: null });
    expect(await resourceCount(community.id)).toBe(0);
  });

  it('reports every row at fault with its line and field', async () => {
    const { owner, community, base } = await setup();
    await buildResource(t, { community, by: owner.user, url: 'https://example.org/known' });
    const text = [
      'title,url,kind,tags',
      'Good,https://example.org/good,tool,testing',
      'Known,https://example.org/known,tool,',
      'Bad link,javascript:alert(1),tool,',
      'Odd kind,https://example.org/odd,widget,',
      'Unknown tag,https://example.org/tag,tool,Cooking',
      'Again,https://example.org/good,tool,',
    ].join('\n');
    const res = await owner.client.post(`${base}/import/preview`, { format: 'csv', text });
    expect(res.status).toBe(200);
    expect(
      res.body.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code]),
    ).toEqual([
      [3, 'url', 'duplicate'],
      [4, 'url', 'invalid_url'],
      [5, 'kind', 'unknown_kind'],
      [6, 'tags', 'unknown_tag'],
      [7, 'url', 'duplicate'],
    ]);
    expect(res.body.rows[0].tags).toEqual(['Testing']);
  });
});

describe('importing', () => {
  it('writes every row in one go: published, version 1 “imported”, logged, with tags and credits', async () => {
    const { owner, member, community, base } = await setup();
    const text = `title,url,kind,format,tags,author\nOne,https://example.org/1,tool,,Testing,Mia Member\nTwo,,story,read,,`;
    const res = await owner.client.post(`${base}/import`, { format: 'csv', text });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ imported: 2, ids: [expect.any(String), expect.any(String)] });
    const rows = await t.deps.db.select().from(resources).where(eq(resources.communityId, community.id));
    expect(rows.map((r) => [r.title, r.status, r.kind, r.format, r.tags, r.version]).sort()).toEqual([
      ['One', 'published', 'tool', 'do', ['Testing'], 1],
      ['Two', 'published', 'story', 'read', [], 1],
    ]);
    const [one] = rows.filter((r) => r.title === 'One');
    const credits = await t.deps.db.select().from(resourceCredits).where(eq(resourceCredits.resourceId, one.id));
    expect(credits.map((c) => [c.role, c.userId, c.name])).toEqual([
      ['source', member.user.id, 'Mia Member'],
      ['contributor', owner.user.id, 'Olu Owner'],
    ]);
    const [revision] = await t.deps.db.select().from(resourceRevisions).where(eq(resourceRevisions.resourceId, one.id));
    expect(revision).toMatchObject({ version: 1, change: 'imported', editorId: owner.user.id });
    expect((await footprint(community.id)).events).toBe(2);
    const detail = await member.client.get(`${API}/communities/${community.slug}/resources/${one.id}`);
    expect(detail.body).toMatchObject({ status: 'published', reviewDueAt: expect.any(String) });
  });

  it('imports as proposals when asked not to publish', async () => {
    const { owner, community, base } = await setup();
    const res = await owner.client.post(`${base}/import`, {
      format: 'markdown',
      text: '## Tools\n\n- [T](https://example.org/t)',
      publish: false,
    });
    expect(res.status).toBe(201);
    const [row] = await t.deps.db.select().from(resources).where(eq(resources.communityId, community.id));
    expect(row.status).toBe('proposed');
  });

  it('refuses the whole list when any row is wrong, and writes nothing', async () => {
    const { owner, community, base } = await setup();
    const before = await footprint(community.id);
    const text = '## Tools\n\n- [Fine](https://example.org/fine)\n- [Broken](ftp://example.org/x)\n';
    const res = await owner.client.post(`${base}/import`, { format: 'markdown', text });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'import_invalid',
      details: { errors: [{ line: 4, field: 'url', code: 'invalid_url', message: expect.any(String) }] },
    });
    expect(await footprint(community.id)).toEqual(before);
    const empty = await owner.client.post(`${base}/import`, { format: 'markdown', text: 'No list here.' });
    expect(empty.body.error).toMatchObject({ code: 'import_invalid', details: { errors: [{ code: 'empty' }] } });
    const big = await owner.client.post(`${base}/import`, { format: 'csv', text: 'x'.repeat(limits.importBytes + 1) });
    expect([big.status, big.body.error.details.errors[0].code]).toEqual([422, 'too_large']);
  });

  it('lets a community that allows free tags take any tag', async () => {
    const { owner, community, base } = await setup();
    const { communities } = await import('../../db/schema/index.js');
    await t.deps.db.update(communities).set({ allowFreeTags: true }).where(eq(communities.id, community.id));
    const res = await owner.client.post(`${base}/import`, {
      format: 'csv',
      text: 'title,kind,tags\nA,tool,Cooking|testing',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await t.deps.db.select().from(resources).where(eq(resources.communityId, community.id));
    expect(row.tags).toEqual(['cooking', 'Testing']);
  });

  it('counts an import once against the hourly allowance', async () => {
    const { owner, community, base } = await setup();
    await resetAllowance(owner.user.id);
    const text = `title,kind\n${Array.from({ length: limits.resourcesPerHour + 5 }, (_, i) => `T${i},tool`).join('\n')}`;
    expect((await owner.client.post(`${base}/import`, { format: 'csv', text })).status).toBe(201);
    await t.deps.db
      .update(throttles)
      .set({ count: limits.resourcesPerHour })
      .where(eq(throttles.key, resourceThrottleKey(owner.user.id)));
    const before = await footprint(community.id);
    const again = await owner.client.post(`${base}/import`, { format: 'csv', text: 'title,kind\nOne more,tool' });
    expect([again.status, again.body.error.code]).toEqual([429, 'rate_limited']);
    expect(await footprint(community.id)).toEqual(before);
    await resetAllowance(owner.user.id);
  });

  it('streams progress lines, then the result, when asked for NDJSON', async () => {
    const { owner, community, base } = await setup();
    const rows = 450;
    const text = `title,kind\n${Array.from({ length: rows }, (_, i) => `Item ${i},tool`).join('\n')}`;
    const res = await owner.client.post(`${base}/import`, { format: 'csv', text }, { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, -1)).toEqual([0, 200, 400, 450].map((done) => ({ type: 'progress', done, total: rows })));
    expect(lines.at(-1)).toMatchObject({ type: 'done', imported: rows });
    expect(lines.at(-1).ids).toHaveLength(rows);
    expect(await resourceCount(community.id)).toBe(rows);
    // A refusal met while writing (here: the hourly allowance) is the stream's last line, and nothing stays.
    await t.deps.db
      .update(throttles)
      .set({ count: limits.resourcesPerHour })
      .where(eq(throttles.key, resourceThrottleKey(owner.user.id)));
    const before = await footprint(community.id);
    const refused = await owner.client.post(
      `${base}/import`,
      { format: 'csv', text: 'title,kind\nLate,tool' },
      { accept: 'application/x-ndjson' },
    );
    expect(refused.status).toBe(200);
    expect(
      (refused.body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { type: 'progress', done: 0, total: 1 },
      { type: 'error', error: { code: 'rate_limited', message: expect.any(String) } },
    ]);
    expect(await footprint(community.id)).toEqual(before);
    await resetAllowance(owner.user.id);
    // A list refused before writing answers with its status, not a stream.
    const bad = await owner.client.post(
      `${base}/import`,
      { format: 'csv', text: 'title\n' },
      { accept: 'application/x-ndjson' },
    );
    expect([bad.status, bad.body.error.code]).toEqual([422, 'import_invalid']);
  });
});

describe('an import that fails while writing', () => {
  const text = (n: number) =>
    `title,kind,author\n${Array.from({ length: n }, (_, i) => `Row ${i},tool,Mia Member`).join('\n')}`;

  it('leaves nothing behind when it fails after the first batch was written', async () => {
    const { owner, community } = await setup();
    const before = await footprint(community.id);
    const prepared = await prepareImport(t.deps, actorOf(owner.user), community.slug, {
      format: 'csv',
      text: text(450),
    });
    let batches = 0;
    await expect(
      commitImport(t.deps, actorOf(owner.user), prepared, {
        onProgress: () => {
          if (++batches === 2) throw new Error('the connection dropped');
        },
      }),
    ).rejects.toThrow('the connection dropped');
    expect(batches).toBe(2);
    expect(await footprint(community.id)).toEqual(before);
  });

  it('leaves nothing behind when the database refuses a row halfway (a credited account gone meanwhile)', async () => {
    const { owner, community } = await setup();
    // An account with no history, so that it can be deleted at all.
    const credited = await t.createUser({ name: 'Quinn Quiet' });
    await buildMember(t, community, credited);
    const before = await footprint(community.id);
    const rows = `title,kind,author\n${Array.from({ length: 250 }, (_, i) => `Row ${i},tool,${i < 240 ? '' : 'Quinn Quiet'}`).join('\n')}`;
    const prepared = await prepareImport(t.deps, actorOf(owner.user), community.slug, { format: 'csv', text: rows });
    expect(prepared.credits.at(-1)![0]).toMatchObject({ userId: credited.id });
    await t.deps.db.delete(users).where(eq(users.id, credited.id));
    // The first batch of 200 is written; the second breaks on the missing account.
    await expect(commitImport(t.deps, actorOf(owner.user), prepared)).rejects.toThrow();
    expect(await footprint(community.id)).toEqual(before);
  });

  it('refuses a link added between the check and the write, inside the transaction', async () => {
    const { owner, community } = await setup();
    const before = await footprint(community.id);
    // A link added between the check and the write: the import refuses it inside the transaction.
    const duplicate = 'https://example.org/late';
    const prepared = await prepareImport(t.deps, actorOf(owner.user), community.slug, {
      format: 'markdown',
      text: `## Tools\n\n- [Late](${duplicate})`,
    });
    await buildResource(t, { community, by: owner.user, url: duplicate });
    await expect(commitImport(t.deps, actorOf(owner.user), prepared)).rejects.toMatchObject({
      code: 'import_invalid',
      details: { errors: [{ line: 3, code: 'duplicate' }] },
    });
    expect((await footprint(community.id)).events).toBe(before.events);
    expect(await resourceCount(community.id)).toBe(before.resources + 1);
  });
});

/** The actor an authenticated request would carry, for calling the service directly. */
function actorOf(user: { id: string; name: string; email: string; isAdmin: boolean }) {
  return {
    user: { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin },
    sessionId: null,
    via: 'session' as const,
    ip: '127.0.0.1',
  };
}

describe('any text, over HTTP', () => {
  it('either imports exactly the rows it previewed, or refuses and writes nothing', async () => {
    const { owner, community, base } = await setup();
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('## Tools', '# Podcasts', '## Misc', 'title,url,kind', 'Title,Kind,Tags'),
      fc.tuple(fc.string({ maxLength: 20 }), fc.webUrl()).map(([title, url]) => `- [${title}](${url}) - someone`),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.webUrl(), fc.constantFrom('tool', 'book', 'nope', ''))
        .map(([title, url, kind]) => `"${title.replace(/"/g, '""')}",${url},${kind}`),
    );
    const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('markdown', 'csv'), async (body, format) => {
        await resetAllowance(owner.user.id);
        const before = await footprint(community.id);
        const preview = await owner.client.post(`${base}/import/preview`, { format, text: body });
        expect(preview.status).toBe(200);
        const res = await owner.client.post(`${base}/import`, { format, text: body });
        const after = await footprint(community.id);
        if (res.status === 201) {
          expect(preview.body.errors).toEqual([]);
          expect(res.body.imported).toBe(preview.body.total);
          expect(after.resources - before.resources).toBe(res.body.imported);
          expect(after.revisions - before.revisions).toBe(res.body.imported);
          expect(after.events - before.events).toBe(res.body.imported);
        } else {
          expect(res.status).toBe(422);
          expect(res.body.error.code).toBe('import_invalid');
          expect(preview.body.errors.length).toBeGreaterThan(0);
          expect(after).toEqual(before);
        }
      }),
      {
        numRuns: 25,
        // Both outcomes, whatever the random texts turn out to be.
        examples: [
          ['## Tools\n\n- [Hammer](https://example.org/hammer) - Ann', 'markdown'],
          ['title,kind\nSaw,tool', 'csv'],
          ['## Tools\n\n- [Bad](ftp://example.org/x)', 'markdown'],
        ],
      },
    );
  });
});

describe('who may import', () => {
  const actors = ['anonymous', 'outsider', 'member', 'core', 'coordinator', 'admin'] as const;
  // Order as `actors`.
  const expected = {
    public: { preview: [401, 403, 403, 200, 200, 200], import: [401, 403, 403, 201, 201, 201] },
    private: { preview: [404, 404, 403, 200, 200, 200], import: [404, 404, 403, 201, 201, 201] },
  };

  for (const visibility of ['public', 'private'] as const) {
    it(`lets curators only, in a ${visibility} community`, async () => {
      const coordinator = await t.signedInUser();
      const core = await t.signedInUser();
      const member = await t.signedInUser();
      const failures: string[] = [];
      const clients: Record<(typeof actors)[number], Client> = {
        anonymous: t.client(),
        outsider: (await t.signedInUser()).client,
        member: member.client,
        core: core.client,
        coordinator: coordinator.client,
        admin: (await t.signedInUser({ isAdmin: true })).client,
      };
      for (const [i, actor] of actors.entries()) {
        const community: CommunityRow = await buildCommunity(t, { createdBy: coordinator.user, visibility });
        await buildMember(t, community, core.user, { role: 'core' });
        await buildMember(t, community, member.user);
        const base = `${API}/communities/${community.slug}/repertoire`;
        const body = { format: 'markdown', text: '## Tools\n\n- [A tool](https://example.org/tool)' };
        const preview = await clients[actor].post(`${base}/import/preview`, body);
        const run = await clients[actor].post(`${base}/import`, body);
        if (preview.status !== expected[visibility].preview[i]) failures.push(`preview as ${actor}: ${preview.status}`);
        if (run.status !== expected[visibility].import[i]) failures.push(`import as ${actor}: ${run.status}`);
        if (run.status !== 201 && (await resourceCount(community.id)) !== 0) failures.push(`${actor} wrote anyway`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('answers malformed bodies with 400 and the field', async () => {
    const { owner, base } = await setup();
    const cases: [unknown, string][] = [
      [{ format: 'xml', text: 'x' }, 'format'],
      [{ format: 'csv', text: 42 }, 'text'],
      [{ format: 'csv' }, 'text'],
      [{ format: 'csv', text: 'x', defaults: { kind: 'blog' } }, 'defaults.kind'],
      [{ format: 'csv', text: 'x', defaults: { format: 'skim' } }, 'defaults.format'],
      [{ format: 'csv', text: 'x', publish: 'yes' }, 'publish'],
      [{ format: 'csv', text: 'x', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await owner.client.post(`${base}/import`, body);
      expect([JSON.stringify(body), res.status, res.body.error?.field]).toEqual([JSON.stringify(body), 400, field]);
    }
  });
});
