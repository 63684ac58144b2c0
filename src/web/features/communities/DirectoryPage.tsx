import {
  Button,
  Container,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { COMMUNITY_TYPES } from '../../../common/api-types';
import { api, keys } from '../../api';
import { labels, plural } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { CommunityCard } from './CommunityCard';

export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('type') ?? '';
  const [debouncedQ] = useDebouncedValue(q, 250);
  const user = useCurrentUser();
  const filters = { q: debouncedQ.trim(), type };
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.communities(filters),
    queryFn: () => api.communities(filters),
    placeholderData: keepPreviousData,
  });

  const update = (key: string, value: string) => {
    const nextParams = new URLSearchParams(params);
    if (value) nextParams.set(key, value);
    else nextParams.delete(key);
    setParams(nextParams, { replace: true });
  };

  return (
    <Container size="lg" py="xl">
      <PageHeader
        title="Community directory"
        description="Find practitioners who work on what you work on."
        actions={
          user && (
            <Button component={Link} to="/communities/new" leftSection={<IconPlus size={16} aria-hidden />}>
              Start a community
            </Button>
          )
        }
      />
      <Group gap="sm" mb="lg" align="flex-end" role="search">
        <TextInput
          label="Search communities"
          placeholder="Name, domain or topic"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => update('q', e.currentTarget.value)}
          style={{ flex: '1 1 260px' }}
        />
        <NativeSelect
          label="Type"
          value={type}
          onChange={(e) => update('type', e.currentTarget.value)}
          data={[
            { value: '', label: 'All types' },
            ...COMMUNITY_TYPES.map((t) => ({ value: t, label: labels.type[t] })),
          ]}
          w={{ base: '100%', xs: 200 }}
        />
      </Group>
      {isPending ? (
        <Loading label="Loading communities" />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <EmptyDirectory filtered={Boolean(filters.q || type)} signedIn={Boolean(user)} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {plural(data.items.length, 'community', 'communities')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {data.items.map((c) => (
              <CommunityCard key={c.slug} community={c} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Container>
  );
}

function EmptyDirectory({ filtered, signedIn }: { filtered: boolean; signedIn: boolean }) {
  return (
    <Stack align="center" gap="sm" py={48} ta="center">
      <ThemeIcon size={56} radius="xl" variant="light">
        <IconUsersGroup size={30} aria-hidden />
      </ThemeIcon>
      <Title order={2} size="h4">
        {filtered ? 'No community matches' : 'No communities yet'}
      </Title>
      <Text c="dimmed" maw={420}>
        {filtered
          ? 'Try another word or type.'
          : 'Be the first to start one — the kick-off canvas walks you through it.'}
      </Text>
      {!filtered && signedIn && (
        <Button component={Link} to="/communities/new">
          Start a community
        </Button>
      )}
    </Stack>
  );
}
