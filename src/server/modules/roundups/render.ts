import type { RoundupSection } from '../../../common/limits.js';
import { roundupSections } from '../../../common/limits.js';
import { escapeHtml } from '../../platform/mail-layout.js';
import { htmlToText } from '../../platform/markdown.js';
import { sign, signIds } from '../../platform/signing.js';

/**
 * Rendering a round-up (or a catch-up) for one member. Everything that is the same in every
 * copy — each item's HTML and text, the headings, the frame — is made once by `prepare`; a
 * copy then only orders each section's items for the member, signs their links and joins the
 * pieces (`renderFor`), which keeps a 100,000-member send cheap.
 */

export const CLICK_PURPOSE = 'roundup-click';
export const UNSUBSCRIBE_PURPOSE = 'roundup-unsub';

export interface RenderItem {
  id: string;
  section: RoundupSection;
  /** What it is: a newcomer (`member`) is left out of their own copy. */
  objectType?: string;
  objectId?: string;
  title: string;
  summary: string;
  path: string;
  topics: string[];
  formats: string[];
  meta: Record<string, unknown>;
}

export interface RenderSource {
  kind: 'roundup' | 'catchup';
  /** The round-up the links are counted for; absent for a catch-up (links go straight to the page). */
  roundupId?: string;
  community: { id: string; name: string; slug: string };
  subject: string;
  /** Sanitised HTML of the coordinator's intro (Markdown rendered). */
  introHtml: string;
  /** Items to show, in order within each section. */
  items: RenderItem[];
  /** This site's origin, for absolute links in mail. */
  origin: string;
  /** The period, for the catch-up's wording. */
  since?: Date;
}

export interface Recipient {
  userId: string;
  name: string;
  interests: readonly string[];
  expertise: readonly string[];
  learningFormats: readonly string[];
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  /** Where the one-click unsubscribe (RFC 8058) POSTs, for the List-Unsubscribe header; null for a catch-up. */
  unsubscribeUrl: string | null;
}

interface PreparedItem {
  id: string;
  /** For a newcomer: who, so their own copy does not ask them to greet themselves. */
  memberId: string | null;
  path: string;
  topics: string[];
  formats: readonly string[];
  htmlBefore: string;
  /** After the first link; with a call to action, `htmlTail` follows its second copy. */
  htmlAfter: string;
  htmlTail: string | null;
  textBefore: string;
  textAfter: string;
}

interface PreparedSection {
  html: string;
  text: string;
  items: PreparedItem[];
}

export interface PreparedMail {
  source: RenderSource;
  key: Buffer;
  origin: string;
  htmlHead: string;
  htmlIntro: string;
  textHead: string;
  textIntro: string;
  sections: PreparedSection[];
  htmlFoot: string;
  textFoot: string;
}

// ── Style ────────────────────────────────────────────────────────────────────

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const accent = '#0c8599';
const ink = '#1f2933';
const muted = '#5f6b7a';

const headings: Record<'roundup' | 'catchup', Record<RoundupSection, string>> = {
  roundup: {
    accepted_answers: 'Answered this week',
    resources: 'New in the repertoire',
    events: 'Coming up',
    wins: 'Wins to celebrate',
    unanswered: 'Can you help?',
    newcomers: 'Say hello to new members',
  },
  catchup: {
    accepted_answers: 'Questions that found an answer',
    resources: 'Added to the repertoire',
    events: 'Coming up',
    wins: 'Wins',
    unanswered: 'Can you help?',
    newcomers: 'New members',
  },
};

const notes: Partial<Record<RoundupSection, string>> = {
  unanswered: 'These questions are still waiting for an answer. If you know something, a reply helps.',
  newcomers: 'They joined recently: a word of welcome goes a long way.',
};

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

function when(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date)} (${timeZone.replace(/_/g, ' ')})`;
  } catch {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date)} (UTC)`;
  }
}

/** The small line under an item's title: who, when, what kind. Plain text. */
export function metaLine(item: RenderItem): string {
  const m = item.meta;
  const parts: string[] = [];
  switch (item.section) {
    case 'accepted_answers':
      if (str(m.answeredBy)) parts.push(`Answered by ${str(m.answeredBy)}`);
      break;
    case 'resources': {
      const kind = str(m.kind);
      if (kind) parts.push(kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' '));
      if (str(m.format)) parts.push(`to ${str(m.format)}`);
      break;
    }
    case 'events':
      if (str(m.startsAt)) parts.push(when(str(m.startsAt)!, str(m.timeZone) ?? 'UTC'));
      if (str(m.place)) parts.push(str(m.place)!);
      if (m.online === true) parts.push('online');
      break;
    case 'wins':
      if (str(m.author)) parts.push(`Shared by ${str(m.author)}`);
      break;
    case 'unanswered': {
      const age = num(m.ageDays);
      const asked = str(m.askedBy) ? `Asked by ${str(m.askedBy)}` : 'Asked';
      parts.push(
        age === null ? asked : age === 0 ? `${asked} today` : `${asked} ${age} day${age === 1 ? '' : 's'} ago`,
      );
      const replies = num(m.replyCount);
      if (replies !== null)
        parts.push(replies === 0 ? 'no replies yet' : `${replies} repl${replies === 1 ? 'y' : 'ies'}`);
      break;
    }
    case 'newcomers':
      break;
  }
  if (item.topics.length > 0) parts.push(item.topics.slice(0, 4).join(', '));
  return parts.join(' · ');
}

