import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';

const API = '/api/v1';
let t: TestApp;
/** A local site that counts every request it gets: none may reach it from these tests. */
let site: http.Server;
let hits = 0;
let siteUrl = '';

beforeAll(async () => {
  t = await setupTestApp();
  site = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<title>Local</title>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => site?.close(() => resolve()));
  await t?.close();
});

async function setup(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser();
  const community = await buildCommunity(t, { createdBy: owner.user, visibility });
  const member = await t.signedInUser();
  await buildMember(t, community, member.user);
  const base = `${API}/communities/${community.slug}`;
  return { owner, member, community, base, preview: `${base}/repertoire/link-preview` };
}

async function setPreviews(on: boolean) {
  const admin = await t.signedInUser({ isAdmin: true });
  const res = await admin.client.patch(`${API}/admin/settings`, { linkPreviews: on });
  expect(res.body).toEqual({ linkPreviews: on });
}

describe('the instance settings', () => {
  it('start with link previews off and are the admin’s alone', async () => {
    const admin = await t.signedInUser({ isAdmin: true });
    expect((await admin.client.get(`${API}/admin/settings`)).body).toEqual({ linkPreviews: false });
    const member = await t.signedInUser();
    for (const [client, status] of [
      [t.client(), 401],
      [member.client, 404],
    ] as const) {
      expect((await client.get(`${API}/admin/settings`)).status).toBe(status);
      expect((await client.patch(`${API}/admin/settings`, { linkPreviews: true })).status).toBe(status);
    }
    expect((await admin.client.get(`${API}/admin/settings`)).body).toEqual({ linkPreviews: false });
    const on = await admin.client.patch(`${API}/admin/settings`, { linkPreviews: true });
    expect([on.status, on.body]).toEqual([200, { linkPreviews: true }]);
    expect((await admin.client.get(`${API}/admin/settings`)).body).toEqual({ linkPreviews: true });
    expect((await admin.client.patch(`${API}/admin/settings`, {})).body).toEqual({ linkPreviews: true });
    const off = await admin.client.patch(`${API}/admin/settings`, { linkPreviews: false });
    expect(off.body).toEqual({ linkPreviews: false });
  });

  it('refuses values of the wrong type', async () => {
    const admin = await t.signedInUser({ isAdmin: true });
    for (const [body, field] of [
      [{ linkPreviews: 'yes' }, 'linkPreviews'],
      [{ linkPreviews: null }, 'linkPreviews'],
      [{ somethingElse: true }, 'somethingElse'],
    ] as const) {
      const res = await admin.client.patch(`${API}/admin/settings`, body);
      expect([res.status, res.body.error.field]).toEqual([400, field]);
    }
  });
});

describe('with link previews off', () => {
  beforeAll(() => setPreviews(false));

  it('refuses to fetch, after the usual checks on who asks', async () => {
    const { member, preview } = await setup();
    const res = await member.client.post(preview, { url: `${siteUrl}/` });
    expect([res.status, res.body.error.code]).toEqual([403, 'link_previews_disabled']);
    expect((await t.client().post(preview, { url: 'https://example.org' })).status).toBe(401);
    const outsider = await t.signedInUser();
    expect((await outsider.client.post(preview, { url: 'https://example.org' })).status).toBe(403);
    const hidden = await setup('private');
    expect((await outsider.client.post(hidden.preview, { url: 'https://example.org' })).status).toBe(404);
    expect(hits).toBe(0);
  });

  it('never fetches a link when a resource is saved or a list is previewed and imported', async () => {
    const { owner, base } = await setup();
    const created = await owner.client.post(`${base}/resources`, {
      kind: 'tool',
      format: 'do',
      title: 'A local tool',
      url: `${siteUrl}/tool`,
      summary: '',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const text = `## Tools\n\n- [Listed](${siteUrl}/listed)\n- [Other](http://localhost:${new URL(siteUrl).port}/x)`;
    expect((await owner.client.post(`${base}/repertoire/import/preview`, { format: 'markdown', text })).status).toBe(
      200,
    );
    expect((await owner.client.post(`${base}/repertoire/import`, { format: 'markdown', text })).status).toBe(201);
    const overview = await owner.client.get(`${base}/repertoire`);
    expect(overview.body.linkPreviews).toBe(false);
    expect(hits).toBe(0);
  });
});

describe('with link previews on', () => {
  beforeAll(() => setPreviews(true));
  afterAll(() => setPreviews(false));

  it('refuses every address that is not on the public internet, and other schemes', async () => {
    const { member, base, preview } = await setup();
    const port = new URL(siteUrl).port;
    const blocked = [
      `${siteUrl}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/',
      'http://100.64.0.1/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://[fd00::1]/',
    ];
    for (const url of blocked) {
      const res = await member.client.post(preview, { url });
      expect([url, res.status, res.body.error]).toEqual([
        url,
        422,
        { code: 'blocked_address', field: 'url', message: expect.any(String) },
      ]);
    }
    for (const url of [
      'ftp://example.org/file',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'gopher://example.org/',
    ]) {
      const res = await member.client.post(preview, { url });
      expect([url, res.status, res.body.error.code]).toEqual([url, 422, 'invalid_url']);
    }
    // Saving still fetches nothing, previews on or not.
    await member.client.post(`${base}/resources`, { kind: 'tool', format: 'do', title: 'Local', url: `${siteUrl}/x` });
    expect((await member.client.get(`${base}/repertoire`)).body.linkPreviews).toBe(true);
    expect(hits).toBe(0);
  });

  it('answers malformed input with 400', async () => {
    const { member, preview } = await setup();
    for (const body of [{}, { url: 42 }, { url: '' }, { url: 'x'.repeat(3000) }, { url: 'https://e.org', more: 1 }]) {
      expect((await member.client.post(preview, body)).status).toBe(400);
    }
  });
});
