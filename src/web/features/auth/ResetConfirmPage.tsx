import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api';
import { errorMessage } from '../../ui/notify';
import { applyFieldError } from '../../ui/formErrors';
import { limits } from '../../../common/limits';
import { InlineError } from '../../ui/PageState';
import { AuthCard } from './AuthCard';
import { useAfterAuth } from './session';

export function ResetConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const afterAuth = useAfterAuth();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= limits.passwordMin ? null : `Use at least ${limits.passwordMin} characters`),
      confirm: (v, values) => (v === values.password ? null : 'The passwords do not match'),
    },
  });
  const confirm = useMutation({
    mutationFn: api.confirmPasswordReset,
    onSuccess: () => afterAuth('/'),
    onError: (error) => {
      if (isApiError(error) && error.field === 'token') setFormError(error);
      else if (!applyFieldError(form, error, ['password'])) setFormError(error);
    },
  });

  const dead = isApiError(formError) && (formError.code === 'invalid_token' || formError.code === 'other_browser');
  if (!token || dead) {
    return (
      <AuthCard title="This link does not work">
        <Stack gap="md">
          <Alert color="yellow" role="alert">
            {dead ? errorMessage(formError) : 'The reset link is invalid, already used, or expired.'}
          </Alert>
          <Button component={Link} to="/reset">
            Request a new link
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password">
      <form
        noValidate
        onSubmit={form.onSubmit(({ password }) => {
          setFormError(null);
          confirm.mutate({ token, password });
        })}
      >
        <Stack gap="md">
          <InlineError error={formError} />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={confirm.isPending} fullWidth>
            Save password and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
