import { and, count, eq, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Conn } from '../../db/client.js';
import { activityEvents, eventHosts, events, invitations, memberships, replies } from '../../db/schema/index.js';
import { atLeast, currentStatuses } from '../../platform/policy.js';
import type { Role } from '../../../common/limits.js';
import { coCreationVerbs, countedVerbs, tallyFrom, type ActivityTally, type TallyIngredients } from './modes.js';

const DAY = 86_400_000;

/** The window ending at `now`: activity from `windowDays` before it up to it. */
export const windowStart = (now: Date, windowDays: number) => new Date(now.getTime() - windowDays * DAY);

/** A transaction runs on one connection, which takes one query at a time. */
export const inTransaction = (db: Conn) => typeof (db as { rollback?: unknown }).rollback === 'function';

interface Scope {
  communityId: string;
  since: Date;
  now: Date;
  /** Some members only; without it, everyone who did anything in the window. */
  userIds?: string[];
}

type Ingredients = Omit<TallyIngredients, 'coordinator' | 'byVerb'> & { byVerb: [string, number][] };

const blank = (): Ingredients => ({ byVerb: [], coCreationWeeks: 0, acceptedAnswers: 0, coHosted: 0, broughtIn: 0 });

// Activity objects are ids kept as text; only a well-formed one is read as a reply's uuid, so an
// odd row can never make the cast fail.
const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const objectUuid = sql`(case when ${activityEvents.objectId} ~ ${uuidPattern} then ${activityEvents.objectId}::uuid end)`;

/**
 * What the activity log says about the people of a community over a window, set-wise, grouped by
 * person — never a query per member:
 * - their own events: by verb, and for co-creation verbs also by week (the distinct weeks they
 *   co-created in), and for `hosted_event` also by whether the event had several hosts (hosting
 *   together is collaboration). These three ingredients come from one pass over the log, as the
 *   log is by far the largest table;
 * - their replies others accepted (accepting is the asker's event; the answer's author is whom
 *   it credits);
 * - the newcomers who joined on their invitation.
 * The same queries serve one member (`userIds`) and the whole community, so the member's own
 * page and the nightly recompute cannot disagree.
 */
async function readIngredients(db: Conn, scope: Scope): Promise<Map<string, Ingredients>> {
  const inWindow = and(
    eq(activityEvents.communityId, scope.communityId),
    gte(activityEvents.occurredAt, scope.since),
    lte(activityEvents.occurredAt, scope.now),
  );
  const who = (column: AnyPgColumn): SQL =>
    !scope.userIds
      ? isNotNull(column)
      : scope.userIds.length === 1
        ? eq(column, scope.userIds[0])
        : inArray(column, scope.userIds);
  // Events of this community with more than one host (or speaker).
  const sharedEvents = db
    .select({ id: sql`${eventHosts.eventId}::text` })
    .from(eventHosts)
    .innerJoin(events, eq(events.id, eventHosts.eventId))
    .where(eq(events.communityId, scope.communityId))
    .groupBy(eventHosts.eventId)
    .having(sql`count(*) > 1`);
  const logQuery = db
    .select({
      actor: activityEvents.actorId,
      verb: activityEvents.verb,
      // Weeks in UTC, whatever the session's time zone, so every connection counts alike.
      week: sql<string | null>`case when ${inArray(activityEvents.verb, coCreationVerbs)}
        then date_trunc('week', ${activityEvents.occurredAt}, 'UTC')::text end`,
      shared: sql<boolean>`(${activityEvents.verb} = 'hosted_event' and ${inArray(activityEvents.objectId, sharedEvents)})`,
      n: count(),
    })
    .from(activityEvents)
    .where(and(inWindow, who(activityEvents.actorId), inArray(activityEvents.verb, countedVerbs)))
    // By position: the expressions above carry parameters, which GROUP BY would not match.
    .groupBy(sql`1, 2, 3, 4`);
  const acceptedQuery = db
    .select({ actor: replies.authorId, n: count() })
    .from(activityEvents)
    .innerJoin(replies, eq(replies.id, objectUuid))
    .where(and(inWindow, eq(activityEvents.verb, 'accepted_answer'), who(replies.authorId)))
    .groupBy(replies.authorId);
  const broughtInQuery = db
    .select({ actor: invitations.invitedBy, n: count() })
    .from(invitations)
    .where(
      and(
        eq(invitations.communityId, scope.communityId),
        gte(invitations.acceptedAt, scope.since),
        lte(invitations.acceptedAt, scope.now),
        who(invitations.invitedBy),
      ),
    )
    .groupBy(invitations.invitedBy);
  // Side by side on the pool; one after another on a transaction's single connection.
  const [log, accepted, broughtIn] = inTransaction(db)
    ? [await logQuery, await acceptedQuery, await broughtInQuery]
    : await Promise.all([logQuery, acceptedQuery, broughtInQuery]);
  const out = new Map<string, Ingredients>();
  const of = (actor: string | null) => {
    let entry = out.get(actor!);
    if (!entry) out.set(actor!, (entry = blank()));
    return entry;
  };
  const weeks = new Map<string, Set<string>>();
  for (const r of log) {
    const entry = of(r.actor);
    const n = Number(r.n);
    entry.byVerb.push([r.verb, n]);
    if (r.shared) entry.coHosted += n;
    if (r.week !== null) {
      const mine = weeks.get(r.actor!) ?? new Set<string>();
      weeks.set(r.actor!, mine.add(r.week));
      entry.coCreationWeeks = mine.size;
    }
  }
  for (const r of accepted) of(r.actor).acceptedAnswers = Number(r.n);
  for (const r of broughtIn) of(r.actor).broughtIn = Number(r.n);
  return out;
}

const isCoordinator = (role: string) => atLeast(role as Role, 'coordinator');

/**
 * What one member did in a community over the window ending at `now`, from the activity log.
 */
export async function tallyFor(
  db: Conn,
  input: { communityId: string; userId: string; role: string; now: Date; windowDays: number },
): Promise<ActivityTally> {
  const found = await readIngredients(db, {
    communityId: input.communityId,
    userIds: [input.userId],
    since: windowStart(input.now, input.windowDays),
    now: input.now,
  });
  return tallyFrom({ ...(found.get(input.userId) ?? blank()), coordinator: isCoordinator(input.role) });
}

/**
 * Every current member's tally (active or on a break) over the window ending at `now` — or only
 * those of `userIds` among them: the same ingredients as `tallyFor`, read once for the whole
 * community (or the group) instead of once per member.
 */
export async function tallyAll(
  db: Conn,
  input: { communityId: string; now: Date; windowDays: number; userIds?: string[] },
): Promise<Map<string, ActivityTally>> {
  const membersQuery = db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.communityId, input.communityId),
        inArray(memberships.status, [...currentStatuses]),
        // A past `now` (a replayed week) counts only those who had joined by then.
        or(isNull(memberships.joinedAt), lte(memberships.joinedAt, input.now)),
        input.userIds ? inArray(memberships.userId, input.userIds) : undefined,
      ),
    );
  const scope = {
    communityId: input.communityId,
    since: windowStart(input.now, input.windowDays),
    now: input.now,
    userIds: input.userIds,
  };
  const [members, found] = inTransaction(db)
    ? [await membersQuery, await readIngredients(db, scope)]
    : await Promise.all([membersQuery, readIngredients(db, scope)]);
  const tallies = new Map<string, ActivityTally>();
  for (const m of members)
    tallies.set(m.userId, tallyFrom({ ...(found.get(m.userId) ?? blank()), coordinator: isCoordinator(m.role) }));
  return tallies;
}
