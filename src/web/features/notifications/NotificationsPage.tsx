import {
  Box,
  Button,
  Container,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBellOff, IconChecks } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { Notification } from '../../../common/api-types';
import { api, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { describeNotification, notificationHref, NotificationIcon } from './describe';
import { useUnreadCount } from './stream';
import { useMarkAllRead, useOpenNotification } from './useMarkRead';

const PAGE_SIZE = 20;

export function NotificationsPage() {
  useDocumentTitle('Notifications · Commonplace');
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('filter') === 'unread';
  const unread = useUnreadCount(true);
  const count = unread.data?.unreadCount ?? 0;
  const markAll = useMarkAllRead();

  const query = useInfiniteQuery({
    queryKey: keys.notificationList({ unread: unreadOnly, limit: PAGE_SIZE }),
    queryFn: ({ pageParam }) => api.notifications({ cursor: pageParam, limit: PAGE_SIZE, unread: unreadOnly }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Container size="md" py="xl">
      <PageHeader
        title="Notifications"
        description={count ? `${count} unread` : 'You are all caught up.'}
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={16} aria-hidden />}
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={count === 0}
          >
            Mark all read
          </Button>
        }
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label="Show"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setParams(v === 'unread' ? { filter: 'unread' } : {}, { replace: true })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'unread', label: count ? `Unread (${count})` : 'Unread' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        {query.isPending ? (
          <Loading label="Loading notifications" />
        ) : query.error && items.length === 0 ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Empty
            icon={<IconBellOff size={28} />}
            title={unreadOnly ? 'No unread notifications' : 'No notifications yet'}
          >
            When someone mentions you, replies to you, accepts your answer, credits you in the repertoire or posts in
            something you follow, it shows up here.
          </Empty>
        ) : (
          <Paper withBorder>
            <ul className="cp-stack-list" aria-label="Notifications">
              {items.map((n) => (
                <NotificationRow key={n.id} notification={n} />
              ))}
            </ul>
          </Paper>
        )}
        {query.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    </Container>
  );
}

function NotificationRow({ notification: n }: { notification: Notification }) {
  const navigate = useNavigate();
  const openNotification = useOpenNotification();
  const href = notificationHref(n);
  return (
    <li className="cp-notification-row" data-unread={!n.readAt || undefined}>
      <UnstyledButton
        component="a"
        href={href}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          openNotification(n);
          navigate(href);
        }}
        className="cp-notification-link"
        w="100%"
      >
        <Group wrap="nowrap" align="flex-start" gap="md" px={{ base: 'sm', sm: 'md' }} py="md">
          <span className="cp-unread-dot" aria-hidden data-on={!n.readAt || undefined} />
          <Box visibleFrom="xs">
            <NotificationIcon kind={n.kind} />
          </Box>
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Text size="sm" lh={1.45} style={{ overflowWrap: 'anywhere' }}>
              {!n.readAt && <VisuallyHidden>Unread: </VisuallyHidden>}
              {describeNotification(n)}
            </Text>
            <Text size="xs" c="dimmed">
              {n.community.name} · <TimeAgo value={n.createdAt} />
            </Text>
          </Stack>
        </Group>
      </UnstyledButton>
    </li>
  );
}
