import { Badge, ThemeIcon, type MantineSize } from '@mantine/core';
import {
  IconArticle,
  IconBook,
  IconBook2,
  IconBulb,
  IconEye,
  IconFlask,
  IconHandFinger,
  IconHeadphones,
  IconMicrophone2,
  IconQuote,
  IconRoute,
  IconSchool,
  IconTemplate,
  IconTool,
  IconVideo,
  type Icon,
} from '@tabler/icons-react';
import type { CollectionKind, ResourceFormat, ResourceKind, ResourceStatus } from '../../../common/api-types';
import { resourceFormats, resourceKinds } from '../../../common/limits';

export interface ResourceKindMeta {
  label: string;
  plural: string;
  /** What belongs under this kind, in a member's words; shown in the kind picker. */
  description: string;
  color: string;
  /** Pale hues cannot carry dark-on-light text legibly, so their badges are filled. */
  filled: boolean;
  /** Badge text where the hue's darkest shade is still too light on its tint (and on a tinted card). */
  text?: string;
  icon: Icon;
  /** The format most resources of this kind are taken in: the form suggests it. */
  format: ResourceFormat;
}

export const RESOURCE_KINDS: Record<ResourceKind, ResourceKindMeta> = {
  article: {
    label: 'Article',
    plural: 'Articles',
    description: 'A blog post, essay or guide.',
    color: 'blue',
    filled: false,
    icon: IconArticle,
    format: 'read',
  },
  research: {
    label: 'Research',
    plural: 'Research',
    description: 'A paper, report or study.',
    color: 'indigo',
    filled: false,
    icon: IconFlask,
    format: 'read',
  },
  podcast: {
    label: 'Podcast',
    plural: 'Podcasts',
    description: 'An episode or a series worth a listen.',
    color: 'grape',
    filled: false,
    icon: IconMicrophone2,
    format: 'listen',
  },
  video: {
    label: 'Video',
    plural: 'Videos',
    description: 'A talk, screencast or recording.',
    color: 'red',
    filled: false,
    text: '#a51d1d',
    icon: IconVideo,
    format: 'watch',
  },
  book: {
    label: 'Book',
    plural: 'Books',
    description: 'A book the community recommends.',
    color: 'orange',
    filled: true,
    icon: IconBook,
    format: 'read',
  },
  tool: {
    label: 'Tool',
    plural: 'Tools',
    description: 'Software, a service or a kit people use.',
    color: 'teal',
    filled: false,
    text: '#06634a',
    icon: IconTool,
    format: 'do',
  },
  example: {
    label: 'Example',
    plural: 'Examples',
    description: 'Something real to learn from or copy.',
    color: 'yellow',
    filled: true,
    icon: IconBulb,
    format: 'read',
  },
  method: {
    label: 'Method',
    plural: 'Methods',
    description: 'A way of working, step by step.',
    color: 'cyan',
    filled: false,
    text: '#0b6172',
    icon: IconRoute,
    format: 'do',
  },
  lesson: {
    label: 'Lesson learned',
    plural: 'Lessons learned',
    description: 'What someone learned the hard way — often an accepted answer.',
    color: 'violet',
    filled: false,
    icon: IconSchool,
    format: 'read',
  },
  story: {
    label: 'Story / case',
    plural: 'Stories and cases',
    description: 'What happened somewhere, and what others can take from it.',
    color: 'pink',
    filled: false,
    icon: IconQuote,
    format: 'read',
  },
  template: {
    label: 'Template',
    plural: 'Templates',
    description: 'A starting point to fill in: a document, checklist or plan.',
    color: 'lime',
    filled: true,
    icon: IconTemplate,
    format: 'do',
  },
};

export const RESOURCE_KIND_ORDER: readonly ResourceKind[] = resourceKinds;

export interface FormatMeta {
  label: string;
  /** "Things to read", for filters and summaries. */
  phrase: string;
  icon: Icon;
  color: string;
}

