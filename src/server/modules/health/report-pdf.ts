import PDFDocument from 'pdfkit';
import type { ParticipationMode, SponsorReport } from '../../../common/api-types.js';
import { modeLabels } from './report-csv.js';
import { formatFigure } from './report-headline.js';

/**
 * The sponsor report as an A4 PDF: a branded cover band, the figures at a glance, then one
 * section per part of the report with simple bar charts drawn from pdfkit's own shapes. It
 * renders the same `SponsorReport` value as the JSON and CSV, so it can hold nothing they do not.
 */

const brand = '#0b7a75';
const brandDark = '#005d5a';
const brandLight = '#e6f7f6';
const ink = '#1f2933';
const muted = '#52606d';
const rule = '#cbd2d9';
const barMuted = '#9aa5b1';
// The same colours the dashboard's charts give the modes, so both read alike.
const modeColours: Record<ParticipationMode, string> = {
  convey_consume: '#7a838c',
  contribute: '#1971c2',
  collaborate: '#0b7a75',
  co_create: '#7048e8',
  champion: '#d9480f',
};

const page = { width: 595.28, height: 841.89, margin: 50 };
const contentWidth = page.width - 2 * page.margin;
const bottom = page.height - page.margin - 20;

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "3 March 2026", from YYYY-MM-DD, with no time zone in the way. */
function longDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${months[m - 1]} ${y}`;
}

/** "Mar", or "Jan 2026" where a year starts, for a YYYY-MM month label under a bar. */
const monthLabel = (month: string, withYear: boolean) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${months[m - 1]!.slice(0, 3)}${withYear ? ` ${y}` : ''}`;
};

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom) doc.addPage();
}

function heading(doc: Doc, text: string, intro?: string): void {
  ensureSpace(doc, 90);
  doc.moveDown(0.8);
  const y = doc.y;
  doc.rect(page.margin, y + 2, 4, 16).fill(brand);
  doc
    .fillColor(ink)
    .font('Helvetica-Bold')
    .fontSize(15)
    .text(text, page.margin + 12, y, { width: contentWidth - 12 });
  if (intro) {
    doc.moveDown(0.2);
    doc.fillColor(muted).font('Helvetica').fontSize(9.5).text(intro, page.margin, doc.y, { width: contentWidth });
  }
  doc.moveDown(0.6);
}

/** Label/value rows with a hairline between them. */
function table(doc: Doc, rows: [string, string][], options: { labelWidth?: number } = {}): void {
  const labelWidth = options.labelWidth ?? contentWidth * 0.7;
  for (const [label, value] of rows) {
    ensureSpace(doc, 20);
    const y = doc.y;
    doc.fillColor(ink).font('Helvetica').fontSize(10).text(label, page.margin, y, { width: labelWidth });
    const after = doc.y;
    doc
      .font('Helvetica-Bold')
      .text(value, page.margin + labelWidth, y, { width: contentWidth - labelWidth, align: 'right' });
    doc.y = Math.max(after, doc.y) + 4;
    doc
      .moveTo(page.margin, doc.y - 2)
      .lineTo(page.margin + contentWidth, doc.y - 2)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
  }
  doc.x = page.margin;
}

/** Horizontal bars: a label, a bar in proportion to the largest value, and the value. */
function horizontalBars(
  doc: Doc,
  items: { label: string; value: number; colour?: string; text?: string }[],
  options: { max?: number } = {},
): void {
  const labelWidth = 150;
  const valueWidth = 60;
  const barArea = contentWidth - labelWidth - valueWidth - 10;
  const max = options.max ?? Math.max(1, ...items.map((i) => i.value));
  for (const item of items) {
    doc.font('Helvetica').fontSize(10);
    const rowHeight = Math.max(22, doc.heightOfString(item.label, { width: labelWidth - 8 }) + 8);
    ensureSpace(doc, rowHeight);
    const y = doc.y;
    doc.fillColor(ink).text(item.label, page.margin, y + 2, { width: labelWidth - 8 });
    const width = Math.max(item.value > 0 ? 2 : 0, (item.value / max) * barArea);
    doc.rect(page.margin + labelWidth, y, barArea, 14).fill(brandLight);
    if (width > 0) doc.rect(page.margin + labelWidth, y, width, 14).fill(item.colour ?? brand);
    doc
      .fillColor(ink)
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(item.text ?? item.value.toLocaleString('en'), page.margin + labelWidth + barArea + 8, y + 2, {
        width: valueWidth,
      });
    doc.y = y + rowHeight;
  }
  doc.x = page.margin;
}

