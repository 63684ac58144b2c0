import {
  Alert,
  Anchor,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  List,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconLock, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import type { AmaInput, CommunityDetail, PostDetail, PostKind } from '../../../common/api-types';
import { limits, postKinds } from '../../../common/limits';
import { api, ApiError, keys } from '../../api';
import { Empty } from '../../ui/Empty';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { useTagsQuery } from './FeedPage';
import { KIND_ORDER, KINDS, KindBadge } from './kinds';
import { MarkdownEditor } from './MarkdownEditor';
import { MemberSelect } from './MemberSelect';

interface EditorValues {
  kind: PostKind;
  title: string;
  body: string;
  tags: string[];
  hostId: string | null;
  startsAt: string;
  endsAt: string;
}

const FIELD_IDS: Record<string, string> = {
  kind: 'post-kind',
  title: 'post-title',
  body: 'post-body',
  tags: 'post-tags',
  hostId: 'ama-host',
  startsAt: 'ama-starts',
  endsAt: 'ama-ends',
};

/** Where a server error's field goes on this form ("ama.endsAt" → endsAt). */
function formField(field: string | undefined): keyof EditorValues | null {
  if (!field) return null;
  if (field === 'ama.endsAt') return 'endsAt';
  if (field === 'ama.startsAt' || field === 'ama') return 'startsAt';
  if (field === 'ama.hostId') return 'hostId';
  const root = field.split('.')[0];
  return ['kind', 'title', 'body', 'tags'].includes(root) ? (root as keyof EditorValues) : null;
}

/** "2026-03-01T09:30" in the browser's time zone, for a datetime-local input. */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

export function NewPostPage() {
  const community = useCommunityContext();
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const requested = params.get('kind');
  if (!community.abilities.post) return <CannotPost community={community} signedIn={Boolean(user)} />;
  const allowed = KIND_ORDER.filter((k) => k !== 'announcement' || community.abilities.announce);
  const kind =
    (postKinds as readonly string[]).includes(requested ?? '') && allowed.includes(requested as PostKind)
      ? (requested as PostKind)
      : 'discussion';
  return <PostEditor community={community} initialKind={kind} />;
}

export function EditPostPage() {
  const community = useCommunityContext();
  const { postId = '' } = useParams();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.post(community.slug, postId),
    queryFn: () => api.post(community.slug, postId),
  });
  if (isPending) return <Loading label="Loading the post" />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data.abilities.edit) return <NotFound />;
  return <PostEditor community={community} post={data} initialKind={data.kind} />;
}

function CannotPost({ community, signedIn }: { community: CommunityDetail; signedIn: boolean }) {
  const next = `/c/${community.slug}/posts/new`;
  return (
    <Empty
      icon={<IconLock size={28} />}
      title="You cannot start a conversation here yet"
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
        ? `Members of ${community.name} can post. Join the community (or come back from your break) to take part.`
        : `Sign in and join ${community.name} to take part in its conversations.`}
    </Empty>
  );
}

