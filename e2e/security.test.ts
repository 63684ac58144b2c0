import { testWebDir } from './build-web.js';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTokens } from '../src/server/db/schema/index.js';
import { hashSecret } from '../src/server/platform/secrets.js';
import { buildCommunity } from '../test/factories.js';
import { setupTestApp, uniqueEmail, type TestApp } from '../test/harness.js';
import { linkIn } from '../test/mailbox.js';
import { launchBrowser, screenshot } from './browser.js';
import { signInThroughPage, visitor, type Visitor } from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;
const slug = 'open-harbour-notes';
const opened: Visitor[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();
  const admin = await t.createUser({ name: 'Ada Admin', isAdmin: true });
  await buildCommunity(t, { createdBy: admin, name: 'Open Harbour Notes', slug });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open() {
  const v = await visitor(browser);
  opened.push(v);
  return v;
}

/** Parses a Content-Security-Policy header into directive → sources. */
function directives(csp: string) {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources] as const),
  );
}

describe('response headers', () => {
  it('lock down the single-page app wherever it is served from', async () => {
    for (const where of ['/', '/signin', `/c/${slug}`, '/magic?token=abc']) {
      const res = await fetch(`${url}${where}`);
      expect(res.status, where).toBe(200);
      expect(res.headers.get('content-type'), where).toMatch(/^text\/html/);
      const csp = directives(res.headers.get('content-security-policy') ?? '');
      // Scripts come only from this site, never inline and never from eval.
      const scripts = csp.get('script-src') ?? csp.get('default-src');
      expect(scripts, where).toBeDefined();
      expect(scripts, where).not.toContain("'unsafe-inline'");
      expect(scripts, where).not.toContain("'unsafe-eval'");
      expect(scripts, where).not.toContain('*');
      expect(csp.get('frame-ancestors'), where).toEqual(["'none'"]);
      expect(csp.get('object-src'), where).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), where).toBe('DENY');
      // Emailed links carry their token in the URL; it must not leak to other sites through Referer.
      expect(res.headers.get('referrer-policy'), where).toMatch(
        /^(strict-origin-when-cross-origin|same-origin|no-referrer|strict-origin)$/,
      );
    }
  });

  it('keep the built page free of inline scripts, so the CSP costs the app nothing', async () => {
    const html = await (await fetch(url)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\//);
      expect(body.trim()).toBe('');
    }
  });
});

describe('the app under its CSP', () => {
  it('loads and runs every kind of page without a single violation', async () => {
    const v = await open();
    // Injected through the debugging protocol, so the CSP itself does not block the listener.
    await v.context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const violations: string[] = [];
    const visit = async (where: string, h1: string | RegExp, page: Page = v.page) => {
      await page.goto(`${url}${where}`);
      await page.getByRole('heading', { level: 1, name: h1 }).first().waitFor();
      violations.push(
        ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).map(
          (x) => `${where}: ${x}`,
        ),
      );
    };

    await visit('/', 'A home for communities of practice');
    await visit('/signup', 'Create your account');
    await visit('/communities', 'Community directory');
    await visit(`/c/${slug}`, 'Open Harbour Notes');
    await visit('/api/docs', /Commonplace API/);
    await v.page.getByText('/auth/me').first().waitFor();
    // Signing in exercises the API calls, the CSRF cookie and client-side navigation.
    const { user } = await t.signedInUser({ name: 'Cleo Csp' });
    await signInThroughPage(v.page, url, user.email);
    await v.page.getByRole('heading', { level: 1, name: 'Welcome, Cleo' }).waitFor();
    await visit('/communities/new', 'Start a community');
    await visit('/account', 'Account settings');

    expect(violations).toEqual([]);
    // Chromium also reports each violation on the console ("Refused to …"), which watchPage collects.
    expect(v.problems).toEqual([]);
  });
});

