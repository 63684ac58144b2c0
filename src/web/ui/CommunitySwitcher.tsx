import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconCompass, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, keys } from '../api';
import { isMine } from '../features/communities/membership';

export function useMyCommunities() {
  const { data } = useQuery({ queryKey: keys.communities({}), queryFn: () => api.communities({}) });
  return (data?.items ?? []).filter((c) => isMine(c.myMembership));
}

export function CommunitySwitcher() {
  const mine = useMyCommunities();

  return (
    <Menu position="bottom-start" width={260} shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          rightSection={<IconChevronDown size={14} aria-hidden />}
          leftSection={<IconUsersGroup size={18} aria-hidden />}
        >
          My communities
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {mine.length === 0 ? (
          <Menu.Label>You have not joined a community yet</Menu.Label>
        ) : (
          mine.map((c) => (
            <Menu.Item key={c.slug} component={Link} to={`/c/${c.slug}`}>
              {c.name}
            </Menu.Item>
          ))
        )}
        <Menu.Divider />
        <Menu.Item component={Link} to="/communities" leftSection={<IconCompass size={16} aria-hidden />}>
          Browse the directory
        </Menu.Item>
        <Menu.Item component={Link} to="/communities/new" leftSection={<IconPlus size={16} aria-hidden />}>
          Start a community
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
