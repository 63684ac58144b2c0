import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { HealthFinding } from '../../../common/api-types';
import { isApiError } from '../../api';
import { InlineError } from '../../ui/PageState';

const NOTE_MAX = 2000;

/** The server's refusal of a field, shown on the field; anything else above the buttons. */
function split(error: unknown, field: string) {
  const onField = isApiError(error) && error.field === field ? error.message : null;
  return { onField, other: onField ? null : error };
}

/** "I did this…": asks what was done (required), for the record the other coordinators read. */
export function ActModal({
  finding,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  finding: HealthFinding | null;
  pending: boolean;
  error: unknown;
  onSubmit: (note: string) => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (finding) {
      setNote('');
      setProblem(null);
    }
  }, [finding]);
  const { onField, other } = split(error, 'note');

  return (
    <Modal
      opened={!!finding}
      onClose={onClose}
      title="What did you do?"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim()) return setProblem('Say in a few words what you did.');
          setProblem(null);
          onSubmit(note.trim());
        }}
      >
        <Stack gap="md">
          {finding && (
            <Text size="sm" c="dark.5" style={{ overflowWrap: 'anywhere' }}>
              About: <strong>{finding.title}</strong>
            </Text>
          )}
          <Textarea
            label="What you did"
            description="A sentence or two for the record; the other coordinators will see it."
            placeholder="Asked Ana and Ben to look at the questions in the Testing topic."
            required
            autosize
            minRows={3}
            maxRows={8}
            maxLength={NOTE_MAX}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={problem ?? onField}
            data-autofocus
          />
          <InlineError error={other} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Mark as done
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Dismiss…": sets a finding aside, with a reason if the coordinator wants to give one. */
export function DismissModal({
  finding,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  finding: HealthFinding | null;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (finding) setReason('');
  }, [finding]);
  const { onField, other } = split(error, 'reason');

  return (
    <Modal
      opened={!!finding}
      onClose={onClose}
      title="Dismiss this finding?"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(reason.trim());
        }}
      >
        <Stack gap="md">
          {finding && (
            <Text size="sm" c="dark.5" style={{ overflowWrap: 'anywhere' }}>
              About: <strong>{finding.title}</strong>
            </Text>
          )}
          <Textarea
            label="Why (optional)"
            description="It moves to “Dismissed”, where a coordinator can reopen it."
            placeholder="She is handing the events over next month."
            autosize
            minRows={2}
            maxRows={6}
            maxLength={NOTE_MAX}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={onField}
            data-autofocus
          />
          <InlineError error={other} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red.8" loading={pending}>
              Dismiss
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
