import { limits, type CollectionKind, type ResourceStatus } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { excerpt, renderMarkdown } from '../../platform/markdown.js';
import { listedResourceStatuses, type Actor } from '../../platform/policy.js';
import * as communities from '../communities/service.js';
import * as repo from './collections-repo.js';
import type { CollectionInput, CollectionPatch } from './collections-schema.js';
import { abilitiesOn, isUuid, summariesOf, type Ctx } from './common.js';
import * as resources from './repo.js';

/**
 * Collections and paths: named, ordered lists of a community's resources. Curators make them;
 * whoever may see the community reads them, minus the items they may not see; members tick off
 * a path's items. Retired and obsolete resources drop out of paths (and their totals).
 */

const INTRO_EXCERPT = 200;

function collectionAbilities(ctx: Ctx, kind: string) {
  return {
    edit: ctx.abilities.curate,
    delete: ctx.abilities.curate,
    track: kind === 'path' && ctx.abilities.propose,
  };
}

/** Whether the viewer is shown an item: they may see the resource, and a path lists published ones only. */
function shown(actor: Actor, ctx: Ctx, kind: string, item: repo.ItemRow) {
  if (!abilitiesOn(actor, ctx, item).view) return false;
  return kind !== 'path' || listedResourceStatuses.has(item.status as ResourceStatus);
}

function progressOf(shownIds: string[], done: Map<string, Date>) {
  const finished = shownIds.filter((id) => done.has(id));
  const total = shownIds.length;
  const complete = total > 0 && finished.length === total;
  const last = complete ? Math.max(...finished.map((id) => done.get(id)!.getTime())) : null;
  return {
    done: finished.length,
    total,
    percent: total === 0 ? 0 : Math.floor((finished.length * 100) / total),
    completedAt: last === null ? null : new Date(last).toISOString(),
  };
}

const doneMap = (rows: repo.DoneRow[], collectionId: string) =>
  new Map(rows.filter((r) => r.collectionId === collectionId).map((r) => [r.resourceId, r.completedAt]));

/** Whose progress a response carries: a member's, on a path. */
const tracker = (actor: Actor, ctx: Ctx) => (ctx.abilities.propose && actor.user ? actor.user.id : null);

// Reading.

export async function list(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const rows = await repo.listCollections(deps.db, ctx.community.id);
  const me = tracker(actor, ctx);
  const paths = rows.filter((c) => c.kind === 'path').map((c) => c.id);
  const [items, done] = await Promise.all([
    repo.itemsOf(
      deps.db,
      rows.map((c) => c.id),
    ),
    me ? repo.doneOf(deps.db, me, paths) : [],
  ]);
  return {
    items: rows.map((c) => {
      const ids = items.filter((i) => i.collectionId === c.id && shown(actor, ctx, c.kind, i)).map((i) => i.resourceId);
      const progress = me && c.kind === 'path' ? progressOf(ids, doneMap(done, c.id)) : null;
      return {
        id: c.id,
        kind: c.kind as CollectionKind,
        title: c.title,
        introExcerpt: excerpt(c.introHtml, INTRO_EXCERPT),
        itemCount: ids.length,
        progress: progress ? { done: progress.done, total: progress.total } : null,
      };
    }),
  };
}

async function loadCollection(db: Conn, ctx: Ctx, collectionId: string) {
  const collection = isUuid(collectionId) ? await repo.findCollection(db, ctx.community.id, collectionId) : undefined;
  if (!collection) throw notFound();
  return collection;
}

