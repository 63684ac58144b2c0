import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconClipboardCheck, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { AssessmentList } from '../../../common/api-types';
import { Empty } from '../../ui/Empty';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';
import { assessmentApi, assessmentKeys } from './AssessmentApi';
import { AssessmentForm } from './AssessmentForm';
import { AssessmentHistoryList, StageTimeline } from './AssessmentHistory';
import { periodText, stageName } from './AssessmentParts';
import { AssessmentView } from './AssessmentView';

/**
 * The quarterly assessments: the history (stage by quarter), one assessment with the change
 * since the one before (`?quarter=`), and the form for the current quarter (`?fill=`).
 */
export function AssessmentsPage() {
  const community = useCommunityContext();
  const [params] = useSearchParams();
  const viewing = params.get('quarter');
  const filling = params.get('fill');
  useDocumentTitle(
    `${filling ? `Assess ${filling}` : viewing ? `${viewing} assessment` : 'Assessments'} · ${community.name}`,
  );
  if (!community.abilities.viewHealth) return <NotFound />;
  return (
    <>
      <HealthTabs />
      {filling && community.abilities.steerHealth ? (
        <FillAssessment slug={community.slug} quarter={filling} />
      ) : viewing ? (
        <ViewAssessment slug={community.slug} quarter={viewing} canWrite={community.abilities.steerHealth} />
      ) : (
        <History slug={community.slug} />
      )}
    </>
  );
}

const backLink = (slug: string) => (
  <Anchor component={Link} to={`/c/${slug}/health/assessments`} size="sm">
    <Group gap={4} component="span" wrap="nowrap">
      <IconArrowLeft size={14} aria-hidden />
      All assessments
    </Group>
  </Anchor>
);

function startLabel(list: AssessmentList) {
  const done = list.items.some((a) => a.quarter === list.currentQuarter);
  return done ? `Edit the ${list.currentQuarter} assessment` : 'Start this quarter’s assessment';
}

function History({ slug }: { slug: string }) {
  const list = useQuery({ queryKey: assessmentKeys.list(slug), queryFn: () => assessmentApi.list(slug) });
  if (list.isPending) return <Loading label="Loading assessments" />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const data = list.data;
  const start = data.abilities.write && (
    <Button
      component={Link}
      to={`/c/${slug}/health/assessments?fill=${data.currentQuarter}`}
      leftSection={<IconClipboardCheck size={16} aria-hidden />}
    >
      {startLabel(data)}
    </Button>
  );
  // The last quarter can still be assessed for a while after it ends.
  const late = data.writableQuarters.find((q) => q !== data.currentQuarter && !data.items.some((a) => a.quarter === q));

  return (
    <>
      <PageHeader
        order={2}
        title="Assessments"
        description="Once a quarter, a short look at the community’s domain, people and practice, with the figures of the day and a maturity stage."
        actions={start}
      />
      {late && data.abilities.write && (
        <Text size="sm" mb="md">
          {late} has not been assessed; it can be until 30 days after it ended.{' '}
          <Anchor component={Link} to={`/c/${slug}/health/assessments?fill=${late}`}>
            Assess {late}
          </Anchor>
        </Text>
      )}
      {data.items.length === 0 ? (
        <Empty icon={<IconClipboardCheck size={28} />} title="No assessments yet" action={start || undefined}>
          {data.abilities.write
            ? 'Answer nine short questions about the domain, the community and its practice. The figures are saved with your answers, and the app proposes a maturity stage you can confirm or change.'
            : 'The coordinators have not assessed the community yet. Each assessment will show here, with the change since the one before.'}
        </Empty>
      ) : (
        <Stack gap="lg">
          <StageTimeline list={data} />
          <AssessmentHistoryList slug={slug} list={data} />
        </Stack>
      )}
    </>
  );
}

function ViewAssessment({ slug, quarter, canWrite }: { slug: string; quarter: string; canWrite: boolean }) {
  const timeZone = useCommunityContext().timeZone;
  const detail = useQuery({
    queryKey: assessmentKeys.one(slug, quarter),
    queryFn: () => assessmentApi.get(slug, quarter),
  });
  return (
    <>
      <Stack gap={4} mb="xs">
        {backLink(slug)}
      </Stack>
      <PageHeader
        order={2}
        title={`${quarter} assessment`}
        description={
          detail.data
            ? `${periodText(detail.data.assessment.periodStart, detail.data.assessment.periodEnd, { timeZone })} · ${stageName(detail.data.stages, detail.data.assessment.stage)}`
            : undefined
        }
        actions={
          canWrite &&
          detail.data?.assessment.editable && (
            <Button
              variant="default"
              component={Link}
              to={`/c/${slug}/health/assessments?fill=${quarter}`}
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit
            </Button>
          )
        }
      />
      {detail.isPending ? (
        <Loading label="Loading the assessment" />
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <AssessmentView detail={detail.data} />
      )}
    </>
  );
}

function FillAssessment({ slug, quarter }: { slug: string; quarter: string }) {
  const [, setParams] = useSearchParams();
  const draft = useQuery({
    queryKey: assessmentKeys.draft(slug, quarter),
    queryFn: () => assessmentApi.draft(slug, quarter),
    // The figures are live: always start from fresh ones.
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <>
      <Stack gap={4} mb="xs">
        {backLink(slug)}
      </Stack>
      <PageHeader
        order={2}
        title={`Assessment for ${quarter}`}
        description="Nine questions, the quarter’s figures and a maturity stage. Take your time: you can save again until the quarter is closed."
      />
      {draft.isPending ? (
        <Loading label="Computing this quarter’s figures" />
      ) : draft.error ? (
        <ErrorState error={draft.error} onRetry={() => void draft.refetch()} />
      ) : (
        <AssessmentForm
          slug={slug}
          draft={draft.data}
          onSaved={(q) => setParams({ quarter: q })}
          onCancel={() => setParams({})}
        />
      )}
    </>
  );
}
