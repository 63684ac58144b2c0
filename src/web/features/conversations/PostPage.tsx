import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconBell,
  IconBellOff,
  IconBooks,
  IconCircleCheck,
  IconClock,
  IconHelpCircle,
  IconLifebuoy,
  IconMessageCircle,
  IconMicrophone,
  IconPencil,
  IconTrash,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { PostDetail, ReactionKind, Reply } from '../../../common/api-types';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime, formatDuration, plural } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { useFollows, useFollowTag } from './follows';
import { ANSWERABLE, KindBadge, SUCCESS_TEXT } from './kinds';
import { PersonAvatar, PersonName } from './people';
import { AnsweredBadge, promoteHref } from './PostRow';
import { Reactions } from './Reactions';
import { ReplyComposer } from './ReplyComposer';
import { ReplyCard, ReplyThread } from './ReplyThread';
import { RevisionsModal } from './RevisionsModal';
import { Fact } from '../../ui/Fact';

const REPLY_PAGE = 100;

export function PostPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { postId = '' } = useParams();
  const post = useQuery({ queryKey: keys.post(slug, postId), queryFn: () => api.post(slug, postId) });
  useDocumentTitle(post.data ? `${post.data.title} · ${community.name}` : community.name);

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/c/${slug}/posts`} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> All conversations
        </Group>
      </Anchor>
      {post.isPending ? (
        <Loading label="Loading the conversation" />
      ) : post.error ? (
        <ErrorState error={post.error} onRetry={() => void post.refetch()} />
      ) : (
        <PostView post={post.data} linkPeople={community.abilities.viewMembers} />
      )}
    </Stack>
  );
}

function PostView({ post, linkPeople }: { post: PostDetail; linkPeople: boolean }) {
  const slug = post.community.slug;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const user = useCurrentUser();
  const [history, setHistory] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const answerable = ANSWERABLE.includes(post.kind);
  const isAma = post.kind === 'ama';

  const replies = useInfiniteQuery({
    queryKey: keys.replies(slug, post.id),
    queryFn: ({ pageParam }) => api.replies(slug, post.id, { cursor: pageParam, limit: REPLY_PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = replies.data?.pages.flatMap((p) => p.items) ?? [];
  const accepted = post.acceptedReplyId ? items.find((r) => r.id === post.acceptedReplyId && !r.deleted) : undefined;

  // Arriving at #reply-…: bring that reply into view (and focus it) once it is in the thread, which
  // may be only after a refetch (a notification about a reply to the post already on screen).
  const hash = location.hash;
  const loaded = replies.isSuccess;
  const shownHash = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded || !hash.startsWith('#reply') || shownHash.current === hash) return;
    const el = document.getElementById(hash.slice(1));
    if (!el) return;
    shownHash.current = hash;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    if (el.tabIndex === -1) el.focus({ preventScroll: true });
  }, [hash, loaded, items.length]);

  const react = useMutation({
    mutationFn: ({ kind, on }: { kind: ReactionKind; on: boolean }) => api.reactToPost(slug, post.id, kind, on),
    onSuccess: ({ reactions }) =>
      queryClient.setQueryData<PostDetail>(keys.post(slug, post.id), (old) => (old ? { ...old, reactions } : old)),
    onError: notifyError,
  });

  const follow = useMutation({
    mutationFn: (on: boolean) => api.followPost(slug, post.id, on),
    onSuccess: ({ following }) => {
      queryClient.setQueryData<PostDetail>(keys.post(slug, post.id), (old) => (old ? { ...old, following } : old));
      void queryClient.invalidateQueries({ queryKey: keys.follows(slug) });
      notifySuccess(
        following ? 'You will be notified about new replies.' : 'You will no longer be notified about this post.',
      );
    },
    onError: notifyError,
  });

  const remove = useMutation({
    mutationFn: () => api.deletePost(slug, post.id),
    onSuccess: async () => {
      setConfirmDelete(false);
      notifySuccess('The post was deleted.');
      queryClient.removeQueries({ queryKey: keys.post(slug, post.id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.posts(slug) }),
        queryClient.invalidateQueries({ queryKey: keys.feed() }),
      ]);
      navigate(`/c/${slug}/posts`);
    },
  });

  const onPosted = (reply: Reply) => {
    navigate({ hash: `#reply-${reply.id}` }, { replace: true, preventScrollReset: true });
  };

  const composerLabel = isAma
    ? `Ask ${post.ama?.host?.name ?? 'the host'} a question`
    : answerable
      ? post.kind === 'need'
        ? 'Share what you know'
        : 'Your answer'
      : 'Your reply';

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <Card component="article" aria-labelledby="post-title" p={{ base: 'md', sm: 'xl' }} className="cp-post">
            <Stack gap="md">
              <Group gap={6}>
                <KindBadge kind={post.kind} size="md" />
                {answerable && <AnsweredBadge answered={post.answered} size="md" />}
              </Group>
              <Title order={1} fz={{ base: 24, sm: 30 }} id="post-title" style={{ overflowWrap: 'anywhere' }} lh={1.25}>
                {post.title}
              </Title>
              <Group gap="sm" wrap="nowrap">
                <PersonAvatar person={post.author} size={40} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <PersonName person={post.author} slug={linkPeople ? slug : undefined} />
                    {post.author && (
                      <Text size="sm" c="dimmed">
                        @{post.author.handle}
                      </Text>
                    )}
                  </Group>
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">
                      <TimeAgo value={post.createdAt} />
                    </Text>
                    {post.editedAt && (
                      <Button
                        variant="subtle"
                        color="gray"
                        c="dark.4"
                        size="compact-xs"
                        onClick={() => setHistory(true)}
                        title={`Edited ${formatDateTime(post.editedAt)}`}
                      >
                        edited · see history
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Group>
              {post.tags.length > 0 && <PostTags slug={slug} tags={post.tags} canFollow={post.abilities.follow} />}
              {isAma && <AmaPanel post={post} />}
              {(post.repertoire ?? []).length > 0 && <InRepertoire slug={slug} resources={post.repertoire} />}
              {answerable && <AnswerBanner post={post} canAccept={post.abilities.accept} />}
              <div className="markdown" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
              <Group justify="space-between" gap="sm" pt="sm" className="cp-post-actions">
                <Reactions
                  reactions={post.reactions}
                  canReact={post.abilities.react}
                  pending={react.isPending ? (react.variables?.kind ?? null) : null}
                  onToggle={(kind, on) => react.mutate({ kind, on })}
                  label="the post"
                />
                <Group gap="xs">
                  {post.abilities.promote && (
                    <Button
                      size="compact-md"
                      variant="default"
                      component={Link}
                      to={promoteHref(slug, post.id)}
                      leftSection={<IconBooks size={16} aria-hidden />}
                    >
                      Add to repertoire
                    </Button>
                  )}
                  {post.abilities.follow && (
                    <Button
                      size="compact-md"
                      variant={post.following ? 'light' : 'default'}
                      leftSection={
                        post.following ? <IconBellOff size={16} aria-hidden /> : <IconBell size={16} aria-hidden />
                      }
                      loading={follow.isPending}
                      onClick={() => follow.mutate(!post.following)}
                    >
                      {post.following ? 'Unfollow' : 'Follow'}
                    </Button>
                  )}
                  {post.abilities.edit && (
                    <Button
                      size="compact-md"
                      variant="default"
                      component={Link}
                      to={`/c/${slug}/posts/${post.id}/edit`}
                      leftSection={<IconPencil size={16} aria-hidden />}
                    >
                      Edit
                    </Button>
                  )}
                  {post.abilities.delete && (
                    <Button
                      size="compact-md"
                      variant="subtle"
                      color="red"
                      c="red.9"
                      leftSection={<IconTrash size={16} aria-hidden />}
                      onClick={() => setConfirmDelete(true)}
                    >
                      Delete
                    </Button>
                  )}
                </Group>
              </Group>
            </Stack>
          </Card>

          {accepted && (
            <Card component="section" aria-labelledby="accepted-heading" className="cp-accepted" padding="lg">
              <Stack gap="sm">
                <Group gap="xs" justify="space-between">
                  <Group gap="xs">
                    <IconCircleCheck size={20} color={SUCCESS_TEXT} aria-hidden />
                    <Title order={2} size="h5" id="accepted-heading" c={SUCCESS_TEXT}>
                      Accepted answer
                    </Title>
                  </Group>
                  <Group gap="sm">
                    {post.abilities.promote && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        component={Link}
                        to={promoteHref(slug, post.id, accepted.id)}
                        leftSection={<IconBooks size={15} aria-hidden />}
                      >
                        Add the answer to the repertoire
                      </Button>
                    )}
                    <Anchor href={`#reply-${accepted.id}`} size="sm">
                      See it in the conversation
                    </Anchor>
                  </Group>
                </Group>
                <ReplyCard
                  reply={accepted}
                  slug={slug}
                  post={post}
                  linkPeople={linkPeople}
                  onPosted={onPosted}
                  pinned
                />
              </Stack>
            </Card>
          )}

          <Box component="section" aria-labelledby="replies-heading">
            <Title order={2} size="h4" id="replies-heading" mb="sm">
              {isAma
                ? plural(countTop(items, post.replyCount), 'question')
                : plural(post.replyCount, 'reply', 'replies')}
            </Title>
            {replies.isPending ? (
              <Loading label="Loading replies" />
            ) : replies.error && items.length === 0 ? (
              <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />
            ) : items.length === 0 ? (
              <Text c="dimmed" py="md">
                {isAma
                  ? 'No questions yet. Be the first to ask.'
                  : post.kind === 'question'
                    ? 'No answers yet. Know something that could help?'
                    : post.kind === 'need'
                      ? 'Nobody has replied yet. Dealt with this before? Share what you did.'
                      : 'No replies yet. Start the conversation.'}
              </Text>
            ) : (
              <Card padding={0}>
                <ReplyThread replies={items} slug={slug} post={post} linkPeople={linkPeople} onPosted={onPosted} />
              </Card>
            )}
            {replies.hasNextPage && (
              <Group justify="center" mt="md">
                <Button
                  variant="default"
                  loading={replies.isFetchingNextPage}
                  onClick={() => void replies.fetchNextPage()}
                >
                  Load more replies
                </Button>
              </Group>
            )}
          </Box>

          <Box component="section" aria-labelledby="composer-heading" id="reply-composer" tabIndex={-1}>
            <Title order={2} size="h4" id="composer-heading" mb="sm">
              {composerLabel}
            </Title>
            {post.abilities.reply ? (
              <Card padding="lg">
                <ReplyComposer
                  slug={slug}
                  postId={post.id}
                  label={composerLabel}
                  hideLabel
                  submitLabel={isAma ? 'Ask' : 'Reply'}
                  placeholder={
                    isAma
                      ? 'One question per message makes it easy to answer.'
                      : post.kind === 'need'
                        ? 'What did you do when you faced this?'
                        : 'Write a reply…'
                  }
                  onPosted={onPosted}
                />
              </Card>
            ) : (
              <Card padding="lg">
                <Text size="sm" c="dimmed">
                  {user ? (
                    <>
                      Only members of {post.community.name} can reply.{' '}
                      <Anchor component={Link} to={`/c/${slug}`}>
                        See how to join
                      </Anchor>
                      .
                    </>
                  ) : (
                    <>
                      <Anchor component={Link} to={`/signin?next=${encodeURIComponent(`/c/${slug}/posts/${post.id}`)}`}>
                        Sign in
                      </Anchor>{' '}
                      to join the conversation.
                    </>
                  )}
                </Text>
              </Card>
            )}
          </Box>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <PostFacts post={post} />
      </Grid.Col>

      <RevisionsModal
        opened={history}
        onClose={() => setHistory(false)}
        title="Earlier versions of this post"
        queryKey={keys.revisions(slug, post.id)}
        load={() => api.postRevisions(slug, post.id)}
      />
      <ConfirmModal
        opened={confirmDelete}
        title="Delete this post?"
        confirmLabel="Delete post"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmDelete(false)}
      >
        The post and its replies disappear from the community. This cannot be undone from here.
      </ConfirmModal>
    </Grid>
  );
}

