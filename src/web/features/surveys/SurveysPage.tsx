import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../ui/PageHeader';
import { useCommunityContext } from '../communities/CommunityLayout';

export function SurveysPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Surveys · ${community.name}`);
  return <PageHeader order={2} title="Surveys" />;
}
