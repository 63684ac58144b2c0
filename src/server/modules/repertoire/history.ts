import { diffWords } from 'diff';
import type { CreditRole, ResourceFormat, ResourceKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { authorizeResource, type Actor } from '../../platform/policy.js';
import { detailOf, loadResource, type Ctx } from './common.js';
import { presentRevision, presentSnapshot } from './present.js';
import * as repo from './repo.js';
import { renderSummary, type CreditValue } from './write.js';

/**
 * Versions: every save of a resource is kept whole in `resource_revisions`, the current one
 * included, so any two can be compared and any earlier one brought back as a new version.
 */

export const staleVersion = () =>
  conflict('stale_version', 'Someone saved this resource after you opened it: reload to see their changes.', 'version');

/** What a version holds: the fields a member writes. */
export interface Content {
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: CreditValue[];
}
type Field = keyof Content;
const fieldsInOrder: Field[] = ['kind', 'format', 'title', 'url', 'summary', 'tags', 'credits'];

export async function currentContent(db: Conn, r: repo.ResourceRow): Promise<Content> {
  const credits = await repo.creditsOf(db, [r.id]);
  return {
    kind: r.kind as ResourceKind,
    format: r.format as ResourceFormat,
    title: r.title,
    url: r.url,
    summary: r.summary,
    tags: r.tags,
    credits: credits.map((c) => ({ role: c.role as CreditRole, userId: c.userId, name: c.name })),
  };
}

// A member is the same credit whatever their name is now; anyone else is their name.
const creditText = (c: CreditValue) => `${c.role}:${c.userId ?? `name:${c.name}`}`;
const same = (field: Field, a: Content, b: Content) =>
  field === 'credits'
    ? a.credits.map(creditText).join('\n') === b.credits.map(creditText).join('\n')
    : JSON.stringify(a[field]) === JSON.stringify(b[field]);

export const changedFields = (a: Content, b: Content) => fieldsInOrder.filter((f) => !same(f, a, b));

/**
 * Saves `next` as a new version of a locked resource, with its revision and activity event.
 * Nothing changed: no version, no event, and false.
 */
export async function saveVersion(
  tx: Conn,
  args: {
    ctx: Ctx;
    actorId: string;
    locked: repo.ResourceRow;
    /** The content to save, or how to make it from the current one. */
    next: Content | ((current: Content) => Content);
    change: 'edited' | 'reverted';
    verb: string;
    revertedTo?: number;
  },
): Promise<boolean> {
  const { locked } = args;
  const current = await currentContent(tx, locked);
  const next = typeof args.next === 'function' ? args.next(current) : args.next;
  const fields = changedFields(current, next);
  if (fields.length === 0) return false;
  const version = locked.version + 1;
  await repo.updateResource(tx, locked.id, {
    kind: next.kind,
    format: next.format,
    title: next.title,
    url: next.url,
    summary: next.summary,
    ...(fields.includes('summary') ? renderSummary(next.summary) : {}),
    tags: next.tags,
    version,
  });
  if (fields.includes('credits')) await repo.replaceCredits(tx, locked.id, next.credits);
  await repo.insertRevision(tx, {
    resourceId: locked.id,
    version,
    editorId: args.actorId,
    change: args.change,
    revertedTo: args.revertedTo ?? null,
    kind: next.kind,
    format: next.format,
    title: next.title,
    url: next.url,
    summary: next.summary,
    tags: next.tags,
    credits: next.credits,
  });
  await recordActivity(tx, {
    actorId: args.actorId,
    communityId: args.ctx.community.id,
    verb: args.verb,
    objectType: 'resource',
    objectId: locked.id,
    data: { version, fields, ...(args.revertedTo ? { revertedTo: args.revertedTo } : {}) },
  });
  return true;
}

const contentOf = (r: repo.RevisionRow): Content => ({
  kind: r.kind as ResourceKind,
  format: r.format as ResourceFormat,
  title: r.title,
  url: r.url,
  summary: r.summary,
  tags: r.tags,
  credits: r.credits.map((c) => ({ role: c.role as CreditRole, userId: c.userId, name: c.name })),
});

async function findVersion(db: Conn, resourceId: string, version: number) {
  const found = await repo.findRevision(db, resourceId, version);
  if (!found) throw notFound();
  return found;
}

// Reading.

export async function revisions(deps: Deps, actor: Actor, slug: string, resourceId: string) {
  const { resource } = await loadResource(deps, actor, slug, resourceId);
  return { items: (await repo.listRevisions(deps.db, resource.id)).map(presentRevision) };
}

export async function revision(deps: Deps, actor: Actor, slug: string, resourceId: string, version: number) {
  const { resource } = await loadResource(deps, actor, slug, resourceId);
  const found = await findVersion(deps.db, resource.id, version);
  const people = await repo.usersByIds(
    deps.db,
    found.revision.credits.flatMap((c) => c.userId ?? []),
  );
  return presentSnapshot(found.revision, {
    editor: found.editor,
    summaryHtml: renderSummary(found.revision.summary).summaryHtml,
    people: new Map(people.map((p) => [p.id, p])),
  });
}

const shown = (field: Field, c: Content): string | string[] | null => {
  if (field === 'tags') return c.tags;
  if (field === 'credits') return c.credits.map((x) => `${x.name} (${x.role})`);
  return c[field];
};

/** The fields that differ between two versions; titles and summaries also word by word. */
export async function diff(deps: Deps, actor: Actor, slug: string, resourceId: string, from: number, to: number) {
  const { resource } = await loadResource(deps, actor, slug, resourceId);
  const [a, b] = await Promise.all([findVersion(deps.db, resource.id, from), findVersion(deps.db, resource.id, to)]);
  const before = contentOf(a.revision);
  const after = contentOf(b.revision);
  return {
    from,
    to,
    fields: changedFields(before, after).map((field) => ({
      field,
      before: shown(field, before),
      after: shown(field, after),
      ...(field === 'title' || field === 'summary'
        ? {
            parts: diffWords(before[field], after[field]).map((p) => ({
              value: p.value,
              ...(p.added ? { added: true } : {}),
              ...(p.removed ? { removed: true } : {}),
            })),
          }
        : {}),
    })),
  };
}

// Writing.

/** Brings an earlier version back as a new one (the history keeps everything in between). */
export async function revert(deps: Deps, actor: Actor, slug: string, resourceId: string, version: number) {
  const { ctx, resource, abilities } = await loadResource(deps, actor, slug, resourceId);
  authorizeResource(actor, abilities, 'revert');
  const found = await repo.findRevision(deps.db, resource.id, version);
  if (!found) throw invalid('version', 'This resource has no such version.', 'unknown_version');
  const snapshot = contentOf(found.revision);
  // A member credited then may have gone since: they stay credited by name.
  const present = new Set(
    (
      await repo.usersByIds(
        deps.db,
        snapshot.credits.flatMap((c) => c.userId ?? []),
      )
    ).map((p) => p.id),
  );
  snapshot.credits = snapshot.credits.map((c) => (c.userId && !present.has(c.userId) ? { ...c, userId: null } : c));
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockResource(tx, ctx.community.id, resource.id);
    if (!locked) throw notFound();
    await saveVersion(tx, {
      ctx,
      actorId: actor.user!.id,
      locked,
      next: snapshot,
      change: 'reverted',
      verb: 'reverted_resource',
      revertedTo: version,
    });
  });
  return detailOf(deps, actor, ctx, resource.id);
}
