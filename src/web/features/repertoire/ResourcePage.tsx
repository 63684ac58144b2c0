import { Alert, Anchor, Box, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconArchive,
  IconArrowLeft,
  IconCalendarDue,
  IconExternalLink,
  IconFolders,
  IconHourglass,
  IconMessageCircle,
  IconRoute,
} from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { ResourceDetail } from '../../../common/api-types';
import { formatDate } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCommunityContext } from '../communities/CommunityLayout';
import { TagLinks } from '../conversations/TagLinks';
import { CuratorActions } from './CuratorActions';
import { CreditLine } from './Credits';
import { collectionHref, FormatBadge, kindSwatch, linkDomain, ResourceKindBadge, StatusBadge } from './kinds';
import { useResource } from './queries';
import { FeaturedBadge } from './ResourceCard';
import { ResourceHistory } from './ResourceHistory';
import { ResourceNotes } from './ResourceNotes';
import { Fact } from '../../ui/Fact';

export function ResourcePage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { resourceId = '' } = useParams();
  const query = useResource(slug, resourceId);
  useDocumentTitle(query.data ? `${query.data.title} · ${community.name}` : community.name);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Repertoire
        </Group>
      </Anchor>
      {query.isPending ? (
        <Loading label="Loading the resource" />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ResourceView resource={query.data} linkPeople={community.abilities.viewMembers} />
      )}
    </Stack>
  );
}

function StatusBanner({ resource }: { resource: ResourceDetail }) {
  switch (resource.status) {
    case 'proposed':
      return (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconHourglass aria-hidden />}
          title="A proposal"
          styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
        >
          <Text size="sm">
            {resource.proposedBy ? `${resource.proposedBy.name} proposed this` : 'This was proposed'}{' '}
            <TimeAgo value={resource.createdAt} />. Only the proposer and the curators see it until a curator publishes
            it.
          </Text>
        </Alert>
      );
    case 'retired':
      return (
        <Alert
          color="gray"
          variant="light"
          icon={<IconArchive aria-hidden />}
          title="Retired"
          styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
        >
          <Text size="sm">
            Curators took this out of the repertoire{resource.retiredAt ? ` on ${formatDate(resource.retiredAt)}` : ''}.
            It is kept, with its history, but no longer listed.
          </Text>
        </Alert>
      );
    case 'obsolete':
      return (
        <Alert
          color="orange"
          variant="light"
          icon={<IconCalendarDue aria-hidden />}
          title="Obsolete"
          styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
        >
          <Text size="sm">
            On review{resource.reviewedAt ? ` (${formatDate(resource.reviewedAt)})` : ''}, a curator found this out of
            date. It is left out of listings and paths, and kept here with its history.
          </Text>
        </Alert>
      );
    default:
      return null;
  }
}

function ResourceView({ resource, linkPeople }: { resource: ResourceDetail; linkPeople: boolean }) {
  const slug = resource.community.slug;
  const domain = linkDomain(resource.url);
  const source = resource.source;
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <StatusBanner resource={resource} />
          <Card
            component="article"
            aria-labelledby="resource-title"
            p={{ base: 'md', sm: 'xl' }}
            className="cp-resource-card"
            style={{ '--cp-kind': kindSwatch(resource.kind) } as React.CSSProperties}
          >
            <Stack gap="md">
              <Group gap={6}>
                <ResourceKindBadge kind={resource.kind} size="md" />
                <FormatBadge format={resource.format} size="md" />
                {resource.featured && <FeaturedBadge size="md" />}
                <StatusBadge status={resource.status} size="md" />
              </Group>
              <Title
                order={1}
                fz={{ base: 24, sm: 30 }}
                id="resource-title"
                style={{ overflowWrap: 'anywhere' }}
                lh={1.25}
              >
                {resource.title}
              </Title>
              <CreditLine credits={resource.credits} slug={linkPeople ? slug : undefined} c="dark.5" />
              {resource.url && (
                <Group gap="sm">
                  <Button
                    component="a"
                    href={resource.url}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    leftSection={<IconExternalLink size={16} aria-hidden />}
                  >
                    Open {domain ?? 'the link'}
                    <span className="cp-visually-hidden"> (opens in a new tab)</span>
                  </Button>
                  {resource.preview?.siteName && (
                    <Text size="sm" c="dimmed">
                      on {resource.preview.siteName}
                    </Text>
                  )}
                </Group>
              )}
              {source && (
                <Group gap={6} c="dark.5" wrap="nowrap" align="flex-start">
                  <IconMessageCircle size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
                  <Text size="sm">
                    {source.replyId ? 'From an answer in ' : 'From the conversation '}
                    <Anchor
                      component={Link}
                      to={`/c/${slug}/posts/${source.post.id}${source.replyId ? `#reply-${source.replyId}` : ''}`}
                      inherit
                      fw={600}
                    >
                      {source.post.title}
                    </Anchor>
                  </Text>
                </Group>
              )}
              <div className="markdown" dangerouslySetInnerHTML={{ __html: resource.summaryHtml }} />
              {resource.tags.length > 0 && <TagLinks slug={slug} tags={resource.tags} section="repertoire" />}
            </Stack>
          </Card>
          {resource.status !== 'proposed' && <ResourceNotes resource={resource} />}
          <ResourceHistory resource={resource} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <CuratorActions resource={resource} />
          <ResourceFacts resource={resource} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function ResourceFacts({ resource }: { resource: ResourceDetail }) {
  const slug = resource.community.slug;
  return (
    <Card padding="lg" component="aside" aria-labelledby="resource-facts">
      <Stack gap="sm">
        <Title order={2} size="h5" id="resource-facts">
          About this resource
        </Title>
        <Stack gap={6} component="dl" m={0}>
          {resource.publishedAt ? (
            <Fact label="Published">
              <TimeAgo value={resource.publishedAt} />
            </Fact>
          ) : (
            <Fact label="Proposed">
              <TimeAgo value={resource.createdAt} />
            </Fact>
          )}
          {resource.proposedBy && (
            <Fact label={resource.status === 'proposed' ? 'Proposed by' : 'Added by'}>{resource.proposedBy.name}</Fact>
          )}
          <Fact label="Last changed">
            <TimeAgo value={resource.updatedAt} />
          </Fact>
          {resource.reviewedAt && <Fact label="Last reviewed">{formatDate(resource.reviewedAt)}</Fact>}
          {resource.status === 'published' && resource.reviewDueAt && (
            <Fact label="Next review">{formatDate(resource.reviewDueAt)}</Fact>
          )}
          <Fact label="Version">{resource.version}</Fact>
        </Stack>
        {resource.collections.length > 0 && (
          <Box>
            <Text size="sm" fw={600} mb={4}>
              In
            </Text>
            <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {resource.collections.map((c) => {
                const Icon = c.kind === 'path' ? IconRoute : IconFolders;
                return (
                  <Group key={c.id} component="li" gap={6} wrap="nowrap">
                    <Icon size={15} aria-hidden style={{ flexShrink: 0 }} />
                    <Anchor component={Link} to={collectionHref(slug, c)} size="sm">
                      {c.title}
                    </Anchor>
                  </Group>
                );
              })}
            </Stack>
          </Box>
        )}
      </Stack>
    </Card>
  );
}
