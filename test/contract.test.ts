import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvas } from './factories.js';
import { setupTestApp, type Client, type TestApp } from './harness.js';

/**
 * Walks the OpenAPI description, so every endpoint that exists — now and later — is checked:
 * type-confused input answers 400 with our error shape, never 500, and nobody gets a 500 at all.
 */
let t: TestApp;
let admin: Client;
let spec: { paths: Record<string, Record<string, Operation>> };
const slug = 'contract-check';

interface Operation {
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  parameters?: { name: string; in: string; schema: Schema }[];
}
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  $ref?: string;
  anyOf?: Schema[];
}

beforeAll(async () => {
  t = await setupTestApp();
  admin = (await t.signedInUser({ isAdmin: true })).client;
  spec = (await t.client().get('/api/openapi.json')).body;
  const made = await admin.post('/api/v1/communities', canvas({ name: 'Contract Check', slug }));
  // Every path below names this community; without it the walk would test only 404s.
  if (made.status !== 201) throw new Error(`could not create the community: ${JSON.stringify(made.body)}`);
});
afterAll(() => t?.close());

const fill = (path: string, userId: string) =>
  '/api/v1' +
  path
    .replace('{slug}', slug)
    .replace('{userId}', userId)
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace('{token}', 'not-a-real-token-value')
    .replace('{quarter}', '2026-Q4');

function wrongValue(schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return ['not', 'a', 'string'];
  if (type === 'array') return 'not-an-array';
  if (type === 'number' || type === 'integer') return 'NaN';
  if (type === 'boolean') return 'yes';
  return 12345;
}

function operations() {
  const out: { method: string; path: string; op: Operation }[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) out.push({ method: method.toUpperCase(), path, op });
  }
  return out;
}

describe('every endpoint', () => {
  it('is described in OpenAPI 3.1', () => {
    expect((spec as unknown as { openapi: string }).openapi).toBe('3.1.0');
    expect(operations().length).toBeGreaterThan(15);
  });

  it('answers type-confused bodies with 400 and a stable code', async () => {
    const me = (await admin.get('/api/v1/auth/me')).body.user;
    const failures: string[] = [];
    for (const { method, path, op } of operations()) {
      const schema = op.requestBody?.content['application/json'].schema;
      if (!schema) continue;
      const bodies: unknown[] = [[], null, 'text', 42, true, [{}]];
      for (const [name, prop] of Object.entries(schema.properties ?? {})) bodies.push({ [name]: wrongValue(prop) });
      for (const body of bodies) {
        const res = await admin.request(method, fill(path, me.id), JSON.stringify(body));
        if (res.status !== 400 || typeof res.body?.error?.code !== 'string') {
          failures.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      const broken = await admin.request(method, fill(path, me.id), '{"unterminated": ');
      if (broken.status !== 400 || broken.body.error.code !== 'invalid_json')
        failures.push(`${method} ${path} malformed → ${broken.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers bad query parameters with 400', async () => {
    const me = (await admin.get('/api/v1/auth/me')).body.user;
    const failures: string[] = [];
    for (const { method, path, op } of operations()) {
      for (const p of op.parameters ?? []) {
        if (p.in !== 'query') continue;
        const type = p.schema.type;
        if (type === 'string' && !('enum' in p.schema) && !('format' in p.schema) && !('pattern' in p.schema)) continue;
        const res = await admin.request(method, `${fill(path, me.id)}?${p.name}=%00not-valid-${'x'.repeat(600)}`);
        if (res.status !== 400) failures.push(`${method} ${path} ?${p.name} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to anyone, signed in or not', async () => {
    const me = (await admin.get('/api/v1/auth/me')).body.user;
    const anon = t.client();
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      // Signing the admin out halfway would turn the rest of the walk anonymous.
      for (const c of path === '/auth/signout' ? [anon] : [anon, admin]) {
        const res = await c.request(
          method,
          fill(path, me.id),
          method === 'GET' || method === 'DELETE' ? undefined : '{}',
        );
        if (res.status >= 500) failures.push(`${method} ${path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps account and admin endpoints to their owners: 401 signed out, 404 admin pages for others', async () => {
    const member = (await t.signedInUser()).client;
    const anon = t.client();
    const me = (await admin.get('/api/v1/auth/me')).body.user;
    const failures: string[] = [];
    for (const { method, path } of operations()) {
      const url = fill(path, me.id);
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      if (path.startsWith('/admin/')) {
        const a = await anon.request(method, url, body);
        const m = await member.request(method, url, body);
        if (a.status !== 401 && a.status !== 400) failures.push(`anonymous ${method} ${path} → ${a.status}`);
        if (m.status !== 404 && m.status !== 400) failures.push(`member ${method} ${path} → ${m.status}`);
      } else if (path.startsWith('/account')) {
        const a = await anon.request(method, url, body);
        if (a.status !== 401 && a.status !== 400) failures.push(`anonymous ${method} ${path} → ${a.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
