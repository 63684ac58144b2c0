import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Container,
  Group,
  Input,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconBooks,
  IconCornerDownRight,
  IconInfoCircle,
  IconMessageCircle,
  IconSearch,
  IconSearchOff,
} from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PostKind, ResourceHit, SearchHit, SearchParams } from '../../../common/api-types';
import { limits, postKinds } from '../../../common/limits';
import { api, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { plural } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { ANSWERABLE, KIND_ORDER, KINDS, KindBadge } from '../conversations/kinds';
import { AnsweredBadge, postHref } from '../conversations/PostRow';
import { FormatBadge, resourceHref, ResourceKindBadge } from '../repertoire/kinds';

const PAGE_SIZE = 20;
const MIN_QUERY = 2;

function readParams(params: URLSearchParams): SearchParams {
  const kind = params.get('kind') ?? '';
  const answered = params.get('answered') ?? '';
  const scope = params.get('in') === 'resources' ? 'resources' : '';
  return {
    q: (params.get('q') ?? '').trim(),
    community: params.get('community') ?? '',
    // Kind and answered describe posts: a repertoire search leaves them out.
    kind: !scope && (postKinds as readonly string[]).includes(kind) ? (kind as PostKind) : '',
    tag: (params.get('tag') ?? '').trim(),
    answered: !scope && (answered === 'true' || answered === 'false') ? answered : '',
    in: scope,
  };
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const current = readParams(params);
  const [q, setQ] = useState(current.q);
  const [tag, setTag] = useState(current.tag ?? '');
  useDocumentTitle(current.q ? `“${current.q}” · Search · Commonplace` : 'Search · Commonplace');

  // Follow the URL when it changes from outside (the header box, back and forward).
  useEffect(() => setQ(current.q), [current.q]);
  useEffect(() => setTag(current.tag ?? ''), [current.tag]);

  const communities = useQuery({ queryKey: keys.communities({}), queryFn: () => api.communities({}) });

  const apply = (changes: Partial<SearchParams>) => {
    const next = { ...current, ...changes };
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, String(value));
    setParams(out, { replace: changes.q === undefined });
  };

  const ready = current.q.length >= MIN_QUERY;
  const results = useInfiniteQuery({
    queryKey: keys.search(current),
    queryFn: ({ pageParam }) => api.search({ ...current, offset: pageParam, limit: PAGE_SIZE }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    placeholderData: keepPreviousData,
    enabled: ready,
  });
  const inRepertoire = current.in === 'resources';
  const hits = results.data?.pages.flatMap((p) => p.items) ?? [];
  const resourceHits = results.data?.pages.flatMap((p) => p.resources ?? []) ?? [];
  const count = inRepertoire ? resourceHits.length : hits.length;
  // On a post search, the first page also brings the best few repertoire matches.
  const topResources = inRepertoire ? [] : (results.data?.pages[0]?.resources ?? []);
  const filtered = Boolean(current.community || current.kind || current.tag || current.answered);

  return (
    <Container size="lg" py="xl">
      <PageHeader
        title="Search"
        description="Find conversations, answers and the repertoire’s resources across your communities."
      />
      <Tabs
        value={inRepertoire ? 'resources' : 'posts'}
        onChange={(v) => apply({ in: v === 'resources' ? 'resources' : '', kind: '', answered: '' })}
        mb="md"
      >
        <Tabs.List aria-label="What to search">
          <Tabs.Tab value="posts" fw={600} leftSection={<IconMessageCircle size={16} aria-hidden />}>
            Conversations
          </Tabs.Tab>
          <Tabs.Tab value="resources" fw={600} leftSection={<IconBooks size={16} aria-hidden />}>
            Repertoire
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Card padding="md" mb="lg">
        <form
          role="search"
          aria-label={inRepertoire ? 'Search the repertoire' : 'Search conversations'}
          onSubmit={(e) => {
            e.preventDefault();
            apply({ q: q.trim(), tag: tag.trim() });
          }}
        >
          <Stack gap="sm">
            <Group gap="sm" align="flex-end" wrap="nowrap">
              <TextInput
                type="search"
                label="Search for"
                placeholder="e.g. onboarding checklist"
                leftSection={<IconSearch size={16} aria-hidden />}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                maxLength={limits.search}
                style={{ flex: 1 }}
                error={q.trim() && q.trim().length < MIN_QUERY ? `Type at least ${MIN_QUERY} characters` : undefined}
              />
              <Button type="submit">Search</Button>
            </Group>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NativeSelect
                label="Community"
                value={current.community}
                onChange={(e) => apply({ community: e.currentTarget.value })}
                data={[
                  { value: '', label: 'All communities' },
                  ...(communities.data?.items ?? []).map((c) => ({ value: c.slug, label: c.name })),
                ]}
                style={{ flex: '2 1 200px' }}
              />
              {!inRepertoire && (
                <NativeSelect
                  label="Kind"
                  value={current.kind}
                  onChange={(e) => apply({ kind: e.currentTarget.value as PostKind | '' })}
                  data={[
                    { value: '', label: 'Any kind' },
                    ...KIND_ORDER.map((k) => ({ value: k, label: KINDS[k].label })),
                  ]}
                  style={{ flex: '1 1 140px' }}
                />
              )}
              <TextInput
                label="Tag"
                placeholder="Any tag"
                value={tag}
                onChange={(e) => setTag(e.currentTarget.value)}
                onBlur={() => tag.trim() !== (current.tag ?? '') && apply({ tag: tag.trim() })}
                style={{ flex: '1 1 140px' }}
              />
              {!inRepertoire && (
                <Stack gap={4} style={{ flex: '0 1 auto' }}>
                  <Input.Label id="answered-label" component="span">
                    Answered
                  </Input.Label>
                  <SegmentedControl
                    aria-labelledby="answered-label"
                    value={current.answered || 'any'}
                    onChange={(v) => apply({ answered: v === 'any' ? '' : (v as 'true' | 'false') })}
                    data={[
                      { value: 'any', label: 'Any' },
                      { value: 'true', label: 'Yes' },
                      { value: 'false', label: 'No' },
                    ]}
                  />
                </Stack>
              )}
            </Group>
          </Stack>
        </form>
      </Card>

      <Box component="section" aria-labelledby="results-heading">
        <VisuallyHidden>
          <Title order={2} id="results-heading">
            Results
          </Title>
        </VisuallyHidden>
        {!ready ? (
          <Empty icon={<IconSearch size={28} />} title="What are you looking for?">
            {inRepertoire
              ? 'Search the published resources of every community you can see: titles, summaries, tags and credits.'
              : 'Search the titles, posts and replies of every community you can see. Try a problem you have, a tool or a person’s topic.'}
          </Empty>
        ) : results.isPending ? (
          <Loading label="Searching" />
        ) : results.error && hits.length === 0 ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : count === 0 && topResources.length === 0 ? (
          <Empty icon={<IconSearchOff size={28} />} title={`No results for “${current.q}”`}>
            {filtered
              ? 'Try removing a filter, or use fewer or different words.'
              : 'Try fewer or different words, or another way of saying it.'}
          </Empty>
        ) : (
          <Stack gap="md">
            <Text size="sm" c="dimmed" role="status">
              {results.hasNextPage ? `Showing the first ${count} results` : plural(count, 'result')}
              {inRepertoire ? ' in the repertoire' : ''} for “{current.q}”
            </Text>
            {topResources.length > 0 && (
              <Card padding="md" component="section" aria-labelledby="repertoire-matches">
                <Stack gap="xs">
                  <Group justify="space-between" gap="xs">
                    <Group gap={6}>
                      <IconBooks size={18} aria-hidden />
                      <Title order={3} size="h5" id="repertoire-matches">
                        From the repertoire
                      </Title>
                    </Group>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => apply({ in: 'resources', kind: '', answered: '' })}
                    >
                      See all repertoire matches
                    </Anchor>
                  </Group>
                  <ul className="cp-stack-list" aria-label="Repertoire matches">
                    {topResources.map((hit) => (
                      <ResourceResult key={hit.resource.id} hit={hit} />
                    ))}
                  </ul>
                </Stack>
              </Card>
            )}
            {!inRepertoire && results.data?.pages[0]?.narrowed && (
              <Alert color="lagoon" variant="light" icon={<IconInfoCircle aria-hidden />}>
                So many posts match that only the most recent ones were ranked. Add a word or a filter to look further
                back.
              </Alert>
            )}
            {count > 0 && (
              <Paper withBorder>
                <ul className="cp-stack-list" aria-label="Search results">
                  {inRepertoire
                    ? resourceHits.map((hit) => <ResourceResult key={hit.resource.id} hit={hit} />)
                    : hits.map((hit) => <SearchResult key={hit.post.id} hit={hit} />)}
                </ul>
              </Paper>
            )}
            {results.hasNextPage && (
              <Group justify="center">
                <Button
                  variant="default"
                  loading={results.isFetchingNextPage}
                  onClick={() => void results.fetchNextPage()}
                >
                  More results
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Box>
    </Container>
  );
}

function SearchResult({ hit }: { hit: SearchHit }) {
  const { post } = hit;
  const href = postHref(post, hit.matchedIn === 'reply' ? hit.replyId : null);
  return (
    <Box component="li" px={{ base: 'sm', sm: 'md' }} py="md">
      <Stack gap={6}>
        <Group gap={6}>
          <KindBadge kind={post.kind} />
          {ANSWERABLE.includes(post.kind) && <AnsweredBadge answered={post.answered} />}
          <Anchor component={Link} to={`/c/${post.community.slug}`} size="xs" c="dimmed" fw={600} underline="hover">
            {post.community.name}
          </Anchor>
        </Group>
        <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={href} c="dark.8" underline="hover" inherit>
            {post.title}
          </Anchor>
        </Title>
        {hit.matchedIn === 'reply' && (
          <Group gap={4} c="dark.4">
            <IconCornerDownRight size={14} aria-hidden />
            <Text size="xs" fw={600}>
              Matched in a reply
            </Text>
          </Group>
        )}
        {/* The server escapes the text and adds only <mark> around the matched words. */}
        <Text
          size="sm"
          c="dark.5"
          className="cp-snippet"
          style={{ overflowWrap: 'anywhere' }}
          dangerouslySetInnerHTML={{ __html: hit.snippetHtml }}
        />
        <Group gap="xs" c="dimmed">
          <Text size="xs">
            {post.author?.name ?? 'A former member'} · <TimeAgo value={post.createdAt} />
          </Text>
          <Group gap={3} wrap="nowrap">
            <IconMessageCircle size={14} aria-hidden />
            <Text size="xs">{plural(post.replyCount, 'reply', 'replies')}</Text>
          </Group>
          {post.tags.length > 0 && <Text size="xs">{post.tags.map((t) => `#${t}`).join(' ')}</Text>}
        </Group>
      </Stack>
    </Box>
  );
}

function ResourceResult({ hit }: { hit: ResourceHit }) {
  const { resource } = hit;
  return (
    <Box component="li" px={{ base: 'sm', sm: 'md' }} py="md">
      <Stack gap={6}>
        <Group gap={6}>
          <ResourceKindBadge kind={resource.kind} />
          <FormatBadge format={resource.format} />
          <Anchor
            component={Link}
            to={`/c/${resource.community.slug}/repertoire`}
            size="xs"
            c="dimmed"
            fw={600}
            underline="hover"
          >
            {resource.community.name}
          </Anchor>
        </Group>
        <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
          <Anchor
            component={Link}
            to={resourceHref(resource.community.slug, resource.id)}
            c="dark.8"
            underline="hover"
            inherit
          >
            {resource.title}
          </Anchor>
        </Title>
        {/* The server escapes the text and adds only <mark> around the matched words. */}
        <Text
          size="sm"
          c="dark.5"
          className="cp-snippet"
          style={{ overflowWrap: 'anywhere' }}
          dangerouslySetInnerHTML={{ __html: hit.snippetHtml }}
        />
        {resource.tags.length > 0 && (
          <Text size="xs" c="dimmed">
            {resource.tags.map((t) => `#${t}`).join(' ')}
          </Text>
        )}
      </Stack>
    </Box>
  );
}
