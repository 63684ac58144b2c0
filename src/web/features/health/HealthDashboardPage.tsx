import { Alert, Button, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconChartHistogram, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { HealthDashboard, HealthRefresh } from '../../../common/api-types';
import { Empty } from '../../ui/Empty';
import { NotFound } from '../../ui/NotFound';
import { notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';
import { ModeFlows, ModesOverTime } from './chartsModes';
import { Activation, Concentration, Distribution, WeeklyActive } from './chartsPeople';
import { Attendance, OrganiserLoad, Questions, RepertoireGrowth, RoundupTopics } from './chartsWork';
import { dashboardApi, dashboardKeys, refreshing } from './DashboardApi';
import { DashboardHeadline } from './DashboardHeadline';
import { HelpNetwork } from './NetworkPicture';

/** What each step of a snapshot job is doing, by how many steps are done. */
const STEP_WORDS = ['Recomputing everyone’s mode', 'Counting the figures', 'Drawing the network', 'Saving'];

/**
 * The community's health at a glance, for the core group and coordinators: figure cards, then
 * charts of participation, newcomers, concentration, organiser load, questions, events, the
 * round-up and the repertoire, and the help network. Everything comes from the latest stored
 * snapshot; "Refresh figures" asks for a new one and follows its progress.
 */
export function HealthDashboardPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const allowed = community.abilities.viewHealth;
  useDocumentTitle(`Community health · ${community.name}`);
  const queryClient = useQueryClient();
  const dashboard = useQuery({
    queryKey: dashboardKeys.one(slug),
    queryFn: () => dashboardApi.get(slug),
    enabled: allowed,
    refetchInterval: (q) => (refreshing(q.state.data) ? 1_500 : false),
  });
  const refresh = useMutation({
    mutationFn: () => dashboardApi.refresh(slug),
    onSuccess: (state) => {
      queryClient.setQueryData<HealthDashboard>(dashboardKeys.one(slug), (d) =>
        d ? { ...d, refresh: state } : { snapshot: null, refresh: state },
      );
    },
    onError: notifyError,
  });

  if (!allowed) return <NotFound />;

  const running = refreshing(dashboard.data) || refresh.isPending;
  const refreshButton = (
    <Button
      leftSection={<IconRefresh size={16} aria-hidden />}
      loading={running}
      loaderProps={{ type: 'dots' }}
      onClick={() => refresh.mutate()}
      variant={dashboard.data?.snapshot ? 'default' : 'filled'}
    >
      {dashboard.data?.snapshot ? 'Refresh figures' : 'Compute the figures now'}
    </Button>
  );
  const snapshot = dashboard.data?.snapshot;

  return (
    <>
      <HealthTabs />
      <PageHeader
        order={2}
        title="Community health"
        description={
          snapshot ? (
            <>
              The last {snapshot.figures.windowDays} days, computed <TimeAgo value={snapshot.computedAt} />. Figures are
              recomputed every night.
            </>
          ) : (
            'How people take part, who carries the work, and who is not connected yet.'
          )
        }
        actions={snapshot ? refreshButton : undefined}
      />
      {dashboard.isPending ? (
        <Loading label="Loading the figures" />
      ) : dashboard.error ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <Stack gap="lg">
          <RefreshState refresh={dashboard.data.refresh} />
          {snapshot ? (
            <Figures snapshot={snapshot} slug={slug} />
          ) : (
            !refreshing(dashboard.data) && (
              <Empty icon={<IconChartHistogram size={28} />} title="No figures yet" action={refreshButton}>
                The figures are computed every night from what members do here. Compute them now to see this community’s
                health straight away; it takes a moment.
              </Empty>
            )
          )}
        </Stack>
      )}
    </>
  );
}

function RefreshState({ refresh }: { refresh: HealthRefresh | null }) {
  if (!refresh) return null;
  if (refresh.status === 'failed')
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="The last refresh failed">
        The figures below are from before it. Try again; if it fails again, an administrator can see why on the jobs
        page.
      </Alert>
    );
  if (refresh.status !== 'queued' && refresh.status !== 'running') return null;
  const done = refresh.progress?.done ?? 0;
  const total = refresh.progress?.total ?? STEP_WORDS.length;
  const words = refresh.status === 'queued' ? 'Waiting to start' : (STEP_WORDS[done] ?? 'Finishing');
  const value = refresh.status === 'queued' ? 4 : Math.max(8, Math.round((done / total) * 100));
  return (
    <Alert color="lagoon" variant="light" title="Computing the figures" role="status" aria-live="polite">
      <Stack gap={6}>
        <Text size="sm">
          {words}… ({refresh.status === 'queued' ? 'queued' : `step ${Math.min(done + 1, total)} of ${total}`})
        </Text>
        <Progress value={value} animated aria-label="Progress of the refresh" />
      </Stack>
    </Alert>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Figures({ snapshot, slug }: { snapshot: NonNullable<HealthDashboard['snapshot']>; slug: string }) {
  const f = snapshot.figures;
  return (
    <Stack gap="xl">
      <DashboardHeadline figures={f} />
      <Section title="Participation">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ModesOverTime modes={f.modes} />
          <ModeFlows modes={f.modes} />
          <WeeklyActive weeks={f.weeklyActive} />
          <Activation activation={f.activation} />
        </SimpleGrid>
      </Section>
      <Section title="Who does the work">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Distribution distribution={f.distribution} />
          <Concentration concentration={f.concentration} />
        </SimpleGrid>
        <OrganiserLoad load={f.organiserLoad} />
      </Section>
      <Section title="Help between members">
        {snapshot.network ? (
          <HelpNetwork network={snapshot.network} slug={slug} />
        ) : (
          <Text c="dark.4">The network is drawn with the next refresh.</Text>
        )}
      </Section>
      <Section title="Questions, events, round-ups and the repertoire">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Questions questions={f.questions} />
          <Stack gap="md" style={{ minWidth: 0 }}>
            <Attendance events={f.events} />
            <RepertoireGrowth repertoire={f.repertoire} />
          </Stack>
          <RoundupTopics roundups={f.roundups} />
        </SimpleGrid>
      </Section>
      <Group justify="flex-end">
        <Text size="xs" c="dark.4">
          Period: {new Date(f.periodStart).toLocaleDateString()} – {new Date(f.periodEnd).toLocaleDateString()}
        </Text>
      </Group>
    </Stack>
  );
}
