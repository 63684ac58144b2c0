import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown for everything members write: rendered once on the server when saved, stored next
 * to the source. Raw HTML in the source is shown as text (markdown-it `html: false`), links go
 * through markdown-it's scheme check, and the result is sanitised against an allowlist as a
 * second line of defence — so a bug in one layer does not become a script in someone's browser.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// A handle is 2–30 letters, digits or underscores; the @ must not follow a word character
// (so e-mail addresses are not mentions).
const mentionPattern = /(^|[^\w@])@([a-z0-9_]{2,30})(?![\w])/gi;

interface MentionEnv {
  [key: string | symbol]: unknown;
  mentions?: ReadonlyMap<string, string>;
  found?: string[];
}

/** Walks the text of inline content that is not already inside a link. */
function eachTextOutsideLinks(children: Token[], visit: (token: Token, index: number) => void) {
  let depth = 0;
  for (let i = 0; i < children.length; i++) {
    const t = children[i];
    if (t.type === 'link_open') depth++;
    else if (t.type === 'link_close') depth--;
    else if (t.type === 'text' && depth === 0) visit(t, i);
  }
}

md.core.ruler.push('mentions', (state) => {
  const env = state.env as MentionEnv;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const replacements: { index: number; tokens: Token[] }[] = [];
    eachTextOutsideLinks(block.children, (token, index) => {
      const text = token.content;
      const out: Token[] = [];
      let last = 0;
      for (const m of text.matchAll(mentionPattern)) {
        const handle = m[2].toLowerCase();
        env.found?.push(handle);
        const href = env.mentions?.get(handle);
        if (!href) continue;
        const start = m.index + m[1].length;
        if (start > last) out.push(textToken(state, text.slice(last, start)));
        const open = new state.Token('link_open', 'a', 1);
        open.attrSet('href', href);
        open.attrSet('class', 'mention');
        out.push(open, textToken(state, `@${m[2]}`), new state.Token('link_close', 'a', -1));
        last = start + 1 + m[2].length;
      }
      if (out.length === 0) return;
      if (last < text.length) out.push(textToken(state, text.slice(last)));
      replacements.push({ index, tokens: out });
    });
    for (const r of replacements.reverse()) block.children.splice(r.index, 1, ...r.tokens);
  }
});

function textToken(state: StateCore, content: string) {
  const t = new state.Token('text', '', 0);
  t.content = content;
  return t;
}

// Pictures from anywhere would be blocked by the page's content policy; they show as links.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const href = md.normalizeLink(String(token.attrGet('src') ?? ''));
  const label = token.content || href;
  if (!md.validateLink(href)) return md.utils.escapeHtml(label);
  return `<a href="${md.utils.escapeHtml(href)}" rel="nofollow ugc noopener">${md.utils.escapeHtml(label)}</a>`;
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token.attrGet('class') !== 'mention') token.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
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
  ],
  allowedAttributes: { a: ['href', 'rel', 'class'], ol: ['start'], th: ['style'], td: ['style'], code: ['class'] },
  allowedClasses: { a: ['mention'], code: [/^language-[\w-]+$/] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
};

/** Renders member-written Markdown to safe HTML; `mentions` maps lower-case handles to profile links. */
export function renderMarkdown(source: string, mentions?: ReadonlyMap<string, string>): string {
  const env: MentionEnv = { mentions };
  return sanitizeHtml(md.render(source, env), allowed);
}

/** The handles @mentioned in `source` (outside code and links), lower-case, each once. */
export function mentionedHandles(source: string, max = 20): string[] {
  const env: MentionEnv = { found: [] };
  md.parse(source, env);
  return [...new Set(env.found)].slice(0, max);
}

/** Plain text of rendered HTML, for excerpts, mail previews and notifications. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|li|h\d|blockquote|pre|tr)>/g, ' $&'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short plain-text excerpt of rendered HTML, cut at a word boundary. */
export function excerpt(html: string, max = 200): string {
  return shorten(htmlToText(html), max);
}

/** Cuts plain text to at most `max` characters, at a word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
