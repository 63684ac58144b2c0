import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits, resourceKinds, type ResourceKind } from '../../../common/limits.js';
import { toCsv, toMarkdown, type ExportResource } from './export.js';
import { canonicalUrl, kindFromLabel, kindHeadings, parseImport, type ParsedImport } from './import-parse.js';

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** What must hold of any result, whatever the text was. */
function assertWellFormed(result: ParsedImport) {
  // Over the row limit the rows are left out, and `total` says how many there were.
  if (result.rows.length > 0) expect(result.total).toBe(result.rows.length);
  for (const e of result.errors) {
    expect(Number.isInteger(e.line) && e.line >= 0).toBe(true);
    expect(typeof e.field).toBe('string');
    expect(typeof e.code).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
    // The safety net exists for bugs; none may reach it.
    expect(e.code).not.toBe('unreadable');
  }
  for (const row of result.rows) {
    expect(row.line).toBeGreaterThanOrEqual(1);
    if (row.url !== null) {
      const failedUrl = result.errors.some((e) => e.line === row.line && e.field === 'url' && e.code === 'invalid_url');
      if (!failedUrl) expect(['http:', 'https:']).toContain(new URL(row.url).protocol);
    }
    const clean = !result.errors.some((e) => e.line === row.line);
    if (clean) {
      expect(row.title.length).toBeGreaterThan(0);
      expect(row.title.length).toBeLessThanOrEqual(limits.resourceTitle);
      expect(resourceKinds).toContain(row.kind);
      expect(row.format).not.toBeNull();
    }
  }
}

const bothFormats = ['markdown', 'csv'] as const;

describe('reading any text', () => {
  it('never throws and always answers in shape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...bothFormats), (text, format) => {
        assertWellFormed(parseImport(format, text));
      }),
      { numRuns: 400 },
    );
  });

  const fragment = fc.constantFrom(
    '# ',
    '## ',
    '###### ',
    'Articles',
    'Case studies',
    'Podcasts',
    'Nonsense',
    '- ',
    '* ',
    '1. ',
    '  ',
    '    ',
    '> ',
    '[',
    ']',
    '(',
    ')',
    '](',
    '[Title](https://example.org/a)',
    '[Title](javascript:alert(1))',
    '[x](ftp://host/file)',
    '[](http://)',
    '<https://example.org>',
    'https://example.org/b',
    ' - ',
    ' — ',
    ' – ',
    ' by ',
    ': ',
    '\\-',
    '&amp;',
    '&#0;',
    '`code`',
    '```',
    '~~~',
    '**',
    '_',
    '\n',
    '\r\n',
    '\r',
    '\t',
    '\u0000',
    '\u202e',
    '\ud800',
    '😀',
    '---',
    '===',
    '| a | b |',
    '<script>',
    '"',
    ',',
    ';',
  );
  const hostileMarkdown = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

  it('reads hostile Markdown without throwing', () => {
    fc.assert(
      fc.property(hostileMarkdown, (text) => {
        assertWellFormed(parseImport('markdown', text));
        assertWellFormed(parseImport('markdown', text, { defaults: { kind: 'tool' } }));
      }),
      { numRuns: 400 },
    );
  });

  const cell = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('"', '""', '"a,b"', '"multi\nline"', 'a"b', '\ufeff', "'=1+1", '=HYPERLINK("x")', ' ', ''),
    fc.constantFrom('article', 'Podcasts', 'case study', 'nope', 'READ', 'listen', 'bogus'),
    fc.webUrl(),
  );
  const header = fc
    .shuffledSubarray(['title', 'URL', 'Kind', 'format', 'tags', 'summary', 'author', 'contributor', 'extra', ''], {
      minLength: 0,
    })
    .map((cols) => cols.join(','));
  const hostileCsv = fc
    .tuple(header, fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'))
    .map(([h, rows, eol]) => [h, ...rows.map((r) => r.join(','))].join(eol));

  it('reads hostile CSV without throwing', () => {
    fc.assert(
      fc.property(hostileCsv, (text) => {
        assertWellFormed(parseImport('csv', text));
      }),
      { numRuns: 400 },
    );
  });

  it('reads pathological Markdown at the size limit quickly', () => {
    const size = limits.importBytes - 10;
    const texts = ['['.repeat(size), '*a **a '.repeat(size / 8), '> '.repeat(size / 2), '- [a](b\n'.repeat(size / 8)];
    for (const text of texts) {
      const started = Date.now();
      assertWellFormed(parseImport('markdown', text));
      // Linear work takes a second or two here; a quadratic reader would take minutes.
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  }, 60_000);
});

