import { desc, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { createRouter, route, send, z } from '../../platform/http.js';
import { recordActivity } from '../../platform/activity.js';
import { requireAdmin } from '../../platform/policy.js';
import { jobRoutes } from './jobs-routes.js';
import { InstanceSettingsPatch, InstanceSettingsSchema, readSettings, updateSettings } from './settings.js';

const tag = 'Admin';
const OutboxItem = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
const OutboxMessage = OutboxItem.extend({
  text: z.string(),
  html: z.string().nullable(),
  error: z.string().nullable(),
});

/**
 * The outbox: every mail the instance wrote, readable by the admin (magic links on a laptop); and
 * the instance settings. Everyone else gets 404, as if these pages did not exist.
 */
export function adminRoutes() {
  const r = createRouter();
  r.route('/', jobRoutes());
  r.openapi(
    route({
      method: 'get',
      path: '/admin/settings',
      tag,
      summary: 'Instance settings',
      response: InstanceSettingsSchema,
    }),
    async (c) => {
      requireAdmin(c.get('actor'));
      return send(c, await readSettings(c.get('deps').db));
    },
  );
  r.openapi(
    route({
      method: 'patch',
      path: '/admin/settings',
      tag,
      summary: 'Change instance settings',
      body: InstanceSettingsPatch,
      response: InstanceSettingsSchema,
    }),
    async (c) => {
      const admin = requireAdmin(c.get('actor'));
      const patch = c.req.valid('json');
      const db = c.get('deps').db;
      const settings = await updateSettings(db, patch);
      await recordActivity(db, {
        actorId: admin.id,
        verb: 'changed_instance_settings',
        objectType: 'instance',
        objectId: 'settings',
        data: { ...patch },
      });
      return send(c, settings);
    },
  );
  r.openapi(
    route({
      method: 'get',
      path: '/admin/outbox',
      tag,
      summary: 'Mail written by this instance',
      response: z.object({ items: z.array(OutboxItem) }),
    }),
    async (c) => {
      requireAdmin(c.get('actor'));
      const rows = await c.get('deps').db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(200);
      return send(c, {
        items: rows.map((m) => ({
          id: m.id,
          to: m.to,
          subject: m.subject,
          kind: m.kind,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
        })),
      });
    },
  );
  r.openapi(
    route({
      method: 'get',
      path: '/admin/outbox/{id}',
      tag,
      summary: 'One mail',
      params: z.object({ id: z.string().uuid() }),
      response: OutboxMessage,
    }),
    async (c) => {
      requireAdmin(c.get('actor'));
      const [m] = await c
        .get('deps')
        .db.select()
        .from(outbox)
        .where(eq(outbox.id, c.req.valid('param').id));
      if (!m) throw notFound();
      return send(c, {
        id: m.id,
        to: m.to,
        subject: m.subject,
        kind: m.kind,
        status: m.status,
        createdAt: m.createdAt.toISOString(),
        text: m.text,
        html: m.html,
        error: m.error,
      });
    },
  );
  return r;
}
