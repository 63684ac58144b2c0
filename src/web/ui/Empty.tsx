import { Card, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';

/** A friendly "nothing here yet" panel: a picture, one line that says why, and what to do next. */
export function Empty({
  icon,
  title,
  children,
  action,
  color = 'lagoon',
}: {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  color?: string;
}) {
  return (
    <Card>
      <Stack align="center" ta="center" gap="sm" py="lg">
        <ThemeIcon size={52} radius="xl" variant="light" color={color} aria-hidden>
          {icon}
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children && (
          <Text c="dimmed" size="sm" maw={460}>
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Card>
  );
}
