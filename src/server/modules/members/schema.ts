import { learningFormats, limits, roles, type MembershipStatus } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { listableStatuses } from '../../platform/policy.js';
import { normaliseList } from '../communities/schema.js';
import { canonicalTimeZone } from '../../../common/time-zones.js';

export { canonicalTimeZone };
export { z };

const listable = [...listableStatuses] as [MembershipStatus, ...MembershipStatus[]];

const TimeZone = z
  .string()
  .trim()
  .max(64)
  .refine((zone) => canonicalTimeZone(zone) !== null, 'Use a time zone name such as Europe/Paris.')
  .transform((zone) => canonicalTimeZone(zone)!);

const Tags = z.array(z.string().trim().max(limits.listItem)).max(limits.listItems).transform(normaliseList);

export const MemberParams = z.object({ slug: z.string().max(200), userId: z.string().uuid() });

export const MemberQuery = z.object({
  role: z.enum(roles).optional(),
  status: z.enum(listable).optional(),
  expertise: z.string().trim().max(limits.listItem).optional(),
  q: z.string().trim().max(limits.search).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type MemberQuery = z.infer<typeof MemberQuery>;

export const ProfileInput = z.strictObject({
  bio: z.string().trim().max(limits.bio).optional(),
  expertise: Tags.optional(),
  interests: Tags.optional(),
  learningFormats: z
    .array(z.enum(learningFormats))
    .max(learningFormats.length * 2)
    .transform((f) => [...new Set(f)])
    .optional(),
  timeZone: TimeZone.nullable().optional(),
});
export type ProfileInput = z.infer<typeof ProfileInput>;

export const RoleInput = z.strictObject({ role: z.enum(roles) });

export const MemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    handle: z.string(),
    role: z.enum(roles),
    status: z.string(),
    breakUntil: z.string().nullable(),
    bio: z.string(),
    expertise: z.array(z.string()),
    interests: z.array(z.string()),
    learningFormats: z.array(z.enum(learningFormats)),
    timeZone: z.string().nullable(),
    joinedAt: z.string(),
    abilities: z.object({ changeRole: z.boolean(), remove: z.boolean(), editProfile: z.boolean() }),
  })
  .openapi('Member');

export const MemberPage = z.object({
  items: z.array(MemberSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const RequestSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  message: z.string().nullable(),
  requestedAt: z.string(),
});
export const RequestList = z.object({ items: z.array(RequestSchema) });
