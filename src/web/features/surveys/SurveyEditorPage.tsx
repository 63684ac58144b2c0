import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '../../ui/PageHeader';
import { useCommunityContext } from '../communities/CommunityLayout';

export function SurveyEditorPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Edit survey · ${community.name}`);
  return <PageHeader order={2} title="Edit survey" />;
}
