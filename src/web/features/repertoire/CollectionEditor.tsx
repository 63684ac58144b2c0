import { ActionIcon, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CollectionDetail, ResourceSummary } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, keys } from '../../api';
import { notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { useResources } from './queries';

/** Title, introduction and the order of the items; each move is a labelled button, so the keyboard can do it all. */
export function CollectionEditor({
  slug,
  collection,
  onDone,
}: {
  slug: string;
  collection: CollectionDetail;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(collection.title);
  const [intro, setIntro] = useState(collection.intro);
  const [items, setItems] = useState<ResourceSummary[]>(collection.items.map((i) => i.resource));
  const [adding, setAdding] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const published = useResources(slug, { sort: 'title' }, 100);
  const candidates = (published.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (r) => !items.some((i) => i.id === r.id),
  );

  const save = useMutation({
    mutationFn: () =>
      api.updateCollection(slug, collection.id, {
        title: title.trim(),
        intro,
        resourceIds: items.map((i) => i.id),
      }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.collection(slug, collection.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.repertoire(slug) });
      notifySuccess('Saved.');
      onDone();
    },
  });

  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    setItems(next);
    setAnnounce(`${item.title} moved to position ${index + by + 1} of ${next.length}.`);
    // Keep focus on the same button of the moved item, so pressing it again keeps moving it.
    const id = `move-${by < 0 ? 'up' : 'down'}-${item.id}`;
    window.requestAnimationFrame(() => {
      const el = document.getElementById(id) as HTMLButtonElement | null;
      if (el && !el.disabled) el.focus();
      else document.getElementById(`move-${by < 0 ? 'down' : 'up'}-${item.id}`)?.focus();
    });
  };

  return (
    <Card padding="lg" component="section" aria-labelledby="edit-collection">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="edit-collection">
            Edit {collection.kind === 'path' ? 'the path' : 'the collection'}
          </Title>
          <InlineError error={save.error} />
          <TextInput
            label="Title"
            required
            value={title}
            maxLength={limits.resourceTitle}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={title.trim() ? undefined : 'Give it a title'}
          />
          <MarkdownEditor
            slug={slug}
            label="Introduction"
            value={intro}
            onChange={setIntro}
            maxLength={limits.collectionIntro}
            minRows={4}
            placeholder="Who is it for, and what will they be able to do at the end?"
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="order-label">
              Order
            </Text>
            <div aria-live="polite" className="cp-visually-hidden">
              {announce}
            </div>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No items.
              </Text>
            ) : (
              <Stack gap={6} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="order-label">
                {items.map((item, index) => (
                  <Group
                    key={item.id}
                    component="li"
                    gap="xs"
                    wrap="nowrap"
                    p={6}
                    style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
                  >
                    <Text fw={700} w={28} ta="right" c="dimmed" className="cp-count">
                      {index + 1}.
                    </Text>
                    <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                      {item.title}
                    </Text>
                    <ActionIcon
                      id={`move-up-${item.id}`}
                      variant="default"
                      disabled={index === 0}
                      aria-label={`Move ${item.title} up`}
                      onClick={() => move(index, -1)}
                    >
                      <IconArrowUp size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      id={`move-down-${item.id}`}
                      variant="default"
                      disabled={index === items.length - 1}
                      aria-label={`Move ${item.title} down`}
                      onClick={() => move(index, 1)}
                    >
                      <IconArrowDown size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      c="red.9"
                      aria-label={`Remove ${item.title}`}
                      onClick={() => {
                        setItems(items.filter((i) => i.id !== item.id));
                        setAnnounce(`${item.title} removed.`);
                      }}
                    >
                      <IconX size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
            )}
          </Stack>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Add a resource"
              placeholder={published.isPending ? 'Loading…' : 'Search published resources'}
              data={candidates.map((r) => ({ value: r.id, label: r.title }))}
              value={adding}
              onChange={setAdding}
              searchable
              clearable
              nothingFoundMessage="No other published resource by that name"
              comboboxProps={{ withinPortal: true }}
              style={{ flex: '1 1 260px' }}
            />
            <Button
              variant="default"
              disabled={!adding}
              onClick={() => {
                const r = candidates.find((c) => c.id === adding);
                if (r) {
                  setItems([...items, r]);
                  setAnnounce(`${r.title} added at the end.`);
                }
                setAdding(null);
              }}
            >
              Add
            </Button>
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!title.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
