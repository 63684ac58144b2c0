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
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCornerDownRight, IconInfoCircle, IconMessageCircle, IconSearch, IconSearchOff } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PostKind, SearchHit, SearchParams } from '../../../common/api-types';
import { limits, postKinds } from '../../../common/limits';
import { api, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { plural } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { ANSWERABLE, KIND_ORDER, KINDS, KindBadge } from '../conversations/kinds';
import { AnsweredBadge, postHref } from '../conversations/PostRow';

const PAGE_SIZE = 20;
const MIN_QUERY = 2;

function readParams(params: URLSearchParams): SearchParams {
  const kind = params.get('kind') ?? '';
  const answered = params.get('answered') ?? '';
  return {
    q: (params.get('q') ?? '').trim(),
    community: params.get('community') ?? '',
    kind: (postKinds as readonly string[]).includes(kind) ? (kind as PostKind) : '',
    tag: (params.get('tag') ?? '').trim(),
    answered: answered === 'true' || answered === 'false' ? answered : '',
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
  const hits = results.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(current.community || current.kind || current.tag || current.answered);

  return (
    <Container size="lg" py="xl">
      <PageHeader title="Search" description="Find conversations, questions and answers across your communities." />
      <Card padding="md" mb="lg">
        <form
          role="search"
          aria-label="Search conversations"
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
              <TextInput
                label="Tag"
                placeholder="Any tag"
                value={tag}
                onChange={(e) => setTag(e.currentTarget.value)}
                onBlur={() => tag.trim() !== (current.tag ?? '') && apply({ tag: tag.trim() })}
                style={{ flex: '1 1 140px' }}
              />
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
            Search the titles, posts and replies of every community you can see. Try a problem you have, a tool or a
            person’s topic.
          </Empty>
        ) : results.isPending ? (
          <Loading label="Searching" />
        ) : results.error && hits.length === 0 ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : hits.length === 0 ? (
          <Empty icon={<IconSearchOff size={28} />} title={`No results for “${current.q}”`}>
            {filtered
              ? 'Try removing a filter, or use fewer or different words.'
              : 'Try fewer or different words, or another way of saying it.'}
          </Empty>
        ) : (
          <Stack gap="md">
            <Text size="sm" c="dimmed" role="status">
              {results.hasNextPage ? `Showing the first ${hits.length} results` : plural(hits.length, 'result')} for “
              {current.q}”
            </Text>
            {results.data?.pages[0]?.narrowed && (
              <Alert color="lagoon" variant="light" icon={<IconInfoCircle aria-hidden />}>
                So many posts match that only the most recent ones were ranked. Add a word or a filter to look further
                back.
              </Alert>
            )}
            <Paper withBorder>
              <ul className="cp-stack-list" aria-label="Search results">
                {hits.map((hit) => (
                  <SearchResult key={hit.post.id} hit={hit} />
                ))}
              </ul>
            </Paper>
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
