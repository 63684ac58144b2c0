import { limits, roles } from '../../../common/limits.js';
import { z } from '../../platform/http.js';
import { MembershipSchema } from '../communities/schema.js';
export { z };

const Email = z
  .string()
  .trim()
  .max(limits.email)
  .email()
  .transform((e) => e.toLowerCase());

export const InviteInput = z.strictObject({
  emails: z.array(Email).min(1).max(limits.invitationsPerRequest),
  // Coordinator is handed over by a role change, never by an emailed link.
  role: z.enum(['member', 'core']).optional(),
  message: z.string().trim().max(limits.message).optional(),
});
export type InviteInput = z.infer<typeof InviteInput>;

export const InvitationParams = z.object({ slug: z.string().max(200), id: z.string().uuid() });
// Any string is accepted so that a mangled link gets the same answer as an expired one.
export const TokenParam = z.object({ token: z.string().max(500) });

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(roles),
    createdAt: z.string(),
    expiresAt: z.string(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  })
  .openapi('Invitation');

export const InvitationList = z.object({ items: z.array(InvitationSchema) });
export const InviteResult = z.object({ items: z.array(InvitationSchema), skipped: z.array(z.string()) });

export const InvitationPreview = z.object({
  community: z.object({ slug: z.string(), name: z.string(), domain: z.string() }),
  email: z.string(),
  invitedBy: z.object({ name: z.string() }).nullable(),
  expiresAt: z.string(),
});

export const AcceptResult = z.object({ community: z.object({ slug: z.string() }), membership: MembershipSchema });
