import { Group, Text } from '@mantine/core';

/** One labelled fact in a side panel's description list (`<dl>`): "Published — just now". */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" component="div">
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" fw={600} component="dd" m={0} ta="right">
        {children}
      </Text>
    </Group>
  );
}
