import { eq, inArray } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { instanceSettings } from '../../db/schema/index.js';
import { z } from '../../platform/http.js';

/**
 * Instance settings: switches an instance admin sets for every community. Each is one row of
 * `instance_settings` (key → JSON value); a missing row means the default.
 */

export const InstanceSettingsSchema = z
  .object({
    linkPreviews: z.boolean().openapi({
      description: 'Whether the server may fetch a page to fill in a resource’s title and description. Off by default.',
    }),
  })
  .openapi('InstanceSettings');
export type InstanceSettings = z.infer<typeof InstanceSettingsSchema>;

export const InstanceSettingsPatch = z
  .strictObject({ linkPreviews: z.boolean().optional() })
  .openapi('InstanceSettingsPatch');
export type InstanceSettingsPatch = z.infer<typeof InstanceSettingsPatch>;

const defaults: InstanceSettings = { linkPreviews: false };
const keys = Object.keys(defaults) as (keyof InstanceSettings)[];

export async function readSettings(db: Conn): Promise<InstanceSettings> {
  const rows = await db.select().from(instanceSettings).where(inArray(instanceSettings.key, keys));
  const out = { ...defaults };
  for (const row of rows) {
    // A value of the wrong type (written by hand, say) counts as unset.
    if (row.key === 'linkPreviews' && typeof row.value === 'boolean') out.linkPreviews = row.value;
  }
  return out;
}

export async function linkPreviewsEnabled(db: Conn): Promise<boolean> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, 'linkPreviews'));
  return row?.value === true;
}

export async function updateSettings(db: Conn, patch: InstanceSettingsPatch): Promise<InstanceSettings> {
  await db.transaction(async (tx) => {
    for (const key of keys) {
      const value = patch[key];
      if (value === undefined) continue;
      await tx
        .insert(instanceSettings)
        .values({ key, value, updatedAt: new Date() })
        .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: new Date() } });
    }
  });
  return readSettings(db);
}