/** Vertical bars per month, one series or two side by side, with a small legend. */
function monthlyBars(
  doc: Doc,
  title: string,
  labels: string[],
  series: { name: string; colour: string; values: number[] }[],
  height = 120,
): void {
  ensureSpace(doc, height + 70);
  doc.fillColor(ink).font('Helvetica-Bold').fontSize(10).text(title, page.margin, doc.y, { width: contentWidth });
  doc.moveDown(0.3);
  const top = doc.y + (series.length > 1 ? 20 : 10);
  if (series.length > 1) {
    let x = page.margin;
    for (const s of series) {
      doc.rect(x, doc.y + 2, 8, 8).fill(s.colour);
      doc
        .fillColor(muted)
        .font('Helvetica')
        .fontSize(8.5)
        .text(s.name, x + 12, doc.y + 1, { lineBreak: false });
      x += 14 + doc.widthOfString(s.name) + 16;
    }
  }
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = contentWidth / Math.max(1, labels.length);
  const barWidth = Math.min(28, (slot * 0.7) / series.length);
  const base = top + height;
  doc
    .moveTo(page.margin, base)
    .lineTo(page.margin + contentWidth, base)
    .lineWidth(0.75)
    .strokeColor(rule)
    .stroke();
  doc
    .fillColor(muted)
    .font('Helvetica')
    .fontSize(7.5)
    .text(`max ${max.toLocaleString('en')}`, page.margin, top - 9, {
      width: contentWidth,
      align: 'right',
    });
  const everyOther = labels.length > 14;
  labels.forEach((label, i) => {
    const groupWidth = barWidth * series.length;
    const x0 = page.margin + i * slot + (slot - groupWidth) / 2;
    series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const h = (value / max) * height;
      if (h > 0) doc.rect(x0 + j * barWidth, base - h, barWidth - 1, h).fill(s.colour);
    });
    if (!everyOther || i % 2 === 0) {
      doc
        .fillColor(muted)
        .font('Helvetica')
        .fontSize(7.5)
        .text(label, page.margin + i * slot - 10, base + 4, { width: slot + 20, align: 'center', lineBreak: false });
    }
  });
  doc.x = page.margin;
  doc.y = base + 22;
}

function coverBand(doc: Doc, r: SponsorReport): void {
  doc.rect(0, 0, page.width, 150).fill(brand);
  doc.rect(0, 150, page.width, 4).fill(brandDark);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(10).text('COMMONPLACE', page.margin, 40, {
    characterSpacing: 2,
  });
  doc.font('Helvetica-Bold').fontSize(24).text(r.community.name, page.margin, 62, { width: contentWidth });
  doc
    .font('Helvetica')
    .fontSize(12)
    .text(`Sponsor report · ${longDate(r.period.from)} to ${longDate(r.period.to)}`, page.margin, doc.y + 4, {
      width: contentWidth,
    });
  doc.y = 176;
  doc.x = page.margin;
}

/** Six figures in a grid of tiles. */
function glance(doc: Doc, r: SponsorReport): void {
  const tiles: [string, string][] = [
    ['Members', r.size.members.toLocaleString('en')],
    ['Joined', r.size.joined.toLocaleString('en')],
    ['Members contributing', pct(r.engagement.contributingShare)],
    ['Accepted answers', r.outcomes.acceptedAnswers.toLocaleString('en')],
    ['Resources published', r.outcomes.resources.toLocaleString('en')],
    ['Events held', r.outcomes.eventsHeld.toLocaleString('en')],
  ];
  const gap = 12;
  const w = (contentWidth - 2 * gap) / 3;
  const h = 58;
  const top = doc.y;
  tiles.forEach(([label, value], i) => {
    const x = page.margin + (i % 3) * (w + gap);
    const y = top + Math.floor(i / 3) * (h + gap);
    doc.roundedRect(x, y, w, h, 6).fill(brandLight);
    doc
      .fillColor(brandDark)
      .font('Helvetica-Bold')
      .fontSize(20)
      .text(value, x + 12, y + 10, { width: w - 24 });
    doc
      .fillColor(muted)
      .font('Helvetica')
      .fontSize(9)
      .text(label, x + 12, y + 37, { width: w - 24 });
  });
  doc.x = page.margin;
  doc.y = top + 2 * h + gap + 10;
  const stage = r.stage
    ? `Maturity stage: ${r.stage.label} (assessed for ${r.stage.quarter}).`
    : 'Maturity stage: not assessed in this period.';
  doc.fillColor(ink).font('Helvetica').fontSize(10.5).text(stage, page.margin, doc.y, { width: contentWidth });
}

function footers(doc: Doc, r: SponsorReport): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without this, writing there would start a new page.
    doc.page.margins.bottom = 0;
    const y = page.height - page.margin + 6;
    doc
      .moveTo(page.margin, y - 6)
      .lineTo(page.margin + contentWidth, y - 6)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc
      .fillColor(muted)
      .font('Helvetica')
      .fontSize(8)
      .text(`${r.community.name} · Sponsor report · ${r.period.from} to ${r.period.to}`, page.margin, y, {
        width: contentWidth - 80,
        lineBreak: false,
        height: 10,
      })
      .text(`Page ${i - range.start + 1} of ${range.count}`, page.margin + contentWidth - 80, y, {
        width: 80,
        align: 'right',
        lineBreak: false,
        height: 10,
      });
  }
}

