import { Avatar, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconAdjustments, IconListCheck, IconLogout, IconMail, IconSettings, IconUsers } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { User } from '../../common/api-types';
import { api } from '../api';
import { useAfterAuth } from '../features/auth/session';
import { notifyError } from './notify';

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

export function UserMenu({ user }: { user: User }) {
  const afterAuth = useAfterAuth();
  const signOut = useMutation({ mutationFn: api.signOut, onSuccess: () => afterAuth('/'), onError: notifyError });

  return (
    <Menu position="bottom-end" width={220} shadow="md">
      <Menu.Target>
        <UnstyledButton>
          {/* The initials are a picture of the person; the name comes from the hidden text. An aria-label
              would have to contain the initials too, since speech users say what they see. */}
          <Avatar color="indigo" radius="xl" size={36} aria-hidden>
            {initials(user.name)}
          </Avatar>
          <VisuallyHidden>Account menu for {user.name}</VisuallyHidden>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.name}
          <br />
          {user.email}
        </Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconSettings size={16} aria-hidden />}>
          Account settings
        </Menu.Item>
        {user.isAdmin && (
          <>
            <Menu.Divider />
            <Menu.Label>Instance admin</Menu.Label>
            <Menu.Item component={Link} to="/admin/outbox" leftSection={<IconMail size={16} aria-hidden />}>
              Outbox
            </Menu.Item>
            <Menu.Item component={Link} to="/admin/jobs" leftSection={<IconListCheck size={16} aria-hidden />}>
              Jobs
            </Menu.Item>
            <Menu.Item component={Link} to="/admin/users" leftSection={<IconUsers size={16} aria-hidden />}>
              Users
            </Menu.Item>
            <Menu.Item component={Link} to="/admin/settings" leftSection={<IconAdjustments size={16} aria-hidden />}>
              Instance settings
            </Menu.Item>
          </>
        )}
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => signOut.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
