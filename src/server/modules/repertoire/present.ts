import type { CreditRole, NoteVisibility, ResourceFormat, ResourceKind } from '../../../common/limits.js';
import type { ResourceAbilities } from '../../platform/policy.js';
import type { CreditRow, DetailRow, NoteRow, Person, RevisionRow, SummaryRow } from './repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentPerson = (p: Person | null) => (p ? { id: p.id, name: p.name, handle: p.handle } : null);

/** A member credited by account goes by their current name; anyone else by the name given. */
export const presentCredit = (c: Pick<CreditRow, 'role' | 'name' | 'user'>) => ({
  role: c.role as CreditRole,
  name: c.user?.name ?? c.name,
  user: presentPerson(c.user),
});

export function presentSummary(r: SummaryRow, extra: { credits: CreditRow[]; noteCount: number }) {
  return {
    id: r.id,
    kind: r.kind,
    format: r.format,
    title: r.title,
    url: r.url,
    excerpt: r.excerpt,
    tags: r.tags,
    status: r.status,
    featured: r.featured,
    credits: extra.credits.map(presentCredit),
    proposedBy: presentPerson(r.proposer),
    publishedAt: iso(r.publishedAt),
    reviewDueAt: iso(r.reviewDueAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    noteCount: extra.noteCount,
  };
}
export type ResourceSummary = ReturnType<typeof presentSummary>;

const previewKeys = ['title', 'description', 'siteName'] as const;

export function presentDetail(
  r: DetailRow,
  extra: {
    credits: CreditRow[];
    noteCount: number;
    source: { post: { id: string; title: string }; replyId: string | null } | null;
    collections: { id: string; title: string; kind: string }[];
    abilities: ResourceAbilities;
    community: { slug: string; name: string };
  },
) {
  const a = extra.abilities;
  const preview = r.preview
    ? Object.fromEntries(previewKeys.filter((k) => typeof r.preview![k] === 'string').map((k) => [k, r.preview![k]]))
    : null;
  return {
    ...presentSummary(r, extra),
    summary: r.summary,
    summaryHtml: r.summaryHtml,
    source: extra.source
      ? { post: { id: extra.source.post.id, title: extra.source.post.title }, replyId: extra.source.replyId }
      : null,
    preview,
    reviewedAt: iso(r.reviewedAt),
    retiredAt: iso(r.retiredAt),
    collections: extra.collections.map((c) => ({ id: c.id, title: c.title, kind: c.kind })),
    abilities: {
      view: a.view,
      edit: a.edit,
      publish: a.publish,
      feature: a.feature,
      retire: a.retire,
      review: a.review,
      revert: a.revert,
      note: a.note,
      collect: a.collect,
    },
    community: { slug: extra.community.slug, name: extra.community.name },
  };
}

export const presentRevision = (r: {
  version: number;
  change: string;
  revertedTo: number | null;
  editor: Person | null;
  createdAt: Date;
}) => ({
  version: r.version,
  change: r.change,
  revertedTo: r.revertedTo,
  editor: presentPerson(r.editor),
  createdAt: r.createdAt.toISOString(),
});

export function presentSnapshot(
  r: RevisionRow,
  extra: { editor: Person | null; summaryHtml: string; people: Map<string, Person> },
) {
  return {
    ...presentRevision({ ...r, editor: extra.editor }),
    kind: r.kind as ResourceKind,
    format: r.format as ResourceFormat,
    title: r.title,
    url: r.url,
    summary: r.summary,
    summaryHtml: extra.summaryHtml,
    tags: r.tags,
    credits: r.credits.map((c) =>
      presentCredit({ role: c.role, name: c.name, user: c.userId ? (extra.people.get(c.userId) ?? null) : null }),
    ),
  };
}

export const presentNote = (
  n: { note: NoteRow; author: Person | null },
  abilities: { edit: boolean; delete: boolean },
) => ({
  id: n.note.id,
  body: n.note.body,
  bodyHtml: n.note.bodyHtml,
  visibility: n.note.visibility as NoteVisibility,
  author: presentPerson(n.author),
  createdAt: n.note.createdAt.toISOString(),
  editedAt: iso(n.note.editedAt),
  abilities: { edit: abilities.edit, delete: abilities.delete },
});
