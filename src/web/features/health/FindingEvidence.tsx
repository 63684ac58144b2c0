import { Anchor, Box, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatRelative, plural } from '../../ui/format';

/**
 * The evidence behind a finding, shown so a coordinator can check it at a glance: a sentence that
 * sums it up, counts as small figures, a share as a percentage with a tiny bar, and the questions,
 * conversations or people behind it as links. The check stores evidence as
 * `{ summary, figures, items, helpers, … }`; anything else it carries is shown plainly below.
 */

type Item = Record<string, unknown>;

const isItem = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** "oldestHours" → "Oldest hours"; "windowDays" → "Window days". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const count = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString() : n.toLocaleString(undefined, { maximumFractionDigits: 1 });

/** Hours as people say them: "36 h" under two days, "5 days" from then on. */
const hours = (h: number) => (h < 48 ? `${count(h)} h` : plural(Math.floor(h / 24), 'day'));

const loadNouns: Record<string, string> = {
  events: 'of the sessions',
  roundups: 'of the round-ups',
  curation: 'of the curation',
};

/** How each figure the check reports is labelled and written, per kind of finding where it differs. */
function figureOf(
  kind: string,
  key: string,
  value: number,
  evidence: Item,
): { label: string; value: string; share?: number } | null {
  switch (key) {
    case 'questions':
      return { label: 'questions waiting', value: count(value) };
    case 'oldestHours':
      return { label: 'the oldest has waited', value: hours(value) };
    case 'isolated':
      return { label: 'with no reply or connection', value: count(value) };
    case 'newcomers':
      return { label: 'newcomers in all', value: count(value) };
    case 'share':
      return {
        label: loadNouns[str(evidence.load) ?? ''] ?? 'share',
        value: `${count(value)} %`,
        share: Math.max(0, Math.min(1, value / 100)),
      };
    case 'theirs':
      return { label: 'by them', value: count(value) };
    case 'total':
      return { label: 'in all', value: count(value) };
    case 'windowDays':
      return { label: 'looked back', value: plural(value, 'day') };
    case 'drifting':
      return { label: kind === 'drifting_members' ? 'gone quiet' : 'drifting', value: count(value) };
    case 'longestQuietDays':
      return { label: 'the longest quiet', value: plural(value, 'day') };
    case 'conversations':
      return { label: 'conversations', value: count(value) };
    case 'replies':
      return { label: 'replies in them', value: count(value) };
    default:
      if (/hours$/i.test(key))
        return { label: humanise(key.replace(/hours$/i, '')).toLowerCase(), value: hours(value) };
      if (/days$/i.test(key))
        return { label: humanise(key.replace(/days$/i, '')).toLowerCase(), value: plural(value, 'day') };
      if (/share|rate/i.test(key) && value >= 0 && value <= 1)
        return { label: humanise(key).toLowerCase(), value: `${Math.round(value * 100)} %`, share: value };
      return { label: humanise(key).toLowerCase(), value: count(value) };
  }
}

// The database keeps an object's keys in its own order, so figures are put back in a reading order.
const figureOrder = [
  'questions',
  'oldestHours',
  'isolated',
  'newcomers',
  'share',
  'theirs',
  'total',
  'drifting',
  'longestQuietDays',
  'conversations',
  'replies',
  'windowDays',
];
const orderOf = (key: string) => {
  const i = figureOrder.indexOf(key);
  return i < 0 ? figureOrder.length : i;
};

/** What the list of items is, and what its `at` means, per kind of finding. */
const itemsOf: Record<string, { heading: string; at: string }> = {
  unanswered_topic: { heading: 'Questions waiting', at: 'asked' },
  isolated_newcomers: { heading: 'Newcomers', at: 'joined' },
  organiser_load: { heading: 'Who could share it', at: '' },
  drifting_members: { heading: 'Gone quiet', at: 'last contributed' },
  topic_without_resources: { heading: 'The busiest conversations', at: 'started' },
};

function Figure({ label, value, share }: { label: string; value: string; share?: number }) {
  return (
    <Stack gap={0} style={{ minWidth: 0, flex: share === undefined ? '0 0 auto' : '0 1 180px' }}>
      <Text component="dt" size="xs" c="dark.4" style={{ order: 2 }}>
        {label}
      </Text>
      <Text component="dd" m={0} fw={700} className="cp-count" style={{ order: 1 }}>
        {value}
        {share !== undefined && (
          // The bar repeats the percentage beside it, so screen readers skip it.
          <Box
            component="span"
            aria-hidden
            display="block"
            h={6}
            mt={4}
            mb={2}
            bg="gray.2"
            style={{ borderRadius: 3, overflow: 'hidden', minWidth: 120 }}
          >
            <Box component="span" display="block" h="100%" w={`${Math.round(share * 100)}%`} bg="lagoon.7" />
          </Box>
        )}
      </Text>
    </Stack>
  );
}

