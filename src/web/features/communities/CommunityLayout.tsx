import { Badge, Box, Button, Container, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useOutletContext, useParams } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { api, keys } from '../../api';
import { labels } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { MyMembershipBadge } from './MyMembershipBadge';

export function useCommunityContext(): CommunityDetail {
  return useOutletContext<CommunityDetail>();
}

export function useCommunityQuery(slug: string) {
  return useQuery({ queryKey: keys.community(slug), queryFn: () => api.community(slug) });
}

export function CommunityLayout() {
  const { slug = '' } = useParams();
  const { data, error, isPending, refetch } = useCommunityQuery(slug);

  if (isPending) return <Loading label="Loading community" />;
  if (error) {
    return (
      <Container size="lg" py="xl">
        <ErrorState error={error} onRetry={() => void refetch()} />
      </Container>
    );
  }

  return (
    <>
      <CommunityBanner community={data} />
      <Container size="lg" py="xl">
        <Outlet context={data} />
      </Container>
    </>
  );
}

function CommunityBanner({ community }: { community: CommunityDetail }) {
  return (
    <Box className="cp-hero" pt={{ base: 'lg', sm: 36 }}>
      <Container size="lg">
        <Stack gap={8} pb="md">
          <Group gap={6}>
            <Badge variant="white" color="dark">
              {labels.type[community.type]}
            </Badge>
            <Badge variant="white" color="dark" leftSection={community.visibility === 'private' ? <IconLock size={12} aria-hidden /> : undefined}>
              {labels.visibility[community.visibility]}
            </Badge>
            <MyMembershipBadge membership={community.myMembership} />
          </Group>
          <Title order={1} c="white" style={{ overflowWrap: 'anywhere' }}>
            {community.name}
          </Title>
          {community.domain && (
            <Text c="white" opacity={0.9} maw={760} lineClamp={2}>
              {community.domain}
            </Text>
          )}
        </Stack>
        <CommunityNav community={community} />
      </Container>
    </Box>
  );
}

function CommunityNav({ community }: { community: CommunityDetail }) {
  const location = useLocation();
  const user = useCurrentUser();
  const base = `/c/${community.slug}`;
  const { abilities } = community;
  const links = [
    { to: base, label: 'Overview', show: true },
    { to: `${base}/members`, label: 'Members', show: abilities.viewMembers },
    { to: `${base}/profile`, label: 'My profile', show: Boolean(user && community.myMembership && ['active', 'on_break'].includes(community.myMembership.status)) },
    { to: `${base}/requests`, label: 'Requests', show: abilities.viewRequests },
    { to: `${base}/invitations`, label: 'Invitations', show: abilities.invite },
    { to: `${base}/settings`, label: 'Settings', show: abilities.edit },
  ].filter((l) => l.show);

  const isActive = (to: string) =>
    to === base ? location.pathname === base : location.pathname === to || location.pathname.startsWith(`${to}/`);

  return (
    <ScrollArea type="never" component="nav" aria-label="Community sections">
      <Group gap={4} wrap="nowrap" pb={0}>
        {links.map((link) => {
          const active = isActive(link.to);
          return (
            <Button
              key={link.to}
              component={Link}
              to={link.to}
              aria-current={active ? 'page' : undefined}
              variant={active ? 'white' : 'subtle'}
              color={active ? 'lagoon' : 'gray.0'}
              c={active ? 'lagoon.8' : 'white'}
              radius={0}
              style={{ flexShrink: 0, borderTopLeftRadius: 8, borderTopRightRadius: 8 }}
            >
              {link.label}
            </Button>
          );
        })}
      </Group>
    </ScrollArea>
  );
}
