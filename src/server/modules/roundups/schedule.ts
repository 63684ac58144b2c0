import type { ScheduleInput } from '../../platform/jobs.js';

/** When a community's round-up is drafted: Mondays at 07:00 in its own time zone. */
export const ROUNDUP_DRAFT_CRON = '0 7 * * 1';

/** The schedule that drafts a community's weekly round-up. */
export const roundupSchedule = (community: { id: string; timeZone: string }): ScheduleInput => ({
  name: `roundup.draft:${community.id}`,
  type: 'roundup.draft',
  payload: { communityId: community.id },
  cron: ROUNDUP_DRAFT_CRON,
  timeZone: community.timeZone,
  communityId: community.id,
});
