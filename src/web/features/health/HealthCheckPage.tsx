import { useDocumentTitle } from '@mantine/hooks';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';

export function HealthCheckPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Health check · ${community.name}`);
  if (!community.abilities.viewHealth) return <NotFound />;
  return (
    <>
      <HealthTabs />
      <PageHeader order={2} title="Health check" />
    </>
  );
}
