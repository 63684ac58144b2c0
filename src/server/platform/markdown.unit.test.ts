import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { excerpt, mentionedHandles, renderMarkdown } from './markdown.js';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

/** Tags the renderer may produce; anything else in the output is a failure. */
const safeTags = new Set([
  'p',
  'br',
  'hr',
  'strong',
  'em',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

function elements(nodes: ChildNode[], out: Element[] = []): Element[] {
  for (const node of nodes) {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      out.push(node as Element);
      elements((node as Element).children, out);
    }
  }
  return out;
}

/** Every way HTML could run code in a browser: script-capable tags, handlers, dangerous URLs, styles. */
function executableContent(html: string): string[] {
  const problems: string[] = [];
  for (const el of elements(parseDocument(html, { decodeEntities: true }).children)) {
    if (!safeTags.has(el.name)) problems.push(`tag <${el.name}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`handler ${name}`);
      if (name === 'style' && !/^text-align:\s*(left|right|center);?$/.test(value)) problems.push(`style ${value}`);
      if (name === 'href' || name === 'src' || name === 'action' || name === 'formaction') {
        // Browsers ignore control characters and whitespace inside a scheme.
        const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
        if (scheme && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`${name}=${value}`);
        if (url.startsWith('//')) problems.push(`protocol-relative ${value}`);
      }
      if (!['href', 'rel', 'class', 'start', 'style'].includes(name)) problems.push(`attribute ${name}`);
    }
  }
  return problems;
}

const hostile = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.test/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<div style="background:url(javascript:alert(1))">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '[x]: javascript:alert(1)\n\n[x]',
  '<a href="#" onclick="alert(1)">',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '<img src="x" onerror="alert(1)"',
  '<scr<script>ipt>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '`<script>`',
  '```html\n<script>alert(1)</script>\n```',
  '<details open ontoggle=alert(1)>',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<style>*{background:url(javascript:alert(1))}</style>',
  '@alice',
  '**bold** _em_',
  '<',
  '>',
  '"',
  '\n\n',
  '> quote',
  '- item',
  '| a |\n|---|\n| <b onmouseover=alert(1)>x</b> |',
];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostile) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<', '>', '"', "'", '=', '/', '(', ')', '[', ']', ':', '&', '#', ';', ' ', '\n'),
  },
);
const hostileMarkdown = fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

describe('Markdown rendering', () => {
  it('never produces executable content, whatever the input', () => {
    const mentions = new Map([['alice', '/c/demo/members/00000000-0000-4000-8000-000000000001']]);
    fc.assert(
      fc.property(hostileMarkdown, (source) => {
        const html = renderMarkdown(source, mentions);
        expect(executableContent(html), `${JSON.stringify(source)} → ${html}`).toEqual([]);
        expect(html).not.toMatch(/<\s*(script|iframe|svg|object|embed|img|style|form|base|meta)/i);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps every hostile sample as harmless text or a safe link', () => {
    for (const source of hostile) expect(executableContent(renderMarkdown(source)), source).toEqual([]);
  });

  it('still renders what members actually write', () => {
    const html = renderMarkdown('# Plan\n\n**Bold**, `code`, [docs](https://example.org) and a list:\n\n- one\n- two');
    expect(html).toContain('<h1>Plan</h1>');
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">docs</a>');
    expect(html).toContain('<li>one</li>');
  });

  it('links mentions of known handles only, and never inside code or links', () => {
    const mentions = new Map([['alice', '/c/demo/members/1']]);
    const html = renderMarkdown('Thanks @Alice and @bob! `@alice` mail@alice.test', mentions);
    expect(html).toContain('<a href="/c/demo/members/1" class="mention">@Alice</a>');
    expect(html).toContain('@bob');
    expect(html).not.toContain('>@bob<');
    expect(html).toContain('<code>@alice</code>');
    expect(mentionedHandles('Hi @Alice, @bob and @alice; `@carol` and a@dave.test')).toEqual(['alice', 'bob']);
  });

  it('makes short plain excerpts', () => {
    expect(excerpt(renderMarkdown('# Title\n\nSome *text* & <b>more</b>'), 100)).toBe('Title Some text & <b>more</b>');
    expect(excerpt(renderMarkdown('word '.repeat(100)), 30)).toMatch(/^(word ){5}word…$/);
  });
});
