import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconNews, IconSparkles } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { RoundupSummary } from '../../../common/api-types';
import { Empty } from '../../ui/Empty';
import { formatDateTime, plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { roundupKeys, roundupsApi } from './api';
import { periodLabel, RoundupStatusBadge } from './sections';

/** The community's weekly round-ups: drafts to finish, ones scheduled, and how the sent ones did. */
export function RoundupsPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const allowed = community.abilities.manageRoundups;
  useDocumentTitle(`Round-ups · ${community.name}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: roundupKeys.list(slug),
    queryFn: () => roundupsApi.list(slug),
    enabled: allowed,
    // A round-up being sent counts up its deliveries.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'sending') ? 5_000 : false),
  });
  const draft = useMutation({
    mutationFn: () => roundupsApi.draft(slug),
    onSuccess: async (made) => {
      queryClient.setQueryData(roundupKeys.one(slug, made.id), made);
      await queryClient.invalidateQueries({ queryKey: roundupKeys.list(slug) });
      void navigate(`/c/${slug}/roundups/${made.id}`);
    },
    onError: notifyError,
  });

  if (!allowed) return <NotFound />;

  const draftButton = (
    <Button
      leftSection={<IconSparkles size={16} aria-hidden />}
      loading={draft.isPending}
      onClick={() => draft.mutate()}
    >
      Draft this week’s round-up
    </Button>
  );

  return (
    <>
      <PageHeader
        order={2}
        title="Round-ups"
        description="A weekly mail to members with what happened: answers, new resources, events, wins and questions that need help. Each member’s copy puts their interests first."
        actions={draftButton}
      />
      {list.isPending ? (
        <Loading label="Loading round-ups" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty icon={<IconNews size={28} />} title="No round-ups yet" action={draftButton}>
          A draft is made every Monday morning from the week’s activity. You can also draft one now, then choose what
          goes in, write a few words of introduction and send it.
        </Empty>
      ) : (
        <Stack gap="sm" component="ul" aria-label="Round-ups" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.data.map((r) => (
            <li key={r.id}>
              <RoundupRow slug={slug} roundup={r} />
            </li>
          ))}
        </Stack>
      )}
    </>
  );
}

function when(r: RoundupSummary): string {
  switch (r.status) {
    case 'scheduled':
      return r.scheduledFor ? `Goes out ${formatDateTime(r.scheduledFor)}` : 'Scheduled';
    case 'sending':
      return 'Going out now';
    case 'sent':
      return r.sentAt ? `Sent ${formatDateTime(r.sentAt)}` : 'Sent';
    case 'cancelled':
      return 'Not sent';
    default:
      return 'Not sent yet';
  }
}

function RoundupRow({ slug, roundup: r }: { slug: string; roundup: RoundupSummary }) {
  const titleId = `roundup-${r.id}`;
  const reached = r.status === 'sent' || r.status === 'sending';
  return (
    <Card padding="md" className="cp-card-link" component="article" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <RoundupStatusBadge status={r.status} />
            <Anchor
              component={Link}
              to={`/c/${slug}/roundups/${r.id}`}
              fw={650}
              c="dark.8"
              underline="hover"
              id={titleId}
              style={{ overflowWrap: 'anywhere' }}
            >
              {r.subject || 'Untitled round-up'}
            </Anchor>
          </Group>
          <Text size="sm" c="dark.4">
            {periodLabel(r.periodStart, r.periodEnd)} · {plural(r.itemCount, 'item')} · {when(r)}
          </Text>
        </Stack>
        {reached && (
          <Group gap="lg" component="dl" m={0} wrap="nowrap">
            <Figure
              label="Delivered"
              value={`${r.deliveredCount.toLocaleString()} / ${r.recipientCount.toLocaleString()}`}
            />
            <Figure label="Clicks" value={r.clickCount.toLocaleString()} />
          </Group>
        )}
      </Group>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text component="dt" size="xs" c="dark.4">
        {label}
      </Text>
      <Text component="dd" m={0} fw={700} className="cp-count">
        {value}
      </Text>
    </Stack>
  );
}
