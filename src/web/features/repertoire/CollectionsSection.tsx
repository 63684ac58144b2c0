import { Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconFolders, IconPlus, IconRoute } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CollectionSummary } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { SUCCESS_TEXT } from '../conversations/kinds';
import { collectionHref, COLLECTION_KINDS } from './kinds';
import { useCollections } from './queries';

/** "3 of 7 done" with a bar: how far a member has come along a path. */
export function PathProgressBar({
  done,
  total,
  title,
  size = 'md',
}: {
  done: number;
  total: number;
  title: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  const complete = total > 0 && done >= total;
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        size={size}
        radius="xl"
        color={complete ? 'green.7' : 'lagoon.7'}
        aria-label={`Your progress in ${title}`}
      />
      <Group gap={4} c={complete ? SUCCESS_TEXT : 'dark.5'}>
        {complete && <IconCircleCheck size={14} aria-hidden />}
        <Text size="xs" fw={600}>
          {complete ? `All ${total} done` : `${done} of ${total} done`}
        </Text>
      </Group>
    </Stack>
  );
}

export function CollectionCard({ slug, collection }: { slug: string; collection: CollectionSummary }) {
  const path = collection.kind === 'path';
  const Icon = path ? IconRoute : IconFolders;
  return (
    <Card padding="md" h="100%">
      <Stack gap={8}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon
            size={34}
            radius="md"
            variant="light"
            color={path ? 'lagoon' : 'indigo'}
            c={path ? 'lagoon.8' : 'indigo.8'}
            aria-hidden
          >
            <Icon size={19} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h5" style={{ overflowWrap: 'anywhere' }}>
              <Anchor component={Link} to={collectionHref(slug, collection)} c="dark.8" underline="hover" inherit>
                {collection.title}
              </Anchor>
            </Title>
            <Group gap={6}>
              <Badge size="xs" variant="outline" color="gray" c="gray.8" tt="none">
                {COLLECTION_KINDS[collection.kind].label}
              </Badge>
              <Text size="xs" c="dimmed">
                {plural(collection.itemCount, 'item')}
              </Text>
            </Group>
          </Stack>
        </Group>
        {collection.introExcerpt && (
          <Text size="sm" c="dark.5" lineClamp={2}>
            {collection.introExcerpt}
          </Text>
        )}
        {path && collection.progress && collection.progress.total > 0 && (
          <PathProgressBar
            done={collection.progress.done}
            total={collection.progress.total}
            title={collection.title}
            size="sm"
          />
        )}
      </Stack>
    </Card>
  );
}

/** The browse page's paths and collections, paths first: they are the way in for newcomers. */
export function CollectionsSection({ slug, canCreate }: { slug: string; canCreate: boolean }) {
  const query = useCollections(slug);
  if (query.isPending || query.error) return null;
  const items = [...query.data.items].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'path' ? -1 : 1));
  if (items.length === 0 && !canCreate) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="collections-heading">
      <Group justify="space-between" align="center" gap="xs">
        <Title order={2} size="h4" id="collections-heading">
          Paths and collections
        </Title>
        {canCreate && (
          <Button
            component={Link}
            to={`/c/${slug}/collections/new`}
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
          >
            New path or collection
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Card padding="md">
          <Text size="sm" c="dimmed">
            No paths yet. A “Start here” path gives newcomers an obvious way in.
          </Text>
        </Card>
      ) : (
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 3 }}
          spacing="md"
          component="ul"
          className="cp-tag-list"
          aria-label="Paths and collections"
        >
          {items.map((c) => (
            <li key={c.id}>
              <CollectionCard slug={slug} collection={c} />
            </li>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
