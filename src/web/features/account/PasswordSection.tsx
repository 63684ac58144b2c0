import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api';
import { applyFieldError } from '../../ui/formErrors';
import { notifySuccess } from '../../ui/notify';
import { limits } from '../../../common/limits';
import { InlineError } from '../../ui/PageState';
import { Section } from './Section';

export function PasswordSection() {
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v) => (v.length >= limits.passwordMin ? null : `Use at least ${limits.passwordMin} characters`),
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match'),
    },
  });
  const change = useMutation({
    mutationFn: api.changePassword,
    onSuccess: () => {
      form.reset();
      notifySuccess('Password changed.');
    },
    onError: (error) => {
      if (!applyFieldError(form, error, ['currentPassword', 'newPassword'])) setFormError(error);
    },
  });

  return (
    <Section id="account-password" title="Password">
      <form
        noValidate
        onSubmit={form.onSubmit(({ currentPassword, newPassword }) => {
          setFormError(null);
          change.mutate({ currentPassword, newPassword });
        })}
      >
        <Stack gap="md">
          <InlineError error={formError} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