export function reportPdf(r: SponsorReport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    bufferPages: true,
    compress: options.compress ?? true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: `${r.community.name}: sponsor report, ${r.period.from} to ${r.period.to}`,
      Author: 'Commonplace',
      Subject: 'Community of practice sponsor report',
      CreationDate: new Date(r.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  coverBand(doc, r);
  glance(doc, r);

  heading(doc, 'Size and growth', 'Members at the end of each month, and who joined and left.');
  table(doc, [
    ['Members now', r.size.members.toLocaleString('en')],
    ['Joined in the period', r.size.joined.toLocaleString('en')],
    ['Left in the period', r.size.left.toLocaleString('en')],
    ['On a break', r.size.onBreak.toLocaleString('en')],
  ]);
  if (r.size.byMonth.length > 0) {
    doc.moveDown(0.6);
    const labels = r.size.byMonth.map((m, i) => monthLabel(m.month, i === 0 || m.month.endsWith('-01')));
    monthlyBars(doc, 'Members at the end of each month', labels, [
      { name: 'Members', colour: brand, values: r.size.byMonth.map((m) => m.members) },
    ]);
    monthlyBars(
      doc,
      'Joined and left each month',
      labels,
      [
        { name: 'Joined', colour: brand, values: r.size.byMonth.map((m) => m.joined) },
        { name: 'Left', colour: barMuted, values: r.size.byMonth.map((m) => m.left) },
      ],
      80,
    );
  }

  heading(
    doc,
    'Engagement by participation mode',
    'How current members take part today (CSCCE participation model): from reading and attending, through contributing and collaborating, to co-creating and championing.',
  );
  horizontalBars(
    doc,
    (Object.keys(modeLabels) as ParticipationMode[]).map((m) => ({
      label: modeLabels[m],
      value: r.engagement.modes[m] ?? 0,
      colour: modeColours[m],
    })),
  );
  doc.moveDown(0.4);
  table(doc, [
    ['Members contributing', pct(r.engagement.contributingShare)],
    ['Active in a typical week', r.engagement.weeklyActive.toLocaleString('en')],
    ['Moved up a mode in the period', r.engagement.movedUp.toLocaleString('en')],
    ['Drifted down a mode in the period', r.engagement.driftedDown.toLocaleString('en')],
    ['Newcomers activated within 30 days', pct(r.engagement.activationRate)],
  ]);

  heading(doc, 'Outcomes', 'What the community produced in the period.');
  horizontalBars(doc, [
    { label: 'Questions asked', value: r.outcomes.questionsAsked, colour: barMuted },
    { label: 'Accepted answers', value: r.outcomes.acceptedAnswers },
    { label: 'Resources published', value: r.outcomes.resources },
    { label: 'Events held', value: r.outcomes.eventsHeld },
    { label: 'Attendances', value: r.outcomes.attended },
    { label: 'Wins shared', value: r.outcomes.wins },
  ]);

  heading(doc, 'Health', 'The headline figures of the community’s health dashboard for the period.');
  table(
    doc,
    r.health.map((h) => [h.label, formatFigure(h.value, h.unit)]),
  );

  heading(
    doc,
    'Survey highlights',
    'Surveys open during the period: response counts and averages only. Written answers are never included.',
  );
  if (r.surveys.length === 0) {
    doc.fillColor(muted).font('Helvetica').fontSize(10).text('No survey was open in this period.');
  }
  for (const s of r.surveys) {
    ensureSpace(doc, 60);
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(11.5).text(s.title, page.margin, doc.y, { width: contentWidth });
    const rate = s.responseRate === null ? '' : ` (${pct(s.responseRate)} of members)`;
    doc
      .fillColor(muted)
      .font('Helvetica')
      .fontSize(9.5)
      .text(
        `${s.status === 'closed' ? 'Closed' : 'Open'}${s.anonymous ? ' · anonymous' : ''} · ${s.responses} responses${rate}`,
      );
    doc.moveDown(0.4);
    if (!s.detailed) {
      doc
        .fillColor(muted)
        .fontSize(9.5)
        .text('Too few responses to show figures per question without pointing at anyone.');
    }
    if (s.scales.length > 0) {
      horizontalBars(
        doc,
        s.scales.map((q) => ({ label: q.prompt, value: q.average, text: `${q.average} / ${q.max}` })),
        { max: Math.max(...s.scales.map((q) => q.max)) },
      );
    }
    for (const q of s.choices) {
      ensureSpace(doc, 30);
      doc.fillColor(ink).font('Helvetica').fontSize(10).text(q.prompt, page.margin, doc.y, { width: contentWidth });
      doc
        .fillColor(muted)
        .fontSize(9.5)
        .text(`Top choice: ${q.topChoice} (${pct(q.share)} of ${q.answers} answers)`, { width: contentWidth });
      doc.moveDown(0.3);
    }
    doc.moveDown(0.6);
  }

  footers(doc, r);
  doc.end();
  return done;
}
