import { limits, roles } from '../../../common/limits.js';
import { createRouter, route, send, z } from '../../platform/http.js';
import { emptyTally, participationModes } from './modes.js';
import { listMemberModes, memberMode, myParticipation } from './service.js';

const tag = 'Participation';
const counts = Object.fromEntries(
  Object.keys(emptyTally())
    .filter((k) => k !== 'coordinator')
    .map((k) => [k, z.number().int()]),
) as Record<string, z.ZodNumber>;
const Tally = z.object({ ...counts, coordinator: z.boolean() });
const Mode = z.enum(participationModes);

const ModeHistoryEntry = z
  .object({ fromMode: Mode.nullable(), toMode: Mode, changedAt: z.string() })
  .openapi('ModeHistoryEntry');

const NextStep = z
  .object({
    kind: z.enum([
      'answer_question',
      'browse_unanswered',
      'add_expertise',
      'cohost_event',
      'share_win',
      'propose_resource',
      'curate_topic',
      'welcome_newcomer',
      'mentor_newcomer',
      'host_session',
      'invite',
    ]),
    title: z.string(),
    detail: z.string(),
    href: z.string().openapi({ description: 'A page of the web app, e.g. /c/{slug}/posts/{id}' }),
  })
  .openapi('NextStep');

const MyParticipation = z
  .object({
    mode: Mode,
    because: z.string(),
    windowDays: z.number().int(),
    since: z.string().openapi({ description: 'The start of the window.' }),
    tally: Tally,
    modeSince: z.string().openapi({ description: 'When they entered this mode.' }),
    history: z.array(ModeHistoryEntry),
    nextSteps: z.array(NextStep),
  })
  .openapi('MyParticipation');

const MemberMode = z
  .object({
    userId: z.string(),
    name: z.string(),
    handle: z.string(),
    role: z.enum(roles),
    status: z.string(),
    mode: Mode.nullable(),
    because: z.string().nullable(),
    since: z.string().nullable(),
    computedAt: z.string().nullable(),
  })
  .openapi('MemberMode');

const MemberModePage = z
  .object({
    items: z.array(MemberMode),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
    counts: z.object({
      ...Object.fromEntries(participationModes.map((m) => [m, z.number().int()])),
      notComputed: z.number().int(),
    }),
    windowDays: z.number().int(),
  })
  .openapi('MemberModePage');

const MemberModeDetail = z
  .object({
    member: MemberMode,
    tally: Tally.nullable(),
    history: z.array(ModeHistoryEntry),
    windowDays: z.number().int(),
  })
  .openapi('MemberModeDetail');

const Slug = z.object({ slug: z.string().max(200) });

/** Participation modes: a member's own, and everyone's for those who look after the community's health. */
export function participationRoutes() {
  const r = createRouter();
  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/participation/me',
      tag,
      summary: 'My participation mode here (CSCCE), why, its history and next steps',
      description:
        'Computed from the activity log over the last 90 days, and stored (a change is added to the history). Next steps fit the mode and this member: questions waiting in their topics, a session to co-host, a topic the repertoire lacks, newcomers to welcome. Current members only (403 otherwise; 404 for a private community one does not belong to).',
      params: Slug,
      response: MyParticipation,
    }),
    async (c) => send(c, await myParticipation(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );
  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/participation/members',
      tag,
      summary: 'Current members with their participation modes, and how many are in each',
      description:
        'Stored modes, as last computed (nightly, and whenever a member opens their own). Ordered by name; filter by mode and by name. For the core group, coordinators and instance admins (`viewHealth`).',
      params: Slug,
      query: z.object({
        mode: Mode.optional(),
        q: z.string().trim().max(limits.search).optional(),
        cursor: z.string().max(400).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(30),
      }),
      response: MemberModePage,
    }),
    async (c) => {
      const query = c.req.valid('query');
      return send(
        c,
        await listMemberModes(c.get('deps'), c.get('actor'), c.req.valid('param').slug, {
          ...query,
          q: query.q || undefined,
        }),
      );
    },
  );
  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/participation/members/{userId}',
      tag,
      summary: 'One member’s participation mode and its history',
      description:
        'For the core group, coordinators and instance admins (`viewHealth`), and for the member themself. 404 for someone who is not a listed member.',
      params: z.object({ slug: z.string().max(200), userId: z.string().uuid() }),
      response: MemberModeDetail,
    }),
    async (c) => {
      const { slug, userId } = c.req.valid('param');
      return send(c, await memberMode(c.get('deps'), c.get('actor'), slug, userId));
    },
  );
  return r;
}
