import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { instanceSettings } from '../db/schema/index.js';

/**
 * Signed links: tracked round-up links and one-click unsubscribes carry their facts in the
 * link itself, with an HMAC over them, so nothing needs storing per link and a changed byte
 * makes the link worthless. The key is made once per instance and kept in its settings
 * (`SECRET_KEY` overrides it, for several instances sharing links).
 */

const settingKey = 'signing_key';
const cache = new WeakMap<Db, Promise<Buffer>>();

export function signingKey(db: Db): Promise<Buffer> {
  const fromEnv = process.env.SECRET_KEY;
  if (fromEnv) return Promise.resolve(Buffer.from(fromEnv, 'utf8'));
  let key = cache.get(db);
  if (!key) {
    key = loadOrCreate(db);
    key.catch(() => cache.delete(db));
    cache.set(db, key);
  }
  return key;
}

async function loadOrCreate(db: Db): Promise<Buffer> {
  await db
    .insert(instanceSettings)
    .values({ key: settingKey, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, settingKey));
  return Buffer.from(String(row.value), 'base64url');
}

const mac = (key: Buffer, purpose: string, body: string) =>
  createHmac('sha256', key).update(purpose).update('\0').update(body).digest();

/** A compact token: base64url(JSON payload) "." base64url(HMAC-SHA256(purpose, payload)). */
export function sign(key: Buffer, purpose: string, payload: Record<string, string | number>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, purpose, body).toString('base64url')}`;
}

/** The payload of a token signed for `purpose`, or null when it is malformed or forged. */
export function verify<T extends Record<string, unknown>>(key: Buffer, purpose: string, token: string): T | null {
  if (typeof token !== 'string' || token.length > 4096) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, purpose, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as T) : null;
  } catch {
    return null;
  }
}

/**
 * A short token for a tuple of UUIDs (a tracked link in a mail carries one per item, so its
 * length matters): the ids' 16 bytes each, base64url, "." and a 128-bit HMAC. 66 characters
 * for two ids, against some 300 for the JSON form.
 */
export function signIds(key: Buffer, purpose: string, ids: readonly string[]): string {
  const bytes = Buffer.concat(ids.map((id) => Buffer.from(id.replace(/-/g, ''), 'hex')));
  return `${bytes.toString('base64url')}.${mac(key, purpose, bytes.toString('base64url')).subarray(0, 16).toString('base64url')}`;
}

/** The ids of a token made by `signIds` for `purpose`, or null when it is malformed or forged. */
export function verifyIds(key: Buffer, purpose: string, token: string, count: number): string[] | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const body = token.slice(0, dot);
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== count * 16 || bytes.toString('base64url') !== body) return null;
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, purpose, body).subarray(0, 16);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Array.from({ length: count }, (_, k) => {
    const hex = bytes.subarray(k * 16, k * 16 + 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}
