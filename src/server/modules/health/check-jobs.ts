import type { Db } from '../../db/client.js';
import type { JobDefinition } from '../../platform/jobs.js';

export const healthCheckJobs: JobDefinition<any>[] = [];

/** The schedules these jobs keep; idempotent, run at each start. */
export async function ensureHealthCheckSchedules(_db: Db): Promise<void> {}
