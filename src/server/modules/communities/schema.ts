import { communityTypes, joinPolicies, limits, roles, statuses, visibilities } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
export { z };

/** Words a community cannot take as its address: they name pages of the app. */
export const reservedSlugs: ReadonlySet<string> = new Set([
  'new',
  'admin',
  'api',
  'app',
  'assets',
  'auth',
  'communities',
  'community',
  'create',
  'docs',
  'edit',
  'help',
  'invite',
  'invitations',
  'login',
  'logout',
  'magic',
  'me',
  'members',
  'reset',
  'settings',
  'setup',
  'signin',
  'signout',
  'signup',
  'static',
  'support',
  'www',
]);

export const Slug = z
  .string()
  .min(3)
  .max(limits.slug)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens.')
  .openapi({ example: 'research-software' });

const Statement = z.string().trim().min(1).max(limits.statement);

/** Trims, drops empty entries and keeps the first spelling of case-insensitive duplicates. */
export function normaliseList(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    const key = item.toLocaleLowerCase('en');
    if (!item || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

const List = (maxItems: number, maxLength: number) =>
  z.array(z.string().trim().max(maxLength)).max(maxItems).transform(normaliseList);

const canvasFields = {
  name: z.string().trim().min(1).max(limits.name),
  slug: Slug,
  need: Statement,
  domain: Statement,
  purpose: Statement,
  values: List(limits.listItems, limits.shortText),
  audience: z.string().trim().max(limits.statement),
  activities: List(limits.listItems, limits.shortText),
  successMeasures: List(limits.listItems, limits.shortText),
  type: z.enum(communityTypes),
  visibility: z.enum(visibilities),
  joining: z.enum(joinPolicies),
  topics: List(limits.topics, limits.listItem),
  allowFreeTags: z.boolean(),
  timeZone: z.string().trim().min(1).max(64),
};

export const CanvasInput = z.strictObject({
  ...canvasFields,
  values: canvasFields.values.default([]),
  audience: canvasFields.audience.default(''),
  activities: canvasFields.activities.default([]),
  successMeasures: canvasFields.successMeasures.default([]),
  topics: canvasFields.topics.default([]),
  allowFreeTags: canvasFields.allowFreeTags.default(false),
  timeZone: canvasFields.timeZone.default('UTC'),
});
export type CanvasInput = z.infer<typeof CanvasInput>;

export const CanvasPatch = z.strictObject(canvasFields).partial();
export type CanvasPatch = z.infer<typeof CanvasPatch>;

export const ListQuery = z.object({
  q: z.string().trim().max(limits.search).optional(),
  type: z.enum(communityTypes).optional(),
});

export const SlugParam = z.object({ slug: z.string().max(200) });

export const JoinInput = z.strictObject({ message: z.string().trim().max(limits.message).optional() });
export const BreakInput = z.strictObject({ until: z.iso.date().optional() });
export const CursorQuery = z.object({ cursor: z.string().max(200).optional() });

export const MembershipSchema = z
  .object({ role: z.enum(roles), status: z.enum(statuses), breakUntil: z.string().nullable() })
  .openapi('Membership');
export const MembershipEnvelope = z.object({ membership: MembershipSchema });

const summaryFields = {
  slug: z.string(),
  name: z.string(),
  domain: z.string(),
  purpose: z.string(),
  type: z.enum(communityTypes),
  visibility: z.enum(visibilities),
  joining: z.enum(joinPolicies),
  topics: z.array(z.string()),
  memberCount: z.number().int(),
  myMembership: MembershipSchema.nullable(),
};
export const CommunitySummarySchema = z.object(summaryFields).openapi('CommunitySummary');

const abilityFlags = [
  'edit',
  'invite',
  'manageMembers',
  'viewRequests',
  'viewActivity',
  'join',
  'requestToJoin',
  'leave',
  'takeBreak',
  'returnFromBreak',
  'viewMembers',
  'post',
  'announce',
  'moderate',
  'propose',
  'curate',
  'organiseEvents',
  'manageRoundups',
  'viewHealth',
  'steerHealth',
  'manageSurveys',
] as const;
export type PresentedAbility = (typeof abilityFlags)[number];
export const presentedAbilities: readonly PresentedAbility[] = abilityFlags;

export const CommunityDetailSchema = z
  .object({
    ...summaryFields,
    id: z.string(),
    need: z.string(),
    values: z.array(z.string()),
    audience: z.string(),
    activities: z.array(z.string()),
    successMeasures: z.array(z.string()),
    allowFreeTags: z.boolean(),
    timeZone: z
      .string()
      .openapi({ description: "The community's IANA time zone: when its weekly round-up is drafted." }),
    coordinators: z.array(z.object({ id: z.string(), name: z.string() })),
    createdAt: z.string(),
    pendingInvitation: z.boolean(),
    abilities: z.object(
      Object.fromEntries(abilityFlags.map((k) => [k, z.boolean()])) as Record<PresentedAbility, z.ZodBoolean>,
    ),
  })
  .openapi('CommunityDetail');

export const ActivitySchema = z.object({
  id: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  verb: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  occurredAt: z.string(),
});
export const ActivityPage = z.object({ items: z.array(ActivitySchema), nextCursor: z.string().nullable() });

export const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });
