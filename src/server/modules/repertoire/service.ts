import {
  limits,
  resourceFormats,
  type EventKind,
  resourceKinds,
  type PostKind,
  type ResourceFormat,
  type ResourceKind,
  type ResourceStatus,
} from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { paginate } from '../../platform/cursor.js';
import { AppError, notFound, unauthenticated } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import { shorten } from '../../platform/markdown.js';
import { authorize, authorizeResource, type Actor } from '../../platform/policy.js';
import { hitLimit } from '../../platform/throttle.js';
import { linkPreviewsEnabled } from '../admin/settings.js';
import * as communities from '../communities/service.js';
import { resolveTags, tagFilter } from '../communities/topics.js';
import * as notifications from '../notifications/service.js';
import {
  abilitiesOn,
  assertCreditCount,
  checkUrl,
  decodeCursor,
  dedupeCredits,
  detailOf,
  encodeCursor,
  loadResource,
  loadOccurrenceSource,
  loadSource,
  resolveCredits,
  summariesOf,
  type Ctx,
  type OccurrenceSource,
  type Source,
} from './common.js';
import * as history from './history.js';
import * as repo from './repo.js';
import type { DraftQuery, ListQuery, ResourceInput, ResourcePatch, ReviewInput } from './schema.js';
import { insertResources, nextReview } from './write.js';

/** Rate-limit key: per member, across communities. */
export const resourceThrottleKey = (userId: string) => `resources:${userId}`;
const HOUR = 3600;
const DAY_MS = 86_400_000;
const FEATURED_SHOWN = 6;
const REVIEW_SHOWN = 200;

// Reading.

/** The reader's learning formats that are also resource formats (`discuss` is not one). */
const myFormatsOf = (ctx: Ctx): ResourceFormat[] =>
  resourceFormats.filter((f) => (ctx.membership?.learningFormats ?? []).includes(f));

export async function list(deps: Deps, actor: Actor, slug: string, q: ListQuery) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const me = actor.user?.id ?? null;
  if (q.mine && !me) throw unauthenticated();
  // Everyone lists what is published; curators any status; a member their own proposals.
  const allowed = q.status === 'published' || ctx.abilities.curate || (q.status === 'proposed' && q.mine);
  if (!allowed) {
    if (!me) throw unauthenticated();
    throw new AppError(403, 'forbidden', 'Only curators list resources by that status.', 'status');
  }
  let formats = q.format;
  if (q.myFormats) {
    const mine = myFormatsOf(ctx);
    if (mine.length > 0) formats = (formats ?? mine).filter((f) => mine.includes(f));
  }
  const after = decodeCursor(q.sort, q.cursor);
  const rows = await repo.listPage(
    deps.db,
    {
      communityId: ctx.community.id,
      status: q.status,
      kinds: q.kind,
      formats,
      tag: q.tag ? tagFilter(ctx.community, q.tag) : undefined,
      featured: q.featured,
      proposedBy: q.mine ? me! : undefined,
      sort: q.sort,
    },
    after,
    q.limit + 1,
  );
  const { page, nextCursor } = paginate(rows, q.limit, (last) =>
    encodeCursor(q.sort, q.sort === 'title' ? last.titleKey : last.latestKey, last.id),
  );
  // The query already narrows by status; asking the policy again keeps the two from drifting apart.
  const shown = page.filter((r) => abilitiesOn(actor, ctx, r).view);
  return { items: await summariesOf(deps.db, actor, shown), nextCursor };
}

