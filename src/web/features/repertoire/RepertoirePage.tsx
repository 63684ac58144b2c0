import { Badge, Button, Card, Group, Menu, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconBooks,
  IconCalendarDue,
  IconChevronDown,
  IconDownload,
  IconFileImport,
  IconPlus,
  IconStarFilled,
} from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { RepertoireOverview, ResourceFilters, ResourceSort, ResourceStatus } from '../../../common/api-types';
import { resourceFormats, resourceKinds } from '../../../common/limits';
import { repertoireExportUrl } from '../../api';
import { Empty } from '../../ui/Empty';
import { plural } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { CollectionsSection } from './CollectionsSection';
import { useRepertoireOverview, useResources } from './queries';
import { Filters, readView, ViewTabs } from './RepertoireFilters';
import { RepertoireChart } from './RepertoireChart';
import { ResourceCard } from './ResourceCard';

function readList<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function RepertoirePage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const user = useCurrentUser();
  useDocumentTitle(`Repertoire · ${community.name}`);
  const [params, setParams] = useSearchParams();
  const overview = useRepertoireOverview(slug);
  const o = overview.data;
  const curate = Boolean(o?.abilities.curate);

  const kind = readList(params.get('kind'), resourceKinds);
  const format = readList(params.get('format'), resourceFormats);
  const tag = params.get('tag') ?? '';
  const featured = params.get('featured') === 'true';
  const myFormats = params.get('myFormats') === 'true';
  const sort: ResourceSort = params.get('sort') === 'title' ? 'title' : 'latest';
  const view = readView(params.get('view'));

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value && !(key === 'sort' && value === 'latest') && !(key === 'view' && value === 'published')) {
        next.set(key, value);
      } else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const toggleIn = (list: string[], value: string) =>
    (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]).join(',');

  const filters: ResourceFilters = {
    kind: kind.join(','),
    format: format.join(','),
    tag,
    featured: featured ? 'true' : '',
    myFormats: myFormats ? 'true' : '',
    sort,
    status: view === 'published' ? '' : (view as ResourceStatus),
    mine: view === 'proposed' && !curate ? 'true' : '',
  };
  const list = useResources(slug, filters, undefined, Boolean(o));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(kind.length || format.length || tag || featured || myFormats);

  if (overview.isPending) return <Loading label="Loading the repertoire" />;
  if (overview.error) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;

  return (
    <Stack gap="lg">
      <PageHeader
        order={2}
        title="Repertoire"
        description="What this community has learned and keeps: resources, stories, methods and answers worth finding again."
        actions={<RepertoireActions slug={slug} overview={o!} signedIn={Boolean(user)} />}
      />

      {o!.counts.total > 0 && (
        <RepertoireChart
          counts={o!.counts}
          kind={kind}
          format={format}
          onKind={(k) => update({ kind: toggleIn(kind, k) })}
          onFormat={(f) => update({ format: toggleIn(format, f) })}
        />
      )}

      {o!.featured.length > 0 && !filtered && view === 'published' && (
        <Card component="section" aria-labelledby="featured-heading" className="cp-featured-section" padding="lg">
          <Stack gap="sm">
            <Group gap="xs">
              <IconStarFilled size={18} color="var(--mantine-color-yellow-7)" aria-hidden />
              <Title order={2} size="h4" id="featured-heading">
                Featured
              </Title>
            </Group>
            <ul className="cp-featured-strip" aria-label="Featured resources">
              {o!.featured.map((r) => (
                <li key={r.id}>
                  <ResourceCard resource={r} slug={slug} compact linkPeople={community.abilities.viewMembers} />
                </li>
              ))}
            </ul>
          </Stack>
        </Card>
      )}

      <CollectionsSection slug={slug} canCreate={curate} />

      <Stack gap="sm" component="section" aria-labelledby="browse-heading">
        <Title order={2} size="h4" id="browse-heading">
          Browse
        </Title>
        <ViewTabs overview={o!} view={view} onChange={(v) => update({ view: v })} />
        <Filters
          slug={slug}
          overview={o!}
          kind={kind}
          format={format}
          tag={tag}
          featured={featured}
          myFormats={myFormats}
          sort={sort}
          view={view}
          update={update}
        />
        {list.isPending ? (
          <Loading label="Loading resources" />
        ) : list.error && items.length === 0 ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Empty
            icon={<IconBooks size={28} />}
            title={
              filtered
                ? 'Nothing matches these filters'
                : view === 'published'
                  ? 'The repertoire is empty so far'
                  : view === 'proposed'
                    ? 'No proposals waiting'
                    : `Nothing ${view}`
            }
            action={
              filtered ? (
                <Button
                  variant="default"
                  onClick={() => update({ kind: '', format: '', tag: '', featured: '', myFormats: '' })}
                >
                  Clear the filters
                </Button>
              ) : (
                view === 'published' &&
                o!.abilities.propose && (
                  <Button component={Link} to={`/c/${slug}/repertoire/new`}>
                    {curate ? 'Add the first resource' : 'Propose the first resource'}
                  </Button>
                )
              )
            }
          >
            {filtered
              ? 'Try another kind, format or tag.'
              : view === 'published'
                ? 'Good answers, articles, tools and stories the community wants to keep end up here. A curator can also promote an answered question.'
                : null}
          </Empty>
        ) : (
          <Stack gap="md">
            <Text size="sm" c="dimmed" role="status">
              {list.hasNextPage ? `Showing the first ${items.length}` : plural(items.length, 'resource')}
              {filtered ? ' matching the filters' : ''}
            </Text>
            <SimpleGrid
              cols={{ base: 1, md: 2 }}
              spacing="md"
              component="ul"
              className="cp-tag-list"
              aria-label="Resources"
            >
              {items.map((r) => (
                <li key={r.id}>
                  <ResourceCard resource={r} slug={slug} linkPeople={community.abilities.viewMembers} />
                </li>
              ))}
            </SimpleGrid>
            {list.hasNextPage && (
              <Group justify="center">
                <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  Load more
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}

function RepertoireActions({
  slug,
  overview,
  signedIn,
}: {
  slug: string;
  overview: RepertoireOverview;
  signedIn: boolean;
}) {
  const curate = overview.abilities.curate;
  return (
    <>
      {curate && (
        <Button
          component={Link}
          to={`/c/${slug}/repertoire/review`}
          variant="default"
          leftSection={<IconCalendarDue size={16} aria-hidden />}
          rightSection={
            overview.reviewDue > 0 ? (
              <Badge size="sm" color="red.8" variant="filled" circle={overview.reviewDue < 10} aria-hidden>
                {overview.reviewDue}
              </Badge>
            ) : undefined
          }
        >
          Review
          <VisuallyHidden>: {plural(overview.reviewDue, 'resource')} due</VisuallyHidden>
        </Button>
      )}
      {curate && (
        <Button
          component={Link}
          to={`/c/${slug}/repertoire/import`}
          variant="default"
          leftSection={<IconFileImport size={16} aria-hidden />}
        >
          Import
        </Button>
      )}
      {overview.counts.total > 0 && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              rightSection={<IconChevronDown size={14} aria-hidden />}
            >
              Export
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={repertoireExportUrl(slug, 'markdown')} download>
              Markdown (.md)
            </Menu.Item>
            <Menu.Item component="a" href={repertoireExportUrl(slug, 'csv')} download>
              Spreadsheet (.csv)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {overview.abilities.propose ? (
        <Button component={Link} to={`/c/${slug}/repertoire/new`} leftSection={<IconPlus size={16} aria-hidden />}>
          {curate ? 'Add resource' : 'Propose a resource'}
        </Button>
      ) : (
        !signedIn && (
          <Button component={Link} to={`/signin?next=${encodeURIComponent(`/c/${slug}/repertoire`)}`} variant="light">
            Sign in to contribute
          </Button>
        )
      )}
    </>
  );
}
