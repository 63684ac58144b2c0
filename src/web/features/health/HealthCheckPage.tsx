import {
  Accordion,
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconHeartbeat, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { HealthCheck, HealthCheckRun, HealthFinding } from '../../../common/api-types';
import { isApiError } from '../../api';
import { formatDate, formatDateTime, plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';
import { DecidedFinding, FindingCard } from './FindingCard';
import { ActModal, DismissModal } from './FindingModals';
import { findingKeys, findingsApi } from './FindingsApi';

/** What the weekly check looks for, in the words a coordinator would use. */
const looksFor = [
  'questions in a topic left without an answer for more than two days, and who could answer them',
  'newcomers who joined a couple of weeks ago and have had no reply or connection yet',
  'one organiser carrying most of the events, round-ups or curation, and who could share it',
  'core members and co-creators who have gone quiet',
  'topics people discuss that have no resource in the repertoire yet',
];

const finished = (run: HealthCheckRun | null | undefined) =>
  !!run && (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled');

/** The coordinator's weekly health check: what needs attention, with evidence and people to ask. */
export function HealthCheckPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const allowed = community.abilities.viewHealth;
  useDocumentTitle(`Health check · ${community.name}`);
  const [params, setParams] = useSearchParams();
  const week = params.get('week');
  const queryClient = useQueryClient();

  const check = useQuery({
    queryKey: findingKeys.check(slug, week),
    queryFn: () => findingsApi.check(slug, week),
    enabled: allowed,
  });

  // A run asked for from this page, or one already under way when it opened.
  const [jobId, setJobId] = useState<number | null>(null);
  const watching = jobId ?? check.data?.running?.jobId ?? null;
  const run = useQuery({
    queryKey: findingKeys.run(slug, watching ?? 0),
    queryFn: () => findingsApi.run(slug, watching!),
    enabled: allowed && watching !== null,
    refetchInterval: (q) => (finished(q.state.data) ? false : 1_000),
  });
  const runStatus = run.data?.status;
  useEffect(() => {
    if (!watching || !finished(run.data)) return;
    setJobId(null);
    void queryClient.invalidateQueries({ queryKey: findingKeys.all(slug) });
    if (runStatus === 'succeeded') {
      notifySuccess('The check has run. The findings below are up to date.');
      if (week) setParams({}, { replace: true });
    } else
      notifications.show({
        color: 'red',
        title: 'The check did not finish',
        message: 'Try again in a few minutes. If it keeps failing, an administrator can see why among the jobs.',
        withBorder: true,
      });
    // Only the moment a run finishes matters here, not every change of the page's other state.
  }, [watching, runStatus]);

  const start = useMutation({
    mutationFn: () => findingsApi.runNow(slug),
    onSuccess: (made) => {
      queryClient.setQueryData(findingKeys.run(slug, made.jobId), made);
      setJobId(made.jobId);
    },
    onError: notifyError,
  });
  const running = start.isPending || (watching !== null && !finished(run.data));

  // Deciding: the finding whose modal is open, and the three ways to answer it.
  const [acting, setActing] = useState<HealthFinding | null>(null);
  const [dismissing, setDismissing] = useState<HealthFinding | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: findingKeys.all(slug) });
  const act = useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) => findingsApi.act(slug, id, note),
    onSuccess: async () => {
      setActing(null);
      notifySuccess('Marked as done.');
      await refresh();
    },
    // Someone else decided it in the meantime: the list catches up behind the message.
    onError: (error) => isApiError(error) && error.status === 409 && void refresh(),
  });
  const dismiss = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => findingsApi.dismiss(slug, id, reason),
    onSuccess: async () => {
      setDismissing(null);
      notifySuccess('Dismissed.');
      await refresh();
    },
    onError: (error) => isApiError(error) && error.status === 409 && void refresh(),
  });
  const reopen = useMutation({
    mutationFn: (id: string) => findingsApi.reopen(slug, id),
    onSuccess: async () => {
      notifySuccess('Reopened.');
      await refresh();
    },
    onError: (error) => {
      notifyError(error);
      if (isApiError(error) && error.status === 409) void refresh();
    },
  });

  if (!allowed) return <NotFound />;
  const steer = check.data?.abilities.steer ?? community.abilities.steerHealth;

  // While it runs the button stays readable (a greyed-out one is hard to read) and says so.
  const runButton = steer && (
    <Button
      variant={running ? 'light' : 'filled'}
      leftSection={running ? <Loader size={14} aria-hidden /> : <IconPlayerPlay size={16} aria-hidden />}
      aria-disabled={running}
      onClick={() => !running && start.mutate()}
    >
      {running ? 'Running the check…' : 'Run the check now'}
    </Button>
  );

  return (
    <>
      <HealthTabs />
      <PageHeader
        order={2}
        title="Health check"
        description={
          steer
            ? 'Each Monday the check looks over the community for things a coordinator can do something about, with the evidence and the people to ask.'
            : 'Each Monday the check looks over the community for things that need attention, with the evidence and the people to ask. Coordinators act on each finding or dismiss it.'
        }
        actions={runButton}
      />
      {running && <RunProgress run={run.data ?? null} />}
      {check.isPending ? (
        <Loading label="Loading the health check" />
      ) : isApiError(check.error, 'check_not_found') ? (
        <Alert color="lagoon" variant="light" title="No check ran that week" role="status">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{check.error.message}</Text>
            <Button size="xs" variant="white" onClick={() => setParams({})}>
              Show the latest week
            </Button>
          </Stack>
        </Alert>
      ) : check.error ? (
        <ErrorState error={check.error} onRetry={() => void check.refetch()} />
      ) : !check.data.check ? (
        <NoCheckYet action={runButton || null} />
      ) : (
        <CheckWeek
          slug={slug}
          data={check.data}
          steer={steer}
          onWeek={(w) => setParams(w === check.data.weeks[0]?.week ? {} : { week: w })}
          onAct={(f) => {
            act.reset();
            setActing(f);
          }}
          onDismiss={(f) => {
            dismiss.reset();
            setDismissing(f);
          }}
          reopening={reopen.isPending ? reopen.variables : null}
          onReopen={(f) => reopen.mutate(f.id)}
        />
      )}
      <ActModal
        finding={acting}
        pending={act.isPending}
        error={act.error}
        onSubmit={(note) => acting && act.mutate({ id: acting.id, note })}
        onClose={() => setActing(null)}
      />
      <DismissModal
        finding={dismissing}
        pending={dismiss.isPending}
        error={dismiss.error}
        onSubmit={(reason) => dismissing && dismiss.mutate({ id: dismissing.id, reason })}
        onClose={() => setDismissing(null)}
      />
    </>
  );
}

