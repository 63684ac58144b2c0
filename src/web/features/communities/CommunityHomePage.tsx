import { Anchor, Badge, Card, Grid, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDate, labels, plural } from '../../ui/format';
import { CatchUpBanner } from '../catchup/CatchUpBanner';
import { LatestConversations, OpenQuestions } from '../conversations/CommunityConversations';
import { UpcomingEvents } from '../events/UpcomingEvents';
import { MyModeCard } from '../participation/MyModeCard';
import { FromRepertoire } from '../repertoire/FromRepertoire';
import { useCommunityContext } from './CommunityLayout';
import { isMine } from './membership';
import { MembershipPanel } from './MembershipPanel';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6} component="section">
      <Title order={2} size="h5" c="lagoon.8" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Prose({ children }: { children: string }) {
  return <Text style={{ whiteSpace: 'pre-line' }}>{children}</Text>;
}

function BulletList({ items }: { items: string[] }) {
  return (
    <List spacing={4} size="md">
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}

export function CommunityHomePage() {
  const c = useCommunityContext();
  // Members come for what is happening; visitors first want to know what the community is.
  const member = isMine(c.myMembership);
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="xl">
          <CatchUpBanner community={c} />
          <LatestConversations community={c} />
          <Card>
            <Stack gap="xl">
              {c.purpose && (
                <Section title="Purpose">
                  <Text size="lg" fw={500} style={{ whiteSpace: 'pre-line' }}>
                    {c.purpose}
                  </Text>
                </Section>
              )}
              {c.domain && (
                <Section title="Domain">
                  <Prose>{c.domain}</Prose>
                </Section>
              )}
              {c.need && (
                <Section title="The need">
                  <Prose>{c.need}</Prose>
                </Section>
              )}
              {c.audience && (
                <Section title="Who it is for">
                  <Prose>{c.audience}</Prose>
                </Section>
              )}
              {c.values.length > 0 && (
                <Section title="Values">
                  <Group gap={8}>
                    {c.values.map((v) => (
                      <Badge key={v} color="indigo" size="lg" tt="none" fw={500}>
                        {v}
                      </Badge>
                    ))}
                  </Group>
                </Section>
              )}
              {c.activities.length > 0 && (
                <Section title="What we do together">
                  <BulletList items={c.activities} />
                </Section>
              )}
              {c.successMeasures.length > 0 && (
                <Section title="How we know it works">
                  <BulletList items={c.successMeasures} />
                </Section>
              )}
              {c.topics.length > 0 && (
                <Section title="Topics">
                  <Group gap={8}>
                    {c.topics.map((t) => (
                      <Badge key={t} color="lagoon" size="lg" tt="none" fw={500}>
                        {t}
                      </Badge>
                    ))}
                  </Group>
                </Section>
              )}
            </Stack>
          </Card>
          {!member && <LatestConversations community={c} />}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <MembershipPanel community={c} />
          <MyModeCard community={c} />
          <UpcomingEvents community={c} />
          <OpenQuestions community={c} />
          <FromRepertoire slug={c.slug} />
          <Card>
            <Stack gap="sm">
              <Title order={2} size="h5">
                About
              </Title>
              <Text size="sm">
                {c.abilities.viewMembers ? (
                  <Anchor component={Link} to={`/c/${c.slug}/members`}>
                    {plural(c.memberCount, 'member')}
                  </Anchor>
                ) : (
                  plural(c.memberCount, 'member')
                )}{' '}
                · {labels.joining[c.joining]}
              </Text>
              {c.coordinators.length > 0 && (
                <Stack gap={2}>
                  <Text size="sm" fw={600}>
                    {c.coordinators.length === 1 ? 'Coordinator' : 'Coordinators'}
                  </Text>
                  <Text size="sm">
                    {c.coordinators.map((co, i) => (
                      <span key={co.id}>
                        {i > 0 && ', '}
                        {c.abilities.viewMembers ? (
                          <Anchor component={Link} to={`/c/${c.slug}/members/${co.id}`}>
                            {co.name}
                          </Anchor>
                        ) : (
                          co.name
                        )}
                      </span>
                    ))}
                  </Text>
                </Stack>
              )}
              <Text size="xs" c="dimmed">
                Started {formatDate(c.createdAt)}
              </Text>
            </Stack>
          </Card>
          {!member && <LatestConversations community={c} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
