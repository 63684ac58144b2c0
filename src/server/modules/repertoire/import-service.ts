import { limits, type ResourceStatus } from '../../../common/limits.js';
import { AppError } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { fetchLinkPreview } from '../../platform/link-preview.js';
import { listableStatuses, listedResourceStatuses, type Actor, type ActorUser } from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import { linkPreviewsEnabled } from '../admin/settings.js';
import * as communities from '../communities/service.js';
import { abilitiesOn, dedupeCredits, type Ctx } from './common.js';
import { toCsv, toMarkdown, type ExportResource } from './export.js';
import { parseImport, urlKey, type ImportCredit, type ImportRow, type ParsedImport } from './import-parse.js';
import * as repo from './import-repo.js';
import type { ImportInput, ImportPreviewInput } from './import-schema.js';
import * as resources from './repo.js';
import { resourceThrottleKey } from './service.js';
import { insertResources, type CreditValue, type NewResource } from './write.js';

/**
 * Importing a curated list (checked whole first, then written in one transaction or not at all),
 * exporting the repertoire, and link previews. Nothing here fetches a link except the preview,
 * and that only when an instance admin has allowed it.
 */

const HOUR = 3600;
type Person = { id: string; name: string; handle: string };
type Credit = CreditValue & { user: Person | null };

/**
 * Credits as they will be stored: a name that is exactly a member's name, or their @handle, is
 * that member (unless several members share it); the importer is the contributor unless the row
 * names one.
 */
async function creditsFor(deps: Deps, ctx: Ctx, me: ActorUser, rows: ImportRow[]): Promise<Credit[][]> {
  const all = rows.flatMap((r) => r.credits);
  const handleOf = (c: ImportCredit) => (c.name.startsWith('@') ? c.name.slice(1).toLowerCase() : null);
  const names = [...new Set(all.filter((c) => !handleOf(c)).map((c) => c.name))];
  const handles = [...new Set(all.map(handleOf).filter((h): h is string => !!h))];
  const [people, [self]] = await Promise.all([
    repo.membersNamed(deps.db, ctx.community.id, names, handles, [...listableStatuses]),
    resources.usersByIds(deps.db, [me.id]),
  ]);
  const byHandle = new Map(people.map((p) => [p.handle.toLowerCase(), p]));
  const byName = new Map<string, Person | null>();
  for (const p of people) byName.set(p.name, byName.has(p.name) ? null : p);
  const importer: Credit = {
    role: 'contributor',
    userId: me.id,
    name: me.name,
    user: self ?? { id: me.id, name: me.name, handle: '' },
  };
  return rows.map((row) => {
    const credits = row.credits.map((c): Credit => {
      const handle = handleOf(c);
      const user = (handle ? byHandle.get(handle) : byName.get(c.name)) ?? null;
      return user ? { role: c.role, userId: user.id, name: user.name, user } : { ...c, userId: null, user: null };
    });
    if (!credits.some((c) => c.role === 'contributor')) credits.push(importer);
    return dedupeCredits(credits) as Credit[];
  });
}

export interface ImportPlan {
  ctx: Ctx;
  parsed: ParsedImport;
  credits: Credit[][];
}

/** Reads the list as the community would take it, without writing anything. Curators only. */
async function plan(deps: Deps, actor: Actor, slug: string, input: ImportPreviewInput): Promise<ImportPlan> {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  const parsed = parseImport(input.format, input.text, {
    defaults: input.defaults,
    existingUrls: await repo.urlsOf(deps.db, ctx.community.id),
    tagRules: ctx.community,
  });
  return { ctx, parsed, credits: await creditsFor(deps, ctx, actor.user!, parsed.rows) };
}

export async function preview(deps: Deps, actor: Actor, slug: string, input: ImportPreviewInput) {
  const { parsed, credits } = await plan(deps, actor, slug, input);
  return {
    rows: parsed.rows.map((row, i) => ({
      ...row,
      credits: credits[i].map((c) => ({ role: c.role, name: c.name, user: c.user })),
    })),
    errors: parsed.errors,
    total: parsed.total,
  };
}

const refused = (errors: ParsedImport['errors']) =>
  new AppError(
    422,
    'import_invalid',
    errors.some((e) => e.line === 0)
      ? errors.find((e) => e.line === 0)!.message
      : `${new Set(errors.map((e) => e.line)).size} of the rows have errors; nothing was imported.`,
    undefined,
    undefined,
    { errors },
  );

