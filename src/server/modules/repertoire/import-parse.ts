import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt, { type Token } from 'markdown-it';
import {
  limits,
  resourceFormats,
  resourceKinds,
  type CreditRole,
  type ResourceFormat,
  type ResourceKind,
} from '../../../common/limits.js';
import { AppError } from '../../platform/errors.js';
import { resolveTags } from '../communities/topics.js';

/**
 * Reads a curated list — Markdown (headings name kinds, list lines are resources) or CSV with a
 * header row — into rows ready to become resources, and says what is wrong with each row.
 * Pure: no database, no network, and it never throws, whatever the text.
 */

export type ImportFormat = 'markdown' | 'csv';

export interface ImportCredit {
  role: CreditRole;
  name: string;
}

export interface ImportRow {
  /** The line of the text the row starts on, from 1. */
  line: number;
  /** Null when the row names no kind we know (and that is one of its errors). */
  kind: ResourceKind | null;
  format: ResourceFormat | null;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: ImportCredit[];
}

export interface RowError {
  /** The line at fault, from 1; 0 for the text as a whole. */
  line: number;
  field: string;
  code: string;
  message: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: RowError[];
  total: number;
}

export interface ParseOptions {
  defaults?: { kind?: ResourceKind; format?: ResourceFormat };
  /** URLs the community already has: a row repeating one is a `duplicate`. */
  existingUrls?: Iterable<string | null>;
  /** The community's tag rules; without them tags are kept as written. */
  tagRules?: { topics: string[]; allowFreeTags: boolean };
}

// Kinds and formats.

const kindWords: Record<ResourceKind, string[]> = {
  article: ['article', 'blog post', 'blog', 'post', 'essay', 'reading', 'further reading', 'writing', 'read'],
  research: [
    'research',
    'paper',
    'research paper',
    'academic paper',
    'study',
    'publication',
    'whitepaper',
    'white paper',
  ],
  podcast: ['podcast', 'episode', 'audio', 'listen', 'listening'],
  video: ['video', 'talk', 'webinar', 'screencast', 'recording', 'watch', 'watching', 'film'],
  book: ['book', 'ebook', 'e-book'],
  tool: ['tool', 'tooling', 'software', 'library', 'app', 'application', 'utility'],
  example: ['example', 'sample', 'showcase', 'demo'],
  method: ['method', 'methodology', 'technique', 'practice', 'framework', 'process', 'how-to', 'howto', 'how to'],
  lesson: ['lesson', 'lessons learned', 'lessons learnt', 'lesson learned', 'learning', 'retrospective', 'postmortem'],
  story: ['story', 'case study', 'case', 'experience', 'success story', 'war story'],
  template: ['template', 'checklist', 'worksheet', 'canvas'],
};

const kindByWord = new Map<string, ResourceKind>();
for (const kind of resourceKinds) for (const word of kindWords[kind]) kindByWord.set(word, kind);

/** The plural heading each kind is exported under; `kindFromLabel` reads each back to its kind. */
export const kindHeadings: Record<ResourceKind, string> = {
  article: 'Articles',
  research: 'Research',
  podcast: 'Podcasts',
  video: 'Videos',
  book: 'Books',
  tool: 'Tools',
  example: 'Examples',
  method: 'Methods',
  lesson: 'Lessons learned',
  story: 'Stories',
  template: 'Templates',
};

/** The singular a plural word most likely comes from: "studies" → "study", "cases" → "case". */
function singulars(word: string): string[] {
  const out = [word];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/** Words that name a kind even inside a longer heading ("Useful tools", "Papers we like"). */
const strongWords = new Map<string, ResourceKind>([
  ...resourceKinds.map((k) => [k, k] as const),
  ['paper', 'research'],
  ['study', 'research'],
  ['essay', 'article'],
  ['talk', 'video'],
  ['webinar', 'video'],
  ['checklist', 'template'],
  ['technique', 'method'],
  ['how-to', 'method'],
]);

function lookupPhrase(phrase: string, known: ReadonlyMap<string, ResourceKind> = kindByWord): ResourceKind | null {
  const words = phrase.split(' ');
  const last = words.pop() ?? '';
  for (const form of singulars(last)) {
    const kind = known.get([...words, form].join(' '));
    if (kind) return kind;
  }
  // "Lessons learned": the plural is on the first word.
  if (words.length > 0) {
    for (const form of singulars(words[0])) {
      const kind = known.get([form, ...words.slice(1), last].join(' '));
      if (kind) return kind;
    }
  }
  return null;
}

/**
 * The kind a heading or a cell names: the whole phrase ("Case studies", "Lessons learned"), else
 * its first word that plainly names one ("Useful tools", "Books and articles" → book). Null if none does.
 */
export function kindFromLabel(label: string): ResourceKind | null {
  const phrase = label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!phrase) return null;
  const whole = lookupPhrase(phrase);
  if (whole) return whole;
  for (const word of phrase.split(' ')) {
    const kind = lookupPhrase(word, strongWords);
    if (kind) return kind;
  }
  return null;
}