/** Before the first check: what it will look for, so the empty page still says something useful. */
function NoCheckYet({ action }: { action: ReactNode }) {
  return (
    <Card>
      <Stack align="center" gap="sm" py="lg">
        <ThemeIcon size={52} radius="xl" variant="light" color="lagoon" aria-hidden>
          <IconHeartbeat size={28} />
        </ThemeIcon>
        <Text fw={600} ta="center">
          No health check has run yet
        </Text>
        <Text c="dimmed" size="sm" maw={520} ta="center">
          Every Monday morning the check reads the community’s activity and lists what needs a coordinator’s attention,
          each with its evidence and the people to ask. It looks for:
        </Text>
        <Text component="ul" c="dimmed" size="sm" maw={520} m={0} pl="lg">
          {looksFor.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </Text>
        {action}
      </Stack>
    </Card>
  );
}

function RunProgress({ run }: { run: HealthCheckRun | null }) {
  const share = run?.progress && run.progress.total > 0 ? (run.progress.done / run.progress.total) * 100 : null;
  return (
    <Alert
      color="lagoon"
      variant="light"
      mb="lg"
      role="status"
      icon={<Loader size={18} aria-hidden />}
      title={run?.status === 'running' ? 'The check is running' : 'The check is about to run'}
    >
      <Stack gap="xs">
        <Text size="sm">It reads the community’s activity; the findings below refresh when it is done.</Text>
        {share !== null && <Progress value={share} size="sm" aria-label="How far the check has got" />}
      </Stack>
    </Alert>
  );
}

function weekLabel(w: HealthCheck['weeks'][number]): string {
  const state = w.total === 0 ? 'nothing found' : w.open ? `${w.open} open` : 'all dealt with';
  return `Week of ${formatDate(w.week)} · ${state}`;
}

function CheckWeek({
  slug,
  data,
  steer,
  onWeek,
  onAct,
  onDismiss,
  reopening,
  onReopen,
}: {
  slug: string;
  data: HealthCheck;
  steer: boolean;
  onWeek: (week: string) => void;
  onAct: (f: HealthFinding) => void;
  onDismiss: (f: HealthFinding) => void;
  reopening: string | null;
  onReopen: (f: HealthFinding) => void;
}) {
  const check = data.check!;
  const open = data.findings.filter((f) => f.status === 'open');
  const acted = data.findings.filter((f) => f.status === 'acted');
  const dismissed = data.findings.filter((f) => f.status === 'dismissed');
  const summary =
    open.length === 0
      ? 'Nothing needs attention'
      : `${plural(open.length, 'thing')} ${open.length === 1 ? 'needs' : 'need'} attention`;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Title order={3} size="h3">
            {summary}
          </Title>
          <Text size="sm" c="dark.4">
            Checked {formatDateTime(check.ranAt)}
            {acted.length > 0 && ` · ${acted.length} done`}
            {dismissed.length > 0 && ` · ${dismissed.length} dismissed`}
          </Text>
        </Stack>
        {data.weeks.length > 1 && (
          <NativeSelect
            label="Week"
            value={check.week}
            onChange={(e) => onWeek(e.currentTarget.value)}
            data={data.weeks.map((w) => ({ value: w.week, label: weekLabel(w) }))}
            style={{ flex: '0 1 340px', minWidth: 0, maxWidth: '100%' }}
          />
        )}
      </Group>

      {open.length === 0 ? (
        <Card>
          <Group gap="md" wrap="nowrap" align="flex-start">
            <IconCircleCheck size={28} color="var(--mantine-color-lagoon-7)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm" c="dark.5">
              {data.findings.length === 0 ? (
                <>The check found nothing to worry about this week. </>
              ) : (
                <>Everything the check found this week has been dealt with. </>
              )}
              It looks for questions left unanswered, newcomers nobody has reached, organisers carrying too much, core
              members gone quiet and topics without resources.
            </Text>
          </Group>
        </Card>
      ) : (
        <Stack component="section" aria-label="Needs attention" gap="md">
          {open.map((f) => (
            <FindingCard
              key={f.id}
              slug={slug}
              finding={f}
              steer={steer}
              onAct={() => onAct(f)}
              onDismiss={() => onDismiss(f)}
            />
          ))}
        </Stack>
      )}

      {acted.length + dismissed.length > 0 && (
        <Accordion multiple variant="separated" radius="lg" chevronPosition="right">
          {[
            { value: 'done', label: 'Done', items: acted },
            { value: 'dismissed', label: 'Dismissed', items: dismissed },
          ]
            .filter((g) => g.items.length > 0)
            .map((g) => (
              <Accordion.Item key={g.value} value={g.value}>
                <Accordion.Control>
                  <Text fw={650} span>
                    {g.label}
                  </Text>{' '}
                  <Text c="dark.4" span>
                    ({g.items.length})
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="sm">
                    {g.items.map((f) => (
                      <DecidedFinding
                        key={f.id}
                        finding={f}
                        steer={steer}
                        reopening={reopening === f.id}
                        onReopen={() => onReopen(f)}
                      />
                    ))}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
        </Accordion>
      )}
    </Stack>
  );
}
