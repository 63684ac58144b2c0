import { and, asc, desc, eq, gte, isNull, lt } from 'drizzle-orm';
import { limits, roundupSections, type RoundupSection } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { eventOccurrences, events, memberships, posts, replies, resources, users } from '../../db/schema/index.js';
import { htmlToText, shorten } from '../../platform/markdown.js';

/**
 * The section builder: what a community did in a period, as round-up items. Only what every
 * member may see goes in — live posts, published resources, scheduled sessions, active members —
 * so one list serves every copy, and the same lists make a returning member's catch-up.
 */

export type ItemObjectType = 'post' | 'resource' | 'occurrence' | 'member';

export interface BuiltItem {
  section: RoundupSection;
  objectType: ItemObjectType;
  objectId: string;
  title: string;
  /** Short plain text. */
  summary: string;
  /** A path on this site: the only place a tracked link may lead. */
  path: string;
  topics: string[];
  formats: string[];
  meta: Record<string, unknown>;
}

export interface BuildCommunity {
  id: string;
  slug: string;
  topics: string[];
}

export interface Period {
  /** Inclusive. */
  from: Date;
  /** Exclusive; also where "upcoming" starts. */
  to: Date;
}

const SUMMARY = 200;
const UPCOMING_DAYS = 14;
const DAY = 86_400_000;

const summaryOf = (text: string) => shorten(text.replace(/\s+/g, ' ').trim(), SUMMARY);

/** The site paths items lead to, as the web app routes them. */
export const sitePaths = {
  post: (slug: string, id: string) => `/c/${encodeURIComponent(slug)}/posts/${id}`,
  resource: (slug: string, id: string) => `/c/${encodeURIComponent(slug)}/repertoire/${id}`,
  session: (slug: string, eventId: string, occurrenceId: string) =>
    `/c/${encodeURIComponent(slug)}/events/${eventId}/${occurrenceId}`,
  member: (slug: string, userId: string) => `/c/${encodeURIComponent(slug)}/members/${userId}`,
};

/** Learning formats an event suits: hands-on kinds are for doing as well as talking. */
const eventFormats = (kind: string) =>
  ['workshop', 'inception', 'focus_group'].includes(kind) ? ['do', 'discuss'] : ['discuss'];

/** The community's topics named in a text (case-insensitive), for items that carry no tags. */
function topicsIn(text: string, topics: string[]): string[] {
  const lower = text.toLowerCase();
  return topics.filter((t) => t.trim() && lower.includes(t.toLowerCase()));
}

const uniq = (values: string[]) => {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

async function acceptedAnswers(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      tags: posts.tags,
      kind: posts.kind,
      acceptedAt: posts.acceptedAt,
      answer: replies.excerpt,
      answerBody: replies.bodyHtml,
      answeredBy: users.name,
    })
    .from(posts)
    .innerJoin(replies, eq(replies.id, posts.acceptedReplyId))
    .leftJoin(users, eq(users.id, replies.authorId))
    .where(
      and(
        eq(posts.communityId, c.id),
        isNull(posts.deletedAt),
        isNull(replies.deletedAt),
        gte(posts.acceptedAt, p.from),
        lt(posts.acceptedAt, p.to),
      ),
    )
    .orderBy(desc(posts.acceptedAt), desc(posts.id))
    .limit(max);
  return rows.map((r) => ({
    section: 'accepted_answers',
    objectType: 'post',
    objectId: r.id,
    title: r.title,
    summary: summaryOf(r.answer || htmlToText(r.answerBody)),
    path: sitePaths.post(c.slug, r.id),
    topics: uniq(r.tags),
    formats: ['read', 'discuss'],
    meta: { kind: r.kind, answeredBy: r.answeredBy ?? null, acceptedAt: r.acceptedAt?.toISOString() ?? null },
  }));
}

async function newResources(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const rows = await db
    .select({
      id: resources.id,
      title: resources.title,
      kind: resources.kind,
      format: resources.format,
      excerpt: resources.excerpt,
      summaryHtml: resources.summaryHtml,
      tags: resources.tags,
      publishedAt: resources.publishedAt,
    })
    .from(resources)
    .where(
      and(
        eq(resources.communityId, c.id),
        eq(resources.status, 'published'),
        gte(resources.publishedAt, p.from),
        lt(resources.publishedAt, p.to),
      ),
    )
    .orderBy(desc(resources.featured), desc(resources.publishedAt), desc(resources.id))
    .limit(max);
  return rows.map((r) => ({
    section: 'resources',
    objectType: 'resource',
    objectId: r.id,
    title: r.title,
    summary: summaryOf(r.excerpt || htmlToText(r.summaryHtml)),
    path: sitePaths.resource(c.slug, r.id),
    topics: uniq(r.tags),
    formats: [r.format],
    meta: { kind: r.kind, format: r.format, publishedAt: r.publishedAt?.toISOString() ?? null },
  }));
}

async function upcomingSessions(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const until = new Date(p.to.getTime() + UPCOMING_DAYS * DAY);
  const rows = await db
    .select({ occurrence: eventOccurrences, event: events })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(
      and(
        eq(eventOccurrences.communityId, c.id),
        eq(eventOccurrences.status, 'scheduled'),
        eq(events.status, 'scheduled'),
        gte(eventOccurrences.startsAt, p.to),
        lt(eventOccurrences.startsAt, until),
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.id))
    .limit(max);
  return rows.map(({ occurrence: o, event: e }) => {
    const title = o.overrides.title ?? e.title;
    const agenda = htmlToText(o.overrides.agendaHtml ?? e.agendaHtml);
    const place = o.overrides.place === undefined ? e.place : o.overrides.place;
    const onlineUrl = o.overrides.onlineUrl === undefined ? e.onlineUrl : o.overrides.onlineUrl;
    return {
      section: 'events',
      objectType: 'occurrence',
      objectId: o.id,
      title,
      summary: summaryOf(agenda),
      path: sitePaths.session(c.slug, e.id, o.id),
      topics: topicsIn(`${title} ${agenda}`, c.topics),
      formats: eventFormats(e.kind),
      meta: {
        kind: e.kind,
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        timeZone: e.timeZone,
        place: place ?? null,
        online: !!onlineUrl,
      },
    };
  });
}

