import { Button, Card, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import {
  IconArchive,
  IconCalendarCheck,
  IconCalendarX,
  IconCircleCheck,
  IconPencil,
  IconPlaylistAdd,
  IconStar,
  IconStarOff,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ResourceDetail } from '../../../common/api-types';
import { api } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDate } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { COLLECTION_KINDS } from './kinds';
import { useCollections, useResourceSaved } from './queries';

/** What a curator (or the proposer, for editing) can do with a resource, in the sidebar. */
export function CuratorActions({ resource }: { resource: ResourceDetail }) {
  const slug = resource.community.slug;
  const a = resource.abilities;
  const saved = useResourceSaved(slug);
  const [confirm, setConfirm] = useState<'retire' | 'obsolete' | null>(null);
  const [collecting, setCollecting] = useState(false);

  const act = useMutation({
    mutationFn: (action: 'publish' | 'feature' | 'unfeature' | 'retire' | 'confirm' | 'obsolete') => {
      switch (action) {
        case 'publish':
          return api.publishResource(slug, resource.id);
        case 'feature':
        case 'unfeature':
          return api.featureResource(slug, resource.id, action === 'feature');
        case 'retire':
          return api.retireResource(slug, resource.id);
        default:
          return api.reviewResource(slug, resource.id, action);
      }
    },
    onSuccess: async (updated, action) => {
      setConfirm(null);
      await saved(updated);
      notifySuccess(
        {
          publish: 'Published: it is in the repertoire now.',
          feature: 'Featured: it shows at the top of the repertoire.',
          unfeature: 'No longer featured.',
          retire: resource.status === 'proposed' ? 'The proposal was declined.' : 'Retired from the repertoire.',
          confirm: updated.reviewDueAt
            ? `Confirmed. Next review ${formatDate(updated.reviewDueAt)}.`
            : 'Confirmed as still good.',
          obsolete: 'Marked obsolete: it is out of listings and paths, and kept with its history.',
        }[action],
      );
    },
    onError: (error) => {
      if (!confirm) notifyError(error);
    },
  });

  const any = a.edit || a.publish || a.feature || a.retire || a.review || a.collect;
  if (!any) return null;
  const pending = (action: string) => act.isPending && act.variables === action;

  return (
    <Card padding="lg" component="section" aria-labelledby="curate-heading">
      <Stack gap="sm">
        <Title order={2} size="h5" id="curate-heading">
          {a.publish || a.feature || a.review ? 'Curate' : 'Your proposal'}
        </Title>
        {a.publish && (
          <Button
            leftSection={<IconCircleCheck size={16} aria-hidden />}
            loading={pending('publish')}
            onClick={() => act.mutate('publish')}
          >
            {resource.status === 'proposed' ? 'Publish' : 'Publish again'}
          </Button>
        )}
        {a.edit && (
          <Button
            component={Link}
            to={`/c/${slug}/repertoire/${resource.id}/edit`}
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden />}
          >
            Edit
          </Button>
        )}
        {a.feature && (
          <Button
            variant="default"
            leftSection={resource.featured ? <IconStarOff size={16} aria-hidden /> : <IconStar size={16} aria-hidden />}
            loading={pending('feature') || pending('unfeature')}
            onClick={() => act.mutate(resource.featured ? 'unfeature' : 'feature')}
            aria-pressed={resource.featured}
          >
            {resource.featured ? 'Unfeature' : 'Feature'}
          </Button>
        )}
        {a.collect && (
          <Button
            variant="default"
            leftSection={<IconPlaylistAdd size={16} aria-hidden />}
            onClick={() => setCollecting(true)}
          >
            Add to a path or collection
          </Button>
        )}
        {a.review && (
          <Stack gap={6} pt={4}>
            <Text size="sm" fw={600}>
              Review{' '}
              {resource.reviewDueAt && (
                <Text span size="sm" c="dimmed" fw={400}>
                  · due {formatDate(resource.reviewDueAt)}
                </Text>
              )}
            </Text>
            <Group gap="xs" grow>
              <Button
                size="sm"
                variant="light"
                leftSection={<IconCalendarCheck size={16} aria-hidden />}
                loading={pending('confirm')}
                onClick={() => act.mutate('confirm')}
              >
                Still good
              </Button>
              <Button
                size="sm"
                variant="default"
                leftSection={<IconCalendarX size={16} aria-hidden />}
                onClick={() => setConfirm('obsolete')}
              >
                Obsolete
              </Button>
            </Group>
          </Stack>
        )}
        {a.retire && (
          <Button
            variant="subtle"
            color="red"
            c="red.9"
            leftSection={<IconArchive size={16} aria-hidden />}
            onClick={() => setConfirm('retire')}
          >
            {resource.status === 'proposed' ? 'Decline the proposal' : 'Retire'}
          </Button>
        )}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        title={
          confirm === 'obsolete'
            ? 'Mark it obsolete?'
            : resource.status === 'proposed'
              ? 'Decline this proposal?'
              : 'Retire this resource?'
        }
        confirmLabel={confirm === 'obsolete' ? 'Mark obsolete' : resource.status === 'proposed' ? 'Decline' : 'Retire'}
        pending={act.isPending}
        error={act.error}
        onConfirm={() => confirm && act.mutate(confirm)}
        onClose={() => {
          act.reset();
          setConfirm(null);
        }}
      >
        {confirm === 'obsolete'
          ? 'It leaves the listings and every path, and stays here with its history. You can publish it again later.'
          : resource.status === 'proposed'
            ? 'The proposal is kept with its history, but not published.'
            : 'It leaves the repertoire’s listings, paths and search, and stays here with its history.'}
      </ConfirmModal>
      <AddToCollectionModal resource={resource} opened={collecting} onClose={() => setCollecting(false)} />
    </Card>
  );
}

function AddToCollectionModal({
  resource,
  opened,
  onClose,
}: {
  resource: ResourceDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const slug = resource.community.slug;
  const collections = useCollections(slug, opened);
  const saved = useResourceSaved(slug);
  const [picked, setPicked] = useState<string | null>(null);
  const already = new Set(resource.collections.map((c) => c.id));
  const options = (collections.data?.items ?? [])
    .filter((c) => !already.has(c.id))
    .map((c) => ({ value: c.id, label: `${c.title} (${COLLECTION_KINDS[c.kind].label.toLowerCase()})` }));

  const add = useMutation({
    mutationFn: (id: string) => api.addToCollection(slug, id, resource.id),
    onSuccess: async () => {
      const name = collections.data?.items.find((c) => c.id === picked)?.title ?? 'the collection';
      await saved();
      notifySuccess(`Added to ${name}.`);
      setPicked(null);
      onClose();
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Add to a path or collection" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (picked) add.mutate(picked);
        }}
      >
        <Stack gap="md">
          <InlineError error={add.error ?? collections.error} />
          <Select
            label="Path or collection"
            placeholder={collections.isPending ? 'Loading…' : 'Pick one'}
            data={options}
            value={picked}
            onChange={setPicked}
            searchable
            nothingFoundMessage="No other paths or collections"
            comboboxProps={{ withinPortal: true }}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            It goes at the end; reorder the items on the path’s page.{' '}
            <Link to={`/c/${slug}/collections/new`}>Make a new one</Link>.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!picked} loading={add.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
