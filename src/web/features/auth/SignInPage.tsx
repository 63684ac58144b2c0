import { Alert, Anchor, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { InlineError } from '../../ui/PageState';
import { safeNext, withNext } from '../../ui/safeNext';
import { AuthCard } from './AuthCard';
import { useAfterAuth, useCurrentUser } from './session';

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const user = useCurrentUser();
  const [mode, setMode] = useState<'password' | 'link'>('password');
  if (user) return <Navigate to={next} replace />;

  return (
    <AuthCard
      title="Welcome back"
      subtitle="Sign in to your communities"
      footer={
        <>
          New here?{' '}
          <Anchor component={Link} to={withNext('/signup', next)}>
            Create an account
          </Anchor>
        </>
      }
    >
      {mode === 'password' ? (
        <PasswordForm next={next} onUseLink={() => setMode('link')} />
      ) : (
        <MagicLinkForm next={next} onUsePassword={() => setMode('password')} />
      )}
    </AuthCard>
  );
}

function PasswordForm({ next, onUseLink }: { next: string; onUseLink: () => void }) {
  const afterAuth = useAfterAuth();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const signIn = useMutation({ mutationFn: api.signIn, onSuccess: () => afterAuth(next) });

  return (
    <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
      <Stack gap="md">
        <InlineError error={signIn.error} />
        <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        <Anchor component={Link} to="/reset" size="sm" style={{ alignSelf: 'flex-end' }}>
          Forgot your password?
        </Anchor>
        <Button type="submit" loading={signIn.isPending} fullWidth>
          Sign in
        </Button>
        <Divider label="or" labelPosition="center" />
        <Button variant="default" onClick={onUseLink} fullWidth>
          Email me a link instead
        </Button>
      </Stack>
    </form>
  );
}

function MagicLinkForm({ next, onUsePassword }: { next: string; onUsePassword: () => void }) {
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your email address') },
  });
  const send = useMutation({ mutationFn: api.requestMagicLink });

  if (send.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="lagoon" icon={<IconMailCheck aria-hidden />} title="Email sent" role="status">
          {send.data.message}
        </Alert>
        <Button variant="default" onClick={onUsePassword}>
          Sign in with a password
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit(({ email }) => send.mutate({ email, next }))} noValidate>
      <Stack gap="md">
        <InlineError error={send.error} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          description="We will email you a link that signs you in."
          {...form.getInputProps('email')}
        />
        <Button type="submit" loading={send.isPending} fullWidth>
          Email me a sign-in link
        </Button>
        <Button variant="subtle" onClick={onUsePassword} fullWidth>
          Use my password instead
        </Button>
      </Stack>
    </form>
  );
}
