import { Anchor, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CommunityDetail, MyParticipation, ParticipationMode } from '../../../common/api-types';
import { request } from '../../api';
import { useCurrentUser } from '../auth/session';
import { isMine } from '../communities/membership';

const ladder: { mode: ParticipationMode; label: string; meaning: string }[] = [
  { mode: 'convey_consume', label: 'Convey/Consume', meaning: 'Reads, follows the round-up, comes to events' },
  { mode: 'contribute', label: 'Contribute', meaning: 'Asks, answers, shares resources' },
  { mode: 'collaborate', label: 'Collaborate', meaning: 'Works with others: answers that help, co-hosting' },
  { mode: 'co_create', label: 'Co-create', meaning: 'Shapes what the community offers: hosts, curates' },
  { mode: 'champion', label: 'Champion', meaning: 'Sustains it and brings others in' },
];

/** A next step that fits each mode, leading to where it is done. */
function nextStep(mode: ParticipationMode, slug: string) {
  switch (mode) {
    case 'convey_consume':
      return {
        text: 'Know something about a question still waiting? A short answer helps.',
        to: `/c/${slug}/posts?sort=unanswered`,
        link: 'Unanswered questions',
      };
    case 'contribute':
      return {
        text: 'Share something that worked for you with the repertoire, or offer to co-host a session.',
        to: `/c/${slug}/repertoire/new`,
        link: 'Add a resource',
      };
    case 'collaborate':
      return {
        text: 'Host a session of your own on something you know well.',
        to: `/c/${slug}/events`,
        link: 'Events',
      };
    case 'co_create':
      return {
        text: 'Bring a colleague in, and welcome this week’s newcomers.',
        to: `/c/${slug}/members`,
        link: 'Members',
      };
    case 'champion':
      return {
        text: 'Pair a newcomer with someone who can help them get started.',
        to: `/c/${slug}/members`,
        link: 'Members',
      };
  }
}

/** The member's own way of taking part here (CSCCE modes), over the last 90 days, and a next step. */
export function MyModeCard({ community }: { community: CommunityDetail }) {
  const user = useCurrentUser();
  const member = Boolean(user && isMine(community.myMembership) && community.abilities.post);
  const mine = useQuery({
    queryKey: ['participation', community.slug, 'me'],
    queryFn: () => request<MyParticipation>('GET', `/communities/${community.slug}/participation/me`),
    enabled: member,
    retry: false,
  });
  if (!member || !mine.data) return null;
  const at = ladder.findIndex((step) => step.mode === mine.data.mode);
  const step = nextStep(mine.data.mode, community.slug);
  return (
    <Card component="section" aria-labelledby="my-mode">
      <Stack gap="sm">
        <Title order={2} size="h5" id="my-mode">
          How you take part
        </Title>
        <Text size="sm">
          <Text span fw={700} inherit>
            {ladder[at].label}
          </Text>{' '}
          over the last {mine.data.windowDays} days: {mine.data.because}.
        </Text>
        <Group gap={4} wrap="nowrap" role="img" aria-label={`Step ${at + 1} of ${ladder.length}: ${ladder[at].label}`}>
          {ladder.map((s, i) => (
            <Tooltip key={s.mode} label={`${s.label}: ${s.meaning}`} withArrow>
              <div
                style={{
                  flex: 1,
                  height: 8,
                  borderRadius: 4,
                  background: i <= at ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-gray-3)',
                }}
              />
            </Tooltip>
          ))}
        </Group>
        <Text size="sm" c="dark.4">
          {step.text}{' '}
          <Anchor component={Link} to={step.to} inherit>
            {step.link}
          </Anchor>
        </Text>
      </Stack>
    </Card>
  );
}