/** The collection as its page shows it; after a write it is read again, so the answer shows the write. */
async function detailOf(deps: Deps, actor: Actor, ctx: Ctx, collectionId: string) {
  const c = await loadCollection(deps.db, ctx, collectionId);
  const me = tracker(actor, ctx);
  const [items, done] = await Promise.all([
    repo.itemsOf(deps.db, [c.id]),
    me && c.kind === 'path' ? repo.doneOf(deps.db, me, [c.id]) : [],
  ]);
  const visible = items.filter((i) => shown(actor, ctx, c.kind, i));
  const rows = await resources.summariesByIds(
    deps.db,
    ctx.community.id,
    visible.map((i) => i.resourceId),
  );
  const summaries = new Map((await summariesOf(deps.db, actor, rows)).map((s) => [s.id, s]));
  const ticks = doneMap(done, c.id);
  const listed = visible.filter((i) => summaries.has(i.resourceId));
  return {
    id: c.id,
    kind: c.kind as CollectionKind,
    title: c.title,
    intro: c.intro,
    introHtml: c.introHtml,
    items: listed.map((i, index) => ({
      position: index + 1,
      resource: summaries.get(i.resourceId)!,
      done: ticks.has(i.resourceId),
    })),
    progress:
      me && c.kind === 'path'
        ? progressOf(
            listed.map((i) => i.resourceId),
            ticks,
          )
        : null,
    abilities: collectionAbilities(ctx, c.kind),
    community: { slug: ctx.community.slug, name: ctx.community.name },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function get(deps: Deps, actor: Actor, slug: string, collectionId: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  return detailOf(deps, actor, ctx, collectionId);
}

// Writing.

/**
 * Checks a complete list of items: each appears once and is a published resource of the
 * community, or is in the collection already (a retired one may keep its place).
 */
async function checkItems(db: Conn, actor: Actor, ctx: Ctx, ids: string[], already: ReadonlySet<string>) {
  const facts = new Map((await repo.resourceFacts(db, ctx.community.id, ids)).map((f) => [f.id, f]));
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const field = `resourceIds.${i}`;
    if (seen.has(id)) throw invalid(field, 'A resource appears once in a collection.', 'duplicate');
    seen.add(id);
    if (already.has(id)) return;
    const f = facts.get(id);
    const abilities = f ? abilitiesOn(actor, ctx, f) : null;
    if (!f || !abilities!.view) throw invalid(field, 'That is not a resource of this community.', 'unknown_resource');
    if (!abilities!.collect) {
      throw invalid(field, 'Only published resources go into collections and paths.', 'not_published');
    }
  });
}

const renderIntro = (intro: string) => renderMarkdown(intro);

export async function create(deps: Deps, actor: Actor, slug: string, input: CollectionInput) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  const me = actor.user!;
  const ids = input.resourceIds ?? [];
  await checkItems(deps.db, actor, ctx, ids, new Set());
  const id = await deps.db.transaction(async (tx) => {
    const row = await repo.insertCollection(tx, {
      communityId: ctx.community.id,
      kind: input.kind,
      title: input.title,
      intro: input.intro,
      introHtml: renderIntro(input.intro),
      createdBy: me.id,
    });
    await repo.setItems(tx, row.id, ids, me.id);
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: 'created_collection',
      objectType: 'collection',
      objectId: row.id,
      data: { kind: input.kind, items: ids.length },
    });
    return row.id;
  });
  return detailOf(deps, actor, ctx, id);
}

/** Runs a curator's change to a collection under its lock; `change` returns what to log, or null for nothing. */
async function changeCollection(
  deps: Deps,
  actor: Actor,
  slug: string,
  collectionId: string,
  change: (tx: Conn, ctx: Ctx, c: repo.CollectionRow) => Promise<Record<string, unknown> | null>,
) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  if (!isUuid(collectionId)) throw notFound();
  await deps.db.transaction(async (tx) => {
    const c = await repo.lockCollection(tx, ctx.community.id, collectionId);
    if (!c) throw notFound();
    const data = await change(tx, ctx, c);
    if (!data) return;
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'edited_collection',
      objectType: 'collection',
      objectId: c.id,
      data,
    });
  });
  return detailOf(deps, actor, ctx, collectionId);
}

export async function update(deps: Deps, actor: Actor, slug: string, collectionId: string, patch: CollectionPatch) {
  return changeCollection(deps, actor, slug, collectionId, async (tx, ctx, c) => {
    const values: Partial<repo.CollectionRow> = {};
    if (patch.kind !== undefined && patch.kind !== c.kind) values.kind = patch.kind;
    if (patch.title !== undefined && patch.title !== c.title) values.title = patch.title;
    if (patch.intro !== undefined && patch.intro !== c.intro) {
      values.intro = patch.intro;
      values.introHtml = renderIntro(patch.intro);
    }
    const changed: string[] = Object.keys(values).filter((k) => k !== 'introHtml');
    if (patch.resourceIds) {
      const before = (await repo.itemsOf(tx, [c.id])).map((i) => i.resourceId);
      await checkItems(tx, actor, ctx, patch.resourceIds, new Set(before));
      if (before.join() !== patch.resourceIds.join()) {
        await repo.setItems(tx, c.id, patch.resourceIds, actor.user!.id);
        changed.push('items');
      }
    }
    if (changed.length === 0) return null;
    await repo.updateCollection(tx, c.id, values);
    return { changed };
  });
}

