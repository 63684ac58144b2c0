import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SponsorReport } from '../../../common/api-types.js';
import type { Visibility } from '../../../common/limits.js';
import { eq } from 'drizzle-orm';
import {
  healthAssessments,
  memberships,
  surveyAnswers,
  surveyQuestions,
  surveyResponses,
  surveys,
} from '../../db/schema/index.js';
import {
  buildCommunity,
  buildMember,
  buildPost,
  buildReply,
  buildResource,
  type CommunityRow,
} from '../../../../test/factories.js';
import type { Client, TestApp } from '../../../../test/harness.js';
import {
  allowed,
  API,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Matrix,
  type MatrixActor,
} from '../../../../test/matrix.js';
import { quarterOf } from './assessment-quarters.js';
import { pdfPages, pdfText } from './report-test-pdf.js';

let matrix: Matrix;
let t: TestApp;
beforeAll(async () => {
  matrix = await setupMatrix();
  t = matrix.t;
});
afterAll(() => matrix?.t.close());

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const lastYear = { from: day(-364), to: day(0) };
const reportUrl = (slug: string, query: Record<string, string>) =>
  `${API}/communities/${slug}/health/report?${new URLSearchParams(query)}`;

// ── Who may do what ──────────────────────────────────────────────────────────

interface Cell {
  slug: string;
}

async function buildCell(visibility: Visibility, _actor: MatrixActor): Promise<Cell> {
  return { slug: (await matrixCommunity(matrix, visibility, 'rp')).slug };
}

describeMatrix<Cell>(
  [
    {
      name: 'the report as JSON',
      request: (c) => ['GET', reportUrl(c.slug, lastYear)],
      ...allowed.coordinatorsAndAdmins(200),
    },
    {
      name: 'the report as CSV',
      request: (c) => ['GET', reportUrl(c.slug, { ...lastYear, format: 'csv' })],
      ...allowed.coordinatorsAndAdmins(200),
    },
    {
      name: 'the report as PDF',
      request: (c) => ['GET', reportUrl(c.slug, { ...lastYear, format: 'pdf' })],
      ...allowed.coordinatorsAndAdmins(200),
    },
  ],
  buildCell,
  () => matrix,
);

// ── Fixtures ─────────────────────────────────────────────────────────────────

type QuestionSpec = { kind: string; prompt: string; options?: string[] };

/** A survey as the survey feature stores it, with each response's answers in question order. */
async function seedSurvey(
  community: { id: string },
  spec: {
    title: string;
    status?: string;
    anonymous?: boolean;
    sentAt?: Date;
    closedAt?: Date | null;
    questions: QuestionSpec[];
    responses: (string | number | string[] | null)[][];
    respondents?: (string | null)[];
  },
) {
  const [survey] = await t.deps.db
    .insert(surveys)
    .values({
      communityId: community.id,
      title: spec.title,
      status: spec.status ?? 'closed',
      anonymous: spec.anonymous ?? true,
      sentAt: spec.sentAt ?? new Date(Date.now() - 20 * 86_400_000),
      closedAt: spec.closedAt === undefined ? new Date(Date.now() - 5 * 86_400_000) : spec.closedAt,
      responseCount: spec.responses.length,
    })
    .returning();
  if (spec.questions.length === 0) return survey!;
  const questions = await t.deps.db
    .insert(surveyQuestions)
    .values(
      spec.questions.map((q, i) => ({
        surveyId: survey!.id,
        position: i,
        kind: q.kind,
        prompt: q.prompt,
        options: q.options ?? [],
      })),
    )
    .returning();
  for (const [i, values] of spec.responses.entries()) {
    const [response] = await t.deps.db
      .insert(surveyResponses)
      .values({
        surveyId: survey!.id,
        respondentId: spec.respondents?.[i] ?? null,
        submittedOn: day(-10),
      })
      .returning();
    const rows = values
      .map((value, j) => ({ responseId: response!.id, questionId: questions[j]!.id, value }))
      .filter((r) => r.value !== null) as {
      responseId: string;
      questionId: string;
      value: string | number | string[];
    }[];
    if (rows.length) await t.deps.db.insert(surveyAnswers).values(rows);
  }
  return survey!;
}

// ── The report ───────────────────────────────────────────────────────────────

