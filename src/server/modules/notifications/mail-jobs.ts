import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { EmailNotificationKind, MailCadence, NotificationKind } from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import {
  communities,
  eventOccurrences,
  events,
  memberships,
  notifications,
  posts,
  replies,
  resources,
  roundups,
  users,
} from '../../db/schema/index.js';
import type { Deps } from '../../platform/http.js';
import { defineJob, enqueueMany, type JobDefinition, type JobRow } from '../../platform/jobs.js';
import { escapeHtml } from '../../platform/mail-layout.js';
import type { Mail } from '../../platform/mailer.js';
import {
  communityAbilities,
  resourceAbilities,
  type Actor,
  type CommunityFacts,
  type MembershipFacts,
  type ResourceFacts,
} from '../../platform/policy.js';
import { signingKey, sign } from '../../platform/signing.js';
import { sessionTime } from '../events/rsvp.js';
import {
  cadenceFor,
  emailKindOf,
  kindLabels,
  markDailySent,
  preferencesFor,
  unsubscribeLinks,
  type StoredPreferences,
} from './mail-preferences.js';

/**
 * Notification mail. Every notification starts `pending`; a sweep every minute settles them:
 * kinds a member does not want by mail (or read already, or mailed on their own elsewhere) are
 * `skipped`; the rest wait for a mail job, one per member and cadence. An immediate mail goes
 * once the oldest waiting notification is a couple of minutes old, so a busy thread makes one
 * mail, not fifty; a daily summary goes at most once a day. The mail job locks what it mails,
 * checks again that the member may still see each thing, writes ONE message to the outbox and
 * marks the notifications `sent` in the same transaction as it finishes the job: a job that
 * runs twice finds nothing left to send.
 */

/** How long a batch of immediate notifications waits for more to join it. */
export const quietPeriodMs = 2 * 60_000;
const DAY_MS = 86_400_000;
const SWEEP_USERS = 500;

type Cadence = Exclude<MailCadence, 'off'>;

export interface SweepPayload {
  /** This site's address, for links in mail. */
  origin?: string;
}

export interface MailPayload {
  userId: string;
  cadence: Cadence;
  origin?: string;
}

