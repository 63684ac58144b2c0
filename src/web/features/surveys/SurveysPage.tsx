import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconClipboardList, IconLock, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { SurveySummary } from '../../../common/api-types';
import { Empty } from '../../ui/Empty';
import { formatDate, formatDateTime, plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { surveyKeys, surveysApi } from './api';
import { SurveyStatusBadge } from './shared';

/**
 * The community's surveys. Coordinators see every one with its status and responses, and start
 * new ones; members see the open ones to answer and those they answered.
 */
export function SurveysPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const manage = community.abilities.manageSurveys;
  const allowed = manage || community.abilities.post;
  useDocumentTitle(`Surveys · ${community.name}`);
  const list = useQuery({ queryKey: surveyKeys.list(slug), queryFn: () => surveysApi.list(slug), enabled: allowed });

  if (!allowed) return <NotFound />;

  const newButton = manage && (
    <Button component={Link} to={`/c/${slug}/surveys/new/edit`} leftSection={<IconPlus size={16} aria-hidden />}>
      New survey
    </Button>
  );

  return (
    <>
      <PageHeader
        order={2}
        title="Surveys"
        description={
          manage
            ? 'Ask members a few short questions — choices, scales or words — and see what they say as charts.'
            : 'Short surveys from the coordinators. Your answers help them shape the community.'
        }
        actions={newButton || undefined}
      />
      {list.isPending ? (
        <Loading label="Loading surveys" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty icon={<IconClipboardList size={28} />} title="No surveys yet" action={newButton || undefined}>
          {manage
            ? 'Build a survey of up to 30 questions, send it to every member, and watch the answers come in.'
            : 'When the coordinators send a survey, it appears here for you to answer.'}
        </Empty>
      ) : manage ? (
        <SurveyList slug={slug} label="Surveys" items={list.data} manage />
      ) : (
        <MemberLists slug={slug} items={list.data} />
      )}
    </>
  );
}

function MemberLists({ slug, items }: { slug: string; items: SurveySummary[] }) {
  const toAnswer = items.filter((s) => s.status === 'open' && !s.answered);
  const answered = items.filter((s) => s.answered);
  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section" aria-labelledby="surveys-to-answer">
        <Title order={3} size="h4" id="surveys-to-answer">
          To answer
        </Title>
        {toAnswer.length === 0 ? (
          <Text c="dark.4" size="sm">
            Nothing waits for your answers. Thank you!
          </Text>
        ) : (
          <SurveyList slug={slug} label="Surveys to answer" items={toAnswer} />
        )}
      </Stack>
      {answered.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="surveys-answered">
          <Title order={3} size="h4" id="surveys-answered">
            Answered
          </Title>
          <SurveyList slug={slug} label="Surveys you answered" items={answered} />
        </Stack>
      )}
    </Stack>
  );
}

function SurveyList({
  slug,
  label,
  items,
  manage = false,
}: {
  slug: string;
  label: string;
  items: SurveySummary[];
  manage?: boolean;
}) {
  return (
    <Stack gap="sm" component="ul" aria-label={label} p={0} m={0} style={{ listStyle: 'none' }}>
      {items.map((s) => (
        <li key={s.id}>
          <SurveyRow slug={slug} survey={s} manage={manage} />
        </li>
      ))}
    </Stack>
  );
}

function when(s: SurveySummary): string {
  switch (s.status) {
    case 'draft':
      return `Started ${formatDate(s.createdAt)}`;
    case 'open':
      return s.closesAt ? `Open until ${formatDateTime(s.closesAt)}` : `Sent ${formatDate(s.sentAt)}`;
    default:
      return s.closedAt ? `Closed ${formatDate(s.closedAt)}` : 'Closed';
  }
}

function SurveyRow({ slug, survey: s, manage }: { slug: string; survey: SurveySummary; manage: boolean }) {
  const titleId = `survey-${s.id}`;
  const to = manage && s.status === 'draft' ? `/c/${slug}/surveys/${s.id}/edit` : `/c/${slug}/surveys/${s.id}`;
  return (
    <Card padding="md" className="cp-card-link" component="article" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap" align="center">
            {manage && <SurveyStatusBadge status={s.status} />}
            <Anchor
              component={Link}
              to={to}
              fw={650}
              c="dark.8"
              underline="hover"
              id={titleId}
              style={{ overflowWrap: 'anywhere' }}
            >
              {s.title}
            </Anchor>
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dark.4">
              {plural(s.questionCount, 'question')} · {when(s)}
            </Text>
            {s.anonymous && (
              <Badge component="span" color="indigo" variant="light" leftSection={<IconLock size={12} aria-hidden />}>
                Anonymous
              </Badge>
            )}
            {s.answered && (
              <Badge component="span" color="green" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
                {manage ? 'You answered' : 'Answered'}
              </Badge>
            )}
          </Group>
        </Stack>
        {manage && s.status !== 'draft' && s.responseCount !== null && (
          <Stack gap={0} align="flex-end" component="dl" m={0}>
            <Text component="dt" size="xs" c="dark.4">
              Responses
            </Text>
            <Text component="dd" m={0} fw={700} className="cp-count">
              {s.responseCount.toLocaleString()}
            </Text>
          </Stack>
        )}
        {!manage && s.status === 'open' && !s.answered && (
          <Button component={Link} to={to} size="xs" variant="light" aria-label={`Answer “${s.title}”`}>
            Answer
          </Button>
        )}
      </Group>
    </Card>
  );
}