export async function remove(deps: Deps, actor: Actor, slug: string, collectionId: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  if (!isUuid(collectionId)) throw notFound();
  await deps.db.transaction(async (tx) => {
    const c = await repo.lockCollection(tx, ctx.community.id, collectionId);
    if (!c) throw notFound();
    await repo.deleteCollection(tx, c.id);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'deleted_collection',
      objectType: 'collection',
      objectId: c.id,
      data: { kind: c.kind, title: c.title },
    });
  });
}

/** Appends a published resource; adding one already there changes nothing. */
export async function addItem(deps: Deps, actor: Actor, slug: string, collectionId: string, resourceId: string) {
  return changeCollection(deps, actor, slug, collectionId, async (tx, ctx, c) => {
    const [f] = isUuid(resourceId) ? await repo.resourceFacts(tx, ctx.community.id, [resourceId]) : [];
    const abilities = f ? abilitiesOn(actor, ctx, f) : null;
    if (!f || !abilities!.view) throw notFound();
    const items = await repo.itemsOf(tx, [c.id]);
    if (items.some((i) => i.resourceId === resourceId)) return null;
    if (!abilities!.collect) {
      throw invalid('resourceId', 'Only published resources go into collections and paths.', 'not_published');
    }
    if (items.length >= limits.collectionItems) {
      throw invalid('resourceId', `A collection holds at most ${limits.collectionItems} resources.`, 'too_many_items');
    }
    await repo.appendItem(tx, c.id, resourceId, actor.user!.id);
    await repo.updateCollection(tx, c.id, {});
    return { added: resourceId };
  });
}

/** Takes a resource out; taking out one that is not there changes nothing. */
export async function removeItem(deps: Deps, actor: Actor, slug: string, collectionId: string, resourceId: string) {
  return changeCollection(deps, actor, slug, collectionId, async (tx, _ctx, c) => {
    if (!isUuid(resourceId) || !(await repo.removeItem(tx, c.id, resourceId))) return null;
    await repo.updateCollection(tx, c.id, {});
    return { removed: resourceId };
  });
}

// Progress on a path.

/**
 * Ticks an item of a path done (or takes the tick back). Each new tick is logged
 * (`completed_path_item`); the tick that completes the path is logged once more, the first
 * time only (`completed_path`).
 */
export async function setDone(
  deps: Deps,
  actor: Actor,
  slug: string,
  collectionId: string,
  resourceId: string,
  done: boolean,
) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'propose');
  const me = actor.user!;
  const c = await loadCollection(deps.db, ctx, collectionId);
  if (c.kind !== 'path') throw invalid('collectionId', 'Only paths keep track of what is done.', 'not_a_path');
  const items = (await repo.itemsOf(deps.db, [c.id])).filter((i) => shown(actor, ctx, c.kind, i));
  if (!items.some((i) => i.resourceId === resourceId)) throw notFound();
  const ids = items.map((i) => i.resourceId);
  const progress = await deps.db.transaction(async (tx) => {
    await repo.lockProgress(tx, me.id, c.id);
    const event = { actorId: me.id, communityId: ctx.community.id };
    if (!done) await repo.unmarkDone(tx, me.id, c.id, resourceId);
    else if (await repo.markDone(tx, me.id, c.id, resourceId)) {
      await recordActivity(tx, {
        ...event,
        verb: 'completed_path_item',
        objectType: 'resource',
        objectId: resourceId,
        data: { collectionId: c.id },
      });
    }
    const now = progressOf(ids, doneMap(await repo.doneOf(tx, me.id, [c.id]), c.id));
    if (done && now.completedAt && !(await repo.hasCompleted(tx, me.id, c.id))) {
      await recordActivity(tx, { ...event, verb: 'completed_path', objectType: 'collection', objectId: c.id });
    }
    return now;
  });
  return { progress };
}
