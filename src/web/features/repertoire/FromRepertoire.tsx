import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconRoute } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CollectionSummary } from '../../../common/api-types';
import { PathProgressBar } from './CollectionsSection';
import { collectionHref, resourceHref, ResourceKindIcon } from './kinds';
import { useCollections, useRepertoireOverview } from './queries';

/** The path to offer first: one called “Start here” if there is one, else the first path. */
function startingPath(items: CollectionSummary[]): CollectionSummary | null {
  const paths = items.filter((c) => c.kind === 'path');
  return paths.find((p) => /start here/i.test(p.title)) ?? paths[0] ?? null;
}

/** The overview's "From the repertoire": a few featured resources and the way in for newcomers. */
export function FromRepertoire({ slug }: { slug: string }) {
  const overview = useRepertoireOverview(slug);
  const collections = useCollections(slug);
  if (!overview.data || collections.isPending) return null;
  const featured = overview.data.featured.slice(0, 3);
  const path = startingPath(collections.data?.items ?? []);
  if (featured.length === 0 && !path) return null;
  return (
    <Card component="section" aria-labelledby="from-repertoire">
      <Stack gap="sm">
        <Title order={2} size="h5" id="from-repertoire">
          From the repertoire
        </Title>
        {path && (
          <Stack gap={6} p="sm" style={{ background: 'var(--mantine-color-lagoon-0)', borderRadius: 8 }}>
            <Group gap={6} wrap="nowrap">
              <IconRoute size={18} aria-hidden color="var(--mantine-color-lagoon-8)" />
              <Anchor component={Link} to={collectionHref(slug, path)} fw={650} size="sm" c="dark.8">
                {path.title}
              </Anchor>
            </Group>
            {path.progress && path.progress.total > 0 ? (
              <PathProgressBar done={path.progress.done} total={path.progress.total} title={path.title} size="sm" />
            ) : (
              <Text size="xs" c="dark.5">
                {path.itemCount} steps to find your way around.
              </Text>
            )}
          </Stack>
        )}
        {featured.length > 0 && (
          <Stack gap={10} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Featured resources">
            {featured.map((r) => (
              <Group key={r.id} component="li" gap="sm" wrap="nowrap" align="flex-start">
                <ResourceKindIcon kind={r.kind} size={28} />
                <Anchor
                  component={Link}
                  to={resourceHref(slug, r.id)}
                  size="sm"
                  fw={600}
                  c="dark.8"
                  underline="hover"
                  lineClamp={2}
                >
                  {r.title}
                </Anchor>
              </Group>
            ))}
          </Stack>
        )}
        <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm" fw={600}>
          <Group gap={4} component="span" wrap="nowrap">
            Browse the repertoire <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Stack>
    </Card>
  );
}
