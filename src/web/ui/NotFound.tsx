import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotFound() {
  return (
    <Container size="sm" py={64}>
      <Stack align="center" gap="md" ta="center">
        <IconCompass size={56} stroke={1.4} color="var(--mantine-color-lagoon-7)" aria-hidden />
        <Title order={1}>Page not found</Title>
        <Text c="dimmed" maw={440}>
          The page you were looking for does not exist, or you do not have access to it.
        </Text>
        <Button component={Link} to="/">
          Go to the home page
        </Button>
      </Stack>
    </Container>
  );
}
