import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  communities,
  jobSchedules,
  jobs,
  memberships,
  notifications,
  posts,
  roundupClicks,
  roundupDeliveries,
  roundupItems,
  roundups,
  users,
} from '../../db/schema/index.js';
import type { JobRunner } from '../../platform/jobs.js';
import { sign, signIds, signingKey, verifyIds } from '../../platform/signing.js';
import { type Client, TEST_PASSWORD, setupTestApp, type TestApp } from '../../../../test/harness.js';
import type { ReceivedMail } from '../../../../test/mailbox.js';
import {
  buildCommunity,
  buildEvent,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
} from '../../../../test/factories.js';
import { ensureRoundupSchedules, roundupJobs } from './jobs.js';
import { lastFullWeek, weekStart } from './service.js';

let t: TestApp;
let runner: JobRunner;
let makeClient: (options?: { csrf?: boolean }) => Client;
const roundupTypes = roundupJobs.map((j) => j.type);

/** Runs due round-up jobs (drafts, sends, deliveries) until none is left. */
const runRoundupJobs = (now?: Date) => runner.runUntilIdle({ now, types: roundupTypes });

async function signedIn(input: { name: string }) {
  const user = await t.createUser(input);
  const client = makeClient();
  const res = await client.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return { user, client };
}

type Person = Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  t = await setupTestApp();
  runner = t.jobs;
  makeClient = (options) => t.client(options);
});
afterAll(() => t?.close());

const base = (community: { slug: string }) => `/api/v1/communities/${community.slug}/roundups`;
const mailsTo = (email: string, subject: string) =>
  t.mail.received.filter((m) => m.to.includes(email.toLowerCase()) && m.subject === subject);
const linkOf = (mail: ReceivedMail, title: string) => {
  const at = mail.text.indexOf(`* ${title}`);
  expect(at).toBeGreaterThanOrEqual(0);
  const match = mail.text.slice(at).match(/http:\/\/[^\s]+\/r\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/);
  expect(match).toBeTruthy();
  return match![1];
};

/** A small but complete community: answered and unanswered questions, a win, resources, a session. */
async function richCommunity(visibility: 'public' | 'private' = 'public') {
  const coordinator = await signedIn({ name: 'Cora Coordinator' });
  const tester = await signedIn({ name: 'Tess Tester' });
  const watcher = await signedIn({ name: 'Walt Watcher' });
  const member = await signedIn({ name: 'Milo Member' });
  const community = await buildCommunity(t, {
    createdBy: coordinator.user,
    visibility,
    name: 'Research Coders',
    topics: ['Testing', 'Packaging'],
  });
  await buildMember(t, community, tester.user);
  await buildMember(t, community, watcher.user);
  await buildMember(t, community, member.user);
  await t.deps.db
    .update(memberships)
    .set({ interests: ['Testing'], learningFormats: ['read'], bio: 'I write tests for climate models.' })
    .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, tester.user.id)));
  await t.deps.db
    .update(memberships)
    .set({ interests: ['Packaging'], learningFormats: ['watch'] })
    .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, watcher.user.id)));

  const answered = await buildPost(t, community, tester, {
    kind: 'question',
    title: 'How do you test numerical code?',
    tags: ['Testing'],
  });
  const answer = await buildReply(t, community, answered, watcher, {
    body: 'Compare against a known analytic solution.',
  });
  const accepted = await tester.client.put(`/api/v1/communities/${community.slug}/posts/${answered.id}/accepted`, {
    replyId: answer.id,
  });
  expect(accepted.status).toBe(200);
  const waiting = await buildPost(t, community, member, {
    kind: 'question',
    title: 'Which packaging tool for C extensions?',
  });
  const deleted = await buildPost(t, community, member, { kind: 'question', title: 'A question taken back' });
  await t.deps.db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, deleted.id));
  const win = await buildPost(t, community, member, { kind: 'win', title: 'Our package is on conda-forge' });
  const video = await buildResource(t, {
    community,
    by: coordinator.user,
    title: 'Packaging in ten minutes',
    format: 'watch',
    tags: ['Packaging'],
  });
  const guide = await buildResource(t, {
    community,
    by: coordinator.user,
    title: 'A field guide to testing',
    format: 'read',
    tags: ['Testing'],
  });
  const proposal = await buildResource(t, { community, by: member.user, title: 'Just a proposal', status: 'proposed' });
  const event = await buildEvent(t, coordinator, community, {
    title: 'Testing clinic',
    start: inDays(3, 18),
    end: inDays(3, 20),
  });
  return {
    coordinator,
    tester,
    watcher,
    member,
    community,
    answered,
    waiting,
    deleted,
    win,
    video,
    guide,
    proposal,
    event,
  };
}

