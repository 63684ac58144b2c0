import { Anchor, Button, Card, Group, MultiSelect, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconFolders, IconRoute } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CollectionKind } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, keys } from '../../api';
import { applyFieldError } from '../../ui/formErrors';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { COLLECTION_KINDS, collectionHref } from './kinds';
import { useRepertoireOverview, useResources } from './queries';

interface Values {
  kind: CollectionKind;
  title: string;
  intro: string;
  resourceIds: string[];
}

const FIELDS = ['kind', 'title', 'intro', 'resourceIds'] as const;

export function NewCollectionPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  useDocumentTitle(`New path or collection · ${community.name}`);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const overview = useRepertoireOverview(slug);
  const curate = Boolean(overview.data?.abilities.curate);
  const published = useResources(slug, { sort: 'title' }, 100, curate);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: {
      kind: params.get('kind') === 'collection' ? 'collection' : 'path',
      title: '',
      intro: '',
      resourceIds: [],
    },
    validate: { title: (v) => (v.trim() ? null : 'Give it a title') },
  });

  const create = useMutation({
    mutationFn: (values: Values) => api.createCollection(slug, { ...values, title: values.title.trim() }),
    onSuccess: async (created) => {
      queryClient.setQueryData(keys.collection(slug, created.id), created);
      await queryClient.invalidateQueries({ queryKey: keys.collections(slug) });
      notifySuccess(`“${created.title}” is ready.`);
      navigate(collectionHref(slug, created));
    },
    onError: (error) => {
      if (!applyFieldError(form, error, FIELDS)) setFormError(error);
    },
  });

  if (overview.isPending) return <Loading label="Loading" />;
  if (overview.error) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!curate) return <NotFound />;

  const options = (published.data?.pages.flatMap((p) => p.items) ?? []).map((r) => ({ value: r.id, label: r.title }));

  return (
    <>
      <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Repertoire
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title="New path or collection"
        description="A “Start here” path gives newcomers an obvious way in; a collection gathers what belongs together."
      />
      <Card padding="xl" maw={760}>
        <form
          noValidate
          aria-label="New path or collection"
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            create.mutate(values);
          })}
        >
          <Stack gap="lg">
            <InlineError error={formError} />
            <Radio.Group
              label="What is it?"
              value={form.values.kind}
              onChange={(v) => form.setFieldValue('kind', v as CollectionKind)}
              error={form.errors.kind}
            >
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt={8}>
                {(['path', 'collection'] as const).map((k) => {
                  const Icon = k === 'path' ? IconRoute : IconFolders;
                  return (
                    <Radio.Card key={k} value={k} radius="md" p="md" className="cp-kind-card">
                      <Group gap="sm" wrap="nowrap" align="flex-start">
                        <Radio.Indicator mt={2} />
                        <Stack gap={2}>
                          <Group gap={6} wrap="nowrap">
                            <Icon size={18} aria-hidden />
                            <Text fw={650}>{COLLECTION_KINDS[k].label}</Text>
                          </Group>
                          <Text size="sm" c="dark.5">
                            {COLLECTION_KINDS[k].description}
                          </Text>
                        </Stack>
                      </Group>
                    </Radio.Card>
                  );
                })}
              </SimpleGrid>
            </Radio.Group>
            <TextInput
              label="Title"
              required
              maxLength={limits.resourceTitle}
              placeholder={form.values.kind === 'path' ? 'e.g. Start here' : 'e.g. Templates for event hosts'}
              {...form.getInputProps('title')}
            />
            <MarkdownEditor
              slug={slug}
              label="Introduction"
              value={form.values.intro}
              onChange={(v) => form.setFieldValue('intro', v)}
              error={form.errors.intro}
              maxLength={limits.collectionIntro}
              minRows={5}
              placeholder="Who is it for, and what will they be able to do at the end?"
            />
            <MultiSelect
              label="Resources"
              description="Optional: pick published resources in the order they should come. You can add and reorder later."
              placeholder={published.isPending ? 'Loading…' : 'Search published resources'}
              data={options}
              searchable
              hidePickedOptions
              nothingFoundMessage="No published resource by that name"
              comboboxProps={{ withinPortal: true }}
              maxValues={limits.collectionItems}
              {...form.getInputProps('resourceIds')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to={`/c/${slug}/repertoire`}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}
