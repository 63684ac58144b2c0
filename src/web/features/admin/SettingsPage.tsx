import { Card, Container, List, Stack, Switch, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, keys } from '../../api';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';

/** Instance-wide settings: choices that affect every community on this server. */
export function SettingsPage() {
  useDocumentTitle('Instance settings · Commonplace');
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: keys.instanceSettings, queryFn: api.instanceSettings });
  const update = useMutation({
    mutationFn: api.updateInstanceSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(keys.instanceSettings, next);
      // Every community's repertoire says whether "Fetch details" is offered.
      void queryClient.invalidateQueries({ queryKey: ['repertoire'] });
      notifySuccess(next.linkPreviews ? 'Link previews are on.' : 'Link previews are off.');
    },
    onError: notifyError,
  });

  return (
    <Container size="lg" py="xl">
      <PageHeader title="Instance settings" description="Choices that apply to every community on this instance." />
      {settings.isPending ? (
        <Loading label="Loading the settings" />
      ) : settings.error ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Card padding="lg" component="section" aria-labelledby="link-previews" maw={760}>
          <Stack gap="md">
            <Title order={2} size="h4" id="link-previews">
              Link previews
            </Title>
            <Switch
              size="md"
              label="Fetch details of links members add to the repertoire"
              description="Adds a “Fetch details” button to the resource form."
              checked={update.isPending ? Boolean(update.variables?.linkPreviews) : settings.data.linkPreviews}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ linkPreviews: e.currentTarget.checked })}
            />
            <Text size="sm">
              When this is on, this server visits the web address a member pastes — only when they press “Fetch details”
              — and reads the page’s title and description to fill in the form. Off, the server never fetches a link:
              not when a resource is saved, and not during an import.
            </Text>
            <List size="sm" spacing={4}>
              <List.Item>
                Private addresses are always refused: this machine (loopback), your local network, link-local and other
                internal ranges. Every redirect is checked again.
              </List.Item>
              <List.Item>A fetch stops after 5 seconds and reads at most 512 KB; only HTML pages are read.</List.Item>
              <List.Item>
                The sites members link to see a visit from this server. Leave it off if that should not happen.
              </List.Item>
            </List>
          </Stack>
        </Card>
      )}
    </Container>
  );
}
