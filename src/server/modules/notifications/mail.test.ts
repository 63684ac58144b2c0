import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailNotificationKinds } from '../../../common/limits.js';
import { notifications } from '../../db/schema/index.js';
import { enqueue } from '../../platform/jobs.js';
import { sign, signingKey } from '../../platform/signing.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';
import { buildCommunity, buildMember, buildPost, buildReply } from '../../../../test/factories.js';
import type { ReceivedMail } from '../../../../test/mailbox.js';

/** Notification mail: preferences, batching, daily summaries, visibility, one-click unsubscribe. */

const API = '/api/v1';
const MIN = 60_000;
const HOUR = 60 * MIN;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t.close());

type Signed = Awaited<ReturnType<TestApp['signedInUser']>>;

/** Runs a sweep (as the every-minute schedule does) and every job it leads to, at `now`. */
async function sweepAt(now: Date) {
  await enqueue(t.deps.db, 'notifications.sweep', {}, { key: randomUUID(), runAt: now });
  await t.runJobs({ now });
}

const mailTo = (who: Signed) => t.mail.received.filter((m) => m.to.includes(who.user.email.toLowerCase()));
const handleOf = async (s: Signed) => (await s.client.get(`${API}/auth/me`)).body.user.handle as string;
const mailStates = async (who: Signed) =>
  (
    await t.deps.db
      .select({ state: notifications.mailState })
      .from(notifications)
      .where(eq(notifications.userId, who.user.id))
  ).map((r) => r.state);

async function community(visibility: 'public' | 'private' = 'public') {
  const owner = await t.signedInUser({ name: 'Olu Owner' });
  const row = await buildCommunity(t, {
    createdBy: owner.user,
    visibility,
    name: `Makers ${randomUUID().slice(0, 6)}`,
  });
  return { owner, community: row };
}

async function member(c: { id: string }, name: string) {
  const s = await t.signedInUser({ name });
  await buildMember(t, c, s.user);
  return s;
}

const defaults = Object.fromEntries(Object.entries(emailNotificationKinds).map(([k, v]) => [k, v.default]));

describe('mail preferences', () => {
  it('need a signed-in person', async () => {
    const anonymous = t.client();
    expect((await anonymous.get(`${API}/me/mail-preferences`)).status).toBe(401);
    expect((await anonymous.patch(`${API}/me/mail-preferences`, { catchUpEmail: false })).status).toBe(401);
  });

  it('start from the defaults, with a round-up choice per community one belongs to', async () => {
    const { community: c } = await community();
    const me = await member(c, 'Dee Default');
    const res = await me.client.get(`${API}/me/mail-preferences`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kinds: defaults,
      catchUpEmail: true,
      roundups: [{ communitySlug: c.slug, communityName: c.name, enabled: true }],
    });
  });

  it('change what is sent, keeping the rest', async () => {
    const { community: c } = await community();
    const me = await member(c, 'Pat Patch');
    const res = await me.client.patch(`${API}/me/mail-preferences`, {
      kinds: { reply: 'daily', following: 'off', event_reminder: 'off' },
      catchUpEmail: false,
      roundups: [{ communitySlug: c.slug, enabled: false }],
    });
    expect(res.status).toBe(200);
    const expected = {
      kinds: { ...defaults, reply: 'daily', following: 'off', event_reminder: 'off' },
      catchUpEmail: false,
      roundups: [{ communitySlug: c.slug, communityName: c.name, enabled: false }],
    };
    expect(res.body).toEqual(expected);
    expect((await me.client.get(`${API}/me/mail-preferences`)).body).toEqual(expected);
    // A second change leaves the first one's other choices alone.
    const again = await me.client.patch(`${API}/me/mail-preferences`, { kinds: { reply: 'immediate' } });
    expect(again.body.kinds).toEqual({ ...expected.kinds, reply: 'immediate' });
    expect(again.body.catchUpEmail).toBe(false);
  });

  it('refuse invalid choices with a code and the field at fault, changing nothing', async () => {
    const { community: c } = await community();
    const other = await community();
    const me = await member(c, 'Ivy Invalid');
    const patch = (body: unknown) => me.client.patch(`${API}/me/mail-preferences`, body);

    const daily = await patch({ kinds: { event_reminder: 'daily' } });
    expect(daily.status).toBe(400);
    expect(daily.body.error).toMatchObject({ code: 'invalid_value', field: 'kinds.event_reminder' });

    const weekly = await patch({ kinds: { mention: 'weekly' } });
    expect(weekly.status).toBe(400);
    expect(weekly.body.error).toMatchObject({ code: 'invalid_value', field: 'kinds.mention' });

    const unknownKind = await patch({ kinds: { gossip: 'off' } });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error).toMatchObject({ code: 'unknown_field', field: 'kinds.gossip' });

    const missing = await patch({
      kinds: { reply: 'off' },
      roundups: [
        { communitySlug: c.slug, enabled: false },
        { communitySlug: 'no-such-community', enabled: false },
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'unknown_community', field: 'roundups.1.communitySlug' });

    const notMine = await patch({ roundups: [{ communitySlug: other.community.slug, enabled: false }] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error).toMatchObject({ code: 'unknown_community', field: 'roundups.0.communitySlug' });

    const now = (await me.client.get(`${API}/me/mail-preferences`)).body;
    expect(now.kinds).toEqual(defaults);
    expect(now.roundups).toEqual([{ communitySlug: c.slug, communityName: c.name, enabled: true }]);
  });
});