const originOf = (deps: Deps, origin?: string) =>
  (origin ?? deps.config.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');

/**
 * Whether a notification waits for a mail of `cadence` (immediate / daily), or is skipped:
 * read already, mail off for its kind, or a kind mailed on its own (reminders go with the
 * reminder sender, waitlist promotions and seat offers as they happen).
 */
export function mailDecision(prefs: StoredPreferences, row: { kind: string; readAt: Date | null }): Cadence | 'skip' {
  const kind = row.kind as NotificationKind;
  const emailKind = emailKindOf(kind);
  if (!emailKind || emailKind === 'event_reminder' || row.readAt) return 'skip';
  const cadence = cadenceFor(prefs, kind);
  return cadence === null || cadence === 'off' ? 'skip' : cadence;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export interface SweepResult {
  skipped: number;
  enqueued: number;
}

/** Settles pending notifications and enqueues the mail jobs that are due; safe to run anywhere, any time. */
export async function sweepNotificationMail(deps: Deps, now: Date, options: SweepPayload = {}): Promise<SweepResult> {
  const result: SweepResult = { skipped: 0, enqueued: 0 };
  let after: string | null = null;
  for (;;) {
    const batch: { userId: string }[] = await deps.db
      .selectDistinct({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.mailState, 'pending'), after ? gt(notifications.userId, after) : undefined))
      .orderBy(asc(notifications.userId))
      .limit(SWEEP_USERS);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].userId;
    const userIds = batch.map((b) => b.userId);
    const [pending, prefs] = await Promise.all([
      deps.db
        .select({
          id: notifications.id,
          userId: notifications.userId,
          kind: notifications.kind,
          readAt: notifications.readAt,
          createdAt: notifications.createdAt,
        })
        .from(notifications)
        .where(and(eq(notifications.mailState, 'pending'), inArray(notifications.userId, userIds)))
        .orderBy(asc(notifications.id)),
      preferencesFor(deps.db, userIds),
    ]);
    const skip: number[] = [];
    const jobs: JobRow[] = [];
    const byUser = new Map<string, typeof pending>();
    for (const row of pending) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    for (const [userId, rows] of byUser) {
      const mine = prefs.get(userId)!;
      let oldestImmediate: (typeof rows)[number] | null = null;
      let daily = 0;
      for (const row of rows) {
        const decision = mailDecision(mine, row);
        if (decision === 'skip') skip.push(row.id);
        else if (decision === 'daily') daily++;
        else if (!oldestImmediate || row.createdAt < oldestImmediate.createdAt) oldestImmediate = row;
      }
      const payload = (cadence: Cadence): MailPayload => ({
        userId,
        cadence,
        ...(options.origin ? { origin: options.origin } : {}),
      });
      if (oldestImmediate && now.getTime() - oldestImmediate.createdAt.getTime() >= quietPeriodMs) {
        jobs.push({
          type: 'notifications.mail',
          payload: payload('immediate'),
          key: `${userId}:immediate:${oldestImmediate.id}`,
          runAt: now,
        });
      }
      const dailyDue = !mine.lastDailyAt || now.getTime() - mine.lastDailyAt.getTime() >= DAY_MS;
      if (daily > 0 && dailyDue) {
        jobs.push({
          type: 'notifications.mail',
          payload: payload('daily'),
          key: `${userId}:daily:${dayOf(now)}`,
          runAt: now,
        });
      }
    }
    await deps.db.transaction(async (tx) => {
      if (skip.length > 0) {
        const skipped = await tx
          .update(notifications)
          .set({ mailState: 'skipped' })
          .where(and(inArray(notifications.id, skip), eq(notifications.mailState, 'pending')))
          .returning({ id: notifications.id });
        result.skipped += skipped.length;
      }
      if (jobs.length > 0) result.enqueued += await enqueueMany(tx, jobs);
    });
    if (batch.length < SWEEP_USERS) break;
  }
  if (result.enqueued > 0) deps.jobs.wake();
  return result;
}

// ── One member's mail ────────────────────────────────────────────────────────

const actorUser = alias(users, 'actor');

/** The member's pending notifications with what a mail says about them, locked until the transaction ends. */
async function lockPending(tx: Conn, userId: string) {
  return tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      postId: notifications.postId,
      replyId: notifications.replyId,
      resourceId: notifications.resourceId,
      occurrenceId: notifications.occurrenceId,
      roundupId: notifications.roundupId,
      community: {
        id: communities.id,
        slug: communities.slug,
        name: communities.name,
        visibility: communities.visibility,
        joining: communities.joining,
      },
      membership: { role: memberships.role, status: memberships.status, timeZone: memberships.timeZone },
      post: { id: posts.id, title: posts.title, deletedAt: posts.deletedAt },
      replyDeletedAt: replies.deletedAt,
      resource: { title: resources.title, status: resources.status, proposedBy: resources.proposedBy },
      event: {
        id: events.id,
        title: sql<string>`coalesce(${eventOccurrences.overrides}->>'title', ${events.title})`,
        timeZone: events.timeZone,
        startsAt: eventOccurrences.startsAt,
      },
      roundup: { id: roundups.id, subject: roundups.subject },
      actorName: actorUser.name,
    })
    .from(notifications)
    .innerJoin(communities, eq(communities.id, notifications.communityId))
    .leftJoin(
      memberships,
      and(eq(memberships.communityId, notifications.communityId), eq(memberships.userId, notifications.userId)),
    )
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(replies, eq(replies.id, notifications.replyId))
    .leftJoin(resources, eq(resources.id, notifications.resourceId))
    .leftJoin(eventOccurrences, eq(eventOccurrences.id, notifications.occurrenceId))
    .leftJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(roundups, eq(roundups.id, notifications.roundupId))
    .leftJoin(actorUser, eq(actorUser.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), eq(notifications.mailState, 'pending')))
    .orderBy(asc(notifications.id))
    .for('update', { of: notifications });
}

export type PendingRow = Awaited<ReturnType<typeof lockPending>>[number];

