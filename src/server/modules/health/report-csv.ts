import { stringify } from 'csv-stringify/sync';
import type { ParticipationMode, SponsorReport } from '../../../common/api-types.js';
import { formatFigure } from './report-headline.js';

/**
 * The sponsor report as CSV for spreadsheets: one file, in sections. Each section starts with a
 * heading row, then its column names, then its rows; a blank row separates sections. Shares are
 * written as percentages and raw numbers as numbers, so a spreadsheet can chart them directly.
 */

export const modeLabels: Record<ParticipationMode, string> = {
  convey_consume: 'Convey/Consume',
  contribute: 'Contribute',
  collaborate: 'Collaborate',
  co_create: 'Co-create',
  champion: 'Champion',
};

const pct = (share: number | null) => (share === null ? '' : `${Math.round(share * 1000) / 10}%`);

export function reportCsv(r: SponsorReport): string {
  const rows: (string | number)[][] = [];
  const section = (heading: string, columns: string[], body: (string | number)[][]) => {
    if (rows.length > 0) rows.push([]);
    rows.push([heading]);
    rows.push(columns);
    rows.push(...body);
  };

  section(
    'Sponsor report',
    ['Field', 'Value'],
    [
      ['Community', r.community.name],
      ['From', r.period.from],
      ['To', r.period.to],
      ['Generated', r.generatedAt],
      ['Maturity stage', r.stage ? `${r.stage.label} (${r.stage.quarter})` : 'Not assessed'],
    ],
  );

  section(
    'Size and growth',
    ['Figure', 'Value'],
    [
      ['Members', r.size.members],
      ['Joined in the period', r.size.joined],
      ['Left in the period', r.size.left],
      ['On a break', r.size.onBreak],
    ],
  );
  section(
    'Members month by month',
    ['Month', 'Joined', 'Left', 'Members at the end of the month'],
    r.size.byMonth.map((m) => [m.month, m.joined, m.left, m.members]),
  );

  const e = r.engagement;
  section(
    'Engagement by participation mode',
    ['Mode', 'Current members'],
    (Object.keys(modeLabels) as ParticipationMode[]).map((m) => [modeLabels[m], e.modes[m] ?? 0]),
  );
  section(
    'Engagement',
    ['Figure', 'Value'],
    [
      ['Members contributing', pct(e.contributingShare)],
      ['Active in a typical week', e.weeklyActive],
      ['Moved up a mode', e.movedUp],
      ['Drifted down a mode', e.driftedDown],
      ['Newcomers activated within 30 days', pct(e.activationRate)],
      ['Members with no contribution', e.distribution.lurkers],
      ['Members with 1–9 contributions', e.distribution.contributors],
      ['Members with 10 or more contributions', e.distribution.heavy],
    ],
  );

  const o = r.outcomes;
  section(
    'Outcomes',
    ['Outcome', 'Count'],
    [
      ['Questions asked', o.questionsAsked],
      ['Accepted answers', o.acceptedAnswers],
      ['Resources published', o.resources],
      ['Events held', o.eventsHeld],
      ['Attendances', o.attended],
      ['Wins shared', o.wins],
    ],
  );

  section(
    'Health',
    ['Figure', 'Value', 'Raw value'],
    r.health.map((h) => [h.label, formatFigure(h.value, h.unit), h.value ?? '']),
  );

  section(
    'Surveys',
    ['Survey', 'Status', 'Anonymous', 'Responses', 'Response rate'],
    r.surveys.map((s) => [s.title, s.status, s.anonymous ? 'yes' : 'no', s.responses, pct(s.responseRate)]),
  );
  const details = r.surveys.flatMap((s) => [
    ...s.scales.map((q) => [s.title, q.prompt, `Average of ${q.max}`, q.average, q.answers]),
    ...s.choices.map((q) => [s.title, q.prompt, `Top choice: ${q.topChoice}`, pct(q.share), q.answers]),
  ]);
  section('Survey questions', ['Survey', 'Question', 'Figure', 'Value', 'Answers'], details);

  return stringify(rows, {
    record_delimiter: '\r\n',
    // A title a spreadsheet would run as a formula is kept as text.
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
}
