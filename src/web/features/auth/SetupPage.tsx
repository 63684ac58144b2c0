import { useMutation } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { api } from '../../api';
import { AuthCard } from './AuthCard';
import { CredentialsForm } from './CredentialsForm';
import { useAfterAuth, useMe } from './session';

export function SetupPage() {
  const { data } = useMe();
  const afterAuth = useAfterAuth();
  const setup = useMutation({ mutationFn: api.setupAdmin, onSuccess: () => afterAuth('/communities/new') });
  if (data && !data.needsSetup && !setup.isSuccess) return <Navigate to="/" replace />;

  return (
    <AuthCard
      title="Set up Commonplace"
      subtitle="Create the administrator account for this instance. You can start your first community right after."
    >
      <CredentialsForm
        submitLabel="Create administrator account"
        pending={setup.isPending}
        onSubmit={(values, onError) => setup.mutate(values, { onError })}
      />
    </AuthCard>
  );
}