/** Whether the member may still see what the notification is about, by the same rules as the site. */
function stillVisible(actor: Actor, row: PendingRow): boolean {
  const membership = row.membership?.status ? (row.membership as unknown as MembershipFacts) : null;
  const abilities = communityAbilities(actor, row.community as unknown as CommunityFacts, membership);
  if (!abilities.view) return false;
  if (row.postId) return !!row.post?.id && !row.post.deletedAt && !(row.replyId && row.replyDeletedAt);
  if (row.resourceId) {
    return !!row.resource?.status && resourceAbilities(actor, abilities, row.resource as ResourceFacts).view;
  }
  if (row.occurrenceId) return !!row.event?.id;
  if (row.roundupId) return !!row.roundup?.id && abilities.manageRoundups;
  // Surveys are answered by current members only.
  if (row.kind === 'survey') return abilities.post;
  // What the health check found is for those who steer the community's health, as they are now.
  if (row.kind === 'health_check') return abilities.steerHealth;
  return true;
}

// ── Writing the mail ─────────────────────────────────────────────────────────

interface Line {
  text: string;
  link: string;
  emailKind: EmailNotificationKind;
}

interface CommunityGroup {
  name: string;
  lines: Line[];
}

const quote = (title: string) => `‘${title}’`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Ann", "Ann and Bo", "Ann, Bo and 3 others". */
export function people(names: (string | null)[]): string {
  const unique = [...new Set(names.filter((n): n is string => !!n))];
  if (unique.length === 0) return '';
  if (unique.length === 1) return unique[0];
  if (unique.length === 2) return `${unique[0]} and ${unique[1]}`;
  const rest = unique.length - 2;
  return `${unique[0]}, ${unique[1]} and ${plural(rest, 'other', 'others')}`;
}

const by = (rows: PendingRow[]) => {
  const who = people(rows.map((r) => r.actorName));
  return who ? ` (${who})` : '';
};

/** One line per thread and kind: "5 new replies in ‘Thread title’ (Ann, Bo and 3 others)". */
function lineFor(bucket: string, rows: PendingRow[], origin: string): Line {
  const first = rows[0];
  const slug = encodeURIComponent(first.community.slug);
  const emailKind = emailKindOf(first.kind as NotificationKind)!;
  const postLink = `${origin}/c/${slug}/posts/${first.postId}`;
  const title = quote(first.post?.title ?? first.resource?.title ?? first.event?.title ?? first.roundup?.subject ?? '');
  const n = rows.length;
  switch (bucket) {
    case 'replies': {
      const replyCount = new Set(rows.map((r) => r.replyId ?? r.id)).size;
      const firstReply = rows.find((r) => r.replyId)?.replyId;
      return {
        text: `${plural(replyCount, 'new reply', 'new replies')} in ${title}${by(rows)}`,
        link: firstReply ? `${postLink}#reply-${firstReply}` : postLink,
        emailKind,
      };
    }
    case 'mention':
      return {
        text:
          n === 1
            ? `${first.actorName ?? 'Someone'} mentioned you in ${title}`
            : `${n} mentions of you in ${title}${by(rows)}`,
        link: first.replyId ? `${postLink}#reply-${first.replyId}` : postLink,
        emailKind,
      };
    case 'accepted':
      return { text: `Your answer in ${title} was accepted`, link: postLink, emailKind };
    case 'followed_tag':
      return { text: `New post ${title}, with a tag you follow${by(rows)}`, link: postLink, emailKind };
    case 'followed_member':
      return { text: `${first.actorName ?? 'Someone you follow'} posted ${title}`, link: postLink, emailKind };
    case 'credited':
    case 'proposal_published': {
      const link = `${origin}/c/${slug}/repertoire/${first.resourceId}`;
      const text = bucket === 'credited' ? `You were credited in ${title}` : `Your proposal ${title} was published`;
      return { text, link, emailKind };
    }
    case 'event_cancelled':
    case 'event_changed': {
      const zone = first.membership?.timeZone ?? first.event?.timeZone ?? 'UTC';
      let when = '';
      try {
        when = first.event?.startsAt ? ` on ${sessionTime(first.event.startsAt, zone)}` : '';
      } catch {
        when = first.event?.startsAt ? ` on ${sessionTime(first.event.startsAt, 'UTC')}` : '';
      }
      return {
        text: `${title}${when} ${bucket === 'event_cancelled' ? 'was cancelled' : 'has changed'}`,
        link: `${origin}/c/${slug}/events/${first.event?.id}/${first.occurrenceId}`,
        emailKind,
      };
    }
    case 'roundup_draft':
      return {
        text: `The round-up ${title} is ready for you to review`,
        link: `${origin}/c/${slug}/roundups/${first.roundupId}`,
        emailKind,
      };
    case 'survey':
      return {
        text: `${first.actorName ?? 'Your coordinators'} asked you to answer a survey in ${first.community.name}`,
        link: `${origin}/c/${slug}/surveys`,
        emailKind,
      };
    case 'health_check':
      return {
        text: `The weekly health check found new things to look at in ${first.community.name}`,
        link: `${origin}/c/${slug}/health/check`,
        emailKind,
      };
    default:
      return { text: `${plural(n, 'update', 'updates')} about ${title}`, link: `${origin}/notifications`, emailKind };
  }
}

