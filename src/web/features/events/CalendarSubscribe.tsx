import { Anchor, Button, Code, CopyButton, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarPlus, IconCheck, IconCopy, IconDownload, IconRss } from '@tabler/icons-react';
import { Link } from 'react-router';
import { calendarUrls, webcalUrl } from './api';

/**
 * "Subscribe to calendar" for a community: the .ics address to copy into a calendar app (webcal://
 * opens most of them directly), a download, and a pointer to the personal feed of one's own RSVPs.
 */
export function CalendarSubscribe({ slug, isPrivate }: { slug: string; isPrivate: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const path = calendarUrls.community(slug);
  const webcal = webcalUrl(path);
  return (
    <>
      <Button variant="default" leftSection={<IconRss size={16} aria-hidden />} onClick={open}>
        Subscribe to calendar
      </Button>
      <Modal opened={opened} onClose={close} title="Subscribe to this community’s events" centered size="lg">
        <Stack gap="md">
          {isPrivate ? (
            <Text size="sm">
              This community is private, so its calendar is only for signed-in members: a calendar app cannot read it.
              Use your{' '}
              <Anchor component={Link} to="/account#calendar-feed" inherit>
                personal calendar feed
              </Anchor>{' '}
              instead: it holds every session you are going to, in any of your communities.
            </Text>
          ) : (
            <>
              <Text size="sm">
                Paste this address into your calendar app (“Add calendar → From URL” in Google Calendar, “New calendar
                subscription” in Apple Calendar, “Subscribe from web” in Outlook). New sessions and changes show up by
                themselves.
              </Text>
              <Group gap="xs" wrap="nowrap" align="center">
                <Code
                  block
                  style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
                  aria-label="Calendar address"
                >
                  {webcal}
                </Code>
                <CopyButton value={webcal}>
                  {({ copied, copy }) => (
                    <Button
                      size="xs"
                      onClick={copy}
                      leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                    >
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Group gap="sm">
                <Button
                  component="a"
                  href={webcal}
                  variant="light"
                  leftSection={<IconCalendarPlus size={16} aria-hidden />}
                >
                  Open in my calendar app
                </Button>
                <Button
                  component="a"
                  href={path}
                  download
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden />}
                >
                  Download .ics
                </Button>
              </Group>
              <Text size="sm" c="dimmed">
                Only want the sessions you are going to? Make a{' '}
                <Anchor component={Link} to="/account#calendar-feed" inherit>
                  personal calendar feed
                </Anchor>
                .
              </Text>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}

/** "Add to calendar" for one session or the whole series: .ics files the calendar app imports. */
export function AddToCalendar({
  slug,
  eventId,
  occurrenceId,
  recurring,
}: {
  slug: string;
  eventId: string;
  occurrenceId: string;
  recurring: boolean;
}) {
  if (!recurring) {
    return (
      <Button
        component="a"
        href={calendarUrls.session(slug, eventId, occurrenceId)}
        download
        variant="default"
        leftSection={<IconCalendarPlus size={16} aria-hidden />}
      >
        Add to calendar
      </Button>
    );
  }
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconCalendarPlus size={16} aria-hidden />}>
          Add to calendar
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={calendarUrls.session(slug, eventId, occurrenceId)} download>
          This session (.ics)
        </Menu.Item>
        <Menu.Item component="a" href={calendarUrls.event(slug, eventId)} download>
          Every session of the series (.ics)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
