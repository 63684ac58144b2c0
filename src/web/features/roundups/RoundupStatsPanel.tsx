import { Box, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { RoundupStats } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';
import { roundupKeys, roundupsApi } from './api';
import { SECTIONS } from './sections';

/** How a sent round-up did: deliveries, who clicked, which items and which topics drew clicks. */
export function RoundupStatsPanel({ slug, id }: { slug: string; id: string }) {
  const stats = useQuery({
    queryKey: roundupKeys.stats(slug, id),
    queryFn: () => roundupsApi.stats(slug, id),
    // Clicks keep coming in for days after a send.
    refetchInterval: 15_000,
  });

  return (
    <Card component="section" aria-labelledby="roundup-stats" padding="lg">
      <Stack gap="lg">
        <Title order={2} size="h4" id="roundup-stats">
          How it did
        </Title>
        {stats.isPending ? (
          <Loading label="Loading the numbers" />
        ) : stats.error ? (
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
        ) : (
          <StatsBody stats={stats.data} />
        )}
      </Stack>
    </Card>
  );
}

function StatsBody({ stats }: { stats: RoundupStats }) {
  const items = [...stats.items].sort((a, b) => b.clicks - a.clicks);
  const topics = [...stats.topics].sort((a, b) => b.clicks - a.clicks);
  const rate = stats.delivered > 0 ? Math.round((stats.clickers / stats.delivered) * 100) : 0;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" m={0}>
        <StatFigure label="Recipients" value={stats.recipients} />
        <StatFigure label="Delivered" value={stats.delivered} />
        <StatFigure label="Failed" value={stats.failed} tone={stats.failed > 0 ? 'red.8' : undefined} />
        <StatFigure
          label="Members who clicked"
          value={stats.clickers}
          note={stats.delivered > 0 ? `${rate}% of those reached` : undefined}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="sm">
          <Title order={3} size="h5">
            Clicks per item
          </Title>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No items were sent.
            </Text>
          ) : (
            <Bars
              label="Clicks per item"
              rows={items.map((i) => ({
                key: i.id,
                name: i.title,
                detail: `${SECTIONS[i.section]?.label ?? i.section} · ${plural(i.members, 'member')}`,
                value: i.clicks,
              }))}
            />
          )}
        </Stack>
        <Stack gap="sm">
          <Title order={3} size="h5">
            Clicks by topic
          </Title>
          {topics.length === 0 ? (
            <Text size="sm" c="dimmed">
              No clicks on items with topics yet.
            </Text>
          ) : (
            <Bars
              label="Clicks by topic"
              color="indigo"
              rows={topics.map((t) => ({ key: t.topic, name: t.topic, value: t.clicks }))}
            />
          )}
        </Stack>
      </SimpleGrid>
    </>
  );
}

function StatFigure({ label, value, note, tone }: { label: string; value: number; note?: string; tone?: string }) {
  return (
    <Box p="sm" style={{ borderRadius: 10, background: 'var(--mantine-color-gray-0)' }}>
      <Text component="dt" size="xs" c="dark.4">
        {label}
      </Text>
      <Text component="dd" m={0}>
        <Text span display="block" fw={700} fz={24} lh={1.2} c={tone} className="cp-count">
          {value.toLocaleString()}
        </Text>
        {note && (
          <Text span display="block" size="xs" c="dark.4">
            {note}
          </Text>
        )}
      </Text>
    </Box>
  );
}

/**
 * A horizontal bar chart as a list: each row names the thing and says its number in words, and
 * the bar (hidden from assistive technology, which already has the number) shows it in proportion.
 */
function Bars({
  label,
  rows,
  color = 'lagoon',
}: {
  label: string;
  rows: { key: string; name: string; detail?: string; value: number }[];
  color?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Stack gap={10} component="ol" aria-label={label} p={0} m={0} style={{ listStyle: 'none' }}>
      {rows.map((r) => (
        <li key={r.key}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
            <Text size="sm" fw={500} lineClamp={1} title={r.name} style={{ minWidth: 0 }}>
              {r.name}
            </Text>
            <Text size="sm" fw={700} className="cp-count" style={{ flexShrink: 0 }}>
              {plural(r.value, 'click')}
            </Text>
          </Group>
          {r.detail && (
            <Text size="xs" c="dark.4">
              {r.detail}
            </Text>
          )}
          <Box
            aria-hidden
            mt={4}
            h={10}
            style={{ borderRadius: 999, background: 'var(--mantine-color-gray-2)', overflow: 'hidden' }}
          >
            <Box
              h="100%"
              style={{
                width: `${(r.value / max) * 100}%`,
                minWidth: r.value > 0 ? 4 : 0,
                borderRadius: 999,
                background: `var(--mantine-color-${color}-6)`,
              }}
            />
          </Box>
        </li>
      ))}
    </Stack>
  );
}
