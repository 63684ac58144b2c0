import { Anchor, Text, type MantineSize } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Credit, CreditRole } from '../../../common/api-types';

export const CREDIT_ROLES: Record<CreditRole, { label: string; lead: string; short: string }> = {
  contributor: { label: 'Contributor', lead: 'Shared by', short: 'brought it here' },
  source: { label: 'Source', lead: 'From', short: 'whose work it is' },
};

function Names({ credits, slug }: { credits: Credit[]; slug?: string }) {
  return (
    <>
      {credits.map((c, i) => (
        <Fragment key={`${c.user?.id ?? ''}${c.name}${i}`}>
          {i > 0 && (i === credits.length - 1 ? ' and ' : ', ')}
          {c.user && slug ? (
            <Anchor
              component={Link}
              to={`/c/${slug}/members/${c.user.id}`}
              inherit
              fw={600}
              c="dark.7"
              underline="hover"
            >
              {c.name}
            </Anchor>
          ) : (
            <Text span inherit fw={600}>
              {c.name}
            </Text>
          )}
        </Fragment>
      ))}
    </>
  );
}

/** "Shared by Ana · From Ben Okafor": who brought a resource and whose work it is. */
export function CreditLine({
  credits,
  slug,
  size = 'sm',
  c = 'dimmed',
}: {
  credits: Credit[];
  /** Link members to their profiles in this community. */
  slug?: string;
  size?: MantineSize;
  c?: string;
}): ReactNode {
  const contributors = credits.filter((x) => x.role === 'contributor');
  const sources = credits.filter((x) => x.role === 'source');
  if (contributors.length === 0 && sources.length === 0) return null;
  return (
    <Text size={size} c={c} component="p" m={0}>
      {contributors.length > 0 && (
        <>
          {CREDIT_ROLES.contributor.lead} <Names credits={contributors} slug={slug} />
        </>
      )}
      {contributors.length > 0 && sources.length > 0 && ' · '}
      {sources.length > 0 && (
        <>
          {CREDIT_ROLES.source.lead} <Names credits={sources} slug={slug} />
        </>
      )}
    </Text>
  );
}

/** The same line as plain text. */
export function creditText(credits: { role: CreditRole; name: string }[]): string {
  const join = (names: string[]) =>
    names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const contributors = credits.filter((x) => x.role === 'contributor').map((x) => x.name);
  const sources = credits.filter((x) => x.role === 'source').map((x) => x.name);
  return [
    contributors.length ? `${CREDIT_ROLES.contributor.lead} ${join(contributors)}` : '',
    sources.length ? `${CREDIT_ROLES.source.lead} ${join(sources)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
