import { Badge } from '@mantine/core';
import type { MembershipStatus, Role } from '../../common/api-types';
import { formatDate, labels } from './format';

export function StatusBadge({ status, breakUntil }: { status: MembershipStatus; breakUntil: string | null }) {
  switch (status) {
    case 'active':
      return <Badge color="lagoon">Active</Badge>;
    case 'on_break':
      return <BreakBadge until={breakUntil} />;
    case 'pending':
      return <Badge color="indigo">Request pending</Badge>;
    case 'alumni':
      return <Badge color="gray">Alumni</Badge>;
    default:
      return <Badge color="gray">Removed</Badge>;
  }
}

/** Filled, with the text colour chosen for contrast: amber text on a pale ground is unreadable. */
export function BreakBadge({ until }: { until: string | null }) {
  return (
    <Badge color="yellow" variant="filled" autoContrast>
      {until ? `On a break until ${formatDate(until)}` : 'On a break'}
    </Badge>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  const color = role === 'coordinator' ? 'indigo' : role === 'core' ? 'grape' : 'gray';
  return (
    <Badge color={color} variant="outline">
      {labels.role[role]}
    </Badge>
  );
}