function itemPieces(item: RenderItem, section: RoundupSection) {
  const title = escapeHtml(item.title);
  const meta = metaLine(item);
  const summary = item.summary;
  const cta = section === 'unanswered' ? 'Answer' : section === 'newcomers' ? 'Say hello' : null;
  const linkStyle = `color:${accent};font-weight:600;font-size:16px;line-height:22px;text-decoration:none`;
  const htmlBefore = `<tr><td style="padding:0 0 18px 0;${font}"><a href="`;
  const htmlAfter =
    `" style="${linkStyle}">${title}</a>` +
    (meta
      ? `<div style="font-size:13px;line-height:18px;color:${muted};padding-top:2px">${escapeHtml(meta)}</div>`
      : '') +
    (summary
      ? `<div style="font-size:14px;line-height:20px;color:${ink};padding-top:4px">${escapeHtml(summary)}</div>`
      : '') +
    (cta ? `<div style="font-size:13px;padding-top:4px"><a href="` : '</td></tr>');
  // A call to action repeats the item's link after the summary.
  const htmlTail = cta ? `" style="color:${accent};text-decoration:underline">${cta} →</a></div></td></tr>` : null;
  const textBefore = `* ${item.title}\n${meta ? `  ${meta}\n` : ''}${summary ? `  ${summary}\n` : ''}  `;
  const textAfter = '\n\n';
  return { htmlBefore, htmlAfter, htmlTail, textBefore, textAfter };
}

