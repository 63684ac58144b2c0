import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { TimeAgo } from '../../ui/TimeAgo';
import { usePostsQuery } from './FeedPage';
import { PostList } from './PostList';
import { postHref } from './PostRow';

/** The overview's "what is being talked about": the latest few conversations. */
export function LatestConversations({ community }: { community: CommunityDetail }) {
  const slug = community.slug;
  const query = usePostsQuery(slug, { sort: 'latest' }, 5);
  if (query.error) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="latest-heading">
      <Group justify="space-between" align="center" gap="xs">
        <Title order={2} size="h4" id="latest-heading">
          Latest conversations
        </Title>
        <Group gap="xs">
          {community.abilities.post && (
            <Button
              component={Link}
              to={`/c/${slug}/posts/new`}
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
            >
              New post
            </Button>
          )}
          <Anchor component={Link} to={`/c/${slug}/posts`} size="sm" fw={600}>
            <Group gap={4} component="span" wrap="nowrap">
              See all <IconArrowRight size={14} aria-hidden />
            </Group>
          </Anchor>
        </Group>
      </Group>
      <PostList
        query={query}
        hideMore
        label="Latest conversations"
        linkPeople={community.abilities.viewMembers}
        empty={
          <Card padding="md">
            <Text size="sm" c="dimmed">
              No conversations yet.{' '}
              {community.abilities.post && (
                <Anchor component={Link} to={`/c/${slug}/posts/new`}>
                  Start the first one
                </Anchor>
              )}
            </Text>
          </Card>
        }
      />
    </Stack>
  );
}

/** The overview's sidebar card: questions still waiting for an answer, oldest first. */
export function OpenQuestions({ community }: { community: CommunityDetail }) {
  const slug = community.slug;
  const query = usePostsQuery(slug, { sort: 'unanswered' }, 5);
  if (query.error || query.isPending) return null;
  const posts = query.data?.pages.flatMap((p) => p.items).slice(0, 5) ?? [];
  return (
    <Card component="section" aria-labelledby="open-questions">
      <Stack gap="sm">
        <Title order={2} size="h5" id="open-questions">
          Open questions
        </Title>
        {posts.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every question has an accepted answer. 🎉
          </Text>
        ) : (
          <Stack gap={10} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {posts.map((post) => (
              <li key={post.id}>
                <Anchor
                  component={Link}
                  to={postHref(post)}
                  size="sm"
                  fw={600}
                  c="dark.8"
                  underline="hover"
                  lineClamp={2}
                >
                  {post.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {post.replyCount === 0 ? 'No replies' : plural(post.replyCount, 'reply', 'replies')} · asked{' '}
                  <TimeAgo value={post.createdAt} />
                </Text>
              </li>
            ))}
          </Stack>
        )}
        {posts.length > 0 && (
          <Anchor component={Link} to={`/c/${slug}/posts?sort=unanswered`} size="sm">
            Help answer them
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}