/** Checks an import whole; any row error refuses all of it (422 `import_invalid`, `details.errors`). */
export async function prepareImport(deps: Deps, actor: Actor, slug: string, input: ImportInput) {
  const p = await plan(deps, actor, slug, input);
  if (p.parsed.errors.length > 0) throw refused(p.parsed.errors);
  return { ...p, status: (input.publish === false ? 'proposed' : 'published') as ResourceStatus };
}

export interface ImportHooks {
  /** Hears progress after each batch written (inside the transaction: throwing undoes everything). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Writes a checked import: every row, in one transaction, or nothing. */
export async function commitImport(
  deps: Deps,
  actor: Actor,
  prepared: Awaited<ReturnType<typeof prepareImport>>,
  hooks: ImportHooks = {},
) {
  const me = actor.user!;
  const { ctx, parsed, credits } = prepared;
  const items: NewResource[] = parsed.rows.map((row, i) => ({
    kind: row.kind!,
    format: row.format!,
    title: row.title,
    url: row.url,
    summary: row.summary,
    tags: row.tags,
    credits: credits[i].map((c) => ({ role: c.role, userId: c.userId, name: c.name })),
  }));
  const ids = await deps.db.transaction(async (tx) => {
    // An import counts once against the hourly allowance, however long it is.
    await hitLimit(tx, resourceThrottleKey(me.id), limits.resourcesPerHour, HOUR);
    // Someone may have added one of these links since the list was checked.
    const existing = new Set((await repo.urlsOf(tx, ctx.community.id)).map(urlKey));
    const taken = parsed.rows.filter((r) => r.url && existing.has(urlKey(r.url)));
    if (taken.length > 0) {
      throw refused(
        taken.map((r) => ({
          line: r.line,
          field: 'url',
          code: 'duplicate',
          message: 'This link is already in the repertoire or earlier in this list.',
        })),
      );
    }
    return insertResources(tx, {
      communityId: ctx.community.id,
      actorId: me.id,
      status: prepared.status,
      change: 'imported',
      verb: 'imported_resource',
      items,
      onBatch: hooks.onProgress,
    });
  });
  return { imported: ids.length, ids };
}

export async function importList(deps: Deps, actor: Actor, slug: string, input: ImportInput, hooks?: ImportHooks) {
  return commitImport(deps, actor, await prepareImport(deps, actor, slug, input), hooks);
}

// Export.

/** Published resources of the community, as a Markdown list grouped by kind or as CSV. */
export async function exportRepertoire(deps: Deps, actor: Actor, slug: string, format: 'markdown' | 'csv') {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const rows = (await repo.forExport(deps.db, ctx.community.id, 'published')).filter(
    (r) => listedResourceStatuses.has(r.status as ResourceStatus) && abilitiesOn(actor, ctx, r).view,
  );
  const credits = await resources.creditsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const list: ExportResource[] = rows.map((r) => ({
    kind: r.kind as ExportResource['kind'],
    format: r.format as ExportResource['format'],
    title: r.title,
    url: r.url,
    summary: r.summary,
    tags: r.tags,
    credits: credits
      .filter((c) => c.resourceId === r.id)
      .map((c) => ({ role: c.role as CreditValue['role'], name: c.user?.name ?? c.name })),
  }));
  const name = `${ctx.community.slug}-repertoire`;
  return format === 'csv'
    ? { body: toCsv(list), type: 'text/csv; charset=utf-8', filename: `${name}.csv` }
    : {
        body: toMarkdown(`${ctx.community.name}: repertoire`, list),
        type: 'text/markdown; charset=utf-8',
        filename: `${name}.md`,
      };
}

// Link previews.

export const linkPreviewThrottleKey = (userId: string) => `link-previews:${userId}`;
const PREVIEWS_PER_HOUR = 60;

/** Fetches a page's title and description for someone filling in a resource, when an admin allows it. */
export async function linkPreview(deps: Deps, actor: Actor, slug: string, url: string) {
  await communities.authorizeIn(deps.db, actor, slug, 'propose');
  if (!(await linkPreviewsEnabled(deps.db))) {
    throw new AppError(
      403,
      'link_previews_disabled',
      'Link previews are off on this instance; an admin can turn them on.',
    );
  }
  await hitLimit(deps.db, linkPreviewThrottleKey(actor.user!.id), PREVIEWS_PER_HOUR, HOUR);
  const found = await fetchLinkPreview(url);
  return { title: found.title ?? null, description: found.description ?? null, siteName: found.siteName ?? null };
}