/** The repertoire's front page: counts, the featured few, and what waits for the reader. */
export async function overview(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'view');
  const { curate, propose } = ctx.abilities;
  const me = actor.user?.id ?? null;
  const communityId = ctx.community.id;
  const [counted, featured, reviewDue, proposals, linkPreviews] = await Promise.all([
    repo.countsByKindAndFormat(deps.db, communityId, 'published'),
    repo.listPage(deps.db, { communityId, status: 'published', featured: true, sort: 'latest' }, null, FEATURED_SHOWN),
    curate ? repo.countDue(deps.db, communityId, new Date()) : 0,
    curate
      ? repo.countProposals(deps.db, communityId)
      : me && propose
        ? repo.countProposals(deps.db, communityId, me)
        : 0,
    linkPreviewsEnabled(deps.db),
  ]);
  const byKind = Object.fromEntries(resourceKinds.map((k) => [k, 0])) as Record<ResourceKind, number>;
  const byFormat = Object.fromEntries(resourceFormats.map((f) => [f, 0])) as Record<ResourceFormat, number>;
  let total = 0;
  for (const row of counted) {
    const n = Number(row.n);
    if (row.kind in byKind) byKind[row.kind as ResourceKind] += n;
    if (row.format in byFormat) byFormat[row.format as ResourceFormat] += n;
    total += n;
  }
  return {
    counts: { byKind, byFormat, total },
    featured: await summariesOf(deps.db, actor, featured),
    abilities: { propose, curate },
    reviewDue,
    proposals,
    myFormats: myFormatsOf(ctx),
    linkPreviews,
  };
}

export async function get(deps: Deps, actor: Actor, slug: string, resourceId: string) {
  const { ctx, resource } = await loadResource(deps, actor, slug, resourceId);
  return detailOf(deps, actor, ctx, resource.id);
}

/** Curators: published resources due for review within `within` days, the most overdue first. */
export async function reviewQueue(deps: Deps, actor: Actor, slug: string, within: number) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  const rows = await repo.reviewQueue(deps.db, ctx.community.id, new Date(Date.now() + within * DAY_MS), REVIEW_SHOWN);
  return { items: await summariesOf(deps.db, actor, rows) };
}

/** For a post page: the resources promoted from the post that the reader may see. */
export async function promotedFrom(db: Conn, actor: Actor, ctx: Ctx, postId: string) {
  const rows = await repo.promotedFrom(db, ctx.community.id, postId);
  return rows.filter((r) => abilitiesOn(actor, ctx, r).view).map((r) => ({ id: r.id, title: r.title }));
}

// Writing.

/** Members credited on a promoted resource hear of it once it is published; never the actor. */
async function tellCredited(tx: Conn, communityId: string, resourceId: string, actorId: string) {
  const credits = await repo.creditsOf(tx, [resourceId]);
  const userIds = credits.flatMap((c) => c.userId ?? []);
  if (userIds.length === 0) return [];
  return notifications.notify(tx, { kind: 'credited', userIds, communityId, resourceId, actorId });
}

/**
 * Members propose; curators publish straight away unless they ask not to, and may promote a
 * post or an answer (`from`), crediting its authors as the source.
 */
export async function create(deps: Deps, actor: Actor, slug: string, input: ResourceInput) {
  const ctx = await communities.loadCommunity(deps.db, actor, slug);
  const { curate } = ctx.abilities;
  if (!curate) authorize(actor, ctx.abilities, 'propose');
  if (input.from && !curate) {
    throw new AppError(403, 'forbidden', 'Curators add posts and answers to the repertoire.', 'from');
  }
  if (input.publish && !curate) throw new AppError(403, 'forbidden', 'A curator publishes proposals.', 'publish');
  const status: ResourceStatus = curate && input.publish !== false ? 'published' : 'proposed';
  const me = actor.user!;
  const url = checkUrl(input.url) ?? null;
  const tags = resolveTags(ctx.community, input.tags);
  let credits = await resolveCredits(deps.db, ctx, input.credits);
  let source: Source | null = null;
  let session: OccurrenceSource | null = null;
  if (input.from && 'occurrenceId' in input.from) {
    session = await loadOccurrenceSource(deps.db, ctx, input.from.occurrenceId, 'from.occurrenceId');
    credits = dedupeCredits([...credits, ...session.credits]);
  } else if (input.from) {
    source = await loadSource(deps.db, ctx, input.from, 'from.');
    credits = dedupeCredits([...credits, ...source.credits]);
  }
  const promoted = !!(source || session);
  assertCreditCount(credits);
  const communityId = ctx.community.id;
  const verb = promoted
    ? 'promoted_to_repertoire'
    : status === 'published'
      ? 'published_resource'
      : 'proposed_resource';
  const { id, notified } = await deps.db.transaction(async (tx) => {
    // Inside the transaction: a refused resource does not use up the allowance.
    await hitLimit(tx, resourceThrottleKey(me.id), limits.resourcesPerHour, HOUR);
    const [id] = await insertResources(tx, {
      communityId,
      actorId: me.id,
      status,
      change: promoted ? 'promoted' : 'created',
      verb,
      items: [
        {
          kind: input.kind,
          format: input.format,
          title: input.title,
          url,
          summary: input.summary,
          tags,
          credits,
          sourcePostId: source?.post.id ?? null,
          sourceReplyId: source?.reply?.id ?? null,
          sourceOccurrenceId: session?.session.id ?? null,
        },
      ],
    });
    const notified = promoted && status === 'published' ? await tellCredited(tx, communityId, id!, me.id) : [];
    return { id: id!, notified };
  });
  await notifications.announce(deps, notified);
  return detailOf(deps, actor, ctx, id);
}

