import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../../../common/api-types';
import { api, ApiError, keys } from '../../api';
import { applyFieldError } from '../../ui/formErrors';
import { notifySuccess } from '../../ui/notify';
import { limits } from '../../../common/limits';
import { InlineError } from '../../ui/PageState';
import { Section } from './Section';

export function ProfileSection({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { name: user.name, email: user.email },
    validate: {
      name: (v) => (v.trim() ? null : 'Your name is required'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid email address'),
    },
  });
  const save = useMutation({
    mutationFn: api.updateAccount,
    onSuccess: async ({ user: updated }) => {
      form.setInitialValues({ name: updated.name, email: updated.email });
      form.setValues({ name: updated.name, email: updated.email });
      notifySuccess('Account details saved.');
      await queryClient.invalidateQueries({ queryKey: keys.me });
    },
    onError: (error) => {
      if (!applyFieldError(form, error, ['name', 'email'])) setFormError(error);
    },
  });

  return (
    <Section id="account-details" title="Your details" description="Your name is shown to the communities you join.">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          const changes: { name?: string; email?: string } = {};
          if (values.name.trim() !== user.name) changes.name = values.name.trim();
          if (values.email.trim() !== user.email) changes.email = values.email.trim();
          save.mutate(changes);
        })}
      >
        <Stack gap="md">
          <InlineError error={formError} />
          <TextInput
            label="Name"
            autoComplete="name"
            required
            maxLength={limits.name}
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            maxLength={limits.email}
            {...form.getInputProps('email')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
      <HandleForm user={user} />
    </Section>
  );
}

const HANDLE = /^[a-z0-9_]{2,30}$/i;

/** The @handle people use to mention me. */
function HandleForm({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const current = user.handle ?? '';
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { handle: current },
    validate: {
      handle: (v) =>
        HANDLE.test(v.trim().replace(/^@/, '')) ? null : 'Use 2 to 30 letters, digits or underscores (no spaces)',
    },
  });
  const save = useMutation({
    mutationFn: (handle: string) => api.updateHandle(handle),
    onSuccess: async ({ user: updated }) => {
      const handle = updated.handle;
      form.setInitialValues({ handle });
      form.setValues({ handle });
      notifySuccess(`People can now mention you as @${handle}.`);
      await queryClient.invalidateQueries({ queryKey: keys.me });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.code === 'handle_taken' || error.code === 'invalid_handle')) {
        form.setFieldError('handle', error.message);
      } else if (!applyFieldError(form, error, ['handle'])) setFormError(error);
    },
  });

  return (
    <form
      noValidate
      aria-labelledby="handle-heading"
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        save.mutate(values.handle.trim().replace(/^@/, ''));
      })}
    >
      <Stack gap="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Title order={3} size="h5" id="handle-heading">
          Your @handle
        </Title>
        <InlineError error={formError} />
        <TextInput
          label="Handle"
          description="Members mention you by typing @ and your handle in a post or reply."
          leftSection={
            <Text c="dimmed" aria-hidden>
              @
            </Text>
          }
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={31}
          required
          {...form.getInputProps('handle')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save handle
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
