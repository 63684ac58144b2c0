import { Button, type ButtonProps } from '@mantine/core';
import { IconBell, IconBellOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MyFollows } from '../../../common/api-types';
import { api, keys } from '../../api';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useCurrentUser } from '../auth/session';

/** What I follow in a community; absent when I may not follow anything there (signed out, not a member). */
export function useFollows(slug: string, enabled = true) {
  const user = useCurrentUser();
  return useQuery({
    queryKey: keys.follows(slug),
    queryFn: () => api.follows(slug),
    enabled: enabled && Boolean(user),
    retry: false,
    staleTime: 60_000,
  });
}

export function useFollowTag(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tag, on }: { tag: string; on: boolean }) => api.followTag(slug, tag, on),
    onSuccess: ({ following }, { tag }) => {
      const lower = tag.toLowerCase();
      queryClient.setQueryData<MyFollows>(keys.follows(slug), (old) =>
        old
          ? {
              ...old,
              tags: following ? [...old.tags.filter((t) => t !== lower), lower] : old.tags.filter((t) => t !== lower),
            }
          : old,
      );
      notifySuccess(following ? `You will hear about new posts tagged #${tag}.` : `You no longer follow #${tag}.`);
    },
    onError: notifyError,
  });
}

/** Follow or unfollow a tag; shown only when the server lets me follow things here. */
export function FollowTagButton({ slug, tag, ...props }: { slug: string; tag: string } & ButtonProps) {
  const follows = useFollows(slug);
  const toggle = useFollowTag(slug);
  if (!follows.data) return null;
  const following = follows.data.tags.includes(tag.toLowerCase());
  return (
    <Button
      variant={following ? 'light' : 'default'}
      leftSection={following ? <IconBellOff size={16} aria-hidden /> : <IconBell size={16} aria-hidden />}
      loading={toggle.isPending}
      onClick={() => toggle.mutate({ tag, on: !following })}
      {...props}
    >
      {following ? `Unfollow #${tag}` : `Follow #${tag}`}
    </Button>
  );
}
