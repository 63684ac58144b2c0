import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  healthAssessments,
  surveyAnswers,
  surveyQuestions,
  surveyResponses,
  surveys,
} from '../src/server/db/schema/index.js';
import { previousQuarter, quarterOf } from '../src/server/modules/health/assessment-quarters.js';
import { assessmentQuestions } from '../src/server/modules/health/assessment-questions.js';
import { simulateCommunity } from '../src/server/modules/health/simulate/index.js';
import { setupTestApp, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { testWebDir } from './build-web.js';
import { notification, signInThroughPage, visitor, type Visitor } from './flows.js';

/**
 * The quarterly assessment and the sponsor report from end to end: a coordinator of a simulated
 * community with months of activity fills in this quarter's assessment, finds it in the history
 * with the change since last time, then downloads the sponsor report as CSV and PDF.
 */

let t: TestApp;
let url: string;
let browser: Browser;
let slug: string;
let coordinatorEmail: string;
const visitors: Visitor[] = [];

const current = quarterOf(new Date(), 'UTC');
const earlier = previousQuarter(previousQuarter(current));

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  const cora = await t.createUser({ name: 'Cora Coordinator' });
  coordinatorEmail = cora.email;
  const sim = await simulateCommunity(t.deps.db, {
    scenario: 'healthy',
    coordinators: [cora],
    size: 40,
    months: 6,
    seed: 11,
  });
  slug = sim.slug;

  // Half a year ago the community was assessed as Forming: the comparison point for this quarter.
  await t.deps.db.insert(healthAssessments).values({
    communityId: sim.communityId,
    quarter: earlier,
    answers: Object.fromEntries(assessmentQuestions.map((q) => [q.id, { score: 2, comment: '' }])),
    figures: {
      health: { members: { total: 12, joined: 12, left: 0, onBreak: 0 }, outcomes: { acceptedAnswers: 2 } },
      reasons: ['Forming: 12 members, 3 members contribute.'],
    },
    proposedStage: 'forming',
    stage: 'forming',
    createdBy: cora.id,
  });

  // A closed survey with a few answers, for the report's highlights.
  const [survey] = await t.deps.db
    .insert(surveys)
    .values({
      communityId: sim.communityId,
      title: 'Spring pulse',
      status: 'closed',
      anonymous: true,
      sentAt: new Date(Date.now() - 40 * 86_400_000),
      closedAt: new Date(Date.now() - 30 * 86_400_000),
      responseCount: 5,
    })
    .returning();
  const [scale, choice] = await t.deps.db
    .insert(surveyQuestions)
    .values([
      { surveyId: survey!.id, position: 0, kind: 'scale5', prompt: 'How useful is the community to your work?' },
      {
        surveyId: survey!.id,
        position: 1,
        kind: 'single',
        prompt: 'Which format helps you most?',
        options: ['Clinics', 'Talks', 'Reading groups'],
      },
    ])
    .returning();
  for (const [score, format] of [
    [5, 'Clinics'],
    [4, 'Clinics'],
    [4, 'Talks'],
    [3, 'Clinics'],
    [5, 'Reading groups'],
  ] as const) {
    const [response] = await t.deps.db
      .insert(surveyResponses)
      .values({ surveyId: survey!.id, submittedOn: new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10) })
      .returning();
    await t.deps.db.insert(surveyAnswers).values([
      { responseId: response!.id, questionId: scale!.id, value: score },
      { responseId: response!.id, questionId: choice!.id, value: format },
    ]);
  }
}, 180_000);

afterAll(async () => {
  for (const v of visitors) await v.context.close();
  await browser?.close();
  await t?.close();
});

async function open(options: { width?: number; height?: number } = {}) {
  const v = await visitor(browser, options);
  visitors.push(v);
  await signInThroughPage(v.page, url, coordinatorEmail);
  return v;
}

async function noSidewaysScroll(page: Page) {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(viewport + 1);
}

/** Picks a score in a question's 1–5 control (its radio group is named by the question). */
async function score(page: Page, prompt: string, value: number) {
  const group = page.getByRole('radiogroup', { name: prompt });
  await group
    .locator('label')
    .filter({ hasText: new RegExp(`^${value}`) })
    .click();
  await expect.poll(() => group.getByRole('radio', { checked: true }).count()).toBe(1);
}

