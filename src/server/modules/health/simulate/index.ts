import { eq, inArray, like, sql } from 'drizzle-orm';
import type { Visibility } from '../../../../common/limits.js';
import type { Conn, Db } from '../../../db/client.js';
import {
  activityEvents,
  collectionItems,
  collections,
  communities,
  eventHosts,
  eventOccurrences,
  eventRsvps,
  events,
  follows,
  invitations,
  memberships,
  posts,
  postViews,
  reactions,
  replies,
  resourceCredits,
  resourceRevisions,
  resources,
  users,
} from '../../../db/schema/index.js';
import { excerpt, renderMarkdown } from '../../../platform/markdown.js';
import { hashPassword, hashSecret, newSecret } from '../../../platform/secrets.js';
import { EXCERPT_LENGTH } from '../../conversations/common.js';
import { newCheckInCode } from '../../events/series.js';
import { recomputeModes } from '../../participation/recompute.js';
import { nextReview, renderSummary } from '../../repertoire/write.js';
import type { ResourceKind } from '../../../../common/limits.js';
import { notesText, outcomesText, simulatedCanvas, simulatedTopics } from './content.js';
import { planCommunity, type Plan } from './plan.js';
import { isScenario, scenarioNames, scenarios, type PlantedProblem, type ScenarioName } from './scenarios.js';

export { scenarioNames, scenarios, isScenario, type PlantedProblem, type ScenarioName };

/**
 * A simulated community with months of history, written to the real tables (conversations,
 * repertoire, events, memberships, invitations) together with the activity log that the app
 * would have recorded, then the members' participation modes replayed week by week so their
 * history is real. Scenarios plant problems the weekly health check should find.
 */

const DAY = 86_400_000;

export interface SimulateOptions {
  scenario: ScenarioName;
  now?: Date;
  seed?: number;
  name?: string;
  /** Taken as given (an error when in use); by default `sim-<scenario>-<seed>`, numbered when taken. */
  slug?: string;
  visibility?: Visibility;
  /** How many members (default 120; at least 30). */
  size?: number;
  /** How many months of history (default 6; at least 3). */
  months?: number;
  /** The simulated accounts' password; without one they sign in by emailed link only. */
  password?: string;
  /** Existing accounts to cast as the community's coordinators (they get a history like the others). */
  coordinators?: { id: string }[];
  /** Replay the participation modes week by week (default true). */
  replayModes?: boolean;
}

export interface SimulatedCommunity {
  communityId: string;
  slug: string;
  name: string;
  planted: PlantedProblem[];
  /** Who coordinates it: sign in as one of them to see the health pages. */
  coordinators: { name: string; email: string }[];
  members: number;
}

const batch = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) => {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
};

const titleOf = (scenario: ScenarioName) =>
  `Open Science Circle (simulated${scenario === 'healthy' ? '' : `: ${scenario.replace(/_/g, ' ')}`})`;

async function freeSlug(db: Conn, base: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .select({ slug: communities.slug })
        .from(communities)
        .where(like(communities.slug, `${base}%`))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function simulateCommunity(db: Db, options: SimulateOptions): Promise<SimulatedCommunity> {
  if (!isScenario(options.scenario))
    throw new Error(`Unknown scenario "${options.scenario}"; one of: ${scenarioNames.join(', ')}`);
  const now = (options.now ?? new Date()).getTime();
  const seed = options.seed ?? 1;
  const slug = options.slug ?? (await freeSlug(db, `sim-${options.scenario.replace(/_/g, '-')}-${seed}`));
  if (options.slug) {
    const [taken] = await db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug));
    if (taken) throw new Error(`A community with the address "${slug}" exists already`);
  }
  const cast = options.coordinators?.length
    ? await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(
          inArray(
            users.id,
            options.coordinators.map((c) => c.id),
          ),
        )
    : [];
  const timeZone = simulatedCanvas.timeZone;
  const plan = planCommunity({
    seed,
    now,
    slug,
    name: options.name ?? titleOf(options.scenario),
    problems: [...scenarios[options.scenario].problems],
    size: options.size ?? 120,
    months: Math.max(3, options.months ?? 6),
    topics: simulatedTopics,
    timeZone,
    coordinators: cast,
  });
  const passwordHash = options.password ? await hashPassword(options.password) : null;
  const visibility = options.visibility ?? 'public';

  await db.transaction((tx) => writePlan(tx, plan, { passwordHash, visibility, timeZone }));
  // Modes are derived from what was just written, as the nightly recompute derives them; each
  // week's recompute is its own transaction, like a real week's.
  if (options.replayModes !== false) await replayModes(db, plan.community.id, plan.start, now);
  return {
    communityId: plan.community.id,
    slug,
    name: plan.community.name,
    planted: plan.planted,
    coordinators: plan.members.filter((m) => m.role === 'coordinator').map((m) => ({ name: m.name, email: m.email })),
    members: plan.members.length,
  };
}

