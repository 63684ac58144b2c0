import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowRight,
  IconConfetti,
  IconLifebuoy,
  IconMessageCircle,
  IconPlus,
  IconTrophy,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { PostSummary } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { Empty } from '../../ui/Empty';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { useCommunityContext } from '../communities/CommunityLayout';
import { usePostsQuery } from './FeedPage';
import { PersonAvatar, PersonName } from './people';
import { AnsweredBadge, postHref } from './PostRow';
import { TagLinks } from './TagLinks';

type BoardKind = 'win' | 'need';

const BOARDS = {
  win: {
    title: 'Wins board',
    lead: 'Celebrate what worked.',
    description:
      'Small or big: a workshop that landed, a tool that saved a week, a newcomer’s first answer. Every win is a story others can learn from.',
    cta: 'Share a win',
    emptyTitle: 'No wins shared yet',
    emptyText:
      'Something went well lately? Tell the community — wins are the best way to show what this practice achieves.',
    color: 'yellow',
    icon: IconTrophy,
    banner: IconConfetti,
  },
  need: {
    title: 'Needs',
    lead: '“I bet somebody else has dealt with this.”',
    description:
      'Problems members are stuck on. If you have faced one of these before, a few lines about what you did can save someone days.',
    cta: 'Say what you need',
    emptyTitle: 'Nobody is stuck right now',
    emptyText: 'When you hit a problem someone else has probably solved, post it here and let the community help.',
    color: 'pink',
    icon: IconLifebuoy,
    banner: IconLifebuoy,
  },
} as const;

export function WinsPage() {
  return <BoardPage kind="win" />;
}

export function NeedsPage() {
  return <BoardPage kind="need" />;
}

function BoardPage({ kind }: { kind: BoardKind }) {
  const community = useCommunityContext();
  const slug = community.slug;
  const board = BOARDS[kind];
  const query = usePostsQuery(slug, { sort: 'latest', kind }, 24);
  const posts = query.data?.pages.flatMap((p) => p.items) ?? [];
  const Banner = board.banner;
  const newHref = `/c/${slug}/posts/new?kind=${kind}`;

  return (
    <Stack gap="lg">
      <Card className={`cp-board-hero cp-board-hero-${kind}`} padding="xl">
        <Group justify="space-between" align="center" gap="lg" wrap="wrap">
          <Group gap="md" wrap="nowrap" align="flex-start" style={{ flex: '1 1 320px' }}>
            <ThemeIcon size={52} radius="xl" color={board.color} variant="filled" autoContrast aria-hidden>
              <Banner size={28} />
            </ThemeIcon>
            <Stack gap={4}>
              <Title order={2} size="h3">
                {board.title}
              </Title>
              <Text fw={600}>{board.lead}</Text>
              <Text size="sm" c="dark.5" maw={620}>
                {board.description}
              </Text>
            </Stack>
          </Group>
          {community.abilities.post && (
            <Button component={Link} to={newHref} leftSection={<IconPlus size={16} aria-hidden />}>
              {board.cta}
            </Button>
          )}
        </Group>
      </Card>

      {query.isPending ? (
        <Loading label={`Loading ${board.title.toLowerCase()}`} />
      ) : query.error && posts.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : posts.length === 0 ? (
        <Empty
          icon={<board.icon size={28} />}
          title={board.emptyTitle}
          color={board.color}
          action={
            community.abilities.post && (
              <Button component={Link} to={newHref}>
                {board.cta}
              </Button>
            )
          }
        >
          {board.emptyText}
        </Empty>
      ) : (
        <>
          <SimpleGrid
            cols={{ base: 1, sm: 2, lg: 3 }}
            spacing="md"
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={board.title}
          >
            {posts.map((post) =>
              kind === 'win' ? (
                <WinCard key={post.id} post={post} linkPeople={community.abilities.viewMembers} />
              ) : (
                <NeedCard key={post.id} post={post} linkPeople={community.abilities.viewMembers} />
              ),
            )}
          </SimpleGrid>
          {query.hasNextPage && (
            <Group justify="center">
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function CardFooter({ post, linkPeople }: { post: PostSummary; linkPeople: boolean }) {
  return (
    <Group justify="space-between" gap="xs" pt="sm" mt="auto" className="cp-card-footer" wrap="nowrap">
      <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
        <PersonAvatar person={post.author} size={28} />
        <Text size="xs" c="dimmed" component="div" style={{ minWidth: 0 }}>
          <PersonName person={post.author} slug={linkPeople ? post.community.slug : undefined} size="xs" />
          <br />
          <TimeAgo value={post.createdAt} />
        </Text>
      </Group>
      <Group gap={4} c={post.replyCount ? 'dark.6' : 'dimmed'} wrap="nowrap">
        <IconMessageCircle size={16} aria-hidden />
        <Text size="sm" fw={600} aria-hidden>
          {post.replyCount}
        </Text>
        <VisuallyHidden>{plural(post.replyCount, 'reply', 'replies')}</VisuallyHidden>
      </Group>
    </Group>
  );
}

function WinCard({ post, linkPeople }: { post: PostSummary; linkPeople: boolean }) {
  return (
    <Card component="li" className="cp-card-link cp-win-card" padding="lg">
      <Stack gap="sm" h="100%">
        <Group gap={8} wrap="nowrap" align="flex-start">
          <Text fz={22} lh={1} aria-hidden>
            🎉
          </Text>
          <Title order={3} size="h4" lh={1.3} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={postHref(post)} c="dark.8" underline="hover" inherit>
              {post.title}
            </Anchor>
          </Title>
        </Group>
        {post.excerpt && (
          <Text size="sm" c="dark.5" lineClamp={4} style={{ overflowWrap: 'anywhere' }}>
            {post.excerpt}
          </Text>
        )}
        <TagLinks slug={post.community.slug} tags={post.tags} size="xs" />
        <CardFooter post={post} linkPeople={linkPeople} />
      </Stack>
    </Card>
  );
}

function NeedCard({ post, linkPeople }: { post: PostSummary; linkPeople: boolean }) {
  return (
    <Card component="li" className="cp-card-link cp-need-card" data-answered={post.answered || undefined} padding="lg">
      <Stack gap="sm" h="100%">
        <Group gap={6}>
          <AnsweredBadge answered={post.answered} />
        </Group>
        <Title order={3} size="h4" lh={1.3} style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={postHref(post)} c="dark.8" underline="hover" inherit>
            {post.title}
          </Anchor>
        </Title>
        {post.excerpt && (
          <Text size="sm" c="dark.5" lineClamp={4} style={{ overflowWrap: 'anywhere' }}>
            {post.excerpt}
          </Text>
        )}
        <TagLinks slug={post.community.slug} tags={post.tags} size="xs" />
        {!post.answered && (
          <Box>
            <Anchor component={Link} to={`${postHref(post)}#reply-composer`} size="sm" fw={600}>
              Dealt with this before? Share what you know{' '}
              <IconArrowRight size={14} aria-hidden style={{ verticalAlign: '-2px' }} />
            </Anchor>
          </Box>
        )}
        <CardFooter post={post} linkPeople={linkPeople} />
      </Stack>
    </Card>
  );
}
