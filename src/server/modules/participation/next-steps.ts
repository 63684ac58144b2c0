import { and, asc, desc, eq, gt, gte, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { eventHosts, eventOccurrences, events, memberships, posts, users } from '../../db/schema/index.js';
import type { CommunityAbilities } from '../../platform/policy.js';
import type { NextStep } from '../../../common/api-types.js';
import type { ParticipationMode } from './modes.js';

/**
 * Next steps that fit a member's mode, made from what is actually there for them: questions
 * waiting in their topics, a session someone is hosting alone, topics the repertoire has nothing
 * on, newcomers nobody has answered. Only things a current member of this community may see,
 * never anything of another community; every mode ends with a step that is always possible.
 */

const DAY = 86_400_000;
const NEWCOMER_DAYS = 30;

export interface NextStepInput {
  community: { id: string; slug: string; topics: string[]; timeZone: string };
  abilities: CommunityAbilities;
  me: { id: string; expertise: string[]; interests: string[] };
  mode: ParticipationMode;
  now: Date;
}

const days = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY));
const ago = (from: Date, to: Date) => {
  const n = days(from, to);
  return n === 0 ? 'today' : n === 1 ? 'yesterday' : `${n} days ago`;
};
const listOf = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const lowerSet = (...lists: string[][]) =>
  [...new Set(lists.flat().map((t) => t.trim().toLowerCase()))].filter(Boolean);

export async function nextSteps(db: Conn, input: NextStepInput): Promise<NextStep[]> {
  const c = `/c/${input.community.slug}`;
  switch (input.mode) {
    case 'convey_consume': {
      const steps = await unansweredInTopics(db, input);
      if (steps.length > 0) return steps;
      const topics = lowerSet(input.me.expertise, input.me.interests);
      return topics.length === 0
        ? [
            {
              kind: 'add_expertise',
              title: 'Say what you know and what you want to learn',
              detail:
                'Add your expertise and interests to your profile, and we will point you to questions you can help with.',
              href: `${c}/members/${input.me.id}`,
            },
            browseUnanswered(c),
          ]
        : [browseUnanswered(c)];
    }
    case 'contribute': {
      const cohost = await cohostableSession(db, input);
      return [
        ...cohost,
        {
          kind: 'share_win',
          title: 'Write up a win',
          detail:
            'Something that worked for you lately? A short write-up lets others try it, and tells the community it helps.',
          href: `${c}/wins`,
        },
      ];
    }
    case 'collaborate': {
      const steps = await topicsWithoutResources(db, input);
      return steps.length > 0
        ? steps
        : [
            {
              kind: 'propose_resource',
              title: 'Propose a resource',
              detail:
                'A guide, a template or a talk that helped you: propose it for the repertoire, where others find it.',
              href: `${c}/repertoire/new`,
            },
          ];
    }
    case 'co_create': {
      const newcomers = await unansweredNewcomers(db, input, 3);
      const steps: NextStep[] = newcomers.map((n) => ({
        kind: 'welcome_newcomer',
        title: `Welcome ${n.name}`,
        detail: `Joined ${ago(n.joinedAt, input.now)} and nobody has replied to them yet. A hello, or a pointer to a conversation they would enjoy, helps them stay.`,
        href: `${c}/members/${n.userId}`,
      }));
      return steps.length > 0
        ? steps
        : [
            {
              kind: 'host_session',
              title: 'Plan a session with someone new',
              detail: 'Ask a member who has been answering questions to host the next session with you.',
              href: input.abilities.organiseEvents ? `${c}/events/new` : `${c}/events`,
            },
          ];
    }
    case 'champion': {
      const newcomers = await unansweredNewcomers(db, input, 2);
      return [
        ...newcomers.map((n): NextStep => ({
          kind: 'mentor_newcomer',
          title: `Offer to mentor ${n.name}`,
          detail: `Joined ${ago(n.joinedAt, input.now)}${n.interests.length ? `, interested in ${listOf(n.interests.slice(0, 3))}` : ''}. Introduce them to someone who can help them get started.`,
          href: `${c}/members/${n.userId}`,
        })),
        input.abilities.invite
          ? {
              kind: 'invite',
              title: 'Invite someone who should be here',
              detail: 'A colleague who keeps asking you about this? Invite them, and welcome them when they arrive.',
              href: `${c}/invitations`,
            }
          : {
              kind: 'invite',
              title: 'Bring a colleague in',
              detail:
                'Share the community’s page with someone who would gain from it, and welcome them when they join.',
              href: c,
            },
      ];
    }
  }
}

const browseUnanswered = (c: string): NextStep => ({
  kind: 'browse_unanswered',
  title: 'Questions still waiting',
  detail: 'Know something about one of these? A short answer helps, even a partial one.',
  href: `${c}/posts?sort=unanswered`,
});

