import type { Role } from '../../../common/limits.js';
import type { InvitationWithInviter } from './repo.js';

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export function invitationStatus(
  i: Pick<InvitationWithInviter, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now = Date.now(),
): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

export const presentInvitation = (i: InvitationWithInviter) => ({
  id: i.id,
  email: i.email,
  role: i.role as Role,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
  invitedBy: i.invitedBy && i.inviterName !== null ? { id: i.invitedBy, name: i.inviterName } : null,
  status: invitationStatus(i),
});

export const presentPreview = (row: {
  invitation: { email: string; expiresAt: Date };
  community: { slug: string; name: string; domain: string };
  inviterName: string | null;
}) => ({
  community: { slug: row.community.slug, name: row.community.name, domain: row.community.domain },
  email: row.invitation.email,
  invitedBy: row.inviterName !== null ? { name: row.inviterName } : null,
  expiresAt: row.invitation.expiresAt.toISOString(),
});
