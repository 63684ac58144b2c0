import { Badge } from '@mantine/core';
import type { Membership } from '../../../common/api-types';
import { labels } from '../../ui/format';
import { BreakBadge } from '../../ui/StatusBadge';

export function MyMembershipBadge({ membership }: { membership: Membership | null }) {
  if (!membership) return null;
  switch (membership.status) {
    case 'active':
      return (
        <Badge color="lagoon" variant="filled">
          {membership.role === 'member' ? 'Joined' : labels.role[membership.role]}
        </Badge>
      );
    case 'on_break':
      return <BreakBadge until={membership.breakUntil} />;
    case 'pending':
      return <Badge color="indigo">Request pending</Badge>;
    case 'alumni':
      return <Badge color="gray">Alumni</Badge>;
    default:
      return null;
  }
}
