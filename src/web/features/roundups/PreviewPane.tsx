import { Box, Card, Group, Loader, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, keys } from '../../api';
import { InlineError } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { roundupKeys, roundupsApi } from './api';

const ME = 'me';

/**
 * Opens every link of the previewed mail in a new tab: the frame itself may not show the site
 * (it refuses to be framed), and the preview must stay put.
 */
function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => `${head}${base}`);
  return `${base}${html}`;
}

/** The mail as a member would get it, personalised for whoever the coordinator picks. */
export function PreviewPane({ slug, id, version }: { slug: string; id: string; version: string }) {
  const user = useCurrentUser();
  const [as, setAs] = useState<string>(ME);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [view, setView] = useState<'html' | 'text'>('html');

  const members = useQuery({
    queryKey: keys.members(slug, { q, status: 'active' }),
    queryFn: () => api.members(slug, { q, status: 'active', limit: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const preview = useQuery({
    queryKey: [...roundupKeys.preview(slug, id, as === ME ? null : as), version],
    queryFn: () => roundupsApi.preview(slug, id, as === ME ? null : as),
    placeholderData: keepPreviousData,
  });

  const options = useMemo(() => {
    const me = { value: ME, label: user ? `Me (${user.name})` : 'Me' };
    const others = (members.data?.items ?? [])
      .filter((m) => m.userId !== user?.id)
      .map((m) => ({ value: m.userId, label: `${m.name} (@${m.handle})` }));
    if (picked && picked.value !== ME && !others.some((o) => o.value === picked.value)) others.unshift(picked);
    return [me, ...others];
  }, [members.data, picked, user]);

  const srcDoc = useMemo(() => (preview.data ? withLinksInNewTab(preview.data.html) : ''), [preview.data]);

  return (
    <Card component="section" aria-labelledby="roundup-preview" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs">
          <Title order={2} size="h4" id="roundup-preview">
            Preview
          </Title>
          {preview.isFetching && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Preview as member"
            description="Each copy puts the member’s interests and learning formats first."
            data={options}
            value={as}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            nothingFoundMessage="No member by that name"
            allowDeselect={false}
            onChange={(value, option) => {
              setAs(value ?? ME);
              setPicked(value && value !== ME ? { value, label: option?.label ?? value } : null);
            }}
            style={{ flex: '1 1 240px' }}
            comboboxProps={{ withinPortal: true }}
          />
          <SegmentedControl
            aria-label="Show the mail as"
            value={view}
            onChange={(v) => setView(v as 'html' | 'text')}
            data={[
              { value: 'html', label: 'Formatted' },
              { value: 'text', label: 'Plain text' },
            ]}
          />
        </Group>
        <InlineError error={preview.error} />
        {preview.data && (
          <Text size="sm">
            <Text span c="dark.4">
              Subject:{' '}
            </Text>
            <Text span fw={600}>
              {preview.data.subject}
            </Text>
          </Text>
        )}
        {preview.isPending ? (
          <Box h={640} style={{ display: 'grid', placeItems: 'center' }}>
            <Loader size="sm" aria-label="Loading the preview" />
          </Box>
        ) : preview.data && view === 'html' ? (
          <MailFrame html={srcDoc} />
        ) : preview.data ? (
          <pre
            className="cp-mail-body"
            style={{ maxHeight: 640, overflow: 'auto' }}
            tabIndex={0}
            aria-label="Plain-text mail"
          >
            {preview.data.text}
          </pre>
        ) : null}
      </Stack>
    </Card>
  );
}

/** The width mail clients lay a message out at; a narrower pane shows it scaled down, as a phone would. */
const MAIL_WIDTH = 640;
const FRAME_HEIGHT = 640;

/** The mail in a sandboxed frame: no scripts, no access to this page, links open in a new tab. */
function MailFrame({ html }: { html: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(MAIL_WIDTH);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const scale = width > 0 && width < MAIL_WIDTH ? width / MAIL_WIDTH : 1;
  return (
    <div
      ref={box}
      style={{
        height: FRAME_HEIGHT,
        overflow: 'hidden',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'white',
      }}
    >
      <iframe
        title="Round-up mail preview"
        srcDoc={html}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        style={{
          display: 'block',
          border: 0,
          width: scale < 1 ? MAIL_WIDTH : '100%',
          height: FRAME_HEIGHT / scale,
          transform: scale < 1 ? `scale(${scale})` : undefined,
          transformOrigin: 'top left',
        }}
      />
    </div>
  );
}
