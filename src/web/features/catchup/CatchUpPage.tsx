import { Button, SimpleGrid, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCoffee } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Empty } from '../../ui/Empty';
import { formatDate, plural } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { ItemCard, SectionHeading } from '../roundups/sections';
import { catchUpApi, catchUpKeys } from './api';

/** The highlights a member missed, by section like the round-up; opening it marks them seen. */
export function CatchUpPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  useDocumentTitle(`While you were away · ${community.name}`);
  const catchUp = useQuery({
    queryKey: catchUpKeys.one(slug),
    queryFn: () => catchUpApi.get(slug),
    // Once seen the server has nothing more to say; keep showing what was opened.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const seen = useMutation({ mutationFn: () => catchUpApi.seen(slug) });
  const marked = useRef(false);
  const hasData = Boolean(catchUp.data);
  useEffect(() => {
    if (hasData && !marked.current) {
      marked.current = true;
      seen.mutate();
    }
  }, [hasData, seen]);

  if (catchUp.isPending) return <Loading label="Gathering what you missed" />;
  if (catchUp.error) return <ErrorState error={catchUp.error} onRetry={() => void catchUp.refetch()} />;

  const data = catchUp.data;
  const sections = (data?.sections ?? []).filter((s) => s.items.length > 0);
  const count = sections.reduce((sum, s) => sum + s.items.length, 0);

  if (!data || count === 0) {
    return (
      <>
        <PageHeader order={2} title="While you were away" />
        <Empty
          icon={<IconCoffee size={28} />}
          title="You are all caught up"
          action={
            <Button component={Link} to={`/c/${slug}`} variant="default">
              Back to the overview
            </Button>
          }
        >
          When you come back after a break or a month away, the highlights you missed gather here.
        </Empty>
      </>
    );
  }

  return (
    <>
      <PageHeader
        order={2}
        title="While you were away"
        description={`${plural(count, 'highlight')} since ${formatDate(data.since)}.`}
        actions={
          <Button component={Link} to={`/c/${slug}`} variant="default">
            Back to the overview
          </Button>
        }
      />
      <Stack gap="xl">
        {sections.map(({ section, items }) => (
          <Stack key={section} gap="sm" component="section" aria-labelledby={`catch-up-${section}`}>
            <SectionHeading section={section} id={`catch-up-${section}`} count={items.length} />
            <SimpleGrid
              cols={{ base: 1, sm: 2, lg: 3 }}
              spacing="sm"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
            >
              {[...items]
                .sort((a, b) => a.position - b.position)
                .map((item) => (
                  <li key={item.id}>
                    <ItemCard item={item} />
                  </li>
                ))}
            </SimpleGrid>
          </Stack>
        ))}
      </Stack>
    </>
  );
}
