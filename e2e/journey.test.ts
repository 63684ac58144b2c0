import { testWebDir } from './build-web.js';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { communities, users } from '../src/server/db/schema/index.js';
import { membershipRow } from '../test/factories.js';
import { setupTestApp, type TestApp } from '../test/harness.js';
import { linkIn } from '../test/mailbox.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import {
  badge,
  confirmMagicLink,
  fillCredentials,
  formatDate,
  isoDateInDays,
  notification,
  signInThroughPage,
  signUpThroughPage,
  visitor,
  type Visitor,
} from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;
const visitors: Visitor[] = [];

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open() {
  const v = await visitor(browser);
  visitors.push(v);
  return v;
}

const userByEmail = async (email: string) => (await t.deps.db.select().from(users).where(eq(users.email, email)))[0];

it('takes a coordinator from an empty instance to a private community with a core member on a break', async () => {
  const coordinator = { name: 'Cora Lindqvist', email: 'cora@example.org' };
  const invitee = { name: 'Ivo Marsh', email: 'ivo@example.org' };
  const communityName = 'Harbour Pilots Circle';
  const slug = 'harbour-pilots-circle';

  // --- An empty instance sends its first visitor to /setup, where the admin is created.
  const admin = await open();
  await admin.page.goto(url);
  await admin.page.waitForURL(`${url}/setup`);
  await admin.page.getByRole('heading', { level: 1, name: 'Set up Commonplace' }).waitFor();
  await screenshot(admin.page, 'journey-01-setup');
  await fillCredentials(admin.page, { name: 'Ada Admin', email: 'admin@example.org' });
  await admin.page.getByRole('button', { name: 'Create administrator account' }).click();
  await admin.page.waitForURL(`${url}/communities/new`);
  await admin.page.getByRole('heading', { level: 1, name: 'Start a community' }).waitFor();
  expect(await userByEmail('admin@example.org')).toMatchObject({ isAdmin: true });
  await admin.context.close();

  // --- The coordinator signs up; the confirmation arrives by mail and is opened in the same browser.
  const coord = await open();
  await coord.page.goto(`${url}/signup`);
  const confirmation = await signUpThroughPage(t, coord.page, coordinator);
  await screenshot(coord.page, 'journey-02-signed-up');
  expect((await userByEmail(coordinator.email)).emailVerifiedAt).toBeNull();
  await confirmMagicLink(coord.page, confirmation);
  await coord.page.getByRole('heading', { level: 1, name: 'Welcome, Cora' }).waitFor();
  expect((await userByEmail(coordinator.email)).emailVerifiedAt).not.toBeNull();

  // --- The five steps of the kick-off canvas, for a private community.
  await coord.page.goto(`${url}/communities/new`);
  const p = coord.page;
  await p.getByLabel(/^Community name/).fill(communityName);
  expect(await p.getByLabel(/^Web address/).inputValue()).toBe(slug);
  await p.getByLabel(/^The need/).fill('Pilots learn the harbour alone, one near miss at a time.');
  await p.getByLabel(/^Domain/).fill('Harbour pilotage: berthing, tides and traffic in our port.');
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByText('Step 2 of 5').waitFor();
  await p.getByLabel(/^Purpose/).fill('Share what each crossing teaches us before it costs a hull.');
  for (const value of ['Candour', 'Care']) {
    await p.getByLabel('Values', { exact: true }).fill(value);
    await p.getByLabel('Values', { exact: true }).press('Enter');
    await p.getByRole('listitem').filter({ hasText: value }).waitFor();
  }
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByText('Step 3 of 5').waitFor();
  await p.getByLabel(/^Who it is for/).fill('Licensed pilots and trainees of the port.');
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByText('Step 4 of 5').waitFor();
  await p.getByLabel('Planned activities', { exact: true }).fill('Monthly near-miss review');
  await p.getByLabel('Planned activities', { exact: true }).press('Enter');
  await p.getByLabel('Success measures', { exact: true }).fill('Every near miss discussed within a week');
  await p.getByLabel('Success measures', { exact: true }).press('Enter');
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByText('Step 5 of 5').waitFor();
  await p.getByLabel('Private', { exact: true }).check();
  // A private community can only be joined by invitation; the form switches to it by itself.
  expect(await p.getByLabel('By invitation only').isChecked()).toBe(true);
  expect(await p.getByLabel('Anyone can join').isDisabled()).toBe(true);
  for (const topic of ['Tides', 'Berthing']) {
    await p.getByLabel('Topics', { exact: true }).fill(topic);
    await p.getByLabel('Topics', { exact: true }).press('Enter');
  }
  await screenshot(p, 'journey-03-canvas-last-step');
  await p.getByRole('button', { name: 'Create community' }).click();
  await p.waitForURL(`${url}/c/${slug}`);
  await p.getByRole('heading', { level: 1, name: communityName }).waitFor();
  await p.getByText('You are a coordinator of this community.').waitFor();
  for (const text of [
    'Share what each crossing teaches us before it costs a hull.',
    'Candour',
    'Monthly near-miss review',
    'Every near miss discussed within a week',
    'Tides',
    'Berthing',
    'By invitation',
  ]) {
    await p.getByText(text, { exact: false }).first().waitFor();
  }
  await screenshot(p, 'journey-04-community-created');
  const [community] = await t.deps.db.select().from(communities).where(eq(communities.slug, slug));
  expect(community).toMatchObject({
    name: communityName,
    visibility: 'private',
    joining: 'invitation',
    values: ['Candour', 'Care'],
    activities: ['Monthly near-miss review'],
    successMeasures: ['Every near miss discussed within a week'],
    topics: ['Tides', 'Berthing'],
  });

  // --- The coordinator invites the invitee by email.
  await p.getByRole('link', { name: 'Invite', exact: true }).click();
  await p.waitForURL(`${url}/c/${slug}/invitations`);
  await p.getByLabel('Email addresses').fill(invitee.email);
  await p.getByLabel('Email addresses').press('Enter');
  await p.getByRole('button', { name: 'Send invitations' }).click();
  await notification(p, '1 invitation sent.');
  const sentRow = p.getByRole('row').filter({ hasText: invitee.email });
  await sentRow.getByText('pending').waitFor();
  await screenshot(p, 'journey-05-invited');

  const invitationMail = await t.mail.waitFor(invitee.email, (m) => m.text.includes('/invite/'), 10_000);
  expect(invitationMail.subject).toBe(`${coordinator.name} invited you to ${communityName}`);
  const inviteLink = linkIn(invitationMail, '/invite/');
  expect(inviteLink.startsWith(`${url}/invite/`)).toBe(true);

  // --- The invitee opens it signed out, signs up from there and comes back to accept.
  const inv = await open();
  const q = inv.page;
  await q.goto(inviteLink);
  await q
    .getByRole('heading', { level: 1, name: `${coordinator.name} invited you to join ${communityName}` })
    .waitFor();
  await q.getByText(invitee.email).waitFor();
  await screenshot(q, 'journey-06-invitation-signed-out');
  await q.getByRole('link', { name: 'Create an account to accept' }).click();
  await q.waitForURL((u) => u.pathname === '/signup' && u.searchParams.get('next') === new URL(inviteLink).pathname);
  const inviteeConfirmation = await signUpThroughPage(t, q, invitee);
  await confirmMagicLink(q, inviteeConfirmation);
  await q.waitForURL(inviteLink);
  await q.getByRole('button', { name: 'Accept invitation' }).click();
  await q.waitForURL(`${url}/c/${slug}`);
  await q.getByText('You are a member of this community.').waitFor();
  await badge(q, 'Joined').waitFor();
  const inviteeUser = await userByEmail(invitee.email);
  expect(await membershipRow(t, community, inviteeUser)).toMatchObject({ role: 'member', status: 'active' });

  // --- The coordinator makes them core on the members page.
  await p.goto(`${url}/c/${slug}/members`);
  const inviteeRow = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: invitee.name }) });
  await inviteeRow.waitFor();
  await p.getByLabel(`Role of ${invitee.name}`).selectOption('core');
  await notification(p, `${invitee.name} is now in the core group.`);
  await badge(inviteeRow, 'Core group').waitFor();
  await screenshot(p, 'journey-07-made-core');
  // The select could show "core" while the server said no: the database is the truth.
  expect(await membershipRow(t, community, inviteeUser)).toMatchObject({ role: 'core', status: 'active' });

  // --- The invitee sees the core badge and takes a break with a return date.
  await q.reload();
  await q.getByRole('heading', { level: 1, name: communityName }).waitFor();
  await badge(q, 'Core group').waitFor();
  await q.getByText('You are in the core group of this community.').waitFor();
  const returnDate = isoDateInDays(14);
  await q.getByRole('button', { name: 'Take a break' }).click();
  const breakDialog = q.getByRole('dialog', { name: 'Take a break' });
  await breakDialog.getByLabel('Return date (optional)').fill(returnDate);
  await breakDialog.getByRole('button', { name: 'Start my break' }).click();
  await breakDialog.waitFor({ state: 'hidden' });
  await badge(q, `On a break until ${formatDate(returnDate)}`).waitFor();
  await q.getByText(`You are taking a break until ${formatDate(returnDate)}.`).waitFor();
  await q.getByRole('button', { name: "I'm back" }).waitFor();
  await screenshot(q, 'journey-08-on-a-break');
  // The break badge only shows up here, so it is checked for contrast here.
  expect(await accessibilityViolations(q)).toEqual([]);
  expect(await membershipRow(t, community, inviteeUser)).toMatchObject({
    role: 'core',
    status: 'on_break',
    breakUntil: returnDate,
  });

  // --- The coordinator sees it in the members list.
  await p.reload();
  await badge(inviteeRow, `On a break until ${formatDate(returnDate)}`).waitFor();
  await screenshot(p, 'journey-09-members-break');
  expect(await accessibilityViolations(p)).toEqual([]);

  // --- The invitee comes back.
  await q.getByRole('button', { name: "I'm back" }).click();
  await notification(q, 'Welcome back!');
  await q.getByText('You are in the core group of this community.').waitFor();
  await q.getByRole('button', { name: 'Take a break' }).waitFor();
  expect(await q.getByText(/On a break/).count()).toBe(0);
  expect(await membershipRow(t, community, inviteeUser)).toMatchObject({
    role: 'core',
    status: 'active',
    breakUntil: null,
  });

  // --- Outsiders, signed in or not, cannot tell the community exists.
  await t.createUser({ name: 'Otto Outsider', email: 'otto@example.org' });
  const outsider = await open();
  await signInThroughPage(outsider.page, url, 'otto@example.org');
  await outsider.page.getByRole('heading', { level: 1, name: 'Welcome, Otto' }).waitFor();
  const anonymous = await open();
  for (const [who, v] of [
    ['outsider', outsider],
    ['anonymous', anonymous],
  ] as const) {
    for (const where of [`/c/${slug}`, `/c/${slug}/members`]) {
      await v.page.goto(`${url}${where}`);
      await v.page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await v.page.getByText(communityName).count()).toBe(0);
    }
    await screenshot(v.page, `journey-10-${who}-not-found`);
    // The browser's own cookies: a signed-in outsider and a stranger get the same answer.
    const api = await v.context.request.get(`${url}/api/v1/communities/${slug}`);
    expect(api.status()).toBe(404);
    const list = await v.context.request.get(`${url}/api/v1/communities`);
    expect(JSON.stringify(await list.json())).not.toContain(slug);
  }
  expect((await t.client().get(`/api/v1/communities/${slug}`)).status).toBe(404);

  for (const v of visitors) expect(v.problems).toEqual([]);
});
