import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  Progress,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowLeft,
  IconArrowUp,
  IconCalendarTime,
  IconClockX,
  IconDeviceFloppy,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Roundup, RoundupItem, RoundupPatch } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime, plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import { useCommunityContext } from '../communities/CommunityLayout';
import { useViewerZone, zoneLabel } from '../events/time';
import { roundupKeys, roundupsApi } from './api';
import { PreviewPane } from './PreviewPane';
import { RoundupStatsPanel } from './RoundupStatsPanel';
import { ScheduleModal } from './ScheduleModal';
import { groupBySection, itemFact, periodLabel, RoundupStatusBadge, SectionHeading } from './sections';

export function RoundupEditorPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { roundupId = '' } = useParams();
  const allowed = community.abilities.manageRoundups;
  const roundup = useQuery({
    queryKey: roundupKeys.one(slug, roundupId),
    queryFn: () => roundupsApi.get(slug, roundupId),
    enabled: allowed,
    // While it goes out, the delivered count climbs.
    refetchInterval: (q) => (q.state.data?.status === 'sending' ? 2_000 : false),
  });
  useDocumentTitle(`${roundup.data?.subject || 'Round-up'} · ${community.name}`);

  if (!allowed) return <NotFound />;
  if (roundup.isPending) return <Loading label="Loading the round-up" />;
  if (roundup.error) return <ErrorState error={roundup.error} onRetry={() => void roundup.refetch()} />;
  return <Editor slug={slug} roundup={roundup.data} />;
}

