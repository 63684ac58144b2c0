import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../ui/PageHeader';
import { useCommunityContext } from '../communities/CommunityLayout';

export function SurveyPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Survey · ${community.name}`);
  return <PageHeader order={2} title="Survey" />;
}