/** How a kind is usually taken in, when the list does not say. */
export function formatForKind(kind: ResourceKind): ResourceFormat {
  if (kind === 'podcast') return 'listen';
  if (kind === 'video') return 'watch';
  if (kind === 'tool' || kind === 'template' || kind === 'method') return 'do';
  return 'read';
}

const formatWords: Record<string, ResourceFormat> = {
  reading: 'read',
  watching: 'watch',
  listening: 'listen',
  doing: 'do',
};

function formatFromCell(cell: string): ResourceFormat | null {
  const word = cell.trim().toLowerCase();
  if ((resourceFormats as readonly string[]).includes(word)) return word as ResourceFormat;
  return formatWords[word] ?? null;
}

// URLs.

const urlReader = new MarkdownIt();

/**
 * The form a URL is kept in: http or https only, percent-encoded the way the Markdown reader
 * encodes a link, so a list exported and imported again keeps its URLs exactly. Null if unusable.
 */
export function canonicalUrl(raw: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > limits.url) return null;
  let normalised: string;
  try {
    normalised = urlReader.normalizeLink(trimmed);
    const parsed = new URL(normalised);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    if (!parsed.hostname) return null;
  } catch {
    return null;
  }
  return normalised.length > limits.url ? null : normalised;
}

/** Two URLs are the same resource when they parse to the same address (host case, default port). */
export function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

// Rows.

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

interface RawRow {
  line: number;
  kind: ResourceKind | null;
  /** Why the kind is missing, when it is. */
  kindProblem?: { code: string; message: string };
  format: string | null;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  authors: string;
  contributors: string;
}

const splitNames = (text: string) =>
  text
    .split(';')
    .map(collapse)
    .filter((n) => n.length > 0);

/** Checks one raw row against the limits and the community's rules, adding its errors. */
function finishRow(raw: RawRow, options: ParseOptions, seen: Set<string>, errors: RowError[]): ImportRow {
  const fail = (field: string, code: string, message: string) => errors.push({ line: raw.line, field, code, message });
  const title = collapse(raw.title);
  if (!title) fail('title', 'required', 'A title is required.');
  else if (title.length > limits.resourceTitle) {
    fail('title', 'too_long', `Titles are limited to ${limits.resourceTitle} characters.`);
  }

  const kind = raw.kind;
  if (!kind) {
    const problem = raw.kindProblem ?? { code: 'required', message: 'Say what kind of resource this is.' };
    fail('kind', problem.code, problem.message);
  }

  let format: ResourceFormat | null = null;
  if (raw.format !== null && raw.format.trim() !== '') {
    format = formatFromCell(raw.format);
    if (!format) {
      fail('format', 'unknown_format', `“${collapse(raw.format)}” is not a format: use ${resourceFormats.join(', ')}.`);
    }
  } else {
    format = options.defaults?.format ?? (kind ? formatForKind(kind) : null);
  }

  let url: string | null = null;
  const rawUrl = raw.url?.trim() ?? '';
  if (rawUrl) {
    url = canonicalUrl(rawUrl);
    if (!url) {
      fail('url', 'invalid_url', 'Links must be complete http:// or https:// addresses.');
    } else {
      const key = urlKey(url);
      if (seen.has(key)) fail('url', 'duplicate', 'This link is already in the repertoire or earlier in this list.');
      seen.add(key);
    }
  }

  const summary = raw.summary.trim();
  if (summary.length > limits.resourceSummary) {
    fail('summary', 'too_long', `Summaries are limited to ${limits.resourceSummary} characters.`);
  }

  let tags = [...new Set(raw.tags.map(collapse).filter((t) => t.length > 0))];
  if (tags.length > limits.postTags) fail('tags', 'too_many', `At most ${limits.postTags} tags.`);
  else if (tags.some((t) => t.length > limits.listItem)) {
    fail('tags', 'too_long', `Tags are limited to ${limits.listItem} characters.`);
  } else if (options.tagRules) {
    try {
      tags = resolveTags(options.tagRules, tags);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      fail('tags', err.code, err.message);
    }
  }

  const credits: ImportCredit[] = [
    ...splitNames(raw.authors).map((name) => ({ role: 'source' as const, name })),
    ...splitNames(raw.contributors).map((name) => ({ role: 'contributor' as const, name })),
  ];
  const long = credits.find((c) => c.name.length > limits.name);
  if (long) {
    fail(
      long.role === 'source' ? 'author' : 'contributor',
      'too_long',
      `Names are limited to ${limits.name} characters.`,
    );
  }
  // One place is kept for the importer's own credit.
  if (credits.length > limits.resourceCredits - 1) {
    fail('author', 'too_many', `At most ${limits.resourceCredits - 1} people per resource.`);
  }

  return { line: raw.line, kind, format, title, url, summary, tags, credits };
}

