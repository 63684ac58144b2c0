import { Anchor, Badge, Box, Button, Card, Checkbox, Grid, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconConfetti,
  IconExternalLink,
  IconFolders,
  IconPencil,
  IconRoute,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CollectionDetail, CollectionItem } from '../../../common/api-types';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { Empty } from '../../ui/Empty';
import { formatDate, plural } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { CollectionEditor } from './CollectionEditor';
import { PathProgressBar } from './CollectionsSection';
import { COLLECTION_KINDS, FormatBadge, linkDomain, resourceHref, ResourceKindBadge, ResourceKindIcon } from './kinds';

export function CollectionPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { collectionId = '' } = useParams();
  const query = useQuery({
    queryKey: keys.collection(slug, collectionId),
    queryFn: () => api.collection(slug, collectionId),
  });
  useDocumentTitle(query.data ? `${query.data.title} · ${community.name}` : community.name);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Repertoire
        </Group>
      </Anchor>
      {query.isPending ? (
        <Loading label="Loading" />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <CollectionView key={query.data.id} slug={slug} collection={query.data} />
      )}
    </Stack>
  );
}

function CollectionView({ slug, collection }: { slug: string; collection: CollectionDetail }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const path = collection.kind === 'path';
  // A tick shows at once, before the server answers; the count follows what is shown.
  const [ticks, setTicks] = useState<Record<string, boolean>>({});
  const isDone = (item: CollectionItem) => ticks[item.resource.id] ?? item.done;
  const progress = collection.progress
    ? { ...collection.progress, done: collection.items.filter(isDone).length }
    : null;
  const complete = Boolean(progress && progress.total > 0 && progress.done >= progress.total);
  const Icon = path ? IconRoute : IconFolders;

  const toggle = useMutation({
    mutationFn: ({ resourceId, done }: { resourceId: string; done: boolean }) =>
      api.markDone(slug, collection.id, resourceId, done),
    onMutate: ({ resourceId, done }) => {
      // Tick at once; the server's answer (with the real progress) follows. A refetch still on its
      // way would bring back the state from before this tick, so it is called off.
      void queryClient.cancelQueries({ queryKey: keys.collection(slug, collection.id) });
      queryClient.setQueryData<CollectionDetail>(keys.collection(slug, collection.id), (old) =>
        old ? { ...old, items: old.items.map((i) => (i.resource.id === resourceId ? { ...i, done } : i)) } : old,
      );
    },
    onSuccess: ({ progress: next }) => {
      queryClient.setQueryData<CollectionDetail>(keys.collection(slug, collection.id), (old) =>
        old ? { ...old, progress: next } : old,
      );
      void queryClient.invalidateQueries({ queryKey: keys.collections(slug) });
    },
    onError: (error) => {
      notifyError(error);
      void queryClient.invalidateQueries({ queryKey: keys.collection(slug, collection.id) });
    },
    onSettled: (_data, _error, { resourceId, done }) =>
      setTicks(({ [resourceId]: shown, ...rest }) => (shown === done ? rest : { ...rest, [resourceId]: shown })),
  });
  const tick = (resourceId: string, done: boolean) => {
    setTicks((t) => ({ ...t, [resourceId]: done }));
    toggle.mutate({ resourceId, done });
  };

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <Card component="header" p={{ base: 'md', sm: 'xl' }}>
            <Stack gap="md">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon
                  size={44}
                  radius="md"
                  variant="light"
                  color={path ? 'lagoon' : 'indigo'}
                  c={path ? 'lagoon.8' : 'indigo.8'}
                  aria-hidden
                >
                  <Icon size={24} />
                </ThemeIcon>
                <Stack gap={2}>
                  <Badge size="sm" variant="outline" color="gray" c="gray.8" tt="none" w="fit-content">
                    {COLLECTION_KINDS[collection.kind].label}
                  </Badge>
                  <Title order={1} fz={{ base: 24, sm: 30 }} lh={1.25} style={{ overflowWrap: 'anywhere' }}>
                    {collection.title}
                  </Title>
                </Stack>
              </Group>
              {collection.introHtml && (
                <div className="markdown" dangerouslySetInnerHTML={{ __html: collection.introHtml }} />
              )}
              {path && progress && progress.total > 0 && (
                <PathProgressBar done={progress.done} total={progress.total} title={collection.title} size="lg" />
              )}
              {path && !collection.abilities.track && (
                <Text size="sm" c="dimmed">
                  Members can tick off each item and see how far they have come.
                </Text>
              )}
            </Stack>
          </Card>

          {complete && progress && (
            <Card className="cp-path-complete" padding="lg" role="status">
              <Group gap="md" wrap="nowrap">
                <ThemeIcon size={52} radius="xl" color="yellow" variant="light" c="orange.8" aria-hidden>
                  <IconConfetti size={30} />
                </ThemeIcon>
                <Stack gap={2}>
                  <Text fw={700} size="lg">
                    You completed this path!
                  </Text>
                  <Text size="sm" c="dark.5">
                    All {progress.total} done{progress.completedAt ? ` on ${formatDate(progress.completedAt)}` : ''}.
                    What would you add for the next person? Write a note on the resource that helped most.
                  </Text>
                </Stack>
              </Group>
            </Card>
          )}

          {editing ? (
            <CollectionEditor slug={slug} collection={collection} onDone={() => setEditing(false)} />
          ) : collection.items.length === 0 ? (
            <Empty icon={<Icon size={28} />} title="Nothing here yet">
              {collection.abilities.edit
                ? 'Add resources from their page (“Add to a path or collection”) or with Edit.'
                : 'Curators are still putting this together.'}
            </Empty>
          ) : (
            <Box component="section" aria-labelledby="items-heading">
              <Title order={2} size="h4" id="items-heading" mb="sm">
                {path ? 'Steps' : 'Resources'}
              </Title>
              <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="items-heading">
                {collection.items.map((item, index) => (
                  <li key={item.resource.id}>
                    <ItemCard
                      slug={slug}
                      item={{ ...item, done: isDone(item) }}
                      number={index + 1}
                      track={path && collection.abilities.track}
                      onToggle={(done) => tick(item.resource.id, done)}
                    />
                  </li>
                ))}
              </Stack>
            </Box>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <CollectionSide slug={slug} collection={collection} editing={editing} onEdit={() => setEditing(true)} />
      </Grid.Col>
    </Grid>
  );
}

function ItemCard({
  slug,
  item,
  number,
  track,
  onToggle,
}: {
  slug: string;
  item: CollectionItem;
  number: number;
  track: boolean;
  onToggle: (done: boolean) => void;
}) {
  const r = item.resource;
  const domain = linkDomain(r.url);
  return (
    <Card padding="md" className="cp-path-item" data-done={(track && item.done) || undefined}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        {track ? (
          <Checkbox
            size="md"
            mt={4}
            checked={item.done}
            onChange={(e) => onToggle(e.currentTarget.checked)}
            aria-label={`Done: ${r.title}`}
            color="green.7"
          />
        ) : (
          <Text fw={700} c="dimmed" w={24} ta="right" className="cp-count" aria-hidden mt={2}>
            {number}.
          </Text>
        )}
        <Box visibleFrom="xs">
          <ResourceKindIcon kind={r.kind} size={36} />
        </Box>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6}>
            {track && (
              <Text size="xs" fw={700} c="dimmed">
                Step {number}
              </Text>
            )}
            <ResourceKindBadge kind={r.kind} size="xs" />
            <FormatBadge format={r.format} size="xs" />
          </Group>
          <Text fw={650} className="cp-path-title" style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={resourceHref(slug, r.id)} c="dark.8" underline="hover" inherit>
              {r.title}
            </Anchor>
          </Text>
          {r.excerpt && (
            <Text size="sm" c="dark.5" lineClamp={2}>
              {r.excerpt}
            </Text>
          )}
          {r.url && (
            <Anchor href={r.url} target="_blank" rel="noopener noreferrer nofollow" size="xs" w="fit-content">
              <Group gap={4} component="span" wrap="nowrap">
                <IconExternalLink size={13} aria-hidden />
                {domain ?? 'Open the link'}
                <span className="cp-visually-hidden"> (opens in a new tab)</span>
              </Group>
            </Anchor>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

function CollectionSide({
  slug,
  collection,
  editing,
  onEdit,
}: {
  slug: string;
  collection: CollectionDetail;
  editing: boolean;
  onEdit: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.deleteCollection(slug, collection.id),
    onSuccess: async () => {
      setConfirm(false);
      queryClient.removeQueries({ queryKey: keys.collection(slug, collection.id) });
      await queryClient.invalidateQueries({ queryKey: keys.repertoire(slug) });
      notifySuccess(`“${collection.title}” was deleted. Its resources stay in the repertoire.`);
      navigate(`/c/${slug}/repertoire`);
    },
  });
  const { edit, delete: canDelete } = collection.abilities;
  return (
    <Card padding="lg" component="aside" aria-labelledby="collection-facts" className="cp-sticky">
      <Stack gap="sm">
        <Title order={2} size="h5" id="collection-facts">
          {COLLECTION_KINDS[collection.kind].label}
        </Title>
        <Text size="sm" c="dark.5">
          {COLLECTION_KINDS[collection.kind].description}
        </Text>
        <Text size="sm" fw={600}>
          {plural(collection.items.length, collection.kind === 'path' ? 'step' : 'resource')}
        </Text>
        {edit && (
          <Button
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden />}
            onClick={onEdit}
            disabled={editing}
          >
            {editing ? 'Editing…' : 'Edit'}
          </Button>
        )}
        {canDelete && (
          <Button
            variant="subtle"
            color="red"
            c="red.9"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setConfirm(true)}
          >
            Delete
          </Button>
        )}
      </Stack>
      <ConfirmModal
        opened={confirm}
        title={`Delete “${collection.title}”?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirm(false)}
      >
        The {collection.kind === 'path' ? 'path and members’ progress in it go' : 'collection goes'}; the resources in
        it stay in the repertoire.
      </ConfirmModal>
    </Card>
  );
}
