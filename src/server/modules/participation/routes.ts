import { createRouter, route, send, z } from '../../platform/http.js';
import { requireUser } from '../../platform/policy.js';
import { authorizeIn } from '../communities/service.js';
import { defaultThresholds, emptyTally, modeOf, participationModes } from './modes.js';
import { tallyFor } from './tally.js';

const tag = 'Participation';
const counts = Object.fromEntries(
  Object.keys(emptyTally())
    .filter((k) => k !== 'coordinator')
    .map((k) => [k, z.number().int()]),
) as Record<string, z.ZodNumber>;

const MyParticipation = z
  .object({
    mode: z.enum(participationModes),
    because: z.string(),
    windowDays: z.number().int(),
    since: z.string(),
    tally: z.object({ ...counts, coordinator: z.boolean() }),
  })
  .openapi('MyParticipation');

/** A member's own participation mode in a community, over the rolling window. */
export function participationRoutes() {
  const r = createRouter();
  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/participation/me',
      tag,
      summary: 'My participation mode here (CSCCE), and why',
      description:
        'Computed from the activity log over the last 90 days. Current members only (403 otherwise; 404 for a private community one does not belong to).',
      params: z.object({ slug: z.string().max(200) }),
      response: MyParticipation,
    }),
    async (c) => {
      const actor = c.get('actor');
      // Taking part is for current members: the same test as posting.
      const ctx = await authorizeIn(c.get('deps').db, actor, c.req.valid('param').slug, 'post');
      const me = requireUser(actor);
      const now = new Date();
      const windowDays = defaultThresholds.windowDays;
      const tally = await tallyFor(c.get('deps').db, {
        communityId: ctx.community.id,
        userId: me.id,
        role: ctx.membership!.role,
        now,
        windowDays,
      });
      const verdict = modeOf(tally);
      return send(c, {
        ...verdict,
        windowDays,
        since: new Date(now.getTime() - windowDays * 86_400_000).toISOString(),
        tally,
      });
    },
  );
  return r;
}
