import {
  Autocomplete,
  Badge,
  Button,
  Card,
  Container,
  Group,
  Progress,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { IconPlayerStop, IconReload, IconSearch } from '@tabler/icons-react';
import cronstrue from 'cronstrue';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Job, JobList, JobSchedule, JobStatus } from '../../../common/api-types';
import { jobStatuses } from '../../../common/limits';
import { query, request } from '../../api';
import { formatDateTime, formatRelative } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';

/** A cron expression in words ("At 07:00, only on Monday"); the expression itself when it cannot be read. */
function describeCron(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return cron;
  }
}

const REFRESH_MS = 5_000;

const jobsApi = {
  list: (filters: { status?: JobStatus | ''; type?: string; cursor?: string | null }) =>
    request<JobList>('GET', `/admin/jobs${query(filters)}`),
  retry: (id: number) => request<unknown>('POST', `/admin/jobs/${id}/retry`),
  cancel: (id: number) => request<unknown>('POST', `/admin/jobs/${id}/cancel`),
  schedules: () => request<JobSchedule[]>('GET', '/admin/job-schedules'),
};

const jobKeys = {
  all: ['admin', 'jobs'] as const,
  list: (filters: { status: string; type: string }) => ['admin', 'jobs', 'list', filters] as const,
  schedules: ['admin', 'jobs', 'schedules'] as const,
};

const STATUS: Record<JobStatus, { label: string; color: string; variant: string }> = {
  queued: { label: 'Queued', color: 'gray', variant: 'light' },
  running: { label: 'Running', color: 'blue.8', variant: 'filled' },
  succeeded: { label: 'Succeeded', color: 'lagoon', variant: 'light' },
  failed: { label: 'Failed', color: 'red.8', variant: 'filled' },
  cancelled: { label: 'Cancelled', color: 'gray', variant: 'outline' },
};

function JobStatusBadge({ status }: { status: JobStatus }) {
  const meta = STATUS[status] ?? STATUS.queued;
  return (
    <Badge color={meta.color} variant={meta.variant}>
      {meta.label}
    </Badge>
  );
}

function readStatus(value: string | null): JobStatus | '' {
  return (jobStatuses as readonly string[]).includes(value ?? '') ? (value as JobStatus) : '';
}