const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
};

describe('drafting', () => {
  let w: Awaited<ReturnType<typeof richCommunity>>;
  let draft: any;

  beforeAll(async () => {
    w = await richCommunity();
    const res = await w.coordinator.client.post(base(w.community));
    expect(res.status).toBe(201);
    draft = res.body;
  });

  it('lists what members may see, in sections', () => {
    const ids = (section: string) => draft.items.filter((i: any) => i.section === section).map((i: any) => i.objectId);
    expect(draft.status).toBe('draft');
    expect(draft.subject).toMatch(/^Research Coders — week of \d{1,2} \w+ \d{4}$/);
    expect(ids('accepted_answers')).toEqual([w.answered.id]);
    expect(ids('unanswered')).toContain(w.waiting.id);
    expect(ids('unanswered')).not.toContain(w.deleted.id);
    expect(ids('wins')).toEqual([w.win.id]);
    expect(ids('resources').sort()).toEqual([w.video.id, w.guide.id].sort());
    expect(ids('resources')).not.toContain(w.proposal.id);
    expect(ids('events')).toEqual([w.event.occurrences[0].id]);
    expect(ids('newcomers')).toEqual(expect.arrayContaining([w.tester.user.id, w.watcher.user.id]));
    const answered = draft.items.find((i: any) => i.section === 'accepted_answers');
    expect(answered).toMatchObject({
      path: `/c/${w.community.slug}/posts/${w.answered.id}`,
      topics: ['Testing'],
      meta: { answeredBy: 'Walt Watcher' },
    });
    expect(answered.summary).toContain('analytic solution');
    const video = draft.items.find((i: any) => i.objectId === w.video.id);
    expect(video).toMatchObject({ path: `/c/${w.community.slug}/repertoire/${w.video.id}`, formats: ['watch'] });
    const session = draft.items.find((i: any) => i.section === 'events');
    expect(session.path).toBe(`/c/${w.community.slug}/events/${w.event.id}/${w.event.occurrences[0].id}`);
    expect(session.formats).toContain('discuss');
    const tess = draft.items.find((i: any) => i.objectId === w.tester.user.id);
    expect(tess).toMatchObject({
      path: `/c/${w.community.slug}/members/${w.tester.user.id}`,
      summary: 'I write tests for climate models.',
    });
    expect(draft.audience).toBe(4);
    expect(draft.abilities).toEqual({ edit: true, send: true });
  });

  it('drafts this week once: a second request brings the same draft up to date', async () => {
    const again = await w.coordinator.client.post(base(w.community));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(draft.id);
    const list = await w.coordinator.client.get(base(w.community));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: draft.id, status: 'draft', clickCount: 0, itemCount: draft.items.length });
  });

  it('is for coordinators: members get 403, outsiders of a private community 404', async () => {
    expect((await w.member.client.get(base(w.community))).body.error.code).toBe('forbidden');
    expect((await w.member.client.get(`${base(w.community)}/${draft.id}`)).status).toBe(403);
    const hidden = await richCommunity('private');
    const outsider = await signedIn({ name: 'Olga Outsider' });
    expect((await outsider.client.get(base(hidden.community))).status).toBe(404);
    expect((await outsider.client.post(base(hidden.community))).status).toBe(404);
    expect((await makeClient().get(base(w.community))).status).toBe(401);
    expect((await w.coordinator.client.get(`${base(w.community)}/not-a-uuid`)).status).toBe(404);
  });

  it('the weekly job drafts last week once, in the community’s time zone, and tells coordinators', async () => {
    const coordinator = await signedIn({ name: 'Zoe Zoned' });
    const community = await buildCommunity(t, { createdBy: coordinator.user, name: 'Tokyo Testers' });
    await t.deps.db.update(communities).set({ timeZone: 'Asia/Tokyo' }).where(eq(communities.id, community.id));
    await buildPost(t, community, coordinator, { kind: 'win', title: 'We shipped' });
    await ensureRoundupSchedules(t.deps.db);
    const [schedule] = await t.deps.db
      .select()
      .from(jobSchedules)
      .where(eq(jobSchedules.name, `roundup.draft:${community.id}`));
    expect(schedule).toMatchObject({ type: 'roundup.draft', cron: '0 7 * * 1', timeZone: 'Asia/Tokyo', enabled: true });
    const due = schedule.nextRunAt;
    await runRoundupJobs(new Date(due.getTime() + 1000));
    await runRoundupJobs(new Date(due.getTime() + 2000));
    const rows = await t.deps.db.select().from(roundups).where(eq(roundups.communityId, community.id));
    expect(rows).toHaveLength(1);
    const period = lastFullWeek(new Date(due.getTime() + 1000), 'Asia/Tokyo');
    expect(rows[0].periodStart.toISOString()).toBe(period.from.toISOString());
    expect(rows[0].periodEnd.toISOString()).toBe(period.to.toISOString());
    // Monday 00:00 in Tokyo is Sunday 15:00 UTC.
    expect(rows[0].periodStart.getUTCHours()).toBe(15);
    expect(weekStart(due, 'Asia/Tokyo').toISOString()).toBe(period.to.toISOString());
    const told = await t.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, coordinator.user.id), eq(notifications.kind, 'roundup_draft')));
    expect(told).toHaveLength(1);
    expect(told[0].roundupId).toBe(rows[0].id);
  });

  it('follows the community’s time zone as coordinators set it, and refuses an unknown zone', async () => {
    const coordinator = await signedIn({ name: 'Bea Berlin' });
    const community = await buildCommunity(t, { createdBy: coordinator.user, name: 'Berlin Builders' });
    const path = `/api/v1/communities/${community.slug}`;
    const bad = await coordinator.client.patch(path, { timeZone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_time_zone', field: 'timeZone' });
    const good = await coordinator.client.patch(path, { timeZone: 'europe/berlin' });
    expect(good.status).toBe(200);
    expect(good.body.timeZone).toBe('Europe/Berlin');
    const [schedule] = await t.deps.db
      .select()
      .from(jobSchedules)
      .where(eq(jobSchedules.name, `roundup.draft:${community.id}`));
    expect(schedule.timeZone).toBe('Europe/Berlin');
    // Mondays at 07:00 in Berlin: 06:00 UTC in winter, 05:00 in summer.
    expect(schedule.nextRunAt.getUTCDay()).toBe(1);
    expect([5, 6]).toContain(schedule.nextRunAt.getUTCHours());
  });
});

