import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OccurrenceDetail, OccurrencePatch } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { ApiError } from '../../api';
import { notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { eventKeys, eventsApi } from './api';
import { joinLocal, minutesBetween, splitLocal, zoneLabel } from './time';

interface Values {
  title: string;
  agenda: string;
  place: string;
  onlineUrl: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  capacity: number | string;
}

/** "Edit this session": what only this one session changes from the series. */
export function SessionEditModal({
  session,
  opened,
  onClose,
}: {
  session: OccurrenceDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const slug = session.community.slug;
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const start = splitLocal(session.localStart);
  const end = splitLocal(session.localEnd);
  const form = useForm<Values>({
    initialValues: {
      title: session.title,
      agenda: session.agenda,
      place: session.place ?? '',
      onlineUrl: session.onlineUrl ?? '',
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
      capacity: session.capacity ?? '',
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Give the session a title'),
      endTime: (v, values) =>
        minutesBetween(joinLocal(values.startDate, values.startTime), joinLocal(values.endDate, v)) <= 0
          ? 'It must end after it starts'
          : null,
    },
  });

  const save = useMutation({
    mutationFn: (values: Values) => {
      const patch: OccurrencePatch = {};
      if (values.title.trim() !== session.title) patch.title = values.title.trim();
      if (values.agenda !== session.agenda) patch.agenda = values.agenda;
      if ((values.place.trim() || null) !== session.place) patch.place = values.place.trim() || null;
      if ((values.onlineUrl.trim() || null) !== session.onlineUrl) patch.onlineUrl = values.onlineUrl.trim() || null;
      const s = joinLocal(values.startDate, values.startTime);
      const e = joinLocal(values.endDate, values.endTime);
      if (s !== session.localStart.slice(0, 16) || e !== session.localEnd.slice(0, 16)) {
        patch.start = s;
        patch.end = e;
      }
      const capacity = values.capacity === '' ? null : Number(values.capacity);
      if (capacity !== session.capacity) patch.capacity = capacity;
      return eventsApi.updateSession(slug, session.eventId, session.id, patch);
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(eventKeys.session(slug, session.id), updated);
      await queryClient.invalidateQueries({ queryKey: eventKeys.all(slug) });
      notifySuccess('This session is updated. People going are told about a new time.');
      onClose();
    },
    onError: (error) => {
      const field = error instanceof ApiError ? error.field?.split('.')[0] : undefined;
      const target =
        field === 'start' ? 'startDate' : field === 'end' ? 'endTime' : field && field in form.values ? field : null;
      if (target) form.setFieldError(target, (error as ApiError).message);
      else setFormError(error);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Edit this session" size="lg" centered>
      <form
        noValidate
        aria-label="Edit this session"
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          save.mutate(values);
        })}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Only this session changes; the rest of the series stays as it is. Times are in the organiser’s zone,{' '}
            {zoneLabel(session.timeZone, new Date(session.startsAt))}.
          </Text>
          <InlineError error={formError} />
          <TextInput label="Title" required maxLength={limits.eventTitle} {...form.getInputProps('title')} />
          <Textarea
            label="Agenda"
            description="Markdown works."
            autosize
            minRows={3}
            maxRows={10}
            maxLength={limits.eventAgenda}
            {...form.getInputProps('agenda')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Place" maxLength={limits.eventPlace} {...form.getInputProps('place')} />
            <TextInput type="url" label="Online link" placeholder="https://" {...form.getInputProps('onlineUrl')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <TextInput type="date" label="Starts on" required {...form.getInputProps('startDate')} />
            <TextInput type="time" label="at" required {...form.getInputProps('startTime')} />
            <TextInput type="date" label="Ends on" required {...form.getInputProps('endDate')} />
            <TextInput type="time" label="at" required {...form.getInputProps('endTime')} />
          </SimpleGrid>
          <NumberInput
            label="Seats for this session"
            description="Leave empty for no limit."
            min={0}
            max={limits.eventCapacity}
            allowDecimal={false}
            allowNegative={false}
            w={260}
            {...form.getInputProps('capacity')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save this session
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