it('fills in this quarter’s assessment and finds it in the history, with the change since last time', async () => {
  const { page: p } = await open();
  await p.goto(`${url}/c/${slug}/health`);
  await p.getByRole('tab', { name: 'Assessments' }).click();
  await p.getByRole('heading', { level: 2, name: 'Assessments' }).waitFor();
  await p.getByRole('article', { name: `${earlier} assessment` }).waitFor();

  await p.getByRole('link', { name: 'Start this quarter’s assessment' }).click();
  await p.getByRole('heading', { level: 2, name: `Assessment for ${current}` }).waitFor();
  const form = p.getByRole('form', { name: `Assessment for ${current}` });
  await form.waitFor();
  // The figures so far, against the last assessment.
  await form
    .getByRole('region', { name: `Figures for ${current} so far` })
    .getByText('Members', { exact: true })
    .waitFor();

  // Saving with questions unanswered is refused on the page, naming how many.
  await form.getByRole('button', { name: 'Save assessment' }).click();
  await form.getByRole('alert').filter({ hasText: '9 questions have no score yet.' }).waitFor();

  const scores = [4, 4, 3, 5, 4, 3, 4, 3, 4];
  for (const [i, q] of assessmentQuestions.entries()) await score(p, q.prompt, scores[i]!);
  await form
    .getByRole('group', { name: assessmentQuestions[3]!.prompt })
    .getByRole('textbox', { name: 'Comment (optional)' })
    .fill('Newcomers ask their first question within a week.');

  // The proposed stage is preselected, with the reasons it rests on.
  const proposal = form.getByRole('region', { name: 'What the figures propose' });
  await proposal.waitFor();
  const stages = form.getByRole('radiogroup', { name: 'Stage for this quarter' });
  const proposedLabel = (await stages.getByRole('radio', { checked: true }).getAttribute('value')) ?? '';
  expect(['potential', 'forming', 'building', 'engaged', 'active', 'transforming']).toContain(proposedLabel);

  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'assessment-form');

  await form.getByRole('button', { name: 'Save assessment' }).click();
  await notification(p, `The ${current} assessment is saved.`);
  await p.waitForURL((u) => u.searchParams.get('quarter') === current);
  await p.getByRole('heading', { level: 2, name: `${current} assessment` }).waitFor();
  const answers = p.getByRole('table', { name: 'Scores against last time' });
  await answers.waitFor();
  // Every question went up from 2, the first by two points.
  await answers
    .getByRole('row', { name: new RegExp(assessmentQuestions[0]!.prompt.replace(/[?]/g, '\\?')) })
    .getByText('+2')
    .waitFor();
  await p.getByText('Newcomers ask their first question within a week.').waitFor();
  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'assessment-view');

  await p.getByRole('link', { name: 'All assessments' }).click();
  const history = p.getByRole('list', { name: 'Past assessments' });
  await history.getByRole('article', { name: `${current} assessment` }).waitFor();
  expect(await history.getByRole('article').count()).toBe(2);
  // The first in the list is the newest; the timeline says the same in words.
  await expect.poll(() => history.getByRole('article').first().textContent()).toContain(current);
  await p
    .getByRole('figure', { name: 'Stage by quarter' })
    .getByText(new RegExp(`${current}: \\w+`))
    .waitFor();
  await p.getByRole('link', { name: `Edit the ${current} assessment` }).waitFor();
  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'assessment-history');

  // On a phone: the form and the history fit the width.
  const phone = (await open({ width: 390, height: 844 })).page;
  await phone.goto(`${url}/c/${slug}/health/assessments?fill=${current}`);
  await phone.getByRole('form', { name: `Assessment for ${current}` }).waitFor();
  await noSidewaysScroll(phone);
  await screenshot(phone, 'assessment-form-390');
  await phone.goto(`${url}/c/${slug}/health/assessments`);
  await phone.getByRole('list', { name: 'Past assessments' }).waitFor();
  await noSidewaysScroll(phone);
  await screenshot(phone, 'assessment-history-390');
  await phone.goto(`${url}/c/${slug}/health/assessments?quarter=${current}`);
  await phone.getByRole('table', { name: 'Scores against last time' }).waitFor();
  await noSidewaysScroll(phone);
  await screenshot(phone, 'assessment-view-390');

  for (const v of visitors) expect(v.problems).toEqual([]);
});

it('previews the sponsor report for a period and downloads it as CSV and PDF', async () => {
  const { page: p } = await open();
  await p.goto(`${url}/c/${slug}/health`);
  await p.getByRole('tab', { name: 'Sponsor report' }).click();
  await p.getByRole('heading', { level: 2, name: 'Sponsor report' }).waitFor();

  const period = p.getByRole('radiogroup', { name: 'Period' });
  await period.locator('label').filter({ hasText: 'Last year' }).click();
  await p.getByRole('region', { name: 'At a glance' }).waitFor();
  await p.getByRole('figure', { name: 'Engagement by participation mode' }).waitFor();
  const surveys = p.getByRole('region', { name: 'Survey highlights' });
  await surveys.getByRole('article', { name: 'Spring pulse' }).waitFor();
  await surveys.getByText('Top choice: Clinics').waitFor();

  // A custom period that runs backwards is refused before anything is asked of the server.
  await period.locator('label').filter({ hasText: 'Custom' }).click();
  await p.getByRole('textbox', { name: 'To' }).fill('2020-01-01');
  await p.getByText('The end comes before the start.').waitFor();
  await expect.poll(() => p.getByRole('button', { name: 'Download CSV' }).isDisabled()).toBe(true);
  await period.locator('label').filter({ hasText: 'Last year' }).click();

  expect(await accessibilityViolations(p)).toEqual([]);
  await screenshot(p, 'sponsor-report');

  const [csv] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(
    new RegExp(`^${slug}-sponsor-report-\\d{4}-\\d{2}-\\d{2}-to-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  const text = readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, '');
  expect(text.split('\r\n')[0]).toBe('Sponsor report');
  expect(text).toContain('Members month by month');
  expect(text).toContain('Spring pulse');
  expect(text).not.toContain('Cora Coordinator');

  const [pdf] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: 'Download PDF' }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  const phone = (await open({ width: 390, height: 844 })).page;
  await phone.goto(`${url}/c/${slug}/health/report`);
  await phone.getByRole('region', { name: 'At a glance' }).waitFor();
  await phone.getByRole('figure', { name: 'Outcomes' }).waitFor();
  await noSidewaysScroll(phone);
  await screenshot(phone, 'sponsor-report-390');

  for (const v of visitors) expect(v.problems).toEqual([]);
});
