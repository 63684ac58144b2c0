import {
  reviewMonths,
  type CreditRole,
  type ResourceFormat,
  type ResourceKind,
  type ResourceStatus,
} from '../../../common/limits.js';
import type { Conn } from '../../db/client.js';
import { resourceCredits, resourceRevisions, resources } from '../../db/schema/index.js';
import { recordActivities, type ActivityInput } from '../../platform/activity.js';
import { excerpt, renderMarkdown } from '../../platform/markdown.js';

/**
 * The one writer of new resources: the form, a promotion and an import all come through here,
 * so every resource starts with its credits and its first revision, and the log hears of it.
 */

export const SUMMARY_EXCERPT = 240;

export interface CreditValue {
  role: CreditRole;
  userId: string | null;
  name: string;
}

/** A resource as checked and resolved by its caller: tags are the community's spellings, credits are named. */
export interface NewResource {
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: CreditValue[];
  sourcePostId?: string | null;
  sourceReplyId?: string | null;
  sourceOccurrenceId?: string | null;
}

/** When a resource published (or reviewed) at `from` is due its next review. */
export function nextReview(kind: ResourceKind, from: Date): Date {
  const due = new Date(from);
  due.setUTCMonth(due.getUTCMonth() + reviewMonths[kind]);
  return due;
}

/** Summaries are Markdown without mentions: rendered and sanitised once, when saved. */
export function renderSummary(summary: string) {
  const html = renderMarkdown(summary);
  return { summaryHtml: html, excerpt: excerpt(html, SUMMARY_EXCERPT) };
}

const BATCH = 200;

/**
 * Inserts resources in order, in batches, with credits, version 1 and one activity event each
 * (`verb`, e.g. proposed_resource, published_resource, promoted_to_repertoire, imported_resource).
 * Call it inside a transaction: it writes several tables. `onBatch` hears progress.
 */
export async function insertResources(
  tx: Conn,
  args: {
    communityId: string;
    actorId: string;
    status: ResourceStatus;
    change: 'created' | 'promoted' | 'imported';
    verb: string;
    items: NewResource[];
    now?: Date;
    onBatch?: (done: number, total: number) => void | Promise<void>;
  },
): Promise<string[]> {
  const now = args.now ?? new Date();
  const published = args.status === 'published';
  const ids: string[] = [];
  for (let start = 0; start < args.items.length; start += BATCH) {
    const batch = args.items.slice(start, start + BATCH);
    const rows = await tx
      .insert(resources)
      .values(
        batch.map((item) => ({
          communityId: args.communityId,
          kind: item.kind,
          format: item.format,
          title: item.title,
          url: item.url,
          summary: item.summary,
          ...renderSummary(item.summary),
          tags: item.tags,
          status: args.status,
          proposedBy: args.actorId,
          sourcePostId: item.sourcePostId ?? null,
          sourceReplyId: item.sourceReplyId ?? null,
          sourceOccurrenceId: item.sourceOccurrenceId ?? null,
          publishedAt: published ? now : null,
          publishedBy: published ? args.actorId : null,
          reviewDueAt: published ? nextReview(item.kind, now) : null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: resources.id });
    const batchIds = rows.map((r) => r.id);
    const credits = batch.flatMap((item, i) =>
      item.credits.map((c, position) => ({
        resourceId: batchIds[i]!,
        role: c.role,
        userId: c.userId,
        name: c.name,
        position,
      })),
    );
    if (credits.length > 0) await tx.insert(resourceCredits).values(credits);
    await tx.insert(resourceRevisions).values(
      batch.map((item, i) => ({
        resourceId: batchIds[i]!,
        version: 1,
        editorId: args.actorId,
        change: args.change,
        kind: item.kind,
        format: item.format,
        title: item.title,
        url: item.url,
        summary: item.summary,
        tags: item.tags,
        credits: item.credits,
        createdAt: now,
      })),
    );
    await recordActivities(
      tx,
      batchIds.map((id): ActivityInput => ({
        actorId: args.actorId,
        communityId: args.communityId,
        verb: args.verb,
        objectType: 'resource',
        objectId: id,
      })),
    );
    ids.push(...batchIds);
    await args.onBatch?.(ids.length, args.items.length);
  }
  return ids;
}
