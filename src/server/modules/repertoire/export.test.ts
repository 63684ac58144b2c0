import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources, throttles } from '../../db/schema/index.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildResource } from '../../../../test/factories.js';
import { resourceThrottleKey } from './service.js';

const API = '/api/v1';
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

async function setup(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const community = await buildCommunity(t, {
    createdBy: owner.user,
    visibility,
    name: 'Research Software',
    topics: ['Testing'],
  });
  const member = await t.signedInUser({ name: 'Mia Member' });
  await buildMember(t, community, member.user);
  const make = (options: Partial<Parameters<typeof buildResource>[1]>) =>
    buildResource(t, { community, by: owner.user, ...options });
  await make({
    kind: 'podcast',
    format: 'listen',
    title: 'Code review, out loud',
    url: 'https://example.org/pod?ep=1&t=2',
    summary: '',
  });
  await make({
    kind: 'book',
    title: 'Thinking in Systems: A Primer',
    url: null,
    summary: 'Stocks, flows\n\nand *feedback*.',
    credits: [{ role: 'source', userId: null, name: 'Donella Meadows' }],
    tags: ['Testing'],
  });
  await make({ kind: 'story', title: 'How we [finally] tested — a *lab* story', url: 'https://example.org/a_(story)' });
  await make({
    kind: 'tool',
    format: 'do',
    title: '=HYPERLINK("https://evil.example","Click")',
    url: 'https://example.org/tool',
    summary: '-2+3',
    credits: [{ role: 'source', userId: null, name: '@attacker' }],
  });
  await make({ kind: 'lesson', title: 'Lesson - with dashes – of all — kinds', url: null });
  await make({ kind: 'article', title: 'Still a proposal', url: 'https://example.org/proposal', status: 'proposed' });
  await make({ kind: 'article', title: 'Retired one', url: 'https://example.org/retired', status: 'retired' });
  await make({ kind: 'article', title: 'Obsolete one', url: 'https://example.org/obsolete', status: 'obsolete' });
  return { owner, member, community, url: `${API}/communities/${community.slug}/repertoire/export` };
}

const published = ['Code review, out loud', 'Thinking in Systems: A Primer', 'How we [finally] tested — a *lab* story'];

describe('exporting the repertoire', () => {
  it('writes Markdown grouped by kind, published resources only, as an attachment', async () => {
    const { member, community, url } = await setup();
    const res = await member.client.get(`${url}?format=markdown`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${community.slug}-repertoire.md"`);
    const text = res.body as string;
    expect(text).toMatch(/^# Research Software: repertoire\n/);
    expect(text).toContain('## Podcasts\n\n- [Code review, out loud](https://example.org/pod?ep=1&t=2)\n');
    expect(text).toContain(
      '## Books\n\n- Thinking in Systems: A Primer — Donella Meadows: Stocks, flows and *feedback*.\n',
    );
    expect(text.indexOf('## Podcasts')).toBeLessThan(text.indexOf('## Books'));
    for (const hidden of ['Still a proposal', 'Retired one', 'Obsolete one']) expect(text).not.toContain(hidden);
    // Markdown is the default.
    expect((await member.client.get(url)).headers.get('content-type')).toBe('text/markdown; charset=utf-8');
  });

  it('writes CSV with the import’s columns, cells a spreadsheet would run made harmless', async () => {
    const { member, url } = await setup();
    const res = await member.client.get(`${url}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = (res.body as string).replace(/^\ufeff/, '');
    expect(text.split('\r\n')[0]).toBe('title,url,kind,format,tags,summary,author,contributor');
    expect(text).toContain(
      `"'=HYPERLINK(""https://evil.example"",""Click"")",https://example.org/tool,tool,do,,'-2+3,'@attacker,\r\n`,
    );
    expect(text).not.toMatch(/(^|,|\r\n)[=+\-@]/);
  });

  it('imports back into another community with the same titles, links and kinds', async () => {
    const { owner, community, url } = await setup();
    const exported = await owner.client.get(url);
    const csv = await owner.client.get(`${url}?format=csv`);
    const original = (await t.deps.db.select().from(resources).where(eq(resources.communityId, community.id))).filter(
      (r) => r.status === 'published',
    );
    const shape = (rows: { title: string; url: string | null; kind: string }[]) =>
      rows.map((r) => `${r.kind} | ${r.title} | ${r.url}`).sort();

    for (const [format, text] of [
      ['markdown', exported.body],
      ['csv', csv.body],
    ] as const) {
      await t.deps.db.delete(throttles).where(eq(throttles.key, resourceThrottleKey(owner.user.id)));
      const other = await buildCommunity(t, { createdBy: owner.user, topics: ['Testing'] });
      const res = await owner.client.post(`${API}/communities/${other.slug}/repertoire/import`, { format, text });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const copied = await t.deps.db.select().from(resources).where(eq(resources.communityId, other.id));
      expect([format, shape(copied)]).toEqual([format, shape(original)]);
      const book = copied.find((r) => r.kind === 'book')!;
      expect(book.summary).toContain('Stocks, flows');
      if (format === 'csv') expect(book.tags).toEqual(['Testing']);
    }
    expect(shape(original).some((s) => s.includes(published[2]))).toBe(true);
  });

  it('shows a private community’s repertoire to its members only', async () => {
    const { member, url } = await setup('private');
    expect((await t.client().get(url)).status).toBe(404);
    const outsider = await t.signedInUser();
    expect((await outsider.client.get(url)).status).toBe(404);
    expect((await outsider.client.get(`${url}?format=csv`)).status).toBe(404);
    expect((await member.client.get(url)).status).toBe(200);
    const admin = await t.signedInUser({ isAdmin: true });
    expect((await admin.client.get(`${url}?format=csv`)).status).toBe(200);
    expect((await member.client.get(`${url}?format=pdf`)).status).toBe(400);
  });

  it('lets anyone read a public community’s export', async () => {
    const { url } = await setup('public');
    const res = await t.client().get(url);
    expect(res.status).toBe(200);
    for (const title of published.slice(0, 2)) expect(res.body).toContain(title);
  });
});
