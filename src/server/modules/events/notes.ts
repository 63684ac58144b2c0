import { eq } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { eventOccurrences, users } from '../../db/schema/index.js';
import { recordActivity } from '../../platform/activity.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { authorizeEvent, type Actor } from '../../platform/policy.js';
import { checkUrl } from '../repertoire/common.js';
import { loadOccurrence } from './common.js';
import { presentNotes } from './present.js';
import { lockOccurrence, type OccurrenceRow } from './rsvp.js';

/**
 * After a session: its notes, outcomes and recording link, written by its hosts and organisers
 * once it has started. The Markdown is rendered and sanitised once, when saved.
 */

/** A session's notes as its page shows them; null before anyone wrote any. */
export async function notesOf(db: Conn, o: OccurrenceRow) {
  const [by] = o.notesBy
    ? await db
        .select({ id: users.id, name: users.name, handle: users.handle })
        .from(users)
        .where(eq(users.id, o.notesBy))
    : [];
  return presentNotes(o, by ?? null);
}

/**
 * Writes the notes, outcomes and recording link (any of the three; absent ones stay). The first
 * write is logged as `event_notes_added`, later ones as `event_notes_edited`; a save that changes
 * nothing is not logged.
 */
export async function writeNotes(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: string,
  occurrenceId: string,
  input: { notes?: string; outcomes?: string; recordingUrl?: string | null },
) {
  const loaded = await loadOccurrence(deps, actor, slug, eventId, occurrenceId);
  const { abilities } = loaded;
  if (!abilities.writeNotes) {
    if (
      loaded.eventAbilities.writeNotes &&
      (loaded.event.status !== 'scheduled' || loaded.occurrence.status !== 'scheduled')
    ) {
      throw conflict('event_cancelled', 'This session was cancelled.');
    }
    authorizeEvent(actor, abilities, 'writeNotes');
  }
  const recordingUrl = checkUrl(input.recordingUrl, 'recordingUrl');
  const me = actor.user!.id;
  const saved = await deps.db.transaction(async (tx) => {
    const locked = await lockOccurrence(tx, loaded.occurrence.id);
    if (!locked) throw notFound();
    if (locked.status !== 'scheduled') throw conflict('event_cancelled', 'This session was cancelled.');
    const next = {
      notes: input.notes ?? locked.notes,
      outcomes: input.outcomes ?? locked.outcomes,
      recordingUrl: recordingUrl === undefined ? locked.recordingUrl : recordingUrl,
    };
    const same =
      next.notes === locked.notes && next.outcomes === locked.outcomes && next.recordingUrl === locked.recordingUrl;
    if (same && locked.notesAt) return locked;
    const now = new Date();
    const [row] = await tx
      .update(eventOccurrences)
      .set({
        ...next,
        notesHtml: next.notes === locked.notes && locked.notesAt ? locked.notesHtml : renderMarkdown(next.notes),
        outcomesHtml:
          next.outcomes === locked.outcomes && locked.notesAt ? locked.outcomesHtml : renderMarkdown(next.outcomes),
        notesBy: me,
        notesAt: now,
        updatedAt: now,
      })
      .where(eq(eventOccurrences.id, locked.id))
      .returning();
    await recordActivity(tx, {
      actorId: me,
      communityId: locked.communityId,
      verb: locked.notesAt ? 'event_notes_edited' : 'event_notes_added',
      objectType: 'occurrence',
      objectId: locked.id,
    });
    return row!;
  });
  return (await notesOf(deps.db, saved))!;
}
