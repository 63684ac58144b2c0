import { testWebDir } from './build-web.js';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memberships } from '../src/server/db/schema/index.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
  type CommunityRow,
  type ResourceRow,
} from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import type { ReceivedMail } from '../test/mailbox.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { notification, signInThroughPage, visitor, type Visitor } from './flows.js';

/**
 * The weekly round-up from end to end: a coordinator drafts this week's round-up, writes an
 * introduction, leaves an item out, previews a member's copy and sends it; the member's copy
 * (read back from the SMTP server) puts her interests first, looks right in a browser, and its
 * tracked link lands on the item and shows up in the coordinator's numbers.
 */

let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

const slug = 'research-coders';
const communityName = 'Research Coders';
type Person = Awaited<ReturnType<TestApp['createUser']>>;
let coordinator: Person;
let tess: Person;
let milo: Person;
let walt: Person;
let admin: Person;

const intro = 'Thank you all for a lively week of packaging and testing.';
const answeredTitle = 'How do you test numerical code?';
const waitingTitle = 'Which file format for sharing large survey datasets?';
const winTitle = 'Our package is on conda-forge';
const packagingTitle = 'Packaging a Python library in ten minutes';
const testingTitle = 'A field guide to property-based testing';
const leftOutTitle = 'Tidy data for field notebooks';
const sessionTitle = 'Testing clinic';
let packaging: ResourceRow;

// Shared by the two tests: the second one reads the unsubscribe link of Tess's copy.
let tessMail: ReceivedMail | undefined;
let tessVisit: Visitor | undefined;

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  coordinator = await t.createUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, {
    createdBy: coordinator,
    name: communityName,
    slug,
    topics: ['Testing', 'Packaging', 'Data'],
  });
  tess = await t.createUser({ name: 'Tess Tester' });
  milo = await t.createUser({ name: 'Milo Member' });
  walt = await t.createUser({ name: 'Walt Watcher' });
  admin = await t.createUser({ name: 'Ada Admin', isAdmin: true });
  for (const person of [tess, milo, walt]) await buildMember(t, community, person);
  // Tess cares about packaging: in her copy, packaging items come first.
  await t.deps.db
    .update(memberships)
    .set({ interests: ['Packaging'] })
    .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, tess.id)));

  const as = async (person: Person) => {
    const client = t.client();
    const res = await client.post('/api/v1/auth/signin', { email: person.email, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    return client;
  };
  const tessClient = await as(tess);
  const miloClient = await as(milo);

  // This week: a question with an accepted answer, one still waiting, a win, a session ahead.
  const answered = await buildPost(t, community, tessClient, {
    kind: 'question',
    title: answeredTitle,
    body: 'Our solver output changes in the last digits between machines.',
    tags: ['Testing'],
  });
  const answer = await buildReply(t, community, answered, await as(walt), {
    body: 'Compare against a known analytic solution, with a tolerance.',
  });
  const accepted = await tessClient.put(`/api/v1/communities/${slug}/posts/${answered.id}/accepted`, {
    replyId: answer.id,
  });
  expect(accepted.status).toBe(200);
  await buildPost(t, community, miloClient, {
    kind: 'question',
    title: waitingTitle,
    body: 'CSV files of a few gigabytes are slow to open. What do you use?',
    tags: ['Data'],
  });
  await buildPost(t, community, miloClient, {
    kind: 'win',
    title: winTitle,
    body: 'After a month of recipes, anyone can now install it with one command.',
    tags: ['Packaging'],
  });
  await buildEvent(t, await as(coordinator), community, { title: sessionTitle });

  // Resources, each published a moment apart: the newest (testing) leads the coordinator's order.
  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);
  packaging = await buildResource(t, {
    community,
    by: coordinator,
    title: packagingTitle,
    summary: 'From an empty folder to an installable wheel.',
    format: 'read',
    tags: ['Packaging'],
    createdAt: at(3),
  });
  await buildResource(t, {
    community,
    by: coordinator,
    title: testingTitle,
    summary: 'Let the computer find the inputs that break your code.',
    format: 'read',
    tags: ['Testing'],
    createdAt: at(2),
  });
  await buildResource(t, {
    community,
    by: coordinator,
    title: leftOutTitle,
    summary: 'One observation per row, one variable per column.',
    format: 'read',
    tags: ['Data'],
    createdAt: at(1),
  });
});

