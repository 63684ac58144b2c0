import type { apiTokens, sessions, users } from '../../db/schema/index.js';

type UserRow = typeof users.$inferSelect;

export const presentUser = (u: Pick<UserRow, 'id' | 'name' | 'email' | 'isAdmin' | 'handle'>) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  isAdmin: u.isAdmin,
  handle: u.handle,
});

export const presentSession = (s: typeof sessions.$inferSelect, currentId: string | null) => ({
  id: s.id,
  userAgent: s.userAgent,
  ip: s.ip,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  current: s.id === currentId,
});

export const presentApiToken = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export const presentAdminUser = (u: UserRow) => ({
  ...presentUser(u),
  disabled: !!u.disabledAt,
  createdAt: u.createdAt.toISOString(),
});