/** Links inside the app only: a path the check wrote for this community, or nothing. */
function inApp(slug: string, path: string | null): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//')) return null;
  return path.startsWith('/c/') ? path : `/c/${encodeURIComponent(slug)}${path}`;
}

function ItemList({
  slug,
  heading,
  atLabel,
  items,
}: {
  slug: string;
  heading: string;
  atLabel: string;
  items: unknown[];
}) {
  const shown = items.filter(isItem).slice(0, 10);
  if (shown.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={650}>
        {heading}
      </Text>
      <Stack component="ul" gap={6} m={0} pl="lg" aria-label={heading}>
        {shown.map((item, i) => {
          const label = str(item.title) ?? str(item.name) ?? '';
          const to = inApp(slug, str(item.path));
          const at = str(item.at);
          const details = [
            at && atLabel ? `${atLabel} ${formatRelative(at)}` : null,
            str(item.detail),
            ...Object.entries(item)
              .filter(([k, v]) => !['id', 'title', 'name', 'path', 'at', 'detail'].includes(k) && v !== null)
              .map(([k, v]) => `${humanise(k).toLowerCase()} ${String(v)}`),
          ].filter(Boolean);
          return (
            <Text component="li" size="sm" key={str(item.id) ?? i} style={{ overflowWrap: 'anywhere' }}>
              {to && label ? (
                <Anchor component={Link} to={to} inherit>
                  {label}
                </Anchor>
              ) : (
                label
              )}
              {details.length > 0 && (
                <Text span size="xs" c="dark.4">
                  {label ? ' · ' : ''}
                  {details.join(' · ')}
                </Text>
              )}
            </Text>
          );
        })}
        {items.length > shown.length && (
          <Text component="li" size="xs" c="dark.4" style={{ listStyle: 'none' }}>
            and {(items.length - shown.length).toLocaleString()} more
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

function plainText(v: string) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatDateTime(v);
  return v;
}

// Shown elsewhere (the title says the topic) or only for the check itself (`measure`).
const handled = new Set(['measure', 'summary', 'figures', 'items', 'helpers', 'topic', 'load']);

export function FindingEvidence({
  slug,
  kind,
  evidence,
}: {
  slug: string;
  kind: string;
  evidence: Record<string, unknown>;
}) {
  const summary = str(evidence.summary);
  const figures = isItem(evidence.figures)
    ? Object.entries(evidence.figures).flatMap(([key, v]) => {
        const f = typeof v === 'number' && Number.isFinite(v) ? figureOf(kind, key, v, evidence) : null;
        return f ? [{ key, ...f }] : [];
      })
    : [];
  const list = itemsOf[kind] ?? { heading: 'Details', at: '' };
  const extras: ReactNode[] = [];
  for (const [key, v] of Object.entries(evidence)) {
    if (handled.has(key) || v === null || v === undefined || v === '') continue;
    if (typeof v === 'number' && Number.isFinite(v)) {
      const f = figureOf(kind, key, v, evidence);
      if (f) figures.push({ key, ...f });
    } else if (Array.isArray(v)) {
      extras.push(<ItemList key={key} slug={slug} heading={humanise(key)} atLabel="" items={v} />);
    } else if (typeof v === 'string' || typeof v === 'boolean') {
      extras.push(
        <Text key={key} size="sm">
          <Text span c="dark.4" inherit>
            {humanise(key)}:
          </Text>{' '}
          {typeof v === 'boolean' ? (v ? 'yes' : 'no') : plainText(v)}
        </Text>,
      );
    }
  }
  figures.sort((a, b) => orderOf(a.key) - orderOf(b.key));
  const items = Array.isArray(evidence.items) ? evidence.items : [];
  const helpers = Array.isArray(evidence.helpers) ? evidence.helpers : [];

  return (
    <Stack gap="sm">
      {summary && (
        <Text size="sm" c="dark.6" style={{ overflowWrap: 'anywhere' }}>
          {summary}
        </Text>
      )}
      {figures.length > 0 && (
        <Group component="dl" m={0} gap="lg" align="flex-start" wrap="wrap">
          {figures.map((f) => (
            <Figure key={f.key} label={f.label} value={f.value} share={f.share} />
          ))}
        </Group>
      )}
      <ItemList slug={slug} heading={list.heading} atLabel={list.at} items={items} />
      <ItemList
        slug={slug}
        heading="Could answer"
        atLabel=""
        items={helpers.map((h) =>
          isItem(h) && str(h.id) && !h.path ? { ...h, path: `/c/${slug}/members/${str(h.id)}` } : h,
        )}
      />
      {extras}
    </Stack>
  );
}
