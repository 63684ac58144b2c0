import { Badge, Box, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FocusEvent } from 'react';
import { Link, Outlet, useLocation, useMatch, useOutletContext, useParams } from 'react-router';
import type { CommunityDetail } from '../../../common/api-types';
import { api, keys } from '../../api';
import { labels } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { MyMembershipBadge } from './MyMembershipBadge';

export function useCommunityContext(): CommunityDetail {
  return useOutletContext<CommunityDetail>();
}

export function useCommunityQuery(slug: string) {
  return useQuery({ queryKey: keys.community(slug), queryFn: () => api.community(slug) });
}

export function CommunityLayout() {
  const { slug = '' } = useParams();
  const { data, error, isPending, refetch } = useCommunityQuery(slug);

  if (isPending) return <Loading label="Loading community" />;
  if (error) {
    return (
      <Container size="lg" py="xl">
        <ErrorState error={error} onRetry={() => void refetch()} />
      </Container>
    );
  }

  return (
    <>
      <CommunityBanner community={data} />
      <Container size="lg" py="xl">
        <Outlet context={data} />
      </Container>
    </>
  );
}

function CommunityBanner({ community }: { community: CommunityDetail }) {
  // On a conversation, a resource or a path, its title is the page's heading, so the community name steps down.
  const postMatch = useMatch('/c/:slug/posts/:postId');
  const resourceMatch = useMatch('/c/:slug/repertoire/:resourceId');
  const pathMatch = useMatch('/c/:slug/paths/:collectionId');
  const collectionMatch = useMatch('/c/:slug/collections/:collectionId');
  const sessionMatch = useMatch('/c/:slug/events/:eventId/:occurrenceId');
  const onPost = Boolean(postMatch && postMatch.params.postId !== 'new');
  const onResource = Boolean(
    resourceMatch && !['new', 'review', 'import'].includes(resourceMatch.params.resourceId ?? ''),
  );
  const onCollection = Boolean(pathMatch || (collectionMatch && collectionMatch.params.collectionId !== 'new'));
  const onSession = Boolean(sessionMatch && sessionMatch.params.occurrenceId !== 'edit');
  if (onPost || onResource || onCollection || onSession) {
    return (
      <Box className="cp-hero" pt="md">
        <Container size="lg">
          <Text
            component={Link}
            to={`/c/${community.slug}`}
            c="white"
            fw={650}
            fz={{ base: 'lg', sm: 'xl' }}
            mb="sm"
            display="inline-block"
            style={{ overflowWrap: 'anywhere', textDecoration: 'none' }}
          >
            {community.name}
          </Text>
          <CommunityNav community={community} />
        </Container>
      </Box>
    );
  }
  return (
    <Box className="cp-hero" pt={{ base: 'lg', sm: 36 }}>
      <Container size="lg">
        <Stack gap={8} pb="md">
          <Group gap={6}>
            <Badge variant="white" color="dark">
              {labels.type[community.type]}
            </Badge>
            <Badge
              variant="white"
              color="dark"
              leftSection={community.visibility === 'private' ? <IconLock size={12} aria-hidden /> : undefined}
            >
              {labels.visibility[community.visibility]}
            </Badge>
            <MyMembershipBadge membership={community.myMembership} />
          </Group>
          <Title order={1} c="white" style={{ overflowWrap: 'anywhere' }}>
            {community.name}
          </Title>
          {community.domain && (
            <Text c="white" opacity={0.9} maw={760} lineClamp={2}>
              {community.domain}
            </Text>
          )}
        </Stack>
        <CommunityNav community={community} />
      </Container>
    </Box>
  );
}

/** Width of the fade at an edge with more tabs behind it; matches .cp-tabs in global.css. */
const FADE_PX = 56;

