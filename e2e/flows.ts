import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { linkIn } from '../test/mailbox.js';
import { watchPage } from './browser.js';

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** What `watchPage` collected: page errors, console errors and dialogs. */
  problems: string[];
}

/**
 * A fresh browser context (its own cookies, like a separate person's browser). The locale and
 * time zone are pinned so dates the app formats can be compared with what the test expects.
 */
export async function visitor(
  browser: Browser,
  options: {
    width?: number;
    height?: number;
    /** Ignore the page's CSP (to test another defence alone). */ bypassCSP?: boolean;
  } = {},
): Promise<Visitor> {
  const context = await browser.newContext({
    bypassCSP: options.bypassCSP ?? false,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  // Generous, so a slow machine does not fail a test; every wait still ends as soon as the thing shows.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

/** The date format the web app uses (en-US, as pinned above). */
export function formatDate(iso: string) {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

export function isoDateInDays(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Fills the name, email and password form shared by /setup and /signup. */
export async function fillCredentials(page: Page, person: { name: string; email: string; password?: string }) {
  await page.getByLabel(/^Your name/).fill(person.name);
  await page.getByLabel(/^Email/).fill(person.email);
  await page.getByLabel(/^Password/).fill(person.password ?? TEST_PASSWORD);
}

/**
 * Signs up through the page the browser is on (/signup), waits for the confirmation mail on the
 * SMTP server and returns its /magic link. Mail received before is ignored.
 */
export async function signUpThroughPage(t: TestApp, page: Page, person: { name: string; email: string }) {
  const before = t.mail.received.length;
  await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
  await fillCredentials(page, person);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').filter({ hasText: 'Almost there' }).waitFor();
  const mail = await t.mail.waitFor(
    person.email,
    (m) => t.mail.received.indexOf(m) >= before && /\/magic\?token=/.test(m.text),
    10_000,
  );
  return linkIn(mail, '/magic');
}

/** Opens an emailed sign-in link and presses the button (opening it alone does nothing). */
export async function confirmMagicLink(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Sign in to Commonplace' }).waitFor();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname !== '/magic');
}

/** Signs in with email and password on /signin (optionally with ?next=). */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, next?: string) {
  await page.goto(`${baseUrl}/signin${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  await page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname !== '/signin');
}

/** Mantine toasts: waits for one with this text. */
export async function notification(page: Page, text: string | RegExp) {
  await page.locator('.mantine-Notification-root').filter({ hasText: text }).first().waitFor();
}

/** A Mantine badge whose whole text is `text` (options in a select with the same words do not count). */
export function badge(scope: Page | Locator, text: string) {
  return scope
    .locator('.mantine-Badge-root')
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
}

// --- Conversations, notifications and search ---------------------------------------------------

/** The header's notification bell; with `unread`, only once it shows exactly that many unread. */
export function bell(page: Page, unread?: number) {
  return page.getByRole('button', {
    name:
      unread === undefined
        ? /^Notifications(, \d+ unread)?$/
        : unread
          ? `Notifications, ${unread} unread`
          : 'Notifications',
    exact: true,
  });
}

/**
 * Records, in every page of `context`, what arrives on the app's Server-Sent Events streams
 * (read it with `eventStreamLog`). It wraps the browser's own EventSource, so the app is unchanged.
 */
export async function recordEventStreams(context: BrowserContext) {
  await context.addInitScript(() => {
    const Native = window.EventSource;
    const log: { event: string; data: string }[] = [];
    (window as unknown as { __sse: typeof log }).__sse = log;
    class Recording extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        for (const event of ['open', 'unread', 'notification']) {
          this.addEventListener(event, (e) => log.push({ event, data: String((e as MessageEvent).data ?? '') }));
        }
      }
    }
    window.EventSource = Recording;
  });
}

export function eventStreamLog(page: Page) {
  return page.evaluate(() => (window as unknown as { __sse?: { event: string; data: string }[] }).__sse ?? []);
}

/** Waits until the page's notification stream has said hello (the server subscribes before it does). */
export async function eventStreamReady(page: Page) {
  await page.waitForFunction(() =>
    ((window as unknown as { __sse?: { event: string }[] }).__sse ?? []).some((e) => e.event === 'unread'),
  );
}

/** Takes EventSource away from every page of `context`, as an old or locked-down browser would. */
export async function withoutEventSource(context: BrowserContext) {
  await context.addInitScript(() => {
    delete (window as unknown as { EventSource?: unknown }).EventSource;
  });
}

/** Types "@" and `prefix` into `box`, then picks `name` from the suggestions with the keyboard alone. */
export async function mentionWithKeyboard(page: Page, box: Locator, prefix: string, name: string) {
  await box.pressSequentially(`@${prefix}`);
  const list = page.getByRole('listbox', { name: 'People to mention' });
  await list.getByRole('option').first().waitFor();
  // Walk down the list until the person is the active option, then take it with Enter.
  const count = await list.getByRole('option').count();
  for (let i = 0; i < count; i++) {
    const selected = list.getByRole('option', { selected: true });
    if ((await selected.textContent())?.includes(name)) break;
    await box.press('ArrowDown');
  }
  await list.getByRole('option', { selected: true }).filter({ hasText: name }).waitFor();
  await box.press('Enter');
  await list.waitFor({ state: 'detached' });
}

/** Searches from the search box in the header (wide screens) and waits for the search page. */
export async function searchFromHeader(page: Page, q: string) {
  const box = page
    .getByRole('search', { name: 'Site search' })
    .getByRole('searchbox', { name: 'Search conversations' });
  await box.fill(q);
  await box.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === q);
  await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
  // Either results or the empty state, never the spinner.
  await page
    .getByRole('list', { name: 'Search results' })
    .or(page.getByText(`No results for “${q}”`, { exact: true }))
    .waitFor();
}
