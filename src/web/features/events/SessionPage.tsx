import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconBooks,
  IconCalendarX,
  IconCircleCheck,
  IconCircleDashed,
  IconMapPin,
  IconPencil,
  IconRepeat,
  IconVideo,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import type { EventDetail, OccurrenceDetail } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { ApiError } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { Fact } from '../../ui/Fact';
import { plural } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { eventKeys, eventsApi } from './api';
import { Attendees } from './Attendees';
import { AddToCalendar } from './CalendarSubscribe';
import { ZoneNote } from './EventsPage';
import { EventKindBadge, SeatsBar, seatsText, sessionHref } from './kinds';
import { MyRsvpBadge, RsvpControls, useEventsChanged } from './RsvpControls';
import { SessionEditModal } from './SessionEditModal';
import { SessionNotesSection } from './SessionNotes';
import { sessionTime, useViewerZone, zoneLabel } from './time';

function useEvent(slug: string, eventId: string, enabled = true) {
  return useQuery({
    queryKey: eventKeys.event(slug, eventId),
    queryFn: () => eventsApi.event(slug, eventId),
    enabled,
  });
}

/** /c/:slug/events/:eventId: the series' next session (or its last, once it is over). */
export function EventRedirectPage() {
  const community = useCommunityContext();
  const { eventId = '' } = useParams();
  const query = useEvent(community.slug, eventId);
  if (query.isPending) return <Loading label="Finding the next session" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const now = Date.now();
  const list = query.data.occurrences;
  const next =
    list.find((o) => Date.parse(o.endsAt) > now && o.status === 'scheduled') ??
    list.find((o) => Date.parse(o.endsAt) > now) ??
    list.at(-1);
  if (!next) return <ErrorState error={new ApiError(404, 'not_found', 'Not found')} />;
  return <Navigate to={sessionHref(community.slug, next)} replace />;
}

