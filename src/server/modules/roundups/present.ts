import type { Roundup, RoundupItem, RoundupSection, RoundupStatus, RoundupSummary } from '../../../common/api-types.js';
import type { ItemRow, RoundupRow } from './repo.js';

export const presentItem = (row: ItemRow): RoundupItem => ({
  id: row.id,
  section: row.section as RoundupSection,
  objectType: row.objectType as RoundupItem['objectType'],
  objectId: row.objectId,
  title: row.title,
  summary: row.summary,
  path: row.path,
  topics: row.topics,
  formats: row.formats,
  meta: row.meta,
  position: row.position,
  included: row.included,
});

export function presentSummary(row: RoundupRow, counts: { clickCount: number; itemCount: number }): RoundupSummary {
  return {
    id: row.id,
    status: row.status as RoundupStatus,
    subject: row.subject,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    scheduledFor: row.scheduledFor?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    recipientCount: row.recipientCount,
    deliveredCount: row.deliveredCount,
    clickCount: counts.clickCount,
    itemCount: counts.itemCount,
  };
}

/** Whether a round-up may still be edited, scheduled and sent. */
export const editable = (row: { status: string }) => row.status === 'draft' || row.status === 'scheduled';

export function presentRoundup(
  row: RoundupRow,
  items: ItemRow[],
  extra: { communitySlug: string; clickCount: number; audience: number; manage: boolean },
): Roundup {
  const open = extra.manage && editable(row);
  return {
    ...presentSummary(row, {
      clickCount: extra.clickCount,
      itemCount: items.filter((i) => i.included).length,
    }),
    communitySlug: extra.communitySlug,
    intro: row.intro,
    introHtml: row.introHtml,
    items: items.map(presentItem),
    audience: extra.audience,
    abilities: { edit: open, send: open },
  };
}
