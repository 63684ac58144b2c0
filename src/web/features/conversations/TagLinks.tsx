import { Group } from '@mantine/core';
import { Link } from 'react-router';

/** Tags as links to a community list filtered by each one: the conversations, or the repertoire. */
export function TagLinks({
  slug,
  tags,
  size = 'sm',
  section = 'posts',
}: {
  slug: string;
  tags: string[];
  size?: 'xs' | 'sm';
  section?: 'posts' | 'repertoire';
}) {
  if (tags.length === 0) return null;
  return (
    <Group gap={6} component="ul" className="cp-tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="cp-tag" data-size={size} to={`/c/${slug}/${section}?tag=${encodeURIComponent(tag)}`}>
            #{tag}
          </Link>
        </li>
      ))}
    </Group>
  );
}
