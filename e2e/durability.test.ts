import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, startServer } from './server-process.js';
import { canvas } from '../test/factories.js';

/**
 * The embedded database runs with fsync off (docs/decisions/001). A killed process must still
 * lose nothing it acknowledged: the kernel holds the writes. This runs the real server, writes
 * through the API, kills it with SIGKILL mid-stream, restarts it and reads everything back.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'cp-durability-'));
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (port: number) => startServer(port, dataDir);

it('keeps every acknowledged write when the server is killed with SIGKILL', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  server = await start(port);

  // First run: create the admin in the browser's way (CSRF cookie + header), then a token.
  const me = await fetch(`${base}/auth/me`);
  const csrf = (await me.json()).csrfToken as string;
  const setup = await fetch(`${base}/setup/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `cp_csrf=${csrf}` },
    body: JSON.stringify({ name: 'Durable Admin', email: 'durable@example.org', password: 'a-long-durable-secret-7' }),
  });
  expect(setup.status).toBe(201);
  const session = setup.headers
    .getSetCookie()
    .find((c) => c.startsWith('cp_session='))!
    .split(';')[0];
  const made = await fetch(`${base}/account/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `cp_csrf=${csrf}; ${session}` },
    body: JSON.stringify({ name: 'durability' }),
  });
  const token = (await made.json()).token as string;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Four writers create communities until the process dies under them.
  const acknowledged: string[] = [];
  const refusals: string[] = [];
  let n = 0;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const slug = `durable-${n++}`;
      try {
        const res = await fetch(`${base}/communities`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(canvas({ name: `Durable ${slug}`, slug })),
        });
        if (res.status === 201) acknowledged.push(slug);
        else refusals.push(`${res.status} ${await res.text()}`);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const writers = [writer(), writer(), writer(), writer()];
  while (acknowledged.length < 25) {
    expect(refusals).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
  }
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGKILL');
  killed = true;
  await Promise.all(writers);
  await exited;

  server = await start(port);
  const listed = await fetch(`${base}/communities`, { headers: auth });
  const slugs = new Set(((await listed.json()).items as { slug: string }[]).map((c) => c.slug));
  const lost = acknowledged.filter((s) => !slugs.has(s));
  expect(acknowledged.length).toBeGreaterThanOrEqual(25);
  expect(lost).toEqual([]);
  // The activity log and memberships came through with them.
  const one = await fetch(`${base}/communities/${acknowledged[0]}`, { headers: auth });
  expect((await one.json()).memberCount).toBe(1);
});
