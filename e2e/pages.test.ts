import { testWebDir } from './build-web.js';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../src/server/db/schema/index.js';
import {
  buildCommunity,
  buildInvitation,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
} from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';
import { signInThroughPage, visitor, type Visitor } from './flows.js';

let t: TestApp;
let url: string;
let browser: Browser;

/** What one visit of a page must show before it is judged: its h1, and something its data fills in. */
interface PageCheck {
  name: string;
  path: string;
  h1: string | RegExp;
  ready?: (page: Page) => Promise<void>;
  /** Where the app must send the visitor instead (a redirect). */
  landsOn?: string;
}

const seed = {
  admin: { name: 'Ada Admin', email: 'ada@example.org' },
  community: { name: 'Tidewater Data Stewards', slug: 'tidewater-data-stewards' },
  invited: 'newcomer@example.org',
  question: 'How do you document sensor calibration drift between field visits?',
  win: 'Our metadata catalogue passed the regional audit',
  need: 'Looking for a licence template for shared buoy data',
  searchWord: 'thermistor',
  resource: 'Log a reference reading at every field visit',
  tool: 'Drift offsets spreadsheet',
  path: 'Start here: calibration basics',
  due: 'Buoy maintenance checklist',
  event: 'Calibration clinic',
};
let memberId = '';
let questionId = '';
let answerId = '';
let resourceId = '';
let toolId = '';
let pathId = '';
let roundupId = '';
let mailId = '';
let mailSubject = '';
let eventId = '';
let sessionId = '';

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  const admin = await t.createUser({ ...seed.admin, isAdmin: true });
  const community = await buildCommunity(t, {
    createdBy: admin,
    name: seed.community.name,
    slug: seed.community.slug,
    domain: 'Keeping coastal monitoring data findable, documented and reusable across agencies.',
    joining: 'request',
    topics: ['Metadata', 'Sensor calibration', 'Data licensing'],
  });
  const members = [
    { name: 'Bea Okafor', role: 'core' as const, expertise: ['Metadata', 'R'] },
    { name: 'Chen Wu', role: 'member' as const, expertise: ['Python', 'Sensor calibration'] },
    {
      name: 'Dana Ruiz-Fernández de la Cruz',
      role: 'member' as const,
      expertise: ['Licensing'],
      status: 'on_break' as const,
      breakUntil: '2099-01-31',
    },
  ];
  const people: Record<string, { id: string; email: string }> = {};
  for (const m of members) {
    const user = await t.createUser({ name: m.name });
    people[m.name] = user;
    await buildMember(t, community, user, {
      role: m.role,
      expertise: m.expertise,
      status: m.status ?? 'active',
      breakUntil: m.breakUntil,
    });
    memberId ||= user.id;
  }
  const requester = await t.createUser({ name: 'Pia Pending' });
  await buildMember(t, community, requester, {
    status: 'pending',
    message: 'I run the buoy network in the north bay and would love to compare notes.',
  });
  await buildInvitation(t, community, { email: seed.invited, invitedBy: admin });
  // A real message in the outbox, sent the ordinary way.
  await t.client().post('/api/v1/auth/password-reset', { email: seed.admin.email });
  const [mail] = await t.deps.db.select().from(outbox).where(eq(outbox.to, seed.admin.email));
  mailId = mail.id;
  mailSubject = mail.subject;

  // Conversations: a question with an accepted answer and a threaded reply, a win and a need.
  // The admin asked the question, so the replies leave notifications for the admin.
  const as = async (person: { email: string }) => {
    const client = t.client();
    await client.post('/api/v1/auth/signin', { email: person.email, password: TEST_PASSWORD });
    return client;
  };
  const ada = await as(admin);
  const bea = await as(people['Bea Okafor']);
  const chen = await as(people['Chen Wu']);
  const question = await buildPost(t, community, ada, {
    kind: 'question',
    title: seed.question,
    body: `Our ${seed.searchWord} strings drift a little between visits. How do you **record** it so others can correct for it?`,
    tags: ['Sensor calibration'],
  });
  questionId = question.id;
  const answer = await buildReply(t, community, question, bea, {
    body: 'We log a reference reading at every visit and keep the offsets in a `drift.csv` next to the data.',
  });
  await buildReply(t, community, question, chen, {
    replyTo: answer.id,
    body: 'Same here, and we add the offsets to the dataset metadata so they travel with it.',
  });
  answerId = answer.id;
  const accepted = await ada.put(`/api/v1/communities/${community.slug}/posts/${question.id}/accepted`, {
    replyId: answer.id,
  });
  if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status}`);
  await buildPost(t, community, bea, {
    kind: 'win',
    title: seed.win,
    body: 'Every dataset now has a named steward and a licence. Thanks to everyone who filled in the gaps!',
    tags: ['Metadata'],
  });
  await buildPost(t, community, chen, {
    kind: 'need',
    title: seed.need,
    body: 'We want to share raw buoy data with two universities. Has anyone written a licence for that?',
    tags: ['Data licensing'],
  });

  // The repertoire: the accepted answer promoted (crediting Bea), a tool edited once so it has a
  // history, a shared note, a path the admin is part-way along, a member's proposal and a resource
  // due for review.
  const api = `/api/v1/communities/${community.slug}`;
  const expect201 = <T>(res: { status: number; body: T }, what: string) => {
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  resourceId = expect201(
    await ada.post(`${api}/resources`, {
      kind: 'lesson',
      format: 'read',
      title: seed.resource,
      summary: 'Keep the offsets in a `drift.csv` next to the data, and copy them into the dataset metadata.',
      tags: ['Sensor calibration'],
      from: { postId: question.id, replyId: answer.id },
    }),
    'promoting the answer',
  ).id;
  toolId = expect201(
    await ada.post(`${api}/resources`, {
      kind: 'tool',
      format: 'do',
      title: seed.tool,
      url: 'https://example.org/drift-offsets',
      summary: 'A spreadsheet that turns reference readings into offsets.',
      tags: ['Sensor calibration'],
      credits: [{ role: 'source', name: 'North Bay buoy team' }],
    }),
    'adding the tool',
  ).id;
  expect201(
    await ada.patch(`${api}/resources/${toolId}`, {
      summary: 'A shared spreadsheet that turns reference readings into drift offsets per sensor.',
      version: 1,
    }),
    'editing the tool',
  );
  expect201(await ada.put(`${api}/resources/${resourceId}/featured`), 'featuring');
  expect201(
    await chen.post(`${api}/resources/${resourceId}/notes`, {
      body: 'We do this too; a photo of the reference probe helps.',
      visibility: 'community',
    }),
    'writing a note',
  );
  pathId = expect201(
    await ada.post(`${api}/collections`, {
      kind: 'path',
      title: seed.path,
      intro: 'Where to begin if you look after **sensors**.',
      resourceIds: [resourceId, toolId],
    }),
    'making the path',
  ).id;
  expect201(await ada.put(`${api}/collections/${pathId}/progress/${resourceId}`), 'ticking off the path');
  expect201(
    await chen.post(`${api}/resources`, {
      kind: 'article',
      format: 'read',
      title: 'Thermistor strings explained',
      summary: 'A proposal waiting for a curator.',
    }),
    'proposing',
  );
  // Events: a weekly clinic in Berlin with three seats, two taken and one of the members waiting.
  const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const event = expect201(
    await ada.post(`${api}/events`, {
      kind: 'workshop',
      title: seed.event,
      agenda: 'Bring a **reference probe** and your last field log.',
      place: 'North bay field station',
      onlineUrl: 'https://meet.example.org/clinic',
      timeZone: 'Europe/Berlin',
      start: `${day}T18:00`,
      end: `${day}T19:30`,
      recurrence: { freq: 'weekly', count: 4 },
      capacity: 1,
    }),
    'planning the clinic',
  ) as { id: string; occurrences: { id: string }[] };
  eventId = event.id;
  sessionId = event.occurrences[0].id;
  expect201(await bea.put(`${api}/events/${eventId}/occurrences/${sessionId}/rsvp`, { status: 'going' }), 'RSVP');
  expect201(await chen.put(`${api}/events/${eventId}/occurrences/${sessionId}/rsvp`, { status: 'going' }), 'waitlist');
  await buildResource(t, {
    community,
    by: admin,
    kind: 'template',
    format: 'do',
    title: seed.due,
    reviewDueAt: new Date(Date.now() - 7 * 86_400_000),
  });
  // This week's round-up, drafted by the coordinator.
  roundupId = (expect201(await ada.post(`${api}/roundups`), 'drafting the round-up') as { id: string }).id;
  // The community's health: figures computed and this week's check run.
  expect((await ada.post(`${api}/health/refresh`)).status).toBe(202);
  expect((await ada.post(`${api}/health/check/run`)).status).toBe(202);
  await t.runJobs({ types: ['health.snapshot', 'health.check'] });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const base = () => `/c/${seed.community.slug}`;

/** Swagger UI draws the operations first and the schemas after: both must be there. */
async function docsRendered(page: Page) {
  await page.getByText('/auth/me').first().waitFor();
  await page.getByRole('button', { name: 'Expand all' }).first().waitFor();
}

const signedOutPages = (): PageCheck[] => [
  { name: 'landing', path: '/', h1: 'A home for communities of practice' },
  { name: 'signin', path: '/signin', h1: 'Welcome back' },
  { name: 'signup', path: '/signup', h1: 'Create your account' },
  { name: 'reset', path: '/reset', h1: 'Reset your password' },
  // Once an admin exists, /setup is closed and sends people home.
  { name: 'setup-closed', path: '/setup', h1: 'A home for communities of practice', landsOn: '/' },
  {
    name: 'directory',
    path: '/communities',
    h1: 'Community directory',
    ready: (p) => p.getByText(seed.community.name).first().waitFor(),
  },
  {
    name: 'community',
    path: base(),
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: 'Sign in to join' }).waitFor(),
  },
  {
    name: 'feed',
    path: `${base()}/posts`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: seed.question }).waitFor(),
  },
  {
    name: 'post',
    path: `${base()}/posts/${questionId}`,
    h1: seed.question,
    ready: postReady,
  },
  {
    name: 'search',
    path: `/search?q=${seed.searchWord}`,
    h1: 'Search',
    ready: (p) => p.getByRole('list', { name: 'Search results' }).getByRole('link', { name: seed.question }).waitFor(),
  },
  {
    name: 'repertoire',
    path: `${base()}/repertoire`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('list', { name: 'Resources' }).getByRole('link', { name: seed.tool }).waitFor(),
  },
  { name: 'resource', path: `${base()}/repertoire/${resourceId}`, h1: seed.resource, ready: resourceReady },
  { name: 'path', path: `${base()}/paths/${pathId}`, h1: seed.path, ready: (p) => p.getByText(seed.tool).waitFor() },
  {
    name: 'search-repertoire',
    path: `/search?q=drift&in=resources`,
    h1: 'Search',
    ready: (p) => p.getByRole('list', { name: 'Search results' }).getByRole('link', { name: seed.tool }).waitFor(),
  },
  {
    name: 'events',
    path: `${base()}/events`,
    h1: seed.community.name,
    ready: (p) =>
      p.getByRole('list', { name: 'Upcoming sessions' }).getByRole('link', { name: seed.event }).first().waitFor(),
  },
  {
    name: 'event-session',
    path: `${base()}/events/${eventId}/${sessionId}`,
    h1: seed.event,
    ready: (p) => p.getByText('1 of 1 going · 1 waiting').waitFor(),
  },
  {
    // Member pages need an account: a visitor is shown the way in, not an error.
    name: 'member-signed-out',
    path: `${base()}/members/${memberId}`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('main').getByRole('link', { name: 'Sign in' }).waitFor(),
  },
  { name: 'not-found', path: '/no/such/page', h1: 'Page not found' },
  { name: 'api-docs', path: '/api/docs', h1: /Commonplace API/, ready: docsRendered },
];

/** A resource: its credits, where it came from, its notes and its history. */
async function resourceReady(page: Page) {
  await page.getByText('From an answer in').waitFor();
  await page.getByRole('list', { name: 'Notes' }).getByText('a photo of the reference probe').waitFor();
  await page.getByRole('list', { name: 'Versions, newest first' }).getByText('Version 1').waitFor();
}

/** The question: its accepted answer pinned on top and the threaded reply under the answer. */
async function postReady(page: Page) {
  await page.getByRole('heading', { level: 2, name: 'Accepted answer' }).waitFor();
  await page
    .getByRole('list', { name: 'Replies to Bea Okafor' })
    .getByRole('article', { name: 'Reply by Chen Wu' })
    .waitFor();
}

const signedInPages = (): PageCheck[] => [
  {
    name: 'home',
    path: '/',
    h1: 'Welcome, Ada',
    ready: async (p) => {
      await p.getByRole('heading', { name: 'Your communities', exact: true }).waitFor();
      // The personal feed, with posts from the admin's community.
      await p.getByRole('region', { name: 'From your communities' }).getByRole('link', { name: seed.win }).waitFor();
    },
  },
  { name: 'setup-closed', path: '/setup', h1: 'Welcome, Ada', landsOn: '/' },
  {
    name: 'directory',
    path: '/communities',
    h1: 'Community directory',
    ready: (p) => p.getByText(seed.community.name).first().waitFor(),
  },
  {
    name: 'new-community',
    path: '/communities/new',
    h1: 'Start a community',
    ready: (p) => p.getByLabel(/^Community name/).waitFor(),
  },
  {
    name: 'community',
    path: base(),
    h1: seed.community.name,
    ready: (p) => p.getByText('You are a coordinator of this community.').waitFor(),
  },
  {
    name: 'members',
    path: `${base()}/members`,
    h1: seed.community.name,
    ready: (p) => p.getByText('4 members found').waitFor(),
  },
  {
    name: 'member-profile',
    path: `${base()}/members/${memberId}`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('heading', { level: 2, name: 'Bea Okafor' }).waitFor(),
  },
  {
    name: 'requests',
    path: `${base()}/requests`,
    h1: seed.community.name,
    ready: (p) => p.getByText('Pia Pending').waitFor(),
  },
  {
    name: 'invitations',
    path: `${base()}/invitations`,
    h1: seed.community.name,
    ready: (p) => p.getByText(seed.invited).waitFor(),
  },
  {
    name: 'settings',
    path: `${base()}/settings`,
    h1: seed.community.name,
    ready: (p) => p.getByLabel(/^Community name/).waitFor(),
  },
  {
    name: 'account',
    path: '/account',
    h1: 'Account settings',
    ready: (p) => p.getByRole('button', { name: 'Create token' }).waitFor(),
  },
  {
    name: 'feed',
    path: `${base()}/posts`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: seed.question }).waitFor(),
  },
  {
    name: 'wins',
    path: `${base()}/wins`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: seed.win }).waitFor(),
  },
  {
    name: 'needs',
    path: `${base()}/needs`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: seed.need }).waitFor(),
  },
  {
    name: 'new-post',
    path: `${base()}/posts/new`,
    h1: seed.community.name,
    ready: (p) =>
      p
        .getByRole('form', { name: 'New post' })
        .getByRole('textbox', { name: /^Title/ })
        .waitFor(),
  },
  { name: 'post', path: `${base()}/posts/${questionId}`, h1: seed.question, ready: postReady },
  {
    name: 'repertoire',
    path: `${base()}/repertoire`,
    h1: seed.community.name,
    ready: async (p) => {
      await p.getByRole('list', { name: 'Featured resources' }).getByRole('link', { name: seed.resource }).waitFor();
      await p.getByRole('list', { name: 'Paths and collections' }).getByText('1 of 2 done').waitFor();
    },
  },
  { name: 'resource', path: `${base()}/repertoire/${resourceId}`, h1: seed.resource, ready: resourceReady },
  {
    name: 'resource-history',
    path: `${base()}/repertoire/${toolId}`,
    h1: seed.tool,
    ready: async (p) => {
      await p.getByRole('button', { name: 'Show changes in version 2' }).click();
      await p.locator('.cp-diff ins').first().waitFor();
    },
  },
  {
    name: 'new-resource',
    path: `${base()}/repertoire/new`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('radiogroup', { name: /What kind of resource/ }).waitFor(),
  },
  {
    name: 'promote-answer',
    path: `${base()}/repertoire/new?fromPost=${questionId}&fromReply=${answerId}`,
    h1: seed.community.name,
    ready: (p) => p.getByText('Promoting from:').waitFor(),
  },
  {
    name: 'edit-resource',
    path: `${base()}/repertoire/${toolId}/edit`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('textbox', { name: /^Title/ }).waitFor(),
  },
  {
    name: 'review-queue',
    path: `${base()}/repertoire/review`,
    h1: seed.community.name,
    ready: (p) =>
      p.getByRole('list', { name: 'Resources to review' }).getByRole('link', { name: seed.due, exact: true }).waitFor(),
  },
  {
    name: 'import',
    path: `${base()}/repertoire/import`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('textbox', { name: 'Paste the list' }).waitFor(),
  },
  {
    name: 'path',
    path: `${base()}/paths/${pathId}`,
    h1: seed.path,
    ready: (p) => p.getByRole('checkbox', { name: `Done: ${seed.resource}` }).waitFor(),
  },
  {
    name: 'new-collection',
    path: `${base()}/collections/new`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('textbox', { name: /^Title/ }).waitFor(),
  },
  {
    name: 'search-repertoire',
    path: `/search?q=drift&in=resources`,
    h1: 'Search',
    ready: (p) => p.getByRole('list', { name: 'Search results' }).getByRole('link', { name: seed.tool }).waitFor(),
  },
  {
    name: 'events',
    path: `${base()}/events`,
    h1: seed.community.name,
    ready: (p) =>
      p.getByRole('list', { name: 'Upcoming sessions' }).getByRole('link', { name: seed.event }).first().waitFor(),
  },
  {
    name: 'event-session',
    path: `${base()}/events/${eventId}/${sessionId}`,
    h1: seed.event,
    ready: async (p) => {
      await p.getByRole('list', { name: 'Waitlist' }).getByText('Chen Wu').waitFor();
      await p.getByText('Check-in code to show in the room:').waitFor();
    },
  },
  {
    name: 'health-dashboard',
    path: `${base()}/health`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('group', { name: /Help network picture/ }).waitFor(),
  },
  {
    name: 'health-check',
    path: `${base()}/health/check`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('heading', { name: 'Health check' }).waitFor(),
  },
  {
    name: 'assessments',
    path: `${base()}/health/assessments`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('heading', { name: 'Assessments' }).waitFor(),
  },
  {
    name: 'sponsor-report',
    path: `${base()}/health/report`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('link', { name: /Download PDF/ }).waitFor(),
  },
  {
    name: 'surveys',
    path: `${base()}/surveys`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('heading', { name: 'Surveys' }).waitFor(),
  },
  {
    name: 'members-modes',
    path: `${base()}/members?view=modes`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('list', { name: 'Members and their modes' }).waitFor(),
  },
  {
    name: 'new-event',
    path: `${base()}/events/new`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('combobox', { name: /^Time zone/ }).waitFor(),
  },
  {
    name: 'edit-event',
    path: `${base()}/events/${eventId}/edit`,
    h1: seed.community.name,
    ready: async (p) => {
      await p.getByRole('textbox', { name: /^Title/ }).waitFor();
      await expect.poll(() => p.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe(seed.event);
    },
  },
  {
    name: 'notifications',
    path: '/notifications',
    h1: 'Notifications',
    ready: (p) =>
      p
        .getByRole('list', { name: 'Notifications' })
        .getByRole('listitem')
        .filter({ hasText: `Bea Okafor replied to your post ${seed.question}` })
        .waitFor(),
  },
  {
    name: 'search',
    path: `/search?q=${seed.searchWord}`,
    h1: 'Search',
    ready: (p) => p.getByRole('list', { name: 'Search results' }).getByRole('link', { name: seed.question }).waitFor(),
  },
  {
    name: 'roundups',
    path: `${base()}/roundups`,
    h1: seed.community.name,
    ready: (p) => p.getByRole('button', { name: 'Draft this week’s round-up' }).waitFor(),
  },
  {
    name: 'roundup-editor',
    path: `${base()}/roundups/${roundupId}`,
    h1: seed.community.name,
    ready: async (p) => {
      await p.getByRole('textbox', { name: /^Subject/ }).waitFor();
      await p.frameLocator('iframe').getByText(seed.win).first().waitFor();
    },
  },
  {
    name: 'jobs',
    path: '/admin/jobs',
    h1: 'Jobs',
    ready: (p) => p.getByText('events.reminders').first().waitFor(),
  },
  { name: 'outbox', path: '/admin/outbox', h1: 'Outbox', ready: (p) => p.getByText(mailSubject).first().waitFor() },
  {
    name: 'outbox-message',
    path: `/admin/outbox/${mailId}`,
    h1: 'Outbox',
    ready: (p) => p.getByRole('heading', { level: 2, name: mailSubject }).waitFor(),
  },
  { name: 'users', path: '/admin/users', h1: 'Users', ready: (p) => p.getByText('Pia Pending').first().waitFor() },
  {
    name: 'instance-settings',
    path: '/admin/settings',
    h1: 'Instance settings',
    ready: (p) => p.getByRole('switch', { name: /Fetch details of links/ }).waitFor(),
  },

  { name: 'not-found', path: '/no/such/page', h1: 'Page not found' },
  { name: 'api-docs', path: '/api/docs', h1: /Commonplace API/, ready: docsRendered },
];

/** Visits each page and returns everything wrong with it, so one run reports every page at once. */
async function sweep(v: Visitor, pages: PageCheck[], label: string, width: number) {
  const findings: string[] = [];
  for (const check of pages) {
    const { page } = v;
    await page.goto(`${url}${check.path}`);
    if (check.landsOn) await page.waitForURL(`${url}${check.landsOn}`);
    await page.getByRole('heading', { level: 1, name: check.h1 }).first().waitFor();
    await check.ready?.(page);
    // Nothing may still be loading when the page is judged (a page may show several spinners at once).
    await page.getByRole('status').filter({ hasText: /…$/ }).first().waitFor({ state: 'detached' });

    const where = `${label} ${check.name} @${width}px`;
    if ((await page.getByRole('heading', { level: 1 }).count()) !== 1) findings.push(`${where}: not exactly one h1`);
    for (const violation of await accessibilityViolations(page)) findings.push(`${where}: ${violation}`);
    if (width < 600) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) findings.push(`${where}: scrolls sideways by ${overflow}px`);
    }
    await screenshot(page, `pages-${label}-${check.name}-${width}`);
  }
  return findings;
}

describe.each([1280, 390])('every page at %ipx', (width) => {
  // Every page, signed out and signed in: on a busy two-core machine the sweep takes minutes.
  it('is accessible, fits the screen and has one h1, signed out and signed in', async () => {
    const anonymous = await visitor(browser, { width, height: 844 });
    const findings = await sweep(anonymous, signedOutPages(), 'signed-out', width);

    const admin = await visitor(browser, { width, height: 844 });
    await signInThroughPage(admin.page, url, seed.admin.email);
    findings.push(...(await sweep(admin, signedInPages(), 'signed-in', width)));

    expect(findings).toEqual([]);
    expect([...anonymous.problems, ...admin.problems]).toEqual([]);
    await anonymous.context.close();
    await admin.context.close();
  }, 300_000);
});

describe('the sign-in form', () => {
  it('can be used with the keyboard alone', async () => {
    const person = await t.createUser({ name: 'Kim Keys' });
    const { page, problems, context } = await visitor(browser);
    await page.goto(`${url}/signin`);
    await page.getByRole('heading', { level: 1, name: 'Welcome back' }).waitFor();

    // Tab from the top of the page, noting where focus goes, until it reaches the Sign in button.
    const order: string[] = [];
    for (let i = 0; i < 30 && order.at(-1) !== 'button:Sign in'; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
          return `${el.tagName === 'BUTTON' ? 'button' : el.tagName === 'INPUT' ? 'input' : el.tagName.toLowerCase()}:${label.replace(/\s*\*$/, '').trim()}`;
        }),
      );
    }
    const email = order.indexOf('input:Email');
    const password = order.indexOf('input:Password');
    const submit = order.indexOf('button:Sign in');
    expect(email, order.join(' → ')).toBeGreaterThanOrEqual(0);
    expect(password, order.join(' → ')).toBeGreaterThan(email);
    expect(submit, order.join(' → ')).toBeGreaterThan(password);

    // Type into the fields reached by Tab and submit with Enter from the password field.
    await page.getByLabel(/^Email/).focus();
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    expect(await page.getByLabel(/^Password/).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Kim' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