function finish(raws: RawRow[], options: ParseOptions, earlier: RowError[] = []): ParsedImport {
  const errors = [...earlier];
  if (raws.length > limits.importRows) {
    errors.push({
      line: 0,
      field: 'text',
      code: 'too_many_rows',
      message: `An import takes at most ${limits.importRows} rows; this one has more. Split it into smaller lists.`,
    });
    return { rows: [], errors, total: raws.length };
  }
  const seen = new Set<string>();
  for (const url of options.existingUrls ?? []) if (url) seen.add(urlKey(url));
  const rows = raws.map((raw) => finishRow(raw, options, seen, errors));
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: 0, field: 'text', code: 'empty', message: 'Nothing to import: no list items or rows found.' });
  }
  // Rows in the order of the text, each row's errors in the order of its fields.
  return { rows, errors: errors.sort((a, b) => a.line - b.line), total: rows.length };
}

// Markdown.

const reader = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Escapes and entities stay separate tokens, so a separator written as `\-` is taken literally.
reader.disable('text_join');
// Every link is read, so a javascript: or ftp: link becomes a row error instead of plain text.
reader.validateLink = () => true;

interface Piece {
  /** What a reader sees. */
  text: string;
  /** Where a link opening here points. */
  href?: string;
  /** The Markdown that wrote it. */
  source: string;
  /** Escapes, entities, code and markup: never a separator. */
  literal: boolean;
}

const attr = (t: Token, name: string) => String(t.attrGet(name) ?? '');

function piecesOf(tokens: Token[]): Piece[] {
  const pieces: Piece[] = [];
  const hrefs: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        pieces.push({ text: t.content, source: t.content, literal: false });
        break;
      case 'text_special':
        pieces.push({ text: t.content, source: t.markup, literal: true });
        break;
      case 'code_inline':
        pieces.push({ text: t.content, source: `${t.markup}${t.content}${t.markup}`, literal: true });
        break;
      case 'softbreak':
      case 'hardbreak':
        pieces.push({ text: ' ', source: '\n', literal: false });
        break;
      case 'link_open':
        hrefs.push(attr(t, 'href'));
        pieces.push({ text: '', source: '[', literal: true, href: attr(t, 'href') });
        break;
      case 'link_close':
        pieces.push({ text: '', source: `](${hrefs.pop() ?? ''})`, literal: true });
        break;
      case 'image':
        pieces.push({ text: t.content, source: `![${t.content}](${attr(t, 'src')})`, literal: true });
        break;
      default:
        pieces.push({ text: t.content ?? '', source: t.markup ?? '', literal: true });
    }
  }
  return pieces;
}

const textOf = (pieces: Piece[]) => pieces.map((p) => p.text).join('');
const sourceOf = (pieces: Piece[]) => pieces.map((p) => p.source).join('');

/**
 * Splits pieces at the first match of `pattern` inside plain (non-literal) text: what comes
 * before, and what comes after the match. Null when there is none.
 */
function splitAt(pieces: Piece[], pattern: RegExp): [Piece[], Piece[]] | null {
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.literal) continue;
    const m = pattern.exec(p.text);
    if (!m) continue;
    const before = p.text.slice(0, m.index);
    const after = p.text.slice(m.index + m[0].length);
    return [
      [...pieces.slice(0, i), { text: before, source: before, literal: false }],
      [{ text: after, source: after, literal: false }, ...pieces.slice(i + 1)],
    ];
  }
  return null;
}

