import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { HealthEvidenceItem, HealthFindingEvidence, HealthFindingKind } from '../../../common/api-types.js';
import type { Conn, Db } from '../../db/client.js';
import {
  activityEvents,
  communities,
  eventHosts,
  eventOccurrences,
  eventRsvps,
  events,
  follows,
  healthChecks,
  healthFindings,
  memberships,
  participationModeChanges,
  posts,
  reactions,
  replies,
  resources,
  users,
} from '../../db/schema/index.js';
import { currentStatuses } from '../../platform/policy.js';
import { coCreationVerbs, verbWeights } from '../participation/modes.js';
import { modesOf } from '../participation/recompute.js';
import { validZone, weekStart } from '../roundups/service.js';

/**
 * The weekly health check: five rules read a community's recent life and each problem they find
 * becomes a finding with its evidence (numbers, and the posts, sessions or people behind them)
 * and an action that names who could help. One check is kept per local week of the community;
 * running it again in the same week brings that week's open findings up to date and leaves the
 * ones coordinators already decided alone.
 *
 * The rules, with their thresholds in `checkRules`:
 *
 * 1. **Unanswered questions in a topic** — questions (and needs) asked more than 48 hours ago,
 *    within the last 30 days, with no accepted answer and no reply from anyone but the asker;
 *    two or more in one topic make a finding. It names up to three members whose answers in
 *    that topic were accepted in the past year, or else members who list it as their expertise.
 * 2. **Isolated newcomers** — members who joined between 14 and 90 days ago and have neither
 *    received a reply, nor replied to anyone, nor have any connection (a follow either way, a
 *    reaction from someone else). It names them, and up to three active members who know the
 *    newcomers' topics and reply often.
 * 3. **One organiser carries the load** — one person hosted 60 % or more of the sessions held in
 *    the last 90 days (the hosts of a session share it equally), or sent 60 % of the
 *    round-ups, or did 60 % of the curation — once there is enough of it to judge (4 sessions, 4
 *    round-ups, 5 acts of curation). It names up to three members in the Collaborate mode who
 *    could share it, those who came to the most sessions first.
 * 4. **Drifting core members** — members who co-created (mode history reaching Co-create or
 *    Champion, or hosting and curation in the activity log) in the past year and have made no
 *    contribution for 45 days. Members on a break are left out: they said they were away.
 * 5. **A topic without resources** — five or more discussions, questions or needs in a topic in
 *    the last 90 days and no published resource in the repertoire carrying that topic.
 *
 * Severity: high for 5 or more questions waiting or one waiting a week, 5 or more isolated
 * newcomers, a share of 80 % or more, 3 or more drifting members or one quiet for 90 days; a topic
 * without resources is low (medium from 10 conversations); everything else medium.
 *
 * Dismissing: a finding a coordinator dismissed is not raised again under the same key for 8
 * weeks after the dismissal, unless it got worse — its measure (questions waiting, newcomers,
 * share of the load, members drifting, conversations) grew, its severity rose, or it names
 * someone the dismissed one did not.
 *
 * Only current members of this community are named, and every figure is read from this
 * community's rows alone.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const checkRules = {
  /** A question is unanswered once it has waited this long without a reply from someone else. */
  unansweredAfterHours: 48,
  /** Questions older than this are left to the round-up: the check is about what is still current. */
  unansweredLookbackDays: 30,
  /** Unanswered questions in one topic that make a finding. */
  unansweredMinPerTopic: 2,
  /** How many people a finding suggests asking, at most. */
  suggestAtMost: 3,
  /** How far back accepted answers count towards knowing a topic. */
  answerLookbackDays: 365,
  /** Newcomers are members who joined between these many days ago. */
  newcomerMinDays: 14,
  newcomerMaxDays: 90,
  /** The organiser-load window: a quarter. */
  organiserWindowDays: 90,
  /** One person's share of the organising that makes a finding. */
  organiserShare: 0.6,
  /** Below these totals a share means little (two sessions, one host). */
  organiserMinSessions: 4,
  organiserMinRoundups: 4,
  organiserMinCuration: 5,
  /** A co-creator with no contribution for this long is drifting. */
  driftQuietDays: 45,
  /** How far back co-creation counts for "formerly co-created". */
  driftLookbackDays: 365,
  /** Conversations in a topic in this window… */
  resourceWindowDays: 90,
  /** …at least this many, and no published resource on it. */
  resourceMinConversations: 5,
  /** A dismissed finding stays quiet this long unless it gets worse. */
  dismissWeeks: 8,
} as const;

export type CheckRules = typeof checkRules;

export type FindingKind = HealthFindingKind;
export type Severity = 'high' | 'medium' | 'low';
export interface NamedPerson {
  id: string;
  name: string;
  part: 'subject' | 'suggested';
}
export type EvidenceItem = HealthEvidenceItem;
/** What a finding stores as evidence (shape shared with the web app); `measure` is what "got worse" compares. */
export type Evidence = HealthFindingEvidence & Record<string, unknown>;
export interface Finding {
  kind: FindingKind;
  key: string;
  severity: Severity;
  title: string;
  evidence: Evidence;
  action: string;
  people: NamedPerson[];
}

// ── Small pure functions (unit-tested) ────────────────────────────────────────

const severityRank: Record<string, number> = { low: 0, medium: 1, high: 2 };

