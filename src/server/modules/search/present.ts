import type { PostKind, ResourceFormat, ResourceKind } from '../../../common/limits.js';
import { escapeHtml } from '../../platform/markdown.js';
import { markStart, markStop, type HitRow, type ResourceHitRow } from './repo.js';

const marked = new RegExp(`${markStart}([^${markStart}${markStop}]*)${markStop}`, 'g');
const strayMarkers = new RegExp(`[${markStart}${markStop}]`, 'g');

/**
 * The Markdown punctuation a reader would otherwise see in a snippet of the source: emphasis,
 * code ticks, heading and quote markers, and link targets (the link text stays).
 */
function plainMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/(^|\n)\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/g, '$1')
    .replace(/\*\*|__|~~|`+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A headline as safe HTML: everything escaped, then the match markers (and only they) become
 * <mark> elements. A marker without its partner is dropped rather than left unbalanced.
 */
export function snippetHtml(headline: string): string {
  return escapeHtml(plainMarkdown(headline)).replace(marked, '<mark>$1</mark>').replace(strayMarkers, '');
}

const tagsOf = (tags: string[] | string) => (typeof tags === 'string' ? JSON.parse(tags) : tags) as string[];

const person = (id: string | null, name: string | null, handle: string | null) =>
  id ? { id, name: name ?? '', handle: handle ?? '' } : null;

export const presentHit = (row: HitRow) => ({
  post: {
    id: row.post_id,
    title: row.title,
    kind: row.kind as PostKind,
    tags: tagsOf(row.tags),
    community: { slug: row.community_slug, name: row.community_name },
    author: person(row.author_id, row.author_name, row.author_handle),
    answered: row.answered,
    replyCount: Number(row.reply_count),
    createdAt: new Date(Number(row.created_ms)).toISOString(),
  },
  matchedIn: row.reply_id ? ('reply' as const) : ('post' as const),
  replyId: row.reply_id,
  snippetHtml: snippetHtml(row.headline),
});

export const presentResourceHit = (row: ResourceHitRow) => ({
  resource: {
    id: row.id,
    title: row.title,
    kind: row.kind as ResourceKind,
    format: row.format as ResourceFormat,
    tags: tagsOf(row.tags),
    community: { slug: row.community_slug, name: row.community_name },
  },
  snippetHtml: snippetHtml(row.headline),
});
