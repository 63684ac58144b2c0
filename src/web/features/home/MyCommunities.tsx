import { Button, Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, keys } from '../../api';
import { ErrorState, Loading } from '../../ui/PageState';
import { CommunityCard } from '../communities/CommunityCard';
import { isMine } from '../communities/membership';

export function MyCommunities() {
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