/** "A", "A and B", "A, B and C". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Whether a finding is worse than the one dismissed under its key (and so raised again). */
export function isWorse(
  now: Pick<Finding, 'severity' | 'evidence' | 'people'>,
  dismissed: { severity: string; evidence: Record<string, unknown>; people: { id: string; part: string }[] },
): boolean {
  const before = Number(dismissed.evidence?.measure ?? 0);
  if (now.evidence.measure > before) return true;
  if ((severityRank[now.severity] ?? 1) > (severityRank[dismissed.severity] ?? 1)) return true;
  const known = new Set(dismissed.people.filter((p) => p.part === 'subject').map((p) => p.id));
  return now.people.some((p) => p.part === 'subject' && !known.has(p.id));
}

/** The local week a moment falls in, as its Monday's date in the community's time zone. */
export function weekOf(now: Date, timeZone: string): string {
  const zone = validZone(timeZone);
  return format(new TZDate(weekStart(now, zone).getTime(), zone), 'yyyy-MM-dd');
}

/** Groups items by their tags, case-insensitively, under the community's spelling of each topic. */
export function byTopic<T>(items: T[], tagsOf: (item: T) => string[], topics: string[]): Map<string, T[]> {
  const spelling = new Map(topics.map((t) => [t.trim().toLowerCase(), t.trim()]));
  const groups = new Map<string, { name: string; items: T[] }>();
  for (const item of items) {
    const seen = new Set<string>();
    for (const tag of tagsOf(item)) {
      const lower = tag.trim().toLowerCase();
      if (!lower || seen.has(lower)) continue;
      seen.add(lower);
      let group = groups.get(lower);
      if (!group) groups.set(lower, (group = { name: spelling.get(lower) ?? tag.trim(), items: [] }));
      group.items.push(item);
    }
  }
  return new Map([...groups.values()].map((g) => [g.name, g.items]));
}

const topicKey = (topic: string) => topic.trim().toLowerCase();
const hasTopic = (tags: string[], topic: string) => tags.some((t) => topicKey(t) === topicKey(topic));

// ── Reading the community ───────────────────────────────────────────────────

interface Member {
  id: string;
  name: string;
  role: string;
  status: string;
  joinedAt: Date | null;
  expertise: string[];
  interests: string[];
}

interface Scope {
  db: Conn;
  community: { id: string; slug: string; topics: string[]; timeZone: string };
  now: Date;
  rules: CheckRules;
  /** Current members (active or on a break) whose accounts work, by id. */
  members: Map<string, Member>;
}

const paths = {
  post: (slug: string, id: string) => `/c/${encodeURIComponent(slug)}/posts/${id}`,
  member: (slug: string, id: string) => `/c/${encodeURIComponent(slug)}/members/${id}`,
  session: (slug: string, eventId: string, occurrenceId: string) =>
    `/c/${encodeURIComponent(slug)}/events/${eventId}/${occurrenceId}`,
};

const ago = (s: Scope, days: number) => new Date(s.now.getTime() - days * DAY);
const isActive = (m: Member | undefined): m is Member => !!m && m.status === 'active';
const person = (m: Member, part: NamedPerson['part']): NamedPerson => ({ id: m.id, name: m.name, part });

/**
 * Runs reads side by side on the pool, or one after another on a transaction: a transaction is
 * one connection, which takes one query at a time (node-postgres warns about overlapping ones
 * and will refuse them).
 */
async function together<T extends (() => PromiseLike<unknown>)[]>(
  db: Conn,
  reads: [...T],
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if ('rollback' in db) {
    const out: unknown[] = [];
    for (const read of reads) out.push(await read());
    return out as never;
  }
  return Promise.all(reads.map((read) => read())) as never;
}

async function currentMembers(db: Conn, communityId: string): Promise<Map<string, Member>> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      role: memberships.role,
      status: memberships.status,
      joinedAt: memberships.joinedAt,
      expertise: memberships.expertise,
      interests: memberships.interests,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, communityId),
        inArray(memberships.status, [...currentStatuses]),
        isNull(users.disabledAt),
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Accepted answers in the community over the answer window: who answered, on which topics. */
async function acceptedAnswers(s: Scope) {
  return s.db
    .select({ postId: posts.id, tags: posts.tags, authorId: replies.authorId })
    .from(posts)
    .innerJoin(replies, eq(replies.id, posts.acceptedReplyId))
    .where(
      and(
        eq(posts.communityId, s.community.id),
        isNull(posts.deletedAt),
        isNull(replies.deletedAt),
        gt(posts.acceptedAt, ago(s, s.rules.answerLookbackDays)),
        lte(posts.acceptedAt, s.now),
      ),
    );
}

type Answer = Awaited<ReturnType<typeof acceptedAnswers>>[number];