describe('Markdown lists', () => {
  it('reads headings as kinds, in the forms lists use', () => {
    const cases: [string, ResourceKind | null][] = [
      ['Articles', 'article'],
      ['Case studies', 'story'],
      ['Case Study', 'story'],
      ['Lessons learned', 'lesson'],
      ['Lessons Learnt', 'lesson'],
      ['Papers', 'research'],
      ['Research', 'research'],
      ['Templates', 'template'],
      ['Tools', 'tool'],
      ['Useful tools', 'tool'],
      ['Podcasts 🎧', 'podcast'],
      ['Videos & talks', 'video'],
      ['Books', 'book'],
      ['Examples', 'example'],
      ['Methods', 'method'],
      ['Stories', 'story'],
      ['Further reading', 'article'],
      ['Introduction', null],
      ['', null],
    ];
    for (const [label, kind] of cases) expect([label, kindFromLabel(label)]).toEqual([label, kind]);
    for (const kind of resourceKinds) expect(kindFromLabel(kindHeadings[kind])).toBe(kind);
  });

  it('reads list lines with their credits and summaries', () => {
    const text = [
      '# Our list', // no kind: its items would need one, but it has none
      '',
      '## Podcasts',
      '',
      '- [Hyphen](https://example.org/1) - Ann Author',
      '- [En dash](https://example.org/2) – Ben',
      '- [Em dash](https://example.org/3) — Cy: With a *summary*.',
      '- [By](https://example.org/4) by Dee',
      '- [Colon only](https://example.org/5): Just a summary',
      '- **[Wrapped](https://example.org/6)** - Eve',
      '- A book without a link - Fay: Still worth it',
      '- Just a title',
      '',
      '### Episodes we liked', // unknown, but under Podcasts
      '',
      '- [Nested heading](https://example.org/7)',
      '',
      '## Tools',
      '',
      '- [Tool](https://example.org/8)',
      '',
      '  A second paragraph belongs to the summary.',
    ].join('\n');
    const result = parseImport('markdown', text);
    expect(result.errors).toEqual([]);
    const simple = result.rows.map((r) => [
      r.line,
      r.kind,
      r.format,
      r.title,
      r.url,
      r.credits.map((c) => c.name),
      r.summary,
    ]);
    expect(simple).toEqual([
      [5, 'podcast', 'listen', 'Hyphen', 'https://example.org/1', ['Ann Author'], ''],
      [6, 'podcast', 'listen', 'En dash', 'https://example.org/2', ['Ben'], ''],
      [7, 'podcast', 'listen', 'Em dash', 'https://example.org/3', ['Cy'], 'With a *summary*.'],
      [8, 'podcast', 'listen', 'By', 'https://example.org/4', ['Dee'], ''],
      [9, 'podcast', 'listen', 'Colon only', 'https://example.org/5', [], 'Just a summary'],
      [10, 'podcast', 'listen', 'Wrapped', 'https://example.org/6', ['Eve'], ''],
      [11, 'podcast', 'listen', 'A book without a link', null, ['Fay'], 'Still worth it'],
      [12, 'podcast', 'listen', 'Just a title', null, [], ''],
      [16, 'podcast', 'listen', 'Nested heading', 'https://example.org/7', [], ''],
      [20, 'tool', 'do', 'Tool', 'https://example.org/8', [], 'A second paragraph belongs to the summary.'],
    ]);
    expect(result.rows.every((r) => r.credits.every((c) => c.role === 'source'))).toBe(true);
  });

  it('gives items under an unknown heading an error, unless a default kind is given', () => {
    const text = '## Miscellany\n\n- [One](https://example.org/1)\n';
    expect(parseImport('markdown', text).errors).toEqual([
      { line: 3, field: 'kind', code: 'unknown_kind', message: expect.stringContaining('Miscellany') },
    ]);
    const withDefault = parseImport('markdown', text, { defaults: { kind: 'video', format: 'read' } });
    expect(withDefault.errors).toEqual([]);
    expect(withDefault.rows[0]).toMatchObject({ kind: 'video', format: 'read' });
    expect(parseImport('markdown', '- [Loose](https://example.org/1)\n').errors[0]).toMatchObject({
      field: 'kind',
      code: 'unknown_kind',
    });
  });

  it('refuses links that are not http or https, and repeated links', () => {
    const text = [
      '## Articles',
      '- [Script](javascript:alert(1))',
      '- [File](file:///etc/passwd)',
      '- [Mail](mailto:a@example.org)',
      '- [First](https://example.org/same)',
      '- [Again](https://EXAMPLE.org/same)',
      '- [Known](https://example.org/known/)',
    ].join('\n');
    const result = parseImport('markdown', text, { existingUrls: ['https://example.org/known/', null] });
    expect(result.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'url', 'invalid_url'],
      [3, 'url', 'invalid_url'],
      [4, 'url', 'invalid_url'],
      [6, 'url', 'duplicate'],
      [7, 'url', 'duplicate'],
    ]);
  });

  it('checks titles and summaries against the limits', () => {
    const long = 'x'.repeat(limits.resourceTitle + 1);
    const result = parseImport(
      'markdown',
      `## Books\n\n- [${long}](https://example.org/1)\n- [](https://example.org/2)\n`,
    );
    expect(result.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, 'title', 'too_long'],
      [4, 'title', 'required'],
    ]);
  });

  it('refuses a list over the row or size limit with one clear error', () => {
    const many = `## Tools\n\n${Array.from({ length: limits.importRows + 1 }, (_, i) => `- Tool ${i}`).join('\n')}`;
    const rows = parseImport('markdown', many);
    expect(rows.errors).toEqual([expect.objectContaining({ line: 0, field: 'text', code: 'too_many_rows' })]);
    expect(rows.rows).toEqual([]);
    const big = parseImport('markdown', 'x'.repeat(limits.importBytes + 1));
    expect(big.errors).toEqual([expect.objectContaining({ field: 'text', code: 'too_large' })]);
    const empty = parseImport('markdown', 'Just a paragraph.');
    expect(empty.errors).toEqual([expect.objectContaining({ code: 'empty' })]);
  });
});

