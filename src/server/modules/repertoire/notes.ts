import type { NoteVisibility } from '../../../common/limits.js';
import { recordActivity } from '../../platform/activity.js';
import { forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { authorizeResource, noteAbilities, type Actor } from '../../platform/policy.js';
import { isUuid, loadResource, type Ctx } from './common.js';
import { presentNote } from './present.js';
import * as repo from './repo.js';
import type { NoteInput, NotePatch } from './schema.js';

/**
 * Notes on a resource: shared with the community, or private to their author. A private note is
 * shown to nobody else — not curators, not coordinators, not instance admins — and leaves no trace
 * in the activity log.
 */

const facts = (n: repo.NoteRow) => ({ authorId: n.authorId, visibility: n.visibility as NoteVisibility });
const abilitiesOf = (actor: Actor, ctx: Ctx, n: repo.NoteRow) => noteAbilities(actor, ctx.abilities, facts(n));

export async function list(deps: Deps, actor: Actor, slug: string, resourceId: string) {
  const { ctx, resource } = await loadResource(deps, actor, slug, resourceId);
  const rows = await repo.listNotes(deps.db, resource.id, actor.user?.id ?? null);
  return {
    items: rows
      // The query already keeps private notes to their author; the policy has the last word.
      .map((row) => ({ row, abilities: abilitiesOf(actor, ctx, row.note) }))
      .filter(({ abilities }) => abilities.view)
      .map(({ row, abilities }) => presentNote(row, abilities)),
  };
}

export async function add(deps: Deps, actor: Actor, slug: string, resourceId: string, input: NoteInput) {
  const { ctx, resource, abilities } = await loadResource(deps, actor, slug, resourceId);
  authorizeResource(actor, abilities, 'note');
  const me = actor.user!;
  const note = await deps.db.transaction(async (tx) => {
    const note = await repo.insertNote(tx, {
      resourceId: resource.id,
      communityId: ctx.community.id,
      authorId: me.id,
      visibility: input.visibility,
      body: input.body,
      bodyHtml: renderMarkdown(input.body),
    });
    if (note.visibility === 'community') {
      await recordActivity(tx, {
        actorId: me.id,
        communityId: ctx.community.id,
        verb: 'noted_resource',
        objectType: 'resource',
        objectId: resource.id,
        data: { noteId: note.id },
      });
    }
    return note;
  });
  const fresh = await repo.findNote(deps.db, resource.id, note.id);
  if (!fresh) throw notFound();
  return presentNote(fresh, abilitiesOf(actor, ctx, fresh.note));
}

/** A note the reader may see, on a resource they may see; anything else is the same 404. */
async function loadNote(deps: Deps, actor: Actor, slug: string, resourceId: string, noteId: string) {
  const { ctx, resource } = await loadResource(deps, actor, slug, resourceId);
  const found = isUuid(noteId) ? await repo.findNote(deps.db, resource.id, noteId) : undefined;
  if (!found) throw notFound();
  const abilities = abilitiesOf(actor, ctx, found.note);
  if (!abilities.view) throw notFound();
  return { ctx, found, abilities };
}

function refuse(actor: Actor, allowed: boolean) {
  if (allowed) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

export async function update(
  deps: Deps,
  actor: Actor,
  slug: string,
  resourceId: string,
  noteId: string,
  patch: NotePatch,
) {
  const { ctx, found, abilities } = await loadNote(deps, actor, slug, resourceId, noteId);
  refuse(actor, abilities.edit);
  const note = found.note;
  const bodyChanged = patch.body !== undefined && patch.body !== note.body;
  const visibilityChanged = patch.visibility !== undefined && patch.visibility !== note.visibility;
  if (bodyChanged || visibilityChanged) {
    await deps.db.transaction((tx) =>
      repo.updateNote(tx, note.id, {
        ...(bodyChanged ? { body: patch.body, bodyHtml: renderMarkdown(patch.body!), editedAt: new Date() } : {}),
        ...(visibilityChanged ? { visibility: patch.visibility } : {}),
      }),
    );
  }
  const fresh = await repo.findNote(deps.db, found.note.resourceId, note.id);
  if (!fresh) throw notFound();
  return presentNote(fresh, abilitiesOf(actor, ctx, fresh.note));
}

export async function remove(deps: Deps, actor: Actor, slug: string, resourceId: string, noteId: string) {
  const { found, abilities } = await loadNote(deps, actor, slug, resourceId, noteId);
  refuse(actor, abilities.delete);
  await deps.db.transaction((tx) => repo.deleteNote(tx, found.note.id));
}
