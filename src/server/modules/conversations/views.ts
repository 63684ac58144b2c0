import { sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { postViews } from '../../db/schema/index.js';
import { recordActivities } from '../../platform/activity.js';
import type { Logger } from '../../platform/logger.js';

interface Pending {
  postId: string;
  userId: string;
  communityId: string;
  day: string;
  count: number;
}

const FLUSH_MS = 5_000;

/**
 * Post views are counted in memory and written in one statement every few seconds, so reading a
 * post costs no write (and no wait on a row lock) on the request path. The first view of a day by
 * a member also goes to the activity log, in the same transaction as the counts. A crash loses at
 * most the last few seconds of counts; `flush` runs on shutdown.
 */
export class ViewCounter {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Conn,
    private readonly logger: Logger,
  ) {}

  record(postId: string, userId: string, communityId: string, now = new Date()): void {
    const day = now.toISOString().slice(0, 10);
    const key = `${postId}|${userId}|${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.count++;
    else this.pending.set(key, { postId, userId, communityId, day, count: 1 });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes everything counted so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.flushing = this.flushing.then(() =>
      batch.length === 0
        ? undefined
        : this.write(batch).catch((err) => {
            this.logger.warn({ event: 'views.flush_failed', err, views: batch.length }, 'could not record post views');
          }),
    );
    return this.flushing;
  }

  private async write(batch: Pending[]) {
    await this.db.transaction(async (tx) => {
      // xmax = 0 tells a freshly inserted row (a first view today) from an updated one.
      const rows = await tx
        .insert(postViews)
        .values(
          batch.map((v) => ({
            postId: v.postId,
            userId: v.userId,
            communityId: v.communityId,
            day: v.day,
            count: v.count,
          })),
        )
        .onConflictDoUpdate({
          target: [postViews.postId, postViews.userId, postViews.day],
          set: { count: sql`${postViews.count} + excluded.count` },
        })
        .returning({
          postId: postViews.postId,
          userId: postViews.userId,
          communityId: postViews.communityId,
          first: sql<boolean>`xmax = 0`,
        });
      await recordActivities(
        tx,
        rows
          .filter((r) => r.first)
          .map((r) => ({
            actorId: r.userId,
            communityId: r.communityId,
            verb: 'viewed_post',
            objectType: 'post',
            objectId: r.postId,
          })),
      );
    });
  }
}

const counters = new WeakMap<object, ViewCounter>();

/** The view counter of a database handle (one per process and database). */
export function viewCounter(db: Conn, logger: Logger): ViewCounter {
  let counter = counters.get(db);
  if (!counter) counters.set(db, (counter = new ViewCounter(db, logger)));
  return counter;
}