/** "In the repertoire: …": the resources this conversation became. */
function InRepertoire({ slug, resources }: { slug: string; resources: { id: string; title: string }[] }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" c="dark.5">
      <IconBooks size={16} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
      <Text size="sm">
        In the repertoire:{' '}
        {resources.map((r, i) => (
          <span key={r.id}>
            {i > 0 && ', '}
            <Anchor component={Link} to={`/c/${slug}/repertoire/${r.id}`} inherit fw={600}>
              {r.title}
            </Anchor>
          </span>
        ))}
      </Text>
    </Group>
  );
}

function countTop(items: Reply[], fallback: number): number {
  return items.length ? items.filter((r) => !r.parentId && !r.deleted).length : fallback;
}

function PostTags({ slug, tags, canFollow }: { slug: string; tags: string[]; canFollow: boolean }) {
  const follows = useFollows(slug, canFollow);
  const toggle = useFollowTag(slug);
  const followed = new Set(follows.data?.tags ?? []);
  return (
    <Group gap={6} component="ul" className="cp-tag-list" aria-label="Tags">
      {tags.map((tag) => {
        const following = followed.has(tag.toLowerCase());
        return (
          <Group key={tag} gap={0} component="li" className="cp-tag-pair" wrap="nowrap">
            <Link className="cp-tag" data-size="sm" to={`/c/${slug}/posts?tag=${encodeURIComponent(tag)}`}>
              #{tag}
            </Link>
            {follows.data && (
              <Tooltip label={following ? `Unfollow #${tag}` : `Follow #${tag}: hear about new posts`}>
                <ActionIcon
                  size="sm"
                  variant={following ? 'light' : 'subtle'}
                  color={following ? 'lagoon' : 'gray'}
                  aria-label={following ? `Unfollow #${tag}` : `Follow #${tag}`}
                  loading={toggle.isPending && toggle.variables?.tag === tag}
                  onClick={() => toggle.mutate({ tag, on: !following })}
                >
                  {following ? <IconBellOff size={14} aria-hidden /> : <IconBell size={14} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        );
      })}
    </Group>
  );
}

function AnswerBanner({ post, canAccept }: { post: PostDetail; canAccept: boolean }) {
  const need = post.kind === 'need';
  const firstReply =
    post.timeToFirstReplySeconds !== null ? `First reply after ${formatDuration(post.timeToFirstReplySeconds)}.` : null;
  if (post.answered) {
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden />}
        title={need ? 'Solved' : 'Answered'}
        styles={{ title: { color: SUCCESS_TEXT } }}
      >
        <Text size="sm">
          {post.acceptedReplyId && (
            <Anchor href={`#reply-${post.acceptedReplyId}`} inherit>
              See the accepted answer
            </Anchor>
          )}
          {post.timeToAcceptSeconds !== null && <> — accepted after {formatDuration(post.timeToAcceptSeconds)}</>}.
          {firstReply && <> {firstReply}</>}
        </Text>
      </Alert>
    );
  }
  return (
    <Alert
      color={need ? 'pink' : 'violet'}
      variant="light"
      icon={need ? <IconLifebuoy aria-hidden /> : <IconHelpCircle aria-hidden />}
      title={need ? 'Has somebody dealt with this?' : post.replyCount ? 'Not answered yet' : 'Waiting for an answer'}
      styles={{ title: { color: `var(--mantine-color-${need ? 'pink' : 'violet'}-9)` } }}
    >
      <Text size="sm">
        {need
          ? 'If you have faced this before, a few lines about what you did can save days.'
          : post.replyCount
            ? `${plural(post.replyCount, 'reply', 'replies')}, none accepted yet.`
            : 'Know the answer, or part of it? Reply below.'}
        {firstReply && <> {firstReply}</>}
        {canAccept && ' When a reply solves it, accept it so the next person finds it fast.'}
      </Text>
    </Alert>
  );
}

function amaStatus(startsAt: string | null, endsAt: string | null): { label: string; color: string } {
  const now = Date.now();
  if (startsAt && new Date(startsAt).getTime() > now) return { label: 'Upcoming', color: 'blue' };
  if (endsAt && new Date(endsAt).getTime() < now) return { label: 'Closed', color: 'gray' };
  return { label: 'Open for questions', color: 'green' };
}

function AmaPanel({ post }: { post: PostDetail }) {
  const ama = post.ama;
  if (!ama) return null;
  const status = amaStatus(ama.startsAt, ama.endsAt);
  return (
    <Card withBorder radius="md" padding="md" className="cp-ama">
      <Group gap="md" wrap="nowrap" align="flex-start">
        <ThemeIcon size={40} radius="xl" color="cyan" variant="light" aria-hidden>
          <IconMicrophone size={22} />
        </ThemeIcon>
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={650}>Ask me anything with {ama.host?.name ?? 'a former member'}</Text>
            <Badge
              color={status.color}
              c={status.color === 'green' ? SUCCESS_TEXT : `${status.color}.9`}
              tt="none"
              size="sm"
            >
              {status.label}
            </Badge>
          </Group>
          {(ama.startsAt || ama.endsAt) && (
            <Group gap={6} c="dark.5" wrap="nowrap" align="flex-start">
              <IconClock size={15} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
              <Text size="sm">
                {formatDateTime(ama.startsAt)} – {formatDateTime(ama.endsAt)}
              </Text>
            </Group>
          )}
          <Text size="sm" c="dimmed">
            Each reply is a question; the host answers underneath it.
          </Text>
        </Stack>
      </Group>
    </Card>
  );
}

function PostFacts({ post }: { post: PostDetail }) {
  return (
    <Card padding="lg" component="aside" aria-labelledby="post-facts" className="cp-sticky">
      <Stack gap="sm">
        <Group gap="xs">
          <IconMessageCircle size={18} aria-hidden />
          <Title order={2} size="h5" id="post-facts">
            About this conversation
          </Title>
        </Group>
        <Stack gap={6} component="dl" m={0}>
          <Fact label="Started">
            <TimeAgo value={post.createdAt} />
          </Fact>
          <Fact label="Last activity">
            <TimeAgo value={post.lastActivityAt} />
          </Fact>
          <Fact label={post.kind === 'ama' ? 'Messages' : 'Replies'}>{post.replyCount}</Fact>
          {post.timeToFirstReplySeconds !== null && (
            <Fact label="First reply after">{formatDuration(post.timeToFirstReplySeconds)}</Fact>
          )}
          {post.timeToAcceptSeconds !== null && (
            <Fact label="Answer accepted after">{formatDuration(post.timeToAcceptSeconds)}</Fact>
          )}
        </Stack>
        {post.following && (
          <Text size="xs" c="dimmed">
            You follow this conversation: new replies show up in your notifications.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