/** The background work of this instance: what is waiting, running, done or failed, and the schedules. */
export function JobsPage() {
  useDocumentTitle('Jobs · Commonplace');
  const [params, setParams] = useSearchParams();
  const status = readStatus(params.get('status'));
  const [type, setType] = useState(params.get('type') ?? '');
  const [debouncedType] = useDebouncedValue(type.trim(), 300);
  const filters = { status, type: debouncedType };

  const jobs = useInfiniteQuery({
    queryKey: jobKeys.list(filters),
    queryFn: ({ pageParam }) => jobsApi.list({ ...filters, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const schedules = useQuery({ queryKey: jobKeys.schedules, queryFn: jobsApi.schedules, refetchInterval: REFRESH_MS });

  const setStatus = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== 'all') next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
  };

  const items = jobs.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = jobs.data?.pages[0]?.counts;
  const total = counts ? jobStatuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0) : null;
  const knownTypes = useMemo(
    () => [...new Set([...items.map((j) => j.type), ...(schedules.data ?? []).map((s) => s.type)])].sort(),
    [items, schedules.data],
  );

  return (
    <Container size="lg" py="xl">
      <PageHeader
        title="Jobs"
        description="Work this instance does in the background: mail, round-ups, reminders. Failed jobs can be tried again."
        actions={
          <Text size="xs" c="dark.4" aria-live="off">
            Updates every 5 seconds
            {jobs.dataUpdatedAt ? ` · last ${new Date(jobs.dataUpdatedAt).toLocaleTimeString()}` : ''}
          </Text>
        }
      />
      <Stack gap="xl">
        <Stack gap="md">
          <Tabs value={status || 'all'} onChange={setStatus}>
            <Tabs.List aria-label="Jobs by status">
              <Tabs.Tab value="all" fw={600} rightSection={total !== null && <CountBadge n={total} />}>
                All
              </Tabs.Tab>
              {jobStatuses.map((s) => (
                <Tabs.Tab
                  key={s}
                  value={s}
                  fw={600}
                  rightSection={
                    counts && (
                      <CountBadge
                        n={counts[s] ?? 0}
                        color={
                          (counts[s] ?? 0) === 0
                            ? 'gray'
                            : s === 'failed'
                              ? 'red.8'
                              : s === 'running'
                                ? 'blue.8'
                                : 'gray'
                        }
                      />
                    )
                  }
                >
                  {STATUS[s].label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <Autocomplete
            label="Type"
            placeholder="Any type, e.g. roundup.deliver"
            leftSection={<IconSearch size={16} aria-hidden />}
            data={knownTypes}
            value={type}
            onChange={setType}
            maw={360}
          />
          <Card padding={0}>
            {jobs.isPending ? (
              <Loading label="Loading jobs" />
            ) : jobs.error ? (
              <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
            ) : items.length === 0 ? (
              <Text c="dimmed" p="lg">
                {status || debouncedType ? 'No jobs match.' : 'No jobs yet.'}
              </Text>
            ) : (
              <JobsTable jobs={items} />
            )}
          </Card>
          {jobs.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void jobs.fetchNextPage()}
              loading={jobs.isFetchingNextPage}
              style={{ alignSelf: 'center' }}
            >
              Show more
            </Button>
          )}
        </Stack>

        <Stack gap="sm" component="section" aria-labelledby="schedules-title">
          <Title order={2} size="h4" id="schedules-title">
            Schedules
          </Title>
          <Text size="sm" c="dimmed">
            Jobs that are queued on a timetable, each in its own time zone.
          </Text>
          <Card padding={0}>
            {schedules.isPending ? (
              <Loading label="Loading schedules" />
            ) : schedules.error ? (
              <ErrorState error={schedules.error} onRetry={() => void schedules.refetch()} />
            ) : schedules.data.length === 0 ? (
              <Text c="dimmed" p="lg">
                No schedules.
              </Text>
            ) : (
              <SchedulesTable schedules={schedules.data} />
            )}
          </Card>
        </Stack>
      </Stack>
    </Container>
  );
}

function CountBadge({ n, color = 'gray' }: { n: number; color?: string }) {
  return (
    <Badge size="sm" color={color} variant={color === 'gray' ? 'light' : 'filled'} className="cp-count">
      {n.toLocaleString()}
    </Badge>
  );
}

function useJobActions() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: jobKeys.all });
  const retry = useMutation({
    mutationFn: (job: Job) => jobsApi.retry(job.id),
    onSuccess: async (_r, job) => {
      notifySuccess(`Job #${job.id} is queued again.`);
      await refresh();
    },
    onError: notifyError,
  });
  const cancel = useMutation({
    mutationFn: (job: Job) => jobsApi.cancel(job.id),
    onSuccess: async (_r, job) => {
      notifySuccess(`Job #${job.id} is cancelled.`);
      await refresh();
    },
    onError: notifyError,
  });
  return { retry, cancel };
}

function JobActions({ job }: { job: Job }) {
  const { retry, cancel } = useJobActions();
  return (
    <>
      {job.status === 'failed' && (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconReload size={14} aria-hidden />}
          loading={retry.isPending}
          onClick={() => retry.mutate(job)}
          aria-label={`Retry job ${job.id}`}
        >
          Retry
        </Button>
      )}
      {job.status === 'queued' && (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          c="red.9"
          leftSection={<IconPlayerStop size={14} aria-hidden />}
          loading={cancel.isPending}
          onClick={() => cancel.mutate(job)}
          aria-label={`Cancel job ${job.id}`}
        >
          Cancel
        </Button>
      )}
    </>
  );
}

function JobTitle({ job }: { job: Job }) {
  return (
    <>
      <Text size="sm" fw={600} ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {job.type}
      </Text>
      <Text size="xs" c="dark.4" style={{ overflowWrap: 'anywhere' }}>
        #{job.id}
        {job.communitySlug && (
          <>
            {' · '}
            <Link to={`/c/${job.communitySlug}`} style={{ color: 'inherit' }}>
              {job.communitySlug}
            </Link>
          </>
        )}
        {job.key && ` · ${job.key}`}
      </Text>
    </>
  );
}

