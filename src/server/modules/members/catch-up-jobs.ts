import { and, eq } from 'drizzle-orm';
import { communities, memberships, users } from '../../db/schema/index.js';
import type { Conn } from '../../db/client.js';
import type { Deps } from '../../platform/http.js';
import type { Mail } from '../../platform/mailer.js';
import { defineJob, type JobDefinition } from '../../platform/jobs.js';
import { signingKey } from '../../platform/signing.js';
import { loadPreferences } from '../notifications/mail-preferences.js';
import { prepare, renderFor } from '../roundups/render.js';
import { catchUpSections } from './catch-up.js';
import type { CatchUpMailPayload } from './visits.js';

/**
 * Mails a member's catch-up, once per catch-up (the job's key). It is not sent when, by the
 * time the job runs, the member is no longer an active member, has seen the catch-up in the
 * app, has turned catch-up mail off, or nothing happened worth telling.
 */

const originOf = (deps: Deps, origin?: string) =>
  (origin ?? deps.config.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');

export async function mailCatchUp(
  deps: Deps,
  payload: CatchUpMailPayload,
  options: { now: Date; finish?: (tx: Conn) => Promise<void> },
): Promise<boolean> {
  const since = new Date(payload.since);
  const [key, found] = await Promise.all([
    signingKey(deps.db),
    waitingCatchUp(deps.db, payload.communityId, payload.userId, since),
  ]);
  // Built outside the transaction: the sections are read-only and take several queries.
  const mail = found ? await catchUpMail(deps, found, since, options.now, key, payload.origin) : null;
  const queued = await deps.db.transaction(async (tx) => {
    // Still waiting (not seen meanwhile) and still wanted, now that the row is locked.
    const still = mail ? await waitingCatchUp(tx, payload.communityId, payload.userId, since, true) : null;
    if (mail && still) await deps.mailer.enqueue(tx, mail);
    await options.finish?.(tx);
    return !!(mail && still);
  });
  if (queued) await deps.mailer.deliverQueued();
  return queued;
}

/** The member, community and membership when this catch-up still waits and catch-up mail is wanted. */
async function waitingCatchUp(db: Conn, communityId: string, userId: string, since: Date, lock = false) {
  const query = db
    .select({ community: communities, membership: memberships, user: users })
    .from(memberships)
    .innerJoin(communities, eq(communities.id, memberships.communityId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  const [row] = lock ? await query.for('update', { of: memberships }) : await query;
  const waiting =
    !!row &&
    row.membership.status === 'active' &&
    !row.user.disabledAt &&
    row.membership.catchUpSince?.getTime() === since.getTime() &&
    (await loadPreferences(db, userId)).catchUpEmail;
  return waiting ? row : null;
}

type Waiting = NonNullable<Awaited<ReturnType<typeof waitingCatchUp>>>;

/** The catch-up as a mail in the round-up's format, or null when nothing happened worth telling. */
async function catchUpMail(
  deps: Deps,
  { community, membership, user }: Waiting,
  since: Date,
  now: Date,
  key: Buffer,
  origin?: string,
): Promise<Mail | null> {
  const sections = await catchUpSections(deps.db, community, membership, since, now);
  const items = sections.flatMap((s) => s.items);
  if (items.length === 0) return null;
  const prepared = prepare(
    {
      kind: 'catchup',
      community: { id: community.id, name: community.name, slug: community.slug },
      subject: `While you were away: what happened in ${community.name}`,
      introHtml: '',
      items,
      origin: originOf(deps, origin),
      since,
    },
    key,
  );
  const rendered = renderFor(
    prepared,
    {
      userId: user.id,
      name: user.name,
      interests: membership.interests,
      expertise: membership.expertise,
      learningFormats: membership.learningFormats,
    },
    { track: false },
  );
  return { to: user.email, kind: 'catchup', subject: rendered.subject, text: rendered.text, html: rendered.html };
}

export const catchUpJobs: JobDefinition<any>[] = [
  defineJob<CatchUpMailPayload>({
    type: 'catchup.mail',
    maxAttempts: 5,
    async handle(payload, ctx) {
      await mailCatchUp(ctx.deps, payload, { now: ctx.now, finish: (tx) => ctx.finish(tx) });
    },
  }),
];