function trimStart(pieces: Piece[]): Piece[] {
  const out = [...pieces];
  while (out.length > 0 && !out[0].literal && out[0].text.trim() === '') out.shift();
  if (out.length > 0 && !out[0].literal) {
    const text = out[0].text.trimStart();
    out[0] = { text, source: text, literal: false };
  }
  return out;
}

/** "Author; Other: summary" → names and summary. */
function creditAndSummary(pieces: Piece[]): { authors: string; summary: string } {
  const parts = splitAt(pieces, /:(\s|$)/);
  if (!parts) return { authors: textOf(pieces), summary: '' };
  return { authors: textOf(parts[0]), summary: sourceOf(trimStart(parts[1])) };
}

const leadingDash = /^\s*[-–—]+(\s|$)/;
const leadingBy = /^\s*by\s+/i;
const leadingColon = /^\s*:/;

/** What follows the link: ` - author`, ` — author: summary`, ` by author`, `: summary`, or a summary. */
function readTail(pieces: Piece[]): { authors: string; summary: string } {
  const first = pieces.find((p) => p.literal || p.text.trim() !== '');
  if (!first) return { authors: '', summary: '' };
  if (!first.literal) {
    for (const pattern of [leadingDash, leadingBy]) {
      const parts = splitAt(pieces, pattern);
      if (parts && textOf(parts[0]).trim() === '' && parts[0].every((p) => !p.literal)) {
        return creditAndSummary(parts[1]);
      }
    }
    const parts = splitAt(pieces, leadingColon);
    if (parts && textOf(parts[0]).trim() === '' && parts[0].every((p) => !p.literal)) {
      return { authors: '', summary: sourceOf(trimStart(parts[1])) };
    }
  }
  return { authors: '', summary: sourceOf(trimStart(pieces)).trim() };
}

/** Markup that merely wraps the link (`**[Title](url)**`) belongs to neither side of it. */
const wrapper = new Set(['strong_open', 'em_open', 's_open', 'strong_close', 'em_close', 's_close']);

function readItem(children: Token[], line: number): Omit<RawRow, 'kind' | 'kindProblem'> {
  const blank = { line, format: null, tags: [], contributors: '' };
  const open = children.findIndex((t) => t.type === 'link_open');
  const before = open < 0 ? [] : children.slice(0, open);
  if (open >= 0 && before.every((t) => wrapper.has(t.type) || (t.type === 'text' && t.content.trim() === ''))) {
    let depth = 0;
    let close = open;
    for (let i = open; i < children.length; i++) {
      if (children[i].type === 'link_open') depth++;
      if (children[i].type === 'link_close' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === open) close = children.length;
    let rest = children.slice(close + 1);
    while (rest.length > 0 && wrapper.has(rest[0].type)) rest = rest.slice(1);
    const { authors, summary } = readTail(piecesOf(rest));
    const href = attr(children[open], 'href');
    return {
      ...blank,
      title: textOf(piecesOf(children.slice(open + 1, close))),
      url: href.trim() === '' ? null : href,
      summary,
      authors,
    };
  }
  // A line with text before any link: "Title - author: summary", or just a title. A link within
  // the title ("Read [the report](url)") still gives the row its URL.
  const pieces = piecesOf(children);
  const parts = splitAt(pieces, /\s[-–—]+\s/) ?? [pieces, []];
  const { authors, summary } = creditAndSummary(parts[1]);
  const href = parts[0].find((p) => p.href !== undefined)?.href?.trim();
  return { ...blank, title: textOf(parts[0]), url: href ? href : null, summary, authors };
}

function markdownRows(text: string, options: ParseOptions): RawRow[] {
  const tokens = reader.parse(text, {});
  const rows: RawRow[] = [];
  // Headings in force, outermost first: a heading we cannot read under a known one keeps its kind.
  let headings: { level: number; label: string; kind: ResourceKind | null }[] = [];
  const items: { level: number; row: RawRow | null }[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.level === 0) {
      const level = Number(t.tag.slice(1)) || 1;
      const label = collapse(tokens[i + 1]?.type === 'inline' ? tokens[i + 1].content : '');
      headings = [...headings.filter((h) => h.level < level), { level, label, kind: kindFromLabel(label) }];
    } else if (t.type === 'list_item_open') {
      items.push({ level: t.level, row: null });
    } else if (t.type === 'list_item_close') {
      items.pop();
    } else if (t.type === 'inline' && items.length > 0) {
      const item = items[items.length - 1];
      // Only the item's own paragraphs: not a heading, quote or list nested inside it.
      const paragraph = tokens[i - 1];
      if (paragraph?.type !== 'paragraph_open' || paragraph.level !== item.level + 1) continue;
      if (item.row) {
        item.row.summary = [item.row.summary, t.content].filter((s) => s.trim() !== '').join('\n\n');
        continue;
      }
      const line = (t.map?.[0] ?? 0) + 1;
      const known = [...headings].reverse().find((h) => h.kind);
      const innermost = headings[headings.length - 1];
      const row: RawRow = { ...readItem(t.children ?? [], line), kind: known?.kind ?? null };
      if (!row.kind) {
        row.kindProblem = innermost
          ? { code: 'unknown_kind', message: `The heading “${innermost.label}” does not name a kind of resource.` }
          : { code: 'unknown_kind', message: 'No heading above this item names a kind of resource.' };
        row.kind = options.defaults?.kind ?? null;
      }
      item.row = row;
      rows.push(row);
    }
  }
  return rows;
}

