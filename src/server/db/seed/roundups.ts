import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { communities, memberships, roundupClicks, roundupDeliveries, roundups } from '../schema/index.js';
import { recordActivities, type ActivityInput } from '../../platform/activity.js';
import { upsertSchedule } from '../../platform/jobs.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { buildSections } from '../../modules/roundups/build.js';
import { messageIdFor } from '../../modules/roundups/jobs.js';
import * as repo from '../../modules/roundups/repo.js';
import { roundupSchedule } from '../../modules/roundups/schedule.js';
import { lastFullWeek, subjectFor } from '../../modules/roundups/service.js';
import { demoZones } from './events.js';
import { prng } from './generate.js';

/**
 * The demo round-ups: each community lives in its own time zone with its weekly draft
 * scheduled; the week before last went out (copies delivered, some members clicked, more
 * often on items in their interests), and last week's is a draft waiting for the coordinator.
 */

export async function seedRoundups(db: Db, options: { seed: number; communityIds: string[]; origin?: string }) {
  const random = prng(options.seed);
  const origin = options.origin ?? 'http://localhost:3000';
  const now = new Date();
  const rows = await db.select().from(communities).where(inArray(communities.id, options.communityIds));
  for (const community of rows) {
    const timeZone = demoZones[community.slug] ?? 'UTC';
    const [zoned] = await db.update(communities).set({ timeZone }).where(eq(communities.id, community.id)).returning();
    await upsertSchedule(db, roundupSchedule(zoned));

    const lastWeek = lastFullWeek(now, timeZone);
    const weekBefore = lastFullWeek(new Date(lastWeek.from.getTime() + 3600_000), timeZone);
    const coordinators = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.communityId, community.id),
          eq(memberships.role, 'coordinator'),
          eq(memberships.status, 'active'),
        ),
      );
    const sentBy = coordinators[0]?.userId ?? null;

    // The week before last: sent on its Monday morning.
    const sentAt = new Date(lastWeek.from.getTime() + 8 * 3600_000);
    const intro =
      'Thanks to everyone who answered a question this week. **Three questions** are still waiting below — if one is in your area, a short reply helps.';
    const [sent] = await db
      .insert(roundups)
      .values({
        communityId: community.id,
        status: 'sent',
        periodStart: weekBefore.from,
        periodEnd: weekBefore.to,
        subject: subjectFor(community.name, weekBefore.from, timeZone),
        intro,
        introHtml: renderMarkdown(intro),
        sentAt,
        sentBy,
        createdAt: new Date(sentAt.getTime() - 3600_000),
        updatedAt: sentAt,
      })
      .onConflictDoNothing()
      .returning();
    if (sent) {
      await repo.insertItems(db, sent.id, await buildSections(db, zoned, weekBefore));
      const items = await repo.itemsOf(db, sent.id);
      const readers = await db
        .select({ userId: memberships.userId, interests: memberships.interests })
        .from(memberships)
        .where(
          and(
            eq(memberships.communityId, community.id),
            eq(memberships.status, 'active'),
            eq(memberships.roundupEmail, true),
          ),
        );
      if (readers.length > 0) {
        await db.insert(roundupDeliveries).values(
          readers.map((r) => ({
            roundupId: sent.id,
            userId: r.userId,
            status: 'sent',
            messageId: messageIdFor(sent.id, r.userId, origin),
            attempts: 1,
            sentAt,
            createdAt: sentAt,
          })),
        );
      }
      const clicks: (typeof roundupClicks.$inferInsert)[] = [];
      const activity: ActivityInput[] = readers.map((r) => ({
        actorId: r.userId,
        communityId: community.id,
        verb: 'roundup.received',
        objectType: 'roundup',
        objectId: sent.id,
        occurredAt: sentAt,
      }));
      for (const reader of readers) {
        if (items.length === 0 || !random.chance(0.35)) continue;
        const mine = new Set(reader.interests.map((t) => t.toLowerCase()));
        const liked = items.filter((i) => i.topics.some((t) => mine.has(t.toLowerCase())));
        for (let n = random.int(1, 2); n > 0; n--) {
          const item = liked.length > 0 && random.chance(0.7) ? random.pick(liked) : random.pick(items);
          const clickedAt = new Date(sentAt.getTime() + random.int(10, 3 * 24 * 60) * 60_000);
          clicks.push({ roundupId: sent.id, itemId: item.id, userId: reader.userId, clickedAt });
          activity.push({
            actorId: reader.userId,
            communityId: community.id,
            verb: 'roundup.clicked',
            objectType: 'roundup',
            objectId: sent.id,
            data: { itemId: item.id, section: item.section, path: item.path },
            occurredAt: clickedAt,
          });
        }
      }
      for (let i = 0; i < clicks.length; i += 1000) await db.insert(roundupClicks).values(clicks.slice(i, i + 1000));
      await db
        .update(roundups)
        .set({ recipientCount: readers.length, deliveredCount: readers.length })
        .where(eq(roundups.id, sent.id));
      if (sentBy)
        activity.push({
          actorId: sentBy,
          communityId: community.id,
          verb: 'roundup.sent',
          objectType: 'roundup',
          objectId: sent.id,
          data: { recipients: readers.length },
          occurredAt: sentAt,
        });
      await recordActivities(db, activity);
    }

    // Last week's: drafted this Monday, waiting for the coordinator.
    const [draft] = await db
      .insert(roundups)
      .values({
        communityId: community.id,
        periodStart: lastWeek.from,
        periodEnd: lastWeek.to,
        subject: subjectFor(community.name, lastWeek.from, timeZone),
      })
      .onConflictDoNothing()
      .returning();
    if (draft) await repo.insertItems(db, draft.id, await buildSections(db, zoned, lastWeek));
  }
}
