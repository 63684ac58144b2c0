import { Anchor, Badge, Box, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCircleCheck, IconMessageCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { PostSummary } from '../../../common/api-types';
import { formatDateTime, plural } from '../../ui/format';
import { TimeAgo } from '../../ui/TimeAgo';
import { ANSWERABLE, KindBadge, KindIcon, SUCCESS_TEXT } from './kinds';
import { PersonName } from './people';
import { TagLinks } from './TagLinks';

export function postHref(post: { id: string; community: { slug: string } }, replyId?: string | null): string {
  return `/c/${post.community.slug}/posts/${post.id}${replyId ? `#reply-${replyId}` : ''}`;
}

/** The resource form, pre-filled from a post or its accepted answer. */
export function promoteHref(slug: string, postId: string, replyId?: string): string {
  return `/c/${slug}/repertoire/new?fromPost=${encodeURIComponent(postId)}${replyId ? `&fromReply=${encodeURIComponent(replyId)}` : ''}`;
}

export function AnsweredBadge({ answered, size = 'sm' }: { answered: boolean; size?: 'xs' | 'sm' | 'md' }) {
  return answered ? (
    <Badge
      size={size}
      color="green"
      c={SUCCESS_TEXT}
      tt="none"
      fw={600}
      leftSection={<IconCircleCheck size={13} aria-hidden />}
    >
      Answered
    </Badge>
  ) : (
    <Badge size={size} color="gray" variant="outline" c="gray.8" tt="none" fw={600}>
      Open
    </Badge>
  );
}

/** One conversation in a list: what kind it is, its title, a taste of it and how alive it is. */
export function PostRow({
  post,
  showCommunity = false,
  linkPeople = true,
  headingLevel = 3,
  sort = 'latest',
}: {
  post: PostSummary;
  showCommunity?: boolean;
  linkPeople?: boolean;
  headingLevel?: 3 | 4;
  sort?: string;
}) {
  const slug = post.community.slug;
  const active = sort === 'active' && post.lastActivityAt !== post.createdAt;
  return (
    <Box component="li" className="cp-post-row">
      <Group wrap="nowrap" align="flex-start" gap="md" px={{ base: 'sm', sm: 'md' }} py="md">
        <Box visibleFrom="xs" pt={2}>
          <KindIcon kind={post.kind} />
        </Box>
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6}>
            <KindBadge kind={post.kind} />
            {ANSWERABLE.includes(post.kind) && <AnsweredBadge answered={post.answered} />}
            {showCommunity && (
              <Anchor component={Link} to={`/c/${slug}/posts`} size="xs" c="dimmed" fw={600} underline="hover">
                {post.community.name}
              </Anchor>
            )}
          </Group>
          <Title order={headingLevel} size="h5" fw={650} lh={1.35} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={postHref(post)} c="dark.8" underline="hover" inherit>
              {post.title}
            </Anchor>
          </Title>
          {post.excerpt && (
            <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {post.excerpt}
            </Text>
          )}
          {post.ama && (
            <Text size="sm">
              {post.ama.host ? <>Hosted by {post.ama.host.name}</> : 'AMA'}
              {post.ama.startsAt && <> · starts {formatDateTime(post.ama.startsAt)}</>}
            </Text>
          )}
          <Group gap="xs" align="center">
            <TagLinks slug={slug} tags={post.tags} size="xs" />
            <Text size="xs" c="dimmed" component="div">
              <PersonName person={post.author} slug={linkPeople ? slug : undefined} size="xs" fw={600} /> ·{' '}
              {active ? <TimeAgo value={post.lastActivityAt} prefix="active" /> : <TimeAgo value={post.createdAt} />}
            </Text>
          </Group>
        </Stack>
        <Stack gap={0} align="center" miw={40} pt={2} c={post.replyCount ? 'dark.6' : 'dimmed'}>
          <IconMessageCircle size={18} aria-hidden />
          <Text size="sm" fw={600} aria-hidden>
            {post.replyCount}
          </Text>
          <VisuallyHidden>{plural(post.replyCount, 'reply', 'replies')}</VisuallyHidden>
        </Stack>
      </Group>
    </Box>
  );
}
