import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CommunitySummary } from '../../../common/api-types';
import { labels, plural } from '../../ui/format';
import { MyMembershipBadge } from './MyMembershipBadge';

export function CommunityCard({ community }: { community: CommunitySummary }) {
  const { slug, name, domain, type, visibility, joining, topics, memberCount, myMembership } = community;
  return (
    <Card className="cp-card-link" h="100%" component="article" aria-labelledby={`c-${slug}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h4" id={`c-${slug}`} style={{ minWidth: 0 }}>
            <Text component={Link} to={`/c/${slug}`} inherit c="dark.8" style={{ textDecoration: 'none' }}>
              {name}
            </Text>
          </Title>
          <div style={{ flexShrink: 0 }}>
            <MyMembershipBadge membership={myMembership} />
          </div>
        </Group>
        <Text size="sm" c="dimmed" lineClamp={3} style={{ flex: 1 }}>
          {domain || community.purpose}
        </Text>
        {topics.length > 0 && (
          <Group gap={6}>
            {topics.slice(0, 4).map((t) => (
              <Badge key={t} color="gray" variant="light" tt="none" fw={500}>
                {t}
              </Badge>
            ))}
            {topics.length > 4 && (
              <Text size="xs" c="dimmed">
                +{topics.length - 4} more
              </Text>
            )}
          </Group>
        )}
        <Group justify="space-between" gap="xs" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Group gap={6}>
            <Badge color="indigo">{labels.type[type]}</Badge>
            <Badge
              color={visibility === 'private' ? 'grape' : 'lagoon'}
              leftSection={visibility === 'private' ? <IconLock size={12} aria-hidden /> : undefined}
            >
              {labels.visibility[visibility]}
            </Badge>
            <Badge color="gray">{labels.joining[joining]}</Badge>
          </Group>
          <Group gap={4} c="dimmed">
            <IconUsers size={16} aria-hidden />
            <Text size="sm">{plural(memberCount, 'member')}</Text>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
