import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { limits } from '../../../common/limits';
import { todayIso } from '../../ui/format';
import { InlineError } from '../../ui/PageState';
import type { MembershipActionMutation } from './useMembershipAction';

interface ModalProps {
  opened: boolean;
  onClose: () => void;
  action: MembershipActionMutation;
}

function Actions({
  onClose,
  confirm,
  pending,
  color,
}: {
  onClose: () => void;
  confirm: string;
  pending: boolean;
  color?: string;
}) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} color={color}>
        {confirm}
      </Button>
    </Group>
  );
}

export function RequestModal({ opened, onClose, action, communityName }: ModalProps & { communityName: string }) {
  const [message, setMessage] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={`Request to join ${communityName}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate({ kind: 'join', message: message.trim() || undefined });
        }}
      >
        <Stack gap="md">
          <InlineError error={action.error} />
          <Textarea
            label="Message to the coordinators (optional)"
            maxLength={limits.shortText}
            description="A line about your practice helps them say yes."
            autosize
            minRows={3}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          <Actions onClose={onClose} confirm="Send request" pending={action.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function BreakModal({ opened, onClose, action }: ModalProps) {
  const [until, setUntil] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title="Take a break" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate({ kind: 'break', until: until || undefined });
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            Step back without leaving: notifications pause, and when you return we will help you catch up.
          </Text>
          <InlineError error={action.error} />
          <TextInput
            type="date"
            label="Return date (optional)"
            description="Leave empty if you are not sure yet."
            min={todayIso()}
            value={until}
            onChange={(e) => setUntil(e.currentTarget.value)}
          />
          <Actions onClose={onClose} confirm="Start my break" pending={action.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function LeaveModal({ opened, onClose, action, communityName }: ModalProps & { communityName: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Leave ${communityName}?`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate({ kind: 'leave' });
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            You will become an alumnus. What you contributed stays in the community, credited to you. You can ask to
            come back later.
          </Text>
          <InlineError error={action.error} />
          <Actions onClose={onClose} confirm="Leave community" pending={action.isPending} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
