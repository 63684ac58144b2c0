import { Box, Card, Group, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import type { RepertoireOverview, ResourceFormat, ResourceKind } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { FORMAT_ORDER, FORMATS, kindSwatch, RESOURCE_KIND_ORDER, RESOURCE_KINDS } from './kinds';

/**
 * What the repertoire holds, at a glance: one bar split by kind (each kind its colour, in
 * proportion) with a legend that doubles as a filter, and a count per format.
 */
export function RepertoireChart({
  counts,
  kind,
  format,
  onKind,
  onFormat,
}: {
  counts: RepertoireOverview['counts'];
  /** The kinds and formats the list is filtered by, shown as pressed. */
  kind: string[];
  format: string[];
  onKind: (kind: ResourceKind) => void;
  onFormat: (format: ResourceFormat) => void;
}) {
  const kinds = RESOURCE_KIND_ORDER.map((k) => ({ kind: k, count: counts.byKind[k] ?? 0 })).filter((k) => k.count > 0);
  const total = counts.total || kinds.reduce((sum, k) => sum + k.count, 0);
  const described = kinds.map((k) => `${k.count} ${RESOURCE_KINDS[k.kind].label.toLowerCase()}`).join(', ');

  return (
    <Card component="section" aria-labelledby="repertoire-counts" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="baseline" gap="xs">
          <Title order={2} size="h4" id="repertoire-counts">
            {plural(total, 'resource')}
          </Title>
          <Text size="sm" c="dimmed">
            By kind — pick one to see only those
          </Text>
        </Group>
        {total > 0 && (
          <Box className="cp-proportion" role="img" aria-label={`Resources by kind: ${described}.`}>
            {kinds.map((k) => (
              <span
                key={k.kind}
                className="cp-proportion-part"
                data-dimmed={(kind.length > 0 && !kind.includes(k.kind)) || undefined}
                style={{ flexGrow: k.count, background: kindSwatch(k.kind) }}
                title={`${RESOURCE_KINDS[k.kind].plural}: ${k.count}`}
              />
            ))}
          </Box>
        )}
        <Group gap={6} component="ul" className="cp-tag-list" aria-label="Filter by kind">
          {kinds.map((k) => {
            const meta = RESOURCE_KINDS[k.kind];
            const Icon = meta.icon;
            const on = kind.includes(k.kind);
            return (
              <li key={k.kind}>
                <UnstyledButton
                  className="cp-legend-item"
                  aria-pressed={on}
                  onClick={() => onKind(k.kind)}
                  data-on={on || undefined}
                >
                  <span className="cp-legend-swatch" style={{ background: kindSwatch(k.kind) }} aria-hidden />
                  <Icon size={14} aria-hidden />
                  <span>{meta.plural}</span>
                  <Text span fw={700} size="sm" className="cp-count">
                    {k.count}
                  </Text>
                </UnstyledButton>
              </li>
            );
          })}
        </Group>
        <Group
          gap="sm"
          component="ul"
          className="cp-tag-list"
          aria-label="Filter by format"
          grow
          preventGrowOverflow={false}
        >
          {FORMAT_ORDER.map((f) => {
            const meta = FORMATS[f];
            const Icon = meta.icon;
            const count = counts.byFormat[f] ?? 0;
            const on = format.includes(f);
            return (
              <li key={f} style={{ minWidth: 120 }}>
                <UnstyledButton
                  className="cp-format-tile"
                  aria-pressed={on}
                  data-on={on || undefined}
                  onClick={() => onFormat(f)}
                  w="100%"
                >
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon
                      size={34}
                      radius="md"
                      variant="light"
                      color={meta.color}
                      c={`${meta.color}.8`}
                      aria-hidden
                    >
                      <Icon size={19} />
                    </ThemeIcon>
                    <Stack gap={0}>
                      <Text fw={700} size="lg" lh={1.1} className="cp-count">
                        {count}
                      </Text>
                      <Text size="xs" c="dark.5">
                        {meta.phrase}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            );
          })}
        </Group>
      </Stack>
    </Card>
  );
}