describe('editing', () => {
  let w: Awaited<ReturnType<typeof richCommunity>>;
  let draft: any;
  beforeAll(async () => {
    w = await richCommunity();
    draft = (await w.coordinator.client.post(base(w.community))).body;
  });

  it('changes the subject, the intro and the selection', async () => {
    const win = draft.items.find((i: any) => i.section === 'wins');
    const res = await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, {
      subject: 'Research Coders — a busy week',
      intro: 'Thanks to **everyone** who answered.',
      items: [{ id: win.id, included: false }],
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Research Coders — a busy week');
    expect(res.body.introHtml).toContain('<strong>everyone</strong>');
    expect(res.body.items.find((i: any) => i.id === win.id).included).toBe(false);
    expect(res.body.itemCount).toBe(draft.items.length - 1);
  });

  it('refuses items of another round-up and malformed input, naming the field', async () => {
    const unknown = await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, {
      items: [
        { id: draft.items[0].id, included: true },
        { id: '00000000-0000-4000-8000-000000000000', included: false },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_item', field: 'items.1.id' });
    const empty = await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, { subject: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'too_short', field: 'subject' });
    const extra = await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, { status: 'sent' });
    expect(extra.body.error).toMatchObject({ code: 'unknown_field', field: 'status' });
    const position = await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, {
      items: [{ id: draft.items[0].id, position: -1 }],
    });
    expect(position.body.error).toMatchObject({ field: 'items.0.position' });
  });

  it('personalises: a member’s interests and formats come first in each section; ties keep the order', async () => {
    const order = async (as: string) => {
      const res = await w.coordinator.client.get(`${base(w.community)}/${draft.id}/preview?as=${as}`);
      expect(res.status).toBe(200);
      expect(res.body.userId).toBe(as);
      return res.body;
    };
    const tess = await order(w.tester.user.id);
    const walt = await order(w.watcher.user.id);
    expect(tess.text.indexOf('A field guide to testing')).toBeLessThan(tess.text.indexOf('Packaging in ten minutes'));
    expect(walt.text.indexOf('Packaging in ten minutes')).toBeLessThan(walt.text.indexOf('A field guide to testing'));
    expect(walt.html.indexOf('Packaging in ten minutes')).toBeLessThan(walt.html.indexOf('A field guide to testing'));
    expect(tess.html).toContain('Can you help?');
    expect(tess.html).toContain('Which packaging tool for C extensions?');
    expect(tess.html).toContain('Hi Tess,');
    expect(tess.text).toContain('CAN YOU HELP?');
    expect(tess.subject).toBe('Research Coders — a busy week');
    // A preview links straight to the pages: looking at it counts no clicks.
    expect(tess.html).not.toMatch(/\/r\/[A-Za-z0-9_-]+\./);
    expect(tess.html).toContain(`/c/${w.community.slug}/posts/${w.answered.id}`);
  });

  it('previews for the viewer by default, and only as a member', async () => {
    const mine = await w.coordinator.client.get(`${base(w.community)}/${draft.id}/preview`);
    expect(mine.body.userId).toBe(w.coordinator.user.id);
    const outsider = await t.createUser({ name: 'Not A Member' });
    const res = await w.coordinator.client.get(`${base(w.community)}/${draft.id}/preview?as=${outsider.id}`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'not_a_member', field: 'as' });
  });

  it('schedules in the future only, and un-scheduling calls the send off', async () => {
    const url = `${base(w.community)}/${draft.id}`;
    const past = await w.coordinator.client.post(`${url}/schedule`, {
      at: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ code: 'in_the_past', field: 'at' });
    const bad = await w.coordinator.client.post(`${url}/schedule`, { at: 'tomorrow' });
    expect(bad.body.error).toMatchObject({ field: 'at' });
    const at = new Date(Date.now() + 3600_000);
    const scheduled = await w.coordinator.client.post(`${url}/schedule`, { at: at.toISOString() });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledFor: at.toISOString() });
    const sendJob = () =>
      t.deps.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.type, 'roundup.send'), eq(jobs.key, `${draft.id}:send`)));
    expect((await sendJob())[0]).toMatchObject({ status: 'queued', runAt: at });
    const back = await w.coordinator.client.post(`${url}/unschedule`);
    expect(back.body).toMatchObject({ status: 'draft', scheduledFor: null });
    expect((await sendJob())[0].status).toBe('cancelled');
    // Nothing goes out at the time it was scheduled for.
    await runRoundupJobs(new Date(at.getTime() + 60_000));
    expect((await t.deps.db.select().from(roundups).where(eq(roundups.id, draft.id)))[0].status).toBe('draft');
    // Scheduling again revives the same job; when due, it sends.
    const later = new Date(Date.now() + 7200_000);
    await w.coordinator.client.post(`${url}/schedule`, { at: later.toISOString() });
    const revived = await sendJob();
    expect(revived).toHaveLength(1);
    expect(revived[0]).toMatchObject({ status: 'queued', runAt: later });
    await runRoundupJobs(new Date(later.getTime() + 1000));
    const [sent] = await t.deps.db.select().from(roundups).where(eq(roundups.id, draft.id));
    expect(sent).toMatchObject({ status: 'sent', recipientCount: 4, deliveredCount: 4 });
    expect(mailsTo(w.tester.user.email, 'Research Coders — a busy week')).toHaveLength(1);
    const edit = await w.coordinator.client.patch(url, { subject: 'Too late' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('roundup_sent');
    expect((await w.coordinator.client.post(`${url}/unschedule`)).status).toBe(409);
    expect((await w.coordinator.client.delete(url)).status).toBe(409);
  });

  it('cancels a draft', async () => {
    const other = await richCommunity();
    const d = (await other.coordinator.client.post(base(other.community))).body;
    expect((await other.coordinator.client.delete(`${base(other.community)}/${d.id}`)).status).toBe(204);
    const got = await other.coordinator.client.get(`${base(other.community)}/${d.id}`);
    expect(got.body).toMatchObject({ status: 'cancelled', abilities: { edit: false, send: false } });
    const send = await other.coordinator.client.post(`${base(other.community)}/${d.id}/send`);
    expect(send.body.error.code).toBe('roundup_cancelled');
  });
});

