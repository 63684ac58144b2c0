import { testWebDir } from './build-web.js';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventOccurrences } from '../src/server/db/schema/index.js';
import { buildCommunity, buildMember, type CommunityRow } from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot, watchPage } from './browser.js';
import { bell, notification, signInThroughPage, visitor, type Visitor } from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

const slug = 'seagrass-restorers';
const title = 'Eelgrass transect workshop';
type Person = Awaited<ReturnType<TestApp['createUser']>>;
let coordinator: Person;
let ana: Person;
let ben: Person;
let cy: Person;
let dee: Person;
let kit: Person;

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();
  coordinator = await t.createUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, { createdBy: coordinator, name: 'Seagrass Restorers', slug });
  ana = await t.createUser({ name: 'Ana Alder' });
  ben = await t.createUser({ name: 'Ben Brook' });
  cy = await t.createUser({ name: 'Cy Cove' });
  dee = await t.createUser({ name: 'Dee Dune' });
  kit = await t.createUser({ name: 'Kit Curator' });
  for (const person of [ana, ben, cy, dee]) await buildMember(t, community, person);
  await buildMember(t, community, kit, { role: 'core' });
});

afterAll(async () => {
  for (const v of visitors) await v.context.close();
  await browser?.close();
  await t?.close();
});