/** Makes everything that is the same in every copy, once. */
export function prepare(source: RenderSource, key: Buffer): PreparedMail {
  const origin = source.origin.replace(/\/$/, '');
  const community = escapeHtml(source.community.name);
  const labels = headings[source.kind];
  const preheader =
    source.kind === 'roundup'
      ? `What happened in ${source.community.name} this week.`
      : `What happened in ${source.community.name} while you were away.`;
  const htmlHead =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="x-apple-disable-message-reformatting"><title>${escapeHtml(source.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#eef1f4;-webkit-text-size-adjust:100%">` +
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#eef1f4"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-radius:8px">` +
    `<tr><td style="background:${accent};padding:20px 32px;border-radius:8px 8px 0 0;${font}">` +
    `<div style="font-size:13px;line-height:18px;color:#d9f2f5;text-transform:uppercase;letter-spacing:1px">${
      source.kind === 'roundup' ? 'Weekly round-up' : 'While you were away'
    }</div>` +
    `<div style="font-size:22px;line-height:28px;color:#ffffff;font-weight:700">${community}</div></td></tr>` +
    `<tr><td style="padding:24px 32px 8px 32px;${font};font-size:15px;line-height:22px;color:${ink}">`;
  const htmlIntro = (source.introHtml ? `<div style="padding-top:8px">${source.introHtml}</div>` : '') + `</td></tr>`;
  const textIntro = source.introHtml ? `${htmlToText(source.introHtml)}\n\n` : '';
  const textHead = `${source.community.name}\n${source.subject}\n${'='.repeat(Math.min(60, source.subject.length))}\n\n`;

  const sections: PreparedSection[] = [];
  for (const section of roundupSections) {
    const items = source.items.filter((i) => i.section === section);
    if (items.length === 0) continue;
    const note = notes[section];
    const highlight = section === 'unanswered';
    const html =
      `<tr><td style="padding:8px 32px 0 32px;${font}">` +
      `<h2 style="margin:16px 0 ${note ? 4 : 12}px 0;font-size:18px;line-height:24px;color:${highlight ? '#b35c00' : ink};border-bottom:2px solid ${highlight ? '#f0b35b' : '#d5e7ea'};padding-bottom:6px">${escapeHtml(labels[section])}</h2>` +
      (note
        ? `<p style="margin:0 0 12px 0;font-size:13px;line-height:18px;color:${muted}">${escapeHtml(note)}</p>`
        : '') +
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">`;
    const heading = labels[section].toUpperCase();
    const text = `${heading}\n${'-'.repeat(heading.length)}\n${note ? `${note}\n` : ''}\n`;
    sections.push({
      html,
      text,
      items: items.map((item) => {
        const p = itemPieces(item, section);
        return {
          id: item.id,
          memberId: item.objectType === 'member' ? (item.objectId ?? null) : null,
          path: item.path,
          topics: item.topics.map((t) => t.toLowerCase()),
          formats: item.formats,
          htmlBefore: p.htmlBefore,
          htmlAfter: p.htmlAfter,
          htmlTail: p.htmlTail,
          textBefore: p.textBefore,
          textAfter: p.textAfter,
        };
      }),
    });
  }
  const htmlFoot =
    `<tr><td style="padding:16px 32px 28px 32px;${font};font-size:12px;line-height:18px;color:${muted};border-top:1px solid #e3e8ee">` +
    `You get this because you are a member of ${community}.`;
  const textFoot = `--\nYou get this because you are a member of ${source.community.name}.\n`;
  return { source, key, origin, htmlHead, htmlIntro, textHead, textIntro, sections, htmlFoot, textFoot };
}

/** How well an item suits a member: shared topics count double, a suited learning format once. */
function score(item: PreparedItem, topics: ReadonlySet<string>, formats: readonly string[]): number {
  let s = 0;
  for (const t of item.topics) if (topics.has(t)) s += 2;
  for (const f of item.formats) if (formats.includes(f)) s += 1;
  return s;
}

/** Items in the order that suits this member; equal scores keep the coordinator's order. */
function orderWith(items: readonly PreparedItem[], topics: ReadonlySet<string>, formats: readonly string[]) {
  if (items.length < 2 || (topics.size === 0 && formats.length === 0)) return items as PreparedItem[];
  const scores = items.map((i) => score(i, topics, formats));
  let ordered = true;
  for (let k = 1; k < scores.length; k++) if (scores[k] > scores[k - 1]) ordered = false;
  if (ordered) return items as PreparedItem[];
  const idx = items.map((_, k) => k);
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  return idx.map((k) => items[k]);
}

export interface RenderOptions {
  /** Sign tracked links (mail); false links straight to the pages (previews, catch-ups). */
  track?: boolean;
}

/** One member's copy. */
export function renderFor(prepared: PreparedMail, recipient: Recipient, options: RenderOptions = {}): RenderedMail {
  const { source, origin, key } = prepared;
  const track = (options.track ?? true) && !!source.roundupId;
  const topics = new Set<string>();
  for (const t of recipient.interests) topics.add(t.toLowerCase());
  for (const t of recipient.expertise) topics.add(t.toLowerCase());
  const formats = recipient.learningFormats;
  const name = recipient.name.trim();
  const greeting = name ? `Hi ${name.split(/\s+/)[0]},` : 'Hi,';

  const html: string[] = [prepared.htmlHead, `<p style="margin:0">${escapeHtml(greeting)}</p>`, prepared.htmlIntro];
  const text: string[] = [prepared.textHead, `${greeting}\n\n`];
  text.push(prepared.textIntro);
  for (const section of prepared.sections) {
    const items = section.items.some((i) => i.memberId === recipient.userId)
      ? section.items.filter((i) => i.memberId !== recipient.userId)
      : section.items;
    if (items.length === 0) continue;
    html.push(section.html);
    text.push(section.text);
    for (const item of orderWith(items, topics, formats)) {
      const link = track
        ? `${origin}/r/${signIds(key, CLICK_PURPOSE, [item.id, recipient.userId])}`
        : `${origin}${item.path}`;
      html.push(item.htmlBefore, link, item.htmlAfter);
      if (item.htmlTail !== null) html.push(link, item.htmlTail);
      text.push(item.textBefore, link, item.textAfter);
    }
    html.push('</table></td></tr>');
  }

  let unsubscribeUrl: string | null = null;
  const preferences = `${origin}/account#mail-preferences`;
  html.push(prepared.htmlFoot);
  text.push(prepared.textFoot);
  if (source.kind === 'roundup') {
    const token = sign(key, UNSUBSCRIBE_PURPOSE, { u: recipient.userId, c: source.community.id });
    const page = `${origin}/unsubscribe/roundup/${token}`;
    unsubscribeUrl = `${origin}/api/v1/unsubscribe/roundup/${token}`;
    html.push(
      ` <a href="${page}" style="color:${muted};text-decoration:underline">Unsubscribe from this round-up</a> · `,
      `<a href="${preferences}" style="color:${muted};text-decoration:underline">Mail preferences</a>`,
    );
    text.push(`Unsubscribe from this round-up: ${page}\nMail preferences: ${preferences}\n`);
  } else {
    html.push(` <a href="${preferences}" style="color:${muted};text-decoration:underline">Mail preferences</a>`);
    text.push(`Mail preferences: ${preferences}\n`);
  }
  html.push('</td></tr></table></td></tr></table></body></html>');
  return { subject: source.subject, html: html.join(''), text: text.join(''), unsubscribeUrl };
}
