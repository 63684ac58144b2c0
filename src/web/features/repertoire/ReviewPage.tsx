import { Anchor, Box, Button, Group, Input, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconCalendarCheck, IconCalendarX, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ResourceSummary } from '../../../common/api-types';
import { reviewMonths } from '../../../common/limits';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { Empty } from '../../ui/Empty';
import { formatDate, plural } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCommunityContext } from '../communities/CommunityLayout';
import { SUCCESS_TEXT } from '../conversations/kinds';
import { FormatBadge, linkDomain, resourceHref, ResourceKindBadge, RESOURCE_KINDS } from './kinds';
import { useRepertoireOverview, useResourceSaved } from './queries';

const WINDOWS = [
  { value: '0', label: 'Due now' },
  { value: '30', label: 'Next 30 days' },
  { value: '90', label: 'Next 90 days' },
];

/** The curators' queue: resources whose review date has come, to confirm, update or retire as obsolete. */
export function ReviewPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  useDocumentTitle(`Review · Repertoire · ${community.name}`);
  const overview = useRepertoireOverview(slug);
  const [within, setWithin] = useState('0');
  const queue = useQuery({
    queryKey: [...keys.reviewQueue(slug), within],
    queryFn: () => api.reviewQueue(slug, Number(within)),
    placeholderData: keepPreviousData,
    enabled: Boolean(overview.data?.abilities.curate),
  });

  if (overview.isPending) return <Loading label="Loading" />;
  if (overview.error) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!overview.data.abilities.curate) return <NotFound />;

  const items = queue.data?.items ?? [];
  return (
    <>
      <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Repertoire
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title="Review queue"
        description={`Every resource comes back for a look: after ${reviewMonths.article} months, sooner for tools and templates (${reviewMonths.tool}), later for books and stories (${reviewMonths.book}). Is it still good?`}
      />
      <Stack gap="md">
        <Stack gap={4}>
          <Input.Label id="window-label" component="span">
            Show
          </Input.Label>
          <SegmentedControl
            aria-labelledby="window-label"
            value={within}
            onChange={setWithin}
            data={WINDOWS}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        {queue.isPending ? (
          <Loading label="Loading the queue" />
        ) : queue.error ? (
          <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
        ) : items.length === 0 ? (
          <Empty icon={<IconCircleCheck size={28} />} title="Nothing to review" color="green">
            {within === '0'
              ? 'Every resource is within its review date. Come back later, or look ahead.'
              : 'Nothing comes due in that time.'}
          </Empty>
        ) : (
          <Stack gap="sm">
            <Text size="sm" c="dimmed" role="status">
              {plural(items.length, 'resource')} to review
            </Text>
            <Paper withBorder>
              <ul className="cp-stack-list" aria-label="Resources to review">
                {items.map((r) => (
                  <ReviewRow key={r.id} slug={slug} resource={r} />
                ))}
              </ul>
            </Paper>
          </Stack>
        )}
      </Stack>
    </>
  );
}

function ReviewRow({ slug, resource }: { slug: string; resource: ResourceSummary }) {
  const saved = useResourceSaved(slug);
  const [obsolete, setObsolete] = useState(false);
  const review = useMutation({
    mutationFn: (outcome: 'confirm' | 'obsolete') => api.reviewResource(slug, resource.id, outcome),
    onSuccess: async (updated, outcome) => {
      setObsolete(false);
      notifySuccess(
        outcome === 'confirm'
          ? `“${resource.title}” confirmed${updated.reviewDueAt ? `; next review ${formatDate(updated.reviewDueAt)}` : ''}.`
          : `“${resource.title}” marked obsolete.`,
      );
      await saved(updated);
    },
    onError: (error) => {
      if (!obsolete) notifyError(error);
    },
  });
  const overdue = resource.reviewDueAt ? new Date(resource.reviewDueAt).getTime() < Date.now() : false;
  const domain = linkDomain(resource.url);
  const headingId = `review-${resource.id}`;
  return (
    <Box component="li" px={{ base: 'sm', sm: 'md' }} py="md">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap={6}>
            <ResourceKindBadge kind={resource.kind} />
            <FormatBadge format={resource.format} />
          </Group>
          <Title order={3} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={resourceHref(slug, resource.id)} c="dark.8" underline="hover" inherit>
              {resource.title}
            </Anchor>
          </Title>
          <Text size="xs" c="dark.5">
            {resource.reviewDueAt ? (
              <Text span inherit c={overdue ? 'red.9' : 'dark.6'} fw={700}>
                {overdue ? 'Was due ' : 'Due '}
                <TimeAgo value={resource.reviewDueAt} />
              </Text>
            ) : (
              'No review date'
            )}
            {' · '}
            {RESOURCE_KINDS[resource.kind].plural} come back every {reviewMonths[resource.kind]} months
            {domain ? ` · ${domain}` : ''}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap">
          <Button
            size="sm"
            variant="light"
            color="green"
            c={SUCCESS_TEXT}
            leftSection={<IconCalendarCheck size={16} aria-hidden />}
            loading={review.isPending && review.variables === 'confirm'}
            onClick={() => review.mutate('confirm')}
          >
            Confirm<span className="cp-visually-hidden"> “{resource.title}” is still good</span>
          </Button>
          <Button
            size="sm"
            variant="default"
            component={Link}
            to={`/c/${slug}/repertoire/${resource.id}/edit?review=1`}
            leftSection={<IconPencil size={16} aria-hidden />}
          >
            Update<span className="cp-visually-hidden"> “{resource.title}”, then confirm</span>
          </Button>
          <Button
            size="sm"
            variant="subtle"
            color="red"
            c="red.9"
            leftSection={<IconCalendarX size={16} aria-hidden />}
            onClick={() => setObsolete(true)}
          >
            Mark obsolete<span className="cp-visually-hidden">: “{resource.title}”</span>
          </Button>
        </Group>
      </Group>
      <ConfirmModal
        opened={obsolete}
        title="Mark it obsolete?"
        confirmLabel="Mark obsolete"
        pending={review.isPending}
        error={review.error}
        onConfirm={() => review.mutate('obsolete')}
        onClose={() => {
          review.reset();
          setObsolete(false);
        }}
      >
        “{resource.title}” leaves the listings and every path. It stays, with its history, for anyone who follows an old
        link.
      </ConfirmModal>
    </Box>
  );
}
