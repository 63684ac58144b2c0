import type { Membership, MembershipStatus } from '../../../common/api-types';

const CURRENT: readonly MembershipStatus[] = ['active', 'on_break'];

export function isMine(membership: Membership | null): boolean {
  return membership !== null && CURRENT.includes(membership.status);
}
