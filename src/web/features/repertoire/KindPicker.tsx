import { Fieldset, Group, Radio, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ResourceFormat, ResourceKind } from '../../../common/api-types';
import { FORMAT_ORDER, FORMATS, RESOURCE_KIND_ORDER, RESOURCE_KINDS } from './kinds';

/** The kinds as a grid of radio cards, each with its icon; arrow keys move between them. */
export function KindPicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: ResourceKind;
  onChange: (kind: ResourceKind) => void;
  error?: ReactNode;
}) {
  return (
    <Radio.Group
      id={id}
      label="What kind of resource is it?"
      value={value}
      onChange={(v) => onChange(v as ResourceKind)}
      error={error}
      required
    >
      <SimpleGrid cols={{ base: 2, xs: 3, md: 4 }} spacing={8} mt={8}>
        {RESOURCE_KIND_ORDER.map((k) => {
          const meta = RESOURCE_KINDS[k];
          const Icon = meta.icon;
          return (
            <Radio.Card key={k} value={k} radius="md" p={8} className="cp-kind-card" title={meta.description}>
              <Group gap={8} wrap="nowrap">
                <Icon size={18} aria-hidden color={`var(--mantine-color-${meta.color}-8)`} style={{ flexShrink: 0 }} />
                <Text size="sm" fw={600} lh={1.2}>
                  {meta.label}
                </Text>
              </Group>
            </Radio.Card>
          );
        })}
      </SimpleGrid>
      <Text size="sm" c="dimmed" mt={6} aria-live="polite">
        <Text span fw={600} c="dark.6">
          {RESOURCE_KINDS[value].label}:
        </Text>{' '}
        {RESOURCE_KINDS[value].description}
      </Text>
    </Radio.Group>
  );
}

/** Read, watch, listen or do; on a phone the words alone, so all four fit. */
export function FormatPicker({
  id,
  value,
  onChange,
  error,
  compact,
}: {
  id: string;
  value: ResourceFormat;
  onChange: (format: ResourceFormat) => void;
  error?: ReactNode;
  compact: boolean;
}) {
  return (
    <Fieldset
      legend="How is it taken in?"
      variant="unstyled"
      p={0}
      id={id}
      tabIndex={-1}
      styles={{ legend: { padding: 0, fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 } }}
    >
      <SegmentedControl
        mt={6}
        fullWidth
        value={value}
        onChange={(v) => onChange(v as ResourceFormat)}
        data={FORMAT_ORDER.map((f) => {
          const Icon = FORMATS[f].icon;
          return {
            value: f,
            label: (
              <Group gap={6} justify="center" wrap="nowrap">
                {!compact && <Icon size={16} aria-hidden />}
                <span>{FORMATS[f].label}</span>
              </Group>
            ),
          };
        })}
      />
      {error && (
        <Text size="sm" c="red.8" role="alert" mt={4}>
          {error}
        </Text>
      )}
    </Fieldset>
  );
}
