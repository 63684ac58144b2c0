import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconMailForward, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { formatDate, labels } from '../../ui/format';
import { InlineError } from '../../ui/PageState';
import { withNext } from '../../ui/safeNext';
import { useCurrentUser } from '../auth/session';
import { BreakModal, LeaveModal, RequestModal } from './MembershipModals';
import { useMembershipAction } from './useMembershipAction';

type Dialog = 'request' | 'break' | 'leave' | null;

function describe(community: CommunityDetail): string {
  const m = community.myMembership;
  if (!m) return community.pendingInvitation ? 'You have been invited to this community.' : 'You are not a member yet.';
  switch (m.status) {
    case 'active':
      return `You are ${labels.roleInSentence[m.role]} of this community.`;
    case 'on_break':
      return m.breakUntil ? `You are taking a break until ${formatDate(m.breakUntil)}.` : 'You are taking a break.';
    case 'pending':
      return 'Your request to join is waiting for a coordinator.';
    case 'alumni':
      return 'You are an alumnus of this community. Your contributions stay here.';
    default:
      return 'You are no longer a member of this community.';
  }
}

export function MembershipPanel({ community }: { community: CommunityDetail }) {
  const user = useCurrentUser();
  const location = useLocation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const action = useMembershipAction(community.slug, () => setDialog(null));
  const { abilities } = community;
  const close = () => setDialog(null);
  const open = (next: Dialog) => {
    action.reset();
    setDialog(next);
  };

  return (
    <Card component="section" aria-labelledby="membership-title">
      <Stack gap="sm">
        <Title order={2} size="h5" id="membership-title">
          Your membership
        </Title>
        {!user ? (
          <>
            <Text size="sm">Sign in to join this community.</Text>
            <Button component={Link} to={withNext('/signin', location.pathname)} fullWidth>
              Sign in to join
            </Button>
          </>
        ) : (
          <>
            <Text size="sm">{describe(community)}</Text>
            {community.pendingInvitation && !community.myMembership && (
              <Alert color="indigo" variant="light" icon={<IconMailForward aria-hidden />}>
                Open the invitation link in your email to accept it.
              </Alert>
            )}
            <InlineError error={dialog ? null : action.error} />
            <Stack gap="xs">
              {abilities.join && (
                <Button
                  loading={action.isPending}
                  onClick={() => action.mutate({ kind: 'join' })}
                  leftSection={<IconUserPlus size={16} aria-hidden />}
                >
                  Join community
                </Button>
              )}
              {abilities.requestToJoin && <Button onClick={() => open('request')}>Request to join</Button>}
              {abilities.returnFromBreak && (
                <Button loading={action.isPending} onClick={() => action.mutate({ kind: 'return' })}>
                  I'm back
                </Button>
              )}
              <Group grow gap="xs">
                {abilities.takeBreak && (
                  <Button variant="default" onClick={() => open('break')}>
                    Take a break
                  </Button>
                )}
                {abilities.leave && (
                  <Button variant="default" color="red" onClick={() => open('leave')}>
                    Leave
                  </Button>
                )}
              </Group>
              {abilities.invite && (
                <Button
                  component={Link}
                  to={`/c/${community.slug}/invitations`}
                  variant="light"
                  leftSection={<IconMailForward size={16} aria-hidden />}
                >
                  Invite
                </Button>
              )}
            </Stack>
          </>
        )}
      </Stack>
      <RequestModal opened={dialog === 'request'} onClose={close} action={action} communityName={community.name} />
      <BreakModal opened={dialog === 'break'} onClose={close} action={action} />
      <LeaveModal opened={dialog === 'leave'} onClose={close} action={action} communityName={community.name} />
    </Card>
  );
}
