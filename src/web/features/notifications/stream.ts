import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UnreadCount } from '../../../common/api-types';
import { api, keys, NOTIFICATION_STREAM_URL } from '../../api';

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: keys.unreadCount,
    queryFn: api.unreadCount,
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * Keeps the unread count and the notification lists current over Server-Sent Events. The browser
 * reconnects by itself after a dropped connection; if the server refuses outright (the stream is
 * closed for good), we try again later with a growing pause.
 */
export function useNotificationStream(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: number | undefined;
    let delay = 5_000;
    let stopped = false;

    const connect = () => {
      source = new EventSource(NOTIFICATION_STREAM_URL, { withCredentials: true });
      source.addEventListener('open', () => {
        delay = 5_000;
      });
      source.addEventListener('unread', (event) => {
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as UnreadCount;
          if (typeof data.unreadCount === 'number') queryClient.setQueryData(keys.unreadCount, data);
        } catch {
          // A malformed message changes nothing; the next one will.
        }
      });
      source.addEventListener('notification', () => {
        void queryClient.invalidateQueries({ queryKey: keys.notifications, refetchType: 'active' });
      });
      source.addEventListener('error', () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        source.close();
        retry = window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 120_000);
      });
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      source?.close();
    };
  }, [enabled, queryClient]);
}