/** Recomputes everyone's mode once a week from the start of the history up to `now`. */
export async function replayModes(db: Conn, communityId: string, start: number, now: number): Promise<void> {
  const weeks = Math.floor((now - start) / (7 * DAY));
  for (let k = weeks; k >= 1; k--) await recomputeModes(db, communityId, new Date(now - k * 7 * DAY));
  await recomputeModes(db, communityId, new Date(now));
}

async function writePlan(
  tx: Conn,
  plan: Plan,
  o: { passwordHash: string | null; visibility: Visibility; timeZone: string },
): Promise<void> {
  const c = plan.community;
  const at = (ms: number) => new Date(ms);
  const rendered = new Map<string, { html: string; excerpt: string }>();
  const render = (source: string) => {
    let hit = rendered.get(source);
    if (!hit) {
      const html = renderMarkdown(source);
      hit = { html, excerpt: excerpt(html, EXCERPT_LENGTH) };
      rendered.set(source, hit);
    }
    return hit;
  };
  await batch(
    plan.members.filter((m) => !m.existing),
    (chunk) =>
      tx.insert(users).values(
        chunk.map((m) => ({
          id: m.id,
          name: m.name,
          email: m.email,
          passwordHash: o.passwordHash,
          emailVerifiedAt: at(m.joinedAt - DAY),
          createdAt: at(m.joinedAt - DAY),
        })),
      ),
  );
  const coordinator = plan.members.find((m) => m.role === 'coordinator')!;
  await tx.insert(communities).values({
    id: c.id,
    slug: c.slug,
    name: c.name,
    need: simulatedCanvas.need,
    domain: simulatedCanvas.domain,
    purpose: simulatedCanvas.purpose,
    values: simulatedCanvas.values,
    audience: simulatedCanvas.audience,
    activities: simulatedCanvas.activities,
    successMeasures: simulatedCanvas.successMeasures,
    type: simulatedCanvas.type,
    visibility: o.visibility,
    joining: o.visibility === 'private' ? 'invitation' : simulatedCanvas.joining,
    topics: c.topics,
    timeZone: o.timeZone,
    createdBy: coordinator.id,
    createdAt: at(c.createdAt),
  });

  const lastSeen = new Map<string, number>();
  for (const a of plan.activity) lastSeen.set(a.actorId, Math.max(lastSeen.get(a.actorId) ?? 0, a.at));
  await batch(plan.members, (chunk) =>
    tx.insert(memberships).values(
      chunk.map((m) => ({
        communityId: c.id,
        userId: m.id,
        role: m.role,
        status: 'active',
        bio: `Works on ${m.expertise.map((t) => t.toLowerCase()).join(' and ')}.`,
        expertise: m.expertise,
        interests: m.interests,
        learningFormats: m.profile === 'lurker' ? ['read'] : ['read', 'discuss'],
        timeZone: m.timeZone,
        lastSeenAt: lastSeen.has(m.id) ? at(lastSeen.get(m.id)!) : null,
        joinedAt: at(m.joinedAt),
        statusChangedAt: at(m.joinedAt),
        createdAt: at(m.joinedAt),
      })),
    ),
  );

  // Conversations, with the counters and moments the conversation service keeps.
  const threadOf = new Map<string, { count: number; first: number | null; last: number }>();
  for (const r of plan.replies) {
    const t = threadOf.get(r.postId) ?? { count: 0, first: null, last: 0 };
    t.count++;
    t.first = t.first === null ? r.createdAt : Math.min(t.first, r.createdAt);
    t.last = Math.max(t.last, r.createdAt);
    threadOf.set(r.postId, t);
  }
  await batch(plan.posts, (chunk) =>
    tx.insert(posts).values(
      chunk.map((p) => {
        const t = threadOf.get(p.id);
        const { html, excerpt: short } = render(p.body);
        return {
          id: p.id,
          communityId: c.id,
          authorId: p.authorId,
          kind: p.kind,
          title: p.title,
          body: p.body,
          bodyHtml: html,
          excerpt: short,
          tags: p.tags,
          replyCount: t?.count ?? 0,
          firstReplyAt: t?.first ? at(t.first) : null,
          lastActivityAt: at(t ? Math.max(t.last, p.createdAt) : p.createdAt),
          createdAt: at(p.createdAt),
        };
      }),
    ),
  );
  await batch(plan.replies, (chunk) =>
    tx.insert(replies).values(
      chunk.map((r) => {
        const { html, excerpt: short } = render(r.body);
        return {
          id: r.id,
          postId: r.postId,
          communityId: c.id,
          authorId: r.authorId,
          parentId: r.parentId,
          quotedReplyId: r.quotedReplyId,
          body: r.body,
          bodyHtml: html,
          excerpt: short,
          createdAt: at(r.createdAt),
        };
      }),
    ),
  );
  const accepted = plan.posts.filter((p) => p.accepted);
  await batch(accepted, (chunk) =>
    tx.execute(sql`update ${posts} set accepted_reply_id = v.reply_id::uuid, accepted_at = v.at::timestamptz
      from (values ${sql.join(
        chunk.map((p) => sql`(${p.id}, ${p.accepted!.replyId}, ${at(p.accepted!.at).toISOString()})`),
        sql`, `,
      )}) as v(post_id, reply_id, at)
      where ${posts.id} = v.post_id::uuid`),
  );
  await batch(plan.reactions, (chunk) =>
    tx.insert(reactions).values(
      chunk.map((x) => ({
        targetType: x.targetType,
        targetId: x.targetId,
        userId: x.userId,
        kind: x.kind,
        postId: x.postId,
        communityId: c.id,
        createdAt: at(x.at),
      })),
    ),
  );
  await batch(plan.views, (chunk) =>
    tx
      .insert(postViews)
      .values(
        chunk.map((v) => ({ postId: v.postId, userId: v.userId, day: v.day, communityId: c.id, count: v.count })),
      ),
  );
  await batch(plan.follows, (chunk) =>
    tx.insert(follows).values(
      chunk.map((f) => ({
        userId: f.userId,
        communityId: c.id,
        targetType: f.targetType,
        target: f.target,
        createdAt: at(f.at),
      })),
    ),
  );

  // Events: one event per session, its hosts, the session, RSVPs and attendance, notes.
  await batch(plan.sessions, (chunk) =>
    tx.insert(events).values(
      chunk.map((s) => ({
        id: s.eventId,
        communityId: c.id,
        kind: s.kind,
        title: s.title,
        agenda: s.agenda,
        agendaHtml: render(s.agenda).html,
        onlineUrl: `https://meet.example.org/${c.slug}/${s.eventId.slice(0, 8)}`,
        timeZone: o.timeZone,
        localStart: s.localStart,
        durationMinutes: 90,
        createdBy: s.hosts[0],
        createdAt: at(s.createdAt),
        updatedAt: at(s.createdAt),
      })),
    ),
  );
  await batch(
    plan.sessions.flatMap((s) => s.hosts.map((userId, position) => ({ eventId: s.eventId, userId, position }))),
    (chunk) => tx.insert(eventHosts).values(chunk.map((h) => ({ ...h, role: 'host' }))),
  );
  await batch(plan.sessions, (chunk) =>
    tx.insert(eventOccurrences).values(
      chunk.map((s) => ({
        id: s.occurrenceId,
        eventId: s.eventId,
        communityId: c.id,
        originalStart: at(s.startsAt),
        startsAt: at(s.startsAt),
        endsAt: at(s.endsAt),
        goingCount: s.going.length,
        checkInCode: newCheckInCode(),
        ...(s.notes
          ? {
              notes: notesText,
              notesHtml: render(notesText).html,
              outcomes: outcomesText,
              outcomesHtml: render(outcomesText).html,
              notesBy: s.notes.by,
              notesAt: at(s.notes.at),
            }
          : {}),
        createdAt: at(s.createdAt),
        updatedAt: at(s.createdAt),
      })),
    ),
  );
  await batch(
    plan.sessions.flatMap((s) => s.going.map((g) => ({ s, g }))),
    (chunk) =>
      tx.insert(eventRsvps).values(
        chunk.map(({ s, g }) => ({
          occurrenceId: s.occurrenceId,
          userId: g.userId,
          communityId: c.id,
          status: 'going',
          attendedAt: g.attended ? at(s.startsAt) : null,
          attendanceSource: g.attended ? 'host' : null,
          createdAt: at(g.at),
          updatedAt: at(g.at),
        })),
      ),
  );

  // The repertoire: every resource with its credits and first revision, as the one writer makes them.
  await batch(plan.resources, (chunk) =>
    tx.insert(resources).values(
      chunk.map((x) => ({
        id: x.id,
        communityId: c.id,
        kind: x.kind,
        format: x.format,
        title: x.title,
        url: x.kind === 'lesson' ? null : `https://example.org/${c.slug}/${x.id.slice(0, 8)}`,
        summary: x.summary,
        ...renderSummary(x.summary),
        tags: x.tags,
        status: x.status,
        proposedBy: x.proposedBy,
        sourcePostId: x.sourcePostId ?? null,
        sourceReplyId: x.sourceReplyId ?? null,
        publishedAt: x.publishedAt ? at(x.publishedAt) : null,
        publishedBy: x.publishedBy,
        reviewDueAt: x.publishedAt ? nextReview(x.kind as ResourceKind, at(x.publishedAt)) : null,
        createdAt: at(x.proposedAt),
        updatedAt: at(x.publishedAt ?? x.proposedAt),
      })),
    ),
  );
  await batch(
    plan.resources.flatMap((x) => x.credits.map((credit, position) => ({ resourceId: x.id, ...credit, position }))),
    (chunk) => tx.insert(resourceCredits).values(chunk),
  );
  await batch(plan.resources, (chunk) =>
    tx.insert(resourceRevisions).values(
      chunk.map((x) => ({
        resourceId: x.id,
        version: 1,
        editorId: x.proposedBy,
        change: x.verb === 'promoted_to_repertoire' ? 'promoted' : 'created',
        kind: x.kind,
        format: x.format,
        title: x.title,
        url: x.kind === 'lesson' ? null : `https://example.org/${c.slug}/${x.id.slice(0, 8)}`,
        summary: x.summary,
        tags: x.tags,
        credits: x.credits,
        createdAt: at(x.proposedAt),
      })),
    ),
  );
  if (plan.collection) {
    const path = plan.collection;
    const intro = 'New here? Work through these in order: they are what members most often point newcomers to.';
    await tx.insert(collections).values({
      id: path.id,
      communityId: c.id,
      kind: 'path',
      title: 'Start here',
      intro,
      introHtml: render(intro).html,
      createdBy: path.by,
      createdAt: at(path.at),
      updatedAt: at(path.at),
    });
    const published = new Map(plan.resources.map((x) => [x.id, x.publishedAt ?? path.at]));
    if (path.items.length)
      await tx.insert(collectionItems).values(
        path.items.map((resourceId, position) => ({
          collectionId: path.id,
          resourceId,
          position,
          addedBy: path.by,
          addedAt: at(Math.max(path.at, published.get(resourceId)!)),
        })),
      );
  }

  await batch(plan.invitations, (chunk) =>
    tx.insert(invitations).values(
      chunk.map((i) => ({
        id: i.id,
        communityId: c.id,
        email: i.email,
        role: 'member',
        tokenHash: hashSecret(newSecret()),
        invitedBy: i.invitedBy,
        createdAt: at(i.createdAt),
        expiresAt: at(i.createdAt + 14 * DAY),
        acceptedAt: at(i.acceptedAt),
        acceptedBy: i.acceptedBy,
      })),
    ),
  );

  await batch(
    plan.activity,
    (chunk) =>
      tx.insert(activityEvents).values(
        chunk.map((a) => ({
          actorId: a.actorId,
          communityId: c.id,
          verb: a.verb,
          objectType: a.objectType,
          objectId: a.objectId,
          data: a.data ?? null,
          occurredAt: at(a.at),
        })),
      ),
    1000,
  );
}
