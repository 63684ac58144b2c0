import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { limits } from '../../../common/limits';
import { InlineError } from '../../ui/PageState';
import { applyFieldError } from '../../ui/formErrors';

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

const FIELDS = ['name', 'email', 'password'] as const;

export function CredentialsForm({
  submitLabel,
  pending,
  onSubmit,
}: {
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: Credentials, onError: (error: unknown) => void) => void;
}) {
  const form = useForm<Credentials>({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Tell us your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid email address'),
      password: (v) => (v.length >= limits.passwordMin ? null : `Use at least ${limits.passwordMin} characters`),
    },
  });
  const [formError, setFormError] = useState<unknown>(null);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        onSubmit({ ...values, name: values.name.trim() }, (error) => {
          if (!applyFieldError(form, error, FIELDS)) setFormError(error);
        });
      })}
    >
      <Stack gap="md">
        <InlineError error={formError} />
        <TextInput
          label="Your name"
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
        <PasswordInput
          label="Password"
          autoComplete="new-password"
          required
          maxLength={limits.passwordMax}
          description={`At least ${limits.passwordMin} characters; a passphrase you use nowhere else is best.`}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={pending} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