describe('notification mail', () => {
  it('batches a busy thread: ten replies make one mail, after a quiet moment', async () => {
    const { community: c } = await community();
    const author = await member(c, 'Ada Author');
    const repliers = [await member(c, 'Bo Busy'), await member(c, 'Cy Chatty'), await member(c, 'Di Draft')];
    const post = await buildPost(t, c, author, { title: 'Which test runner?' });
    for (let i = 0; i < 10; i++) await buildReply(t, c, post, repliers[i % 3], { body: `Reply number ${i + 1}` });

    // Still busy: nothing goes yet.
    await sweepAt(new Date());
    expect(mailTo(author)).toHaveLength(0);

    await sweepAt(new Date(Date.now() + 3 * MIN));
    const mails = mailTo(author);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.subject).toBe('10 new replies in ‘Which test runner?’ (Bo Busy, Cy Chatty and 1 other)');
    expect(mail.text).toContain(c.name);
    expect(mail.text).toContain(`/c/${c.slug}/posts/${post.id}#reply-`);
    expect(mail.html).toContain('10 new replies in ‘Which test runner?’');
    expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http.*\/api\/v1\/unsubscribe\/mail\/[^>]+>$/);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toMatch(/\/unsubscribe\/mail\/\S+/);
    expect(new Set(await mailStates(author))).toEqual(new Set(['sent']));

    // Running again (or twice) sends nothing more.
    await sweepAt(new Date(Date.now() + 10 * MIN));
    expect(mailTo(author)).toHaveLength(1);
  });

  it('does not mail what was read before the mail was due', async () => {
    const { community: c } = await community();
    const author = await member(c, 'Rae Reader');
    const replier = await member(c, 'Sol Speedy');
    const post = await buildPost(t, c, author, { title: 'Read it already' });
    await buildReply(t, c, post, replier);
    await author.client.post(`${API}/notifications/read-all`);
    await sweepAt(new Date(Date.now() + 3 * MIN));
    expect(mailTo(author)).toHaveLength(0);
    expect(await mailStates(author)).toEqual(['skipped']);
  });

  it('sends a daily summary at most once a day', async () => {
    const { community: c } = await community();
    const author = await member(c, 'Dana Daily');
    const replier = await member(c, 'Eli Eager');
    await author.client.patch(`${API}/me/mail-preferences`, { kinds: { reply: 'daily' } });
    const post = await buildPost(t, c, author, { title: 'Daily thread' });
    await buildReply(t, c, post, replier);
    await buildReply(t, c, post, replier);

    const start = Date.now();
    await sweepAt(new Date(start + 3 * MIN));
    expect(mailTo(author)).toHaveLength(1);
    expect(mailTo(author)[0].subject).toBe('Your daily summary: 1 update on Commonplace');
    expect(mailTo(author)[0].text).toContain('2 new replies in ‘Daily thread’ (Eli Eager)');

    await buildReply(t, c, post, replier);
    await buildReply(t, c, post, replier);
    await buildReply(t, c, post, replier);
    for (const hours of [1, 6, 23]) await sweepAt(new Date(start + hours * HOUR));
    expect(mailTo(author)).toHaveLength(1);

    await sweepAt(new Date(start + 25 * HOUR));
    expect(mailTo(author)).toHaveLength(2);
    expect(mailTo(author)[1].text).toContain('3 new replies in ‘Daily thread’');
    await sweepAt(new Date(start + 26 * HOUR));
    expect(mailTo(author)).toHaveLength(2);
  });

  it('sends nothing for a kind that is off', async () => {
    const { community: c } = await community();
    const quiet = await member(c, 'Quinn Quiet');
    const writer = await member(c, 'Wes Writer');
    await quiet.client.patch(`${API}/me/mail-preferences`, { kinds: { mention: 'off' } });
    await buildPost(t, c, writer, { title: 'Hello', body: `What do you think, @${await handleOf(quiet)}?` });
    expect((await quiet.client.get(`${API}/notifications`)).body.items.map((n: { kind: string }) => n.kind)).toEqual([
      'mention',
    ]);
    await sweepAt(new Date(Date.now() + 3 * MIN));
    expect(mailTo(quiet)).toHaveLength(0);
    expect(await mailStates(quiet)).toEqual(['skipped']);
  });

  it('never mails about a private community the member has left since', async () => {
    const secret = await community('private');
    const open = await community('public');
    const leaver = await member(secret.community, 'Lou Leaver');
    await buildMember(t, open.community, leaver.user);
    const insider = await member(secret.community, 'Ike Insider');
    const opener = await member(open.community, 'Opal Open');
    const handle = await handleOf(leaver);
    await buildPost(t, secret.community, insider, { title: 'Secret plans', body: `@${handle} look at this` });
    await buildPost(t, open.community, opener, { title: 'Open question', body: `@${handle} any idea?` });
    expect((await leaver.client.post(`${API}/communities/${secret.community.slug}/leave`)).status).toBe(200);

    await sweepAt(new Date(Date.now() + 3 * MIN));
    const mails = mailTo(leaver);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Opal Open mentioned you in ‘Open question’');
    for (const part of [mails[0].subject, mails[0].text, mails[0].html]) {
      expect(part).not.toContain('Secret plans');
      expect(part).not.toContain(secret.community.name);
    }
    expect((await mailStates(leaver)).sort()).toEqual(['sent', 'skipped']);
  });
});

