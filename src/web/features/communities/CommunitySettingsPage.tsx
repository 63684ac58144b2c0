import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, keys } from '../../api';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { canvasFrom } from './canvas';
import { CanvasForm } from './CanvasForm';
import { useCommunityContext } from './CommunityLayout';

export function CommunitySettingsPage() {
  const community = useCommunityContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (values: Parameters<typeof api.updateCommunity>[1]) => api.updateCommunity(community.slug, values),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.community(updated.slug), updated);
      void queryClient.invalidateQueries({ queryKey: keys.communities() });
      notifySuccess('Community settings saved.');
      navigate(`/c/${updated.slug}`);
    },
  });
  if (!community.abilities.edit) return <NotFound />;

  return (
    <>
      <PageHeader
        order={2}
        title="Community settings"
        description="Revisit the kick-off canvas as the community grows."
      />
      <CanvasForm
        key={community.id}
        initial={canvasFrom(community)}
        submitLabel="Save changes"
        pending={update.isPending}
        autoSlug={false}
        onSubmit={(values, onError) => update.mutate(values, { onError })}
      />
    </>
  );
}
