import { Group } from '@mantine/core';
import { Link } from 'react-router';

/** Tags as links to the community feed filtered by each one. */
export function TagLinks({ slug, tags, size = 'sm' }: { slug: string; tags: string[]; size?: 'xs' | 'sm' }) {
  if (tags.length === 0) return null;
  return (
    <Group gap={6} component="ul" className="cp-tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link className="cp-tag" data-size={size} to={`/c/${slug}/posts?tag=${encodeURIComponent(tag)}`}>
            #{tag}
          </Link>
        </li>
      ))}
    </Group>
  );
}
