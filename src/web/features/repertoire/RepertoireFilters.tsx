import {
  Anchor,
  Badge,
  Chip,
  Group,
  Input,
  NativeSelect,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  VisuallyHidden,
} from '@mantine/core';
import { Link } from 'react-router';
import type { RepertoireOverview, ResourceFormat, ResourceKind, ResourceSort } from '../../../common/api-types';
import { resourceFormats } from '../../../common/limits';
import { useBelow } from '../../ui/responsive';
import { useTagsQuery } from '../conversations/FeedPage';
import { FORMAT_ORDER, FORMATS, RESOURCE_KIND_ORDER, RESOURCE_KINDS } from './kinds';

export type View = 'published' | 'proposed' | 'retired' | 'obsolete';

export function readView(value: string | null): View {
  return value === 'proposed' || value === 'retired' || value === 'obsolete' ? value : 'published';
}

/** Published, and for curators the proposals, retired and obsolete ones (a member sees their own proposals). */
export function ViewTabs({
  overview,
  view,
  onChange,
}: {
  overview: RepertoireOverview;
  view: View;
  onChange: (view: View) => void;
}) {
  const curate = overview.abilities.curate;
  const compact = useBelow('xs');
  const showProposals = curate || overview.proposals > 0;
  if (!showProposals) return null;
  if (compact && curate) {
    // Four tabs do not fit a phone's width: the same choice as a select.
    return (
      <NativeSelect
        label="Show"
        value={view}
        onChange={(e) => onChange(readView(e.currentTarget.value))}
        data={[
          { value: 'published', label: 'Published' },
          { value: 'proposed', label: `Proposals (${overview.proposals})` },
          { value: 'retired', label: 'Retired' },
          { value: 'obsolete', label: 'Obsolete' },
        ]}
      />
    );
  }
  return (
    <Tabs value={view} onChange={(v) => onChange(readView(v))} keepMounted={false}>
      <Tabs.List aria-label="Which resources">
        <Tabs.Tab value="published" fw={600}>
          Published
        </Tabs.Tab>
        <Tabs.Tab
          value="proposed"
          fw={600}
          rightSection={
            overview.proposals > 0 ? (
              <Badge size="sm" color="yellow.3" c="dark.9" variant="filled" aria-hidden>
                {overview.proposals}
              </Badge>
            ) : undefined
          }
        >
          {curate ? 'Proposals' : 'My proposals'}
          {overview.proposals > 0 && <VisuallyHidden> ({overview.proposals})</VisuallyHidden>}
        </Tabs.Tab>
        {curate && (
          <>
            <Tabs.Tab value="retired" fw={600}>
              Retired
            </Tabs.Tab>
            <Tabs.Tab value="obsolete" fw={600}>
              Obsolete
            </Tabs.Tab>
          </>
        )}
      </Tabs.List>
    </Tabs>
  );
}

/** Kind, tag, order, format, featured only and the member's own formats. */
export function Filters({
  slug,
  overview,
  kind,
  format,
  tag,
  featured,
  myFormats,
  sort,
  view,
  update,
}: {
  slug: string;
  overview: RepertoireOverview;
  kind: ResourceKind[];
  format: ResourceFormat[];
  tag: string;
  featured: boolean;
  myFormats: boolean;
  sort: ResourceSort;
  view: View;
  update: (changes: Record<string, string>) => void;
}) {
  const compact = useBelow('sm');
  const tags = useTagsQuery(slug);
  const tagOptions = [...new Set([...(tags.data?.items.map((t) => t.tag) ?? []), ...(tag ? [tag] : [])])];
  const preferred = overview.myFormats.filter((f) => (resourceFormats as readonly string[]).includes(f));
  const preferredText = preferred.map((f) => FORMATS[f as ResourceFormat].label.toLowerCase()).join(', ');

  return (
    <Stack gap="sm" role="group" aria-label="Filter and sort resources">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Kind"
          placeholder="Any kind"
          data={RESOURCE_KIND_ORDER.map((k) => ({ value: k, label: RESOURCE_KINDS[k].plural }))}
          value={kind.length === 1 ? kind[0] : null}
          onChange={(v) => update({ kind: v ?? '' })}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the kind filter' }}
          description={kind.length > 1 ? `${kind.length} kinds picked above` : undefined}
          style={{ flex: compact ? '1 1 140px' : '0 1 200px' }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Tag"
          placeholder="Any tag"
          data={tagOptions}
          value={tag || null}
          onChange={(v) => update({ tag: v ?? '' })}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the tag filter' }}
          nothingFoundMessage="No such tag"
          style={{ flex: compact ? '1 1 140px' : '0 1 200px' }}
          comboboxProps={{ withinPortal: true }}
        />
        <Stack gap={4}>
          <Input.Label id="sort-label" component="span">
            Order
          </Input.Label>
          <SegmentedControl
            aria-labelledby="sort-label"
            value={sort}
            onChange={(v) => update({ sort: v })}
            data={[
              { value: 'latest', label: 'Newest' },
              { value: 'title', label: 'A–Z' },
            ]}
          />
        </Stack>
      </Group>
      <Stack gap={4}>
        <Input.Label id="format-label" component="span">
          Format
        </Input.Label>
        <Chip.Group multiple value={format} onChange={(v) => update({ format: v.join(',') })}>
          <Group gap={6} role="group" aria-labelledby="format-label">
            {FORMAT_ORDER.map((f) => {
              const Icon = FORMATS[f].icon;
              return (
                <Chip key={f} value={f} size="sm" variant="outline" icon={<Icon size={12} aria-hidden />}>
                  {FORMATS[f].label}
                </Chip>
              );
            })}
          </Group>
        </Chip.Group>
      </Stack>
      <Group gap="lg" wrap="wrap">
        {view === 'published' && (
          <Switch
            label="Featured only"
            checked={featured}
            onChange={(e) => update({ featured: e.currentTarget.checked ? 'true' : '' })}
          />
        )}
        {overview.abilities.propose && (
          <Switch
            label="My formats"
            checked={myFormats}
            disabled={preferred.length === 0}
            onChange={(e) => update({ myFormats: e.currentTarget.checked ? 'true' : '' })}
            description={
              preferred.length ? (
                `Only what you like to ${preferredText}`
              ) : (
                <>
                  Choose how you like to learn in{' '}
                  <Anchor component={Link} to={`/c/${slug}/profile`} inherit>
                    your profile
                  </Anchor>
                </>
              )
            }
          />
        )}
      </Group>
    </Stack>
  );
}
