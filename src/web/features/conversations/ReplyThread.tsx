import { Anchor, Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import {
  IconArrowBackUp,
  IconBooks,
  IconCircleCheck,
  IconCircleX,
  IconMicrophone,
  IconPencil,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PostDetail, ReactionKind, Reply } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCurrentUser } from '../auth/session';
import { MarkdownEditor } from './MarkdownEditor';
import { PersonAvatar, PersonName } from './people';
import { SUCCESS_TEXT } from './kinds';
import { promoteHref } from './PostRow';
import { Reactions } from './Reactions';
import { ReplyComposer } from './ReplyComposer';
import { patchReply } from './replyCache';
import { RevisionsModal } from './RevisionsModal';

interface ThreadProps {
  slug: string;
  post: PostDetail;
  linkPeople: boolean;
  onPosted: (reply: Reply) => void;
}

/** Replies threaded one level deep: each top-level reply with its answers indented beneath it. */
export function ReplyThread({ replies, ...props }: ThreadProps & { replies: Reply[] }) {
  const ids = new Set(replies.map((r) => r.id));
  const top = replies.filter((r) => !r.parentId || !ids.has(r.parentId));
  const children = new Map<string, Reply[]>();
  for (const r of replies) {
    if (r.parentId && ids.has(r.parentId)) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  }
  const isAma = props.post.kind === 'ama';
  return (
    <ol className="cp-thread" aria-label={isAma ? 'Questions' : 'Replies'}>
      {top.map((reply) => {
        const kids = children.get(reply.id) ?? [];
        return (
          <li key={reply.id} className="cp-thread-item">
            <ReplyCard reply={reply} {...props} />
            {kids.length > 0 && (
              <ol className="cp-thread-children" aria-label={`Replies to ${reply.author?.name ?? 'this reply'}`}>
                {kids.map((kid) => (
                  <li key={kid.id}>
                    <ReplyCard reply={kid} {...props} />
                  </li>
                ))}
              </ol>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function ReplyCard({
  reply,
  slug,
  post,
  linkPeople,
  onPosted,
  pinned = false,
}: ThreadProps & { reply: Reply; pinned?: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [history, setHistory] = useState(false);
  const [draft, setDraft] = useState(reply.body);
  const host = post.ama?.host ?? null;
  const byHost = Boolean(host && reply.author && reply.author.id === host.id);
  const byAuthor = Boolean(post.author && reply.author && reply.author.id === post.author.id);
  const who = reply.author?.name ?? 'a former member';
  const me = useCurrentUser();
  const iAmHost = Boolean(me && host && me.id === host.id);

  const react = useMutation({
    mutationFn: ({ kind, on }: { kind: ReactionKind; on: boolean }) =>
      api.reactToReply(slug, post.id, reply.id, kind, on),
    onSuccess: ({ reactions }) => patchReply(queryClient, slug, post.id, reply.id, (r) => ({ ...r, reactions })),
    onError: notifyError,
  });

  const accept = useMutation({
    mutationFn: (on: boolean) => (on ? api.acceptAnswer(slug, post.id, reply.id) : api.unacceptAnswer(slug, post.id)),
    onSuccess: async (updated, on) => {
      queryClient.setQueryData(keys.post(slug, post.id), updated);
      notifySuccess(on ? `${who}’s reply is now the accepted answer.` : 'The answer is no longer accepted.');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.replies(slug, post.id) }),
        queryClient.invalidateQueries({ queryKey: keys.posts(slug) }),
      ]);
    },
    onError: notifyError,
  });

  const save = useMutation({
    mutationFn: () => api.updateReply(slug, post.id, reply.id, draft),
    onSuccess: (updated) => {
      patchReply(queryClient, slug, post.id, reply.id, () => updated);
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: keys.revisions(slug, post.id, reply.id) });
    },
  });

  const remove = useMutation({
    mutationFn: () => api.deleteReply(slug, post.id, reply.id),
    onSuccess: async () => {
      setConfirmDelete(false);
      notifySuccess('The reply was deleted.');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.replies(slug, post.id) }),
        queryClient.invalidateQueries({ queryKey: keys.post(slug, post.id), exact: true }),
      ]);
    },
  });

  const domId = pinned ? `accepted-${reply.id}` : `reply-${reply.id}`;

  if (reply.deleted) {
    return (
      <Box id={domId} className="cp-reply" data-deleted tabIndex={-1}>
        <Text size="sm" c="dimmed" fs="italic" py="xs">
          This reply was deleted.
        </Text>
      </Box>
    );
  }

  const canAccept = post.abilities.accept && !pinned;
  // The pinned copy of the accepted answer has the button in its header already.
  const canPromote = Boolean(post.abilities.promote) && reply.accepted && !pinned;
  const hasActions =
    canPromote ||
    reply.abilities.reply ||
    reply.abilities.edit ||
    reply.abilities.delete ||
    canAccept ||
    reply.reactions.length > 0 ||
    reply.abilities.react;

  return (
    <Box
      component="article"
      id={domId}
      tabIndex={-1}
      className="cp-reply"
      data-accepted={(reply.accepted && !pinned) || undefined}
      data-host={(byHost && reply.parentId !== null) || undefined}
      aria-label={`${pinned ? 'Accepted answer' : post.kind === 'ama' && !reply.parentId ? 'Question' : 'Reply'} by ${who}`}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <PersonAvatar person={reply.author} size={32} />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} align="center">
            <PersonName person={reply.author} slug={linkPeople ? slug : undefined} size="sm" />
            {reply.author && (
              <Text size="xs" c="dimmed">
                @{reply.author.handle}
              </Text>
            )}
            {byAuthor && post.kind !== 'ama' && (
              <Badge size="xs" variant="outline" color="gray" c="gray.8" tt="none">
                Author
              </Badge>
            )}
            {byHost && (
              <Badge size="xs" color="cyan" c="cyan.9" tt="none" leftSection={<IconMicrophone size={11} aria-hidden />}>
                {reply.parentId ? 'Host answer' : 'Host'}
              </Badge>
            )}
            {reply.accepted && !pinned && (
              <Badge
                size="xs"
                color="green"
                c={SUCCESS_TEXT}
                tt="none"
                leftSection={<IconCircleCheck size={11} aria-hidden />}
              >
                Accepted answer
              </Badge>
            )}
            {reply.answeredByHost && (
              <Badge
                size="xs"
                color="cyan.9"
                variant="filled"
                tt="none"
                leftSection={<IconCircleCheck size={11} aria-hidden />}
              >
                Answered by host
              </Badge>
            )}
            <Text size="xs" c="dimmed" component="span">
              ·{' '}
              <Anchor href={`#reply-${reply.id}`} c="dimmed" underline="hover" inherit>
                <TimeAgo value={reply.createdAt} />
              </Anchor>
            </Text>
            {reply.editedAt && (
              <Button
                variant="subtle"
                color="gray"
                size="compact-xs"
                onClick={() => setHistory(true)}
                aria-label={`Edited — see earlier versions of ${who}’s reply`}
                c="dark.4"
              >
                edited
              </Button>
            )}
          </Group>

          {reply.quoted && reply.quoted.id !== reply.parentId && (
            <blockquote className="cp-quote">
              <Text size="xs" fw={600}>
                <Anchor href={`#reply-${reply.quoted.id}`} inherit underline="hover" c="dark.5">
                  {reply.quoted.author?.name ?? 'A former member'} wrote:
                </Anchor>
              </Text>
              <Text size="sm" lineClamp={3} c="dark.5">
                {reply.quoted.excerpt}
              </Text>
            </blockquote>
          )}

          {editing ? (
            <form
              noValidate
              aria-label={`Edit ${who}’s reply`}
              onSubmit={(e) => {
                e.preventDefault();
                if (draft.trim()) save.mutate();
              }}
            >
              <Stack gap="sm">
                <InlineError error={save.error} />
                <MarkdownEditor
                  slug={slug}
                  label="Edit reply"
                  value={draft}
                  onChange={setDraft}
                  maxLength={limits.replyBody}
                  minRows={4}
                  onSubmitShortcut={() => draft.trim() && save.mutate()}
                />
                <Group justify="flex-end" gap="sm">
                  <Button
                    variant="default"
                    onClick={() => {
                      setEditing(false);
                      setDraft(reply.body);
                    }}
                  >
                    Cancel
                  </Button>
                  <Button type="submit" loading={save.isPending} disabled={!draft.trim()}>
                    Save
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <div className="markdown" dangerouslySetInnerHTML={{ __html: reply.bodyHtml }} />
          )}

          {!editing && hasActions && (
            <Group gap="xs" justify="space-between" wrap="wrap">
              <Reactions
                reactions={reply.reactions}
                canReact={reply.abilities.react}
                pending={react.isPending ? (react.variables?.kind ?? null) : null}
                onToggle={(kind, on) => react.mutate({ kind, on })}
                label={`${who}’s reply`}
              />
              <Group gap={4} wrap="wrap">
                {canPromote && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="gray"
                    c="dark.5"
                    component={Link}
                    to={promoteHref(slug, post.id, reply.id)}
                    leftSection={<IconBooks size={15} aria-hidden />}
                  >
                    Add answer to repertoire
                  </Button>
                )}
                {canAccept &&
                  (reply.accepted ? (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="gray"
                      leftSection={<IconCircleX size={15} aria-hidden />}
                      loading={accept.isPending}
                      onClick={() => accept.mutate(false)}
                    >
                      Unaccept
                    </Button>
                  ) : (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="green"
                      c={SUCCESS_TEXT}
                      leftSection={<IconCircleCheck size={15} aria-hidden />}
                      loading={accept.isPending}
                      onClick={() => accept.mutate(true)}
                    >
                      Accept answer
                    </Button>
                  ))}
                {reply.abilities.reply && !pinned && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="gray"
                    c="dark.5"
                    leftSection={<IconArrowBackUp size={15} aria-hidden />}
                    onClick={() => setReplying(true)}
                    aria-expanded={replying}
                  >
                    {iAmHost && !reply.parentId ? 'Answer' : 'Reply'}
                  </Button>
                )}
                {reply.abilities.edit && !pinned && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="gray"
                    c="dark.5"
                    leftSection={<IconPencil size={15} aria-hidden />}
                    onClick={() => {
                      setDraft(reply.body);
                      setEditing(true);
                    }}
                  >
                    Edit
                  </Button>
                )}
                {reply.abilities.delete && !pinned && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    c="red.9"
                    leftSection={<IconTrash size={15} aria-hidden />}
                    onClick={() => setConfirmDelete(true)}
                  >
                    Delete
                  </Button>
                )}
              </Group>
            </Group>
          )}

          {replying && (
            <Box mt="xs">
              <ReplyComposer
                slug={slug}
                postId={post.id}
                replyTo={reply.id}
                label={`Reply to ${who}`}
                autoFocus
                onCancel={() => setReplying(false)}
                onPosted={(created) => {
                  setReplying(false);
                  onPosted(created);
                }}
              />
            </Box>
          )}
        </Stack>
      </Group>

      <ConfirmModal
        opened={confirmDelete}
        title="Delete this reply?"
        confirmLabel="Delete reply"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmDelete(false)}
      >
        {reply.accepted
          ? 'It is the accepted answer; deleting it leaves the question unanswered.'
          : 'It disappears from the conversation. Replies to it stay.'}
      </ConfirmModal>
      <RevisionsModal
        opened={history}
        onClose={() => setHistory(false)}
        title={`Earlier versions of ${who}’s reply`}
        queryKey={keys.revisions(slug, post.id, reply.id)}
        load={() => api.replyRevisions(slug, post.id, reply.id)}
      />
    </Box>
  );
}
