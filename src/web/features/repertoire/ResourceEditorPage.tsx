import { Alert, Anchor, Button, Card, Checkbox, Grid, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconBooks, IconLock, IconRefresh, IconWand } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import type {
  CommunityDetail,
  LinkPreview,
  Person,
  ResourceDetail,
  ResourceDraft,
  ResourceFormat,
  ResourceInput,
  ResourceKind,
} from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, ApiError, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { eventKeys, eventsApi } from '../events/api';
import { useTagsQuery } from '../conversations/FeedPage';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { TagPicker } from '../conversations/PostEditorPage';
import { blankCredit, CreditsEditor, newCreditKey, toCreditInput, toDraft, type CreditDraft } from './CreditsEditor';
import { FormatPicker, KindPicker } from './KindPicker';
import { resourceHref, RESOURCE_KINDS, ResourceKindBadge } from './kinds';
import { useRepertoireOverview, useResource, useResourceSaved } from './queries';

interface EditorValues {
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string;
  summary: string;
  tags: string[];
  credits: CreditDraft[];
  publish: boolean;
}

const FIELD_IDS: Record<string, string> = {
  kind: 'resource-kind',
  format: 'resource-format',
  title: 'resource-title',
  url: 'resource-url',
  summary: 'resource-summary',
  tags: 'resource-tags',
  credits: 'resource-credits',
  publish: 'resource-publish',
};

const FORM_FIELDS = ['kind', 'format', 'title', 'url', 'summary', 'tags', 'credits', 'publish'] as const;

function readId(value: string | null): string | null {
  return value && /^[\w-]{1,80}$/.test(value) ? value : null;
}

export function NewResourcePage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const fromPost = readId(params.get('fromPost'));
  const fromReply = readId(params.get('fromReply'));
  // Or from an event session's notes and outcomes.
  const fromOccurrence = fromPost ? null : readId(params.get('fromOccurrence'));
  const fromEvent = readId(params.get('fromEvent'));
  const overview = useRepertoireOverview(slug);
  const curate = Boolean(overview.data?.abilities.curate);
  const sessionDraft = useQuery({
    queryKey: eventKeys.draft(slug, fromOccurrence ?? ''),
    queryFn: () => eventsApi.resourceDraft(slug, fromOccurrence!),
    enabled: Boolean(fromOccurrence && curate),
    staleTime: Infinity,
  });
  const draft = useQuery({
    queryKey: keys.resourceDraft(slug, fromPost ?? '', fromReply),
    queryFn: () => api.resourceDraft(slug, { postId: fromPost!, replyId: fromReply }),
    enabled: Boolean(fromPost && curate),
    staleTime: Infinity,
  });
  const post = useQuery({
    queryKey: keys.post(slug, fromPost ?? ''),
    queryFn: () => api.post(slug, fromPost!),
    enabled: Boolean(fromPost && curate),
  });
  useDocumentTitle(`${fromPost || fromOccurrence ? 'Add to the repertoire' : 'New resource'} · ${community.name}`);

  if (overview.isPending) return <Loading label="Loading" />;
  if (overview.error) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!overview.data.abilities.propose) return <CannotPropose community={community} signedIn={Boolean(user)} />;
  if (fromPost && curate) {
    if (draft.isPending) return <Loading label="Preparing the resource from the conversation" />;
    if (draft.error) return <ErrorState error={draft.error} onRetry={() => void draft.refetch()} />;
  }
  if (fromOccurrence && curate) {
    if (sessionDraft.isPending) return <Loading label="Preparing the resource from the session’s notes" />;
    if (sessionDraft.error)
      return <ErrorState error={sessionDraft.error} onRetry={() => void sessionDraft.refetch()} />;
    return (
      <ResourceEditor
        key={`session-${fromOccurrence}`}
        community={community}
        curate={curate}
        linkPreviews={overview.data.linkPreviews}
        draft={sessionDraft.data}
        fromSession={{ occurrenceId: fromOccurrence, eventId: fromEvent }}
      />
    );
  }
  return (
    <ResourceEditor
      key={fromPost ?? 'blank'}
      community={community}
      curate={curate}
      linkPreviews={overview.data.linkPreviews}
      draft={fromPost && curate ? draft.data : undefined}
      from={fromPost && curate ? { postId: fromPost, replyId: fromReply, title: post.data?.title ?? null } : undefined}
    />
  );
}

