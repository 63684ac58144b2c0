import { z } from '../../platform/http.js';
export { z };
import { limits } from '../../../common/limits.js';
import { isLocalPath } from '../../../common/next-path.js';

export const Email = z
  .string()
  .trim()
  .max(limits.email)
  .email()
  .transform((e) => e.toLowerCase())
  .openapi({ example: 'ada@example.org' });
// Length and the common-password check happen in the service, with clearer codes.
export const Password = z.string().max(1024);
export const Name = z.string().trim().min(1).max(limits.name);
/** Local paths only: "//host" and "/\host" would leave the site. */
export const NextPath = z.string().max(500).refine(isLocalPath, 'Only a path on this site is allowed.');

export const UserSchema = z
  .object({ id: z.string().uuid(), name: z.string(), email: z.string(), isAdmin: z.boolean(), handle: z.string() })
  .openapi('User');

export const SignUpInput = z.strictObject({ name: Name, email: Email, password: Password, next: NextPath.optional() });
export const SignInInput = z.strictObject({ email: Email, password: Password });
export const EmailInput = z.strictObject({ email: Email, next: NextPath.optional() });
export const TokenInput = z.strictObject({ token: z.string().min(10).max(200) });
export const ResetConfirmInput = z.strictObject({ token: z.string().min(10).max(200), password: Password });
/** How others @mention me: checked by the service against `handlePattern`, to answer `invalid_handle`. */
export const Handle = z.string().trim().max(100);
export const handlePattern = /^[a-z0-9_]{2,30}$/;
export const AccountUpdateInput = z.strictObject({
  name: Name.optional(),
  email: Email.optional(),
  handle: Handle.optional(),
});
export const PasswordChangeInput = z.strictObject({ currentPassword: Password, newPassword: Password });
export const ApiTokenInput = z.strictObject({ name: z.string().trim().min(1).max(limits.tokenName) });
export const IdParam = z.object({ id: z.string().uuid() });

export const MeSchema = z.object({ user: UserSchema.nullable(), csrfToken: z.string(), needsSetup: z.boolean() });
export const UserEnvelope = z.object({ user: UserSchema });
export const MessageSchema = z.object({ message: z.string() });
export const VerifiedSchema = z.object({ user: UserSchema, next: z.string().nullable() });
export const SessionSchema = z.object({
  id: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const AdminUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  isAdmin: z.boolean(),
  handle: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });
