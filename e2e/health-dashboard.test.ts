import { testWebDir } from './build-web.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  jobs,
  memberships,
  participationModeChanges,
  participationModes,
  posts,
  roundupClicks,
  roundupDeliveries,
  roundupItems,
  roundups,
} from '../src/server/db/schema/index.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
  shiftOccurrences,
  type CommunityRow,
} from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { signInThroughPage, visitor, type Visitor } from './flows.js';

/**
 * The health dashboard from end to end: a coordinator of a community with a few weeks of
 * activity opens it, computes the figures (watching the refresh's progress), and finds the
 * charts and the help network, with its unconnected newcomers and its broker named; the page
 * passes axe and fits a phone's width. A plain member is shown the not-found page.
 */

const DAY = 86_400_000;
const slug = 'garden-club';
let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

type Person = Awaited<ReturnType<TestApp['createUser']>>;
const people: Record<string, Person> = {};

async function as(person: Person) {
  const client = t.client();
  const res = await client.post('/api/v1/auth/signin', { email: person.email, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return client;
}

const ago = (days: number) => new Date(Date.now() - days * DAY);

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  const names = {
    cora: 'Cora Coordinator',
    ann: 'Ann Asker',
    ben: 'Ben Answerer',
    cleo: 'Cleo Bridge',
    dan: 'Dan Builder',
    eli: 'Eli Tinkerer',
    fay: 'Fay Fixer',
    nina: 'Nina Newcomer',
    noor: 'Noor Newcomer',
    milo: 'Milo Member',
  };
  for (const [key, name] of Object.entries(names)) people[key] = await t.createUser({ name });
  const p = people;
  community = await buildCommunity(t, { createdBy: p.cora, name: 'Garden Club', slug, topics: ['Soil', 'Seeds'] });
  for (const key of ['ann', 'ben', 'cleo', 'dan', 'eli', 'fay', 'nina', 'noor', 'milo'])
    await buildMember(t, community, p[key]);
  // Everyone but the two newcomers has been here a while.
  await t.deps.db
    .update(memberships)
    .set({ joinedAt: ago(150) })
    .where(
      and(
        eq(memberships.communityId, community.id),
        inArray(
          memberships.userId,
          ['cora', 'ann', 'ben', 'cleo', 'dan', 'eli', 'fay', 'milo'].map((k) => p[k].id),
        ),
      ),
    );
  await t.deps.db
    .update(memberships)
    .set({ joinedAt: ago(20) })
    .where(and(eq(memberships.communityId, community.id), inArray(memberships.userId, [p.nina.id, p.noor.id])));

  const c = Object.fromEntries(await Promise.all(Object.entries(p).map(async ([k, v]) => [k, await as(v)])));
  const backdate = async (id: string, days: number) =>
    t.deps.db
      .update(posts)
      .set({ createdAt: ago(days) })
      .where(eq(posts.id, id));

  // Two circles that help each other — Ann, Ben and Cleo on soil; Dan, Eli and Fay on seeds — and
  // Cleo, who answers in both.
  const soil: { id: string }[] = [];
  for (const [i, days] of [50, 30, 12, 3].entries()) {
    const q = await buildPost(t, community, c.ann, {
      kind: 'question',
      title: `Soil question ${i + 1}`,
      tags: ['Soil'],
    });
    await backdate(q.id, days);
    soil.push(q);
  }
  for (const q of soil.slice(0, 3)) {
    const answer = await buildReply(t, community, q, c.ben, { body: 'Add compost and wait.' });
    await buildReply(t, community, q, c.cleo, { body: 'Test the pH first.' });
    await c.ann.put(`/api/v1/communities/${slug}/posts/${q.id}/accepted`, { replyId: answer.id });
  }
  const seeds: { id: string }[] = [];
  for (const [i, days] of [40, 20, 6].entries()) {
    const d = await buildPost(t, community, c.dan, { title: `Seed swap ${i + 1}`, tags: ['Seeds'] });
    await backdate(d.id, days);
    seeds.push(d);
  }
  for (const d of seeds) {
    await buildReply(t, community, d, c.eli, { body: 'I have tomatoes to share.' });
    await buildReply(t, community, d, c.fay, { body: 'Count me in.' });
  }
  await buildReply(t, community, seeds[0], c.cleo, { body: 'Bringing beans.' });
  const win = await buildPost(t, community, c.fay, { kind: 'win', title: 'First harvest from swapped seeds' });
  await buildReply(t, community, win, c.eli, { body: 'Well done!' });

  // A session hosted by Cora and Ben last week: four said they would come, three came.
  const event = await buildEvent(t, c.cora, community, {
    title: 'Compost clinic',
    hosts: [{ userId: p.cora.id }, { userId: p.ben.id }],
  });
  const session = `/api/v1/communities/${slug}/events/${event.id}/occurrences/${event.occurrences[0].id}`;
  for (const key of ['ann', 'cleo', 'dan', 'milo']) await c[key].put(`${session}/rsvp`, { status: 'going' });
  await shiftOccurrences(t, event.id, -9 * DAY);
  await c.cora.put(`${session}/attendance`, {
    attendance: ['ann', 'cleo', 'dan'].map((k) => ({ userId: p[k].id, attended: true })),
  });

  for (const [i, days] of [80, 45, 10].entries())
    await buildResource(t, { community, by: p.cora, title: `Garden guide ${i + 1}`, createdAt: ago(days) });

  // A round-up sent last week, with clicks on the soil item.
  const [roundup] = await t.deps.db
    .insert(roundups)
    .values({
      communityId: community.id,
      status: 'sent',
      periodStart: ago(14),
      periodEnd: ago(7),
      subject: 'Garden Club — last week',
      sentAt: ago(7),
      sentBy: p.cora.id,
    })
    .returning();
  const items = await t.deps.db
    .insert(roundupItems)
    .values(
      ['Soil', 'Seeds'].map((topic, position) => ({
        roundupId: roundup.id,
        section: 'accepted_answers',
        objectType: 'post',
        objectId: (topic === 'Soil' ? soil : seeds)[0].id,
        title: `${topic} news`,
        path: `/c/${slug}/posts/${(topic === 'Soil' ? soil : seeds)[0].id}`,
        topics: [topic],
        position,
      })),
    )
    .returning();
  const readers = ['ann', 'ben', 'cleo', 'dan', 'eli', 'fay', 'milo'];
  await t.deps.db
    .insert(roundupDeliveries)
    .values(readers.map((k) => ({ roundupId: roundup.id, userId: p[k].id, status: 'sent', messageId: `<${k}@test>` })));
  await t.deps.db.insert(roundupClicks).values(
    ['ann', 'ben', 'cleo', 'dan'].map((k, i) => ({
      roundupId: roundup.id,
      itemId: items[i < 3 ? 0 : 1].id,
      userId: p[k].id,
    })),
  );

  // Mode history, as nightly recomputes would have left it over the last two months.
  const history: [string, string | null, string, number][] = [
    ['cora', null, 'champion', 70],
    ['ann', null, 'convey_consume', 70],
    ['ann', 'convey_consume', 'contribute', 45],
    ['ben', null, 'contribute', 70],
    ['ben', 'contribute', 'collaborate', 28],
    ['cleo', null, 'contribute', 70],
    ['dan', null, 'contribute', 70],
    ['eli', null, 'convey_consume', 70],
    ['eli', 'convey_consume', 'contribute', 35],
    ['fay', null, 'contribute', 70],
    ['milo', null, 'contribute', 70],
    ['milo', 'contribute', 'convey_consume', 21],
    ['nina', null, 'convey_consume', 20],
    ['noor', null, 'convey_consume', 20],
  ];
  await t.deps.db.insert(participationModeChanges).values(
    history.map(([k, from, to, days]) => ({
      communityId: community.id,
      userId: p[k].id,
      fromMode: from,
      toMode: to,
      changedAt: ago(days),
    })),
  );
  const latest = new Map(history.map(([k, , to, days]) => [k, { to, days }]));
  await t.deps.db.insert(participationModes).values(
    [...latest].map(([k, v]) => ({
      communityId: community.id,
      userId: p[k].id,
      mode: v.to,
      tally: {},
      since: ago(v.days),
      computedAt: ago(1),
    })),
  );
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

const fitsWidth = (v: Visitor) => v.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

it('shows a coordinator the community’s health: figures computed on request, charts, and who helps whom', async () => {
  const cora = await open(people.cora);
  const o = cora.page;
  await o.goto(`${url}/c/${slug}`);
  await o.getByRole('navigation', { name: 'Community sections' }).getByRole('link', { name: 'Health' }).click();
  await o.getByRole('heading', { level: 2, name: 'Community health' }).waitFor();

  // No snapshot yet: the page offers to compute one. With the job runner paused, the refresh
  // waits in the queue, and the page says so.
  await o.getByText('No figures yet').waitFor();
  await t.jobs.stop();
  await o.getByRole('button', { name: 'Compute the figures now' }).click();
  const progress = o.getByRole('status').filter({ hasText: 'Computing the figures' });
  await progress.getByText(/Waiting to start/).waitFor();
  await screenshot(o, 'health-dashboard-queued');
  t.jobs.start();
  await progress.waitFor({ state: 'detached', timeout: 60_000 });

  // The figures: headline cards, every chart in a figure with its caption, and the network.
  const headline = o.getByRole('list', { name: 'Headline figures' }).or(o.locator('dl[aria-label="Headline figures"]'));
  await headline.waitFor();
  await expect.poll(() => headline.textContent()).toContain('Members');
  for (const title of [
    'Members by mode over time',
    'Moved up, drifted down',
    'Weekly active members',
    'Newcomer activation',
    'Contributions per member (90-9-1)',
    'How concentrated contributions are',
    'Organiser load',
    'Who helps whom',
    'Questions and answers',
    'Event attendance',
    'Round-up clicks by topic',
    'Repertoire growth and reuse',
  ]) {
    const figure = o.getByRole('figure', { name: title });
    await figure.waitFor();
    // Each says in words what it shows.
    expect(((await figure.locator('figcaption').textContent()) ?? '').length, title).toBeGreaterThan(title.length + 20);
  }
  // Charts are drawn (recharts' SVG surfaces), one per chart figure.
  await expect.poll(() => o.locator('figure .recharts-surface').count()).toBeGreaterThanOrEqual(10);
  const flows = o.getByRole('figure', { name: 'Moved up, drifted down' });
  expect(await flows.locator('figcaption').textContent()).toMatch(/3 moved up and 1 drifted down/);
  const load = o.getByRole('figure', { name: 'Organiser load' });
  expect(await load.textContent()).toContain(
    'Cora Coordinator did 100% of the sessions, 100% of the round-ups and 100% of the curation.',
  );

  // The network: one tab stop, arrow keys go from member to member and say who it is.
  const network = o.getByRole('figure', { name: 'Who helps whom' });
  const newcomers = network.getByRole('region', { name: /Newcomers with no ties yet/ });
  await expect.poll(() => newcomers.textContent()).toContain('Nina Newcomer');
  expect(await newcomers.textContent()).toContain('Noor Newcomer');
  const brokers = network.getByRole('region', { name: /Brokers between groups/ });
  expect(await brokers.getByRole('link').allTextContents()).toContain('Cleo Bridge');
  const picture = network.getByRole('group', { name: /Help network picture/ });
  const members = picture.getByRole('link');
  expect(await members.count()).toBe(9);
  await members.first().focus();
  const said = network.locator('[aria-live="polite"]');
  const first = await said.textContent();
  await o.keyboard.press('ArrowRight');
  await expect.poll(() => said.textContent()).not.toBe(first);
  await picture.getByRole('link', { name: /^Cleo Bridge/ }).hover();
  await expect.poll(() => said.textContent()).toMatch(/^Cleo Bridge, [\w/-]+, broker between groups/);

  await screenshot(o, 'health-dashboard-desktop');
  await network.screenshot({ path: '.tmp/screenshots/health-dashboard-network.png' });
  expect(await accessibilityViolations(o)).toEqual([]);
  expect(await fitsWidth(cora)).toBe(true);

  // Refreshing again follows the job until it is done, then shows the new figures.
  const done = async () =>
    (
      await t.deps.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.type, 'health.snapshot'), eq(jobs.status, 'succeeded')))
    ).length;
  expect(await done()).toBe(1);
  await o.getByRole('button', { name: 'Refresh figures' }).click();
  await expect.poll(done, { timeout: 60_000 }).toBe(2);
  await expect
    .poll(() => o.getByRole('button', { name: 'Refresh figures' }).isEnabled(), { timeout: 20_000 })
    .toBe(true);
  await o.getByText(/computed just now/).waitFor();
  expect(cora.problems).toEqual([]);
});

it('fits a phone’s width', async () => {
  const phone = await open(people.cora, { width: 390 });
  await phone.page.goto(`${url}/c/${slug}/health`);
  await phone.page.getByRole('figure', { name: 'Who helps whom' }).waitFor();
  await phone.page.getByRole('figure', { name: 'Repertoire growth and reuse' }).locator('.recharts-surface').waitFor();
  await screenshot(phone.page, 'health-dashboard-phone');
  expect(await fitsWidth(phone)).toBe(true);
  expect(await accessibilityViolations(phone.page)).toEqual([]);
  expect(phone.problems).toEqual([]);
});

it('shows a plain member the not-found page', async () => {
  const milo = await open(people.milo);
  await milo.page.goto(`${url}/c/${slug}/health`);
  await milo.page.getByRole('heading', { name: 'Page not found' }).waitFor();
  expect(await milo.page.getByRole('figure').count()).toBe(0);
  expect(await milo.page.getByText('Community health').count()).toBe(0);
});