const bucketOf = (kind: string) => (kind === 'reply' || kind === 'followed_post' ? 'replies' : kind);
const threadOf = (row: PendingRow) =>
  row.postId
    ? `post:${row.postId}`
    : row.resourceId
      ? `resource:${row.resourceId}`
      : row.occurrenceId
        ? `occurrence:${row.occurrenceId}`
        : row.roundupId
          ? `roundup:${row.roundupId}`
          : `community:${row.community.id}`;

/** Groups notifications by community, then by thread and kind, oldest first. */
export function summarise(rows: PendingRow[], origin: string): CommunityGroup[] {
  const groups = new Map<string, { name: string; buckets: Map<string, PendingRow[]> }>();
  for (const row of rows) {
    const group = groups.get(row.community.id) ?? { name: row.community.name, buckets: new Map() };
    groups.set(row.community.id, group);
    const key = `${threadOf(row)}|${bucketOf(row.kind)}`;
    group.buckets.set(key, [...(group.buckets.get(key) ?? []), row]);
  }
  return [...groups.values()].map((g) => ({
    name: g.name,
    lines: [...g.buckets].map(([key, list]) => lineFor(key.split('|')[1], list, origin)),
  }));
}

export interface MailInput {
  user: { id: string; name: string; email: string };
  cadence: Cadence;
  groups: CommunityGroup[];
  origin: string;
  /** Signed unsubscribe tokens, per kind of mail the message covers. */
  tokens: Partial<Record<EmailNotificationKind, string>>;
}