function Editor({ slug, roundup }: { slug: string; roundup: Roundup }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { zone } = useViewerZone();
  const key = roundupKeys.one(slug, roundup.id);
  const editable = roundup.abilities.edit && (roundup.status === 'draft' || roundup.status === 'scheduled');
  const canSend = roundup.abilities.send && (roundup.status === 'draft' || roundup.status === 'scheduled');

  // The subject and intro as typed; saved with "Save", or before the round-up is sent or scheduled.
  const [subject, setSubject] = useState(roundup.subject);
  const [intro, setIntro] = useState(roundup.intro);
  const baseline = useRef({ subject: roundup.subject, intro: roundup.intro });
  useEffect(() => {
    // Someone else's save (or ours coming back) moves the baseline; typing in progress is kept.
    setSubject((s) => (s === baseline.current.subject ? roundup.subject : s));
    setIntro((s) => (s === baseline.current.intro ? roundup.intro : s));
    baseline.current = { subject: roundup.subject, intro: roundup.intro };
  }, [roundup.subject, roundup.intro]);
  const dirty = editable && (subject !== roundup.subject || intro !== roundup.intro);
  const subjectError = subject.trim() ? null : 'A subject is needed.';

  const blocker = useUnsavedChangesGuard(() => dirty);

  const [sendOpen, setSendOpen] = useState(false);
  const [scheduleOpen, setScheduleOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [announce, setAnnounce] = useState('');

  const afterChange = (next: Roundup) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: roundupKeys.list(slug) });
  };

  const save = useMutation({
    mutationFn: (patch: RoundupPatch) => roundupsApi.update(slug, roundup.id, patch),
    onSuccess: afterChange,
  });
  const saveText = () => save.mutateAsync({ subject: subject.trim(), intro });

  const items = useMutation({
    mutationFn: (patch: RoundupPatch['items']) => roundupsApi.update(slug, roundup.id, { items: patch }),
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const before = queryClient.getQueryData<Roundup>(key);
      if (before && patch) {
        const changes = new Map(patch.map((p) => [p.id, p]));
        queryClient.setQueryData<Roundup>(key, {
          ...before,
          items: before.items.map((i) => {
            const c = changes.get(i.id);
            return c ? { ...i, included: c.included ?? i.included, position: c.position ?? i.position } : i;
          }),
        });
      }
      return { before };
    },
    onError: (error, _patch, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
      notifyError(error);
    },
    onSuccess: afterChange,
  });

  const send = useMutation({
    mutationFn: async () => {
      if (dirty) await saveText();
      return roundupsApi.send(slug, roundup.id);
    },
    onSuccess: (next) => {
      afterChange(next);
      setSendOpen(false);
      notifySuccess('The round-up is on its way.');
    },
  });
  const schedule = useMutation({
    mutationFn: async (at: string) => {
      if (dirty) await saveText();
      return roundupsApi.schedule(slug, roundup.id, at);
    },
    onSuccess: (next) => {
      afterChange(next);
      setScheduleOpen(false);
      notifySuccess(`Scheduled for ${formatDateTime(next.scheduledFor)}.`);
    },
  });
  const unschedule = useMutation({
    mutationFn: () => roundupsApi.unschedule(slug, roundup.id),
    onSuccess: (next) => {
      afterChange(next);
      notifySuccess('Unscheduled: it is a draft again.');
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: () => roundupsApi.remove(slug, roundup.id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: key });
      await queryClient.invalidateQueries({ queryKey: roundupKeys.list(slug) });
      notifySuccess('The draft is deleted.');
      void navigate(`/c/${slug}/roundups`);
    },
  });

  const groups = groupBySection(roundup.items);
  const included = roundup.items.filter((i) => i.included).length;
  // Anything that changes what the mail says makes the preview ask again.
  const version = `${roundup.subject}\u0000${roundup.intro}\u0000${roundup.items
    .map((i) => `${i.id}:${i.included ? 1 : 0}:${i.position}`)
    .join(',')}`;

  const move = (group: RoundupItem[], index: number, by: -1 | 1) => {
    const order = [...group];
    const [item] = order.splice(index, 1);
    order.splice(index + by, 0, item);
    items.mutate(order.map((i, position) => ({ id: i.id, position })));
    setAnnounce(`Moved “${item.title}” to position ${index + by + 1} of ${order.length}.`);
    pendingFocus.current = { id: item.id, dir: by < 0 ? 'up' : 'down', until: Date.now() + 2_000 };
  };
  // Keeps keyboard focus on the moved item's button while the list re-renders (at once, and again
  // when the server answers): moving a focused element in the page drops its focus.
  const pendingFocus = useRef<{ id: string; dir: 'up' | 'down'; until: number } | null>(null);
  useEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    if (Date.now() > want.until) {
      pendingFocus.current = null;
      return;
    }
    const active = document.activeElement;
    // Focus that moved elsewhere on purpose stays there.
    if (active && active !== document.body) return;
    const button = document.getElementById(`move-${want.dir}-${want.id}`) as HTMLButtonElement | null;
    const other = document.getElementById(`move-${want.dir === 'up' ? 'down' : 'up'}-${want.id}`);
    (button && !button.disabled ? button : other)?.focus();
  });

  const period = periodLabel(roundup.periodStart, roundup.periodEnd);

  return (
    <>
      <Anchor component={Link} to={`/c/${slug}/roundups`} size="sm" underline="hover" mb="xs" display="inline-flex">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          All round-ups
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title={roundup.subject || 'Untitled round-up'}
        description={
          <Group gap="xs" component="span">
            <RoundupStatusBadge status={roundup.status} />
            <span>
              {period} · {plural(included, 'item')} included
            </span>
          </Group>
        }
        actions={
          <>
            {roundup.status === 'draft' && roundup.abilities.edit && (
              <Button
                variant="subtle"
                color="red"
                c="red.9"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => setDeleteOpen(true)}
              >
                Delete
              </Button>
            )}
            {roundup.status === 'scheduled' && canSend && (
              <Button
                variant="default"
                leftSection={<IconClockX size={16} aria-hidden />}
                loading={unschedule.isPending}
                onClick={() => unschedule.mutate()}
              >
                Unschedule
              </Button>
            )}
            {canSend && (
              <Button
                variant="default"
                leftSection={<IconCalendarTime size={16} aria-hidden />}
                onClick={() => setScheduleOpen(true)}
                disabled={Boolean(subjectError)}
              >
                {roundup.status === 'scheduled' ? 'Reschedule…' : 'Schedule…'}
              </Button>
            )}
            {canSend && (
              <Button
                leftSection={<IconSend size={16} aria-hidden />}
                onClick={() => setSendOpen(true)}
                disabled={Boolean(subjectError)}
              >
                Send now
              </Button>
            )}
          </>
        }
      />

      <VisuallyHidden role="status" aria-live="polite">
        {announce}
      </VisuallyHidden>

      <Stack gap="lg">
        {roundup.status === 'scheduled' && roundup.scheduledFor && (
          <Alert color="indigo" variant="light" icon={<IconCalendarTime aria-hidden />} title="Scheduled">
            Goes out {formatDateTime(roundup.scheduledFor)} ({zoneLabel(zone)}) to the members who get round-ups then —{' '}
            {plural(roundup.audience, 'member')} today. Changes you save until then are included.
          </Alert>
        )}
        {roundup.status === 'sending' && <SendingProgress roundup={roundup} />}
        {roundup.status === 'sent' && (
          <>
            <Text size="sm" c="dark.4">
              Sent {formatDateTime(roundup.sentAt)} to {plural(roundup.recipientCount, 'member')}.
            </Text>
            <RoundupStatsPanel slug={slug} id={roundup.id} />
          </>
        )}

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="lg">
              {editable ? (
                <Card component="section" aria-labelledby="roundup-words" padding="lg">
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!subjectError) void saveText().catch(() => undefined);
                    }}
                  >
                    <Stack gap="md">
                      <Title order={2} size="h4" id="roundup-words">
                        Subject and introduction
                      </Title>
                      <TextInput
                        label="Subject"
                        required
                        maxLength={limits.roundupSubject}
                        value={subject}
                        onChange={(e) => setSubject(e.currentTarget.value)}
                        error={subjectError}
                      />
                      <Textarea
                        label="Introduction"
                        description="A few words from you at the top of the mail. Markdown works: **bold**, _italic_, [links](https://…) and lists."
                        autosize
                        minRows={5}
                        maxRows={16}
                        maxLength={limits.roundupIntro}
                        value={intro}
                        onChange={(e) => setIntro(e.currentTarget.value)}
                      />
                      <InlineError error={save.error} />
                      <Group justify="space-between" gap="sm">
                        <Text size="xs" c="dark.4" aria-live="polite">
                          {dirty ? 'Unsaved changes' : 'All changes saved'}
                        </Text>
                        <Button
                          type="submit"
                          variant={dirty ? 'filled' : 'default'}
                          leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                          disabled={!dirty || Boolean(subjectError)}
                          loading={save.isPending}
                        >
                          Save
                        </Button>
                      </Group>
                    </Stack>
                  </form>
                </Card>
              ) : (
                roundup.intro && (
                  <Card component="section" aria-labelledby="roundup-intro" padding="lg">
                    <Stack gap="xs">
                      <Title order={2} size="h4" id="roundup-intro">
                        Introduction
                      </Title>
                      {/* Rendered and sanitised by the server. */}
                      <div className="markdown" dangerouslySetInnerHTML={{ __html: roundup.introHtml }} />
                    </Stack>
                  </Card>
                )
              )}

              {groups.length === 0 ? (
                <Card padding="lg">
                  <Text c="dimmed" size="sm">
                    Nothing happened in this period that a round-up would list.
                  </Text>
                </Card>
              ) : (
                groups.map(({ section, items: group }) => (
                  <Card key={section} component="section" aria-labelledby={`section-${section}`} padding="lg">
                    <Stack gap="sm">
                      <SectionHeading
                        section={section}
                        id={`section-${section}`}
                        count={group.filter((i) => i.included).length}
                      />
                      <Stack gap={0} component="ol" p={0} m={0} style={{ listStyle: 'none' }} className="cp-stack-list">
                        {group.map((item, index) => (
                          <ItemRow
                            key={item.id}
                            item={item}
                            editable={editable}
                            first={index === 0}
                            last={index === group.length - 1}
                            onToggle={(on) => items.mutate([{ id: item.id, included: on }])}
                            onMove={(by) => move(group, index, by)}
                          />
                        ))}
                      </Stack>
                    </Stack>
                  </Card>
                ))
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <div style={{ position: 'sticky', top: 80 }}>
              <PreviewPane slug={slug} id={roundup.id} version={version} />
            </div>
          </Grid.Col>
        </Grid>
      </Stack>

      <Modal opened={sendOpen} onClose={() => setSendOpen(false)} title="Send the round-up now?" centered>
        <Stack gap="md">
          <Text size="sm">
            “{subject.trim() || roundup.subject}” goes to <strong>{plural(roundup.audience, 'member')}</strong> —
            everyone active here with round-up mail on — each with their own copy. A sent round-up cannot be called
            back.
          </Text>
          {dirty && (
            <Text size="sm" c="dark.4">
              Your unsaved changes to the subject and introduction are saved first.
            </Text>
          )}
          <InlineError error={send.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setSendOpen(false)} data-autofocus>
              Cancel
            </Button>
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              loading={send.isPending}
              onClick={() => send.mutate()}
              disabled={roundup.audience === 0}
            >
              Send to {plural(roundup.audience, 'member')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <ScheduleModal
        opened={scheduleOpen}
        zone={zone}
        current={roundup.status === 'scheduled' ? roundup.scheduledFor : null}
        audience={roundup.audience}
        pending={schedule.isPending}
        error={schedule.error}
        onSchedule={(at) => schedule.mutate(at)}
        onClose={() => {
          setScheduleOpen(false);
          schedule.reset();
        }}
      />

      <ConfirmModal
        opened={deleteOpen}
        title="Delete this draft?"
        confirmLabel="Delete the draft"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleteOpen(false)}
      >
        Nobody has received it. You can draft a new one at any time.
      </ConfirmModal>

      <LeaveWithoutSavingModal blocker={blocker} />
    </>
  );
}

