import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SponsorReport } from '../../../common/api-types.js';
import { AppError } from '../../platform/errors.js';
import { reportCsv } from './report-csv.js';
import { reportPdf } from './report-pdf.js';
import { reportPeriod } from './report-service.js';
import { pdfPages, pdfText } from './report-test-pdf.js';

const report: SponsorReport = {
  community: { name: 'Research Coders', slug: 'research-coders' },
  period: { from: '2025-01-01', to: '2025-12-31' },
  generatedAt: '2026-01-05T09:00:00.000Z',
  size: {
    members: 48,
    joined: 30,
    left: 4,
    onBreak: 2,
    byMonth: Array.from({ length: 12 }, (_, i) => ({
      month: `2025-${String(i + 1).padStart(2, '0')}`,
      joined: (i % 4) + 1,
      left: i % 5 === 0 ? 1 : 0,
      members: 20 + i * 2,
    })),
  },
  engagement: {
    modes: { convey_consume: 20, contribute: 12, collaborate: 8, co_create: 5, champion: 3 },
    contributingShare: 0.58,
    weeklyActive: 14,
    movedUp: 9,
    driftedDown: 3,
    activationRate: 0.6,
    distribution: { lurkers: 20, contributors: 22, heavy: 6 },
  },
  outcomes: { acceptedAnswers: 31, resources: 18, eventsHeld: 11, wins: 4, attended: 140, questionsAsked: 52 },
  health: [
    { key: 'members', label: 'Members', value: 48, unit: 'count', higherIsBetter: true },
    { key: 'answeredShare', label: 'Questions answered', value: 0.85, unit: 'share', higherIsBetter: true },
    {
      key: 'medianFirstReplyHours',
      label: 'Median time to a first reply',
      value: 5.5,
      unit: 'hours',
      higherIsBetter: false,
    },
    { key: 'attendanceRate', label: 'Attendance', value: null, unit: 'share', higherIsBetter: true },
  ],
  stage: { quarter: '2025-Q4', stage: 'engaged', label: 'Engaged' },
  surveys: [
    {
      title: '=Quarterly pulse',
      status: 'closed',
      anonymous: true,
      sentAt: '2025-10-01T00:00:00.000Z',
      closedAt: '2025-10-15T00:00:00.000Z',
      responses: 21,
      responseRate: 0.44,
      detailed: true,
      scales: [{ prompt: 'How useful is the community to your work?', max: 5, average: 4.2, answers: 21 }],
      choices: [{ prompt: 'Which format do you prefer?', topChoice: 'Clinics', count: 11, share: 0.52, answers: 21 }],
    },
  ],
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, field: err.field };
    throw err;
  }
  return null;
};

describe('report period', () => {
  it('runs from local midnight of the first day to local midnight after the last', () => {
    expect(reportPeriod('2026-01-01', '2026-03-31', 'Europe/Berlin')).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      start: new Date('2025-12-31T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
    expect(reportPeriod('2026-02-01', '2026-02-01', 'UTC').end).toEqual(new Date('2026-02-02T00:00:00Z'));
  });

  it('refuses days not in the calendar, a reversed period and one over two years, naming the field', () => {
    expect(refusal(() => reportPeriod('2026-02-30', '2026-03-01', 'UTC'))).toEqual({
      status: 422,
      code: 'invalid_date',
      field: 'from',
    });
    expect(refusal(() => reportPeriod('2026-03-01', '2026-02-01', 'UTC'))).toEqual({
      status: 422,
      code: 'period_reversed',
      field: 'to',
    });
    expect(refusal(() => reportPeriod('2024-01-01', '2025-12-31', 'UTC'))).toBeNull();
    expect(refusal(() => reportPeriod('2024-01-01', '2026-01-01', 'UTC'))).toEqual({
      status: 422,
      code: 'period_too_long',
      field: 'to',
    });
  });
});

describe('report files', () => {
  it('writes a CSV in sections, each with a heading and its columns, formulas kept as text', () => {
    const csv = reportCsv(report);
    const rows = parse(csv, { relax_column_count: true }) as string[][];
    const heading = (name: string) => rows.findIndex((r) => r.length === 1 && r[0] === name);
    for (const name of [
      'Sponsor report',
      'Size and growth',
      'Members month by month',
      'Engagement by participation mode',
      'Outcomes',
      'Health',
      'Surveys',
      'Survey questions',
    ]) {
      expect(heading(name), name).toBeGreaterThanOrEqual(0);
    }
    const months = heading('Members month by month');
    expect(rows[months + 1]).toEqual(['Month', 'Joined', 'Left', 'Members at the end of the month']);
    expect(rows[months + 2]).toEqual(['2025-01', '1', '1', '20']);
    const modes = heading('Engagement by participation mode');
    expect(rows[modes + 4]).toEqual(['Collaborate', '8']);
    expect(rows.find((r) => r[0] === 'Questions answered')).toEqual(['Questions answered', '85%', '0.85']);
    expect(rows.find((r) => r[0] === 'Attendance')).toEqual(['Attendance', '–', '']);
    expect(rows.find((r) => r[0] === "'=Quarterly pulse")).toBeTruthy();
    expect(csv).toContain('\r\n');
  });

  it('draws a PDF of A4 pages with every section, charts and page numbers', async () => {
    const pdf = await reportPdf(report);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(0);
    // A4 in points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = pdfText(pdf);
    for (const words of [
      'Research Coders',
      'Sponsor report',
      'Size and growth',
      'Engagement by participation mode',
      'Outcomes',
      'Survey highlights',
      'Top choice: Clinics',
      'Engaged',
      `Page 1 of ${pages}`,
    ]) {
      expect(text, words).toContain(words);
    }
  });
});
