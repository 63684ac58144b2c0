import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { eventKeys, eventsApi } from '../events/api';
import { Section } from './Section';

/**
 * The personal calendar feed: a secret address of every session the member is going to, for a
 * calendar app. The address is shown once when made; making a new one retires the old.
 */
export function CalendarFeedSection() {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const feed = useQuery({ queryKey: eventKeys.calendarFeed, queryFn: eventsApi.calendarFeed });
  const create = useMutation({
    mutationFn: eventsApi.createCalendarFeed,
    onSuccess: (made) => {
      setUrl(made.url ?? null);
      queryClient.setQueryData(eventKeys.calendarFeed, { ...made, url: undefined });
    },
    onError: notifyError,
  });
  const revoke = useMutation({
    mutationFn: eventsApi.revokeCalendarFeed,
    onSuccess: async () => {
      setUrl(null);
      setConfirmRevoke(false);
      notifySuccess('The calendar address is switched off. Calendar apps using it stop updating.');
      await queryClient.invalidateQueries({ queryKey: eventKeys.calendarFeed });
    },
  });
  const webcal = url?.replace(/^https?:/, 'webcal:') ?? null;

  return (
    <Section
      id="calendar-feed"
      title="Calendar feed"
      description="A private address for your calendar app with every session you are going to, in all your communities. Anyone with the address can read it: keep it to yourself."
    >
      {feed.isPending ? (
        <Loading label="Loading your calendar feed" />
      ) : feed.error ? (
        <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />
      ) : (
        <Stack gap="sm">
          {url && webcal && (
            <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Your calendar address" role="status">
              <Stack gap="xs">
                <Text size="sm">
                  Copy it into your calendar app now (“Add calendar → From URL”, “New calendar subscription”). For your
                  safety it is not shown again.
                </Text>
                <Group gap="xs" wrap="nowrap" align="center">
                  <Code block className="cp-token-box" style={{ flex: 1 }} aria-label="Calendar feed address">
                    {url}
                  </Code>
                  <CopyButton value={url}>
                    {({ copied, copy }) => (
                      <Button
                        size="xs"
                        onClick={copy}
                        leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                      >
                        {copied ? 'Copied' : 'Copy address'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Group gap="sm">
                  <Button size="xs" variant="white" color="dark" component="a" href={webcal}>
                    Open in my calendar app
                  </Button>
                  <Button size="xs" variant="subtle" color="dark" onClick={() => setUrl(null)}>
                    Done
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {feed.data.active ? (
            <>
              <Text size="sm">
                Your feed is on
                {feed.data.prefix ? (
                  <>
                    {' '}
                    (address starting <Code>{feed.data.prefix}…</Code>)
                  </>
                ) : null}
                {feed.data.createdAt ? `, made ${formatDate(feed.data.createdAt)}` : ''}.{' '}
                {feed.data.lastUsedAt
                  ? `A calendar app last read it ${formatDate(feed.data.lastUsedAt)}.`
                  : 'No calendar app has read it yet.'}
              </Text>
              <Group gap="sm">
                <Button
                  variant="default"
                  leftSection={<IconRefresh size={16} aria-hidden />}
                  loading={create.isPending}
                  onClick={() => create.mutate()}
                >
                  Make a new address
                </Button>
                <Button variant="subtle" color="red" c="red.9" onClick={() => setConfirmRevoke(true)}>
                  Switch the feed off
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                A new address replaces the old one: use it if you shared the old one by mistake.
              </Text>
            </>
          ) : (
            <Group gap="sm" align="center">
              <Text size="sm">You have no calendar feed.</Text>
              <Button loading={create.isPending} onClick={() => create.mutate()}>
                Make my calendar address
              </Button>
            </Group>
          )}
        </Stack>
      )}
      <ConfirmModal
        opened={confirmRevoke}
        title="Switch the calendar feed off?"
        confirmLabel="Switch it off"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate()}
        onClose={() => setConfirmRevoke(false)}
      >
        Calendar apps using the address stop receiving your sessions. You can make a new address at any time.
      </ConfirmModal>
    </Section>
  );
}