/** Resource kinds a link's site suggests; the post's kind decides otherwise. */
const kindBySite: [RegExp, ResourceKind][] = [
  [/(^|\.)(youtube\.com|youtu\.be|vimeo\.com)$/, 'video'],
  [/(^|\.)(github\.com|gitlab\.com|pypi\.org|npmjs\.com|cran\.r-project\.org)$/, 'tool'],
  [/(^|\.)(doi\.org|arxiv\.org|zenodo\.org)$/, 'research'],
  [/(^|\.)(podcasts\.apple\.com|open\.spotify\.com)$/, 'podcast'],
];
const kindByPost: Record<PostKind, ResourceKind> = {
  question: 'lesson',
  need: 'lesson',
  discussion: 'lesson',
  ama: 'lesson',
  win: 'story',
  announcement: 'article',
};
const formatByKind: Partial<Record<ResourceKind, ResourceFormat>> = {
  video: 'watch',
  podcast: 'listen',
  tool: 'do',
  template: 'do',
  method: 'do',
};

function keepable(url: string) {
  try {
    return !!checkUrl(url);
  } catch {
    return false;
  }
}

function firstLink(markdown: string): { url: string; kind: ResourceKind } | null {
  for (const match of markdown.matchAll(/https?:\/\/[^\s)<>\]"']+/g)) {
    let host: string;
    try {
      host = new URL(match[0]).hostname.toLowerCase();
    } catch {
      continue;
    }
    const known = kindBySite.find(([pattern]) => pattern.test(host));
    if (known && keepable(match[0])) return { url: match[0], kind: known[1] };
  }
  return null;
}

/**
 * What the editor opens with when a curator adds a post or an answer to the repertoire: its
 * title, what it says (with a link back), its tags, and its authors credited as the source.
 */
export async function draft(deps: Deps, actor: Actor, slug: string, query: DraftQuery) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'curate');
  if (query.occurrence) return draftFromSession(deps, actor, ctx, query.occurrence);
  const source = await loadSource(deps.db, ctx, { postId: query.postId!, replyId: query.replyId }, '');
  const { post, reply } = source;
  const body = reply?.body ?? post.body;
  const link = reply ? null : firstLink(body);
  const kind: ResourceKind = reply ? 'lesson' : (link?.kind ?? kindByPost[post.kind as PostKind] ?? 'lesson');
  const href = `/c/${ctx.community.slug}/posts/${post.id}${reply ? `#reply-${reply.id}` : ''}`;
  const backLink = `\n\n${reply ? 'From an answer to' : 'From the discussion'} [${post.title.replace(/[[\]]/g, '')}](${href}).`;
  const summary = `${shorten(body, limits.resourceSummary - backLink.length)}${backLink}`;
  return {
    kind,
    format: formatByKind[kind] ?? 'read',
    title: post.title,
    url: link?.url ?? null,
    summary,
    tags: post.tags,
    credits: source.credits.map((c) => ({ role: c.role, userId: c.userId ?? undefined, name: c.name })),
    from: reply ? { postId: post.id, replyId: reply.id } : { postId: post.id },
  };
}