async function wins(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      tags: posts.tags,
      excerpt: posts.excerpt,
      bodyHtml: posts.bodyHtml,
      createdAt: posts.createdAt,
      author: users.name,
    })
    .from(posts)
    .leftJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        eq(posts.communityId, c.id),
        eq(posts.kind, 'win'),
        isNull(posts.deletedAt),
        gte(posts.createdAt, p.from),
        lt(posts.createdAt, p.to),
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(max);
  return rows.map((r) => ({
    section: 'wins',
    objectType: 'post',
    objectId: r.id,
    title: r.title,
    summary: summaryOf(r.excerpt || htmlToText(r.bodyHtml)),
    path: sitePaths.post(c.slug, r.id),
    topics: uniq(r.tags),
    formats: ['read'],
    meta: { author: r.author ?? null, postedAt: r.createdAt.toISOString() },
  }));
}

async function unanswered(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const rows = await db
    .select({
      id: posts.id,
      title: posts.title,
      tags: posts.tags,
      excerpt: posts.excerpt,
      bodyHtml: posts.bodyHtml,
      createdAt: posts.createdAt,
      replyCount: posts.replyCount,
      author: users.name,
    })
    .from(posts)
    .leftJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        eq(posts.communityId, c.id),
        eq(posts.kind, 'question'),
        isNull(posts.acceptedReplyId),
        isNull(posts.deletedAt),
        lt(posts.createdAt, p.to),
      ),
    )
    .orderBy(asc(posts.createdAt), asc(posts.id))
    .limit(max);
  return rows.map((r) => ({
    section: 'unanswered',
    objectType: 'post',
    objectId: r.id,
    title: r.title,
    summary: summaryOf(r.excerpt || htmlToText(r.bodyHtml)),
    path: sitePaths.post(c.slug, r.id),
    topics: uniq(r.tags),
    formats: ['discuss'],
    meta: {
      askedBy: r.author ?? null,
      askedAt: r.createdAt.toISOString(),
      ageDays: Math.max(0, Math.floor((p.to.getTime() - r.createdAt.getTime()) / DAY)),
      replyCount: r.replyCount,
    },
  }));
}

async function newcomers(db: Conn, c: BuildCommunity, p: Period, max: number): Promise<BuiltItem[]> {
  const rows = await db
    .select({
      userId: memberships.userId,
      name: users.name,
      bio: memberships.bio,
      expertise: memberships.expertise,
      interests: memberships.interests,
      joinedAt: memberships.joinedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.communityId, c.id),
        eq(memberships.status, 'active'),
        isNull(users.disabledAt),
        gte(memberships.joinedAt, p.from),
        lt(memberships.joinedAt, p.to),
      ),
    )
    .orderBy(asc(memberships.joinedAt), asc(memberships.userId))
    .limit(max);
  return rows.map((r) => ({
    section: 'newcomers',
    objectType: 'member',
    objectId: r.userId,
    title: r.name,
    summary: summaryOf(r.bio),
    path: sitePaths.member(c.slug, r.userId),
    topics: uniq([...r.expertise, ...r.interests]),
    formats: ['discuss'],
    meta: { joinedAt: r.joinedAt?.toISOString() ?? null, expertise: r.expertise },
  }));
}

const builders: Record<RoundupSection, typeof wins> = {
  accepted_answers: acceptedAnswers,
  resources: newResources,
  events: upcomingSessions,
  wins,
  unanswered,
  newcomers,
};

/**
 * Every section's items for the community and period, sections in their fixed order, each
 * at most `limits.roundupSectionItems` long and in its own natural order.
 */
export async function buildSections(
  db: Conn,
  community: BuildCommunity,
  period: Period,
  options: { max?: number; sections?: readonly RoundupSection[] } = {},
): Promise<BuiltItem[]> {
  const max = options.max ?? limits.roundupSectionItems;
  const sections = options.sections ?? roundupSections;
  const lists = await Promise.all(sections.map((s) => builders[s](db, community, period, max)));
  return lists.flat();
}

export interface CatchUpSection {
  section: RoundupSection;
  items: (BuiltItem & { id: string; position: number; included: boolean })[];
}

/**
 * "While you were away": the round-up's sections from `since` to `now`, for the API and the
 * catch-up mail. Items are not stored, so each gets a stable id made of its section and object.
 * Sections with nothing in them are left out.
 */
export async function buildCatchUp(
  db: Conn,
  community: BuildCommunity,
  since: Date,
  now: Date,
): Promise<CatchUpSection[]> {
  const items = await buildSections(db, community, { from: since, to: now });
  const sections: CatchUpSection[] = [];
  for (const section of roundupSections) {
    const inSection = items.filter((i) => i.section === section);
    if (inSection.length === 0) continue;
    sections.push({
      section,
      items: inSection.map((item, position) => ({
        ...item,
        id: `${item.section}:${item.objectType}:${item.objectId}`,
        position,
        included: true,
      })),
    });
  }
  return sections;
}