describe('sending', () => {
  let w: Awaited<ReturnType<typeof richCommunity>>;
  let draft: any;
  let onBreak: Person;
  let removed: Person;
  let optedOut: Person;
  let disabled: Person;
  let outsider: Person;
  const subject = 'Research Coders — this week';

  beforeAll(async () => {
    w = await richCommunity('private');
    onBreak = await signedIn({ name: 'Bea Break' });
    removed = await signedIn({ name: 'Rex Removed' });
    optedOut = await signedIn({ name: 'Otto Optout' });
    disabled = await signedIn({ name: 'Dana Disabled' });
    outsider = await signedIn({ name: 'Olga Outsider' });
    await buildMember(t, w.community, onBreak.user, { status: 'on_break' });
    await buildMember(t, w.community, removed.user, { status: 'removed' });
    await buildMember(t, w.community, optedOut.user);
    await buildMember(t, w.community, disabled.user);
    await t.deps.db
      .update(memberships)
      .set({ roundupEmail: false })
      .where(and(eq(memberships.communityId, w.community.id), eq(memberships.userId, optedOut.user.id)));
    await t.deps.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.user.id));
    draft = (await w.coordinator.client.post(base(w.community))).body;
    await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, { subject });
  });

  it('sends once: every current member with round-up mail on gets exactly one copy', async () => {
    const res = await w.coordinator.client.post(`${base(w.community)}/${draft.id}/send`);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('sending');
    const again = await w.coordinator.client.post(`${base(w.community)}/${draft.id}/send`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('roundup_sent');
    await runRoundupJobs();
    await runRoundupJobs();
    for (const p of [w.coordinator, w.tester, w.watcher, w.member]) {
      expect(mailsTo(p.user.email, subject)).toHaveLength(1);
    }
    for (const p of [onBreak, removed, optedOut, disabled, outsider]) {
      expect(mailsTo(p.user.email, subject)).toHaveLength(0);
    }
    const [row] = await t.deps.db.select().from(roundups).where(eq(roundups.id, draft.id));
    expect(row).toMatchObject({ status: 'sent', recipientCount: 4, deliveredCount: 4 });
    expect(row.sentBy).toBe(w.coordinator.user.id);
    const received = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'roundup.received'), eq(activityEvents.objectId, draft.id)));
    expect(received.map((e) => e.actorId).sort()).toEqual(
      [w.coordinator, w.tester, w.watcher, w.member].map((p) => p.user.id).sort(),
    );
    const stats = await w.coordinator.client.get(`${base(w.community)}/${draft.id}/stats`);
    expect(stats.body).toMatchObject({ recipients: 4, delivered: 4, failed: 0, clickers: 0 });
  });

  it('each copy carries one-click unsubscribe headers and a fixed Message-ID', async () => {
    const mail = mailsTo(w.tester.user.email, subject)[0];
    expect(mail.headers.get('list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/api\/v1\/unsubscribe\/roundup\/[^>]+>$/);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const [delivery] = await t.deps.db
      .select()
      .from(roundupDeliveries)
      .where(and(eq(roundupDeliveries.roundupId, draft.id), eq(roundupDeliveries.userId, w.tester.user.id)));
    expect(delivery.status).toBe('sent');
    expect(mail.messageId).toBe(delivery.messageId);
    expect(mail.html).toContain('width="600"');
    expect(mail.html).toContain('Unsubscribe from this round-up');
    expect(mail.text).toContain('Unsubscribe from this round-up: http');
    expect(mail.text).toContain('Mail preferences: http');
    // Personalised: the tester's interest first.
    expect(mail.text.indexOf('A field guide to testing')).toBeLessThan(mail.text.indexOf('Packaging in ten minutes'));
    const walt = mailsTo(w.watcher.user.email, subject)[0];
    expect(walt.text.indexOf('Packaging in ten minutes')).toBeLessThan(walt.text.indexOf('A field guide to testing'));
  });

  it('a tracked link records the click and redirects to the item', async () => {
    const mail = mailsTo(w.tester.user.email, subject)[0];
    const token = linkOf(mail, 'A field guide to testing');
    const res = await makeClient().get(`/api/v1/r/${token}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/c/${w.community.slug}/repertoire/${w.guide.id}`);
    const clicks = await t.deps.db.select().from(roundupClicks).where(eq(roundupClicks.roundupId, draft.id));
    expect(clicks).toHaveLength(1);
    expect(clicks[0].userId).toBe(w.tester.user.id);
    const events = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'roundup.clicked'), eq(activityEvents.objectId, draft.id)));
    expect(events).toHaveLength(1);
    expect(events[0].actorId).toBe(w.tester.user.id);
    const stats = await w.coordinator.client.get(`${base(w.community)}/${draft.id}/stats`);
    expect(stats.body.clickers).toBe(1);
    expect(stats.body.items.find((i: any) => i.title === 'A field guide to testing')).toMatchObject({
      clicks: 1,
      members: 1,
    });
    expect(stats.body.topics).toEqual([{ topic: 'Testing', clicks: 1 }]);
    const list = await w.coordinator.client.get(base(w.community));
    expect(list.body.find((r: any) => r.id === draft.id).clickCount).toBe(1);
  });

  it('refuses forged and tampered links: 400, no redirect, no click', async () => {
    const mail = mailsTo(w.tester.user.email, subject)[0];
    const token = linkOf(mail, 'A field guide to testing');
    const [body, mac] = token.split('.');
    const forgedMac = `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    const key = await signingKey(t.deps.db);
    // The same member, another item's id under the old signature; and a signed link to an item
    // whose stored path was made to point off-site.
    const [, userId] = verifyIds(key, 'roundup-click', token, 2)!;
    const [other] = await t.deps.db.select().from(roundupItems).where(eq(roundupItems.roundupId, draft.id)).limit(1);
    const swapped = `${signIds(key, 'x', [other.id, userId]).split('.')[0]}.${mac}`;
    const [unsafe] = await t.deps.db
      .insert(roundupItems)
      .values({
        roundupId: draft.id,
        section: 'wins',
        objectType: 'post',
        objectId: 'evil',
        title: 'Evil',
        path: '//evil.example/phish',
      })
      .returning();
    for (const bad of [
      forgedMac,
      swapped,
      'garbage',
      `${body}.`,
      `${body}x.${mac}`,
      signIds(key, 'roundup-click', [unsafe.id, userId]),
      signIds(key, 'roundup-click', ['00000000-0000-4000-8000-000000000000', userId]),
      signIds(key, 'roundup-unsub', [other.id, userId]),
    ]) {
      const res = await makeClient().get(`/api/v1/r/${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_link');
      expect(res.headers.get('location')).toBeNull();
    }
    const clicks = await t.deps.db.select().from(roundupClicks).where(eq(roundupClicks.roundupId, draft.id));
    expect(clicks).toHaveLength(1);
    await t.deps.db.delete(roundupItems).where(eq(roundupItems.id, unsafe.id));
  });

  it('unsubscribes in one click; a replayed link changes nothing; a forged one is refused', async () => {
    const mail = mailsTo(w.member.user.email, subject)[0];
    const url = new URL(mail.headers.get('list-unsubscribe')!.slice(1, -1));
    const path = url.pathname;
    const info = await makeClient().get(path);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ communityName: 'Research Coders', alreadyUnsubscribed: false });
    expect(info.body.email).toMatch(/^p•••@example\.org$/);
    expect(info.body.email).not.toBe(w.member.user.email);
    // What a mail provider sends (RFC 8058): a form post, without cookies or CSRF token.
    const oneClick = () =>
      makeClient({ csrf: false }).post(path, 'List-Unsubscribe=One-Click', {
        'content-type': 'application/x-www-form-urlencoded',
      });
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect(first.body.alreadyUnsubscribed).toBe(false);
    const [m] = await t.deps.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.communityId, w.community.id), eq(memberships.userId, w.member.user.id)));
    expect(m.roundupEmail).toBe(false);
    const replay = await oneClick();
    expect(replay.status).toBe(200);
    expect(replay.body.alreadyUnsubscribed).toBe(true);
    const events = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'roundup.unsubscribed'), eq(activityEvents.actorId, w.member.user.id)));
    expect(events).toHaveLength(1);
    const token = path.split('/').pop()!;
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    for (const bad of [forged, 'nonsense']) {
      const g = await makeClient().get(`/api/v1/unsubscribe/roundup/${bad}`);
      expect(g.status).toBe(400);
      expect(g.body.error.code).toBe('invalid_link');
      const p = await makeClient({ csrf: false }).post(
        `/api/v1/unsubscribe/roundup/${bad}`,
        'List-Unsubscribe=One-Click',
        {
          'content-type': 'application/x-www-form-urlencoded',
        },
      );
      expect(p.status).toBe(400);
    }
    // Another member's token signed for another purpose does not unsubscribe anyone.
    const key = await signingKey(t.deps.db);
    const cross = sign(key, 'roundup-click', { u: w.tester.user.id, c: w.community.id });
    expect((await makeClient().get(`/api/v1/unsubscribe/roundup/${cross}`)).status).toBe(400);
  });
});

