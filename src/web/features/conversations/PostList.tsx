import { Button, Group, Paper, Stack } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { PostPage } from '../../../common/api-types';
import { ErrorState, Loading } from '../../ui/PageState';
import { PostRow } from './PostRow';

/** A paged list of conversations with "Load more". */
export function PostList({
  query,
  label,
  empty,
  showCommunity,
  linkPeople,
  sort,
  hideMore = false,
}: {
  query: UseInfiniteQueryResult<InfiniteData<PostPage>>;
  label: string;
  empty: ReactNode;
  showCommunity?: boolean;
  linkPeople?: boolean;
  sort?: string;
  /** A preview: no "Load more". */
  hideMore?: boolean;
}) {
  if (query.isPending) return <Loading label="Loading conversations" />;
  const posts = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.error && posts.length === 0) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (posts.length === 0) return <>{empty}</>;
  return (
    <Stack gap="md">
      <Paper withBorder>
        <ul className="cp-stack-list" aria-label={label}>
          {posts.map((post) => (
            <PostRow key={post.id} post={post} showCommunity={showCommunity} linkPeople={linkPeople} sort={sort} />
          ))}
        </ul>
      </Paper>
      {query.hasNextPage && !hideMore && (
        <Group justify="center">
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
