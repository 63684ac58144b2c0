import { AppShell, Box, Burger, Button, Container, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAdjustments,
  IconBell,
  IconCompass,
  IconHome,
  IconListCheck,
  IconSearch,
  IconPlus,
  IconSettings,
  IconShield,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../features/auth/session';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { HeaderSearch, HeaderSearchButton } from '../features/search/HeaderSearch';
import { CommunitySwitcher, useMyCommunities } from './CommunitySwitcher';
import { Logo } from './Logo';
import { UserMenu } from './UserMenu';

export function AppLayout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const user = useCurrentUser();
  const location = useLocation();
  const next = location.pathname + location.search;
  const onAuthPage = ['/', '/signin', '/signup', '/setup'].includes(location.pathname);

  useEffect(close, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 280, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding={0}
    >
      <a className="cp-skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
                aria-expanded={opened}
              />
              <UnstyledButton component={Link} to="/" aria-label="Commonplace home">
                <Logo />
              </UnstyledButton>
              <Group gap={4} visibleFrom="sm" ml="md" component="nav" aria-label="Main" wrap="nowrap">
                <Button
                  component={Link}
                  to="/communities"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconCompass size={18} aria-hidden />}
                >
                  Directory
                </Button>
                {user && <CommunitySwitcher />}
              </Group>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Box visibleFrom="md">
                <HeaderSearch />
              </Box>
              <Box hiddenFrom="md">
                <HeaderSearchButton />
              </Box>
              {user ? (
                <>
                  <Button
                    component={Link}
                    to="/communities/new"
                    variant="light"
                    leftSection={<IconPlus size={16} aria-hidden />}
                    visibleFrom="lg"
                  >
                    Start a community
                  </Button>
                  <NotificationBell />
                  <UserMenu user={user} />
                </>
              ) : (
                !onAuthPage && (
                  <>
                    <Button component={Link} to={`/signin?next=${encodeURIComponent(next)}`} variant="subtle">
                      Sign in
                    </Button>
                    <Button component={Link} to={`/signup?next=${encodeURIComponent(next)}`} visibleFrom="xs">
                      Sign up
                    </Button>
                  </>
                )
              )}
            </Group>
          </Group>
        </Container>
      </AppShell.Header>

      <AppShell.Navbar p="md" aria-label="Main navigation" hidden={!opened}>
        {opened && (
          <Stack gap={4}>
            <NavLink
              component={Link}
              to="/"
              label="Home"
              leftSection={<IconHome size={18} aria-hidden />}
              active={location.pathname === '/'}
            />
            <NavLink
              component={Link}
              to="/communities"
              label="Community directory"
              leftSection={<IconCompass size={18} aria-hidden />}
              active={location.pathname === '/communities'}
            />
            <NavLink
              component={Link}
              to="/search"
              label="Search"
              leftSection={<IconSearch size={18} aria-hidden />}
              active={location.pathname === '/search'}
            />
            {user && (
              <>
                <NavLink
                  component={Link}
                  to="/notifications"
                  label="Notifications"
                  leftSection={<IconBell size={18} aria-hidden />}
                  active={location.pathname === '/notifications'}
                />
                <NavLink
                  component={Link}
                  to="/communities/new"
                  label="Start a community"
                  leftSection={<IconPlus size={18} aria-hidden />}
                />
                <MobileCommunityLinks />
                <NavLink
                  component={Link}
                  to="/account"
                  label="Account settings"
                  leftSection={<IconSettings size={18} aria-hidden />}
                />
                {user.isAdmin && (
                  <>
                    <NavLink
                      component={Link}
                      to="/admin/outbox"
                      label="Outbox"
                      leftSection={<IconShield size={18} aria-hidden />}
                    />
                    <NavLink
                      component={Link}
                      to="/admin/jobs"
                      label="Jobs"
                      leftSection={<IconListCheck size={18} aria-hidden />}
                    />
                    <NavLink
                      component={Link}
                      to="/admin/users"
                      label="Users"
                      leftSection={<IconUsers size={18} aria-hidden />}
                    />
                    <NavLink
                      component={Link}
                      to="/admin/settings"
                      label="Instance settings"
                      leftSection={<IconAdjustments size={18} aria-hidden />}
                    />
                  </>
                )}
              </>
            )}
          </Stack>
        )}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box pb={64}>{children}</Box>
        <Box component="footer" py="lg" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Container size="lg">
            <Text size="xs" c="dimmed">
              Commonplace — a home for communities of practice.
            </Text>
          </Container>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function MobileCommunityLinks() {
  const mine = useMyCommunities();
  if (mine.length === 0) return null;
  return (
    <>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
        Your communities
      </Text>
      {mine.map((c) => (
        <NavLink
          key={c.slug}
          component={Link}
          to={`/c/${c.slug}`}
          label={c.name}
          leftSection={<IconUsersGroup size={18} aria-hidden />}
        />
      ))}
      <Box mb="md" />
    </>
  );
}
