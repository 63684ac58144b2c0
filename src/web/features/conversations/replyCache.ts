import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Reply, ReplyPage } from '../../../common/api-types';
import { keys } from '../../api';

/** Changes one reply in the cached thread without refetching it. */
export function patchReply(
  queryClient: QueryClient,
  slug: string,
  postId: string,
  replyId: string,
  patch: (reply: Reply) => Reply,
) {
  queryClient.setQueryData<InfiniteData<ReplyPage>>(keys.replies(slug, postId), (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            items: page.items.map((r) => (r.id === replyId ? patch(r) : r)),
          })),
        }
      : old,
  );
}
