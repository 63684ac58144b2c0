import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api';
import { InlineError } from '../../ui/PageState';
import { AuthCard } from './AuthCard';

export function ResetRequestPage() {
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your email address') },
  });
  const send = useMutation({ mutationFn: api.requestPasswordReset });

  return (
    <AuthCard
      title="Reset your password"
      subtitle="We will email you a link to choose a new password."
      footer={
        <Anchor component={Link} to="/signin">
          Back to sign in
        </Anchor>
      }
    >
      {send.isSuccess ? (
        <Alert color="lagoon" icon={<IconMailCheck aria-hidden />} title="Email sent" role="status">
          {send.data.message}
        </Alert>
      ) : (
        <form noValidate onSubmit={form.onSubmit(({ email }) => send.mutate(email))}>
          <Stack gap="md">
            <InlineError error={send.error} />
            <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={send.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
