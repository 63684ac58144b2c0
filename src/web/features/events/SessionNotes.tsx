import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconExternalLink, IconPencil, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { OccurrenceDetail } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { applyFieldError } from '../../ui/formErrors';
import { notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { eventKeys, eventsApi } from './api';

const FIELDS = ['notes', 'outcomes', 'recordingUrl'] as const;

/** After the session: what happened, what came out of it and the recording; hosts write them. */
export function SessionNotesSection({ session }: { session: OccurrenceDetail }) {
  const notes = session.notes;
  const empty = !notes || (!notes.notes.trim() && !notes.outcomes.trim() && !notes.recordingUrl);
  const [editing, setEditing] = useState(false);
  const canWrite = session.abilities.writeNotes;
  if (empty && !canWrite) return null;
  return (
    <Card component="section" aria-labelledby="session-notes" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="session-notes">
            Notes and outcomes
          </Title>
          {canWrite && !editing && !empty && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} aria-hidden />}
              onClick={() => setEditing(true)}
            >
              Edit notes
            </Button>
          )}
        </Group>
        {editing || (empty && canWrite) ? (
          <NotesEditor session={session} onDone={() => setEditing(false)} startOpen={editing} />
        ) : (
          notes && (
            <Stack gap="md">
              {notes.notes.trim() && <div className="markdown" dangerouslySetInnerHTML={{ __html: notes.notesHtml }} />}
              {notes.outcomes.trim() && (
                <Stack gap={4}>
                  <Title order={3} size="h5">
                    Outcomes
                  </Title>
                  <div className="markdown" dangerouslySetInnerHTML={{ __html: notes.outcomesHtml }} />
                </Stack>
              )}
              {notes.recordingUrl && (
                <Button
                  component="a"
                  href={notes.recordingUrl}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  variant="light"
                  leftSection={<IconPlayerPlay size={16} aria-hidden />}
                  rightSection={<IconExternalLink size={14} aria-hidden />}
                  style={{ alignSelf: 'flex-start' }}
                >
                  Watch the recording<span className="cp-visually-hidden"> (opens in a new tab)</span>
                </Button>
              )}
              {notes.at && (
                <Text size="xs" c="dimmed">
                  {notes.by ? `Written by ${notes.by.name}, ` : 'Written '}
                  <TimeAgo value={notes.at} />
                </Text>
              )}
            </Stack>
          )
        )}
      </Stack>
    </Card>
  );
}

function NotesEditor({
  session,
  onDone,
  startOpen,
}: {
  session: OccurrenceDetail;
  onDone: () => void;
  startOpen: boolean;
}) {
  const slug = session.community.slug;
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const done = useRef(false);
  const form = useForm({
    initialValues: {
      notes: session.notes?.notes ?? '',
      outcomes: session.notes?.outcomes ?? '',
      recordingUrl: session.notes?.recordingUrl ?? '',
    },
    validate: {
      recordingUrl: (v) =>
        !v.trim() || /^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Use a link starting with https://',
    },
  });
  const blocker = useUnsavedChangesGuard(() => !done.current && form.isDirty());
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      eventsApi.saveNotes(slug, session.eventId, session.id, {
        notes: values.notes,
        outcomes: values.outcomes,
        recordingUrl: values.recordingUrl.trim() || null,
      }),
    onSuccess: async (notes) => {
      done.current = true;
      queryClient.setQueryData<OccurrenceDetail>(eventKeys.session(slug, session.id), (old) =>
        old ? { ...old, notes, hasNotes: true } : old,
      );
      form.resetDirty();
      notifySuccess('The notes are saved.');
      await queryClient.invalidateQueries({ queryKey: eventKeys.all(slug) });
      done.current = false;
      onDone();
    },
    onError: (error) => {
      if (!applyFieldError(form, error, FIELDS)) setFormError(error);
    },
  });
  return (
    <form
      noValidate
      aria-label="Session notes"
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        save.mutate(values);
      })}
    >
      <Stack gap="md">
        {!startOpen && (
          <Text size="sm" c="dimmed">
            What happened, what people learned and decided. Curators can turn the notes into a repertoire resource that
            credits the hosts.
          </Text>
        )}
        <InlineError error={formError} />
        <MarkdownEditor
          id="session-notes-text"
          slug={slug}
          label="Notes"
          maxLength={limits.eventNotes}
          minRows={5}
          value={form.values.notes}
          onChange={(v) => form.setFieldValue('notes', v)}
          error={form.errors.notes}
          placeholder="What was covered, questions that came up, links shared."
        />
        <MarkdownEditor
          id="session-outcomes"
          slug={slug}
          label="Outcomes"
          maxLength={limits.eventNotes}
          minRows={3}
          value={form.values.outcomes}
          onChange={(v) => form.setFieldValue('outcomes', v)}
          error={form.errors.outcomes}
          placeholder="Decisions, next steps, what people will try."
        />
        <TextInput
          id="session-recording"
          type="url"
          label="Recording"
          placeholder="https://"
          maxLength={limits.url}
          {...form.getInputProps('recordingUrl')}
        />
        <Group justify="flex-end" gap="sm">
          {startOpen && (
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Save notes
          </Button>
        </Group>
      </Stack>
      <LeaveWithoutSavingModal blocker={blocker} />
    </form>
  );
}