export const FORMATS: Record<ResourceFormat, FormatMeta> = {
  read: { label: 'Read', phrase: 'to read', icon: IconBook2, color: 'blue' },
  watch: { label: 'Watch', phrase: 'to watch', icon: IconEye, color: 'red' },
  listen: { label: 'Listen', phrase: 'to listen to', icon: IconHeadphones, color: 'grape' },
  do: { label: 'Do', phrase: 'to do', icon: IconHandFinger, color: 'teal' },
};

export const FORMAT_ORDER: readonly ResourceFormat[] = resourceFormats;

/** The colour a kind takes in charts and stripes, where it stands without text on a light ground. */
export function kindSwatch(kind: ResourceKind): string {
  const meta = RESOURCE_KINDS[kind];
  return `var(--mantine-color-${meta.color}-${meta.filled ? 5 : 6})`;
}

export function ResourceKindBadge({ kind, size = 'sm' }: { kind: ResourceKind; size?: MantineSize }) {
  const meta = RESOURCE_KINDS[kind];
  const Icon = meta.icon;
  return (
    <Badge
      size={size}
      color={meta.filled ? `${meta.color}.4` : meta.color}
      variant={meta.filled ? 'filled' : 'light'}
      c={meta.filled ? 'dark.9' : (meta.text ?? `${meta.color}.9`)}
      tt="none"
      fw={600}
      leftSection={<Icon size={13} aria-hidden />}
    >
      {meta.label}
    </Badge>
  );
}

export function FormatBadge({ format, size = 'sm' }: { format: ResourceFormat; size?: MantineSize }) {
  const meta = FORMATS[format];
  const Icon = meta.icon;
  return (
    <Badge
      size={size}
      variant="outline"
      color="gray"
      c="dark.6"
      tt="none"
      fw={600}
      leftSection={<Icon size={13} aria-hidden />}
      title={`Format: ${meta.label.toLowerCase()}`}
    >
      {meta.label}
    </Badge>
  );
}

export function ResourceKindIcon({ kind, size = 40 }: { kind: ResourceKind; size?: number }) {
  const meta = RESOURCE_KINDS[kind];
  const Icon = meta.icon;
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={meta.color} c={`${meta.color}.8`} aria-hidden>
      <Icon size={Math.round(size * 0.55)} />
    </ThemeIcon>
  );
}

export const STATUS_LABELS: Record<ResourceStatus, string> = {
  proposed: 'Proposed',
  published: 'Published',
  retired: 'Retired',
  obsolete: 'Obsolete',
};

export function StatusBadge({ status, size = 'sm' }: { status: ResourceStatus; size?: MantineSize }) {
  if (status === 'published') return null;
  const color = status === 'proposed' ? 'yellow' : status === 'obsolete' ? 'orange' : 'gray';
  return (
    <Badge
      size={size}
      color={status === 'retired' ? 'gray' : `${color}.3`}
      variant={status === 'retired' ? 'outline' : 'filled'}
      c={status === 'retired' ? 'gray.8' : 'dark.9'}
      tt="none"
      fw={600}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export const COLLECTION_KINDS: Record<CollectionKind, { label: string; description: string }> = {
  path: {
    label: 'Learning path',
    description: 'An ordered way in: members tick off each item and see how far they have come.',
  },
  collection: { label: 'Collection', description: 'A named list of resources on one theme, in the order you choose.' },
};

/** Where a collection's page is: paths and collections share one page under their own words. */
export function collectionHref(slug: string, c: { id: string; kind: CollectionKind }): string {
  return `/c/${slug}/${c.kind === 'path' ? 'paths' : 'collections'}/${c.id}`;
}

export function resourceHref(slug: string, id: string): string {
  return `/c/${slug}/repertoire/${id}`;
}

/** "example.org" from a link, for showing where a resource lives; null when it is not a web address. */
export function linkDomain(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