async function open(person: Person, options: { timezoneId?: string; width?: number } = {}) {
  let v: Visitor;
  if (options.timezoneId) {
    // A person somewhere else: their browser's clock is in that zone.
    const context = await browser.newContext({
      locale: 'en-US',
      timezoneId: options.timezoneId,
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    v = { context, page, problems: watchPage(page) };
  } else {
    v = await visitor(browser, { width: options.width });
  }
  visitors.push(v);
  await signInThroughPage(v.page, url, person.email);
  return v;
}

/** A date some days ahead, as the organiser's date input takes it (YYYY-MM-DD). */
function dateInDays(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The time line the session page must show a viewer in `zone`, computed apart from the app
 * (Intl's formatToParts, not date-fns): "Thu 3 Dec, 12:00 – 14:00 EST".
 */
function expectedTime(startsAt: string, endsAt: string, zone: string) {
  const parts = (iso: string, options: Intl.DateTimeFormatOptions) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options })
        .formatToParts(new Date(iso))
        .map((p) => [p.type, p.value]),
    );
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  const s = parts(startsAt, opts);
  const e = parts(endsAt, opts);
  const thisYear = parts(new Date().toISOString(), { year: 'numeric' }).year;
  const day = `${s.weekday} ${s.day} ${s.month}${s.year === thisYear ? '' : ` ${s.year}`}`;
  return `${day}, ${s.hour}:${s.minute} – ${e.hour}:${e.minute} ${s.timeZoneName}`;
}

async function rsvp(page: Page, sessionUrl: string, button: string) {
  await page.goto(sessionUrl);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('button', { name: button, exact: true }).click();
}

it('plans a weekly workshop, fills its seats, promotes from the waitlist and keeps what came out of it', async () => {
  // --- The coordinator plans a weekly workshop in Berlin with two seats, through the form.
  const organiser = await open(coordinator);
  const o = organiser.page;
  await o.goto(`${url}/c/${slug}`);
  await o.getByRole('navigation', { name: 'Community sections' }).getByRole('link', { name: 'Events' }).click();
  await o.getByRole('heading', { level: 2, name: 'Events' }).waitFor();
  await o.getByRole('link', { name: 'New event' }).click();
  const form = o.getByRole('form', { name: 'Plan an event' });
  await form.waitFor();
  await form.getByRole('radio', { name: 'Workshop' }).click();
  await form.getByRole('textbox', { name: /^Title/ }).fill(title);
  await form.getByRole('textbox', { name: /^Place/ }).fill('Harbour lab, Kiel');
  const zone = form.getByRole('combobox', { name: /^Time zone/ });
  await zone.click();
  await zone.fill('Berlin');
  await o.getByRole('option', { name: /^Europe\/Berlin/ }).click();
  const firstDay = dateInDays(10);
  await form.getByLabel(/^Starts on/).fill(firstDay);
  await form.getByLabel(/^at/).first().fill('18:00');
  await form.getByLabel(/^Ends on/).fill(firstDay);
  await form.getByLabel(/^at/).nth(1).fill('20:00');
  await form.getByRole('combobox', { name: 'Repeats' }).selectOption('weekly');
  await form.getByRole('radio', { name: 'After a number of sessions' }).check();
  await form.getByRole('textbox', { name: /^Number of sessions/ }).fill('4');
  await form.getByRole('textbox', { name: /^Seats per session/ }).fill('2');
  expect(await accessibilityViolations(o)).toEqual([]);
  await screenshot(o, 'events-form');
  await form.getByRole('button', { name: 'Create event' }).click();

  // It lands on the first session, in the organiser's zone as they set it.
  await o.getByRole('heading', { level: 1, name: title }).waitFor();
  const sessionUrl = o.url();
  const [, eventId, occurrenceId] = /\/events\/([\w-]+)\/([\w-]+)$/.exec(new URL(sessionUrl).pathname)!;
  const api = t.client();
  await api.post('/api/v1/auth/signin', { email: coordinator.email, password: TEST_PASSWORD });
  const detail = await api.get(`/api/v1/communities/${slug}/events/${eventId}`);
  expect(detail.status).toBe(200);
  expect(detail.body.timeZone).toBe('Europe/Berlin');
  expect(detail.body.occurrences).toHaveLength(4);
  expect(detail.body.occurrences[0].localStart).toBe(`${firstDay}T18:00`);
  expect(detail.body.capacity).toBe(2);
  const first = detail.body.occurrences[0];
  expect(first.id).toBe(occurrenceId);

  // --- Three members answer; the third finds it full and is put on the waitlist, with the place.
  const a = (await open(ana)).page;
  await rsvp(a, sessionUrl, 'I’m going');
  await a.getByRole('status').filter({ hasText: 'You’re going' }).first().waitFor();
  const b = (await open(ben)).page;
  await rsvp(b, sessionUrl, 'I’m going');
  await b.getByRole('status').filter({ hasText: 'You’re going' }).first().waitFor();
  const cyVisit = await open(cy);
  const c = cyVisit.page;
  await rsvp(c, sessionUrl, 'Join the waitlist');
  await c.getByText('You’re on the waitlist (#1)').waitFor();
  await c.getByText('2 of 2 going · 1 waiting').first().waitFor();
  expect(await accessibilityViolations(c)).toEqual([]);
  await screenshot(c, 'events-session-waitlisted');

  // --- Ana cannot come after all; Cy is promoted and told.
  await a.goto(sessionUrl);
  await a.getByRole('button', { name: 'Give up my seat' }).click();
  await notification(a, 'Your place is given up');
  // Cy took the seat at once: the session is full again for Ana.
  await a.getByRole('button', { name: 'Join the waitlist', exact: true }).waitFor();
  await a.getByText('2 of 2 going', { exact: true }).waitFor();

  await c.goto(`${url}/c/${slug}`);
  await bell(c, 1).waitFor();
  await bell(c, 1).click();
  const promoted = c.getByText(`A seat freed up: you’re going to ${title}`).first();
  await promoted.waitFor();
  await promoted.click();
  await c.waitForURL((u) => u.pathname === `/c/${slug}/events/${eventId}/${occurrenceId}`);
  await c.getByRole('status').filter({ hasText: 'You’re going' }).first().waitFor();

  // --- Someone in New York (no zone in their profile) sees the session in their own time.
  const ny = (await open(dee, { timezoneId: 'America/New_York' })).page;
  await ny.goto(sessionUrl);
  await ny.getByRole('heading', { level: 1, name: title }).waitFor();
  const shown = (await ny.getByTestId('session-time').textContent())?.trim();
  expect(shown).toBe(expectedTime(first.startsAt, first.endsAt, 'America/New_York'));
  expect(shown).toMatch(/ E[SD]T$/);
  await ny.getByText(/^18:00 CES?T for the organiser$/).waitFor();
  await ny.getByText(/Times are in America\/New York/).waitFor();
  await screenshot(ny, 'events-session-new-york');
  await ny.goto(`${url}/c/${slug}/events`);
  await ny
    .getByRole('list', { name: 'Upcoming sessions' })
    .getByText(expectedTime(first.startsAt, first.endsAt, 'America/New_York'))
    .first()
    .waitFor();
  expect(await accessibilityViolations(ny)).toEqual([]);
  await screenshot(ny, 'events-list');

  // --- The session takes place (moved into the past), the host ticks who came and writes it up.
  await t.deps.db
    .update(eventOccurrences)
    .set({ startsAt: new Date(Date.now() - 3 * 3_600_000), endsAt: new Date(Date.now() - 3_600_000) })
    .where(eq(eventOccurrences.id, occurrenceId));
  await o.goto(sessionUrl);
  await o.getByRole('heading', { level: 1, name: title }).waitFor();
  await o.getByRole('checkbox', { name: 'Came: Ben Brook' }).check();
  await o.getByText('1 of 2 came').waitFor();
  await o.getByRole('textbox', { name: /^Notes/ }).fill('We laid **two transects** and compared GPS drift.');
  await o.getByRole('textbox', { name: /^Outcomes/ }).fill('- Mark both ends with a buried stake');
  await o.getByRole('button', { name: 'Save notes' }).click();
  const notes = o.getByRole('region', { name: 'Notes and outcomes' });
  await notes.getByRole('button', { name: 'Edit notes' }).waitFor();
  await notes.getByText('two transects').waitFor();
  await notes.getByText('Mark both ends with a buried stake').waitFor();
  await screenshot(o, 'events-session-after');

  // --- A curator keeps it in the repertoire, credited to the host.
  const k = (await open(kit)).page;
  await k.goto(sessionUrl);
  await k.getByRole('link', { name: 'Add to repertoire' }).click();
  await k.getByText('Promoting from an event session').waitFor();
  await expect.poll(() => k.getByRole('textbox', { name: /^Title/ }).inputValue()).toContain(title);
  expect(await k.getByRole('textbox', { name: /^Summary/ }).inputValue()).toContain('two transects');
  await k.getByRole('button', { name: 'Publish', exact: true }).click();
  const article = k.getByRole('article', { name: new RegExp(title) });
  await article.waitFor();
  await article.getByRole('link', { name: 'Cora Coordinator' }).waitFor();

  // The session now says where its notes went.
  await k.goto(sessionUrl);
  await k.getByText('In the repertoire:').waitFor();

  // --- Cy keeps the sessions they go to in their own calendar app, through a private address.
  const cyApi = t.client();
  await cyApi.post('/api/v1/auth/signin', { email: cy.email, password: TEST_PASSWORD });
  const next = detail.body.occurrences[1];
  expect(
    (await cyApi.put(`/api/v1/communities/${slug}/events/${eventId}/occurrences/${next.id}/rsvp`, { status: 'going' }))
      .status,
  ).toBe(200);
  await c.goto(`${url}/account`);
  const feed = c.getByRole('region', { name: 'Calendar feed' });
  await feed.getByRole('button', { name: 'Make my calendar address' }).click();
  const address = (await feed.getByLabel('Calendar feed address', { exact: true }).textContent())?.trim() ?? '';
  expect(address).toMatch(/^https?:\/\/.+\.ics$/);
  const ics = await fetch(address);
  expect(ics.status).toBe(200);
  expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
  expect(await ics.text()).toContain(title);
  await feed.getByRole('button', { name: 'Done' }).click();
  await feed.getByText(/Your feed is on/).waitFor();
  await feed.getByRole('button', { name: 'Switch the feed off' }).click();
  await c.getByRole('dialog').getByRole('button', { name: 'Switch it off' }).click();
  await feed.getByText('You have no calendar feed.').waitFor();
  expect((await fetch(address)).status).toBe(404);

  for (const v of visitors) expect(v.problems).toEqual([]);
});
