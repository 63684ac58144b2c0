import { useDocumentTitle } from '@mantine/hooks';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';

export function SponsorReportPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Sponsor report · ${community.name}`);
  if (!community.abilities.viewHealth) return <NotFound />;
  return (
    <>
      <HealthTabs />
      <PageHeader order={2} title="Sponsor report" />
    </>
  );
}
