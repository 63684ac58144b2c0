import { and, count, countDistinct, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { activityEvents, invitations, replies } from '../../db/schema/index.js';
import { addToTally, emptyTally, verbWeights, type ActivityTally } from './modes.js';

const DAY = 86_400_000;

/** Verbs that count as co-creation, for the weeks in which someone co-created. */
const coCreationVerbs = Object.entries(verbWeights)
  .filter(([, w]) => (w.hosted ?? 0) > 0 || (w.curated ?? 0) > 0)
  .map(([verb]) => verb);

/**
 * What one member did in a community over the window ending at `now`, from the activity log:
 * their own events by verb, the weeks they co-created in, their replies others accepted,
 * sessions they hosted with others, and newcomers who joined on their invitation.
 */
export async function tallyFor(
  db: Conn,
  input: { communityId: string; userId: string; role: string; now: Date; windowDays: number },
): Promise<ActivityTally> {
  const since = new Date(input.now.getTime() - input.windowDays * DAY);
  const mine = and(
    eq(activityEvents.communityId, input.communityId),
    eq(activityEvents.actorId, input.userId),
    gte(activityEvents.occurredAt, since),
  );
  const [byVerb, weeks, accepted, coHosted, broughtIn] = await Promise.all([
    db.select({ verb: activityEvents.verb, n: count() }).from(activityEvents).where(mine).groupBy(activityEvents.verb),
    db
      .select({ n: countDistinct(sql`date_trunc('week', ${activityEvents.occurredAt})`) })
      .from(activityEvents)
      .where(and(mine, inArray(activityEvents.verb, coCreationVerbs))),
    // Accepting is the asker's event; the answer's author is whom it credits.
    db
      .select({ n: count() })
      .from(activityEvents)
      .innerJoin(replies, sql`${replies.id}::text = ${activityEvents.objectId}`)
      .where(
        and(
          eq(activityEvents.communityId, input.communityId),
          eq(activityEvents.verb, 'accepted_answer'),
          gte(activityEvents.occurredAt, since),
          eq(replies.authorId, input.userId),
        ),
      ),
    db
      .select({ n: count() })
      .from(activityEvents)
      .where(
        and(
          mine,
          eq(activityEvents.verb, 'hosted_event'),
          sql`(select count(*) from event_hosts h where h.event_id::text = ${activityEvents.objectId}) > 1`,
        ),
      ),
    db
      .select({ n: count() })
      .from(invitations)
      .where(
        and(
          eq(invitations.communityId, input.communityId),
          eq(invitations.invitedBy, input.userId),
          gte(invitations.acceptedAt, since),
        ),
      ),
  ]);
  let tally = emptyTally();
  for (const row of byVerb) tally = addToTally(tally, row.verb, Number(row.n));
  const together = Number(coHosted[0]?.n ?? 0);
  return {
    ...tally,
    // A session hosted with others is collaboration; hosted alone, co-creation.
    hosted: Math.max(0, tally.hosted - together),
    coHosted: together,
    acceptedAnswers: Number(accepted[0]?.n ?? 0),
    coCreationWeeks: Number(weeks[0]?.n ?? 0),
    broughtIn: Number(broughtIn[0]?.n ?? 0),
    coordinator: input.role === 'coordinator',
  };
}
