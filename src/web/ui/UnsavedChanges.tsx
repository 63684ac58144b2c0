import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useBlocker, type Blocker } from 'react-router';

/** Holds navigation to another page while `unsaved()` says the form has work in it. */
export function useUnsavedChangesGuard(unsaved: () => boolean): Blocker {
  return useBlocker(
    ({ currentLocation, nextLocation }) => unsaved() && currentLocation.pathname !== nextLocation.pathname,
  );
}

/** Asks before leaving a form with unsaved work; pairs with `useUnsavedChangesGuard`. */
export function LeaveWithoutSavingModal({ blocker }: { blocker: Blocker }) {
  return (
    <Modal
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      centered
    >
      <Stack gap="md">
        <Text size="sm">What you wrote here will be lost.</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => blocker.reset?.()}>
            Keep writing
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            Discard and leave
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