function PostEditor({
  community,
  post,
  initialKind,
}: {
  community: CommunityDetail;
  post?: PostDetail;
  initialKind: PostKind;
}) {
  const slug = community.slug;
  const editing = Boolean(post);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const compact = useBelow('sm');
  const tags = useTagsQuery(slug);
  const [formError, setFormError] = useState<unknown>(null);
  const done = useRef(false);

  const form = useForm<EditorValues>({
    initialValues: {
      kind: initialKind,
      title: post?.title ?? '',
      body: post?.body ?? '',
      tags: post?.tags ?? [],
      hostId: post?.ama?.host?.id ?? null,
      startsAt: toLocalInput(post?.ama?.startsAt),
      endsAt: toLocalInput(post?.ama?.endsAt),
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Give your post a title'),
      body: (v) => (v.trim() ? null : 'Write something for people to read'),
      startsAt: (v, values) => (values.kind === 'ama' && !v ? 'When does the AMA start?' : null),
      endsAt: (v, values) =>
        values.kind !== 'ama'
          ? null
          : !v
            ? 'When does the AMA end?'
            : values.startsAt && new Date(v) <= new Date(values.startsAt)
              ? 'The end must be after the start'
              : null,
    },
  });

  const blocker = useUnsavedChangesGuard(() => !done.current && form.isDirty());

  const focusField = (field: string) => {
    const id = FIELD_IDS[field];
    window.requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  const onServerError = (error: unknown) => {
    const field = error instanceof ApiError ? formField(error.field) : null;
    if (field) {
      form.setFieldError(field, (error as ApiError).message);
      focusField(field);
    } else {
      setFormError(error);
    }
  };

  const afterSave = async (saved: PostDetail) => {
    done.current = true;
    queryClient.setQueryData(keys.post(slug, saved.id), saved);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.posts(slug) }),
      queryClient.invalidateQueries({ queryKey: keys.tags(slug) }),
      queryClient.invalidateQueries({ queryKey: keys.feed() }),
    ]);
    notifySuccess(editing ? 'Your changes are saved.' : 'Your post is live.');
    navigate(`/c/${slug}/posts/${saved.id}`);
  };

  const save = useMutation({
    mutationFn: (values: EditorValues) => {
      const ama: AmaInput | undefined =
        values.kind === 'ama'
          ? {
              ...(values.hostId ? { hostId: values.hostId } : {}),
              startsAt: fromLocalInput(values.startsAt),
              endsAt: fromLocalInput(values.endsAt),
            }
          : undefined;
      const common = { title: values.title.trim(), body: values.body, tags: values.tags, ...(ama ? { ama } : {}) };
      return post ? api.updatePost(slug, post.id, common) : api.createPost(slug, { kind: values.kind, ...common });
    },
    onSuccess: afterSave,
    onError: onServerError,
  });

  const submit = form.onSubmit(
    (values) => {
      setFormError(null);
      save.mutate(values);
    },
    (errors) => {
      const first = Object.keys(errors)[0];
      if (first) focusField(first);
    },
  );

  const kinds = KIND_ORDER.filter((k) => k !== 'announcement' || community.abilities.announce);
  const kind = form.values.kind;
  const back = post ? `/c/${slug}/posts/${post.id}` : `/c/${slug}/posts`;

  return (
    <>
      <Anchor component={Link} to={back} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> {post ? 'Back to the post' : 'All conversations'}
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title={editing ? 'Edit post' : 'New post'}
        description={
          editing
            ? 'Earlier versions stay visible in the post’s history.'
            : `Start a conversation in ${community.name}.`
        }
      />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card padding={compact ? 'md' : 'xl'}>
            <form noValidate onSubmit={submit} aria-label={editing ? 'Edit post' : 'New post'}>
              <Stack gap="lg">
                <InlineError error={formError} />
                {editing ? (
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      Kind
                    </Text>
                    <KindBadge kind={kind} size="md" />
                  </Group>
                ) : (
                  <Fieldset
                    legend="What kind of post is it?"
                    variant="unstyled"
                    p={0}
                    id={FIELD_IDS.kind}
                    tabIndex={-1}
                  >
                    <Stack gap="xs" mt={6}>
                      <SegmentedControl
                        data={kinds.map((k) => {
                          const Icon = KINDS[k].icon;
                          return {
                            value: k,
                            label: (
                              <Group gap={6} justify="center" wrap="nowrap">
                                <Icon size={16} aria-hidden />
                                <span>{KINDS[k].label}</span>
                              </Group>
                            ),
                          };
                        })}
                        value={kind}
                        onChange={(v) => form.setFieldValue('kind', v as PostKind)}
                        fullWidth
                        orientation={compact ? 'vertical' : 'horizontal'}
                        aria-describedby="post-kind-description"
                      />
                      <Text id="post-kind-description" size="sm" c="dimmed" aria-live="polite">
                        <Text span fw={600} c="dark.6">
                          {KINDS[kind].label}:
                        </Text>{' '}
                        {KINDS[kind].description}
                      </Text>
                      {form.errors.kind && (
                        <Text size="sm" c="red.8" role="alert">
                          {form.errors.kind}
                        </Text>
                      )}
                    </Stack>
                  </Fieldset>
                )}
                <TextInput
                  id={FIELD_IDS.title}
                  label="Title"
                  placeholder={titlePlaceholder(kind)}
                  required
                  maxLength={limits.postTitle}
                  {...form.getInputProps('title')}
                />
                <MarkdownEditor
                  id={FIELD_IDS.body}
                  slug={slug}
                  label={kind === 'ama' ? 'Introduce the host and the topic' : 'Body'}
                  required
                  maxLength={limits.postBody}
                  minRows={compact ? 6 : 9}
                  value={form.values.body}
                  onChange={(v) => form.setFieldValue('body', v)}
                  error={form.errors.body}
                  placeholder={bodyPlaceholder(kind)}
                />
                <TagPicker
                  value={form.values.tags}
                  onChange={(v) => form.setFieldValue('tags', v)}
                  error={form.errors.tags}
                  topics={tags.data?.items.map((t) => t.tag) ?? community.topics}
                  allowFree={tags.data?.allowFreeTags ?? Boolean(community.allowFreeTags)}
                />
                {kind === 'ama' && (
                  <Fieldset legend="The AMA" radius="md">
                    <Stack gap="md">
                      <HostPicker
                        slug={slug}
                        value={form.values.hostId}
                        initialHost={post?.ama?.host ?? null}
                        onChange={(v) => form.setFieldValue('hostId', v)}
                        error={form.errors.hostId}
                      />
                      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
                        <TextInput
                          id={FIELD_IDS.startsAt}
                          type="datetime-local"
                          label="Questions open"
                          required
                          {...form.getInputProps('startsAt')}
                        />
                        <TextInput
                          id={FIELD_IDS.endsAt}
                          type="datetime-local"
                          label="Questions close"
                          required
                          {...form.getInputProps('endsAt')}
                        />
                      </SimpleGrid>
                      <Text size="xs" c="dimmed">
                        Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}).
                      </Text>
                    </Stack>
                  </Fieldset>
                )}
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" component={Link} to={back}>
                    Cancel
                  </Button>
                  <Button
                    type="submit"
                    loading={save.isPending}
                    leftSection={editing ? <IconPencil size={16} aria-hidden /> : undefined}
                  >
                    {editing ? 'Save changes' : 'Publish'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md">
          <Tips kind={kind} />
        </Grid.Col>
      </Grid>
      <LeaveWithoutSavingModal blocker={blocker} />
    </>
  );
}

