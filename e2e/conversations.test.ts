import { testWebDir } from './build-web.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCommunity, buildMember, buildPost, type CommunityRow } from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import {
  badge,
  bell,
  eventStreamLog,
  eventStreamReady,
  mentionWithKeyboard,
  notification,
  recordEventStreams,
  searchFromHeader,
  signInThroughPage,
  visitor,
  withoutEventSource,
  type Visitor,
} from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

const slug = 'estuary-modellers';
const publicSlug = 'open-estuary-forum';
const communityName = 'Estuary Modellers';
type Person = Awaited<ReturnType<TestApp['createUser']>>;
let asker: Person;
let answerer: Person;
let outsider: Person;

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  const coordinator = await t.createUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, {
    createdBy: coordinator,
    visibility: 'private',
    name: communityName,
    slug,
    topics: ['Tides', 'Sediment transport', 'Calibration'],
  });
  asker = await t.createUser({ name: 'Marisol Quintero' });
  answerer = await t.createUser({ name: 'Tobias Brandt' });
  // Someone whose name starts like the asker's, so picking from the suggestions is a real choice.
  const namesake = await t.createUser({ name: 'Mariana Holt' });
  for (const person of [asker, answerer, namesake]) await buildMember(t, community, person);
  outsider = await t.createUser({ name: 'Otto Outsider' });
  // A public community the asker also belongs to, for what signed-out visitors see.
  const forum = await buildCommunity(t, { createdBy: coordinator, name: 'Open Estuary Forum', slug: publicSlug });
  await buildMember(t, forum, asker);
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

/** The reply (in the thread, not the pinned copy above it) written by `name`. */
const replyBy = (page: Page, name: string) => page.getByRole('article', { name: `Reply by ${name}`, exact: true });

