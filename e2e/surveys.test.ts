import { testWebDir } from './build-web.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCommunity, buildMember, type CommunityRow } from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type Client, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { bell, notification, signInThroughPage, visitor, type Visitor } from './flows.js';

/**
 * Surveys from end to end: a coordinator builds a three-question anonymous survey (reordering a
 * question with the keyboard), saves and sends it; a member hears of it from the bell, answers
 * (after being told what is missing) and is thanked; the coordinator reads the results as
 * charts, on a wide screen and a phone, and closes the survey.
 */

let t: TestApp;
let url: string;
let browser: Browser;
let community: CommunityRow;
const visitors: Visitor[] = [];

const slug = 'field-ecologists';
const communityName = 'Field Ecologists';
type Person = Awaited<ReturnType<TestApp['createUser']>>;
let cora: Person;
let milo: Person;
const others: { person: Person; client: Client }[] = [];

const title = 'How are the field days going?';
const single = 'How did you first hear about us?';
const scale = 'How likely are you to recommend the field days to a colleague?';
const words = 'What should we do more of?';

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();
  cora = await t.createUser({ name: 'Cora Coordinator' });
  community = await buildCommunity(t, { createdBy: cora, name: communityName, slug });
  milo = await t.createUser({ name: 'Milo Member' });
  await buildMember(t, community, milo);
  for (const name of ['Ann Answer', 'Bo Busy']) {
    const person = await t.createUser({ name });
    await buildMember(t, community, person);
    const client = t.client();
    const res = await client.post('/api/v1/auth/signin', { email: person.email, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    others.push({ person, client });
  }
});

afterAll(async () => {
  for (const v of visitors) await v.context.close();
  await browser?.close();
  await t?.close();
});

async function open(person: Person, options: { width?: number; height?: number } = {}) {
  const v = await visitor(browser, options);
  visitors.push(v);
  await signInThroughPage(v.page, url, person.email);
  return v;
}

const noSidewaysScroll = async (page: Page) => {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(viewport + 1);
};

