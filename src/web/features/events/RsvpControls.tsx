import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCalendarCheck, IconHourglass, IconTicket } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import type { MyRsvp, OccurrenceSummary, RsvpAnswer, RsvpResult } from '../../../common/api-types';
import { notifyError, notifySuccess } from '../../ui/notify';
import { eventKeys, eventsApi } from './api';

/** After an answer: every list and page that shows the session's seats or the member's place. */
export function useEventsChanged(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: eventKeys.all(slug) });
}

export function rsvpMessage(rsvp: MyRsvp): string {
  switch (rsvp.status) {
    case 'going':
      return 'You’re going. We’ll remind you a day and an hour before.';
    case 'waitlisted':
      return `The session is full: you’re #${rsvp.position} on the waitlist. If a seat frees up, we’ll tell you.`;
    default:
      return 'Your place is given up. Thanks for letting the others know.';
  }
}

/** The member's answer as a badge: "You're going", "Waitlist #3". */
export function MyRsvpBadge({ rsvp }: { rsvp: MyRsvp | null }) {
  if (!rsvp || rsvp.status === 'not_going') return null;
  return rsvp.status === 'going' ? (
    <Badge
      color="green"
      variant="light"
      c="green.9"
      tt="none"
      leftSection={<IconCalendarCheck size={13} aria-hidden />}
    >
      You’re going
    </Badge>
  ) : (
    <Badge color="orange.3" variant="filled" c="dark.9" tt="none" leftSection={<IconHourglass size={13} aria-hidden />}>
      Waitlist #{rsvp.position}
    </Badge>
  );
}

/**
 * Going / not going for one session. A full session turns "going" into a place on the waitlist;
 * a seat offered by mail is claimed here. `canAnswer` false shows what the member answered (or a
 * way in for visitors) without the buttons.
 */
export function RsvpControls({
  slug,
  session,
  canAnswer,
  signedIn,
  compact = false,
}: {
  slug: string;
  session: Pick<OccurrenceSummary, 'id' | 'eventId' | 'title' | 'myRsvp' | 'capacity' | 'goingCount' | 'status'>;
  canAnswer: boolean;
  signedIn: boolean;
  compact?: boolean;
}) {
  const location = useLocation();
  const changed = useEventsChanged(slug);
  const rsvp = session.myRsvp;
  const answer = useMutation({
    mutationFn: (status: RsvpAnswer) => eventsApi.rsvp(slug, session.eventId, session.id, status),
    onSuccess: async (result: RsvpResult) => {
      notifySuccess(rsvpMessage(result.rsvp));
      await changed();
    },
    onError: notifyError,
  });
  const claim = useMutation({
    mutationFn: () => eventsApi.claim(slug, session.eventId, session.id),
    onSuccess: async (result) => {
      notifySuccess(rsvpMessage(result.rsvp));
      await changed();
    },
    onError: async (error) => {
      notifyError(error);
      await changed();
    },
  });
  const size = compact ? 'xs' : 'sm';
  const pending = answer.isPending || claim.isPending;
  const full = session.capacity !== null && session.goingCount >= session.capacity;

  if (session.status === 'cancelled') return null;
  if (!signedIn) {
    return (
      <Button
        size={size}
        variant="light"
        component={Link}
        to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}
      >
        Sign in to RSVP
      </Button>
    );
  }

  const status = rsvp?.status ?? null;
  const label = `${session.title}: `;
  return (
    <Stack gap="xs" align={compact ? 'flex-end' : 'stretch'}>
      {!compact && status === 'going' && (
        <Alert
          color="green"
          variant="light"
          icon={<IconCalendarCheck aria-hidden />}
          title="You’re going"
          role="status"
        >
          <Text size="sm">
            Your seat is kept. If you cannot come after all, give it up so someone on the waitlist can.
          </Text>
        </Alert>
      )}
      {!compact && status === 'waitlisted' && !rsvp?.offered && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconHourglass aria-hidden />}
          title={`You’re on the waitlist (#${rsvp?.position})`}
          styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
          role="status"
        >
          <Text size="sm">When someone gives up their seat, the first on the waitlist gets it and is told.</Text>
        </Alert>
      )}
      {status === 'waitlisted' && rsvp?.offered && (
        <Alert color="lagoon" variant="light" icon={<IconTicket aria-hidden />} title="A seat is free" role="status">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">A seat was offered to the waitlist: the first to take it has it.</Text>
            <Button size="xs" loading={claim.isPending} onClick={() => claim.mutate()}>
              Take the seat
            </Button>
          </Stack>
        </Alert>
      )}
      {compact && status !== null && status !== 'not_going' && <MyRsvpBadge rsvp={rsvp} />}
      {canAnswer && (
        <Group gap="xs" justify={compact ? 'flex-end' : 'flex-start'}>
          {status === 'going' || status === 'waitlisted' ? (
            <Button
              size={size}
              variant="default"
              loading={answer.isPending}
              disabled={pending}
              onClick={() => answer.mutate('not_going')}
              aria-label={
                compact ? `${label}${status === 'going' ? 'give up my seat' : 'leave the waitlist'}` : undefined
              }
            >
              {status === 'going' ? 'Give up my seat' : 'Leave the waitlist'}
            </Button>
          ) : (
            <Button
              size={size}
              loading={answer.isPending}
              disabled={pending}
              onClick={() => answer.mutate('going')}
              leftSection={<IconCalendarCheck size={16} aria-hidden />}
              aria-label={compact ? `${label}${full ? 'join the waitlist' : 'I’m going'}` : undefined}
            >
              {full ? 'Join the waitlist' : 'I’m going'}
            </Button>
          )}
          {!compact && status !== 'not_going' && status === null && (
            <Button
              size={size}
              variant="subtle"
              color="dark"
              disabled={pending}
              onClick={() => answer.mutate('not_going')}
            >
              Can’t make it
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
