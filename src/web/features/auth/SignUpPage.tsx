import { Alert, Anchor } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { safeNext, withNext } from '../../ui/safeNext';
import { AuthCard } from './AuthCard';
import { CredentialsForm } from './CredentialsForm';
import { useAfterAuth, useCurrentUser } from './session';

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const user = useCurrentUser();
  const afterAuth = useAfterAuth();
  const signUp = useMutation({
    mutationFn: api.signUp,
    onSuccess: (result) => {
      if ('user' in result) return afterAuth(next);
    },
  });
  if (user && !signUp.isSuccess) return <Navigate to={next} replace />;

  return (
    <AuthCard
      title="Create your account"
      subtitle="Join communities of practitioners who learn together"
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to={withNext('/signin', next)}>
            Sign in
          </Anchor>
        </>
      }
    >
      {signUp.data && 'message' in signUp.data ? (
        <Alert color="lagoon" icon={<IconMailCheck aria-hidden />} title="Almost there" role="status">
          {signUp.data.message} Open the link in this browser to finish.
        </Alert>
      ) : (
        <CredentialsForm
          submitLabel="Create account"
          pending={signUp.isPending}
          onSubmit={(values, onError) =>
            signUp.mutate({ ...values, next: next === '/' ? undefined : next }, { onError })
          }
        />
      )}
    </AuthCard>
  );
}