/** What an event's notes become in the repertoire, by the kind of event. */
const kindByEvent: Record<EventKind, ResourceKind> = {
  meetup: 'lesson',
  workshop: 'lesson',
  ama: 'lesson',
  lightning_talks: 'lesson',
  focus_group: 'lesson',
  inception: 'story',
  social: 'story',
};

/** A session's date as its organiser wrote it, e.g. "3 December 2026". */
const sessionDate = (startsAt: Date, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' }).format(startsAt);

/**
 * What the editor opens with when a curator adds an event session to the repertoire: the
 * event's title and date, the notes and outcomes with the recording and a link back, its hosts
 * and speakers credited as the source and the curator as contributor.
 */
async function draftFromSession(deps: Deps, actor: Actor, ctx: Ctx, occurrenceId: string) {
  const { session, credits } = await loadOccurrenceSource(deps.db, ctx, occurrenceId, 'occurrence');
  const date = sessionDate(session.startsAt, session.timeZone);
  const recording = session.recordingUrl && keepable(session.recordingUrl) ? session.recordingUrl : null;
  const href = `/c/${ctx.community.slug}/events/${session.eventId}/${session.id}`;
  const backLink = `\n\nFrom the session [${session.title.replace(/[[\]]/g, '')}](${href}) on ${date}.`;
  const parts = [
    session.notes.trim(),
    session.outcomes.trim() ? `**Outcomes**\n\n${session.outcomes.trim()}` : '',
    recording ? `Recording: ${recording}` : '',
  ].filter(Boolean);
  const summary = `${shorten(parts.join('\n\n'), limits.resourceSummary - backLink.length)}${backLink}`.trim();
  const me = actor.user!;
  const all = dedupeCredits([{ role: 'contributor', userId: me.id, name: me.name }, ...credits]);
  return {
    kind: kindByEvent[session.kind as EventKind] ?? 'lesson',
    format: recording ? ('watch' as const) : ('read' as const),
    title: `${session.title} — ${date}`.slice(0, limits.resourceTitle),
    url: recording,
    summary,
    tags: [] as string[],
    credits: all.map((c) => ({ role: c.role, userId: c.userId ?? undefined, name: c.name })),
    from: { occurrenceId: session.id },
  };
}

/**
 * An edit makes a new version (a no-op makes none). `version`, when given, is the one the
 * editor started from: if someone saved in between, the edit is refused rather than lost.
 */
export async function update(deps: Deps, actor: Actor, slug: string, resourceId: string, patch: ResourcePatch) {
  const { ctx, resource, abilities } = await loadResource(deps, actor, slug, resourceId);
  authorizeResource(actor, abilities, 'edit');
  if (patch.version !== undefined && patch.version !== resource.version) throw history.staleVersion();
  const url = checkUrl(patch.url);
  const tags = patch.tags === undefined ? undefined : resolveTags(ctx.community, patch.tags);
  const credits = patch.credits === undefined ? undefined : await resolveCredits(deps.db, ctx, patch.credits);
  if (credits) assertCreditCount(credits);
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockResource(tx, ctx.community.id, resource.id);
    if (!locked) throw notFound();
    if (patch.version !== undefined && patch.version !== locked.version) throw history.staleVersion();
    await history.saveVersion(tx, {
      ctx,
      actorId: actor.user!.id,
      locked,
      next: (current) => ({
        kind: patch.kind ?? current.kind,
        format: patch.format ?? current.format,
        title: patch.title ?? current.title,
        url: url === undefined ? current.url : url,
        summary: patch.summary ?? current.summary,
        tags: tags ?? current.tags,
        credits: credits ?? current.credits,
      }),
      change: 'edited',
      verb: 'edited_resource',
    });
  });
  return detailOf(deps, actor, ctx, resource.id);
}

