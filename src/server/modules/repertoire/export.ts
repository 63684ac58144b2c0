import { stringify } from 'csv-stringify/sync';
import { resourceKinds, type CreditRole, type ResourceFormat, type ResourceKind } from '../../../common/limits.js';
import { canonicalUrl, kindHeadings } from './import-parse.js';

/**
 * The repertoire written out as a file: Markdown grouped by kind (the shape the import reads) or
 * CSV with the import's columns. Pure: the caller decides what the viewer may see.
 */

export interface ExportResource {
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: { role: CreditRole; name: string }[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Backslash-escapes what Markdown would read as markup inside a line of text. */
const escapeInline = (text: string) => text.replace(/[\\`*_[\]<>&~!]/g, '\\$&');

/** Escapes a title that starts a list item's own line, where block markup could begin. */
function escapeBareTitle(title: string): string {
  let out = escapeInline(title)
    // A spaced dash would read as the start of the credits.
    .replace(/(\s)-/g, '$1\\-')
    .replace(/(\s)–/g, '$1&#8211;')
    .replace(/(\s)—/g, '$1&#8212;');
  if (/^[#>+\-=|:]/.test(out)) out = `\\${out}`;
  // "1. Title" or "1) Title" would start a numbered list.
  out = out.replace(/^(\d+)([.)])/, '$1\\$2');
  return out;
}

/** Names are split at ";" and end at ":" when read back. */
const escapeName = (name: string) => escapeInline(oneLine(name).replace(/;/g, ',')).replace(/:/g, '\\:');

const names = (r: ExportResource, role: CreditRole) => r.credits.filter((c) => c.role === role).map((c) => c.name);

function markdownLine(r: ExportResource): string {
  const title = oneLine(r.title);
  const url = r.url ? (canonicalUrl(r.url) ?? r.url) : null;
  const head = url
    ? `[${escapeInline(title)}](${url.replace(/[()]/g, '\\$&').replace(/\s/g, encodeURIComponent)})`
    : escapeBareTitle(title);
  const authors = names(r, 'source').map(escapeName).join('; ');
  const summary = oneLine(r.summary);
  if (authors) return `- ${head} — ${authors}${summary ? `: ${summary}` : ''}`;
  if (!summary) return `- ${head}`;
  return url ? `- ${head}: ${summary}` : `- ${head} — : ${summary}`;
}

/** Sorts titles the way a reader expects: case and accents aside. */
const byTitle = (a: ExportResource, b: ExportResource) =>
  a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.title.localeCompare(b.title);

export function toMarkdown(heading: string, resources: ExportResource[], exportedAt = new Date()): string {
  const out = [`# ${escapeInline(oneLine(heading))}`, '', `Exported on ${exportedAt.toISOString().slice(0, 10)}.`];
  for (const kind of resourceKinds) {
    const group = resources.filter((r) => r.kind === kind).sort(byTitle);
    if (group.length === 0) continue;
    out.push('', `## ${kindHeadings[kind]}`, '', ...group.map(markdownLine));
  }
  return `${out.join('\n')}\n`;
}

export const csvColumns = ['title', 'url', 'kind', 'format', 'tags', 'summary', 'author', 'contributor'] as const;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a
 * leading apostrophe; the import takes it off again. A cell that already starts with apostrophes
 * before such a character gets one more, so the import gives back exactly what was written.
 */
export function neutraliseCell(value: string): string {
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(resources: ExportResource[]): string {
  const rows = [...resources]
    .sort((a, b) => resourceKinds.indexOf(a.kind) - resourceKinds.indexOf(b.kind) || byTitle(a, b))
    .map((r) =>
      [
        r.title,
        r.url ?? '',
        r.kind,
        r.format,
        r.tags.join('; '),
        r.summary,
        names(r, 'source').join('; '),
        names(r, 'contributor').join('; '),
      ].map(neutraliseCell),
    );
  return stringify([[...csvColumns], ...rows], { bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
