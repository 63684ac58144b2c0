import { Anchor, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CommunityDetail, MyParticipation } from '../../../common/api-types';
import { formatDate } from '../../ui/format';
import { useCurrentUser } from '../auth/session';
import { isMine } from '../communities/membership';
import { participationApi, participationKeys } from './api';
import { modeLabel, modeLadder } from './modes';

/** "Contribute since 12 Oct 2026; before: Convey/Consume" — when they entered this mode, and from what. */
function sinceLine(data: MyParticipation) {
  const label = modeLabel(data.mode);
  const entered = data.history.find((h) => h.toMode === data.mode);
  const before = entered?.fromMode ? modeLabel(entered.fromMode) : null;
  return `${label} since ${formatDate(data.modeSince)}${before ? `; before: ${before}` : ''}.`;
}

/**
 * The member's own way of taking part here (CSCCE modes), over the last 90 days, since when,
 * and next steps made for them: links to the questions, sessions, topics or people they fit.
 */
export function MyModeCard({ community }: { community: CommunityDetail }) {
  const user = useCurrentUser();
  const member = Boolean(user && isMine(community.myMembership) && community.abilities.post);
  const mine = useQuery({
    queryKey: participationKeys.me(community.slug),
    queryFn: () => participationApi.me(community.slug),
    enabled: member,
    retry: false,
  });
  if (!member || !mine.data) return null;
  const data = mine.data;
  const at = modeLadder.findIndex((step) => step.mode === data.mode);
  return (
    <Card component="section" aria-labelledby="my-mode">
      <Stack gap="sm">
        <Title order={2} size="h5" id="my-mode">
          How you take part
        </Title>
        <Text size="sm">
          <Text span fw={700} inherit>
            {modeLadder[at].label}
          </Text>{' '}
          over the last {data.windowDays} days: {data.because}.
        </Text>
        <Group
          gap={4}
          wrap="nowrap"
          role="img"
          aria-label={`Step ${at + 1} of ${modeLadder.length}: ${modeLadder[at].label}`}
        >
          {modeLadder.map((s, i) => (
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
        <Text size="xs" c="dark.4">
          {sinceLine(data)}
        </Text>
        {data.nextSteps.length > 0 && (
          <Stack gap={6}>
            <Title order={3} size="h6" id="my-next-steps">
              Next steps for you
            </Title>
            <Stack component="ul" gap={8} p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="my-next-steps">
              {data.nextSteps.map((step) => (
                <li key={`${step.kind}:${step.href}:${step.title}`}>
                  <Anchor component={Link} to={step.href} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {step.title}
                  </Anchor>
                  <Text size="xs" c="dark.4">
                    {step.detail}
                  </Text>
                </li>
              ))}
            </Stack>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