const inList = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Up to three questions without an accepted answer in the member's topics, oldest first. */
async function unansweredInTopics(db: Conn, input: NextStepInput): Promise<NextStep[]> {
  const topics = lowerSet(input.me.expertise, input.me.interests);
  if (topics.length === 0) return [];
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      tags: posts.tags,
      replyCount: posts.replyCount,
      createdAt: posts.createdAt,
    })
    .from(posts)
    .where(
      and(
        eq(posts.communityId, input.community.id),
        eq(posts.kind, 'question'),
        isNull(posts.acceptedReplyId),
        isNull(posts.deletedAt),
        lte(posts.createdAt, input.now),
        sql`${posts.authorId} is distinct from ${input.me.id}`,
        sql`exists (select 1 from jsonb_array_elements_text(${posts.tags}) as t(tag) where lower(t.tag) in (${inList(topics)}))`,
        // Questions they have already answered are someone else's to pick up.
        sql`not exists (select 1 from replies r where r.post_id = ${posts.id} and r.author_id = ${input.me.id} and r.deleted_at is null)`,
      ),
    )
    .orderBy(asc(posts.createdAt), asc(posts.id))
    .limit(3);
  return rows.map((p) => {
    const topic = p.tags.find((t) => topics.includes(t.toLowerCase())) ?? p.tags[0];
    const replies =
      p.replyCount === 0
        ? 'no replies yet'
        : `${p.replyCount} ${p.replyCount === 1 ? 'reply' : 'replies'}, none accepted`;
    return {
      kind: 'answer_question',
      title: p.title,
      detail: `A question in ${topic}, one of your topics: asked ${ago(p.createdAt, input.now)}, ${replies}.`,
      href: `/c/${input.community.slug}/posts/${p.id}`,
    };
  });
}

/** The next session of an event one person is running alone (not this member). */
async function cohostableSession(db: Conn, input: NextStepInput): Promise<NextStep[]> {
  const [next] = await db
    .select({
      eventId: events.id,
      title: events.title,
      occurrenceId: eventOccurrences.id,
      startsAt: eventOccurrences.startsAt,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(
      and(
        eq(eventOccurrences.communityId, input.community.id),
        eq(eventOccurrences.status, 'scheduled'),
        eq(events.status, 'scheduled'),
        gt(eventOccurrences.startsAt, input.now),
        sql`(select count(*) from ${eventHosts} h where h.event_id = ${events.id}) = 1`,
        sql`not exists (select 1 from ${eventHosts} h where h.event_id = ${events.id} and h.user_id = ${input.me.id})`,
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(1);
  if (!next) return [];
  const [host] = await db
    .select({ name: users.name })
    .from(eventHosts)
    .innerJoin(users, eq(users.id, eventHosts.userId))
    .where(eq(eventHosts.eventId, next.eventId));
  const when = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: input.community.timeZone,
  }).format(next.startsAt);
  return [
    {
      kind: 'cohost_event',
      title: `Offer to co-host “${next.title}”`,
      detail: `${host?.name ?? 'Its host'} is running it alone on ${when}. A co-host shares the preparation and brings another angle.`,
      href: `/c/${input.community.slug}/events/${next.eventId}/${next.occurrenceId}`,
    },
  ];
}

/** Community topics nothing in the published repertoire is tagged with, the member's own first. */
async function topicsWithoutResources(db: Conn, input: NextStepInput): Promise<NextStep[]> {
  const topics = input.community.topics;
  if (topics.length === 0) return [];
  const covered = await db.execute<{ tag: string }>(
    sql`select distinct lower(t.tag) as tag from resources r, jsonb_array_elements_text(r.tags) as t(tag)
        where r.community_id = ${input.community.id} and r.status = 'published'`,
  );
  const have = new Set((covered as unknown as { rows: { tag: string }[] }).rows.map((r) => r.tag));
  const mine = new Set(lowerSet(input.me.expertise, input.me.interests));
  const open = topics
    .filter((t) => !have.has(t.toLowerCase()))
    .sort((a, b) => Number(mine.has(b.toLowerCase())) - Number(mine.has(a.toLowerCase())))
    .slice(0, 2);
  const c = `/c/${input.community.slug}`;
  return open.map((topic) =>
    input.abilities.curate
      ? {
          kind: 'curate_topic',
          title: `Curate ${topic}`,
          detail: `Nothing in the repertoire is about ${topic} yet. Promote the best answer from its conversations, or publish a resource on it.`,
          href: `${c}/posts?tag=${encodeURIComponent(topic)}`,
        }
      : {
          kind: 'propose_resource',
          title: `Start the repertoire on ${topic}`,
          detail: `Nothing in the repertoire is about ${topic} yet. Propose a resource that helped you; the curators take it from there.`,
          href: `${c}/repertoire/new`,
        },
  );
}

/** Newcomers (joined in the last 30 days) none of whose posts anyone else has replied to, longest waiting first. */
async function unansweredNewcomers(db: Conn, input: NextStepInput, limit: number) {
  const rows = await db
    .select({
      userId: memberships.userId,
      name: users.name,
      joinedAt: memberships.joinedAt,
      interests: memberships.interests,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, input.community.id),
        eq(memberships.status, 'active'),
        ne(memberships.userId, input.me.id),
        isNull(users.disabledAt),
        gte(memberships.joinedAt, new Date(input.now.getTime() - NEWCOMER_DAYS * DAY)),
        lte(memberships.joinedAt, input.now),
        sql`not exists (select 1 from ${posts} p join replies r on r.post_id = p.id
          where p.community_id = ${input.community.id} and p.author_id = ${memberships.userId}
            and r.author_id is distinct from ${memberships.userId} and r.deleted_at is null)`,
      ),
    )
    .orderBy(asc(memberships.joinedAt), desc(memberships.userId))
    .limit(limit);
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt ?? input.now }));
}