export function EditResourcePage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { resourceId = '' } = useParams();
  const [params] = useSearchParams();
  const query = useResource(slug, resourceId);
  const overview = useRepertoireOverview(slug);
  useDocumentTitle(`Edit ${query.data?.title ?? 'resource'} · ${community.name}`);
  if (query.isPending || overview.isPending) return <Loading label="Loading the resource" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data.abilities.edit) return <NotFound />;
  return (
    <ResourceEditor
      key={query.data.id}
      community={community}
      curate={Boolean(overview.data?.abilities.curate)}
      linkPreviews={Boolean(overview.data?.linkPreviews)}
      resource={query.data}
      reviewAfter={params.get('review') === '1' && query.data.abilities.review}
    />
  );
}

function CannotPropose({ community, signedIn }: { community: CommunityDetail; signedIn: boolean }) {
  const next = `/c/${community.slug}/repertoire/new`;
  return (
    <Empty
      icon={<IconLock size={28} />}
      title="You cannot add to this repertoire yet"
      action={
        signedIn ? (
          <Button component={Link} to={`/c/${community.slug}`}>
            See how to join
          </Button>
        ) : (
          <Button component={Link} to={`/signin?next=${encodeURIComponent(next)}`}>
            Sign in
          </Button>
        )
      }
    >
      {signedIn
        ? `Members of ${community.name} can propose resources. Join the community (or come back from your break) to take part.`
        : `Sign in and join ${community.name} to propose resources.`}
    </Empty>
  );
}

function initialValues(
  resource?: ResourceDetail,
  draft?: ResourceDraft,
  curate = false,
  me?: Person | null,
): EditorValues {
  const source = resource ?? draft;
  const kind = source?.kind ?? 'article';
  return {
    kind,
    format: source?.format ?? RESOURCE_KINDS[kind].format,
    title: source?.title ?? '',
    url: source?.url ?? '',
    summary: source?.summary ?? '',
    tags: source?.tags ?? [],
    credits: resource
      ? resource.credits.map(toDraft)
      : draft?.credits
        ? draft.credits.map((c) => toDraft(c as Parameters<typeof toDraft>[0]))
        : [
            // Whoever adds it brought it to the community; whose work it is comes next.
            ...(me
              ? [
                  {
                    key: newCreditKey(),
                    role: 'contributor' as const,
                    who: 'member' as const,
                    userId: me.id,
                    person: me,
                    name: me.name,
                  },
                ]
              : []),
            blankCredit('source'),
          ],
    publish: curate,
  };
}

