import { Anchor, Avatar, Text, type MantineSize } from '@mantine/core';
import { Link } from 'react-router';
import type { Person } from '../../../common/api-types';
import { initials } from '../../ui/UserMenu';

const AVATAR_COLORS = ['indigo', 'lagoon', 'grape', 'blue', 'cyan', 'violet', 'pink', 'red'];

/** A stable colour per person, so the same member looks the same everywhere. */
export function personColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return AVATAR_COLORS[Math.abs(hash) % AVATAR_COLORS.length];
}

export function PersonAvatar({ person, size = 36 }: { person: Person | null; size?: MantineSize | number }) {
  return (
    <Avatar size={size} radius="xl" color={person ? personColor(person.id) : 'gray'} aria-hidden>
      {person ? initials(person.name) : '?'}
    </Avatar>
  );
}

/** A person's name, linked to their member profile in the community when `slug` is given. */
export function PersonName({
  person,
  slug,
  fw = 600,
  size,
}: {
  person: Person | null;
  slug?: string;
  fw?: number;
  size?: MantineSize;
}) {
  if (!person) {
    return (
      <Text component="span" fw={fw} size={size} c="dimmed" fs="italic">
        A former member
      </Text>
    );
  }
  if (!slug) {
    return (
      <Text component="span" fw={fw} size={size}>
        {person.name}
      </Text>
    );
  }
  return (
    <Anchor
      component={Link}
      to={`/c/${slug}/members/${person.id}`}
      fw={fw}
      size={size}
      c="dark.7"
      underline="hover"
      title={person.handle ? `@${person.handle}` : undefined}
    >
      {person.name}
    </Anchor>
  );
}