/** The prompts of the builder's questions, in order. */
const builderOrder = (page: Page) =>
  page.locator('input[id$="-prompt"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

it('builds, sends, answers and reads a survey', async () => {
  // --- The coordinator starts a survey from the Surveys tab.
  const c = await open(cora);
  const o = c.page;
  await o.goto(`${url}/c/${slug}`);
  await o.getByRole('navigation', { name: 'Community sections' }).getByRole('link', { name: 'Surveys' }).click();
  await o.getByRole('heading', { level: 2, name: 'Surveys' }).waitFor();
  await o.getByRole('link', { name: 'New survey' }).first().click();
  await o.getByRole('heading', { level: 2, name: 'New survey' }).waitFor();

  // Saving an empty survey says what is missing.
  await o.getByRole('button', { name: 'Save draft' }).click();
  await o.getByText('Give the survey a title.').waitFor();
  await o.getByText('Add at least one question.').waitFor();

  await o.getByRole('textbox', { name: 'Title' }).fill(title);
  await o
    .getByRole('textbox', { name: 'Introduction' })
    .fill('Three short questions about our field days. It takes two minutes.');
  await o.getByRole('switch', { name: 'Anonymous' }).check({ force: true });
  await o.getByText('Answers are stored without any link to the member who gave them').waitFor();

  const add = o.getByRole('group', { name: 'Add a question' });
  await add.getByRole('button', { name: 'Single choice' }).click();
  // The new question's words have the focus.
  await expect.poll(() => o.evaluate(() => document.activeElement?.id ?? '')).toMatch(/-prompt$/);
  await o.keyboard.type(single);
  await o.getByRole('textbox', { name: 'Option 1 of question 1' }).fill('A colleague');
  await o.getByRole('textbox', { name: 'Option 2 of question 1' }).fill('A conference');
  await o.getByRole('button', { name: 'Add an option to question 1' }).click();
  await o.getByRole('textbox', { name: 'Option 3 of question 1' }).fill('The web');
  await add.getByRole('button', { name: 'Text' }).click();
  const prompt = (n: number) =>
    o.getByRole('group', { name: `Question ${n}` }).getByRole('textbox', { name: 'Question', exact: true });
  await prompt(2).fill(words);
  await o.getByRole('switch', { name: 'Question 2 must be answered' }).uncheck({ force: true });
  await add.getByRole('button', { name: 'Scale 0–10' }).click();
  await prompt(3).fill(scale);

  // The scale goes up one place, with the keyboard; focus stays on the moved question's button.
  await o.getByRole('button', { name: 'Move question 3 up' }).focus();
  await o.keyboard.press('Enter');
  await expect.poll(() => builderOrder(o)).toEqual([single, scale, words]);
  await expect
    .poll(() => o.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
    .toBe('Move question 2 up');
  await o.getByRole('status').filter({ hasText: 'Moved question 3 to position 2 of 3.' }).waitFor();

  expect(await accessibilityViolations(o)).toEqual([]);
  await screenshot(o, 'survey-editor');
  await o.getByRole('button', { name: 'Save draft' }).click();
  await o.waitForURL((u) => /^\/c\/[^/]+\/surveys\/[0-9a-f-]{36}\/edit$/.test(u.pathname));
  await o.getByText('All changes saved').waitFor();
  const surveyId = new URL(o.url()).pathname.split('/')[4];
  // The builder on a phone.
  await o.setViewportSize({ width: 390, height: 844 });
  await o.getByRole('button', { name: 'Move question 1 down' }).waitFor();
  await noSidewaysScroll(o);
  await screenshot(o, 'survey-editor-390');
  await o.setViewportSize({ width: 1280, height: 900 });

  // --- Sent, after a confirmation that names the audience.
  await o.getByRole('button', { name: 'Send to 4 members' }).click();
  const dialog = o.getByRole('dialog', { name: 'Send this survey?' });
  await dialog.getByText(`everyone who is a current member of ${communityName}`).waitFor();
  // Checked once it has faded in: mid-transition every colour is paler than it will be.
  await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).opacity), { timeout: 5_000 }).toBe('1');
  expect(await accessibilityViolations(o)).toEqual([]);
  await dialog.getByRole('button', { name: 'Send to 4 members' }).click();
  await notification(o, 'The survey is on its way to every member.');
  await o.waitForURL((u) => u.pathname === `/c/${slug}/surveys/${surveyId}`);
  await o.getByText('Results appear at three answers').waitFor();

  // Two members answer (over the API).
  const survey = (await others[0].client.get(`/api/v1/communities/${slug}/surveys/${surveyId}`)).body;
  const [q1, q2, q3] = survey.questions as { id: string; prompt: string }[];
  expect([q1.prompt, q2.prompt, q3.prompt]).toEqual([single, scale, words]);
  for (const [i, { client }] of others.entries()) {
    const res = await client.post(`/api/v1/communities/${slug}/surveys/${surveyId}/responses`, {
      answers: [
        { questionId: q1.id, value: i === 0 ? 'A colleague' : 'The web' },
        { questionId: q2.id, value: i === 0 ? 10 : 6 },
        { questionId: q3.id, value: i === 0 ? 'More mornings at the estuary.' : 'Longer lunch breaks.' },
      ],
    });
    expect(res.status).toBe(201);
  }

  // --- The member hears of it from the bell and answers.
  const m = await open(milo);
  const p = m.page;
  await p.goto(`${url}/c/${slug}`);
  await bell(p, 1).click();
  const item = p
    .getByRole('menuitem')
    .filter({ hasText: `Cora Coordinator asked you to answer a survey in ${communityName}` });
  await item.click();
  await p.waitForURL((u) => u.pathname === `/c/${slug}/surveys`);
  await p.getByRole('heading', { name: 'To answer' }).waitFor();
  await p
    .getByRole('list', { name: 'Surveys to answer' })
    .getByRole('link', { name: `Answer “${title}”` })
    .click();
  await p.waitForURL((u) => u.pathname === `/c/${slug}/surveys/${surveyId}`);
  await p.getByRole('heading', { level: 2, name: title }).waitFor();
  await p.getByText('This survey is anonymous').waitFor();

  // Sending nothing says what is missing, next to each required question.
  await p.getByRole('button', { name: 'Send my answers' }).click();
  await p.getByText('Some answers need attention: see the messages above.').waitFor();
  expect(await p.getByText('Please answer this question.').count()).toBe(2);
  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'survey-answer-errors');

  // The rest on a phone: the form fits, the 0–10 scale included.
  await p.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(p);
  await p.getByRole('radiogroup', { name: single }).getByRole('radio', { name: 'The web' }).check();
  const scaleGroup = p.getByRole('radiogroup', { name: scale });
  expect(await scaleGroup.getByRole('radio').count()).toBe(11);
  await scaleGroup.getByText('9', { exact: true }).click();
  await expect.poll(() => scaleGroup.getByRole('radio', { name: '9' }).isChecked()).toBe(true);
  await p.getByRole('textbox', { name: words }).fill('A night walk to listen for owls.');
  expect(await p.getByText('Please answer this question.').count()).toBe(0);
  await noSidewaysScroll(p);
  await screenshot(p, 'survey-answer-390');
  await p.getByRole('button', { name: 'Send my answers' }).click();
  await p.getByRole('heading', { name: 'Thank you! Your answers are in.' }).waitFor();
  await p.getByText('nobody can see which answers are yours').waitFor();
  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'survey-thank-you');
  await p.goto(`${url}/c/${slug}/surveys`);
  await p.getByRole('list', { name: 'Surveys you answered' }).getByText(title).waitFor();

  // --- The coordinator reads the results: charts, with words for screen readers, and the response rate.
  await o.reload();
  await o.getByRole('figure', { name: words }).waitFor();
  expect(await o.getByRole('figure').count()).toBe(3);
  await o.getByText('3 of 4 members answered (75%).', { exact: false }).waitFor();
  const first = o.getByRole('figure', { name: single });
  await first.getByText('3 members answered. Most chosen: The web (2, 67%).').waitFor();
  await first.locator('.recharts-bar-rectangle').first().waitFor();
  const second = o.getByRole('figure', { name: scale });
  await second.getByText('3 members answered. Mean 8.3, median 9 on a scale of 0 to 10.').waitFor();
  await second.getByText('2 promoters (9–10)').waitFor();
  await second.getByText('1 detractor (0–6)').waitFor();
  const third = o.getByRole('figure', { name: words });
  await third.getByText('In no particular order, without names.', { exact: false }).waitFor();
  for (const text of ['More mornings at the estuary.', 'Longer lunch breaks.', 'A night walk to listen for owls.']) {
    await third.getByText(text).waitFor();
  }
  expect(await third.getByText(/Ann Answer|Bo Busy|Milo Member/).count()).toBe(0);
  expect(await accessibilityViolations(o)).toEqual([]);
  await screenshot(o, 'survey-results');

  const small = await open(cora, { width: 390, height: 844 });
  await small.page.goto(`${url}/c/${slug}/surveys/${surveyId}`);
  await small.page.getByRole('figure', { name: scale }).locator('.recharts-bar-rectangle').first().waitFor();
  await noSidewaysScroll(small.page);
  expect(await accessibilityViolations(small.page)).toEqual([]);
  await screenshot(small.page, 'survey-results-390');

  // --- Closed by hand, after a confirmation.
  await o.getByRole('button', { name: 'Close survey' }).click();
  await o.getByRole('dialog', { name: 'Close this survey?' }).getByRole('button', { name: 'Close survey' }).click();
  await notification(o, 'The survey is closed.');
  await o
    .locator('.mantine-Badge-root')
    .filter({ hasText: /^Closed$/ })
    .waitFor();
  // The confirmation fades out after the badge changes: wait for its button to go too.
  await expect.poll(() => o.getByRole('button', { name: 'Close survey' }).count()).toBe(0);
  await o.goto(`${url}/c/${slug}/surveys`);
  await o.getByRole('list', { name: 'Surveys' }).getByText('3', { exact: true }).waitFor();
  expect(await accessibilityViolations(o)).toEqual([]);
  await screenshot(o, 'survey-list');

  for (const v of visitors) expect(v.problems).toEqual([]);
});