function SendingProgress({ roundup }: { roundup: Roundup }) {
  const total = roundup.recipientCount;
  const done = roundup.deliveredCount;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Card padding="lg" component="section" aria-labelledby="sending-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="sending-title">
          Sending
        </Title>
        <Progress value={percent} size="lg" radius="xl" striped animated aria-label="Delivered so far" />
        {/* Not a live region: it changes every two seconds. The progress bar says the same on demand. */}
        <Text size="sm" c="dark.5">
          {done.toLocaleString()} of {plural(total, 'member')} reached ({percent}%). You can leave this page: sending
          goes on.
        </Text>
      </Stack>
    </Card>
  );
}

function ItemRow({
  item,
  editable,
  first,
  last,
  onToggle,
  onMove,
}: {
  item: RoundupItem;
  editable: boolean;
  first: boolean;
  last: boolean;
  onToggle: (on: boolean) => void;
  onMove: (by: -1 | 1) => void;
}) {
  // Spans, not blocks: with a checkbox this sits inside its <label>.
  const body = (
    <>
      <Text
        component="span"
        display="block"
        size="sm"
        fw={600}
        c={item.included ? undefined : 'dark.4'}
        td={item.included ? undefined : 'line-through'}
        style={{ overflowWrap: 'anywhere' }}
      >
        {item.title}
      </Text>
      {itemFact(item) && (
        <Text component="span" display="block" size="xs" c="dark.5">
          {itemFact(item)}
        </Text>
      )}
      {item.summary && (
        <Text component="span" size="xs" c="dark.4" lineClamp={2} mt={2}>
          {item.summary}
        </Text>
      )}
    </>
  );
  return (
    <li style={{ padding: '10px 0' }}>
      <Group gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
        {editable ? (
          <Checkbox
            checked={item.included}
            onChange={(e) => onToggle(e.currentTarget.checked)}
            label={body}
            aria-label={`Include “${item.title}”`}
            styles={{ body: { alignItems: 'flex-start' }, labelWrapper: { minWidth: 0 } }}
            style={{ flex: 1, minWidth: 0 }}
          />
        ) : (
          <div style={{ flex: 1, minWidth: 0 }}>
            {body}
            {!item.included && (
              <Text size="xs" c="dark.4">
                Left out
              </Text>
            )}
          </div>
        )}
        {editable && (
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              id={`move-up-${item.id}`}
              variant="subtle"
              color="gray"
              c="dark.5"
              disabled={first}
              onClick={() => onMove(-1)}
              aria-label={`Move “${item.title}” up`}
            >
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon
              id={`move-down-${item.id}`}
              variant="subtle"
              color="gray"
              c="dark.5"
              disabled={last}
              onClick={() => onMove(1)}
              aria-label={`Move “${item.title}” down`}
            >
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
          </Group>
        )}
      </Group>
    </li>
  );
}
