import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  fetchLinkPreview,
  isPublicAddress,
  linkPreviewDefaults,
  readPreview,
  type FetchOptions,
} from './link-preview.js';

/** A local HTTP server that counts its hits; `handler` answers them. */
async function localServer(handler: http.RequestListener) {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Server = Awaited<ReturnType<typeof localServer>>;

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; field?: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, field: err.field };
    throw err;
  }
  throw new Error('expected a refusal');
}

const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Local"></head><body>Hi</body></html>`;

describe('which addresses are public', () => {
  it('refuses every address that is not public unicast', () => {
    const refused = [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '0.1.2.3',
      '100.64.0.1',
      '100.127.255.254',
      '192.0.0.8',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '::',
      '::1',
      '[::1]',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::7f00:1',
      '64:ff9b::a00:1',
      '2002:7f00:1::1',
      '2001:db8::1',
      'not an address',
      '',
    ];
    for (const address of refused) expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.215.14']) {
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
    }
  });

  it('allows loopback only when a test asks for it', () => {
    expect(isPublicAddress('127.0.0.1', { allowLoopbackPort: true })).toBe(true);
    expect(isPublicAddress('10.0.0.1', { allowLoopbackPort: true })).toBe(false);
  });
});

describe('fetching a preview', () => {
  let site: Server;
  let other: Server;
  const allow = (): FetchOptions => ({ allowLoopbackPorts: [site.port] });

  beforeAll(async () => {
    other = await localServer((_req, res) => res.end(page('Should never be fetched')));
    site = await localServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<html><head><title>  Plain   title </title><meta name="description" content="A page &amp; more">
           <meta property="og:title" content="Open Graph title"><meta property="og:site_name" content="Example"></head></html>`,
        );
      } else if (path === '/plain') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<title>Only a title</title>');
      } else if (path.startsWith('/redirect?to=')) {
        res.writeHead(302, { location: decodeURIComponent(path.slice('/redirect?to='.length)) });
        res.end();
      } else if (path.startsWith('/loop')) {
        res.writeHead(301, { location: `/loop${Number(path.slice(5) || 0) + 1}` });
        res.end();
      } else if (path === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"title":"no"}');
      } else if (path === '/slow') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<title>Slow');
        // Never finishes: the time limit has to end it.
      } else if (path === '/silent') {
        // Never answers at all.
      } else if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><head><title>Huge page</title></head><body>');
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (hugeSent = sent));
        pump();
      } else if (path === '/bomb') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(Buffer.concat([Buffer.from('<title>Bomb</title>'), Buffer.alloc(64 * 1024 * 1024)])));
      } else if (path === '/not-found') {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<title>Missing</title>');
      } else {
        res.end(page('Home'));
      }
    });
  });
  afterAll(async () => {
    await site?.close();
    await other?.close();
  });
  let hugeSent = 0;

  it('reads the Open Graph title, description and site name, or the page’s own', async () => {
    expect(await fetchLinkPreview(`${site.url}/page`, allow())).toEqual({
      title: 'Open Graph title',
      description: 'A page & more',
      siteName: 'Example',
    });
    expect(await fetchLinkPreview(`${site.url}/plain`, allow())).toEqual({ title: 'Only a title' });
  });

  it('refuses loopback, private, link-local and unspecified hosts in every spelling', async () => {
    const urls = [
      'http://127.0.0.1/',
      `http://127.0.0.1:${other.port}/`,
      'http://localhost/',
      `http://localhost:${other.port}/`,
      'http://[::1]/',
      `http://[::1]:${other.port}/`,
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/',
      'http://0/',
      'http://100.64.0.1/',
      'http://2130706433/',
      'http://0x7f.0.0.1/',
      'http://0177.0.0.1/',
      'http://017700000001/',
      'http://127.1/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
    ];
    for (const url of urls) {
      expect([url, await refusal(fetchLinkPreview(url))]).toEqual([
        url,
        { status: 422, code: 'blocked_address', field: 'url' },
      ]);
    }
    expect(other.hits()).toBe(0);
  });

  it('checks every address a name resolves to, and connects to the one it checked', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example' ? ['93.184.215.14', '10.1.2.3'] : host === 'site.example' ? ['127.0.0.1'] : [];
    expect(await refusal(fetchLinkPreview('http://mixed.example/', { resolve }))).toMatchObject({
      code: 'blocked_address',
    });
    expect(await refusal(fetchLinkPreview('http://nowhere.example/', { resolve }))).toMatchObject({
      code: 'fetch_failed',
    });
    // The name resolves to the allowed test server: the request reaches it under that name.
    const before = site.hits();
    expect(await fetchLinkPreview(`http://site.example:${site.port}/plain`, { ...allow(), resolve })).toEqual({
      title: 'Only a title',
    });
    expect(site.hits()).toBe(before + 1);
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of [
      'ftp://example.org/file',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<title>x',
      'gopher://x',
      'not a url',
    ]) {
      expect([url, await refusal(fetchLinkPreview(url))]).toEqual([
        url,
        { status: 422, code: 'invalid_url', field: 'url' },
      ]);
    }
  });

  it('follows redirects by hand and checks each one', async () => {
    const to = (target: string) => `${site.url}/redirect?to=${encodeURIComponent(target)}`;
    expect(await fetchLinkPreview(to('/plain'), allow())).toEqual({ title: 'Only a title' });
    for (const target of [
      `http://127.0.0.1:${other.port}/`,
      `http://localhost:${other.port}/`,
      `http://[::1]:${other.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://2130706433/',
    ]) {
      expect([target, await refusal(fetchLinkPreview(to(target), allow()))]).toEqual([
        target,
        { status: 422, code: 'blocked_address', field: 'url' },
      ]);
    }
    expect(await refusal(fetchLinkPreview(to('ftp://example.org/'), allow()))).toMatchObject({ code: 'invalid_url' });
    expect(await refusal(fetchLinkPreview(to('file:///etc/passwd'), allow()))).toMatchObject({ code: 'invalid_url' });
    expect(await refusal(fetchLinkPreview(`${site.url}/loop`, allow()))).toMatchObject({ code: 'too_many_redirects' });
    expect(other.hits()).toBe(0);
  });

  it('gives up after the time limit, whether the site is slow to answer or to finish', async () => {
    expect(linkPreviewDefaults.timeoutMs).toBe(5_000);
    for (const path of ['/slow', '/silent']) {
      const started = Date.now();
      expect(await refusal(fetchLinkPreview(`${site.url}${path}`, { ...allow(), timeoutMs: 300 }))).toEqual({
        status: 422,
        code: 'fetch_timeout',
        field: 'url',
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    const never = () => new Promise<string[]>(() => undefined);
    expect(
      await refusal(fetchLinkPreview('http://slow-dns.example/', { resolve: never, timeoutMs: 200 })),
    ).toMatchObject({ code: 'fetch_timeout' });
  });

  it('stops reading a huge page at the size limit and still reads its head', async () => {
    expect(linkPreviewDefaults.maxBytes).toBe(512 * 1024);
    const started = Date.now();
    expect(await fetchLinkPreview(`${site.url}/huge`, allow())).toEqual({ title: 'Huge page' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => hugeSent).toBeGreaterThan(0);
    // The server was cut off long before it could send its 50 MB.
    expect(hugeSent).toBeLessThan(20 * 1024 * 1024);
    expect(await fetchLinkPreview(`${site.url}/bomb`, allow())).toEqual({ title: 'Bomb' });
  });

  it('reads only web pages that answer 2xx', async () => {
    expect(await refusal(fetchLinkPreview(`${site.url}/json`, allow()))).toMatchObject({ code: 'not_html' });
    expect(await refusal(fetchLinkPreview(`${site.url}/not-found`, allow()))).toMatchObject({ code: 'fetch_failed' });
  });
});

describe('reading a page', () => {
  it('survives broken HTML and keeps text as text', () => {
    // A title holds text only: tags in it are text too, and entities are decoded.
    expect(readPreview('<title>A <b>bold</b> &lt;move&gt;')).toEqual({ title: 'A <b>bold</b> <move>' });
    expect(readPreview('<meta name=description content="x"><title></title>')).toEqual({ description: 'x' });
    expect(readPreview('')).toEqual({});
    expect(readPreview(`<title>${'long '.repeat(100)}</title>`).title!.length).toBeLessThanOrEqual(200);
  });
});
