import { Anchor } from '@mantine/core';
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
  const signUp = useMutation({ mutationFn: api.signUp, onSuccess: () => afterAuth(next) });
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
      <CredentialsForm
        submitLabel="Create account"
        pending={signUp.isPending}
        onSubmit={(values, onError) => signUp.mutate(values, { onError })}
      />
    </AuthCard>
  );
}