/**
 * Runs one curator's step on a locked resource in a transaction with its activity event;
 * `step` returns the values to set (none: nothing happens) and who to tell.
 */
async function curate(
  deps: Deps,
  actor: Actor,
  slug: string,
  resourceId: string,
  ability: 'publish' | 'retire' | 'feature' | 'review',
  step: (
    locked: repo.ResourceRow,
    now: Date,
  ) => { values: Partial<repo.ResourceRow>; verb: string; data?: Record<string, unknown> } | null,
  tell?: (tx: Conn, locked: repo.ResourceRow, actorId: string) => Promise<string[]>,
) {
  const { ctx, resource, abilities } = await loadResource(deps, actor, slug, resourceId);
  authorizeResource(actor, abilities, ability);
  const me = actor.user!;
  const notified = await deps.db.transaction(async (tx) => {
    const locked = await repo.lockResource(tx, ctx.community.id, resource.id);
    if (!locked) throw notFound();
    // Checked again under the lock: another curator may have moved it on meanwhile.
    authorizeResource(actor, abilitiesOn(actor, ctx, locked), ability);
    const change = step(locked, new Date());
    if (!change) return [];
    await repo.updateResource(tx, locked.id, change.values);
    await recordActivity(tx, {
      actorId: me.id,
      communityId: ctx.community.id,
      verb: change.verb,
      objectType: 'resource',
      objectId: locked.id,
      data: change.data,
    });
    return tell ? tell(tx, locked, me.id) : [];
  });
  await notifications.announce(deps, notified);
  return detailOf(deps, actor, ctx, resource.id);
}

/** A proposal (or a retired or obsolete resource) goes into the repertoire; its proposer is told. */
export const publish = (deps: Deps, actor: Actor, slug: string, resourceId: string) =>
  curate(
    deps,
    actor,
    slug,
    resourceId,
    'publish',
    (r, now) => ({
      values: {
        status: 'published',
        publishedAt: r.publishedAt ?? now,
        publishedBy: actor.user!.id,
        reviewDueAt: nextReview(r.kind as ResourceKind, now),
        retiredAt: null,
      },
      verb: 'published_resource',
      data: { from: r.status },
    }),
    async (tx, r, actorId) => {
      const told: string[] = [];
      if (r.status === 'proposed' && r.proposedBy) {
        const event = { communityId: r.communityId, resourceId: r.id, actorId };
        told.push(
          ...(await notifications.notify(tx, { kind: 'proposal_published', userIds: [r.proposedBy], ...event })),
        );
      }
      if (r.sourcePostId || r.sourceOccurrenceId) told.push(...(await tellCredited(tx, r.communityId, r.id, actorId)));
      return told;
    },
  );

/** Out of the repertoire, kept with its history; retiring a proposal declines it. */
export const retire = (deps: Deps, actor: Actor, slug: string, resourceId: string) =>
  curate(deps, actor, slug, resourceId, 'retire', (r, now) => ({
    values: { status: 'retired', retiredAt: now, featured: false },
    verb: 'retired_resource',
    data: { from: r.status },
  }));

export const setFeatured = (deps: Deps, actor: Actor, slug: string, resourceId: string, on: boolean) =>
  curate(deps, actor, slug, resourceId, 'feature', (r) =>
    r.featured === on ? null : { values: { featured: on }, verb: on ? 'featured_resource' : 'unfeatured_resource' },
  );

/** Still good: due again after the kind's interval. Obsolete: out of listings and paths, kept with its history. */
export const review = (deps: Deps, actor: Actor, slug: string, resourceId: string, input: ReviewInput) =>
  curate(deps, actor, slug, resourceId, 'review', (r, now) => ({
    values:
      input.outcome === 'confirm'
        ? { reviewedAt: now, reviewedBy: actor.user!.id, reviewDueAt: nextReview(r.kind as ResourceKind, now) }
        : { status: 'obsolete', reviewedAt: now, reviewedBy: actor.user!.id, reviewDueAt: null, featured: false },
    verb: 'reviewed_resource',
    data: { outcome: input.outcome },
  }));
