import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityEvents,
  jobs,
  notifications,
  surveyAnswers,
  surveyRespondents,
  surveyResponses,
  surveys,
} from '../../db/schema/index.js';
import { enqueue } from '../../platform/jobs.js';
import { buildCommunity, buildMember } from '../../../../test/factories.js';
import { setupTestApp, type TestApp } from '../../../../test/harness.js';

/**
 * Surveys over HTTP: building a draft (and the refusals of a bad one), sending it to every
 * current member in the app and by mail, answering once, closing by hand and at the closing
 * time, the results, and what an anonymous survey keeps (nothing that links a member to their
 * answers).
 */

const API = '/api/v1';
const MIN = 60_000;
let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

type Signed = Awaited<ReturnType<TestApp['signedInUser']>>;

const base = (c: { slug: string }) => `${API}/communities/${c.slug}/surveys`;

/** A community with a coordinator and members (Ann, Bo, Cy, Di unless named). */
async function community(options: { members?: string[]; visibility?: 'public' | 'private' } = {}) {
  const coordinator = await t.signedInUser({ name: 'Cora Coordinator' });
  const row = await buildCommunity(t, {
    createdBy: coordinator.user,
    name: `Field Ecologists ${randomUUID().slice(0, 6)}`,
    visibility: options.visibility,
  });
  const members: Signed[] = [];
  for (const name of options.members ?? ['Ann Answer', 'Bo Busy', 'Cy Curious', 'Di Doubt']) {
    const m = await t.signedInUser({ name });
    await buildMember(t, row, m.user);
    members.push(m);
  }
  return { c: row, coordinator, members };
}

const questions = [
  { kind: 'single', prompt: 'How did you hear about us?', options: ['A colleague', 'A conference', 'The web'] },
  {
    kind: 'multiple',
    prompt: 'Which formats do you like?',
    options: ['Talks', 'Workshops', 'Socials'],
    required: false,
  },
  { kind: 'scale5', prompt: 'How useful are the meetups?' },
  { kind: 'scale10', prompt: 'How likely are you to recommend us?' },
  { kind: 'text', prompt: 'What should we do more of?', required: false },
];

const draftBody = (over: Record<string, unknown> = {}) => ({
  title: 'How are we doing?',
  intro: 'Five short questions.',
  anonymous: false,
  questions,
  ...over,
});

