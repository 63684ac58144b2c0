import { Badge, Box, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconNotes, IconTrash, IconUsers } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NoteVisibility, ResourceDetail, ResourceNote } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { plural } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { TimeAgo } from '../../ui/TimeAgo';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { PersonAvatar, PersonName } from '../conversations/people';

/** Members' notes on a resource: the community's shared ones and the reader's private ones. */
export function ResourceNotes({ resource }: { resource: ResourceDetail }) {
  const slug = resource.community.slug;
  const queryClient = useQueryClient();
  const notes = useQuery({
    queryKey: keys.resourceNotes(slug, resource.id),
    queryFn: () => api.resourceNotes(slug, resource.id),
  });
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<NoteVisibility>('community');
  const [removing, setRemoving] = useState<ResourceNote | null>(null);
  const compact = useBelow('xs');

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.resourceNotes(slug, resource.id) }),
      queryClient.invalidateQueries({ queryKey: keys.resources(slug) }),
    ]);

  const add = useMutation({
    mutationFn: () => api.createNote(slug, resource.id, { body, visibility }),
    onSuccess: async (note) => {
      setBody('');
      await refresh();
      notifySuccess(note.visibility === 'private' ? 'Your private note is saved.' : 'Your note is shared.');
    },
  });
  const remove = useMutation({
    mutationFn: (note: ResourceNote) => api.deleteNote(slug, resource.id, note.id),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
      notifySuccess('The note was deleted.');
    },
  });

  const items = notes.data?.items ?? [];
  return (
    <Box component="section" aria-labelledby="notes-heading">
      <Group gap="xs" mb="sm">
        <IconNotes size={20} aria-hidden />
        <Title order={2} size="h4" id="notes-heading">
          {notes.data ? plural(items.length, 'note') : 'Notes'}
        </Title>
      </Group>
      <Stack gap="md">
        {notes.isPending ? (
          <Loading label="Loading notes" />
        ) : notes.error ? (
          <ErrorState error={notes.error} onRetry={() => void notes.refetch()} />
        ) : items.length === 0 ? (
          <Text c="dimmed" size="sm">
            No notes yet. How did you use it? What should the next person know?
          </Text>
        ) : (
          <Card padding={0}>
            <ol className="cp-stack-list" aria-label="Notes">
              {items.map((note) => (
                <Box component="li" key={note.id} px={{ base: 'sm', sm: 'md' }} py="md">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <PersonAvatar person={note.author} size={32} />
                    <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                      <Group gap={6}>
                        <PersonName person={note.author} size="sm" />
                        <Text size="xs" c="dimmed">
                          · <TimeAgo value={note.createdAt} />
                        </Text>
                        {note.visibility === 'private' && (
                          <Badge
                            size="xs"
                            variant="outline"
                            color="gray"
                            c="gray.8"
                            tt="none"
                            leftSection={<IconLock size={11} aria-hidden />}
                          >
                            Only you
                          </Badge>
                        )}
                      </Group>
                      <div className="markdown" dangerouslySetInnerHTML={{ __html: note.bodyHtml }} />
                      {note.abilities.delete && (
                        <Group gap={4}>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            c="red.9"
                            leftSection={<IconTrash size={15} aria-hidden />}
                            onClick={() => setRemoving(note)}
                          >
                            Delete<span className="cp-visually-hidden"> {note.author?.name ?? 'this'}’s note</span>
                          </Button>
                        </Group>
                      )}
                    </Stack>
                  </Group>
                </Box>
              ))}
            </ol>
          </Card>
        )}
        {resource.abilities.note && (
          <Card padding="lg">
            <form
              noValidate
              aria-label="Write a note"
              onSubmit={(e) => {
                e.preventDefault();
                if (body.trim()) add.mutate();
              }}
            >
              <Stack gap="sm">
                <InlineError error={add.error} />
                <MarkdownEditor
                  slug={slug}
                  label="Write a note"
                  value={body}
                  onChange={setBody}
                  maxLength={limits.noteBody}
                  minRows={3}
                  placeholder="How you used it, what to watch out for, what to read next…"
                  onSubmitShortcut={() => body.trim() && add.mutate()}
                />
                <Group justify="space-between" gap="sm" wrap="wrap">
                  <SegmentedControl
                    aria-label="Who sees the note"
                    value={visibility}
                    onChange={(v) => setVisibility(v as NoteVisibility)}
                    data={[
                      {
                        value: 'community',
                        label: (
                          <Group gap={6} wrap="nowrap">
                            <IconUsers size={15} aria-hidden />
                            <span>{compact ? 'Community' : 'Shared with the community'}</span>
                          </Group>
                        ),
                      },
                      {
                        value: 'private',
                        label: (
                          <Group gap={6} wrap="nowrap">
                            <IconLock size={15} aria-hidden />
                            <span>Only me</span>
                          </Group>
                        ),
                      },
                    ]}
                  />
                  <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
                    {visibility === 'private' ? 'Save private note' : 'Share note'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        )}
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title="Delete this note?"
        confirmLabel="Delete note"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      >
        It disappears from the resource. This cannot be undone.
      </ConfirmModal>
    </Box>
  );
}