function titlePlaceholder(kind: PostKind): string {
  switch (kind) {
    case 'question':
      return 'e.g. How do you keep a monthly call from turning into status updates?';
    case 'win':
      return 'e.g. Our first community-led workshop sold out';
    case 'need':
      return 'e.g. Looking for a template to onboard new volunteers';
    case 'announcement':
      return 'e.g. New meeting time from next month';
    case 'ama':
      return 'e.g. AMA with our lead facilitator';
    default:
      return 'What do you want to talk about?';
  }
}

function bodyPlaceholder(kind: PostKind): string {
  switch (kind) {
    case 'question':
      return 'Give the context: what you tried, what happened, what you expected.';
    case 'win':
      return 'What happened, what made it work, and who helped?';
    case 'need':
      return 'Describe the problem and what a good outcome would look like.';
    default:
      return 'Write your post…';
  }
}

function Tips({ kind }: { kind: PostKind }) {
  const tips: Record<PostKind, string[]> = {
    discussion: [
      'Say why it matters to you.',
      'End with an open question to invite replies.',
      'Tag it with a topic so the right people see it.',
    ],
    question: [
      'One question per post makes it easy to answer.',
      'Share what you already tried.',
      'Accept the reply that answers it — it helps the next person.',
    ],
    announcement: ['Lead with what changes and when.', 'Keep it short; link to details.'],
    win: [
      'Name the people who helped — credit matters.',
      'Say what others could reuse.',
      'Numbers and quotes make it real.',
    ],
    need: [
      'Describe the situation, not only the solution you imagine.',
      'Mention who might know with @name.',
      'Accept the reply that solved it.',
    ],
    ama: [
      'Introduce the host and what they know.',
      'Set a clear window for questions.',
      'The host answers each question in its thread.',
    ],
  };
  return (
    <Card padding="lg" component="aside" aria-labelledby="post-tips">
      <Stack gap="sm">
        <Group gap="xs">
          <KindBadge kind={kind} />
        </Group>
        <Title order={3} size="h5" id="post-tips">
          Tips for a good {KINDS[kind].label.toLowerCase()}
        </Title>
        <List size="sm" spacing={6}>
          {tips[kind].map((t) => (
            <List.Item key={t}>{t}</List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

/** Tags from the community's topics (or free ones, where the community allows them); posts and resources. */
export function TagPicker({
  value,
  onChange,
  error,
  topics,
  allowFree,
  id = FIELD_IDS.tags,
  what = 'posts',
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: React.ReactNode;
  topics: string[];
  allowFree: boolean;
  id?: string;
  /** What is being tagged, for the note shown when the community has no topics. */
  what?: string;
}) {
  const common = {
    id,
    label: 'Tags',
    value,
    onChange,
    error,
    data: [...new Set([...topics, ...value])],
    clearable: true,
    comboboxProps: { withinPortal: true },
  };
  if (allowFree) {
    return (
      <TagsInput
        {...common}
        description={`Pick from the community’s topics or add your own (up to ${limits.postTags}). Press Enter after each one.`}
        placeholder={value.length < limits.postTags ? 'Add a tag' : undefined}
        maxTags={limits.postTags}
        splitChars={[',']}
        acceptValueOnBlur
      />
    );
  }
  if (topics.length === 0) {
    return (
      <Alert variant="light" color="gray" title="Tags">
        This community has no topics yet, so {what} cannot be tagged. A coordinator can add topics in the settings.
      </Alert>
    );
  }
  return (
    <MultiSelect
      {...common}
      description={`Tags come from the community’s topics (up to ${limits.postTags}).`}
      placeholder={value.length < limits.postTags ? 'Pick a topic' : undefined}
      maxValues={limits.postTags}
      searchable
      hidePickedOptions
      nothingFoundMessage="Not one of the community’s topics"
    />
  );
}

function HostPicker({
  slug,
  value,
  initialHost,
  onChange,
  error,
}: {
  slug: string;
  value: string | null;
  initialHost: { id: string; name: string; handle: string } | null;
  onChange: (value: string | null) => void;
  error?: React.ReactNode;
}) {
  return (
    <MemberSelect
      slug={slug}
      id={FIELD_IDS.hostId}
      label="Host"
      description="The member who answers. Leave empty to host it yourself."
      value={value}
      initial={initialHost}
      onChange={(id) => onChange(id)}
      error={error}
    />
  );
}