export function SessionPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { eventId = '', occurrenceId = '' } = useParams();
  const query = useQuery({
    queryKey: eventKeys.session(slug, occurrenceId),
    queryFn: () => eventsApi.session(slug, eventId, occurrenceId),
  });
  useDocumentTitle(query.data ? `${query.data.title} · ${community.name}` : community.name);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/c/${slug}/events`} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Events
        </Group>
      </Anchor>
      {query.isPending ? (
        <Loading label="Loading the session" />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <SessionView session={query.data} />
      )}
    </Stack>
  );
}

/** Re-renders once a minute so "starts soon" and "has ended" stay true while the page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function SessionView({ session }: { session: OccurrenceDetail }) {
  const community = useCommunityContext();
  const slug = community.slug;
  const user = useCurrentUser();
  const { zone, source } = useViewerZone();
  const now = useNow();
  const when = sessionTime(session, zone);
  const started = Date.parse(session.startsAt) <= now;
  const ended = Date.parse(session.endsAt) <= now;
  const cancelled = session.status === 'cancelled';
  const checkInOpen = Date.parse(session.startsAt) - limits.checkInEarlyMinutes * 60_000 <= now;
  const series = useEvent(slug, session.eventId, session.recurring);
  const a = session.abilities;

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          {cancelled && (
            <Alert color="red" variant="light" icon={<IconCalendarX aria-hidden />} title="This session is cancelled">
              <Text size="sm">It will not take place. Everyone who was going or waiting was told.</Text>
            </Alert>
          )}
          <Card component="article" aria-labelledby="session-title" p={{ base: 'md', sm: 'xl' }}>
            <Stack gap="md">
              <Group gap={6}>
                <EventKindBadge kind={session.kind} size="md" />
                {session.recurring && (
                  <Badge
                    size="md"
                    variant="outline"
                    color="gray"
                    c="dark.5"
                    tt="none"
                    leftSection={<IconRepeat size={12} aria-hidden />}
                  >
                    Series
                  </Badge>
                )}
                {session.moved && !cancelled && (
                  <Badge size="md" color="yellow" variant="filled" c="dark.9" tt="none">
                    Moved
                  </Badge>
                )}
                {ended && !cancelled && (
                  <Badge size="md" color="gray" variant="light" c="dark.6" tt="none">
                    Has taken place
                  </Badge>
                )}
                <MyRsvpBadge rsvp={ended ? null : session.myRsvp} />
              </Group>
              <Title
                order={1}
                fz={{ base: 24, sm: 30 }}
                id="session-title"
                style={{ overflowWrap: 'anywhere' }}
                lh={1.25}
              >
                {session.title}
              </Title>
              <Stack gap={2}>
                <Text fw={600} size="lg" c="dark.7" data-testid="session-time">
                  <time dateTime={session.startsAt}>{when.local}</time>
                </Text>
                {when.organiser && (
                  <Text size="sm" c="dark.4">
                    {when.organiser}
                  </Text>
                )}
                <ZoneNote zone={zone} source={source} slug={slug} />
              </Stack>
              <Stack gap={6}>
                {session.place && (
                  <Group gap={6} wrap="nowrap" c="dark.6">
                    <IconMapPin size={18} aria-hidden style={{ flexShrink: 0 }} />
                    <Text size="sm">{session.place}</Text>
                  </Group>
                )}
                {session.online && (
                  <Group gap={6} wrap="nowrap" c="dark.6">
                    <IconVideo size={18} aria-hidden style={{ flexShrink: 0 }} />
                    {session.onlineUrl ? (
                      <Anchor href={session.onlineUrl} target="_blank" rel="noopener noreferrer nofollow" size="sm">
                        Join online<span className="cp-visually-hidden"> (opens in a new tab)</span>
                      </Anchor>
                    ) : (
                      <Text size="sm">Online — members see the link</Text>
                    )}
                  </Group>
                )}
                {session.hosts.length > 0 && (
                  <Text size="sm" c="dark.6">
                    {session.hosts.some((h) => h.role === 'speaker') ? 'Hosts and speakers: ' : 'Hosted by '}
                    {session.hosts.map((h, i) => (
                      <span key={h.user.id}>
                        {i > 0 && ', '}
                        {community.abilities.viewMembers ? (
                          <Anchor component={Link} to={`/c/${slug}/members/${h.user.id}`} inherit fw={600}>
                            {h.user.name}
                          </Anchor>
                        ) : (
                          <b>{h.user.name}</b>
                        )}
                        {h.role === 'speaker' ? ' (speaker)' : ''}
                      </span>
                    ))}
                  </Text>
                )}
              </Stack>
              {!ended && !cancelled && (
                <Stack gap="sm">
                  <Box maw={420}>
                    <SeatsBar seats={session} />
                  </Box>
                  <RsvpControls slug={slug} session={session} canAnswer={a.rsvp} signedIn={Boolean(user)} />
                  <Group gap="sm">
                    <AddToCalendar
                      slug={slug}
                      eventId={session.eventId}
                      occurrenceId={session.id}
                      recurring={session.recurring}
                    />
                  </Group>
                </Stack>
              )}
              {a.checkIn && !session.myRsvp?.attended && <CheckIn session={session} />}
              {session.myRsvp?.attended && (
                <Group gap={6} c="green.9">
                  <IconCircleCheck size={18} aria-hidden />
                  <Text size="sm" fw={600}>
                    You came to this session.
                  </Text>
                </Group>
              )}
              {session.agenda.trim() && (
                <Stack gap={4}>
                  <Title order={2} size="h5">
                    Agenda
                  </Title>
                  <div className="markdown" dangerouslySetInnerHTML={{ __html: session.agendaHtml }} />
                </Stack>
              )}
            </Stack>
          </Card>
          {session.ama && <AmaQuestions session={session} />}
          {(started || session.notes) && <SessionNotesSection session={session} />}
          {a.viewAttendees && (
            <Attendees
              session={session}
              linkPeople={community.abilities.viewMembers}
              checklist={a.manageAttendance && checkInOpen && !cancelled}
            />
          )}
          {series.data && series.data.occurrences.length > 1 && (
            <OtherSessions event={series.data} current={session.id} zone={zone} />
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          {(a.edit || a.cancel) && <HostTools session={session} ended={ended} />}
          {(a.promote || session.resource) && <RepertoireCard session={session} ended={ended} />}
          <SessionFacts session={session} attendedKnown={ended} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function CheckIn({ session }: { session: OccurrenceDetail }) {
  const slug = session.community.slug;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const changed = useEventsChanged(slug);
  const checkIn = useMutation({
    mutationFn: () => eventsApi.checkIn(slug, session.eventId, session.id, code.trim()),
    onSuccess: async () => {
      notifySuccess('You are checked in. Enjoy the session!');
      await changed();
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.field === 'code' || e.status === 409)) setError(e.message);
      else notifyError(e);
    },
  });
  return (
    <form
      aria-label="Check in"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (code.trim()) checkIn.mutate();
      }}
    >
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Check in with the code the host shows"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error}
          autoComplete="off"
          w={260}
        />
        <Button type="submit" variant="light" loading={checkIn.isPending} disabled={!code.trim()}>
          Check in
        </Button>
      </Group>
    </form>
  );
}

function AmaQuestions({ session }: { session: OccurrenceDetail }) {
  const ama = session.ama!;
  const slug = session.community.slug;
  return (
    <Card component="section" aria-labelledby="session-ama" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="session-ama">
            Questions
          </Title>
          <Text size="sm" fw={600}>
            {ama.answeredCount} of {plural(ama.questionCount, 'question')} answered
          </Text>
        </Group>
        {ama.questions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No questions yet. Ask the first one before the session.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Questions asked">
            {ama.questions.map((q) => (
              <Group key={q.replyId} component="li" gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon
                  size={24}
                  radius="xl"
                  variant="light"
                  color={q.answered ? 'green' : 'gray'}
                  c={q.answered ? 'green.9' : 'dark.4'}
                  aria-hidden
                >
                  {q.answered ? <IconCircleCheck size={16} /> : <IconCircleDashed size={16} />}
                </ThemeIcon>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/c/${slug}/posts/${ama.postId}#reply-${q.replyId}`} size="sm">
                    {q.excerpt}
                  </Anchor>
                  <Text size="xs" c="dark.4">
                    {q.author?.name ?? 'Someone'} · {q.answered ? 'Answered' : 'Not answered yet'}
                  </Text>
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
        <Button
          component={Link}
          to={`/c/${slug}/posts/${ama.postId}`}
          variant="light"
          style={{ alignSelf: 'flex-start' }}
        >
          Ask a question
        </Button>
      </Stack>
    </Card>
  );
}

