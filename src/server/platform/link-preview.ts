import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { Parser } from 'htmlparser2';
import ipaddr from 'ipaddr.js';
import { AppError } from './errors.js';

/**
 * Fetches a web page's title and description for someone filling in a resource. Only an instance
 * admin can turn this on, because the server itself makes the request: every address a name
 * resolves to is checked, the connection goes to the checked address (the name is not resolved a
 * second time), redirects are followed by hand and checked again, and time and size are capped.
 */

export interface LinkPreview {
  title?: string;
  description?: string;
  siteName?: string;
}

export interface FetchOptions {
  /** The whole fetch, redirects and DNS included. */
  timeoutMs?: number;
  /** Bytes of the body read (after decompression); the rest is left unread. */
  maxBytes?: number;
  maxRedirects?: number;
  /**
   * Tests only: loopback addresses on these ports count as public, so a local server can stand
   * in for a site. The endpoint never passes it.
   */
  allowLoopbackPorts?: readonly number[];
  /** Tests only: resolves names instead of the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export const linkPreviewDefaults = { timeoutMs: 5_000, maxBytes: 512 * 1024, maxRedirects: 3 } as const;

const refuse = (code: string, message: string) => new AppError(422, code, message, 'url');
const blocked = () => refuse('blocked_address', 'That address is not on the public internet, so it is not fetched.');

/** IPv6 outside 2000::/3 is not global unicast, whatever else it may be. */
const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Whether an address is public unicast. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the
 * IPv4 address it carries; NAT64, 6to4 and Teredo forms, which can carry private addresses too,
 * are refused with everything else that is not plain unicast.
 */
export function isPublicAddress(address: string, options: { allowLoopbackPort?: boolean } = {}): boolean {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'loopback' && options.allowLoopbackPort) return true;
  if (range !== 'unicast') return false;
  if (ip.kind() === 'ipv6') return (ip as ipaddr.IPv6).match(globalUnicast);
  return true;
}

/** The addresses a URL's host stands for, every one of them checked; refuses if any is not public. */
async function checkedAddresses(url: URL, options: FetchOptions): Promise<{ address: string; family: 4 | 6 }[]> {
  // WHATWG parsing has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const allowLoopbackPort = options.allowLoopbackPorts?.includes(port) ?? false;
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = options.resolve
        ? await options.resolve(host)
        : (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse('fetch_failed', 'That site’s name could not be found.');
    }
  }
  if (addresses.length === 0) throw refuse('fetch_failed', 'That site’s name could not be found.');
  if (!addresses.every((a) => isPublicAddress(a, { allowLoopbackPort }))) throw blocked();
  return addresses.map((address) => ({ address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }));
}

function checkScheme(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw refuse('invalid_url', 'That is not a web address.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse('invalid_url', 'Only http and https addresses are fetched.');
  }
  if (url.username || url.password)
    throw refuse('invalid_url', 'Addresses with a user name or password are not fetched.');
  return url;
}

interface Page {
  status: number;
  location?: string;
  contentType: string;
  body: Buffer;
}

/** One request to one checked address; resolves when the body is read or the cap is reached. */
function request(url: URL, target: { address: string; family: 4 | 6 }, maxBytes: number, signal: AbortSignal) {
  return new Promise<Page>((resolve, reject) => {
    // The connection goes to the address that was checked, whatever the name resolves to now.
    const lookup: LookupFunction = (_hostname, opts, callback) => {
      if ((opts as { all?: boolean }).all) {
        (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
      } else callback(null, target.address, target.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      lookup,
      // A fresh connection each time: a pooled one would skip the check of this request's address.
      agent: false,
      signal,
      headers: {
        'user-agent': 'Commonplace link preview',
        accept: 'text/html,application/xhtml+xml;q=0.9',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
      const done = (body: Buffer) => {
        res.destroy();
        resolve({ status, location: res.headers.location, contentType, body });
      };
      if ((status >= 300 && status < 400) || !/^(text\/html|application\/xhtml\+xml)\b/.test(contentType)) {
        done(Buffer.alloc(0));
        return;
      }
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      const decoder =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? zlib.createGunzip()
          : encoding === 'deflate'
            ? zlib.createInflate()
            : encoding === 'br'
              ? zlib.createBrotliDecompress()
              : null;
      const source = decoder ? res.pipe(decoder) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        decoder?.destroy();
        done(Buffer.concat(chunks).subarray(0, maxBytes));
      };
      source.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough read: stop here and leave the rest unread (and undecompressed).
        if (size >= maxBytes) finish();
      });
      source.on('end', finish);
      source.on('error', (err) => (finished ? undefined : reject(err)));
    });
    req.end();
  });
}

/** Fetches `raw` and reads its preview; refusals are 422 AppErrors on `url`. */
export async function fetchLinkPreview(raw: string, options: FetchOptions = {}): Promise<LinkPreview> {
  const timeoutMs = options.timeoutMs ?? linkPreviewDefaults.timeoutMs;
  const maxBytes = options.maxBytes ?? linkPreviewDefaults.maxBytes;
  const maxRedirects = options.maxRedirects ?? linkPreviewDefaults.maxRedirects;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = () => refuse('fetch_timeout', `The site did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  // DNS cannot be cancelled: the deadline races it.
  const deadline = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(timedOut()), { once: true }),
  );
  deadline.catch(() => undefined);
  try {
    let url = checkScheme(raw);
    for (let hop = 0; ; hop++) {
      const [target] = await Promise.race([checkedAddresses(url, options), deadline]);
      let page: Page;
      try {
        page = await Promise.race([request(url, target, maxBytes, controller.signal), deadline]);
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (controller.signal.aborted) throw timedOut();
        throw refuse('fetch_failed', 'The site could not be reached.');
      }
      if (page.status >= 300 && page.status < 400 && page.location) {
        if (hop >= maxRedirects)
          throw refuse('too_many_redirects', `The site redirected more than ${maxRedirects} times.`);
        url = checkScheme(page.location, url);
        continue;
      }
      if (page.status < 200 || page.status >= 300) {
        throw refuse('fetch_failed', `The site answered with status ${page.status}.`);
      }
      if (!/^(text\/html|application\/xhtml\+xml)\b/.test(page.contentType)) {
        throw refuse('not_html', 'That address is not a web page.');
      }
      return readPreview(decode(page.body, page.contentType));
    }
  } finally {
    clearTimeout(timer);
  }
}

function decode(body: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const tidy = (text: string | undefined, max: number) => {
  const clean = text?.replace(/\s+/g, ' ').trim();
  if (!clean) return undefined;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
};

/** The title and description a page gives of itself: Open Graph first, then its own. */
export function readPreview(html: string): LinkPreview {
  const meta = new Map<string, string>();
  let title = '';
  let inTitle = false;
  let titleDone = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title' && !titleDone) inTitle = true;
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? '').toLowerCase();
          if (key && attrs.content !== undefined && !meta.has(key)) meta.set(key, attrs.content);
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const preview: LinkPreview = {
    title: tidy(meta.get('og:title') ?? title, 200),
    description: tidy(meta.get('og:description') ?? meta.get('description'), 1000),
    siteName: tidy(meta.get('og:site_name'), 200),
  };
  return Object.fromEntries(Object.entries(preview).filter(([, v]) => v !== undefined));
}
