import { randomBytes } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import {
  communities,
  eventOccurrences,
  invitations,
  memberships,
  resources,
  throttles,
} from '../src/server/db/schema/index.js';
import { eventThrottleKey } from '../src/server/modules/events/service.js';
import { postThrottleKey, replyThrottleKey } from '../src/server/modules/conversations/service.js';
import { insertResources, type CreditValue } from '../src/server/modules/repertoire/write.js';
import { hashSecret, newSecret } from '../src/server/platform/secrets.js';
import type {
  CommunityType,
  JoinPolicy,
  MembershipStatus,
  ResourceFormat,
  ResourceKind,
  ResourceStatus,
  Role,
  Visibility,
} from '../src/common/limits.js';
import type { Client, TestApp } from './harness.js';

export type CommunityRow = typeof communities.$inferSelect;

export const uniqueSlug = (prefix = 'cop') => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** A complete kick-off canvas, as the web app sends it. */
export function canvas(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Research Software Engineers',
    slug: uniqueSlug('rse'),
    need: 'People writing research code work alone and reinvent the same tools.',
    domain: 'Research software engineering',
    purpose: 'Share practices, tools and answers across labs.',
    values: ['Openness', 'Generosity'],
    audience: 'Anyone who writes code for research.',
    activities: ['Monthly show-and-tell', 'Code review swaps'],
    successMeasures: ['Questions answered within a day'],
    type: 'open',
    visibility: 'public',
    joining: 'open',
    topics: ['Testing', 'Packaging'],
    ...overrides,
  };
}

/** Writes a community straight to the database; `createdBy` becomes its active coordinator. */
export async function buildCommunity(
  t: TestApp,
  options: {
    createdBy: { id: string };
    visibility?: Visibility;
    joining?: JoinPolicy;
    type?: CommunityType;
    name?: string;
    slug?: string;
    domain?: string;
    topics?: string[];
  },
): Promise<CommunityRow> {
  const visibility = options.visibility ?? 'public';
  const [community] = await t.deps.db
    .insert(communities)
    .values({
      slug: options.slug ?? uniqueSlug(),
      name: options.name ?? 'Test community',
      need: 'A need',
      domain: options.domain ?? 'A domain',
      purpose: 'A purpose',
      type: options.type ?? 'open',
      visibility,
      joining: options.joining ?? (visibility === 'private' ? 'invitation' : 'open'),
      topics: options.topics ?? [],
      createdBy: options.createdBy.id,
    })
    .returning();
  await buildMember(t, community, options.createdBy, { role: 'coordinator', status: 'active' });
  return community;
}

/** Gives `user` a membership of `community` (replacing any earlier one). */
export async function buildMember(
  t: TestApp,
  community: { id: string },
  user: { id: string },
  options: { role?: Role; status?: MembershipStatus; expertise?: string[]; message?: string; breakUntil?: string } = {},
) {
  const status = options.status ?? 'active';
  const values = {
    role: options.role ?? 'member',
    status,
    expertise: options.expertise ?? [],
    requestMessage: options.message ?? null,
    breakUntil: options.breakUntil ?? null,
    joinedAt: status === 'pending' ? null : new Date(),
    statusChangedAt: new Date(),
  };
  const [row] = await t.deps.db
    .insert(memberships)
    .values({ communityId: community.id, userId: user.id, ...values })
    .onConflictDoUpdate({ target: [memberships.communityId, memberships.userId], set: values })
    .returning();
  return row;
}

/** An invitation with a known secret, as if sent by `invitedBy`. */
export async function buildInvitation(
  t: TestApp,
  community: { id: string },
  options: { email: string; invitedBy?: { id: string } | null; role?: Role; expiresAt?: Date },
) {
  const token = newSecret();
  const [row] = await t.deps.db
    .insert(invitations)
    .values({
      communityId: community.id,
      email: options.email,
      role: options.role ?? 'member',
      tokenHash: hashSecret(token),
      invitedBy: options.invitedBy?.id ?? null,
      expiresAt: options.expiresAt ?? new Date(Date.now() + 7 * 86_400_000),
    })
    .returning();
  return { ...row, token };
}

export async function membershipRow(t: TestApp, community: { id: string }, user: { id: string }) {
  const [row] = await t.deps.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.communityId, community.id), eq(memberships.userId, user.id)));
  return row;
}

/** Whoever writes through the API: a signed-in client, or what `t.signedInUser()` returns. */
export type Writer = Client | { client: Client };
const clientOf = (w: Writer) => ('client' in w ? w.client : w);

/**
 * Starts a post over the API as `author` (who must be able to post there) and returns the
 * presented PostDetail. The author's hourly posting allowance is reset afterwards, so a test
 * may build as many posts as it needs; the rate limit itself is tested on its own.
 */