/** Up to N active members whose answers on `topic` were accepted, most first, leaving out `exclude`. */
function answerersOf(s: Scope, answers: Answer[], topic: string | null, exclude: Set<string>) {
  const counts = new Map<string, number>();
  for (const a of answers) {
    if (!a.authorId || exclude.has(a.authorId) || !isActive(s.members.get(a.authorId))) continue;
    if (topic !== null && !hasTopic(a.tags, topic)) continue;
    counts.set(a.authorId, (counts.get(a.authorId) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || s.members.get(a[0])!.name.localeCompare(s.members.get(b[0])!.name))
    .slice(0, s.rules.suggestAtMost)
    .map(([id, n]) => ({ member: s.members.get(id)!, accepted: n }));
}

// ── Rule 1: unanswered questions in a topic ─────────────────────────────────

async function unansweredTopics(s: Scope, answers: Answer[]): Promise<Finding[]> {
  const { rules } = s;
  const waiting = await s.db
    .select({
      id: posts.id,
      title: posts.title,
      tags: posts.tags,
      createdAt: posts.createdAt,
      authorId: posts.authorId,
    })
    .from(posts)
    .where(
      and(
        eq(posts.communityId, s.community.id),
        inArray(posts.kind, ['question', 'need']),
        isNull(posts.deletedAt),
        isNull(posts.acceptedReplyId),
        lte(posts.createdAt, new Date(s.now.getTime() - rules.unansweredAfterHours * HOUR)),
        gt(posts.createdAt, ago(s, rules.unansweredLookbackDays)),
        sql`not exists (select 1 from ${replies} where ${replies.postId} = ${posts.id}
          and ${replies.deletedAt} is null and ${replies.createdAt} <= ${s.now.toISOString()}::timestamptz
          and ${replies.authorId} is distinct from ${posts.authorId})`,
      ),
    );
  const findings: Finding[] = [];
  for (const [topic, questions] of byTopic(waiting, (q) => q.tags, s.community.topics)) {
    if (questions.length < rules.unansweredMinPerTopic) continue;
    questions.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const askers = new Set(questions.map((q) => q.authorId).filter((id): id is string => !!id));
    let askable = answerersOf(s, answers, topic, askers).map((h) => ({
      member: h.member,
      detail: plural(h.accepted, 'accepted answer'),
    }));
    const basis = askable.length > 0 ? 'accepted answers' : 'expertise';
    if (askable.length === 0) {
      askable = [...s.members.values()]
        .filter((m) => isActive(m) && !askers.has(m.id) && hasTopic(m.expertise, topic))
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, rules.suggestAtMost)
        .map((m) => ({ member: m, detail: `lists ${topic} as expertise` }));
    }
    const oldestHours = Math.floor((s.now.getTime() - questions[0].createdAt.getTime()) / HOUR);
    const n = questions.length;
    const names = listNames(askable.map((h) => h.member.name));
    const askerPeople = [...askers].flatMap((id) => (s.members.has(id) ? [person(s.members.get(id)!, 'subject')] : []));
    findings.push({
      kind: 'unanswered_topic',
      key: `unanswered_topic:${topicKey(topic)}`,
      severity: n >= 5 || oldestHours >= 7 * 24 ? 'high' : 'medium',
      title: `${plural(n, 'question')} in ${topic} unanswered for more than ${rules.unansweredAfterHours} hours`,
      evidence: {
        measure: n,
        topic,
        summary:
          `${plural(n, 'question')} tagged ${topic} ${n === 1 ? 'has' : 'have'} had no reply from anyone but the asker ` +
          `for more than ${rules.unansweredAfterHours} hours; the oldest has waited ${Math.floor(oldestHours / 24)} days.` +
          (askable.length
            ? ` Members with ${basis} in ${topic}: ${listNames(askable.map((h) => `${h.member.name} (${h.detail})`))}.`
            : ''),
        figures: { questions: n, oldestHours, suggestedFor: askable.length ? basis : 'none' },
        items: questions.map((q) => ({
          id: q.id,
          title: q.title,
          path: paths.post(s.community.slug, q.id),
          at: q.createdAt.toISOString(),
          detail: q.authorId && s.members.has(q.authorId) ? `asked by ${s.members.get(q.authorId)!.name}` : undefined,
        })),
        suggested: askable.map((h) => ({ id: h.member.id, name: h.member.name, detail: h.detail })),
      },
      action: askable.length
        ? `Ask ${names} to answer: they have ${basis} in ${topic}. Point them to the oldest question first.`
        : `Nobody has answered in ${topic} yet: share these questions in the round-up or ask someone outside the community.`,
      people: [...askable.map((h) => person(h.member, 'suggested')), ...askerPeople],
    });
  }
  return findings;
}

// ── Rule 2: isolated newcomers ──────────────────────────────────────────────

/** Of `ids`, those with any reply, reaction or follow linking them to another member. */
async function connected(s: Scope, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const c = s.community.id;
  const until = s.now;
  const parent = alias(replies, 'parent_replies');
  const [gave, receivedOnPosts, receivedOnReplies, reactedTo, followed] = await together(s.db, [
    // They replied to someone else: on another's post, or under another's reply.
    () =>
      s.db
        .selectDistinct({ id: replies.authorId })
        .from(replies)
        .innerJoin(posts, eq(posts.id, replies.postId))
        .leftJoin(parent, eq(parent.id, replies.parentId))
        .where(
          and(
            eq(replies.communityId, c),
            inArray(replies.authorId, ids),
            isNull(replies.deletedAt),
            lte(replies.createdAt, until),
            or(
              sql`${posts.authorId} is distinct from ${replies.authorId}`,
              and(isNotNull(parent.authorId), ne(parent.authorId, replies.authorId)),
            ),
          ),
        ),
    // Someone replied on their post…
    () =>
      s.db
        .selectDistinct({ id: posts.authorId })
        .from(replies)
        .innerJoin(posts, eq(posts.id, replies.postId))
        .where(
          and(
            eq(posts.communityId, c),
            inArray(posts.authorId, ids),
            isNull(replies.deletedAt),
            lte(replies.createdAt, until),
            sql`${replies.authorId} is distinct from ${posts.authorId}`,
          ),
        ),
    // …or answered one of their replies.
    () =>
      s.db
        .selectDistinct({ id: parent.authorId })
        .from(replies)
        .innerJoin(parent, or(eq(parent.id, replies.parentId), eq(parent.id, replies.quotedReplyId)))
        .where(
          and(
            eq(replies.communityId, c),
            inArray(parent.authorId, ids),
            isNull(replies.deletedAt),
            lte(replies.createdAt, until),
            sql`${replies.authorId} is distinct from ${parent.authorId}`,
          ),
        ),
    // Someone reacted to what they wrote.
    () =>
      s.db
        .selectDistinct({ id: sql<string>`coalesce(${posts.authorId}, ${replies.authorId})` })
        .from(reactions)
        .leftJoin(posts, and(eq(reactions.targetType, 'post'), eq(posts.id, reactions.targetId)))
        .leftJoin(replies, and(eq(reactions.targetType, 'reply'), eq(replies.id, reactions.targetId)))
        .where(
          and(
            eq(reactions.communityId, c),
            lte(reactions.createdAt, until),
            or(inArray(posts.authorId, ids), inArray(replies.authorId, ids)),
            sql`${reactions.userId} is distinct from coalesce(${posts.authorId}, ${replies.authorId})`,
          ),
        ),
    // A follow between them and another member, either way.
    () =>
      s.db
        .select({ userId: follows.userId, target: follows.target })
        .from(follows)
        .where(
          and(
            eq(follows.communityId, c),
            eq(follows.targetType, 'member'),
            lte(follows.createdAt, until),
            or(inArray(follows.userId, ids), inArray(follows.target, ids)),
          ),
        ),
  ]);
  const out = new Set<string>();
  for (const rows of [gave, receivedOnPosts, receivedOnReplies, reactedTo])
    for (const r of rows) if (r.id) out.add(r.id);
  for (const f of followed) {
    if (f.userId === f.target) continue;
    out.add(f.userId);
    out.add(f.target);
  }
  return out;
}

async function isolatedNewcomers(s: Scope): Promise<Finding[]> {
  const { rules } = s;
  const from = ago(s, rules.newcomerMaxDays).getTime();
  const to = ago(s, rules.newcomerMinDays).getTime();
  const newcomers = [...s.members.values()].filter(
    (m) => isActive(m) && m.joinedAt && m.joinedAt.getTime() > from && m.joinedAt.getTime() <= to,
  );
  const linked = await connected(
    s,
    newcomers.map((m) => m.id),
  );
  const isolated = newcomers
    .filter((m) => !linked.has(m.id))
    .sort((a, b) => a.joinedAt!.getTime() - b.joinedAt!.getTime() || a.name.localeCompare(b.name));
  if (isolated.length === 0) return [];

  // Who could welcome them: active members who know their topics and reply often lately.
  const recentReplies = await s.db
    .select({ id: replies.authorId, n: sql<number>`count(*)::int` })
    .from(replies)
    .where(
      and(
        eq(replies.communityId, s.community.id),
        isNull(replies.deletedAt),
        gt(replies.createdAt, ago(s, rules.organiserWindowDays)),
        lte(replies.createdAt, s.now),
      ),
    )
    .groupBy(replies.authorId);
  const replyCount = new Map(recentReplies.map((r) => [r.id, Number(r.n)]));
  const theirTopics = new Set(isolated.flatMap((m) => [...m.interests, ...m.expertise].map(topicKey)));
  const newcomerIds = new Set(newcomers.map((m) => m.id));
  const welcomers = [...s.members.values()]
    .filter((m) => isActive(m) && !newcomerIds.has(m.id) && (replyCount.get(m.id) ?? 0) > 0)
    .map((m) => ({
      member: m,
      overlap: m.expertise.filter((t) => theirTopics.has(topicKey(t))).length,
      replies: replyCount.get(m.id) ?? 0,
    }))
    .sort((a, b) => b.overlap - a.overlap || b.replies - a.replies || a.member.name.localeCompare(b.member.name))
    .slice(0, rules.suggestAtMost);

  const n = isolated.length;
  const names = listNames(isolated.map((m) => m.name));
  return [
    {
      kind: 'isolated_newcomers',
      key: 'isolated_newcomers',
      severity: n >= 5 ? 'high' : 'medium',
      title: `${plural(n, 'newcomer')} joined more than ${rules.newcomerMinDays} days ago and ${n === 1 ? 'has' : 'have'} no reply or connection`,
      evidence: {
        measure: n,
        summary:
          `${names} joined between ${rules.newcomerMinDays} and ${rules.newcomerMaxDays} days ago and ${n === 1 ? 'has' : 'have'} ` +
          `not received a reply, replied to anyone, or been followed or followed anyone.`,
        figures: { isolated: n, newcomers: newcomers.length },
        items: isolated.map((m) => ({
          id: m.id,
          title: m.name,
          path: paths.member(s.community.slug, m.id),
          at: m.joinedAt!.toISOString(),
          detail: [...new Set([...m.interests, ...m.expertise])].slice(0, 3).join(', ') || undefined,
        })),
        suggested: welcomers.map((w) => ({
          id: w.member.id,
          name: w.member.name,
          detail: `${plural(w.replies, 'reply', 'replies')} lately${w.overlap ? `, knows ${w.member.expertise.join(', ')}` : ''}`,
        })),
      },
      action: welcomers.length
        ? `Welcome ${names} personally: ask ${listNames(welcomers.map((w) => w.member.name))} to say hello, reply to them or introduce them to someone who shares their interests.`
        : `Welcome ${names} personally: write to them, ask about their work, and introduce them to someone who shares their interests.`,
      people: [...isolated.map((m) => person(m, 'subject')), ...welcomers.map((w) => person(w.member, 'suggested'))],
    },
  ];
}

// ── Rule 3: one organiser carries the load ──────────────────────────────────

interface Load {
  kind: 'events' | 'roundups' | 'curation';
  total: number;
  byPerson: Map<string, number>;
  noun: [string, string];
  verb: string;
  minimum: number;
  /** What each person did, for the evidence (the sessions they hosted). */
  itemsOf?: Map<string, EvidenceItem[]>;
}

/** Curation: the co-creation verbs that are not about events. */
const curationVerbs = coCreationVerbs.filter((verb) => verb !== 'hosted_event' && verb !== 'event_notes_added');

async function loads(s: Scope): Promise<Load[]> {
  const since = ago(s, s.rules.organiserWindowDays);
  const sessions = await s.db
    .select({
      occurrenceId: eventOccurrences.id,
      eventId: events.id,
      title: sql<string>`coalesce(${eventOccurrences.overrides}->>'title', ${events.title})`,
      startsAt: eventOccurrences.startsAt,
      userId: eventHosts.userId,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .innerJoin(eventHosts, and(eq(eventHosts.eventId, events.id), eq(eventHosts.role, 'host')))
    .where(
      and(
        eq(eventOccurrences.communityId, s.community.id),
        eq(eventOccurrences.status, 'scheduled'),
        eq(events.status, 'scheduled'),
        gt(eventOccurrences.startsAt, since),
        lte(eventOccurrences.startsAt, s.now),
      ),
    );
  const hostsOf = new Map<string, string[]>();
  const hosted = new Map<string, EvidenceItem[]>();
  for (const r of sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const hosts = hostsOf.get(r.occurrenceId);
    if (hosts) hosts.push(r.userId);
    else hostsOf.set(r.occurrenceId, [r.userId]);
    const item = {
      id: r.occurrenceId,
      title: r.title,
      path: paths.session(s.community.slug, r.eventId, r.occurrenceId),
      at: r.startsAt.toISOString(),
    };
    hosted.set(r.userId, [...(hosted.get(r.userId) ?? []), item]);
  }
  const hosting = new Map<string, number>();
  for (const hosts of hostsOf.values())
    for (const id of hosts) hosting.set(id, (hosting.get(id) ?? 0) + 1 / hosts.length);

  const acts = await s.db
    .select({ verb: activityEvents.verb, actorId: activityEvents.actorId, n: sql<number>`count(*)::int` })
    .from(activityEvents)
    .where(
      and(
        eq(activityEvents.communityId, s.community.id),
        inArray(activityEvents.verb, ['roundup.sent', ...curationVerbs]),
        gt(activityEvents.occurredAt, since),
        lte(activityEvents.occurredAt, s.now),
      ),
    )
    .groupBy(activityEvents.verb, activityEvents.actorId);
  const tally = (verbs: string[]) => {
    const byPerson = new Map<string, number>();
    let total = 0;
    for (const a of acts) {
      if (!verbs.includes(a.verb)) continue;
      total += Number(a.n);
      if (a.actorId) byPerson.set(a.actorId, (byPerson.get(a.actorId) ?? 0) + Number(a.n));
    }
    return { total, byPerson };
  };
  return [
    {
      kind: 'events',
      total: hostsOf.size,
      byPerson: hosting,
      noun: ['session', 'sessions'],
      verb: 'hosted',
      minimum: s.rules.organiserMinSessions,
      itemsOf: hosted,
    },
    {
      kind: 'roundups',
      ...tally(['roundup.sent']),
      noun: ['round-up', 'round-ups'],
      verb: 'sent',
      minimum: s.rules.organiserMinRoundups,
    },
    {
      kind: 'curation',
      ...tally(curationVerbs),
      noun: ['act of curation', 'acts of curation'],
      verb: 'did',
      minimum: s.rules.organiserMinCuration,
    },
  ];
}

/** Sessions each member attended in the window, for ranking who could share the organising. */
async function attendance(s: Scope): Promise<Map<string, number>> {
  const rows = await s.db
    .select({ id: eventRsvps.userId, n: sql<number>`count(*)::int` })
    .from(eventRsvps)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, eventRsvps.occurrenceId))
    .where(
      and(
        eq(eventRsvps.communityId, s.community.id),
        isNotNull(eventRsvps.attendedAt),
        gt(eventOccurrences.startsAt, ago(s, s.rules.organiserWindowDays)),
        lte(eventOccurrences.startsAt, s.now),
      ),
    )
    .groupBy(eventRsvps.userId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

async function organiserLoad(s: Scope, answers: Answer[]): Promise<Finding[]> {
  const found: { load: Load; member: Member; share: number; count: number }[] = [];
  for (const load of await loads(s)) {
    if (load.total < load.minimum) continue;
    for (const [id, count] of load.byPerson) {
      const share = count / load.total;
      const member = s.members.get(id);
      if (share >= s.rules.organiserShare && member) found.push({ load, member, share, count });
    }
  }
  if (found.length === 0) return [];
  const [modes, attended] = await together(s.db, [() => modesOf(s.db, s.community.id), () => attendance(s)]);
  const accepted = new Map<string, number>();
  for (const a of answers) if (a.authorId) accepted.set(a.authorId, (accepted.get(a.authorId) ?? 0) + 1);
  const candidates = (exclude: string, wanted: string[]) =>
    [...s.members.values()]
      .filter((m) => isActive(m) && m.id !== exclude && wanted.includes(modes.get(m.id) ?? ''))
      .sort(
        (a, b) =>
          (attended.get(b.id) ?? 0) - (attended.get(a.id) ?? 0) ||
          (accepted.get(b.id) ?? 0) - (accepted.get(a.id) ?? 0) ||
          a.name.localeCompare(b.name),
      )
      .slice(0, s.rules.suggestAtMost);

  return found.map(({ load, member, share, count }) => {
    let askable = candidates(member.id, ['collaborate']);
    const collaborating = askable.length > 0;
    if (!collaborating) askable = candidates(member.id, ['co_create', 'champion']);
    const percent = Math.round(share * 100);
    const shown = Math.round(count * 10) / 10;
    const ask =
      load.kind === 'events'
        ? 'to co-host the next sessions'
        : load.kind === 'roundups'
          ? 'to take turns sending the round-up'
          : 'to help curate the repertoire';
    const askNames = listNames(askable.map((h) => h.name));
    return {
      kind: 'organiser_load' as const,
      key: `organiser_load:${load.kind}:${member.id}`,
      severity: share >= 0.8 ? ('high' as const) : ('medium' as const),
      title: `${member.name} ${load.verb} ${percent} % of the ${load.noun[1]} this quarter`,
      evidence: {
        measure: percent,
        load: load.kind,
        summary:
          `In the last ${s.rules.organiserWindowDays} days ${member.name} ${load.verb} ${shown} of ${plural(load.total, load.noun[0], load.noun[1])} ` +
          `(${percent} %).` +
          (askable.length
            ? ` ${collaborating ? 'Members in the Collaborate mode' : 'Other co-creators'} who could share it: ${askNames}.`
            : ''),
        figures: { share: percent, theirs: shown, total: load.total, windowDays: s.rules.organiserWindowDays },
        // The sessions they hosted; for round-ups and curation, the people who could share it.
        items:
          load.itemsOf?.get(member.id) ??
          askable.map((h) => ({ id: h.id, title: h.name, path: paths.member(s.community.slug, h.id) })),
        suggested: askable.map((h) => ({
          id: h.id,
          name: h.name,
          detail: `attended ${plural(attended.get(h.id) ?? 0, 'session')}, ${plural(accepted.get(h.id) ?? 0, 'accepted answer')}`,
        })),
      },
      action: askable.length
        ? `Ask ${askNames} (${collaborating ? 'Collaborate mode' : 'already co-creating'}) ${ask} with ${member.name}.`
        : `Look for someone ${ask} with ${member.name}: nobody is in the Collaborate mode yet.`,
      people: [person(member, 'subject'), ...askable.map((h) => person(h, 'suggested'))],
    };
  });
}

// ── Rule 4: drifting core members ───────────────────────────────────────────

/**
 * What counts as a contribution (reading does not): every verb the participation modes count
 * above Convey/Consume, plus the acts of organising they credit elsewhere. Co-creation is the
 * modes' own list, so "formerly co-created" means the same here as on the dashboard.
 */
const contributionVerbs = [
  ...Object.entries(verbWeights)
    .filter(([, weights]) => Object.keys(weights).some((field) => field !== 'consumed'))
    .map(([verb]) => verb),
  'accepted_answer',
  'event_created',
  'roundup.sent',
  'answered_survey',
];

async function driftingMembers(s: Scope): Promise<Finding[]> {
  const { rules } = s;
  const since = ago(s, rules.driftLookbackDays);
  const [history, coCreated, current] = await together(s.db, [
    () =>
      s.db
        .selectDistinct({ id: participationModeChanges.userId })
        .from(participationModeChanges)
        .where(
          and(
            eq(participationModeChanges.communityId, s.community.id),
            inArray(participationModeChanges.toMode, ['co_create', 'champion']),
            gt(participationModeChanges.changedAt, since),
            lte(participationModeChanges.changedAt, s.now),
          ),
        ),
    () =>
      s.db
        .selectDistinct({ id: activityEvents.actorId })
        .from(activityEvents)
        .where(
          and(
            eq(activityEvents.communityId, s.community.id),
            inArray(activityEvents.verb, coCreationVerbs),
            gt(activityEvents.occurredAt, since),
            lte(activityEvents.occurredAt, s.now),
          ),
        ),
    () => modesOf(s.db, s.community.id),
  ]);
  const formerly = new Set<string>();
  for (const r of [...history, ...coCreated]) if (r.id) formerly.add(r.id);
  for (const [id, mode] of current) if (mode === 'co_create' || mode === 'champion') formerly.add(id);
  const candidates = [...formerly].filter((id) => isActive(s.members.get(id)));
  if (candidates.length === 0) return [];

  const last = await s.db
    .select({
      id: activityEvents.actorId,
      contributed: sql<
        string | null
      >`max(${activityEvents.occurredAt}) filter (where ${inArray(activityEvents.verb, contributionVerbs)})`,
      coCreated: sql<
        string | null
      >`max(${activityEvents.occurredAt}) filter (where ${inArray(activityEvents.verb, coCreationVerbs)})`,
      seen: sql<string | null>`max(${activityEvents.occurredAt})`,
    })
    .from(activityEvents)
    .where(
      and(
        eq(activityEvents.communityId, s.community.id),
        inArray(activityEvents.actorId, candidates),
        // A year back is enough to tell how long they have been quiet, and keeps the read short.
        gt(activityEvents.occurredAt, since),
        lte(activityEvents.occurredAt, s.now),
      ),
    )
    .groupBy(activityEvents.actorId);
  const lastOf = new Map(last.map((r) => [r.id, r]));
  const quietSince = ago(s, rules.driftQuietDays).getTime();
  const drifting = candidates
    .map((id) => {
      const row = lastOf.get(id);
      const contributed = row?.contributed ? new Date(row.contributed) : null;
      return {
        member: s.members.get(id)!,
        contributed,
        coCreated: row?.coCreated ? new Date(row.coCreated) : null,
        seen: row?.seen ? new Date(row.seen) : null,
        mode: current.get(id) ?? null,
      };
    })
    .filter((d) => !d.contributed || d.contributed.getTime() <= quietSince)
    .sort(
      (a, b) =>
        (a.contributed?.getTime() ?? 0) - (b.contributed?.getTime() ?? 0) || a.member.name.localeCompare(b.member.name),
    );
  if (drifting.length === 0) return [];

  const n = drifting.length;
  const names = listNames(drifting.map((d) => d.member.name));
  const quietDays = (d: (typeof drifting)[number]) =>
    d.contributed ? Math.floor((s.now.getTime() - d.contributed.getTime()) / DAY) : null;
  const longest = Math.max(...drifting.map((d) => quietDays(d) ?? rules.driftLookbackDays));
  return [
    {
      kind: 'drifting_members',
      key: 'drifting_members',
      severity: n >= 3 || longest >= 90 ? 'high' : 'medium',
      title: `${names}, formerly co-creating, ${n === 1 ? 'has' : 'have'} been quiet for ${rules.driftQuietDays} days or more`,
      evidence: {
        measure: n,
        summary:
          `${names} hosted, curated or co-created in the past year and ${n === 1 ? 'has' : 'have'} made no contribution ` +
          `for at least ${rules.driftQuietDays} days.`,
        figures: { drifting: n, longestQuietDays: longest },
        items: drifting.map((d) => ({
          id: d.member.id,
          title: d.member.name,
          path: paths.member(s.community.slug, d.member.id),
          at: d.contributed?.toISOString(),
          detail:
            (quietDays(d) === null ? 'no contribution in the past year' : `quiet for ${quietDays(d)} days`) +
            (d.coCreated ? `, last co-created ${d.coCreated.toISOString().slice(0, 10)}` : '') +
            (d.seen && d.seen.getTime() > quietSince ? ', still reading' : ''),
        })),
      },
      action: `Write to ${names} personally: ask how they are, thank them for what they built, and ask whether they would like to pick it up again or hand it on.`,
      people: drifting.map((d) => person(d.member, 'subject')),
    },
  ];
}

// ── Rule 5: a topic without resources ───────────────────────────────────────

async function topicsWithoutResources(s: Scope, answers: Answer[]): Promise<Finding[]> {
  const { rules } = s;
  const [conversations, shelf] = await together(s.db, [
    () =>
      s.db
        .select({
          id: posts.id,
          title: posts.title,
          tags: posts.tags,
          replyCount: posts.replyCount,
          authorId: posts.authorId,
          createdAt: posts.createdAt,
        })
        .from(posts)
        .where(
          and(
            eq(posts.communityId, s.community.id),
            inArray(posts.kind, ['discussion', 'question', 'need']),
            isNull(posts.deletedAt),
            gt(posts.createdAt, ago(s, rules.resourceWindowDays)),
            lte(posts.createdAt, s.now),
          ),
        ),
    () =>
      s.db
        .select({ tags: resources.tags })
        .from(resources)
        .where(
          and(
            eq(resources.communityId, s.community.id),
            eq(resources.status, 'published'),
            lte(resources.publishedAt, s.now),
          ),
        ),
  ]);
  const covered = new Set(shelf.flatMap((r) => r.tags.map(topicKey)));
  const findings: Finding[] = [];
  for (const [topic, threads] of byTopic(conversations, (p) => p.tags, s.community.topics)) {
    if (threads.length < rules.resourceMinConversations || covered.has(topicKey(topic))) continue;
    threads.sort((a, b) => b.replyCount - a.replyCount || b.createdAt.getTime() - a.createdAt.getTime());
    // Who could write it up: whose answers in the topic were accepted, else who posted most in it.
    let askable = answerersOf(s, answers, topic, new Set()).map((h) => h.member);
    if (askable.length === 0) {
      const posted = new Map<string, number>();
      for (const t of threads)
        if (t.authorId && isActive(s.members.get(t.authorId)))
          posted.set(t.authorId, (posted.get(t.authorId) ?? 0) + 1);
      askable = [...posted]
        .sort((a, b) => b[1] - a[1] || s.members.get(a[0])!.name.localeCompare(s.members.get(b[0])!.name))
        .slice(0, rules.suggestAtMost)
        .map(([id]) => s.members.get(id)!);
    }
    const n = threads.length;
    const names = listNames(askable.map((h) => h.name));
    findings.push({
      kind: 'topic_without_resources',
      key: `topic_without_resources:${topicKey(topic)}`,
      severity: n >= 2 * rules.resourceMinConversations ? 'medium' : 'low',
      title: `${topic} has ${plural(n, 'conversation')} but no resource in the repertoire`,
      evidence: {
        measure: n,
        topic,
        summary:
          `${plural(n, 'discussion or question', 'discussions and questions')} in ${topic} in the last ${rules.resourceWindowDays} days, ` +
          `and the repertoire has no published resource on it.`,
        figures: {
          conversations: n,
          replies: threads.reduce((sum, t) => sum + t.replyCount, 0),
          windowDays: rules.resourceWindowDays,
        },
        items: threads.slice(0, 5).map((t) => ({
          id: t.id,
          title: t.title,
          path: paths.post(s.community.slug, t.id),
          at: t.createdAt.toISOString(),
          detail: plural(t.replyCount, 'reply', 'replies'),
        })),
      },
      action: askable.length
        ? `Ask ${names} to turn the best of these ${topic} conversations into a resource, or promote an accepted answer to the repertoire.`
        : `Pick the most useful ${topic} conversation and promote it to the repertoire.`,
      people: askable.map((h) => person(h, 'suggested')),
    });
  }
  return findings;
}

// ── Running it ──────────────────────────────────────────────────────────────

/** Every finding the rules raise for the community at `now`, before dismissals are applied. */
export async function computeFindings(
  db: Conn,
  community: Scope['community'],
  now: Date,
  rules: CheckRules = checkRules,
): Promise<Finding[]> {
  const s: Scope = { db, community, now, rules, members: await currentMembers(db, community.id) };
  const answers = await acceptedAnswers(s);
  const groups = await together(db, [
    () => unansweredTopics(s, answers),
    () => isolatedNewcomers(s),
    () => organiserLoad(s, answers),
    () => driftingMembers(s),
    () => topicsWithoutResources(s, answers),
  ]);
  return groups.flat();
}

export interface CheckResult {
  checkId: string;
  week: string;
  /** Findings the week's check holds after this run (open and decided). */
  findings: number;
  /** Open findings whose key the previous week's check did not have. */
  newFindings: number;
  /** Findings left out because coordinators dismissed them lately and they did not get worse. */
  suppressed: number;
}

export interface RunOptions {
  /** Runs last inside the check's transaction, so what it writes stands or falls with the findings. */
  finish?: (tx: Conn, result: CheckResult) => Promise<void>;
}

/**
 * Runs the check for the community's local week of `now`. Open findings of that week are brought
 * up to date (kept under their id when raised again, removed when gone); decided ones stay.
 */
export async function runHealthCheck(
  db: Db,
  communityId: string,
  now: Date = new Date(),
  options: RunOptions = {},
): Promise<CheckResult> {
  const [community] = await db
    .select({ id: communities.id, slug: communities.slug, topics: communities.topics, timeZone: communities.timeZone })
    .from(communities)
    .where(eq(communities.id, communityId));
  if (!community) throw new Error(`No community ${communityId}`);
  const raised = await computeFindings(db, community, now);
  const week = weekOf(now, community.timeZone);

  return db.transaction(async (tx) => {
    // One row per week; a second run of the same week waits here for the first to commit.
    const [check] = await tx
      .insert(healthChecks)
      .values({ communityId, week, ranAt: now })
      .onConflictDoUpdate({ target: [healthChecks.communityId, healthChecks.week], set: { ranAt: now } })
      .returning({ id: healthChecks.id });
    // One after another: a transaction is one connection, which runs one query at a time.
    const existing = await tx.select().from(healthFindings).where(eq(healthFindings.checkId, check.id));
    const dismissed = await tx
      .select()
      .from(healthFindings)
      .where(
        and(
          eq(healthFindings.communityId, communityId),
          eq(healthFindings.status, 'dismissed'),
          ne(healthFindings.checkId, check.id),
          gt(
            sql`coalesce(${healthFindings.decidedAt}, ${healthFindings.createdAt})`,
            new Date(now.getTime() - checkRules.dismissWeeks * 7 * DAY),
          ),
        ),
      );
    const previous = await tx
      .select({ key: healthFindings.key })
      .from(healthFindings)
      .innerJoin(healthChecks, eq(healthChecks.id, healthFindings.checkId))
      .where(
        and(
          eq(healthFindings.communityId, communityId),
          sql`${healthChecks.week} = (select max(${healthChecks.week}) from ${healthChecks}
              where ${healthChecks.communityId} = ${communityId} and ${healthChecks.week} < ${week})`,
        ),
      );
    const latestDismissal = new Map<string, (typeof dismissed)[number]>();
    for (const d of dismissed) {
      const at = (d.decidedAt ?? d.createdAt).getTime();
      const kept = latestDismissal.get(d.key);
      if (!kept || (kept.decidedAt ?? kept.createdAt).getTime() < at) latestDismissal.set(d.key, d);
    }
    const byKey = new Map(existing.map((f) => [f.key, f]));
    const known = new Set([...previous.map((p) => p.key), ...existing.map((f) => f.key)]);
    let suppressed = 0;
    let fresh = 0;
    const keep = new Set<string>();
    for (const f of raised) {
      const before = latestDismissal.get(f.key);
      if (before && !isWorse(f, before)) {
        suppressed++;
        continue;
      }
      const row = byKey.get(f.key);
      keep.add(f.key);
      if (row && row.status !== 'open') continue;
      const values = {
        kind: f.kind,
        severity: f.severity,
        title: f.title,
        evidence: f.evidence,
        action: f.action,
        people: f.people,
      };
      if (row) await tx.update(healthFindings).set(values).where(eq(healthFindings.id, row.id));
      else
        await tx
          .insert(healthFindings)
          .values({ communityId, checkId: check.id, key: f.key, ...values, createdAt: now });
      if (!known.has(f.key)) fresh++;
    }
    const gone = existing.filter((f) => f.status === 'open' && !keep.has(f.key)).map((f) => f.id);
    if (gone.length) await tx.delete(healthFindings).where(inArray(healthFindings.id, gone));
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(healthFindings)
      .where(eq(healthFindings.checkId, check.id));
    await tx
      .update(healthChecks)
      .set({ findingCount: Number(n) })
      .where(eq(healthChecks.id, check.id));
    const result = { checkId: check.id, week, findings: Number(n), newFindings: fresh, suppressed };
    await options.finish?.(tx, result);
    return result;
  });
}
