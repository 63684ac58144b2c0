import { ActionIcon, Box, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconBell, IconChecks, IconInbox } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, keys } from '../../api';
import { Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { describeNotification, notificationHref } from './describe';
import { useNotificationStream, useUnreadCount } from './stream';
import { useMarkAllRead, useOpenNotification } from './useMarkRead';

const PREVIEW = 8;

/** The header bell: unread count (live), the latest notifications, "Mark all read". */
export function NotificationBell() {
  useNotificationStream(true);
  const unread = useUnreadCount(true);
  const count = unread.data?.unreadCount ?? 0;
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: keys.notificationList({ unread: false, limit: PREVIEW }),
    queryFn: () => api.notifications({ limit: PREVIEW }),
    enabled: opened,
  });
  const openNotification = useOpenNotification();
  const markAll = useMarkAllRead();

  // Tell screen-reader users when something new arrives, once per increase.
  const previous = useRef(count);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (count > previous.current)
      setAnnouncement(count === 1 ? 'You have a new notification.' : `You have ${count} unread notifications.`);
    previous.current = count;
  }, [count]);

  const items = list.data?.items ?? [];

  return (
    <>
      <Menu
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width="min(380px, calc(100vw - 16px))"
        shadow="md"
        offset={6}
      >
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={40}
            radius="xl"
            aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
            pos="relative"
          >
            <IconBell size={22} aria-hidden />
            {count > 0 && (
              <span className="cp-bell-count" aria-hidden>
                {count > 99 ? '99+' : count}
              </span>
            )}
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown p={4}>
          <Group justify="space-between" px="sm" py={6} wrap="nowrap">
            <Text fw={650} size="sm">
              Notifications
            </Text>
            {count > 0 && (
              <UnstyledButton className="cp-link-button" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
                <Group gap={4} component="span" wrap="nowrap">
                  <IconChecks size={15} aria-hidden /> Mark all read
                </Group>
              </UnstyledButton>
            )}
          </Group>
          <Menu.Divider />
          {list.isPending ? (
            <Loading label="Loading notifications" />
          ) : items.length === 0 ? (
            <Box ta="center" py="lg" px="md" c="dimmed">
              <IconInbox size={28} aria-hidden />
              <Text size="sm">Nothing yet. Mentions, replies and news from what you follow show up here.</Text>
            </Box>
          ) : (
            items.map((n) => (
              <Menu.Item
                key={n.id}
                component={Link}
                to={notificationHref(n)}
                onClick={() => openNotification(n)}
                className="cp-notification-item"
                data-unread={!n.readAt || undefined}
                leftSection={<span className="cp-unread-dot" aria-hidden data-on={!n.readAt || undefined} />}
              >
                <Text size="sm" lh={1.4} lineClamp={3} component="span" display="block">
                  {!n.readAt && <VisuallyHidden>Unread: </VisuallyHidden>}
                  {describeNotification(n)}
                </Text>
                <Text size="xs" c="dimmed" component="span" display="block" mt={2}>
                  {n.community.name} · <TimeAgo value={n.createdAt} />
                </Text>
              </Menu.Item>
            ))
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => navigate('/notifications')} fw={600} ta="center" c="lagoon.8">
            See all notifications
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </>
  );
}
