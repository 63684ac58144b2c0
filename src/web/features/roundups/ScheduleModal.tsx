import { TZDate } from '@date-fns/tz';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { format } from 'date-fns';
import { useEffect, useState } from 'react';
import { InlineError } from '../../ui/PageState';
import { localNow, zoneLabel } from '../events/time';

/** The moment a wall-clock date and time in a zone stand for, as ISO; null when incomplete. */
export function zonedIso(date: string, time: string, zone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const at = new TZDate(+d[1], +d[2] - 1, +d[3], +t[1], +t[2], 0, zone);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime()).toISOString();
}

/** Picks when a round-up goes out: a date and a time in the viewer's zone. */
export function ScheduleModal({
  opened,
  zone,
  current,
  audience,
  pending,
  error,
  onSchedule,
  onClose,
}: {
  opened: boolean;
  zone: string;
  /** When it is scheduled for now, if it is. */
  current: string | null;
  audience: number;
  pending: boolean;
  error: unknown;
  onSchedule: (at: string) => void;
  onClose: () => void;
}) {
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    if (current) {
      const d = new TZDate(Date.parse(current), zone);
      setDate(format(d, 'yyyy-MM-dd'));
      setTime(format(d, 'HH:mm'));
    } else {
      setDate(localNow(zone, 1).date);
      setTime('09:00');
    }
    setProblem(null);
  }, [opened, current, zone]);

  const submit = () => {
    const at = zonedIso(date, time, zone);
    if (!at) return setProblem('Choose a date and a time.');
    if (Date.parse(at) <= Date.now()) return setProblem('Choose a moment in the future.');
    setProblem(null);
    onSchedule(at);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Schedule the round-up" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <Text size="sm">
            It goes to the members who get round-ups at that moment — {audience.toLocaleString()} today. You can still
            edit it, or unschedule it, until then.
          </Text>
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label="Date"
              required
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              data-autofocus
            />
            <TextInput
              type="time"
              label="Time"
              required
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
            />
          </Group>
          <Text size="xs" c="dark.4">
            In {zoneLabel(zone)}.
          </Text>
          {problem && (
            <Text size="sm" c="red.8" role="alert">
              {problem}
            </Text>
          )}
          <InlineError error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {current ? 'Change the time' : 'Schedule'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