describe('sponsor report', () => {
  // Every piece of content and every name carries a marker; none may reach the report.
  const marker = (what: string) => `ZQX${what}MARK`;
  const secrets = {
    coordinator: marker('CoordName'),
    member: marker('MemberName'),
    postTitle: marker('PostTitle'),
    postBody: marker('PostBody'),
    winTitle: marker('WinTitle'),
    replyBody: marker('ReplyBody'),
    resourceTitle: marker('ResourceTitle'),
    resourceSummary: marker('ResourceSummary'),
    textAnswer: marker('TextAnswer'),
    otherSurvey: marker('OtherCommunitySurvey'),
    smallSurveyChoice: marker('SmallSurveyChoice'),
  };

  let community: CommunityRow;
  let coordinator: Client;

  beforeAll(async () => {
    const cora = await t.signedInUser({ name: `Cora ${secrets.coordinator}` });
    coordinator = cora.client;
    community = await buildCommunity(t, { createdBy: cora.user, name: 'Research Coders' });
    const mia = await t.signedInUser({ name: `Mia ${secrets.member}` });
    await buildMember(t, community, mia.user);
    for (const name of ['Quinn Quiet', 'Rae Reader', 'Sol Silent']) {
      await buildMember(t, community, await t.createUser({ name }));
    }
    // Everyone joined a month ago, before the surveys went out.
    await t.deps.db
      .update(memberships)
      .set({ joinedAt: new Date(Date.now() - 30 * 86_400_000) })
      .where(eq(memberships.communityId, community.id));

    const question = await buildPost(t, community, mia, {
      kind: 'question',
      title: `How do we ${secrets.postTitle}?`,
      body: `Details: ${secrets.postBody}`,
    });
    const answer = await buildReply(t, community, question, coordinator, { body: `Try ${secrets.replyBody}` });
    const accepted = await mia.client.put(`${API}/communities/${community.slug}/posts/${question.id}/accepted`, {
      replyId: answer.id,
    });
    expect(accepted.status).toBe(200);
    await buildPost(t, community, mia, { kind: 'win', title: secrets.winTitle, body: 'We did it.' });
    await buildResource(t, {
      community,
      by: cora.user,
      title: secrets.resourceTitle,
      summary: secrets.resourceSummary,
    });

    await seedSurvey(community, {
      title: 'Quarterly pulse',
      questions: [
        { kind: 'scale5', prompt: 'How useful is the community to your work?' },
        { kind: 'scale10', prompt: 'How likely are you to recommend it?' },
        { kind: 'single', prompt: 'Which format do you prefer?', options: ['Clinics', 'Talks', 'Reading groups'] },
        { kind: 'multiple', prompt: 'Which topics should we cover?', options: ['Testing', 'Packaging', 'Data'] },
        { kind: 'text', prompt: 'Anything else?' },
      ],
      responses: [
        [5, 9, 'Clinics', ['Testing', 'Data'], secrets.textAnswer],
        [4, 8, 'Clinics', ['Testing'], `More ${secrets.textAnswer}`],
        [3, 7, 'Talks', ['Packaging', 'Testing'], null],
        // An answer that is not one of the options (a free "other") is never shown as a choice.
        [4, null, secrets.textAnswer, ['Data'], 'ok'],
      ],
    });
    await seedSurvey(community, {
      title: 'Tiny poll',
      status: 'open',
      anonymous: false,
      closedAt: null,
      questions: [{ kind: 'single', prompt: 'Tea or coffee?', options: ['Tea', secrets.smallSurveyChoice] }],
      responses: [[secrets.smallSurveyChoice], ['Tea']],
      respondents: [mia.user.id, cora.user.id],
    });
    // A draft survey was never sent: it is not in the report.
    await seedSurvey(community, {
      title: 'Draft survey',
      status: 'draft',
      closedAt: null,
      questions: [],
      responses: [],
    });
    // Another community's survey, even in the same period, stays in its own report.
    const elsewhere = await buildCommunity(t, { createdBy: cora.user, visibility: 'private' });
    await seedSurvey(elsewhere, {
      title: secrets.otherSurvey,
      questions: [{ kind: 'scale5', prompt: secrets.otherSurvey }],
      responses: [[1], [1], [1]],
    });
    await t.deps.db.insert(healthAssessments).values({
      communityId: community.id,
      quarter: quarterOf(new Date(), 'UTC'),
      answers: {},
      figures: {},
      proposedStage: 'forming',
      stage: 'building',
    });
  });

  const get = (query: Record<string, string>) => coordinator.get(reportUrl(community.slug, query));

  /** The PDF's bytes as sent (the test client reads answers as text, which would mangle them). */
  async function getPdf() {
    const res = await t.app.request(reportUrl(community.slug, { ...lastYear, format: 'pdf' }), {
      headers: {
        'x-forwarded-for': coordinator.ip,
        cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  function assertNoSecrets(text: string, what: string) {
    for (const [name, value] of Object.entries(secrets)) {
      expect(text.includes(value), `${what} contains the ${name} marker`).toBe(false);
    }
    expect(text, what).not.toContain('ZQX');
  }

  it('sums up size, engagement, outcomes, health and surveys as aggregates', async () => {
    const res = await get(lastYear);
    expect(res.status).toBe(200);
    const r = res.body as SponsorReport;
    expect(r.community).toEqual({ name: 'Research Coders', slug: community.slug });
    expect(r.period).toEqual(lastYear);
    expect(r.size).toMatchObject({ members: 5, joined: 5, left: 0 });
    expect(r.size.byMonth).toHaveLength(lastYear.from.slice(8) === '01' ? 12 : 13);
    expect(r.size.byMonth.at(-1)).toMatchObject({ members: 5 });
    expect(r.size.byMonth.reduce((s, m) => s + m.joined, 0)).toBe(5);
    expect(r.outcomes).toMatchObject({ acceptedAnswers: 1, resources: 1, wins: 1, questionsAsked: 1 });
    expect(r.health.find((h) => h.key === 'members')?.value).toBe(5);
    expect(r.stage).toEqual({ quarter: quarterOf(new Date(), 'UTC'), stage: 'building', label: 'Building' });

    expect(r.surveys.map((s) => s.title)).toEqual(['Quarterly pulse', 'Tiny poll']);
    const pulse = r.surveys[0]!;
    expect(pulse).toMatchObject({ status: 'closed', anonymous: true, responses: 4, detailed: true });
    expect(pulse.responseRate).toBeCloseTo(0.8);
    expect(pulse.scales).toEqual([
      { prompt: 'How useful is the community to your work?', max: 5, average: 4, answers: 4 },
      { prompt: 'How likely are you to recommend it?', max: 10, average: 8, answers: 3 },
    ]);
    expect(pulse.choices).toEqual([
      { prompt: 'Which format do you prefer?', topChoice: 'Clinics', count: 2, share: 2 / 3, answers: 3 },
      { prompt: 'Which topics should we cover?', topChoice: 'Testing', count: 3, share: 3 / 4, answers: 4 },
    ]);
    // Two responses are too few to show per question without pointing at someone.
    expect(r.surveys[1]).toMatchObject({ title: 'Tiny poll', responses: 2, detailed: false, scales: [], choices: [] });

    // A period before anything happened has no surveys, no stage and nobody joining.
    const early = await get({ from: '2020-01-01', to: '2020-12-31' });
    expect(early.status).toBe(200);
    expect(early.body.surveys).toEqual([]);
    expect(early.body.stage).toBeNull();
    expect(early.body.size.byMonth.every((m: { joined: number }) => m.joined === 0)).toBe(true);
  });

  it('downloads a CSV in sections, with a sensible file name', async () => {
    const res = await get({ ...lastYear, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${community.slug}-sponsor-report-${lastYear.from}-to-${lastYear.to}.csv"`,
    );
    const text = res.body as string;
    const rows = parse(text.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['Sponsor report']);
    expect(rows.find((r) => r[0] === 'Community')).toEqual(['Community', 'Research Coders']);
    expect(rows.find((r) => r[0] === 'Accepted answers')).toEqual(['Accepted answers', '1']);
    expect(rows.find((r) => r[0] === 'Quarterly pulse' && r[1] === 'closed')).toEqual([
      'Quarterly pulse',
      'closed',
      'yes',
      '4',
      '80%',
    ]);
    expect(rows.find((r) => r[1] === 'Which format do you prefer?')).toEqual([
      'Quarterly pulse',
      'Which format do you prefer?',
      'Top choice: Clinics',
      '66.7%',
      '3',
    ]);
  });

  it('downloads an A4 PDF with every section', async () => {
    const res = await getPdf();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${community.slug}-sponsor-report-${lastYear.from}-to-${lastYear.to}.pdf"`,
    );
    const pdf = res.bytes;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPages(pdf)).toBeGreaterThan(0);
    const text = pdfText(pdf);
    for (const words of ['Research Coders', 'Size and growth', 'Outcomes', 'Quarterly pulse', 'Top choice: Clinics']) {
      expect(text).toContain(words);
    }
  });

  it('contains no names, posts, replies, resources or written answers, in any format', async () => {
    const json = await get(lastYear);
    assertNoSecrets(JSON.stringify(json.body), 'the JSON');
    const csv = await get({ ...lastYear, format: 'csv' });
    assertNoSecrets(csv.body as string, 'the CSV');
    const { bytes } = await getPdf();
    const text = pdfText(bytes);
    // The reader works: it finds the community's name, so finding no marker means something.
    expect(text).toContain('Research Coders');
    assertNoSecrets(text, 'the PDF text');
    assertNoSecrets(bytes.toString('latin1'), 'the PDF file');
  });

  it('refuses a malformed, reversed or overlong period, naming the field', async () => {
    const cases: [Record<string, string>, number, string, string][] = [
      [{ to: '2026-01-31' }, 400, 'required', 'from'],
      [{ from: '2026-01-01' }, 400, 'required', 'to'],
      [{ from: '01/01/2026', to: '2026-01-31' }, 400, 'invalid_format', 'from'],
      [{ from: '2026-01-01', to: '2026-1-31' }, 400, 'invalid_format', 'to'],
      [{ from: '2026-02-30', to: '2026-03-31' }, 400, 'invalid_format', 'from'],
      [{ from: '2026-03-01', to: '2026-02-28' }, 422, 'period_reversed', 'to'],
      [{ from: '2024-01-01', to: '2026-01-01' }, 422, 'period_too_long', 'to'],
      [{ ...lastYear, format: 'docx' }, 400, 'invalid_value', 'format'],
    ];
    for (const [query, status, code, field] of cases) {
      const res = await get(query);
      expect([res.status, res.body.error?.code, res.body.error?.field], JSON.stringify(query)).toEqual([
        status,
        code,
        field,
      ]);
    }
    expect((await get({ from: '2024-01-01', to: '2025-12-31' })).status).toBe(200);
  });
});