function ResourceEditor({
  community,
  curate,
  linkPreviews,
  resource,
  draft,
  from,
  fromSession,
  reviewAfter = false,
}: {
  community: CommunityDetail;
  curate: boolean;
  linkPreviews: boolean;
  resource?: ResourceDetail;
  draft?: ResourceDraft;
  from?: { postId: string; replyId: string | null; title: string | null };
  /** Made from an event session's notes: the resource links back to the session. */
  fromSession?: { occurrenceId: string; eventId: string | null };
  /** Opened from the review queue: saving also confirms the resource is still good. */
  reviewAfter?: boolean;
}) {
  const slug = community.slug;
  const editing = Boolean(resource);
  const user = useCurrentUser();
  const navigate = useNavigate();
  const compact = useBelow('sm');
  const tags = useTagsQuery(slug);
  const saved = useResourceSaved(slug);
  const [formError, setFormError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  // A refusal that belongs to no field shows at the top of the form, out of sight of the Save
  // button: it is brought into view and focused so it is seen and read out.
  const topError = useRef<HTMLDivElement>(null);
  const showTopError = () =>
    window.requestAnimationFrame(() => {
      topError.current?.scrollIntoView({ block: 'center' });
      topError.current?.focus({ preventScroll: true });
    });
  const [creditErrors, setCreditErrors] = useState<Record<number, string>>({});
  const [preview, setPreview] = useState<LinkPreview | null>(null);
  const formatTouched = useRef(editing || Boolean(draft));
  // The version the editor started from, kept even when the resource is refetched underneath it,
  // so the server can tell when someone else saved in between.
  const [startVersion] = useState(resource?.version);
  const done = useRef(false);

  const form = useForm<EditorValues>({
    initialValues: initialValues(
      resource,
      draft,
      curate,
      user ? { id: user.id, name: user.name, handle: user.handle } : null,
    ),
    validate: {
      title: (v) => (v.trim() ? null : 'Give the resource a title'),
      url: (v) => (!v.trim() || /^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Use a web address starting with https://'),
    },
  });

  const blocker = useUnsavedChangesGuard(() => !done.current && form.isDirty());

  const focusField = (field: string) => {
    const id = FIELD_IDS[field];
    window.requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  const onServerError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'stale_version') {
      setStale(true);
      showTopError();
      return;
    }
    const field = error instanceof ApiError && error.field ? error.field : '';
    const credit = /^credits\.(\d+)/.exec(field);
    if (credit) {
      setCreditErrors({ [Number(credit[1])]: (error as ApiError).message });
      focusField('credits');
      return;
    }
    const root = field.split('.')[0];
    if ((FORM_FIELDS as readonly string[]).includes(root)) {
      form.setFieldError(root, (error as ApiError).message);
      focusField(root);
    } else {
      setFormError(error);
      showTopError();
    }
  };

  const save = useMutation({
    mutationFn: async (values: EditorValues) => {
      const body = {
        kind: values.kind,
        format: values.format,
        title: values.title.trim(),
        summary: values.summary,
        tags: values.tags,
        credits: toCreditInput(values.credits),
      };
      const url = values.url.trim();
      if (resource) {
        const updated = await api.updateResource(slug, resource.id, {
          ...body,
          url: url || null,
          version: startVersion,
        });
        return reviewAfter ? api.reviewResource(slug, resource.id, 'confirm') : updated;
      }
      const input: ResourceInput = {
        ...body,
        ...(url ? { url } : {}),
        ...(from ? { from: { postId: from.postId, ...(from.replyId ? { replyId: from.replyId } : {}) } } : {}),
        ...(fromSession ? { from: { occurrenceId: fromSession.occurrenceId } } : {}),
        ...(curate ? { publish: values.publish } : {}),
      };
      return api.createResource(slug, input);
    },
    onSuccess: async (result) => {
      done.current = true;
      await saved(result);
      notifySuccess(
        reviewAfter
          ? 'Updated and confirmed: it comes back for review later.'
          : editing
            ? 'Your changes are saved. The earlier version stays in the history.'
            : result.status === 'published'
              ? 'It is in the repertoire.'
              : 'Thanks! Your proposal is with the curators.',
      );
      navigate(reviewAfter ? `/c/${slug}/repertoire/review` : resourceHref(slug, result.id));
    },
    onError: onServerError,
  });

  const fetchPreview = useMutation({
    mutationFn: () => api.linkPreview(slug, form.values.url.trim()),
    onSuccess: (found) => {
      setPreview(found);
      if (!form.values.title.trim() && found.title)
        form.setFieldValue('title', found.title.slice(0, limits.resourceTitle));
      if (!form.values.summary.trim() && found.description) form.setFieldValue('summary', found.description);
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.field === 'url' || error.status === 422)) {
        form.setFieldError('url', error.message);
      } else notifyError(error);
    },
  });

  const submit = form.onSubmit(
    (values) => {
      setFormError(null);
      setCreditErrors({});
      save.mutate(values);
    },
    (errors) => {
      const first = FORM_FIELDS.find((f) => errors[f]);
      if (first) focusField(first);
    },
  );

  const pickKind = (kind: ResourceKind) => {
    form.setFieldValue('kind', kind);
    if (!formatTouched.current) form.setFieldValue('format', RESOURCE_KINDS[kind].format);
  };

  const back = resource
    ? resourceHref(slug, resource.id)
    : from
      ? `/c/${slug}/posts/${from.postId}`
      : fromSession
        ? fromSession.eventId
          ? `/c/${slug}/events/${fromSession.eventId}/${fromSession.occurrenceId}`
          : `/c/${slug}/events?when=past`
        : `/c/${slug}/repertoire`;
  const title = editing
    ? reviewAfter
      ? 'Update, then confirm'
      : 'Edit resource'
    : from || fromSession
      ? 'Add to the repertoire'
      : curate
        ? 'Add a resource'
        : 'Propose a resource';
  const urlOk = /^https?:\/\/\S+$/i.test(form.values.url.trim());

  return (
    <>
      <Anchor component={Link} to={back} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />{' '}
          {resource
            ? 'Back to the resource'
            : from
              ? 'Back to the conversation'
              : fromSession
                ? 'Back to the session'
                : 'Repertoire'}
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title={title}
        description={
          editing
            ? 'Every version is kept: curators can compare and restore them.'
            : curate
              ? `Add something worth keeping to ${community.name}’s repertoire.`
              : 'Share something worth keeping. A curator reads proposals and publishes them.'
        }
      />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card padding={compact ? 'md' : 'xl'}>
            <form noValidate onSubmit={submit} aria-label={title}>
              <Stack gap="lg">
                {from && (
                  <Alert
                    color="lagoon"
                    variant="light"
                    icon={<IconBooks aria-hidden />}
                    title="Promoting from a conversation"
                  >
                    <Text size="sm">
                      Promoting from:{' '}
                      <Anchor
                        component={Link}
                        to={`/c/${slug}/posts/${from.postId}${from.replyId ? `#reply-${from.replyId}` : ''}`}
                        inherit
                        c="lagoon.9"
                        fw={600}
                      >
                        {from.title ?? 'the conversation'}
                      </Anchor>
                      {from.replyId ? ' (its accepted answer)' : ''}. The resource links back to it, and the people
                      credited below are told.
                    </Text>
                  </Alert>
                )}
                {fromSession && (
                  <Alert
                    color="lagoon"
                    variant="light"
                    icon={<IconBooks aria-hidden />}
                    title="Promoting from an event session"
                  >
                    <Text size="sm">
                      Pre-filled from the session’s notes and outcomes. The resource links back to the session, and the
                      hosts and speakers credited below are told.
                    </Text>
                  </Alert>
                )}
                {(stale || Boolean(formError)) && (
                  <Stack gap="sm" ref={topError} tabIndex={-1} style={{ outline: 'none' }}>
                    {stale && (
                      <Alert
                        color="orange"
                        variant="light"
                        icon={<IconRefresh aria-hidden />}
                        styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}
                        title="Someone else changed this resource"
                        role="alert"
                      >
                        <Stack gap="xs" align="flex-start">
                          <Text size="sm">
                            While you were editing, another version was saved. Your changes are still here and were not
                            saved. Copy what you need, then load the latest version and make your changes again.
                          </Text>
                          <Button
                            size="xs"
                            variant="white"
                            color="orange"
                            c="dark.8"
                            onClick={() => {
                              done.current = true;
                              void saved().then(() => navigate(0));
                            }}
                          >
                            Load the latest version
                          </Button>
                        </Stack>
                      </Alert>
                    )}
                    <InlineError error={formError} />
                  </Stack>
                )}
                <KindPicker id={FIELD_IDS.kind} value={form.values.kind} onChange={pickKind} error={form.errors.kind} />
                <FormatPicker
                  id={FIELD_IDS.format}
                  value={form.values.format}
                  onChange={(v) => {
                    formatTouched.current = true;
                    form.setFieldValue('format', v);
                  }}
                  error={form.errors.format}
                  compact={compact}
                />
                <Stack gap={6}>
                  <Group gap="sm" align="flex-start" wrap={compact ? 'wrap' : 'nowrap'}>
                    <TextInput
                      id={FIELD_IDS.url}
                      type="url"
                      label="Link"
                      description="Optional: where to find it. A method or a lesson may live only here."
                      placeholder="https://"
                      maxLength={limits.url}
                      style={{ flex: 1, minWidth: 0 }}
                      w={compact ? '100%' : undefined}
                      {...form.getInputProps('url')}
                    />
                    {linkPreviews && (
                      <Button
                        variant="default"
                        mt={compact ? 0 : 46}
                        leftSection={<IconWand size={16} aria-hidden />}
                        disabled={!urlOk}
                        loading={fetchPreview.isPending}
                        onClick={() => fetchPreview.mutate()}
                      >
                        Fetch details
                      </Button>
                    )}
                  </Group>
                  {preview && (
                    <Text size="xs" c="dimmed" role="status">
                      Found {preview.siteName ? `on ${preview.siteName}` : 'the page'}
                      {preview.title ? `: “${preview.title}”` : ''}. Empty fields were filled in; check them.
                    </Text>
                  )}
                </Stack>
                <TextInput
                  id={FIELD_IDS.title}
                  label="Title"
                  required
                  maxLength={limits.resourceTitle}
                  placeholder="e.g. The two-hour code review clinic"
                  {...form.getInputProps('title')}
                />
                <MarkdownEditor
                  id={FIELD_IDS.summary}
                  slug={slug}
                  label="Summary"
                  maxLength={limits.resourceSummary}
                  minRows={compact ? 5 : 7}
                  value={form.values.summary}
                  onChange={(v) => form.setFieldValue('summary', v)}
                  error={form.errors.summary}
                  placeholder="What is it, who is it for, and what will someone take from it?"
                />
                <TagPicker
                  id={FIELD_IDS.tags}
                  what="resources"
                  value={form.values.tags}
                  onChange={(v) => form.setFieldValue('tags', v)}
                  error={form.errors.tags}
                  topics={tags.data?.items.map((t) => t.tag) ?? community.topics}
                  allowFree={tags.data?.allowFreeTags ?? Boolean(community.allowFreeTags)}
                />
                <CreditsEditor
                  slug={slug}
                  value={form.values.credits}
                  onChange={(v) => {
                    setCreditErrors({});
                    form.setFieldValue('credits', v);
                  }}
                  errors={form.errors.credits ? { 0: String(form.errors.credits), ...creditErrors } : creditErrors}
                />
                {!editing &&
                  (curate ? (
                    <Checkbox
                      id={FIELD_IDS.publish}
                      label="Publish now"
                      description="Untick to save it as a proposal that curators can look at first."
                      error={form.errors.publish}
                      {...form.getInputProps('publish', { type: 'checkbox' })}
                    />
                  ) : (
                    <Text size="sm" c="dimmed">
                      Your proposal is visible to you and the curators until one of them publishes it. You can still
                      edit it until then.
                    </Text>
                  ))}
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" component={Link} to={back}>
                    Cancel
                  </Button>
                  <Button type="submit" loading={save.isPending}>
                    {editing
                      ? reviewAfter
                        ? 'Save and confirm'
                        : 'Save changes'
                      : curate && form.values.publish
                        ? 'Publish'
                        : curate
                          ? 'Save as proposal'
                          : 'Send proposal'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md">
          <Tips kind={form.values.kind} />
        </Grid.Col>
      </Grid>
      <LeaveWithoutSavingModal blocker={blocker} />
    </>
  );
}

function Tips({ kind }: { kind: ResourceKind }) {
  return (
    <Card padding="lg" component="aside" aria-labelledby="resource-tips">
      <Stack gap="sm">
        <Group gap="xs">
          <ResourceKindBadge kind={kind} />
        </Group>
        <Title order={3} size="h5" id="resource-tips">
          What makes a good resource
        </Title>
        <List size="sm" spacing={6}>
          <List.Item>Say who it helps and when — “for your first month as a coordinator”.</List.Item>
          <List.Item>Pull out the one idea worth remembering, in your own words.</List.Item>
          <List.Item>Credit the people it came from; they hear about it.</List.Item>
          <List.Item>Tag it with the community’s topics so it turns up in the right places.</List.Item>
        </List>
      </Stack>
    </Card>
  );
}
