import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconCircleCheck, IconLock, IconPencil, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import type { Survey } from '../../../common/api-types';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { AnswerForm } from './AnswerForm';
import { surveyKeys, surveysApi } from './api';
import { SurveyResultsView } from './SurveyResultsView';
import { SurveyStatusBadge } from './shared';

/**
 * One survey. Members answer it (or read that they did); coordinators read its results as they
 * come in, close it, and may answer it themselves.
 */
export function SurveyPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { surveyId = '' } = useParams();
  const allowed = community.abilities.manageSurveys || community.abilities.post;
  const survey = useQuery({
    queryKey: surveyKeys.one(slug, surveyId),
    queryFn: () => surveysApi.get(slug, surveyId),
    enabled: allowed,
  });
  useDocumentTitle(`${survey.data?.title ?? 'Survey'} · ${community.name}`);

  if (!allowed) return <NotFound />;
  if (survey.isPending) return <Loading label="Loading the survey" />;
  if (survey.error) return <ErrorState error={survey.error} onRetry={() => void survey.refetch()} />;
  const s = survey.data;
  if (community.abilities.manageSurveys) {
    if (s.status === 'draft') return <Navigate to={`/c/${slug}/surveys/${s.id}/edit`} replace />;
    return <CoordinatorView slug={slug} survey={s} />;
  }
  return <MemberView slug={slug} survey={s} />;
}

function BackLink({ slug }: { slug: string }) {
  return (
    <Anchor component={Link} to={`/c/${slug}/surveys`} size="sm" underline="hover" mb="xs" display="inline-flex">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All surveys
      </Group>
    </Anchor>
  );
}

function Intro({ survey }: { survey: Survey }) {
  if (!survey.intro) return null;
  return (
    <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} maw={720}>
      {survey.intro}
    </Text>
  );
}

function closing(survey: Survey): string | null {
  if (survey.status === 'closed') return survey.closedAt ? `Closed ${formatDateTime(survey.closedAt)}` : 'Closed';
  return survey.closesAt ? `Open until ${formatDateTime(survey.closesAt)}` : null;
}

function MemberView({ slug, survey }: { slug: string; survey: Survey }) {
  const [thanked, setThanked] = useState(false);
  return (
    <>
      <BackLink slug={slug} />
      <PageHeader order={2} title={survey.title} description={closing(survey)} />
      <Stack gap="lg" maw={760}>
        {thanked || survey.answered ? (
          <ThankYou slug={slug} survey={survey} fresh={thanked} />
        ) : survey.abilities.answer ? (
          <>
            <Intro survey={survey} />
            <AnswerForm slug={slug} survey={survey} onAnswered={() => setThanked(true)} />
          </>
        ) : (
          <Alert color="gray" variant="light" title="This survey is closed">
            It no longer takes answers.
          </Alert>
        )}
      </Stack>
    </>
  );
}

function ThankYou({ slug, survey, fresh }: { slug: string; survey: Survey; fresh: boolean }) {
  return (
    <Card role={fresh ? 'status' : undefined} aria-live={fresh ? 'polite' : undefined}>
      <Stack align="center" ta="center" gap="sm" py="md">
        <ThemeIcon size={52} radius="xl" variant="light" color="green" aria-hidden>
          <IconCircleCheck size={28} />
        </ThemeIcon>
        <Title order={3} size="h4">
          {fresh ? 'Thank you! Your answers are in.' : 'You have answered this survey.'}
        </Title>
        <Text size="sm" c="dark.4" maw={460}>
          {survey.anonymous
            ? 'It is anonymous: nobody can see which answers are yours.'
            : 'The coordinators can see your answers with your name.'}{' '}
          {survey.status === 'closed' ? 'It is closed now.' : 'The coordinators read the results as they come in.'}
        </Text>
        <Anchor component={Link} to={`/c/${slug}/surveys`} size="sm">
          Back to surveys
        </Anchor>
      </Stack>
    </Card>
  );
}

function CoordinatorView({ slug, survey }: { slug: string; survey: Survey }) {
  const queryClient = useQueryClient();
  const [answering, setAnswering] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const results = useQuery({
    queryKey: surveyKeys.results(slug, survey.id),
    queryFn: () => surveysApi.results(slug, survey.id),
    // Answers come in while it is open.
    refetchInterval: survey.status === 'open' ? 30_000 : false,
  });
  const close = useMutation({
    mutationFn: () => surveysApi.close(slug, survey.id),
    onSuccess: async (next) => {
      queryClient.setQueryData(surveyKeys.one(slug, survey.id), next);
      setCloseOpen(false);
      notifySuccess('The survey is closed.');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: surveyKeys.results(slug, survey.id) }),
        queryClient.invalidateQueries({ queryKey: surveyKeys.list(slug) }),
      ]);
    },
  });

  return (
    <>
      <BackLink slug={slug} />
      <PageHeader
        order={2}
        title={survey.title}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <SurveyStatusBadge status={survey.status} />
            {survey.anonymous && (
              <Badge component="span" color="indigo" variant="light" leftSection={<IconLock size={12} aria-hidden />}>
                Anonymous
              </Badge>
            )}
            <span>
              Sent {formatDateTime(survey.sentAt)}
              {closing(survey) ? ` · ${closing(survey)}` : ''}
            </span>
          </Group>
        }
        actions={
          <>
            {survey.abilities.edit && (
              <Button
                variant="default"
                component={Link}
                to={`/c/${slug}/surveys/${survey.id}/edit`}
                leftSection={<IconPencil size={16} aria-hidden />}
              >
                Edit
              </Button>
            )}
            {survey.abilities.close && (
              <Button
                variant="default"
                color="red"
                c="red.9"
                leftSection={<IconPlayerStop size={16} aria-hidden />}
                onClick={() => setCloseOpen(true)}
              >
                Close survey
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg" maw={860}>
        {survey.abilities.answer && !answering && (
          <Alert color="lagoon" variant="light" title="You have not answered it yourself">
            <Group gap="sm" justify="space-between" wrap="wrap">
              <Text size="sm">As a member, you can answer too.</Text>
              <Button size="xs" variant="white" onClick={() => setAnswering(true)}>
                Answer it yourself
              </Button>
            </Group>
          </Alert>
        )}
        {answering && (
          <Card component="section" aria-labelledby="own-answers">
            <Stack gap="md">
              <Title order={3} size="h4" id="own-answers">
                Your answers
              </Title>
              <Intro survey={survey} />
              <AnswerForm
                slug={slug}
                survey={survey}
                onAnswered={() => {
                  setAnswering(false);
                  notifySuccess('Thank you! Your answers are in.');
                  void queryClient.invalidateQueries({ queryKey: surveyKeys.results(slug, survey.id) });
                }}
              />
            </Stack>
          </Card>
        )}
        <Title order={3} size="h4">
          Results
        </Title>
        {results.isPending ? (
          <Loading label="Loading the results" />
        ) : results.error ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : (
          <SurveyResultsView results={results.data} />
        )}
      </Stack>
      <ConfirmModal
        opened={closeOpen}
        title="Close this survey?"
        confirmLabel="Close survey"
        pending={close.isPending}
        error={close.error}
        onConfirm={() => close.mutate()}
        onClose={() => setCloseOpen(false)}
      >
        Members can no longer answer “{survey.title}”. The answers given so far stay, with their results.
      </ConfirmModal>
    </>
  );
}