function OtherSessions({ event, current, zone }: { event: EventDetail; current: string; zone: string }) {
  const slug = event.community.slug;
  const now = Date.now();
  const index = event.occurrences.findIndex((o) => o.id === current);
  // Those still to come after this one, or the few before it when the series is over.
  const ahead = event.occurrences.filter((o, i) => i !== index && Date.parse(o.endsAt) > now);
  const shown = (ahead.length ? ahead : event.occurrences.filter((o) => o.id !== current).reverse()).slice(0, 6);
  if (shown.length === 0) return null;
  return (
    <Card component="section" aria-labelledby="session-series" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4" id="session-series">
          {ahead.length ? 'Other sessions of the series' : 'Earlier sessions'}
        </Title>
        <Text size="sm" c="dimmed">
          Each session has its own RSVP: going to one does not sign you up for the others.
        </Text>
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Other sessions">
          {shown.map((o) => (
            <Group key={o.id} component="li" justify="space-between" gap="xs" wrap="wrap">
              <Anchor
                component={Link}
                to={sessionHref(slug, o)}
                size="sm"
                td={o.status === 'cancelled' ? 'line-through' : undefined}
              >
                {sessionTime(o, zone).local}
              </Anchor>
              <Group gap={6}>
                {o.status === 'cancelled' ? (
                  <Badge color="red" variant="light" c="red.9" tt="none">
                    Cancelled
                  </Badge>
                ) : (
                  <Text size="xs" c="dark.4">
                    {seatsText(o)}
                  </Text>
                )}
                <MyRsvpBadge rsvp={o.myRsvp} />
              </Group>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}

function HostTools({ session, ended }: { session: OccurrenceDetail; ended: boolean }) {
  const slug = session.community.slug;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editOpen, edit] = useDisclosure(false);
  const [confirm, setConfirm] = useState<'session' | 'series' | null>(null);
  const cancelled = session.status === 'cancelled';
  const seriesOpen = session.series.status !== 'cancelled';
  const cancel = useMutation({
    mutationFn: async (what: 'session' | 'series') => {
      if (what === 'series') await eventsApi.cancel(slug, session.eventId);
      else await eventsApi.cancelSession(slug, session.eventId, session.id);
      return what;
    },
    onSuccess: async (what) => {
      setConfirm(null);
      notifySuccess(
        what === 'series'
          ? 'The series is cancelled. Everyone going or waiting was told.'
          : 'The session is cancelled. Everyone going or waiting was told.',
      );
      await queryClient.invalidateQueries({ queryKey: eventKeys.all(slug) });
      if (what === 'series') navigate(`/c/${slug}/events`);
    },
  });
  return (
    <Card padding="lg" component="aside" aria-labelledby="session-host-tools">
      <Stack gap="sm">
        <Title order={2} size="h5" id="session-host-tools">
          For hosts
        </Title>
        {session.checkInCode && !cancelled && !ended && (
          <Stack gap={2}>
            <Text size="sm">Check-in code to show in the room:</Text>
            <Code
              fz="xl"
              fw={700}
              style={{ letterSpacing: '0.15em', alignSelf: 'flex-start' }}
              aria-label="Check-in code"
            >
              {session.checkInCode}
            </Code>
          </Stack>
        )}
        {session.abilities.edit && !cancelled && !ended && (
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
            Edit this session
          </Button>
        )}
        {session.abilities.edit && seriesOpen && (
          <Button
            variant="default"
            component={Link}
            to={`/c/${slug}/events/${session.eventId}/edit`}
            leftSection={<IconRepeat size={16} aria-hidden />}
          >
            {session.recurring ? 'Edit the whole series' : 'Edit the event'}
          </Button>
        )}
        {session.abilities.cancel && !cancelled && !ended && (
          <Button variant="subtle" color="red" c="red.9" onClick={() => setConfirm('session')}>
            Cancel this session
          </Button>
        )}
        {session.abilities.cancel && session.recurring && seriesOpen && (
          <Button variant="subtle" color="red" c="red.9" onClick={() => setConfirm('series')}>
            Cancel the whole series
          </Button>
        )}
      </Stack>
      {editOpen && <SessionEditModal session={session} opened={editOpen} onClose={edit.close} />}
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'series' ? 'Cancel the whole series?' : 'Cancel this session?'}
        confirmLabel={confirm === 'series' ? 'Cancel the series' : 'Cancel the session'}
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => confirm && cancel.mutate(confirm)}
        onClose={() => {
          setConfirm(null);
          cancel.reset();
        }}
      >
        {confirm === 'series'
          ? 'Every session still to come is cancelled, and everyone going or waiting is told. Past sessions and their notes stay.'
          : `Everyone going (${session.goingCount}) or waiting (${session.waitlistCount}) is told. This cannot be undone.`}
      </ConfirmModal>
    </Card>
  );
}

function RepertoireCard({ session, ended }: { session: OccurrenceDetail; ended: boolean }) {
  const slug = session.community.slug;
  return (
    <Card padding="lg" component="aside" aria-labelledby="session-repertoire">
      <Stack gap="sm">
        <Group gap={6}>
          <IconBooks size={18} aria-hidden color="var(--mantine-color-lagoon-8)" />
          <Title order={2} size="h5" id="session-repertoire">
            Repertoire
          </Title>
        </Group>
        {session.resource ? (
          <Text size="sm">
            In the repertoire:{' '}
            <Anchor component={Link} to={`/c/${slug}/repertoire/${session.resource.id}`} inherit fw={600}>
              {session.resource.title}
            </Anchor>
          </Text>
        ) : session.notes && (session.notes.notes.trim() || session.notes.outcomes.trim()) ? (
          <>
            <Text size="sm">Keep what came out of this session: it becomes a resource that credits the hosts.</Text>
            <Button
              component={Link}
              to={`/c/${slug}/repertoire/new?fromOccurrence=${session.id}&fromEvent=${session.eventId}`}
              leftSection={<IconBooks size={16} aria-hidden />}
            >
              Add to repertoire
            </Button>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {ended
              ? 'Once the hosts add notes, you can add them to the repertoire.'
              : 'After the session, its notes can go into the repertoire.'}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function SessionFacts({ session, attendedKnown }: { session: OccurrenceDetail; attendedKnown: boolean }) {
  const organiser = sessionTime(session, session.timeZone);
  return (
    <Card padding="lg" component="aside" aria-labelledby="session-facts">
      <Stack gap="sm">
        <Title order={2} size="h5" id="session-facts">
          About this session
        </Title>
        <Stack gap={6} component="dl" m={0}>
          <Fact label="Organiser’s time">{organiser.local}</Fact>
          <Fact label="Organiser’s zone">{zoneLabel(session.timeZone, new Date(session.startsAt))}</Fact>
          <Fact label="Seats">{session.capacity === null ? 'No limit' : session.capacity}</Fact>
          <Fact label="Going">{session.goingCount}</Fact>
          {session.waitlistCount > 0 && <Fact label="Waiting">{session.waitlistCount}</Fact>}
          {session.recurring && <Fact label="Series">{plural(session.series.occurrenceCount, 'session')}</Fact>}
          {session.promotion === 'offer' && (
            <Fact label="Freed seats">Offered by mail in the last {session.offerHours} h</Fact>
          )}
          {attendedKnown && session.attendedCount !== null && <Fact label="Came">{session.attendedCount}</Fact>}
          {attendedKnown && session.noShowCount !== null && <Fact label="No-shows">{session.noShowCount}</Fact>}
        </Stack>
      </Stack>
    </Card>
  );
}
