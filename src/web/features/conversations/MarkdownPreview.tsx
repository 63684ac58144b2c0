import { Fragment, type ReactNode } from 'react';

/**
 * A small, approximate Markdown preview built from React elements — never from an HTML string —
 * so nothing a member types can become markup. The server renders the real thing when it is saved.
 * Covers paragraphs, headings, lists, quotes, fenced code, rules, **bold**, _italic_, `code`,
 * ~~strike~~, http(s) links and @mentions.
 */
export function MarkdownPreview({ source }: { source: string }) {
  const blocks = parseBlocks(source.replace(/\r\n?/g, '\n'));
  if (blocks.length === 0) return <p className="cp-preview-empty">Nothing to preview yet.</p>;
  return <>{blocks.map((block, i) => renderBlock(block, i))}</>;
}

type Block =
  | { type: 'p'; text: string }
  | { type: 'h'; level: number; text: string }
  | { type: 'code'; text: string }
  | { type: 'quote'; children: Block[] }
  | { type: 'ul' | 'ol'; items: string[]; start: number }
  | { type: 'hr' };

function parseBlocks(source: string): Block[] {
  const lines = source.split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ type: 'h', level: heading[1].length, text: heading[2].replace(/\s+#+\s*$/, '') });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: 'hr' });
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ''));
      blocks.push({ type: 'quote', children: parseBlocks(body.join('\n')) });
      continue;
    }
    const bullet = /^\s*[-*+]\s+/;
    const numbered = /^\s*(\d{1,9})[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const ordered = numbered.test(line);
      const pattern = ordered ? numbered : bullet;
      const start = ordered ? Number(numbered.exec(line)?.[1] ?? 1) : 1;
      const items: string[] = [];
      while (i < lines.length && lines[i].trim()) {
        if (pattern.test(lines[i])) items.push(lines[i].replace(pattern, ''));
        else if (items.length) items[items.length - 1] += ` ${lines[i].trim()}`;
        i++;
      }
      blocks.push({ type: ordered ? 'ol' : 'ul', items, start });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !/^(#{1,6})\s|^\s*(```|~~~)|^\s*>|^\s*[-*+]\s+|^\s*\d{1,9}[.)]\s+/.test(lines[i])
    ) {
      para.push(lines[i++].trim());
    }
    if (para.length === 0) para.push(lines[i++].trim());
    blocks.push({ type: 'p', text: para.join(' ') });
  }
  return blocks;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.type) {
    case 'p':
      return <p key={key}>{renderInline(block.text)}</p>;
    case 'h': {
      // Headings inside a post sit below the page's own headings, so they are shown, not nested in the outline.
      return (
        <p key={key} className={`cp-preview-h cp-preview-h${block.level}`}>
          {renderInline(block.text)}
        </p>
      );
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{block.children.map((b, i) => renderBlock(b, i))}</blockquote>;
    case 'ul':
      return (
        <ul key={key}>
          {block.items.map((item, i) => (
            <li key={i}>{renderInline(item)}</li>
          ))}
        </ul>
      );
    case 'ol':
      return (
        <ol key={key} start={block.start}>
          {block.items.map((item, i) => (
            <li key={i}>{renderInline(item)}</li>
          ))}
        </ol>
      );
    case 'hr':
      return <hr key={key} />;
  }
}

const INLINE =
  /(`+)([^`]+?)\1|\*\*([^*]+?)\*\*|__([^_]+?)__|~~([^~]+?)~~|\*([^*\s][^*]*?)\*|(?<![\w])_([^_\s][^_]*?)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<]+[^\s<.,:;"')\]])|(?<![\w@])@([a-z0-9_]{2,30})(?![\w])/gi;

function renderInline(text: string): ReactNode {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const m of text.matchAll(INLINE)) {
    const index = m.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    last = index + m[0].length;
    const k = key++;
    if (m[2] !== undefined) out.push(<code key={k}>{m[2]}</code>);
    else if (m[3] !== undefined || m[4] !== undefined) out.push(<strong key={k}>{renderInline(m[3] ?? m[4])}</strong>);
    else if (m[5] !== undefined) out.push(<s key={k}>{renderInline(m[5])}</s>);
    else if (m[6] !== undefined || m[7] !== undefined) out.push(<em key={k}>{renderInline(m[6] ?? m[7])}</em>);
    else if (m[8] !== undefined) out.push(<Fragment key={k}>{safeLink(m[9], renderInline(m[8]))}</Fragment>);
    else if (m[10] !== undefined) out.push(<Fragment key={k}>{safeLink(m[10], m[10])}</Fragment>);
    else if (m[11] !== undefined) {
      out.push(
        <span key={k} className="mention">
          @{m[11]}
        </span>,
      );
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Only web and mail links become links; anything else (javascript:, data:) stays as text. */
function safeLink(href: string, label: ReactNode): ReactNode {
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return label;
  return (
    <a href={href} rel="nofollow ugc noopener noreferrer" target="_blank">
      {label}
    </a>
  );
}