function CommunityNav({ community }: { community: CommunityDetail }) {
  const location = useLocation();
  const user = useCurrentUser();
  const base = `/c/${community.slug}`;
  const { abilities } = community;
  // `also`: other paths that belong to a section (a path's page is part of the repertoire).
  const links: { to: string; label: string; show: boolean; also?: string[] }[] = [
    { to: base, label: 'Overview', show: true },
    { to: `${base}/posts`, label: 'Conversations', show: true },
    { to: `${base}/repertoire`, label: 'Repertoire', show: true, also: [`${base}/paths`, `${base}/collections`] },
    { to: `${base}/events`, label: 'Events', show: true },
    { to: `${base}/wins`, label: 'Wins', show: true },
    { to: `${base}/needs`, label: 'Needs', show: true },
    { to: `${base}/members`, label: 'Members', show: abilities.viewMembers },
    {
      to: `${base}/profile`,
      label: 'My profile',
      show: Boolean(user && community.myMembership && ['active', 'on_break'].includes(community.myMembership.status)),
    },
    { to: `${base}/requests`, label: 'Requests', show: abilities.viewRequests },
    { to: `${base}/invitations`, label: 'Invitations', show: abilities.invite },
    { to: `${base}/roundups`, label: 'Round-ups', show: abilities.manageRoundups },
    { to: `${base}/surveys`, label: 'Surveys', show: abilities.post || abilities.manageSurveys },
    { to: `${base}/health`, label: 'Health', show: abilities.viewHealth },
    { to: `${base}/settings`, label: 'Settings', show: abilities.edit },
  ].filter((l) => l.show);

  const under = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);
  const isActive = (to: string) => {
    if (to === base) return location.pathname === base;
    const link = links.find((l) => l.to === to);
    return under(to) || Boolean(link?.also?.some(under));
  };

  const scroller = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ start: false, end: false });

  /** Which edges have tabs scrolled out of sight behind them. */
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const max = el.scrollWidth - el.clientWidth;
    const start = el.scrollLeft > 1;
    const end = el.scrollLeft < max - 1;
    setMore((prev) => (prev.start === start && prev.end === end ? prev : { start, end }));
  }, []);

  /** Centres a tab when any of it is hidden or under the edge fade. */
  const reveal = useCallback((tab: HTMLElement) => {
    const el = scroller.current;
    if (!el) return;
    const fade = el.scrollWidth > el.clientWidth ? FADE_PX : 0;
    const left = tab.offsetLeft;
    const right = left + tab.offsetWidth;
    if (left < el.scrollLeft + fade || right > el.scrollLeft + el.clientWidth - fade) {
      el.scrollLeft = Math.max(0, left - (el.clientWidth - tab.offsetWidth) / 2);
    }
  }, []);

  // Bring the current section's tab into view on every navigation.
  const activePath = links.find((l) => isActive(l.to))?.to;
  useLayoutEffect(() => {
    const active = scroller.current?.querySelector<HTMLElement>('[aria-current="page"]');
    if (active) reveal(active);
    measure();
  }, [activePath, links.length, measure, reveal]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // Keyboard focus only: scrolling under a pointer between mousedown and mouseup would swallow the
  // click. A clicked tab is revealed by the navigation it causes instead.
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLElement && e.target.matches(':focus-visible')) reveal(e.target);
  };

  const scrollBy = (direction: 1 | -1) => {
    const el = scroller.current;
    if (!el) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollBy({ left: direction * el.clientWidth * 0.6, behavior: reduce ? 'auto' : 'smooth' });
  };

  return (
    <Box
      component="nav"
      aria-label="Community sections"
      className="cp-tabs"
      data-more-start={more.start || undefined}
      data-more-end={more.end || undefined}
    >
      {/* The arrows are a pointer convenience: keyboard users reach every tab with Tab, which scrolls it into view. */}
      {more.start && (
        <button
          type="button"
          className="cp-tabs-arrow"
          data-side="start"
          tabIndex={-1}
          aria-hidden
          onClick={() => scrollBy(-1)}
        >
          <IconChevronLeft size={18} stroke={2.2} />
        </button>
      )}
      <div ref={scroller} className="cp-tabs-scroller" onScroll={measure} onFocus={onFocus}>
        <Group gap={4} wrap="nowrap" pb={0}>
          {links.map((link) => {
            const active = isActive(link.to);
            return (
              <Button
                key={link.to}
                component={Link}
                to={link.to}
                aria-current={active ? 'page' : undefined}
                variant={active ? 'white' : 'subtle'}
                color={active ? 'lagoon' : 'gray.0'}
                c={active ? 'lagoon.8' : 'white'}
                radius={0}
                px={{ base: 'sm', sm: 18 }}
                className="cp-tab"
                style={{ flexShrink: 0, borderTopLeftRadius: 8, borderTopRightRadius: 8 }}
              >
                {link.label}
              </Button>
            );
          })}
        </Group>
      </div>
      {more.end && (
        <button
          type="button"
          className="cp-tabs-arrow"
          data-side="end"
          tabIndex={-1}
          aria-hidden
          onClick={() => scrollBy(1)}
        >
          <IconChevronRight size={18} stroke={2.2} />
        </button>
      )}
    </Box>
  );
}