describe('one-click unsubscribe', () => {
  async function mailedAuthor() {
    const { community: c } = await community();
    const author = await member(c, 'Uma Unsub');
    const replier = await member(c, 'Vic Voluble');
    const post = await buildPost(t, c, author, { title: 'Unsubscribe me' });
    await buildReply(t, c, post, replier);
    await sweepAt(new Date(Date.now() + 3 * MIN));
    const [mail] = mailTo(author);
    return { c, author, replier, post, mail };
  }
  const tokenOf = (mail: ReceivedMail) =>
    mail.headers.get('list-unsubscribe')!.match(/\/unsubscribe\/mail\/([^>]+)>/)![1];

  /** As a mail program does it (RFC 8058): a form POST, no cookies, no CSRF header. */
  const oneClick = (token: string) =>
    t.app.request(`${API}/unsubscribe/mail/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  it('turns that kind off, once, and using it again changes nothing', async () => {
    const { c, author, replier, post, mail } = await mailedAuthor();
    const token = decodeURIComponent(tokenOf(mail));
    const masked = `${author.user.email[0]}•••${author.user.email.slice(author.user.email.indexOf('@'))}`;

    const look = await t.client().get(`${API}/unsubscribe/mail/${encodeURIComponent(token)}`);
    expect(look.status).toBe(200);
    expect(look.body).toEqual({ kind: 'reply', email: masked, alreadyUnsubscribed: false });

    const first = await oneClick(encodeURIComponent(token));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ kind: 'reply', email: masked, alreadyUnsubscribed: false });
    expect((await author.client.get(`${API}/me/mail-preferences`)).body.kinds).toEqual({ ...defaults, reply: 'off' });

    // Replayed: still 200, still off, nothing else touched.
    const replay = await oneClick(encodeURIComponent(token));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ kind: 'reply', email: masked, alreadyUnsubscribed: true });
    expect((await author.client.get(`${API}/me/mail-preferences`)).body.kinds).toEqual({ ...defaults, reply: 'off' });

    // And no more reply mail.
    await buildReply(t, c, post, replier);
    await sweepAt(new Date(Date.now() + 3 * MIN));
    expect(mailTo(author)).toHaveLength(1);
  });

  it('refuses forged and malformed tokens with 400 invalid_link', async () => {
    const { author, mail } = await mailedAuthor();
    const token = decodeURIComponent(tokenOf(mail));
    const [body, mac] = token.split('.');
    const key = await signingKey(t.deps.db);
    const forged = [
      `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      // Someone else's account under the same signature.
      `${Buffer.from(JSON.stringify({ u: randomUUID(), k: 'reply' })).toString('base64url')}.${mac}`,
      // Signed, but for another purpose.
      sign(key, 'roundup-unsub', { u: author.user.id, k: 'reply' }),
      // Signed, but for a kind that does not exist.
      sign(key, 'mail-unsub', { u: author.user.id, k: 'everything' }),
      'not-a-token',
    ];
    for (const f of forged) {
      const look = await t.client().get(`${API}/unsubscribe/mail/${encodeURIComponent(f)}`);
      expect(look.status, f).toBe(400);
      expect(look.body.error.code).toBe('invalid_link');
      const post = await oneClick(encodeURIComponent(f));
      expect(post.status, f).toBe(400);
      expect((await post.json()).error.code).toBe('invalid_link');
    }
    expect((await author.client.get(`${API}/me/mail-preferences`)).body.kinds).toEqual(defaults);
  });

  it('the footer link leads to a page of the site, which unsubscribes only when asked', async () => {
    const { author, mail } = await mailedAuthor();
    const page = mail.text.match(/https?:\/\/\S+\/unsubscribe\/mail\/\S+/)![0];
    expect(page).not.toContain('/api/');
    const [row] = await t.deps.db
      .select({ state: notifications.mailState })
      .from(notifications)
      .where(and(eq(notifications.userId, author.user.id), eq(notifications.kind, 'reply')));
    expect(row.state).toBe('sent');
    // Opening the link (what a mail scanner does) changes nothing.
    const token = page.slice(page.lastIndexOf('/') + 1);
    await t.client().get(`${API}/unsubscribe/mail/${token}`);
    expect((await author.client.get(`${API}/me/mail-preferences`)).body.kinds.reply).toBe('immediate');
  });
});
