import { Container } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, keys } from '../../api';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { EMPTY_CANVAS } from './canvas';
import { CanvasForm } from './CanvasForm';

export function NewCommunityPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: api.createCommunity,
    onSuccess: (community) => {
      queryClient.setQueryData(keys.community(community.slug), community);
      void queryClient.invalidateQueries({ queryKey: keys.communities() });
      notifySuccess(`${community.name} is ready. Invite your first members.`);
      navigate(`/c/${community.slug}`);
    },
  });

  return (
    <Container size="md" py="xl">
      <PageHeader
        title="Start a community"
        description="The kick-off canvas helps you agree on why the community exists before anyone joins."
      />
      <CanvasForm
        initial={EMPTY_CANVAS}
        submitLabel="Create community"
        pending={create.isPending}
        autoSlug
        onSubmit={(values, onError) => create.mutate(values, { onError })}
      />
    </Container>
  );
}