export async function buildPost(
  t: TestApp,
  community: { slug: string },
  author: Writer,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await clientOf(author).post(`/api/v1/communities/${community.slug}/posts`, {
    kind: 'discussion',
    title: 'How do you test research code?',
    body: 'We mostly **eyeball** plots. What do you do?',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`buildPost failed: ${res.status} ${JSON.stringify(res.body)}`);
  await t.deps.db.delete(throttles).where(eq(throttles.key, postThrottleKey(res.body.author.id)));
  return res.body;
}

/** Replies over the API as `author` (to `overrides.replyTo` when given) and returns the presented Reply. */
export async function buildReply(
  t: TestApp,
  community: { slug: string },
  post: { id: string },
  author: Writer,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await clientOf(author).post(`/api/v1/communities/${community.slug}/posts/${post.id}/replies`, {
    body: 'Property-based tests caught most of our bugs.',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`buildReply failed: ${res.status} ${JSON.stringify(res.body)}`);
  await t.deps.db.delete(throttles).where(eq(throttles.key, replyThrottleKey(res.body.author.id)));
  return res.body;
}

export type ResourceRow = typeof resources.$inferSelect;

/**
 * Writes a resource straight to the database through the one resource writer (credits, version 1
 * and its activity event included), as if `by` had proposed (or published) it. A `retired` or
 * `obsolete` resource is published first and then set to that status; `featured` and
 * `reviewDueAt` are set afterwards when given. Returns the stored row.
 */
export async function buildResource(
  t: TestApp,
  options: {
    community: { id: string };
    by: { id: string };
    status?: ResourceStatus;
    kind?: ResourceKind;
    format?: ResourceFormat;
    title?: string;
    url?: string | null;
    summary?: string;
    tags?: string[];
    credits?: CreditValue[];
    featured?: boolean;
    reviewDueAt?: Date | null;
    sourcePostId?: string | null;
    sourceReplyId?: string | null;
    createdAt?: Date;
  },
): Promise<ResourceRow> {
  const status = options.status ?? 'published';
  const kind = options.kind ?? 'article';
  const [id] = await t.deps.db.transaction((tx) =>
    insertResources(tx, {
      communityId: options.community.id,
      actorId: options.by.id,
      status: status === 'proposed' ? 'proposed' : 'published',
      change: 'created',
      verb: status === 'proposed' ? 'proposed_resource' : 'published_resource',
      now: options.createdAt,
      items: [
        {
          kind,
          format: options.format ?? 'read',
          title: options.title ?? 'Testing research code: a field guide',
          url: options.url === undefined ? 'https://example.org/field-guide' : options.url,
          summary: options.summary ?? 'How labs **test** the code behind their papers.',
          tags: options.tags ?? [],
          credits: options.credits ?? [],
          sourcePostId: options.sourcePostId ?? null,
          sourceReplyId: options.sourceReplyId ?? null,
        },
      ],
    }),
  );
  const later: Partial<ResourceRow> = {};
  if (status === 'retired') Object.assign(later, { status, retiredAt: new Date() });
  if (status === 'obsolete') Object.assign(later, { status, reviewedAt: new Date(), reviewedBy: options.by.id });
  if (options.featured !== undefined) later.featured = options.featured;
  if (options.reviewDueAt !== undefined) later.reviewDueAt = options.reviewDueAt;
  if (Object.keys(later).length > 0) await t.deps.db.update(resources).set(later).where(eq(resources.id, id!));
  const [row] = await t.deps.db.select().from(resources).where(eq(resources.id, id!));
  return row!;
}

/** A wall-clock time `days` from now in UTC terms, as event forms send it (YYYY-MM-DDTHH:mm). */
export const localIn = (days: number, hour = 18, minute = 0) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, minute, 0, 0);
  return d.toISOString().slice(0, 16);
};

/**
 * Plans an event over the API as `writer` (who must be able to organise events there, or host)
 * and returns the presented EventDetail. By default a single meetup in 7 days, 18:00–20:00 in
 * Europe/Berlin. The writer's hourly allowance is reset afterwards.
 */
export async function buildEvent(
  t: TestApp,
  writer: Writer,
  community: { slug: string },
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await clientOf(writer).post(`/api/v1/communities/${community.slug}/events`, {
    kind: 'meetup',
    title: 'Testing research code, together',
    agenda: 'Bring a **bug**.',
    place: 'Room 101',
    onlineUrl: 'https://meet.example.org/rse',
    timeZone: 'Europe/Berlin',
    start: localIn(7, 18),
    end: localIn(7, 20),
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`buildEvent failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.createdBy) {
    await t.deps.db.delete(throttles).where(eq(throttles.key, eventThrottleKey(res.body.createdBy.id)));
  }
  return res.body;
}

/**
 * Moves sessions in time straight in the database, by `ms` (negative: earlier), so a test can be
 * "during" or "after" a session. Takes an event id (all its sessions) or one session's id.
 */
export async function shiftOccurrences(t: TestApp, id: string, ms: number): Promise<void> {
  const which = or(eq(eventOccurrences.eventId, id), eq(eventOccurrences.id, id));
  const shift = sql`make_interval(secs => ${ms / 1000})`;
  // Original starts are unique per event: park them far away first so no two collide on the way.
  const park = sql`interval '1000 years'`;
  await t.deps.db.transaction(async (tx) => {
    await tx
      .update(eventOccurrences)
      .set({ originalStart: sql`${eventOccurrences.originalStart} - ${park}` })
      .where(which);
    await tx
      .update(eventOccurrences)
      .set({
        startsAt: sql`${eventOccurrences.startsAt} + ${shift}`,
        endsAt: sql`${eventOccurrences.endsAt} + ${shift}`,
        originalStart: sql`${eventOccurrences.originalStart} + ${park} + ${shift}`,
      })
      .where(which);
  });
}
