import { roundupSections } from '../../../common/limits.js';
import { createRouter, noContent, route, send, z } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import { RoundupItemSchema } from '../roundups/schema.js';
import { getCatchUp, markCatchUpSeen } from './catch-up.js';

const tag = 'Members';

export const CatchUpSchema = z
  .object({
    communitySlug: z.string(),
    since: z.string().openapi({ description: 'Since when it reaches back: the last visit, or when the break began.' }),
    sections: z.array(z.object({ section: z.enum(roundupSections), items: z.array(RoundupItemSchema) })),
  })
  .openapi('CatchUp');

export function catchUpRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/catch-up',
      tag,
      summary: 'While you were away: highlights since your last visit (204 when none waits)',
      params: SlugParam,
      response: CatchUpSchema,
    }),
    async (c) => {
      const found = await getCatchUp(c.get('deps'), c.get('actor'), c.req.valid('param').slug, {
        origin: c.get('origin'),
      });
      return found ? send(c, found) : noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/communities/{slug}/catch-up/seen',
      tag,
      summary: 'I have seen my catch-up: stop offering it',
      params: SlugParam,
    }),
    async (c) => {
      await markCatchUpSeen(c.get('deps'), c.get('actor'), c.req.valid('param').slug);
      return noContent(c);
    },
  );

  return r;
}
