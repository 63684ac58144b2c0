import { Group, Text } from '@mantine/core';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="30" height="30" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-lagoon-7)" />
        <circle cx="11" cy="13" r="4" fill="#fff" />
        <circle cx="21" cy="13" r="4" fill="var(--mantine-color-indigo-1)" />
        <path
          d="M6 25c1-4 4-6 7-6s5 1 6 3c1-2 3-3 5-3 3 0 5 2 6 6"
          fill="none"
          stroke="#fff"
          strokeWidth="2.2"
          strokeLinecap="round"
        />
      </svg>
      <Text fw={700} size="lg" c="dark.7" style={{ letterSpacing: '-0.01em' }}>
        Commonplace
      </Text>
    </Group>
  );
}
