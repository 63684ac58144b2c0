import { Box, Button, Container, Grid, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBooks, IconHeartHandshake, IconTargetArrow } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMyCommunities } from '../../ui/CommunitySwitcher';
import { useCurrentUser } from '../auth/session';
import { PersonalFeed } from '../conversations/PersonalFeed';
import { MyCommunities } from './MyCommunities';

const PILLARS = [
  {
    icon: IconTargetArrow,
    title: 'A shared domain',
    text: 'State your need, scope, purpose and values with a guided kick-off canvas.',
  },
  {
    icon: IconHeartHandshake,
    title: 'A living community',
    text: 'Join, invite, take a break and come back — roles and rhythms that fit real lives.',
  },
  {
    icon: IconBooks,
    title: 'A growing practice',
    text: 'Turn conversations into a repertoire of answers, stories and tools.',
  },
];

export function LandingPage() {
  const user = useCurrentUser();
  return user ? <SignedInHome name={user.name} /> : <Pitch />;
}

function Pitch() {
  return (
    <>
      <Box className="cp-hero" py={{ base: 48, sm: 88 }}>
        <Container size="lg">
          <Stack gap="lg" align="flex-start">
            <Title order={1} c="white" fz={{ base: 34, sm: 48 }} lh={1.1} style={{ letterSpacing: '-0.02em' }}>
              A home for communities of practice
            </Title>
            <Text c="white" fz={{ base: 'md', sm: 'xl' }} maw={620} opacity={0.92}>
              Commonplace brings practitioners together around what they do, so they can learn from each other — and
              gives coordinators one calm place to run it all.
            </Text>
            <Group gap="sm">
              <Button component={Link} to="/signup" size="md" variant="white" color="lagoon">
                Create an account
              </Button>
              <Button component={Link} to="/signin" size="md" variant="outline" color="white" c="white">
                Sign in
              </Button>
            </Group>
            <Text component={Link} to="/communities" c="white" td="underline" size="sm">
              Or browse the community directory
            </Text>
          </Stack>
        </Container>
      </Box>
      <Container size="lg" py={56}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xl">
          {PILLARS.map(({ icon: Icon, title, text }) => (
            <Stack key={title} gap="sm">
              <ThemeIcon size={44} radius="md" variant="light" color="indigo">
                <Icon size={24} aria-hidden />
              </ThemeIcon>
              <Title order={2} size="h4">
                {title}
              </Title>
              <Text c="dimmed">{text}</Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Container>
    </>
  );
}

function SignedInHome({ name }: { name: string }) {
  const mine = useMyCommunities();
  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Title order={1} size="h2">
              Welcome, {name.split(' ')[0]}
            </Title>
            <Text c="dimmed">Your communities of practice, in one place.</Text>
          </Stack>
          <Group gap="sm">
            <Button component={Link} to="/communities" variant="default">
              Browse the directory
            </Button>
            <Button component={Link} to="/communities/new">
              Start a community
            </Button>
          </Group>
        </Group>
        {mine.length > 0 ? (
          <Grid gap="xl">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <PersonalFeed />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <MyCommunities compact />
            </Grid.Col>
          </Grid>
        ) : (
          <MyCommunities />
        )}
      </Stack>
    </Container>
  );
}
