import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, keys } from '../../api';
import { plural } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';
import { CommunityCard } from '../communities/CommunityCard';
import { isMine } from '../communities/membership';

export function MyCommunities({ compact = false }: { compact?: boolean }) {
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.communities({}),
    queryFn: () => api.communities({}),
  });
  if (isPending) return <Loading label="Loading your communities" />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const mine = data.items.filter((c) => isMine(c.myMembership) || c.myMembership?.status === 'pending');

  return (
    <Stack gap="sm" component="section" aria-labelledby="my-communities">
      <Title order={2} size="h4" id="my-communities">
        Your communities
      </Title>
      {mine.length === 0 ? (
        <Card>
          <Stack align="center" ta="center" gap="sm" py="lg">
            <ThemeIcon size={52} radius="xl" variant="light">
              <IconUsersGroup size={28} aria-hidden />
            </ThemeIcon>
            <Text fw={600}>You have not joined a community yet</Text>
            <Text c="dimmed" size="sm" maw={420}>
              Find people who share your practice in the directory, or start a community of your own.
            </Text>
            <Button component={Link} to="/communities">
              Explore the directory
            </Button>
          </Stack>
        </Card>
      ) : compact ? (
        <Card padding={0}>
          <ul className="cp-stack-list" aria-labelledby="my-communities">
            {mine.map((c) => (
              <li key={c.slug}>
                <Group gap="sm" wrap="nowrap" px="md" py="sm">
                  <ThemeIcon size={34} radius="md" variant="light" color="indigo" aria-hidden>
                    <IconUsersGroup size={18} />
                  </ThemeIcon>
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/c/${c.slug}`} fw={600} c="dark.8" underline="hover" truncate>
                      {c.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {c.myMembership?.status === 'pending' ? 'Request pending' : plural(c.memberCount, 'member')}
                    </Text>
                  </Stack>
                </Group>
              </li>
            ))}
          </ul>
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {mine.map((c) => (
            <CommunityCard key={c.slug} community={c} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