// CSV.

const columns = ['title', 'url', 'kind', 'format', 'tags', 'summary', 'author', 'contributor'] as const;
type Column = (typeof columns)[number];

function csvRows(text: string, options: ParseOptions): { rows: RawRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      // A row past the limit is enough to say the list is too long.
      to: limits.importRows + 2,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err && errors.length < 100) {
          errors.push({
            line: (err as { lines?: number }).lines ?? 0,
            field: 'text',
            code: 'invalid_csv',
            message: `This row could not be read as CSV: ${err.message}`,
          });
        }
        return undefined;
      },
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return {
      rows: [],
      errors: [
        {
          line,
          field: 'text',
          code: 'invalid_csv',
          message: `The text could not be read as CSV: ${(err as Error).message}`,
        },
      ],
    };
  }
  if (records.length === 0) return { rows: [], errors };

  const header = records[0].record.map((name) => name.trim().toLowerCase());
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    if ((columns as readonly string[]).includes(name) && !index.has(name as Column)) index.set(name as Column, i);
  });
  if (!index.has('title')) {
    errors.push({
      line: 1,
      field: 'title',
      code: 'missing_column',
      message: `The first row must name the columns, with at least “title” (known: ${columns.join(', ')}).`,
    });
    return { rows: [], errors };
  }

  const rows = records.slice(1).map(({ record, info, raw }) => {
    const cell = (column: Column) => {
      const i = index.get(column);
      const value = i === undefined ? '' : (record[i] ?? '');
      // The export guards cells a spreadsheet would run as formulas with an apostrophe.
      return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
    };
    // `info.lines` is where the record ends; a quoted cell may have run over several lines.
    const line = Math.max(1, info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0));
    const kindCell = cell('kind').trim();
    const kind = kindCell ? kindFromLabel(kindCell) : null;
    const row: RawRow = {
      line,
      kind: kindCell ? kind : (options.defaults?.kind ?? null),
      format: cell('format'),
      title: cell('title'),
      url: cell('url'),
      summary: cell('summary'),
      tags: cell('tags').split(/[;|]/),
      authors: cell('author'),
      contributors: cell('contributor'),
    };
    if (!kind && kindCell) {
      row.kindProblem = { code: 'unknown_kind', message: `“${collapse(kindCell)}” is not a kind of resource.` };
    }
    return row;
  });
  return { rows, errors };
}

// The whole text.

function tooLarge(text: string): RowError | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limits.importBytes) return null;
  return {
    line: 0,
    field: 'text',
    code: 'too_large',
    message: `An import takes at most ${Math.floor(limits.importBytes / 1000)} kB of text; this is ${Math.ceil(bytes / 1000)} kB.`,
  };
}

/** Reads `text` as `format`. Never throws: what cannot be read is an error in the result. */
export function parseImport(format: ImportFormat, text: string, options: ParseOptions = {}): ParsedImport {
  const large = tooLarge(text);
  if (large) return { rows: [], errors: [large], total: 0 };
  try {
    if (format === 'csv') {
      const { rows, errors } = csvRows(text, options);
      if (errors.some((e) => e.code === 'missing_column')) return { rows: [], errors, total: 0 };
      return finish(rows, options, errors);
    }
    return finish(markdownRows(text, options), options);
  } catch (err) {
    // A reader bug must not become a 500; the property tests assert this never happens.
    return {
      rows: [],
      errors: [
        {
          line: 0,
          field: 'text',
          code: 'unreadable',
          message: `The text could not be read: ${(err as Error).message}`,
        },
      ],
      total: 0,
    };
  }
}
