import { testWebDir } from './build-web.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCommunity, buildMember, buildPost, buildReply, type CommunityRow } from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { notification, signInThroughPage, visitor, type Visitor } from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

const slug = 'harbour-ecologists';
type Person = Awaited<ReturnType<TestApp['createUser']>>;
let coordinator: Person;
let asker: Person;
let answerer: Person;
let newcomer: Person;
const question = 'How do you keep eelgrass survey transects comparable year to year?';
let questionId = '';

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  coordinator = await t.createUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, {
    createdBy: coordinator,
    name: 'Harbour Ecologists',
    slug,
    topics: ['Eelgrass', 'Field methods'],
  });
  asker = await t.createUser({ name: 'Ines Marsh' });
  answerer = await t.createUser({ name: 'Tomasz Reed' });
  newcomer = await t.createUser({ name: 'Nia Newcomer' });
  for (const person of [asker, answerer, newcomer]) await buildMember(t, community, person);

  // A question with an answer the asker accepts.
  const as = async (person: Person) => {
    const client = t.client();
    await client.post('/api/v1/auth/signin', { email: person.email, password: TEST_PASSWORD });
    return client;
  };
  const askerClient = await as(asker);
  const post = await buildPost(t, community, askerClient, {
    kind: 'question',
    title: question,
    body: 'Our transects drift a few metres every season. How do others keep them comparable?',
    tags: ['Eelgrass'],
  });
  questionId = post.id;
  const answer = await buildReply(t, community, post, await as(answerer), {
    body: 'We mark both ends with **GPS and a buried stake**, and photograph the start point every visit.',
  });
  const accepted = await askerClient.put(`/api/v1/communities/${slug}/posts/${post.id}/accepted`, {
    replyId: answer.id,
  });
  if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status}`);
});

afterAll(async () => {
  for (const v of visitors) await v.context.close();
  await browser?.close();
  await t?.close();
});

async function open(person: Person) {
  const v = await visitor(browser);
  visitors.push(v);
  await signInThroughPage(v.page, url, person.email);
  return v;
}

it('turns an accepted answer into a resource on a path that a newcomer completes', async () => {
  // --- A curator promotes the accepted answer from the conversation.
  const curator = await open(coordinator);
  const c = curator.page;
  await c.goto(`${url}/c/${slug}/posts/${questionId}`);
  await c.getByRole('heading', { level: 2, name: 'Accepted answer' }).waitFor();
  await c.getByRole('link', { name: 'Add the answer to the repertoire' }).click();
  await c.getByText('Promoting from:').waitFor();
  // Pre-filled from the conversation: its title, the answer's words and credit to both authors.
  await expect.poll(() => c.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe(question);
  expect(await c.getByRole('textbox', { name: /^Summary/ }).inputValue()).toContain('buried stake');
  expect(await c.getByRole('radio', { name: /Lesson learned/ }).getAttribute('aria-checked')).toBe('true');
  const credited = await c
    .locator('#resource-credits input')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(credited.join(' | ')).toContain('Tomasz Reed');
  expect(await accessibilityViolations(c)).toEqual([]);
  await c.getByRole('textbox', { name: /^Title/ }).fill('Mark transects with GPS and a buried stake');
  await c.getByRole('button', { name: 'Publish', exact: true }).click();

  // --- It is in the repertoire, credited to the answerer, linked back to the conversation.
  await c.getByRole('heading', { level: 1, name: 'Mark transects with GPS and a buried stake' }).waitFor();
  await c.getByText('From an answer in').waitFor();
  const article = c.getByRole('article', { name: 'Mark transects with GPS and a buried stake' });
  await article.getByRole('link', { name: 'Tomasz Reed' }).waitFor();
  const resourceUrl = c.url();

  // The answerer hears about it.
  const answering = await open(answerer);
  await answering.page.goto(`${url}/notifications`);
  await answering.page
    .getByRole('list', { name: 'Notifications' })
    .getByText('Cora Coordinator credited you in Mark transects with GPS and a buried stake')
    .waitFor();

  // --- The curator makes a path for newcomers and adds the resource to it from its page.
  await c.goto(`${url}/c/${slug}/collections/new`);
  await c.getByRole('textbox', { name: /^Title/ }).fill('Start here');
  await c.getByRole('textbox', { name: /^Introduction/ }).fill('The field methods we agree on.');
  await c.getByRole('button', { name: 'Create' }).click();
  await c.getByRole('heading', { level: 1, name: 'Start here' }).waitFor();
  await c.goto(resourceUrl);
  await c.getByRole('button', { name: 'Add to a path or collection' }).click();
  await c.getByRole('dialog').getByRole('combobox', { name: 'Path or collection' }).click();
  await c.getByRole('option', { name: /Start here/ }).click();
  await c.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
  await notification(c, 'Added to Start here.');
  await c
    .getByRole('complementary', { name: 'About this resource' })
    .getByRole('link', { name: 'Start here' })
    .waitFor();

  // --- A newcomer finds the path in the repertoire and works through it with the keyboard.
  const n = (await open(newcomer)).page;
  await n.goto(`${url}/c/${slug}/repertoire`);
  await n.getByRole('list', { name: 'Paths and collections' }).getByRole('link', { name: 'Start here' }).click();
  await n.getByRole('heading', { level: 1, name: 'Start here' }).waitFor();
  await n.getByText('0 of 1 done').waitFor();
  const done = n.getByRole('checkbox', { name: 'Done: Mark transects with GPS and a buried stake' });
  await done.focus();
  await n.keyboard.press('Space');
  await n.getByText('You completed this path!').waitFor();
  await n.getByText('All 1 done', { exact: true }).waitFor();
  expect(await accessibilityViolations(n)).toEqual([]);
  await screenshot(n, 'repertoire-path-complete');

  // The progress is kept: back on the repertoire, the path shows it.
  await n.goto(`${url}/c/${slug}/repertoire`);
  await n.getByRole('list', { name: 'Paths and collections' }).getByText('All 1 done').waitFor();

  // --- The conversation now says where its answer went.
  await n.goto(`${url}/c/${slug}/posts/${questionId}`);
  await n.getByText('In the repertoire:').waitFor();
  await n.getByRole('link', { name: 'Mark transects with GPS and a buried stake' }).waitFor();

  for (const v of visitors) expect(v.problems).toEqual([]);
});
