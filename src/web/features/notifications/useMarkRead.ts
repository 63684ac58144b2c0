import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import type { Notification, NotificationPage } from '../../../common/api-types';
import { api, keys } from '../../api';
import { notifyError } from '../../ui/notify';

/** Marks cached notifications read at once, so lists and the bell agree before the server answers. */
function markCached(queryClient: ReturnType<typeof useQueryClient>, match: (n: Notification) => boolean) {
  const now = new Date().toISOString();
  const mark = (n: Notification) => (match(n) && !n.readAt ? { ...n, readAt: now } : n);
  queryClient.setQueriesData<InfiniteData<NotificationPage> | NotificationPage>(
    { queryKey: [...keys.notifications, 'list'] },
    (old) => {
      if (!old) return old;
      if ('pages' in old) return { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.map(mark) })) };
      return { ...old, items: old.items.map(mark) };
    },
  );
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.markNotificationRead(id),
    onMutate: (id) => markCached(queryClient, (n) => n.id === id),
    onSuccess: (data) => queryClient.setQueryData(keys.unreadCount, data),
    onError: (error) => {
      notifyError(error);
      void queryClient.invalidateQueries({ queryKey: keys.notifications });
    },
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.markAllNotificationsRead(),
    onMutate: () => markCached(queryClient, () => true),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.unreadCount, data);
      void queryClient.invalidateQueries({ queryKey: [...keys.notifications, 'list'] });
    },
    onError: notifyError,
  });
}

/**
 * What opening a notification does: marks it read and refreshes its post (or resource), so the reply it points
 * to is there even when that post is already on screen (or still fresh in the cache).
 */
export function useOpenNotification() {
  const queryClient = useQueryClient();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.post) void queryClient.invalidateQueries({ queryKey: keys.post(n.community.slug, n.post.id) });
    if (n.resource) void queryClient.invalidateQueries({ queryKey: keys.resource(n.community.slug, n.resource.id) });
  };
}
