import { Button, Chip, Group, NativeSelect, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconMessages, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { FeedSort, PostFilters, PostKind } from '../../../common/api-types';
import { feedSorts, postKinds } from '../../../common/limits';
import { api, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { PageHeader } from '../../ui/PageHeader';
import { useBelow } from '../../ui/responsive';
import { useCommunityContext } from '../communities/CommunityLayout';
import { FollowTagButton } from './follows';
import { KIND_ORDER, KINDS } from './kinds';
import { PostList } from './PostList';

const PAGE_SIZE = 20;

const SORT_LABELS: Record<FeedSort, string> = { latest: 'Latest', active: 'Active', unanswered: 'Unanswered' };
const SORT_HINTS: Record<FeedSort, string> = {
  latest: 'Newest conversations first.',
  active: 'Conversations with the most recent replies first.',
  unanswered: 'Questions still waiting for an accepted answer, oldest first — can you help?',
};

export function usePostsQuery(slug: string, filters: PostFilters, limit = PAGE_SIZE, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.posts(slug, { ...filters, limit }),
    queryFn: ({ pageParam }) => api.posts(slug, { ...filters, cursor: pageParam, limit }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTagsQuery(slug: string) {
  return useQuery({ queryKey: keys.tags(slug), queryFn: () => api.tags(slug), staleTime: 60_000 });
}

function readSort(value: string | null): FeedSort {
  return (feedSorts as readonly string[]).includes(value ?? '') ? (value as FeedSort) : 'latest';
}

function readKind(value: string | null): PostKind | '' {
  return (postKinds as readonly string[]).includes(value ?? '') ? (value as PostKind) : '';
}

export function FeedPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const [params, setParams] = useSearchParams();
  const sort = readSort(params.get('sort'));
  const kind = sort === 'unanswered' ? '' : readKind(params.get('kind'));
  const tag = params.get('tag') ?? '';
  const compact = useBelow('sm');

  const query = usePostsQuery(slug, { sort, kind, tag });
  const tags = useTagsQuery(slug);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value && !(key === 'sort' && value === 'latest')) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const tagOptions = (tags.data?.items ?? []).map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` }));
  if (tag && !tagOptions.some((o) => o.value.toLowerCase() === tag.toLowerCase())) {
    tagOptions.push({ value: tag, label: tag });
  }
  const filtered = Boolean(kind || tag);

  const kindOptions = [
    { value: '', label: 'All kinds' },
    ...KIND_ORDER.map((k) => ({ value: k, label: KINDS[k].plural })),
  ];

  return (
    <>
      <PageHeader
        order={2}
        title="Conversations"
        description="Questions, stories, needs and news from the community."
        actions={
          community.abilities.post && (
            <Button component={Link} to={`/c/${slug}/posts/new`} leftSection={<IconPlus size={16} aria-hidden />}>
              New post
            </Button>
          )
        }
      />
      <Tabs value={sort} onChange={(value) => update({ sort: value ?? 'latest' })} keepMounted={false}>
        <Tabs.List aria-label="Order conversations by" mb="md">
          {feedSorts.map((s) => (
            <Tabs.Tab key={s} value={s} fw={600}>
              {SORT_LABELS[s]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Stack gap="sm" mb="md">
          <Text size="sm" c="dimmed">
            {SORT_HINTS[sort]}
          </Text>
          <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label="Filter conversations">
            {sort !== 'unanswered' &&
              (compact ? (
                <NativeSelect
                  label="Kind"
                  value={kind}
                  data={kindOptions}
                  onChange={(e) => update({ kind: e.currentTarget.value })}
                  style={{ flex: '1 1 140px' }}
                />
              ) : (
                <Chip.Group
                  multiple={false}
                  value={kind || 'all'}
                  onChange={(v) => update({ kind: v === 'all' ? '' : v })}
                >
                  <Group gap={6} role="radiogroup" aria-label="Kind" style={{ flex: '1 1 auto' }}>
                    {kindOptions.map((o) => (
                      <Chip key={o.value || 'all'} value={o.value || 'all'} size="sm" variant="outline">
                        {o.label}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              ))}
            <Select
              label="Tag"
              placeholder="Any tag"
              data={tagOptions}
              value={tag || null}
              onChange={(value) => update({ tag: value ?? '' })}
              searchable
              clearable
              clearButtonProps={{ 'aria-label': 'Clear the tag filter' }}
              nothingFoundMessage="No such tag"
              style={{ flex: compact ? '1 1 140px' : '0 1 220px' }}
            />
          </Group>
          {tag && (
            <Group gap="sm">
              <FollowTagButton slug={slug} tag={tag} size="xs" />
              <Button size="xs" variant="subtle" onClick={() => update({ tag: '', kind: '' })}>
                Show all conversations
              </Button>
            </Group>
          )}
        </Stack>
        {feedSorts.map((s) => (
          <Tabs.Panel key={s} value={s}>
            <PostList
              query={query}
              label={`${SORT_LABELS[s]} conversations`}
              sort={sort}
              linkPeople={community.abilities.viewMembers}
              empty={
                <Empty
                  icon={<IconMessages size={28} />}
                  title={
                    sort === 'unanswered'
                      ? 'Every question has an answer'
                      : filtered
                        ? 'Nothing matches these filters'
                        : 'No conversations yet'
                  }
                  action={
                    community.abilities.post &&
                    !filtered && (
                      <Button component={Link} to={`/c/${slug}/posts/new`}>
                        Start the first conversation
                      </Button>
                    )
                  }
                >
                  {sort === 'unanswered'
                    ? 'Nobody is waiting for help right now.'
                    : filtered
                      ? 'Try another kind or tag.'
                      : 'Ask a question, share a win or say what you need — conversations are how practice grows.'}
                </Empty>
              }
            />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