async function draft(who: Signed, c: { slug: string }, over: Record<string, unknown> = {}) {
  const res = await who.client.post(base(c), draftBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Sends a survey and runs its fan-out job. */
async function sendAndFanOut(who: Signed, c: { slug: string }, id: string) {
  const res = await who.client.post(`${base(c)}/${id}/send`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await t.runJobs({ types: ['survey.send'] });
  return res.body;
}

/** Answers by question position: [single, multiple, scale5, scale10, text]. */
const answersFor = (survey: { questions: { id: string }[] }, values: unknown[]) => ({
  answers: values.flatMap((value, i) => (value === undefined ? [] : [{ questionId: survey.questions[i].id, value }])),
});

async function answer(
  who: Signed,
  c: { slug: string },
  survey: { id: string; questions: { id: string }[] },
  values: unknown[],
) {
  return who.client.post(`${base(c)}/${survey.id}/responses`, answersFor(survey, values));
}

/** Runs a notification-mail sweep (and the mail it leads to) as if at `now`. */
async function sweepAt(now: Date) {
  await enqueue(t.deps.db, 'notifications.sweep', {}, { key: randomUUID(), runAt: now });
  await t.runJobs({ now });
}

describe('building a survey', () => {
  it('starts a draft with its questions in order', async () => {
    const { c, coordinator } = await community({ members: ['Ann Answer'] });
    const made = await draft(coordinator, c, { closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    expect(made).toMatchObject({
      title: 'How are we doing?',
      intro: 'Five short questions.',
      status: 'draft',
      anonymous: false,
      sentAt: null,
      questionCount: 5,
      responseCount: 0,
      answered: false,
      audience: 2,
      abilities: { edit: true, send: true, close: false, delete: true, results: false, answer: false },
    });
    expect(made.questions.map((q: { kind: string }) => q.kind)).toEqual([
      'single',
      'multiple',
      'scale5',
      'scale10',
      'text',
    ]);
    expect(made.questions[0]).toMatchObject({
      position: 0,
      options: ['A colleague', 'A conference', 'The web'],
      required: true,
    });
    expect(made.questions[1].required).toBe(false);
    expect(made.questions[2].options).toEqual([]);
  });

  it('refuses a bad survey with the field at fault, storing nothing', async () => {
    const { c, coordinator } = await community({ members: [] });
    const before = (await coordinator.client.get(base(c))).body.length;
    const post = (body: unknown) => coordinator.client.post(base(c), body);
    const cases: [unknown, number, string, string][] = [
      [draftBody({ questions: [] }), 400, 'too_short', 'questions'],
      [draftBody({ questions: Array(31).fill(questions[2]) }), 400, 'too_long', 'questions'],
      [
        draftBody({
          questions: [questions[0], questions[2], { kind: 'single', prompt: 'Pick', options: ['Only one'] }],
        }),
        400,
        'validation',
        'questions.2.options',
      ],
      [
        draftBody({
          questions: [{ kind: 'multiple', prompt: 'Pick', options: Array.from({ length: 13 }, (_, i) => `O${i}`) }],
        }),
        400,
        'too_long',
        'questions.0.options',
      ],
      [
        draftBody({ questions: [{ kind: 'single', prompt: 'Pick', options: ['Same', 'same'] }] }),
        400,
        'validation',
        'questions.0.options',
      ],
      [
        draftBody({ questions: [{ kind: 'text', prompt: 'Say', options: ['No'] }] }),
        400,
        'validation',
        'questions.0.options',
      ],
      [draftBody({ questions: [{ kind: 'ranking', prompt: 'Rank' }] }), 400, 'invalid_value', 'questions.0.kind'],
      [draftBody({ questions: [{ kind: 'text', prompt: '   ' }] }), 400, 'too_short', 'questions.0.prompt'],
      [draftBody({ title: '' }), 400, 'too_short', 'title'],
      [draftBody({ anonymous: 'yes' }), 400, 'invalid_type', 'anonymous'],
      [draftBody({ anonymous: undefined }), 400, 'required', 'anonymous'],
      [draftBody({ questions: 'all of them' }), 400, 'invalid_type', 'questions'],
      [
        draftBody({ questions: [{ kind: 'text', prompt: 'Say', required: 'no' }] }),
        400,
        'invalid_type',
        'questions.0.required',
      ],
      [draftBody({ colour: 'blue' }), 400, 'unknown_field', 'colour'],
      [draftBody({ closesAt: 'next week' }), 400, 'invalid_format', 'closesAt'],
      [draftBody({ closesAt: new Date(Date.now() - MIN).toISOString() }), 422, 'closes_in_the_past', 'closesAt'],
      [draftBody({ closesAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }), 422, 'too_far', 'closesAt'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await post(body);
      expect(
        { status: res.status, code: res.body.error?.code, field: res.body.error?.field },
        JSON.stringify(body).slice(0, 200),
      ).toEqual({
        status,
        code,
        field,
      });
    }
    for (const body of [null, [], 'text', 42]) expect((await post(body)).status).toBe(400);
    expect((await coordinator.client.get(base(c))).body).toHaveLength(before);
  });

  it('replaces the questions while a draft; after sending, keeps them and the anonymity', async () => {
    const { c, coordinator } = await community({ members: ['Ann Answer'] });
    const made = await draft(coordinator, c);
    const edited = await coordinator.client.patch(`${base(c)}/${made.id}`, {
      title: 'Autumn check-in',
      anonymous: true,
      questions: [questions[3], questions[0]],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Autumn check-in', anonymous: true, questionCount: 2 });
    expect(edited.body.questions.map((q: { kind: string }) => q.kind)).toEqual(['scale10', 'single']);
    const bad = await coordinator.client.patch(`${base(c)}/${made.id}`, {
      questions: [{ kind: 'single', prompt: 'Pick', options: ['One'] }],
    });
    expect(bad.body.error).toMatchObject({ code: 'validation', field: 'questions.0.options' });

    await sendAndFanOut(coordinator, c, made.id);
    const patch = (body: unknown) => coordinator.client.patch(`${base(c)}/${made.id}`, body);
    expect((await patch({ questions: [questions[0]] })).body.error).toMatchObject({ code: 'survey_sent' });
    expect((await patch({ anonymous: false })).body.error).toMatchObject({
      code: 'anonymity_fixed',
      field: 'anonymous',
    });
    expect((await patch({ anonymous: false })).status).toBe(409);
    // The same value, and the words around the questions, may still change.
    const renamed = await patch({ anonymous: true, title: 'Autumn check-in (open)', intro: 'Two questions.' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Autumn check-in (open)', anonymous: true, status: 'open' });
    expect((await coordinator.client.delete(`${base(c)}/${made.id}`)).body.error).toMatchObject({
      code: 'survey_sent',
    });

    const other = await draft(coordinator, c);
    expect((await coordinator.client.delete(`${base(c)}/${other.id}`)).status).toBe(204);
    expect((await coordinator.client.get(`${base(c)}/${other.id}`)).status).toBe(404);
  });
});

describe('type-confused input', () => {
  it('answers 400 with a stable code on every survey endpoint that takes a body', async () => {
    const { c, coordinator } = await community({ members: [] });
    const made = await draft(coordinator, c);
    const open = await draft(coordinator, c);
    await sendAndFanOut(coordinator, c, open.id);
    const wrong: Record<string, unknown> = { string: ['not', 'a', 'string'], boolean: 'yes', array: 'no', object: 7 };
    const targets: [string, string, Record<string, string>][] = [
      [
        'POST',
        base(c),
        { title: 'string', intro: 'string', anonymous: 'boolean', closesAt: 'string', questions: 'array' },
      ],
      [
        'PATCH',
        `${base(c)}/${made.id}`,
        { title: 'string', intro: 'string', anonymous: 'boolean', closesAt: 'string', questions: 'array' },
      ],
      ['POST', `${base(c)}/${open.id}/responses`, { answers: 'array' }],
    ];
    for (const [method, path, fields] of targets) {
      const bodies: unknown[] = [[], null, 'text', 42, true, [{}]];
      for (const [name, type] of Object.entries(fields)) bodies.push({ [name]: wrong[type] });
      for (const body of bodies) {
        const res = await coordinator.client.request(method, path, JSON.stringify(body));
        expect(
          { status: res.status, code: typeof res.body?.error?.code },
          `${method} ${path} ${JSON.stringify(body)}`,
        ).toEqual({
          status: 400,
          code: 'string',
        });
      }
    }
    expect((await coordinator.client.get(`${base(c)}/${made.id}`)).body.title).toBe('How are we doing?');
  });
});

describe('sending a survey', () => {
  it('asks every current member once, in the app and by mail as they chose', async () => {
    const { c, coordinator, members } = await community({
      members: ['Ann Answer', 'Bo Busy', 'Cy Curious', 'Di Doubt', 'Eve Exit'],
    });
    const [ann, bo, cy, di, eve] = members;
    await bo.client.patch(`${API}/me/mail-preferences`, { kinds: { survey: 'off' } });
    await cy.client.patch(`${API}/me/mail-preferences`, { kinds: { survey: 'daily' } });
    // Not current members: nobody asks them.
    const gone = await t.signedInUser({ name: 'Gus Gone' });
    await buildMember(t, c, gone.user, { status: 'alumni' });
    const away = await t.signedInUser({ name: 'Bea Break' });
    await buildMember(t, c, away.user, { status: 'on_break' });

    const made = await draft(coordinator, c, { anonymous: true });
    const sent = await coordinator.client.post(`${base(c)}/${made.id}/send`);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      status: 'open',
      audience: 7,
      abilities: { send: false, close: true, results: true },
    });
    expect(sent.body.sentAt).toBeTruthy();
    // Sending again changes nothing and asks nobody twice.
    const again = await coordinator.client.post(`${base(c)}/${made.id}/send`);
    expect(again.status).toBe(202);
    expect(again.body.sentAt).toBe(sent.body.sentAt);
    await t.runJobs({ types: ['survey.send'] });
    await coordinator.client.post(`${base(c)}/${made.id}/send`);
    await t.runJobs({ types: ['survey.send'] });
    const sendJobs = await t.deps.db.select().from(jobs).where(eq(jobs.type, 'survey.send'));
    expect(sendJobs.filter((j) => (j.payload as { surveyId: string }).surveyId === made.id)).toHaveLength(1);

    const asked = await t.deps.db
      .select({ userId: notifications.userId, actorId: notifications.actorId })
      .from(notifications)
      .where(and(eq(notifications.kind, 'survey'), eq(notifications.communityId, c.id)));
    expect(new Set(asked.map((n) => n.userId))).toEqual(new Set([ann, bo, cy, di, eve, away].map((m) => m.user.id)));
    expect(asked).toHaveLength(6);
    expect(asked.every((n) => n.actorId === coordinator.user.id)).toBe(true);

    const list = await ann.client.get(`${API}/notifications`);
    const mine = list.body.items.find((n: { kind: string }) => n.kind === 'survey');
    expect(mine).toMatchObject({ community: { slug: c.slug }, actor: { name: 'Cora Coordinator' }, readAt: null });

    // Eve leaves before the mail goes: though the community is public, a survey is for members only.
    await buildMember(t, c, eve.user, { status: 'alumni' });
    await sweepAt(new Date(Date.now() + 3 * MIN));
    const subject = `Cora Coordinator asked you to answer a survey in ${c.name}`;
    const mail = await t.mail.waitFor(ann.user.email, (m) => m.subject === subject);
    expect(mail.text).toContain(`/c/${c.slug}/surveys`);
    expect(mail.text).toMatch(/Stop mail about surveys your communities ask you to answer: \S+\/unsubscribe\/mail\//);
    await t.mail.waitFor(di.user.email, (m) => m.subject === subject);
    const to = (who: Signed) => t.mail.received.filter((m) => m.to.includes(who.user.email.toLowerCase()));
    expect(to(bo)).toHaveLength(0);
    // A daily summary instead: it says the same in a summary.
    expect(to(cy).map((m) => m.subject)).toEqual(['Your daily summary: 1 update on Commonplace']);
    expect(to(cy)[0].text).toContain(subject);
    expect(to(coordinator)).toHaveLength(0);
    expect(to(gone)).toHaveLength(0);
    expect(to(eve)).toHaveLength(0);
  });

  it('replaces a member’s older survey notification with the newest', async () => {
    const { c, coordinator, members } = await community({ members: ['Ann Answer'] });
    const [ann] = members;
    const first = await draft(coordinator, c, { title: 'First' });
    await sendAndFanOut(coordinator, c, first.id);
    const second = await draft(coordinator, c, { title: 'Second' });
    await sendAndFanOut(coordinator, c, second.id);
    const rows = await t.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ann.user.id), eq(notifications.kind, 'survey')));
    expect(rows).toHaveLength(1);
    const list = (await ann.client.get(`${API}/notifications`)).body;
    expect(list.items[0].kind).toBe('survey');
    expect(list.unreadCount).toBe(1);
  });

  it('refuses to send one whose closing time has passed', async () => {
    const { c, coordinator } = await community({ members: [] });
    const made = await draft(coordinator, c, { closesAt: new Date(Date.now() + MIN).toISOString() });
    await t.deps.db
      .update(surveys)
      .set({ closesAt: new Date(Date.now() - MIN) })
      .where(eq(surveys.id, made.id));
    const res = await coordinator.client.post(`${base(c)}/${made.id}/send`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'closes_in_the_past', field: 'closesAt' });
    expect((await coordinator.client.get(`${base(c)}/${made.id}`)).body.status).toBe('draft');
  });
});

describe('answering', () => {
  it('takes each member’s answers once, checked against the questions, all or nothing', async () => {
    const { c, coordinator, members } = await community();
    const [ann, bo] = members;
    const made = await draft(coordinator, c);
    // A draft is not there for members.
    expect((await ann.client.get(`${base(c)}/${made.id}`)).status).toBe(404);
    expect((await answer(ann, c, made, ['The web', undefined, 3, 8])).status).toBe(404);
    expect((await ann.client.get(base(c))).body).toEqual([]);
    await sendAndFanOut(coordinator, c, made.id);

    const seen = await ann.client.get(`${base(c)}/${made.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      status: 'open',
      answered: false,
      responseCount: null,
      audience: null,
      abilities: { edit: false, send: false, close: false, delete: false, results: false, answer: true },
    });

    const refusals: [unknown[], number, string, string][] = [
      [['Nowhere', undefined, 3, 8], 422, 'invalid_answer', 'answers.0.value'],
      [['The web', ['Talks', 'Naps'], 3, 8], 422, 'invalid_answer', 'answers.1.value'],
      [['The web', undefined, 6, 8], 422, 'invalid_answer', 'answers.1.value'],
      [['The web', undefined, 3, 11], 422, 'invalid_answer', 'answers.2.value'],
      [['The web', undefined, 3, 8, 'x'.repeat(2001)], 422, 'invalid_answer', 'answers.3.value'],
      [[undefined, undefined, 3, 8], 422, 'answer_required', 'answers'],
      [['The web', undefined, 3, { score: 8 }], 400, 'invalid_type', 'answers.2.value'],
    ];
    for (const [values, status, code, field] of refusals) {
      const res = await answer(ann, c, made, values);
      expect(
        { status: res.status, ...res.body.error, message: undefined },
        JSON.stringify(values).slice(0, 80),
      ).toMatchObject({
        status,
        code,
        field,
      });
    }
    const unknown = await ann.client.post(`${base(c)}/${made.id}/responses`, {
      answers: [{ questionId: randomUUID(), value: 'x' }],
    });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_question', field: 'answers.0.questionId' });
    for (const body of [null, [], { answers: 'all' }, { answers: [{ questionId: 1, value: 'x' }] }]) {
      expect((await ann.client.post(`${base(c)}/${made.id}/responses`, body)).status).toBe(400);
    }
    // Nothing of the refused attempts was kept.
    const [{ responseCount }] = await t.deps.db.select().from(surveys).where(eq(surveys.id, made.id));
    expect(responseCount).toBe(0);
    expect(await t.deps.db.select().from(surveyRespondents).where(eq(surveyRespondents.surveyId, made.id))).toEqual([]);

    const ok = await answer(ann, c, made, ['The web', ['Socials', 'Talks'], 4, 9, '  More field trips.  ']);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ surveyId: made.id, answered: true });
    // Several at once from one member: one goes in.
    const racing = await Promise.all([1, 2, 3].map(() => answer(bo, c, made, ['A colleague', undefined, 2, 5])));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const twice = await answer(ann, c, made, ['A colleague', undefined, 1, 0]);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_answered');

    const responses = await t.deps.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, made.id));
    expect(responses.map((r) => r.respondentId).sort()).toEqual([ann.user.id, bo.user.id].sort());
    const stored = responses.find((r) => r.respondentId === ann.user.id)!;
    const values = await t.deps.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, stored.id));
    expect(Object.fromEntries(values.map((v) => [v.questionId, v.value]))).toEqual({
      [made.questions[0].id]: 'The web',
      [made.questions[1].id]: ['Talks', 'Socials'],
      [made.questions[2].id]: 4,
      [made.questions[3].id]: 9,
      [made.questions[4].id]: 'More field trips.',
    });
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'answered_survey'), eq(activityEvents.objectId, made.id)));
    expect(logged.map((l) => l.actorId).sort()).toEqual([ann.user.id, bo.user.id].sort());
    expect(logged[0]).toMatchObject({ communityId: c.id, objectType: 'survey', data: null });

    // The member's list marks it answered; the coordinator's counts it.
    expect((await ann.client.get(base(c))).body).toMatchObject([{ id: made.id, answered: true, responseCount: null }]);
    expect((await bo.client.get(base(c))).body).toMatchObject([{ id: made.id, answered: true }]);
    expect((await members[2].client.get(base(c))).body).toMatchObject([{ id: made.id, answered: false }]);
    expect((await coordinator.client.get(base(c))).body).toMatchObject([
      { id: made.id, responseCount: 2, answered: false },
    ]);
    expect((await ann.client.get(`${base(c)}/${made.id}`)).body.abilities.answer).toBe(false);
  });

  it('stops at closing: by hand, or when the closing time comes', async () => {
    const { c, coordinator, members } = await community();
    const [ann, bo, cy] = members;
    const byHand = await draft(coordinator, c);
    await sendAndFanOut(coordinator, c, byHand.id);
    expect((await answer(ann, c, byHand, ['The web', undefined, 3, 8])).status).toBe(201);
    const closed = await coordinator.client.post(`${base(c)}/${byHand.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', abilities: { close: false, edit: false, results: true } });
    expect((await coordinator.client.post(`${base(c)}/${byHand.id}/close`)).body.closedAt).toBe(closed.body.closedAt);
    expect((await coordinator.client.patch(`${base(c)}/${byHand.id}`, { title: 'Late' })).body.error.code).toBe(
      'survey_closed',
    );
    // Closed: gone for those who did not answer, still there for those who did.
    expect((await bo.client.get(`${base(c)}/${byHand.id}`)).status).toBe(404);
    expect((await answer(bo, c, byHand, ['The web', undefined, 3, 8])).status).toBe(404);
    expect((await ann.client.get(`${base(c)}/${byHand.id}`)).body).toMatchObject({ status: 'closed', answered: true });
    expect((await ann.client.get(base(c))).body.map((s: { id: string }) => s.id)).toEqual([byHand.id]);
    expect((await bo.client.get(base(c))).body).toEqual([]);
    const draftOnly = await draft(coordinator, c);
    expect((await coordinator.client.post(`${base(c)}/${draftOnly.id}/close`)).body.error.code).toBe('survey_not_sent');

    // A closing time passes: closed from that moment for reads and answers, written down by the sweep.
    const timed = await draft(coordinator, c, { closesAt: new Date(Date.now() + 60 * MIN).toISOString() });
    await sendAndFanOut(coordinator, c, timed.id);
    expect((await answer(ann, c, timed, ['The web', undefined, 3, 8])).status).toBe(201);
    const passed = new Date(Date.now() - MIN);
    await t.deps.db.update(surveys).set({ closesAt: passed }).where(eq(surveys.id, timed.id));
    expect((await coordinator.client.get(`${base(c)}/${timed.id}`)).body).toMatchObject({
      status: 'closed',
      closedAt: passed.toISOString(),
    });
    const late = await answer(bo, c, timed, ['The web', undefined, 3, 8]);
    expect(late.status).toBe(404);
    const coordinatorLate = await answer(coordinator, c, timed, ['The web', undefined, 3, 8]);
    expect(coordinatorLate.status).toBe(409);
    expect(coordinatorLate.body.error.code).toBe('survey_closed');
    expect((await cy.client.get(base(c))).body).toEqual([]);

    await enqueue(t.deps.db, 'survey.close', {}, { key: randomUUID() });
    await t.runJobs({ types: ['survey.close'] });
    const [row] = await t.deps.db.select().from(surveys).where(eq(surveys.id, timed.id));
    expect(row.status).toBe('closed');
    expect(row.closedAt?.toISOString()).toBe(passed.toISOString());
    expect(row.responseCount).toBe(1);
  });
});

describe('results', () => {
  it('count options, spread scales, list named text answers, and give the response rate', async () => {
    const { c, coordinator, members } = await community();
    const [ann, bo, cy] = members;
    const made = await draft(coordinator, c);
    await sendAndFanOut(coordinator, c, made.id);
    expect((await answer(ann, c, made, ['The web', ['Talks', 'Socials'], 5, 10, 'More field trips.'])).status).toBe(
      201,
    );
    expect((await answer(bo, c, made, ['The web', ['Talks'], 4, 9])).status).toBe(201);
    expect((await answer(cy, c, made, ['A colleague', [], 2, 3, 'Evening sessions.'])).status).toBe(201);

    const res = await coordinator.client.get(`${base(c)}/${made.id}/results`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const r = res.body;
    expect(r).toMatchObject({
      surveyId: made.id,
      anonymous: false,
      status: 'open',
      responseCount: 3,
      audience: 5,
      responseRate: 0.6,
      withheld: false,
    });
    const [single, multiple, five, ten, text] = r.questions;
    expect(single).toMatchObject({ answered: 3, scale: null, texts: null });
    expect(single.options).toEqual([
      { option: 'A colleague', count: 1, share: 1 / 3 },
      { option: 'A conference', count: 0, share: 0 },
      { option: 'The web', count: 2, share: 2 / 3 },
    ]);
    expect(multiple.answered).toBe(2);
    expect(multiple.options.map((o: { count: number }) => o.count)).toEqual([2, 0, 1]);
    expect(five.scale).toMatchObject({ min: 1, max: 5, mean: 11 / 3, median: 4, nps: null });
    expect(ten.scale).toMatchObject({ min: 0, max: 10, median: 9 });
    expect(ten.scale.nps).toEqual({ detractors: 1, passives: 0, promoters: 2, score: 33.3 });
    expect(text.answered).toBe(2);
    expect(text.texts).toEqual(
      expect.arrayContaining([
        { text: 'More field trips.', respondent: { id: ann.user.id, name: 'Ann Answer' }, on: expect.any(String) },
        { text: 'Evening sessions.', respondent: { id: cy.user.id, name: 'Cy Curious' }, on: expect.any(String) },
      ]),
    );
    const draftOnly = await draft(coordinator, c);
    expect((await coordinator.client.get(`${base(c)}/${draftOnly.id}/results`)).body.error.code).toBe(
      'survey_not_sent',
    );
  });
});

describe('an anonymous survey', () => {
  it('keeps nothing that links a member to their answers, and its results name nobody', async () => {
    const names = ['Ann Answer', 'Bo Busy', 'Cy Curious', 'Di Doubt'];
    const { c, coordinator, members } = await community({ members: names });
    const made = await draft(coordinator, c, { anonymous: true });
    await sendAndFanOut(coordinator, c, made.id);

    const given = [
      ['The web', ['Talks'], 5, 10, 'I would like more field trips.'],
      ['A colleague', ['Workshops', 'Socials'], 3, 6, 'Evening sessions suit me better.'],
    ];
    for (const [i, values] of given.entries()) expect((await answer(members[i], c, made, values)).status).toBe(201);

    // Too few answers yet for any figure to hide one person's answers.
    const early = (await coordinator.client.get(`${base(c)}/${made.id}/results`)).body;
    expect(early).toMatchObject({ anonymous: true, responseCount: 2, withheld: true, minimum: 3 });
    expect(
      early.questions.every(
        (q: { options: unknown; scale: unknown; texts: unknown; answered: number }) =>
          !q.options && !q.scale && !q.texts && q.answered === 0,
      ),
    ).toBe(true);

    expect((await answer(members[2], c, made, ['The web', [], 4, 9, 'Thank you for the meetups.'])).status).toBe(201);
    const everyone = [...members, coordinator].map((m) => m.user);

    // The database: who answered is kept apart; the responses and answers hold no trace of them.
    const respondents = await t.deps.db.select().from(surveyRespondents).where(eq(surveyRespondents.surveyId, made.id));
    expect(new Set(respondents.map((r) => r.userId))).toEqual(new Set(members.slice(0, 3).map((m) => m.user.id)));
    const responses = await t.deps.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, made.id));
    expect(responses).toHaveLength(3);
    for (const r of responses) {
      expect(r.respondentId).toBeNull();
      expect(r.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const answerRows = await t.deps.db
      .select()
      .from(surveyAnswers)
      .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
      .where(eq(surveyResponses.surveyId, made.id));
    const stored = JSON.stringify([responses, answerRows]);
    for (const person of everyone) {
      expect(stored).not.toContain(person.id);
      expect(stored).not.toContain(person.name);
    }
    // Every column of both tables, as the database has them: none can hold a member.
    const columns = await t.deps.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_name in ('survey_responses', 'survey_answers') order by table_name, column_name`);
    expect((columns as unknown as { rows: { table_name: string; column_name: string }[] }).rows).toEqual([
      { table_name: 'survey_answers', column_name: 'question_id' },
      { table_name: 'survey_answers', column_name: 'response_id' },
      { table_name: 'survey_answers', column_name: 'value' },
      { table_name: 'survey_responses', column_name: 'id' },
      { table_name: 'survey_responses', column_name: 'respondent_id' },
      { table_name: 'survey_responses', column_name: 'submitted_on' },
      { table_name: 'survey_responses', column_name: 'survey_id' },
    ]);

    // The activity log says who answered which survey, never which response.
    const logged = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'answered_survey'), eq(activityEvents.objectId, made.id)));
    expect(logged).toHaveLength(3);
    const everything = JSON.stringify(
      await t.deps.db.select().from(activityEvents).where(eq(activityEvents.communityId, c.id)),
    );
    for (const r of responses) expect(everything).not.toContain(r.id);
    for (const row of logged) expect(row.data).toBeNull();

    // The results: figures, and the words shuffled, with no name, id or day anywhere.
    const res = await coordinator.client.get(`${base(c)}/${made.id}/results`);
    expect(res.body).toMatchObject({
      anonymous: true,
      withheld: false,
      responseCount: 3,
      audience: 5,
      responseRate: 0.6,
    });
    const text = res.body.questions[4];
    expect(text.texts.map((x: { text: string }) => x.text).sort()).toEqual([
      'Evening sessions suit me better.',
      'I would like more field trips.',
      'Thank you for the meetups.',
    ]);
    expect(text.texts.every((x: { respondent: unknown; on: unknown }) => x.respondent === null && x.on === null)).toBe(
      true,
    );
    const shown = JSON.stringify(res.body);
    for (const person of everyone) {
      expect(shown).not.toContain(person.id);
      expect(shown).not.toContain(person.name);
    }
    for (const r of responses) expect(shown).not.toContain(r.id);
    // Closing rewrites the responses, shuffled, under new ids: the transaction that wrote each next to
    // the record of who gave it (PostgreSQL's xmin) no longer ties them.
    const xmins = async (table: 'survey_responses' | 'survey_respondents') =>
      (
        (await t.deps.db.execute(
          sql`select xmin::text as x from ${sql.identifier(table)} where survey_id = ${made.id}`,
        )) as unknown as { rows: { x: string }[] }
      ).rows.map((r) => r.x);
    expect(new Set(await xmins('survey_responses'))).toEqual(new Set(await xmins('survey_respondents')));
    expect((await coordinator.client.post(`${base(c)}/${made.id}/close`)).status).toBe(200);
    const rewritten = await t.deps.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, made.id));
    expect(rewritten).toHaveLength(3);
    expect(rewritten.some((r) => responses.some((old) => old.id === r.id))).toBe(false);
    expect(rewritten.every((r) => r.respondentId === null)).toBe(true);
    const respondentXmins = new Set(await xmins('survey_respondents'));
    expect((await xmins('survey_responses')).some((x) => respondentXmins.has(x))).toBe(false);
    const after = (await coordinator.client.get(`${base(c)}/${made.id}/results`)).body;
    expect(
      after.questions.map((q: { options: unknown; scale: unknown; answered: number }) => [
        q.answered,
        q.options,
        q.scale,
      ]),
    ).toEqual(
      res.body.questions.map((q: { options: unknown; scale: unknown; answered: number }) => [
        q.answered,
        q.options,
        q.scale,
      ]),
    );
    expect(after.questions[4].texts.map((x: { text: string }) => x.text).sort()).toEqual(
      text.texts.map((x: { text: string }) => x.text).sort(),
    );

    // Nor does anything else a coordinator reads about the survey.
    const elsewhere = JSON.stringify([
      (await coordinator.client.get(`${base(c)}/${made.id}`)).body,
      (await coordinator.client.get(base(c))).body,
    ]);
    for (const person of members) expect(elsewhere).not.toContain(person.user.name);
  });
});