const clip = (s: string, max = 150) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function notificationMail(input: MailInput): Mail {
  const { user, groups, origin, cadence } = input;
  const lines = groups.flatMap((g) => g.lines);
  const daily = cadence === 'daily';
  const subject = daily
    ? `Your daily summary: ${plural(lines.length, 'update', 'updates')} on Commonplace`
    : lines.length === 1
      ? clip(lines[0].text)
      : clip(`${lines[0].text}, and ${plural(lines.length - 1, 'more update', 'more updates')}`);
  // The kinds in this mail, most lines first: the first is the one the one-click header turns off.
  const counts = new Map<EmailNotificationKind, number>();
  for (const l of lines) counts.set(l.emailKind, (counts.get(l.emailKind) ?? 0) + 1);
  const kinds = [...counts].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const links = kinds.flatMap((k) =>
    input.tokens[k] ? [{ kind: k, ...unsubscribeLinks(origin, input.tokens[k]!) }] : [],
  );
  const preferences = `${origin}/account#mail-preferences`;
  const opening = daily
    ? 'Here is what happened on Commonplace since your last summary.'
    : 'Here is what is new for you on Commonplace.';

  const text = [
    `Hello ${user.name},`,
    opening,
    ...groups.map((g) => [g.name, ...g.lines.map((l) => `- ${l.text}\n  ${l.link}`)].join('\n')),
    [
      `Choose which mail you get: ${preferences}`,
      ...links.map((l) => `Stop mail about ${kindLabels[l.kind]}: ${l.page}`),
    ].join('\n'),
    '— Commonplace',
  ].join('\n\n');

  const a = (href: string, label: string, style = 'color:#0c8599') =>
    `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>`;
  const html = [
    `<p>Hello ${escapeHtml(user.name)},</p>`,
    `<p>${escapeHtml(opening)}</p>`,
    ...groups.map(
      (g) =>
        `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(g.name)}</h2><ul style="padding-left:20px;margin:0">${g.lines
          .map((l) => `<li style="margin:0 0 6px">${a(l.link, l.text)}</li>`)
          .join('')}</ul>`,
    ),
    `<p style="color:#555;font-size:13px;margin-top:24px">${a(preferences, 'Choose which mail you get', 'color:#555')}${links
      .map((l) => ` · ${a(l.page, `Stop mail about ${kindLabels[l.kind]}`, 'color:#555')}`)
      .join('')}</p>`,
  ].join('');

  const headers: Record<string, string> = {};
  if (links[0]) {
    headers['List-Unsubscribe'] = `<${links[0].oneClick}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { to: user.email, kind: `notifications.${cadence}`, subject, text, html, headers };
}

/** Mails one member's waiting notifications of one cadence, if any are left. */
export async function mailNotifications(
  deps: Deps,
  payload: MailPayload,
  options: { now: Date; finish?: (tx: Conn) => Promise<void> },
): Promise<{ mailed: number; skipped: number }> {
  const origin = originOf(deps, payload.origin);
  const key = await signingKey(deps.db);
  const outcome = await deps.db.transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isAdmin: users.isAdmin,
        disabledAt: users.disabledAt,
      })
      .from(users)
      .where(eq(users.id, payload.userId));
    const rows = user ? await lockPending(tx, user.id) : [];
    const prefs = user ? (await preferencesFor(tx, [user.id])).get(user.id)! : null;
    const actor: Actor | null = user
      ? {
          user: { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin },
          sessionId: null,
          via: 'anonymous',
          ip: '',
        }
      : null;
    const mailed: PendingRow[] = [];
    const skipped: number[] = [];
    for (const row of rows) {
      const decision = user!.disabledAt ? 'skip' : mailDecision(prefs!, row);
      if (decision === 'skip') skipped.push(row.id);
      else if (decision !== payload.cadence) continue;
      else if (!stillVisible(actor!, row)) skipped.push(row.id);
      else mailed.push(row);
    }
    if (skipped.length > 0) {
      await tx.update(notifications).set({ mailState: 'skipped' }).where(inArray(notifications.id, skipped));
    }
    if (user && mailed.length > 0) {
      await tx
        .update(notifications)
        .set({ mailState: 'sent', mailedAt: options.now })
        .where(
          inArray(
            notifications.id,
            mailed.map((r) => r.id),
          ),
        );
      const tokens: MailInput['tokens'] = {};
      for (const row of mailed) {
        const k = emailKindOf(row.kind as NotificationKind)!;
        tokens[k] ??= sign(key, 'mail-unsub', { u: user.id, k });
      }
      const groups = summarise(mailed, origin);
      await deps.mailer.enqueue(tx, notificationMail({ user, cadence: payload.cadence, groups, origin, tokens }));
      if (payload.cadence === 'daily') await markDailySent(tx, user.id, options.now);
    }
    await options.finish?.(tx);
    return { mailed: mailed.length, skipped: skipped.length };
  });
  if (outcome.mailed > 0) await deps.mailer.deliverQueued();
  return outcome;
}

export const notificationMailJobs: JobDefinition<any>[] = [
  defineJob<SweepPayload>({
    type: 'notifications.sweep',
    maxAttempts: 3,
    async handle(payload, ctx) {
      await sweepNotificationMail(ctx.deps, ctx.now, { origin: payload?.origin });
    },
  }),
  defineJob<MailPayload>({
    type: 'notifications.mail',
    async handle(payload, ctx) {
      await mailNotifications(ctx.deps, payload, { now: ctx.now, finish: (tx) => ctx.finish(tx) });
    },
  }),
];