describe('CSV', () => {
  it('reads a header row in any case and order, ignoring columns it does not know', () => {
    const text = [
      'Notes,TITLE,Url,KIND,Format,Tags,Summary,Author,Contributor',
      'ignored,"Quoted, with comma",https://example.org/1,podcasts,,Testing|packaging,"Two\nlines",Ann; Bob,Cy',
      'x,Watch this,https://example.org/2,article,WATCH,,,,',
    ].join('\r\n');
    const result = parseImport('csv', text, { tagRules: { topics: ['Testing', 'Packaging'], allowFreeTags: false } });
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        kind: 'podcast',
        format: 'listen',
        title: 'Quoted, with comma',
        url: 'https://example.org/1',
        summary: 'Two\nlines',
        tags: ['Testing', 'Packaging'],
        credits: [
          { role: 'source', name: 'Ann' },
          { role: 'source', name: 'Bob' },
          { role: 'contributor', name: 'Cy' },
        ],
      },
      expect.objectContaining({ line: 4, kind: 'article', format: 'watch', title: 'Watch this' }),
    ]);
  });

  it('says which row and field is wrong', () => {
    const text = [
      'title,url,kind,format,tags',
      'A,ftp://x,tool,,',
      'B,,nonsense,,',
      'C,,tool,sing,',
      'D,,tool,,Unknown',
    ].join('\n');
    const result = parseImport('csv', text, { tagRules: { topics: ['Testing'], allowFreeTags: false } });
    expect(result.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'url', 'invalid_url'],
      [3, 'kind', 'unknown_kind'],
      [4, 'format', 'unknown_format'],
      [5, 'tags', 'unknown_tag'],
    ]);
    const free = parseImport('csv', 'title,kind,tags\nA,tool,Anything', {
      tagRules: { topics: [], allowFreeTags: true },
    });
    expect(free.errors).toEqual([]);
    expect(free.rows[0].tags).toEqual(['anything']);
  });

  it('needs a title column: one error for the whole file', () => {
    const result = parseImport('csv', 'name,url\nA,https://example.org\nB,https://example.org/b');
    expect(result.errors).toEqual([expect.objectContaining({ line: 1, field: 'title', code: 'missing_column' })]);
    expect(result.rows).toEqual([]);
  });

  it('takes a default kind for rows without one', () => {
    const result = parseImport('csv', 'title\nA', { defaults: { kind: 'book' } });
    expect(result.rows[0]).toMatchObject({ kind: 'book', format: 'read' });
    expect(parseImport('csv', 'title\nA').errors[0]).toMatchObject({ line: 2, field: 'kind', code: 'required' });
  });
});