afterAll(async () => {
  for (const v of visitors) await v.context.close();
  await browser?.close();
  await t?.close();
});

async function open(person: Person, options: { width?: number } = {}) {
  const v = await visitor(browser, options);
  visitors.push(v);
  await signInThroughPage(v.page, url, person.email);
  return v;
}

const previewFrame = (page: Page) => page.frameLocator('iframe[title="Round-up mail preview"]');

/** The text of the preview's mail, as the frame shows it. */
async function previewText(page: Page) {
  return (await previewFrame(page).locator('body').textContent()) ?? '';
}

/** A section of a plain-text mail: from its heading to the next heading (or the footer). */
function textSection(text: string, heading: string) {
  const start = text.indexOf(`${heading}\n`);
  expect(start, `section "${heading}" in the mail`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + heading.length + 1);
  const next = rest.search(/\n[A-Z][A-Z ?,'’-]+\n-{3,}\n|\n--\n/);
  return next < 0 ? rest : rest.slice(0, next);
}

/** The tracked link that follows an item's title in a plain-text mail. */
function trackedLink(mail: ReceivedMail, title: string) {
  const at = mail.text.indexOf(`* ${title}`);
  expect(at, `"${title}" in the mail`).toBeGreaterThanOrEqual(0);
  const match = mail.text.slice(at).match(/https?:\/\/\S+\/r\/\S+/);
  expect(match).toBeTruthy();
  return match![0];
}

it('drafts, edits, previews and sends the round-up; a member’s copy puts her interests first and her click counts', async () => {
  // --- The coordinator drafts this week's round-up from the community's Round-ups tab.
  const cora = await open(coordinator);
  const o = cora.page;
  await o.goto(`${url}/c/${slug}`);
  await o.getByRole('navigation', { name: 'Community sections' }).getByRole('link', { name: 'Round-ups' }).click();
  await o.getByRole('heading', { level: 2, name: 'Round-ups' }).waitFor();
  await o.getByRole('button', { name: 'Draft this week’s round-up' }).first().click();
  await o.waitForURL((u) => /^\/c\/[^/]+\/roundups\/[\w-]+$/.test(u.pathname));
  const editorUrl = o.url();

  // Every kind of thing the week brought is listed, with a box to leave it out.
  for (const title of [answeredTitle, waitingTitle, winTitle, packagingTitle, testingTitle, leftOutTitle]) {
    await o.getByRole('checkbox', { name: `Include “${title}”` }).waitFor();
  }
  await o.getByRole('checkbox', { name: `Include “${sessionTitle}”` }).waitFor();
  const subject = await o.getByRole('textbox', { name: /^Subject/ }).inputValue();
  expect(subject).toMatch(new RegExp(`^${communityName} — week of \\d{1,2} \\w+ \\d{4}$`));

  // The preview shows the coordinator's own copy: nothing of theirs is preferred, so the newest resource leads.
  const frame = previewFrame(o);
  await frame.getByText(leftOutTitle).waitFor();
  {
    const text = await previewText(o);
    expect(text.indexOf(testingTitle)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(testingTitle)).toBeLessThan(text.indexOf(packagingTitle));
  }

  // --- A sentence of introduction, saved.
  await o.getByRole('textbox', { name: /^Introduction/ }).fill(intro);
  await o.getByText('Unsaved changes').waitFor();
  await o.getByRole('button', { name: 'Save', exact: true }).click();
  await o.getByText('All changes saved').waitFor();
  await frame.getByText(intro).waitFor();

  // --- One resource is left out: it goes from the preview.
  // Clicked, not `uncheck()`ed: the box follows the round-up's state, which changes a moment after the click.
  const leaveOut = o.getByRole('checkbox', { name: `Include “${leftOutTitle}”` });
  await leaveOut.click();
  await expect.poll(() => leaveOut.isChecked()).toBe(false);
  await expect.poll(() => previewText(o), { timeout: 15_000 }).not.toContain(leftOutTitle);
  expect(await previewText(o)).toContain(intro);

  expect(await accessibilityViolations(o)).toEqual([]);
  await screenshot(o, 'roundup-editor');

  // --- Preview as Tess: her copy greets her and puts packaging first.
  const as = o.getByRole('combobox', { name: 'Preview as member' });
  await as.click();
  await as.fill('Tess');
  await o.getByRole('option', { name: /^Tess Tester/ }).click();
  await frame.getByText('Hi Tess,').waitFor();
  {
    const text = await previewText(o);
    expect(text.indexOf(packagingTitle)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(packagingTitle)).toBeLessThan(text.indexOf(testingTitle));
    expect(text).not.toContain(leftOutTitle);
    expect(text).toContain(intro);
  }
  await screenshot(o, 'roundup-editor-preview-as-tess');

  // --- Send now, confirmed; the job runner delivers in the background until the page says it is sent.
  await o.getByRole('button', { name: 'Send now' }).click();
  const dialog = o.getByRole('dialog', { name: 'Send the round-up now?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Send to 4 members' }).click();
  await notification(o, 'The round-up is on its way.');
  await o.getByText(/^Sent .+ to 4 members\.$/).waitFor({ timeout: 30_000 });
  await o.getByRole('region', { name: 'How it did' }).waitFor();

  // --- Tess's copy, as the SMTP server received it.
  const mail = await t.mail.waitFor(tess.email, (m) => m.subject === subject, 20_000);
  tessMail = mail;
  expect(mail.subject).toBe(subject);
  expect(mail.text).toContain('Hi Tess,');
  expect(mail.text).toContain(intro);
  expect(mail.text).not.toContain(leftOutTitle);
  expect(mail.html).not.toContain(leftOutTitle);
  for (const title of [answeredTitle, waitingTitle, winTitle, sessionTitle]) expect(mail.text).toContain(title);
  const resources = textSection(mail.text, 'NEW IN THE REPERTOIRE');
  expect(resources.indexOf(packagingTitle)).toBeGreaterThanOrEqual(0);
  expect(resources.indexOf(testingTitle)).toBeGreaterThan(resources.indexOf(packagingTitle));
  expect(mail.headers.get('list-unsubscribe')).toMatch(
    new RegExp(`^<${url.replace(/[.]/g, '\\.')}/api/v1/unsubscribe/roundup/\\S+>$`),
  );
  expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  // Everyone gets exactly one copy.
  for (const person of [coordinator, tess, milo, walt]) {
    await t.mail.waitFor(person.email, (m) => m.subject === subject, 20_000);
  }
  expect(t.mail.received.filter((m) => m.subject === subject)).toHaveLength(4);

  // --- The copy in a browser, as a mail client would show it: wide, then on a phone.
  const reader = await visitor(browser, { width: 640, height: 900 });
  visitors.push(reader);
  const r = reader.page;
  await r.setContent(mail.html, { waitUntil: 'load' });
  await r.getByText(intro).waitFor();
  await screenshot(r, 'roundup-mail-640');
  const hrefs = await r.$$eval('a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(6);
  for (const href of hrefs) expect(href).toMatch(/^https?:\/\/[^/\s]+\//);
  const overflow = () =>
    r.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  await r.setViewportSize({ width: 600, height: 900 });
  {
    const { scroll, viewport } = await overflow();
    expect(scroll).toBeLessThanOrEqual(viewport + 1);
  }
  await r.setViewportSize({ width: 375, height: 812 });
  await screenshot(r, 'roundup-mail-mobile');

  // --- Tess follows the tracked link of the packaging resource and lands on it.
  const link = trackedLink(mail, packagingTitle);
  expect(new URL(link).origin).toBe(url);
  expect(new URL(link).pathname).toMatch(/^\/r\/[^/]+$/);
  tessVisit = await open(tess);
  const p = tessVisit.page;
  await p.goto(link);
  await p.waitForURL((u) => u.pathname === `/c/${slug}/repertoire/${packaging.id}`);
  await p.getByRole('heading', { level: 1, name: packagingTitle }).waitFor();

  // --- The coordinator sees the click: on the item, and on its topic.
  await o.goto(editorUrl);
  const stats = o.getByRole('region', { name: 'How it did' });
  await stats.waitFor();
  const perItem = stats.getByRole('list', { name: 'Clicks per item' });
  await perItem.getByRole('listitem').filter({ hasText: packagingTitle }).filter({ hasText: '1 click' }).waitFor();
  await perItem.getByRole('listitem').filter({ hasText: testingTitle }).filter({ hasText: '0 clicks' }).waitFor();
  expect(await perItem.getByText(leftOutTitle).count()).toBe(0);
  const byTopic = stats.getByRole('list', { name: 'Clicks by topic' });
  await byTopic.getByRole('listitem').filter({ hasText: 'Packaging' }).filter({ hasText: '1 click' }).waitFor();
  expect(await byTopic.getByRole('listitem').count()).toBe(1);
  // A sent round-up still previews as it went out.
  await previewFrame(o).getByText('Hi Cora,').waitFor();
  expect(await previewText(o)).toContain(intro);
  expect(await accessibilityViolations(o)).toEqual([]);
  // Brought into view: a frame far below the fold is not painted in a full-page screenshot.
  await o.locator('iframe[title="Round-up mail preview"]').scrollIntoViewIfNeeded();
  await screenshot(o, 'roundup-sent-stats');

  for (const v of visitors) expect(v.problems).toEqual([]);
});

it('shows the deliveries to an admin, and unsubscribes a member from her mail’s footer link', async () => {
  expect(tessMail, 'the first test received Tess’s copy').toBeTruthy();
  const mail = tessMail!;

  // --- An admin sees the round-up's deliveries among the jobs that succeeded.
  const a = (await open(admin)).page;
  await a.goto(`${url}/admin/jobs`);
  await a.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
  await a.getByRole('combobox', { name: 'Type' }).fill('roundup.deliver');
  const tabs = a.getByRole('tablist', { name: 'Jobs by status' });
  await tabs.getByRole('tab', { name: /^Succeeded/ }).click();
  await a.waitForURL((u) => u.searchParams.get('status') === 'succeeded');
  await expect
    .poll(async () => (await tabs.getByRole('tab', { name: /^Succeeded/ }).textContent())?.replace(/\s+/g, ''))
    .toBe('Succeeded4');
  await expect
    .poll(() =>
      a
        .getByRole('cell')
        .filter({ hasText: /^roundup\.deliver/ })
        .count(),
    )
    .toBe(4);
  expect(await accessibilityViolations(a)).toEqual([]);
  await screenshot(a, 'roundup-admin-jobs');

  // --- Anyone holding the footer link (no sign-in needed) is asked first, then unsubscribed.
  const page = mail.text.match(/Unsubscribe from this round-up: (\S+)/)?.[1] ?? '';
  expect(page).toMatch(new RegExp(`^${url.replace(/[.]/g, '\\.')}/unsubscribe/roundup/\\S+$`));
  const stranger = await visitor(browser);
  visitors.push(stranger);
  const s = stranger.page;
  await s.goto(page);
  await s.getByRole('heading', { name: 'Unsubscribe?' }).waitFor();
  await s.getByText(`the weekly round-up of ${communityName}`).waitFor();
  expect(await accessibilityViolations(s)).toEqual([]);
  await screenshot(s, 'roundup-unsubscribe-confirm');
  await s.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
  await s.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
  await s.getByRole('status').filter({ hasText: 'Done.' }).waitFor();
  await screenshot(s, 'roundup-unsubscribe-done');

  // --- Tess's mail preferences show this community's round-up switched off.
  const p = (tessVisit ?? (await open(tess))).page;
  await p.goto(`${url}/account`);
  const prefs = p.getByRole('region', { name: 'Mail' });
  const toggle = prefs.getByRole('switch', { name: communityName });
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(false);
  await screenshot(p, 'roundup-account-mail-preferences');

  for (const v of visitors) expect(v.problems).toEqual([]);
});
