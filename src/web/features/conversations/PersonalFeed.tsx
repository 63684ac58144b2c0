import { Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { PostList } from './PostList';

type Sort = 'latest' | 'active';

/** Conversations from every community I belong to. */
export function PersonalFeed() {
  const [sort, setSort] = useState<Sort>('latest');
  const query = useInfiniteQuery({
    queryKey: keys.feed(sort),
    queryFn: ({ pageParam }) => api.feed({ sort, cursor: pageParam, limit: 15 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm" component="section" aria-labelledby="feed-heading">
      <Group justify="space-between" align="center" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id="feed-heading">
          From your communities
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Order"
          value={sort}
          onChange={(v) => setSort(v as Sort)}
          data={[
            { value: 'latest', label: 'Latest' },
            { value: 'active', label: 'Active' },
          ]}
        />
      </Group>
      <PostList
        query={query}
        label="Conversations from your communities"
        showCommunity
        sort={sort}
        empty={
          <Empty icon={<IconMessages size={28} />} title="It is quiet here">
            New posts in the communities you belong to show up here. Start one, or join a community to see its
            conversations.
          </Empty>
        }
      />
    </Stack>
  );
}