describe('export and import again', () => {
  const title = fc
    .string({ minLength: 1, maxLength: 80 })
    .map(collapse)
    .filter((t) => t.length > 0 && !/[\u0000-\u001f\u007f]/.test(t));
  const name = fc
    .string({ minLength: 1, maxLength: 30 })
    .map((n) => collapse(n).replace(/;/g, ','))
    .filter((n) => n.length > 0 && !/[\u0000-\u001f\u007f]/.test(n));
  const resource = fc.record({
    kind: fc.constantFrom(...resourceKinds),
    format: fc.constantFrom('read', 'watch', 'listen', 'do' as const),
    title,
    url: fc.option(fc.webUrl({ withQueryParameters: true, withFragments: true }), { nil: null }),
    summary: fc.string({ maxLength: 60 }),
    tags: fc.constant([] as string[]),
    credits: fc.array(fc.record({ role: fc.constantFrom('source', 'contributor' as const), name }), { maxLength: 3 }),
  });
  const uniqueUrls = (list: ExportResource[]) => {
    const seen = new Set<string>();
    return list.filter((r) => {
      if (!r.url) return true;
      const key = new URL(canonicalUrl(r.url)!).href;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };

  it('keeps URLs in one form, however often they are read', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.string({ maxLength: 10 }),
        (url, tail) => {
          const once = canonicalUrl(url + encodeURI(tail));
          if (once) expect(canonicalUrl(once)).toBe(once);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Markdown keeps titles, URLs, kinds and source credits', () => {
    fc.assert(
      fc.property(fc.array(resource, { minLength: 1, maxLength: 12 }).map(uniqueUrls), fc.string(), (list, heading) => {
        const result = parseImport('markdown', toMarkdown(heading, list));
        expect(result.errors).toEqual([]);
        const key = (r: { kind: string | null; title: string; url: string | null }) => `${r.kind} ${r.title} ${r.url}`;
        const expected = list
          .map((r) => ({ kind: r.kind, title: collapse(r.title), url: r.url ? canonicalUrl(r.url) : null }))
          .map(key)
          .sort();
        expect(result.rows.map(key).sort()).toEqual(expected);
        for (const r of list) {
          const back = result.rows.find((row) => row.title === collapse(r.title) && row.kind === r.kind)!;
          const sources = r.credits.filter((c) => c.role === 'source');
          if (sources.length > 0 && back.credits.length === sources.length) {
            expect(back.credits.map((c) => c.name)).toEqual(sources.map((c) => c.name));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('CSV keeps every column, formulas included', () => {
    fc.assert(
      fc.property(fc.array(resource, { minLength: 1, maxLength: 12 }).map(uniqueUrls), (list) => {
        const result = parseImport('csv', toCsv(list));
        expect(result.errors).toEqual([]);
        const key = (r: { kind: string | null; format: string | null; title: string; url: string | null }) =>
          `${r.kind} ${r.format} ${r.title} ${r.url}`;
        const expected = list.map((r) => key({ ...r, title: collapse(r.title), url: r.url && canonicalUrl(r.url) }));
        expect(result.rows.map(key).sort()).toEqual(expected.sort());
      }),
      {
        numRuns: 200,
        // A title that starts with an apostrophe before a formula character keeps its apostrophe.
        examples: [[[{ kind: 'article', format: 'read', title: "'@", url: null, summary: '', tags: [], credits: [] }]]],
      },
    );
  });

  it('neutralises cells a spreadsheet would run', () => {
    const csv = toCsv([
      {
        kind: 'tool',
        format: 'do',
        title: '=HYPERLINK("http://evil.example","click")',
        url: null,
        summary: '+1 and -1',
        tags: ['@team'],
        credits: [{ role: 'source', name: '-Dash' }],
      },
    ]);
    const [, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    for (const cell of row.match(/("([^"]|"")*"|[^,]*)/g)!.filter((c) => c !== '')) {
      expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
    }
    expect(parseImport('csv', csv).rows[0]).toMatchObject({
      title: '=HYPERLINK("http://evil.example","click")',
      summary: '+1 and -1',
      tags: ['@team'],
    });
  });
});