describe('delivery faults', () => {
  it('retries while SMTP is down and delivers exactly one copy when it is back', async () => {
    const w = await richCommunity();
    const subject = 'Research Coders — outage week';
    const draft = (await w.coordinator.client.post(base(w.community))).body;
    await w.coordinator.client.patch(`${base(w.community)}/${draft.id}`, { subject });
    expect((await w.coordinator.client.post(`${base(w.community)}/${draft.id}/send`)).status).toBe(202);
    // A member removed after the fan-out is skipped at delivery.
    await runner.runUntilIdle({ types: ['roundup.send'] });
    await buildMember(t, w.community, w.member.user, { status: 'removed' });
    await t.mail.stop();
    try {
      await runner.runUntilIdle({ types: ['roundup.deliver'] });
      const failed = await t.deps.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.type, 'roundup.deliver'), eq(jobs.status, 'queued')));
      expect(failed.filter((j) => (j.payload as any).roundupId === draft.id).length).toBe(3);
      expect(failed.every((j) => j.lastError)).toBe(true);
    } finally {
      await t.mail.start();
    }
    await runRoundupJobs(new Date(Date.now() + 3600_000));
    await runRoundupJobs(new Date(Date.now() + 7200_000));
    for (const p of [w.coordinator, w.tester, w.watcher]) expect(mailsTo(p.user.email, subject)).toHaveLength(1);
    expect(mailsTo(w.member.user.email, subject)).toHaveLength(0);
    const deliveries = await t.deps.db
      .select()
      .from(roundupDeliveries)
      .where(eq(roundupDeliveries.roundupId, draft.id));
    expect(deliveries.map((d) => d.status).sort()).toEqual(['sent', 'sent', 'sent', 'skipped']);
    expect(deliveries.filter((d) => d.status === 'sent').every((d) => d.attempts === 2)).toBe(true);
    const [row] = await t.deps.db.select().from(roundups).where(eq(roundups.id, draft.id));
    expect(row.deliveredCount).toBe(3);
  });
});
