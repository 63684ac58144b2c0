import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Attendee, AttendeeList, OccurrenceDetail } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { MemberSelect } from '../conversations/MemberSelect';
import { eventKeys, eventsApi } from './api';

function PersonName({ slug, person, link }: { slug: string; person: Attendee['user']; link: boolean }) {
  return link ? (
    <Anchor component={Link} to={`/c/${slug}/members/${person.id}`} size="sm" fw={500}>
      {person.name}
    </Anchor>
  ) : (
    <Text size="sm" fw={500} span>
      {person.name}
    </Text>
  );
}

/**
 * Who is going and who waits, in order; for hosts once the session is under way, a checklist of who
 * came (walk-ins can be added) that counts the no-shows.
 */
export function Attendees({
  session,
  linkPeople,
  checklist,
}: {
  session: OccurrenceDetail;
  linkPeople: boolean;
  /** Hosts, from shortly before the start: tick who came. */
  checklist: boolean;
}) {
  const slug = session.community.slug;
  const queryClient = useQueryClient();
  const key = eventKeys.attendees(slug, session.id);
  const query = useQuery({
    queryKey: key,
    queryFn: () => eventsApi.attendees(slug, session.eventId, session.id),
  });
  const [walkIn, setWalkIn] = useState<string | null>(null);
  // A tick shows at once; the list from the server replaces it when the answer comes.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const mark = useMutation({
    mutationFn: (changes: { userId: string; attended: boolean }[]) =>
      eventsApi.setAttendance(slug, session.eventId, session.id, { attendance: changes }),
    onSuccess: async (list: AttendeeList, changes) => {
      queryClient.setQueryData(key, list);
      if (changes.length === 1 && changes[0].userId === walkIn) {
        setWalkIn(null);
        notifySuccess('Added to who came.');
      }
      await queryClient.invalidateQueries({ queryKey: eventKeys.session(slug, session.id), exact: true });
    },
    onError: notifyError,
    onSettled: (_data, _error, changes) =>
      setTicked((prev) => {
        const next = { ...prev };
        for (const c of changes) delete next[c.userId];
        return next;
      }),
  });
  const tick = (userId: string, attended: boolean) => {
    setTicked((prev) => ({ ...prev, [userId]: attended }));
    mark.mutate([{ userId, attended }]);
  };

  return (
    <Card component="section" aria-labelledby="session-attendees" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="session-attendees">
            {checklist ? 'Who came' : 'Who is going'}
          </Title>
          {query.data && checklist && (
            <Text size="sm" fw={600} aria-live="polite">
              {query.data.attendedCount} of {query.data.going.length} came
              {query.data.noShowCount !== null ? ` · ${plural(query.data.noShowCount, 'no-show')}` : ''}
            </Text>
          )}
        </Group>
        {query.isPending ? (
          <Loading label="Loading who is going" />
        ) : query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <>
            {query.data.going.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nobody has said they are going yet.
              </Text>
            ) : checklist ? (
              <Stack gap={8} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Attendance">
                {query.data.going.map((a) => (
                  <li key={a.user.id}>
                    <Group gap="sm" wrap="nowrap">
                      <Checkbox
                        checked={ticked[a.user.id] ?? a.attended}
                        onChange={(e) => tick(a.user.id, e.currentTarget.checked)}
                        label={a.user.name}
                        aria-label={`Came: ${a.user.name}`}
                      />
                      {a.attendanceSource === 'code' && (
                        <Badge size="xs" variant="light" color="gray" c="dark.6" tt="none">
                          checked in
                        </Badge>
                      )}
                    </Group>
                  </li>
                ))}
              </Stack>
            ) : (
              <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Going">
                {query.data.going.map((a, i) => (
                  <li key={a.user.id}>
                    <PersonName slug={slug} person={a.user} link={linkPeople} />
                    {i < query.data.going.length - 1 ? ',' : ''}
                  </li>
                ))}
              </Group>
            )}
            {checklist && (
              <Group gap="sm" align="flex-end">
                <MemberSelect
                  slug={slug}
                  label="Someone came without answering?"
                  placeholder="Find them by name"
                  value={walkIn}
                  onChange={(id) => setWalkIn(id)}
                  style={{ flex: '1 1 240px' }}
                />
                <Button
                  variant="default"
                  disabled={!walkIn}
                  loading={mark.isPending && mark.variables?.[0]?.userId === walkIn}
                  onClick={() => walkIn && mark.mutate([{ userId: walkIn, attended: true }])}
                >
                  Mark as came
                </Button>
              </Group>
            )}
            {query.data.waitlist.length > 0 && (
              <Stack gap={6}>
                <Text size="sm" fw={600}>
                  Waitlist
                </Text>
                <Stack gap={4} component="ol" pl="lg" m={0} aria-label="Waitlist">
                  {query.data.waitlist.map((a) => (
                    <li key={a.user.id}>
                      <PersonName slug={slug} person={a.user} link={linkPeople} />
                    </li>
                  ))}
                </Stack>
              </Stack>
            )}
            {query.data.notGoingCount > 0 && (
              <Text size="xs" c="dimmed">
                {plural(query.data.notGoingCount, 'person', 'people')} can’t make it.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