function JobProgress({ job }: { job: Job }) {
  if (!job.progress || job.progress.total <= 0) {
    return (
      <Text size="xs" c="dark.4">
        —
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Progress
        value={Math.round((job.progress.done / job.progress.total) * 100)}
        size="sm"
        radius="xl"
        aria-label={`Progress of job ${job.id}`}
      />
      <Text size="xs" c="dark.4" className="cp-count">
        {job.progress.done.toLocaleString()} / {job.progress.total.toLocaleString()}
      </Text>
    </Stack>
  );
}

function JobError({ job }: { job: Job }) {
  if (!job.lastError) {
    return (
      <Text size="xs" c="dark.4">
        —
      </Text>
    );
  }
  return (
    <Tooltip
      label={job.lastError}
      multiline
      w={420}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
    >
      {/* Clamped on screen; the whole message stays in the text for screen readers. */}
      <Text size="xs" c="red.9" lineClamp={2} tabIndex={0} style={{ overflowWrap: 'anywhere' }}>
        {job.lastError}
      </Text>
    </Tooltip>
  );
}

function JobWhen({ job }: { job: Job }) {
  return (
    <>
      <Text size="sm">{formatDateTime(job.runAt)}</Text>
      <Text size="xs" c="dark.4">
        {job.finishedAt ? `finished ${formatRelative(job.finishedAt)}` : formatRelative(job.runAt)}
      </Text>
    </>
  );
}

function JobsTable({ jobs }: { jobs: Job[] }) {
  // On a phone seven columns do not fit: each job becomes a stacked row instead.
  const compact = useBelow('sm');
  if (compact) {
    return (
      <ul className="cp-stack-list" aria-label="Jobs">
        {jobs.map((job) => (
          <li key={job.id} style={{ padding: 'var(--mantine-spacing-md)' }}>
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <JobTitle job={job} />
                </div>
                <JobStatusBadge status={job.status} />
              </Group>
              <Text size="xs" c="dark.5">
                Attempt {job.attempts} of {job.maxAttempts} · runs {formatDateTime(job.runAt)}
              </Text>
              {job.progress && job.progress.total > 0 && <JobProgress job={job} />}
              {job.lastError && <JobError job={job} />}
              {(job.status === 'failed' || job.status === 'queued') && (
                <Group>
                  <JobActions job={job} />
                </Group>
              )}
            </Stack>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <Table.ScrollContainer minWidth={960} type="native" tabIndex={0} role="region" aria-label="Jobs, scrolls sideways">
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Runs at</Table.Th>
            <Table.Th>Progress</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>
                <JobTitle job={job} />
              </Table.Td>
              <Table.Td>
                <JobStatusBadge status={job.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="cp-count">
                  {job.attempts} / {job.maxAttempts}
                </Text>
              </Table.Td>
              <Table.Td>
                <JobWhen job={job} />
              </Table.Td>
              <Table.Td miw={140}>
                <JobProgress job={job} />
              </Table.Td>
              <Table.Td maw={320}>
                <JobError job={job} />
              </Table.Td>
              <Table.Td>
                <JobActions job={job} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SchedulesTable({ schedules }: { schedules: JobSchedule[] }) {
  return (
    <Table.ScrollContainer
      minWidth={820}
      type="native"
      tabIndex={0}
      role="region"
      aria-label="Schedules, scrolls sideways"
    >
      <Table verticalSpacing="sm" horizontalSpacing="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Schedule</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Next run</Table.Th>
            <Table.Th>Last run</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schedules.map((s) => (
            <Table.Tr key={s.name}>
              <Table.Td>
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {s.name}
                </Text>
                {(s.type !== s.name || s.communitySlug) && (
                  <Text size="xs" c="dark.4">
                    <Text span ff="monospace" inherit>
                      {s.type}
                    </Text>
                    {s.communitySlug && ` · ${s.communitySlug}`}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{describeCron(s.cron)}</Text>
                <Text size="xs" c="dark.4">
                  <Text span ff="monospace" inherit>
                    {s.cron}
                  </Text>{' '}
                  · {s.timeZone}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.enabled ? formatDateTime(s.nextRunAt) : '—'}</Text>
                {s.enabled && (
                  <Text size="xs" c="dark.4">
                    {formatRelative(s.nextRunAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.lastRunAt ? formatDateTime(s.lastRunAt) : 'Never'}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={s.enabled ? 'lagoon' : 'gray'} variant={s.enabled ? 'light' : 'outline'}>
                  {s.enabled ? 'On' : 'Off'}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
