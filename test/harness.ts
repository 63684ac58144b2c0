import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp } from '../src/server/app.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { users } from '../src/server/db/schema/index.js';
import type { Deps } from '../src/server/platform/http.js';
import { createMailer } from '../src/server/platform/mailer.js';
import { createLocalPubSub } from '../src/server/platform/events.js';
import { hashPassword } from '../src/server/platform/secrets.js';
import { createRunner, ensureSchedules } from '../src/server/jobs/registry.js';
import type { JobRunner } from '../src/server/platform/jobs.js';
import { withDatabase } from './global-setup.js';
import { startMailbox } from './mailbox.js';

export const TEST_PASSWORD = 'plum-orchard-lantern-42';
let passwordHash: Promise<string> | undefined;

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like API client: keeps cookies, sends the CSRF header on writes, and comes from its
 * own IP address (through X-Forwarded-For) so throttles of one test do not touch another.
 */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly ip = `10.${rand255()}.${rand255()}.${rand255()}`;
  constructor(
    private readonly app: ReturnType<typeof createApp>,
    private readonly options: { bearer?: string; csrf?: boolean; origin?: string } = {},
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, ...extraHeaders };
    if (this.options.bearer) headers.authorization = `Bearer ${this.options.bearer}`;
    const unsafe = !['GET', 'HEAD'].includes(method);
    if (unsafe && this.options.csrf !== false && !this.options.bearer && !('x-csrf-token' in extraHeaders)) {
      if (!this.cookies.has('cp_csrf')) await this.request('GET', '/api/v1/auth/me');
      headers['x-csrf-token'] = this.cookies.get('cp_csrf')!;
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await this.app.request(path, { method, headers, body: payload });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers } satisfies Response<T>;
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, undefined, headers);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, body ?? {}, headers);
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);
}

function rand255() {
  return Math.floor(Math.random() * 254) + 1;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  database: Database;
  mail: Awaited<ReturnType<typeof startMailbox>>;
  client(options?: { bearer?: string; csrf?: boolean }): Client;
  /** Creates a confirmed account directly in the database. */
  createUser(input?: { name?: string; email?: string; isAdmin?: boolean }): Promise<typeof users.$inferSelect>;
  /** Creates a confirmed account and signs it in through the API. */
  signedInUser(input?: { name?: string; email?: string; isAdmin?: boolean }): Promise<{
    user: typeof users.$inferSelect;
    client: Client;
  }>;
  /** The job runner; not polling unless `listen` started it. */
  jobs: JobRunner;
  /** Runs every due job (and due schedule) in this process until none is left; returns how many ran. */
  runJobs(options?: { now?: Date; types?: string[]; maxJobs?: number }): Promise<number>;
  /** Serves the app on a real port (for browser tests), with the job runner polling. */
  listen(webDir?: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;
export const uniqueEmail = (prefix = 'person') =>
  `${prefix}.${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}@example.org`;

async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (process.env.TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `cp_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Cloning a template fails while another clone holds it; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
        break;
      } catch (err) {
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const database = await openDatabase({ url: withDatabase(url, name), poolSize: 5 });
    return {
      database,
      drop: async () => {
        await database.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dump = readFileSync(inject('pgliteTemplate'));
  const database = await openDatabase({ loadDataDir: new Blob([dump]) });
  return { database, drop: () => database.close() };
}

/** One app per test file, on a fresh copy of the migrated database, with a real SMTP server. */
export async function setupTestApp(): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  const mail = await startMailbox();
  // Errors the app logs (unhandled 500s) reach console.error, which fails the test.
  const logger = pino({ level: 'error' }, { write: (line: string) => console.error(line) });
  const mailer = createMailer(database.db, { smtpUrl: mail.url, from: 'Commonplace <no-reply@test.local>', logger });
  const deps: Deps = {
    db: database.db,
    mailer,
    logger,
    events: createLocalPubSub(),
    config: { trustProxy: true },
    jobs: { wake: () => {} },
  };
  const runner = createRunner(deps, { pollMs: 200 });
  deps.jobs = runner;
  await ensureSchedules(database.db);
  const app = createApp(deps);
  let server: ServerType | undefined;

  const t: TestApp = {
    app,
    deps,
    database,
    mail,
    client: (options) => new Client(app, options),
    jobs: runner,
    runJobs: (options) => runner.runUntilIdle(options),
    async createUser(input = {}) {
      passwordHash ??= hashPassword(TEST_PASSWORD);
      const [user] = await database.db
        .insert(users)
        .values({
          name: input.name ?? 'Test Person',
          email: input.email ?? uniqueEmail(),
          isAdmin: input.isAdmin ?? false,
          passwordHash: await passwordHash,
          emailVerifiedAt: new Date(),
        })
        .returning();
      return user;
    },
    async signedInUser(input = {}) {
      const user = await t.createUser(input);
      const client = t.client();
      const res = await client.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { user, client };
    },
    async listen(webDir) {
      const web = createApp(deps, { webDir });
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: web.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      runner.start();
      const address = server.address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await runner.stop();
      mailer.close();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await mail.close();
      await drop();
    },
  };
  return t;
}
