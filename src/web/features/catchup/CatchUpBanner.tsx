import { Button, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { formatDate, plural } from '../../ui/format';
import { useCurrentUser } from '../auth/session';
import { isMine } from '../communities/membership';
import { catchUpApi, catchUpKeys } from './api';

/** "While you were away": on the community's overview, for a member coming back after a while. */
export function CatchUpBanner({ community }: { community: CommunityDetail }) {
  const user = useCurrentUser();
  const member = Boolean(user && isMine(community.myMembership));
  const catchUp = useQuery({
    queryKey: catchUpKeys.one(community.slug),
    queryFn: () => catchUpApi.get(community.slug),
    enabled: member,
    retry: false,
  });
  const data = catchUp.data;
  if (!data) return null;
  const count = data.sections.reduce((sum, s) => sum + s.items.length, 0);
  if (count === 0) return null;

  return (
    <Card
      component="section"
      aria-labelledby="catch-up-title"
      padding="md"
      style={{ borderColor: 'var(--mantine-color-lagoon-3)', background: 'var(--mantine-color-lagoon-0)' }}
    >
      <Group justify="space-between" gap="md" wrap="wrap">
        <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <ThemeIcon size={40} radius="xl" variant="white" color="lagoon" aria-hidden>
            <IconSparkles size={22} />
          </ThemeIcon>
          <Stack gap={0}>
            <Text fw={650} id="catch-up-title">
              While you were away: {plural(count, 'highlight')} since {formatDate(data.since)}
            </Text>
            <Text size="sm" c="dark.5">
              Answers, new resources, events and wins you missed, in one place.
            </Text>
          </Stack>
        </Group>
        <Button component={Link} to={`/c/${community.slug}/catch-up`}>
          Catch up
        </Button>
      </Group>
    </Card>
  );
}