it('takes a question from asking to an accepted answer, live, and keeps it inside the community', async () => {
  const title = 'How do you calibrate a sediment model against sparse turbidity data?';
  const word = 'quokkafication';

  // --- (a) The asker starts a question on the New post page.
  const a = await open();
  await recordEventStreams(a.context);
  await signInThroughPage(a.page, url, asker.email);
  await a.page.goto(`${url}/c/${slug}/posts/new`);
  await a.page.getByRole('heading', { level: 1, name: communityName }).waitFor();
  await a.page.getByRole('heading', { level: 2, name: 'New post' }).waitFor();
  const form = a.page.getByRole('form', { name: 'New post' });
  await form.getByText('Question', { exact: true }).click();
  expect(await form.getByRole('radio', { name: 'Question' }).isChecked()).toBe(true);
  await form.getByRole('textbox', { name: /^Title/ }).fill(title);
  await form
    .getByRole('textbox', { name: /^Body/ })
    .fill('We have three turbidity sensors for the whole estuary.\n\nHow do you **calibrate** with so little data?');
  const tags = form.getByLabel('Tags', { exact: true });
  await tags.click();
  await tags.pressSequentially('Sedim');
  await a.page.getByRole('option', { name: 'Sediment transport' }).click();
  // The list stays open for more picks; Escape closes it.
  await tags.press('Escape');
  await a.page.getByRole('option', { name: 'Tides' }).waitFor({ state: 'hidden' });
  await form.getByRole('button', { name: 'Publish' }).click();
  await a.page.waitForURL(/\/c\/estuary-modellers\/posts\/[0-9a-f-]{36}$/);
  const postUrl = a.page.url();
  const postId = postUrl.split('/').at(-1)!;
  await a.page.getByRole('heading', { level: 1, name: title }).waitFor();
  await notification(a.page, 'Your post is live.');
  await badge(a.page, 'Question').first().waitFor();
  await badge(a.page, 'Open').waitFor();
  await a.page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: '#Sediment transport' }).waitFor();
  await screenshot(a.page, 'conversations-01-question');
  const created = await (await a.context.request.get(`${url}/api/v1/communities/${slug}/posts/${postId}`)).json();
  expect(created).toMatchObject({ kind: 'question', title, tags: ['Sediment transport'], answered: false });

  // The asker stays on the post. Its bell is empty and its live stream is connected.
  await bell(a.page, 0).waitFor();
  await eventStreamReady(a.page);
  await a.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // A control: the same person in a browser without EventSource. Only the stream can move its bell.
  const control = await open();
  await withoutEventSource(control.context);
  await signInThroughPage(control.page, url, asker.email, `/c/${slug}/posts/${postId}`);
  await control.page.getByRole('heading', { level: 1, name: title }).waitFor();
  await bell(control.page, 0).waitFor();

  // --- (b) The answerer replies, mentioning the asker through the suggestions.
  const b = await open();
  await signInThroughPage(b.page, url, answerer.email, `/c/${slug}/posts/${postId}`);
  await b.page.getByRole('heading', { level: 1, name: title }).waitFor();
  const composer = b.page.getByRole('form', { name: 'Your answer' });
  const box = composer.getByRole('textbox', { name: 'Your answer' });
  await box.click();
  await mentionWithKeyboard(b.page, box, 'mari', 'Marisol Quintero');
  expect(await box.inputValue()).toBe(`@${asker.handle} `);
  await box.pressSequentially(`try ${word}: fit the settling velocity on the flood tide only, then check the ebb.`);
  await composer.getByRole('button', { name: 'Reply' }).click();
  const answer = replyBy(b.page, 'Tobias Brandt');
  await answer.getByText(word).waitFor();
  expect(await box.inputValue()).toBe('');
  // The mention became a link to the asker's profile in this community.
  const mention = answer.getByRole('link', { name: `@${asker.handle}` });
  expect(await mention.getAttribute('href')).toBe(`/c/${slug}/members/${asker.id}`);
  await screenshot(b.page, 'conversations-02-answer');

  // --- (c) The asker's open page hears about it live: the bell counts it and says who mentioned them.
  await bell(a.page, 1).waitFor();
  expect(await a.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect((await eventStreamLog(a.page)).map((e) => e.event)).toContain('notification');
  // Without the stream nothing moved; a reload shows the server had it all along.
  expect(await bell(control.page, 0).isVisible()).toBe(true);
  await control.page.reload();
  await bell(control.page, 1).waitFor();
  await control.context.close();

  await bell(a.page, 1).click();
  const item = a.page.getByRole('menuitem').filter({ hasText: `Tobias Brandt mentioned you in ${title}` });
  await item.waitFor();
  await screenshot(a.page, 'conversations-03-bell');
  await item.click();
  await a.page.waitForURL((u) => u.pathname === `/c/${slug}/posts/${postId}` && u.hash.startsWith('#reply-'));
  await bell(a.page, 0).waitFor();

  // --- (d) The notification led to the reply on the page already open; the asker accepts it.
  const answerForAsker = replyBy(a.page, 'Tobias Brandt');
  await answerForAsker.getByText(word).waitFor();
  // …and brought it to the asker's attention (it is the focused element).
  const replyAnchor = new URL(a.page.url()).hash.slice(1);
  expect(await answerForAsker.getAttribute('id')).toBe(replyAnchor);
  await a.page.waitForFunction((id) => document.activeElement?.id === id, replyAnchor);
  await answerForAsker.getByRole('button', { name: 'Accept answer' }).click();
  await notification(a.page, 'Tobias Brandt’s reply is now the accepted answer.');
  const accepted = async (page: Page) => {
    await badge(page, 'Answered').waitFor();
    await page.locator('.mantine-Alert-root').filter({ hasText: 'Answered' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Accepted answer' }).waitFor();
    await page.getByRole('article', { name: 'Accepted answer by Tobias Brandt' }).getByText(word).waitFor();
    await badge(replyBy(page, 'Tobias Brandt'), 'Accepted answer').waitFor();
    expect(await replyBy(page, 'Tobias Brandt').getAttribute('data-accepted')).toBe('true');
    expect(await badge(page, 'Open').count()).toBe(0);
  };
  await accepted(a.page);
  await screenshot(a.page, 'conversations-04-accepted');

  await b.page.reload();
  await b.page.getByRole('heading', { level: 1, name: title }).waitFor();
  await accepted(b.page);
  // Accepting it told the answerer, too.
  await bell(b.page, 1).click();
  await b.page
    .getByRole('menuitem')
    .filter({ hasText: `Marisol Quintero accepted your answer in ${title}` })
    .waitFor();
  await b.page.keyboard.press('Escape');

  // --- (e) The asker finds the question by a word only the answer has.
  await searchFromHeader(a.page, word);
  const results = a.page.getByRole('list', { name: 'Search results' });
  const hit = results.getByRole('listitem').filter({ has: a.page.getByRole('link', { name: title }) });
  await hit.waitFor();
  await hit.getByText('Matched in a reply').waitFor();
  expect((await hit.locator('.cp-snippet mark').allTextContents()).map((m) => m.toLowerCase())).toContain(word);
  await a.page
    .getByRole('status')
    .filter({ hasText: `1 result for “${word}”` })
    .waitFor();
  await screenshot(a.page, 'conversations-05-search');

  // --- (f) An outsider neither finds it nor opens it.
  const o = await open();
  await signInThroughPage(o.page, url, outsider.email);
  await o.page.getByRole('heading', { level: 1, name: 'Welcome, Otto' }).waitFor();
  await searchFromHeader(o.page, word);
  await o.page.getByText(`No results for “${word}”`, { exact: true }).waitFor();
  expect(await o.page.getByRole('list', { name: 'Search results' }).count()).toBe(0);
  expect(await o.page.getByText(title).count()).toBe(0);
  await screenshot(o.page, 'conversations-06-outsider-search');
  await o.page.goto(postUrl);
  await o.page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  expect(await o.page.getByText(title).count()).toBe(0);
  expect(await o.page.getByText(communityName).count()).toBe(0);
  const api = o.context.request;
  expect((await api.get(`${url}/api/v1/communities/${slug}/posts/${postId}`)).status()).toBe(404);
  expect((await (await api.get(`${url}/api/v1/search?q=${word}`)).json()).items).toEqual([]);

  for (const v of visitors) expect(v.problems).toEqual([]);
});

it('lets a member follow another from their profile, and hear about their next post', async () => {
  const b = await open();
  await signInThroughPage(b.page, url, answerer.email, `/c/${slug}/members/${asker.id}`);
  const profile = b.page.getByRole('region', { name: 'Marisol Quintero' });
  await profile.getByRole('heading', { level: 2, name: 'Marisol Quintero' }).waitFor();
  await profile.getByRole('button', { name: 'Follow Marisol Quintero' }).click();
  await notification(b.page, 'You will hear when Marisol Quintero starts a conversation.');
  await profile.getByRole('button', { name: 'Unfollow Marisol Quintero' }).waitFor();
  await screenshot(b.page, 'conversations-07-following');
  // The pages sweep sees the button before following; this is the other state.
  expect(await accessibilityViolations(b.page)).toEqual([]);
  const follows = async () =>
    (await (await b.context.request.get(`${url}/api/v1/communities/${slug}/follows`)).json()) as {
      members: { id: string }[];
    };
  expect((await follows()).members.map((m) => m.id)).toEqual([asker.id]);
  // It survives a reload: the button reads what the server says.
  await b.page.reload();
  await profile.getByRole('button', { name: 'Unfollow Marisol Quintero' }).waitFor();

  // The asker's next post reaches the follower, live.
  const before = (await (await b.context.request.get(`${url}/api/v1/notifications/unread-count`)).json()).unreadCount;
  const client = t.client();
  await client.post('/api/v1/auth/signin', { email: asker.email, password: TEST_PASSWORD });
  const post = await buildPost(t, community, client, { title: 'Tide gauge offsets after the storm' });
  await bell(b.page, before + 1).click();
  await b.page
    .getByRole('menuitem')
    .filter({ hasText: `Marisol Quintero posted ${post.title}` })
    .waitFor();
  await b.page.keyboard.press('Escape');

  // Unfollowing undoes it.
  await profile.getByRole('button', { name: 'Unfollow Marisol Quintero' }).click();
  await notification(b.page, 'You no longer follow Marisol Quintero.');
  await profile.getByRole('button', { name: 'Follow Marisol Quintero' }).waitFor();
  expect((await follows()).members).toEqual([]);

  // No button on one's own profile. The asker sees it on someone else's first, so what it needs is
  // already loaded when their own profile opens (in the same page, without a reload).
  const a = await open();
  await signInThroughPage(a.page, url, asker.email, `/c/${slug}/members/${answerer.id}`);
  await a.page.getByRole('button', { name: 'Follow Tobias Brandt' }).waitFor();
  await a.page.getByRole('link', { name: 'My profile' }).click();
  await a.page.waitForURL(`${url}/c/${slug}/members/${asker.id}`);
  const own = a.page.getByRole('region', { name: 'Marisol Quintero' });
  await own.getByRole('heading', { level: 2, name: 'Marisol Quintero' }).waitFor();
  expect(await a.page.getByRole('button', { name: /Follow/ }).count()).toBe(0);

  // …nor for a signed-out visitor, who does not get member profiles at all.
  const anonymous = await open();
  await anonymous.page.goto(`${url}/c/${publicSlug}/members/${asker.id}`);
  await anonymous.page.getByRole('heading', { level: 1 }).first().waitFor();
  await anonymous.page.getByRole('status').filter({ hasText: /…$/ }).first().waitFor({ state: 'detached' });
  await screenshot(anonymous.page, 'conversations-08-profile-signed-out');
  expect(await anonymous.page.getByRole('button', { name: /Follow/ }).count()).toBe(0);

  for (const v of visitors) expect(v.problems).toEqual([]);
});
