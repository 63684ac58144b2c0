import { Anchor, Badge, Box, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink, IconNotes, IconStarFilled } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ResourceSummary } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { CreditLine } from './Credits';
import {
  FormatBadge,
  kindSwatch,
  linkDomain,
  resourceHref,
  ResourceKindBadge,
  ResourceKindIcon,
  StatusBadge,
} from './kinds';
import { TagLinks } from '../conversations/TagLinks';

export function FeaturedBadge({ size = 'sm' }: { size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge
      size={size}
      color="yellow.3"
      variant="filled"
      c="dark.9"
      tt="none"
      fw={600}
      leftSection={<IconStarFilled size={12} aria-hidden />}
    >
      Featured
    </Badge>
  );
}

/**
 * One resource in a list: its kind (icon, colour and name), how it is taken in, its title, where
 * the link goes, a taste of the summary, its tags and who it is credited to.
 */
export function ResourceCard({
  resource,
  slug,
  headingLevel = 3,
  compact = false,
  linkPeople = true,
}: {
  resource: ResourceSummary;
  slug: string;
  headingLevel?: 2 | 3 | 4;
  /** A smaller card for strips and sidebars: no excerpt or tags. */
  compact?: boolean;
  linkPeople?: boolean;
}) {
  const domain = linkDomain(resource.url);
  return (
    <Card
      padding={compact ? 'md' : 'lg'}
      className="cp-resource-card"
      style={{ '--cp-kind': kindSwatch(resource.kind) } as React.CSSProperties}
      h="100%"
    >
      <Group wrap="nowrap" align="flex-start" gap="md" h="100%">
        {!compact && (
          <Box visibleFrom="xs" pt={2}>
            <ResourceKindIcon kind={resource.kind} />
          </Box>
        )}
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6}>
            <ResourceKindBadge kind={resource.kind} />
            <FormatBadge format={resource.format} />
            {resource.featured && !compact && <FeaturedBadge />}
            <StatusBadge status={resource.status} />
          </Group>
          <Title order={headingLevel} size="h5" fw={650} lh={1.35} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={resourceHref(slug, resource.id)} c="dark.8" underline="hover" inherit>
              {resource.title}
            </Anchor>
          </Title>
          {domain && (
            <Group gap={4} c="dark.4" wrap="nowrap">
              <IconExternalLink size={13} aria-hidden style={{ flexShrink: 0 }} />
              <Text size="xs" fw={500} truncate>
                <span className="cp-visually-hidden">Link to </span>
                {domain}
              </Text>
            </Group>
          )}
          {!compact && resource.excerpt && (
            <Text size="sm" c="dark.5" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
              {resource.excerpt}
            </Text>
          )}
          <CreditLine credits={resource.credits} slug={linkPeople ? slug : undefined} size="xs" />
          {!compact && (resource.tags.length > 0 || resource.noteCount > 0) && (
            <Group gap="xs" mt={2}>
              <TagLinks slug={slug} tags={resource.tags} size="xs" section="repertoire" />
              {resource.noteCount > 0 && (
                <Group gap={3} c="dimmed" wrap="nowrap">
                  <IconNotes size={14} aria-hidden />
                  <Text size="xs">{plural(resource.noteCount, 'note')}</Text>
                </Group>
              )}
            </Group>
          )}
        </Stack>
      </Group>
    </Card>
  );
}
