import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { communities, invitations, memberships, resources, throttles } from '../src/server/db/schema/index.js';
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