describe('where sign-in sends people', () => {
  // Each of these would leave the site if taken as a URL; `next` must only ever be a path here.
  for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example']) {
    it(`stays on the site with ?next=${JSON.stringify(next)}`, async () => {
      const { user } = await t.signedInUser({ name: 'Nina Next' });
      const v = await open();
      await signInThroughPage(v.page, url, user.email, next);
      await v.page.getByRole('heading', { level: 1, name: 'Welcome, Nina' }).waitFor();
      expect(new URL(v.page.url()).origin).toBe(url);
      expect(v.problems).toEqual([]);
    });
  }

  it('the server refuses to keep an off-site next for an emailed link', async () => {
    const { user } = await t.signedInUser();
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'https://evil.example',
      '/\r\nLocation: x',
    ]) {
      const res = await t.client().post('/api/v1/auth/magic-link', { email: user.email, next });
      expect(res.status, next).toBe(400);
    }
  });
});

describe('emailed sign-in links', () => {
  /** Asks for a link on the sign-in page of `v` and returns it from the SMTP server. */
  async function requestLink(v: Visitor, email: string) {
    await v.page.goto(`${url}/signin`);
    await v.page.getByRole('button', { name: 'Email me a link instead' }).click();
    await v.page.getByLabel(/^Email/).fill(email);
    const before = t.mail.received.length;
    await v.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await v.page.getByRole('status').filter({ hasText: 'Email sent' }).waitFor();
    const mail = await t.mail.waitFor(
      email,
      (m) => t.mail.received.indexOf(m) >= before && m.text.includes('/magic?token='),
      10_000,
    );
    return linkIn(mail, '/magic');
  }

  async function whoAmI(v: Visitor) {
    return (await (await v.context.request.get(`${url}/api/v1/auth/me`)).json()).user;
  }

  async function tokenRow(link: string) {
    const token = new URL(link).searchParams.get('token')!;
    const [row] = await t.deps.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.tokenHash, hashSecret(token)));
    return row;
  }

  it('do not work in another browser, and stay usable in the one that asked', async () => {
    const person = await t.createUser({ name: 'Bea Browser', email: uniqueEmail('bea') });
    const asker = await open();
    const link = await requestLink(asker, person.email);

    const other = await open();
    await other.page.goto(link);
    await other.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    await other.page
      .getByRole('alert')
      .filter({ hasText: 'Open this link in the browser where you asked for it' })
      .waitFor();
    await screenshot(other.page, 'security-magic-link-other-browser');
    expect(await whoAmI(other)).toBeNull();
    expect((await tokenRow(link)).usedAt).toBeNull();

    await asker.page.goto(link);
    await asker.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await asker.page.getByRole('heading', { level: 1, name: 'Welcome, Bea' }).waitFor();
    expect(await whoAmI(asker)).toMatchObject({ email: person.email });
    expect(other.problems).toEqual([]);
    expect(asker.problems).toEqual([]);
  });

  it('are not used up by opening them: only the button signs in', async () => {
    const person = await t.createUser({ name: 'Gil Get', email: uniqueEmail('gil') });
    const v = await open();
    const link = await requestLink(v, person.email);

    // Mail scanners and link previews fetch links; so does the browser on every reload.
    expect((await fetch(link)).status).toBe(200);
    await v.page.goto(link);
    await v.page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
    await v.page.reload();
    await v.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await screenshot(v.page, 'security-magic-link-opened');
    expect(await whoAmI(v)).toBeNull();
    expect((await tokenRow(link)).usedAt).toBeNull();

    await v.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await v.page.getByRole('heading', { level: 1, name: 'Welcome, Gil' }).waitFor();
    expect(await whoAmI(v)).toMatchObject({ email: person.email });
    expect((await tokenRow(link)).usedAt).not.toBeNull();

    // Used once, it is dead: opening it again says so instead of signing in anyone.
    const again = await open();
    await again.page.goto(link);
    await again.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await again.page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    expect(await whoAmI(again)).toBeNull();
    expect(v.problems).toEqual([]);
    expect(again.problems).toEqual([]);
  });
});
