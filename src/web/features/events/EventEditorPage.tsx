import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Chip,
  Fieldset,
  Grid,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconLock, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type {
  CommunityDetail,
  EventDetail,
  EventHostRole,
  EventInput,
  EventKind,
  Person,
  PromotionMode,
  Weekday,
} from '../../../common/api-types';
import { limits, weekdays } from '../../../common/limits';
import { ApiError } from '../../api';
import { Empty } from '../../ui/Empty';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useBelow } from '../../ui/responsive';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { MarkdownEditor } from '../conversations/MarkdownEditor';
import { MemberSelect } from '../conversations/MemberSelect';
import { eventKeys, eventsApi } from './api';
import { EVENT_KIND_ORDER, EVENT_KINDS, sessionHref } from './kinds';
import {
  addMinutesLocal,
  allTimeZones,
  browserTimeZone,
  joinLocal,
  localNow,
  minutesBetween,
  splitLocal,
  weekdayOf,
  weekOfMonth,
  zoneLabel,
} from './time';

type Repeat = 'none' | 'weekly' | 'weeks' | 'monthly';

interface HostDraft {
  key: number;
  userId: string | null;
  person: Person | null;
  role: EventHostRole;
}

interface EditorValues {
  kind: EventKind;
  title: string;
  agenda: string;
  place: string;
  onlineUrl: string;
  timeZone: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  repeat: Repeat;
  interval: number | string;
  byWeekday: Weekday[];
  monthlyWeek: 'nth' | 'last';
  ends: 'until' | 'count';
  until: string;
  count: number | string;
  exceptions: string[];
  capacity: number | string;
  promotion: PromotionMode;
  offerHours: number | string;
  hosts: HostDraft[];
}

/** Where each field lives in the page, to focus the one the server refused. */
const FIELD_IDS: Record<string, string> = {
  kind: 'event-kind',
  title: 'event-title',
  agenda: 'event-agenda',
  place: 'event-place',
  onlineUrl: 'event-online-url',
  timeZone: 'event-time-zone',
  startDate: 'event-start-date',
  endDate: 'event-end-date',
  endTime: 'event-end-time',
  repeat: 'event-repeat',
  interval: 'event-interval',
  until: 'event-until',
  count: 'event-count',
  exceptions: 'event-exception',
  capacity: 'event-capacity',
  offerHours: 'event-offer-hours',
  hosts: 'event-hosts',
};

/** The API's field names, mapped to the form's. */
function formField(apiField: string): keyof EditorValues | null {
  const [root, sub] = apiField.split('.');
  switch (root) {
    case 'start':
      return 'startDate';
    case 'end':
      return 'endTime';
    case 'recurrence':
      if (sub === 'until') return 'until';
      if (sub === 'count') return 'count';
      if (sub === 'interval') return 'interval';
      return 'repeat';
    case 'kind':
    case 'title':
    case 'agenda':
    case 'place':
    case 'onlineUrl':
    case 'timeZone':
    case 'exceptions':
    case 'capacity':
    case 'offerHours':
    case 'hosts':
      return root;
    case 'promotion':
      return 'offerHours';
    default:
      return null;
  }
}

const WEEKDAY_LABELS: Record<Weekday, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};
const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINALS = ['', 'first', 'second', 'third', 'fourth'];
/** The form's parts (When, Repeat, Seats, Hosts) read as small headings. */
const LEGEND = { legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-md)', marginBottom: 8 } };

let hostKey = 0;
const newHost = (person: Person | null, role: EventHostRole = 'host'): HostDraft => ({
  key: ++hostKey,
  userId: person?.id ?? null,
  person,
  role,
});

export function NewEventPage() {
  const community = useCommunityContext();
  const user = useCurrentUser();
  useDocumentTitle(`New event · ${community.name}`);
  if (!community.abilities.organiseEvents) {
    return (
      <Empty
        icon={<IconLock size={28} />}
        title="Only organisers plan events here"
        action={
          <Button component={Link} to={`/c/${community.slug}/events`}>
            See the events
          </Button>
        }
      >
        {user
          ? `In ${community.name}, the core group and coordinators plan events. Suggest one in the conversations!`
          : `Sign in to take part in ${community.name}’s events.`}
      </Empty>
    );
  }
  return <EventEditor community={community} me={user ? { id: user.id, name: user.name, handle: user.handle } : null} />;
}

export function EditEventPage() {
  const community = useCommunityContext();
  const { eventId = '' } = useParams();
  const query = useQuery({
    queryKey: eventKeys.event(community.slug, eventId),
    queryFn: () => eventsApi.event(community.slug, eventId),
  });
  useDocumentTitle(`Edit ${query.data?.title ?? 'event'} · ${community.name}`);
  if (query.isPending) return <Loading label="Loading the event" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data.abilities.edit) return <NotFound />;
  return <EventEditor key={query.data.id} community={community} me={null} event={query.data} />;
}

function initialValues(event: EventDetail | undefined, me: Person | null): EditorValues {
  if (event) {
    const start = splitLocal(event.start);
    const end = splitLocal(event.end);
    const r = event.recurrence;
    return {
      kind: event.kind,
      title: event.title,
      agenda: event.agenda,
      place: event.place ?? '',
      onlineUrl: event.onlineUrl ?? '',
      timeZone: event.timeZone,
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
      repeat: !r ? 'none' : r.freq === 'monthly' ? 'monthly' : r.interval > 1 ? 'weeks' : 'weekly',
      interval: r?.interval ?? 2,
      byWeekday: r?.byWeekday.length ? r.byWeekday : [weekdayOf(start.date)],
      monthlyWeek: r?.monthlyWeek === -1 ? 'last' : 'nth',
      ends: r?.count ? 'count' : 'until',
      until: r?.until ?? '',
      count: r?.count ?? 6,
      exceptions: event.exceptions,
      capacity: event.capacity ?? '',
      promotion: event.promotion,
      offerHours: event.offerHours,
      hosts: event.hosts.map((h) => newHost(h.user, h.role)),
    };
  }
  const zone = browserTimeZone();
  const day = localNow(zone, 7).date;
  return {
    kind: 'meetup',
    title: '',
    agenda: '',
    place: '',
    onlineUrl: '',
    timeZone: zone,
    startDate: day,
    startTime: '18:00',
    endDate: day,
    endTime: '19:30',
    repeat: 'none',
    interval: 2,
    byWeekday: [weekdayOf(day)],
    monthlyWeek: 'nth',
    ends: 'count',
    until: '',
    count: 6,
    exceptions: [],
    capacity: '',
    promotion: 'automatic',
    offerHours: 24,
    hosts: me ? [newHost(me)] : [newHost(null)],
  };
}

function toNumber(v: number | string): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function toInput(values: EditorValues): EventInput {
  let recurrence: EventInput['recurrence'] = null;
  if (values.repeat !== 'none') {
    const ends =
      values.ends === 'count' ? { count: toNumber(values.count), until: null } : { until: values.until, count: null };
    const { nth, last } = weekOfMonth(values.startDate);
    recurrence =
      values.repeat === 'monthly'
        ? {
            freq: 'monthly',
            interval: 1,
            byWeekday: [],
            monthlyWeek: values.monthlyWeek === 'last' && last ? -1 : Math.min(nth, 4),
            ...ends,
          }
        : {
            freq: 'weekly',
            interval: values.repeat === 'weeks' ? (toNumber(values.interval) ?? 2) : 1,
            byWeekday: values.byWeekday,
            monthlyWeek: null,
            ...ends,
          };
  }
  return {
    kind: values.kind,
    title: values.title.trim(),
    agenda: values.agenda,
    place: values.place.trim() || null,
    onlineUrl: values.onlineUrl.trim() || null,
    timeZone: values.timeZone,
    start: joinLocal(values.startDate, values.startTime),
    end: joinLocal(values.endDate, values.endTime),
    recurrence: recurrence as EventInput['recurrence'],
    exceptions: values.repeat === 'none' ? [] : values.exceptions,
    capacity: toNumber(values.capacity),
    promotion: values.promotion,
    offerHours: toNumber(values.offerHours) ?? 24,
    hosts: values.hosts.filter((h) => h.userId).map((h) => ({ userId: h.userId!, role: h.role })),
  };
}

/** Where to go once saved: the next session still to come, else the first. */
function landing(event: EventDetail) {
  const now = Date.now();
  return (
    event.occurrences.find((o) => Date.parse(o.endsAt) > now && o.status === 'scheduled') ??
    event.occurrences.find((o) => Date.parse(o.endsAt) > now) ??
    event.occurrences[0]
  );
}

function EventEditor({ community, me, event }: { community: CommunityDetail; me: Person | null; event?: EventDetail }) {
  const slug = community.slug;
  const editing = Boolean(event);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const compact = useBelow('sm');
  const done = useRef(false);
  const [formError, setFormError] = useState<unknown>(null);
  const [exceptionDraft, setExceptionDraft] = useState('');
  const zones = useMemo(() => allTimeZones().map((z) => ({ value: z, label: zoneLabel(z) })), []);

  const form = useForm<EditorValues>({
    initialValues: initialValues(event, me),
    validate: {
      title: (v) => (v.trim() ? null : 'Give the event a title'),
      startDate: (v, values) => (v && values.startTime ? null : 'Pick the day and time it starts'),
      endTime: (v, values) =>
        !v || !values.endDate
          ? 'Pick when it ends'
          : minutesBetween(joinLocal(values.startDate, values.startTime), joinLocal(values.endDate, v)) <= 0
            ? 'It must end after it starts'
            : null,
      onlineUrl: (v) => (!v.trim() || /^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Use a link starting with https://'),
      until: (v, values) =>
        values.repeat !== 'none' && values.ends === 'until' && !v ? 'Pick the last day of the series' : null,
      count: (v, values) =>
        values.repeat !== 'none' && values.ends === 'count' && !(toNumber(v) && toNumber(v)! >= 1)
          ? 'How many sessions?'
          : null,
      hosts: (v) => (v.some((h) => h.userId) ? null : 'Pick at least one host'),
    },
  });
  const blocker = useUnsavedChangesGuard(() => !done.current && form.isDirty());
  const v = form.values;

  const focusField = (field: string) => {
    const id = FIELD_IDS[field];
    if (id) window.requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  const save = useMutation({
    mutationFn: (values: EditorValues) => {
      const input = toInput(values);
      return event ? eventsApi.update(slug, event.id, input) : eventsApi.create(slug, input);
    },
    onSuccess: async (saved) => {
      done.current = true;
      queryClient.setQueryData(eventKeys.event(slug, saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: eventKeys.all(slug) });
      notifySuccess(
        editing ? 'The series is updated. People going to a changed session are told.' : 'The event is planned.',
      );
      const next = landing(saved);
      navigate(next ? sessionHref(slug, next) : `/c/${slug}/events`);
    },
    onError: (error) => {
      const field = error instanceof ApiError && error.field ? formField(error.field) : null;
      if (field) {
        form.setFieldError(field, (error as ApiError).message);
        focusField(field);
      } else setFormError(error);
    },
  });

  const submit = form.onSubmit(
    (values) => {
      setFormError(null);
      save.mutate(values);
    },
    (errors) => {
      const first = Object.keys(FIELD_IDS).find((f) => errors[f]);
      if (first) focusField(first);
    },
  );

  // Moving the start keeps the length of the session, as calendar apps do.
  const setStart = (date: string, time: string) => {
    const length = minutesBetween(joinLocal(v.startDate, v.startTime), joinLocal(v.endDate, v.endTime));
    form.setFieldValue('startDate', date);
    form.setFieldValue('startTime', time);
    if (date && time && length > 0) {
      const end = splitLocal(addMinutesLocal(joinLocal(date, time), length));
      form.setFieldValue('endDate', end.date);
      form.setFieldValue('endTime', end.time);
    }
    if (date && v.byWeekday.length <= 1) form.setFieldValue('byWeekday', [weekdayOf(date)]);
  };

  const { nth, last } = v.startDate ? weekOfMonth(v.startDate) : { nth: 1, last: false };
  const startDay = v.startDate ? WEEKDAY_NAMES[weekdayOf(v.startDate)] : 'weekday';
  const back = event ? `/c/${slug}/events/${event.id}` : `/c/${slug}/events`;
  const title = editing ? 'Edit the series' : 'Plan an event';

  const addException = () => {
    if (!exceptionDraft || v.exceptions.includes(exceptionDraft)) return;
    form.setFieldValue('exceptions', [...v.exceptions, exceptionDraft].sort());
    setExceptionDraft('');
  };

  return (
    <>
      <Anchor component={Link} to={back} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> {event ? 'Back to the event' : 'Events'}
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title={title}
        description={
          editing
            ? 'Changes apply to every session still to come. A session moved on its own keeps its time; people going to a changed session are told.'
            : `Plan a session or a series for ${community.name}. Members answer per session.`
        }
      />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card padding={compact ? 'md' : 'xl'}>
            <form noValidate onSubmit={submit} aria-label={title}>
              <Stack gap="lg">
                <InlineError error={formError} />
                <Radio.Group
                  id={FIELD_IDS.kind}
                  label="What kind of event?"
                  value={v.kind}
                  onChange={(k) => form.setFieldValue('kind', k as EventKind)}
                  error={form.errors.kind}
                  required
                >
                  <SimpleGrid cols={{ base: 2, xs: 3, md: 4 }} spacing={8} mt={8}>
                    {EVENT_KIND_ORDER.map((k) => {
                      const meta = EVENT_KINDS[k];
                      const Icon = meta.icon;
                      return (
                        <Radio.Card
                          key={k}
                          value={k}
                          radius="md"
                          p={8}
                          className="cp-kind-card"
                          title={meta.description}
                        >
                          <Group gap={8} wrap="nowrap">
                            <Icon
                              size={18}
                              aria-hidden
                              color={`var(--mantine-color-${meta.color}-8)`}
                              style={{ flexShrink: 0 }}
                            />
                            <Text size="sm" fw={600} lh={1.2}>
                              {meta.label}
                            </Text>
                          </Group>
                        </Radio.Card>
                      );
                    })}
                  </SimpleGrid>
                  <Text size="sm" c="dimmed" mt={6} aria-live="polite">
                    {EVENT_KINDS[v.kind].description}
                    {v.kind === 'ama' && !editing ? ' A post collecting questions opens in the conversations.' : ''}
                  </Text>
                </Radio.Group>
                <TextInput
                  id={FIELD_IDS.title}
                  label="Title"
                  required
                  maxLength={limits.eventTitle}
                  placeholder="e.g. Field methods workshop"
                  {...form.getInputProps('title')}
                />
                <MarkdownEditor
                  id={FIELD_IDS.agenda}
                  slug={slug}
                  label="Agenda"
                  maxLength={limits.eventAgenda}
                  minRows={compact ? 4 : 6}
                  value={v.agenda}
                  onChange={(value) => form.setFieldValue('agenda', value)}
                  error={form.errors.agenda}
                  placeholder="What will happen, what to bring, who it is for."
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <TextInput
                    id={FIELD_IDS.place}
                    label="Place"
                    description="An address or a room; leave empty for online only."
                    maxLength={limits.eventPlace}
                    {...form.getInputProps('place')}
                  />
                  <TextInput
                    id={FIELD_IDS.onlineUrl}
                    type="url"
                    label="Online link"
                    description="Only members see it."
                    placeholder="https://"
                    maxLength={limits.url}
                    {...form.getInputProps('onlineUrl')}
                  />
                </SimpleGrid>

                <Fieldset legend="When" variant="unstyled" styles={LEGEND}>
                  <Stack gap="md">
                    <Select
                      id={FIELD_IDS.timeZone}
                      label="Time zone"
                      description="The organiser’s zone: the times below are in it, and a weekly session keeps its hour across daylight-saving changes. Everyone sees times in their own zone."
                      data={zones}
                      searchable
                      required
                      allowDeselect={false}
                      nothingFoundMessage="No such time zone"
                      limit={60}
                      comboboxProps={{ withinPortal: true }}
                      value={v.timeZone}
                      onChange={(zone) => zone && form.setFieldValue('timeZone', zone)}
                      error={form.errors.timeZone}
                    />
                    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
                      <TextInput
                        id={FIELD_IDS.startDate}
                        type="date"
                        label="Starts on"
                        required
                        value={v.startDate}
                        onChange={(e) => setStart(e.currentTarget.value, v.startTime)}
                        error={form.errors.startDate}
                      />
                      <TextInput
                        type="time"
                        label="at"
                        required
                        value={v.startTime}
                        onChange={(e) => setStart(v.startDate, e.currentTarget.value)}
                      />
                      <TextInput
                        id={FIELD_IDS.endDate}
                        type="date"
                        label="Ends on"
                        required
                        {...form.getInputProps('endDate')}
                      />
                      <TextInput
                        id={FIELD_IDS.endTime}
                        type="time"
                        label="at"
                        required
                        {...form.getInputProps('endTime')}
                      />
                    </SimpleGrid>
                  </Stack>
                </Fieldset>

                <Fieldset legend="Repeat" variant="unstyled" styles={LEGEND}>
                  <Stack gap="md">
                    <NativeSelect
                      id={FIELD_IDS.repeat}
                      label="Repeats"
                      data={[
                        { value: 'none', label: 'Does not repeat' },
                        { value: 'weekly', label: 'Every week' },
                        { value: 'weeks', label: 'Every few weeks' },
                        { value: 'monthly', label: 'Every month, on the same weekday' },
                      ]}
                      value={v.repeat}
                      onChange={(e) => form.setFieldValue('repeat', e.currentTarget.value as Repeat)}
                      error={form.errors.repeat}
                    />
                    {v.repeat === 'weeks' && (
                      <NumberInput
                        id={FIELD_IDS.interval}
                        label="Every how many weeks"
                        min={2}
                        max={52}
                        allowDecimal={false}
                        w={200}
                        {...form.getInputProps('interval')}
                      />
                    )}
                    {(v.repeat === 'weekly' || v.repeat === 'weeks') && (
                      <Stack gap={6}>
                        <Text size="sm" fw={500} id="event-weekdays">
                          On
                        </Text>
                        <Chip.Group
                          multiple
                          value={v.byWeekday}
                          onChange={(days) =>
                            form.setFieldValue(
                              'byWeekday',
                              weekdays.filter((d) => days.includes(d)),
                            )
                          }
                        >
                          <Group gap={6} role="group" aria-labelledby="event-weekdays">
                            {weekdays.map((d) => (
                              <Chip key={d} value={d} size="sm" variant="outline" aria-label={WEEKDAY_NAMES[d]}>
                                {WEEKDAY_LABELS[d]}
                              </Chip>
                            ))}
                          </Group>
                        </Chip.Group>
                      </Stack>
                    )}
                    {v.repeat === 'monthly' && (
                      <Radio.Group
                        label="Which week"
                        value={v.monthlyWeek}
                        onChange={(w) => form.setFieldValue('monthlyWeek', w as 'nth' | 'last')}
                      >
                        <Group gap="md" mt={6}>
                          <Radio value="nth" label={`The ${ORDINALS[Math.min(nth, 4)]} ${startDay} of each month`} />
                          {last && <Radio value="last" label={`The last ${startDay} of each month`} />}
                        </Group>
                      </Radio.Group>
                    )}
                    {v.repeat !== 'none' && (
                      <>
                        <Radio.Group
                          label="Ends"
                          value={v.ends}
                          onChange={(e) => form.setFieldValue('ends', e as 'until' | 'count')}
                        >
                          <Group gap="md" mt={6}>
                            <Radio value="count" label="After a number of sessions" />
                            <Radio value="until" label="On a date" />
                          </Group>
                        </Radio.Group>
                        {v.ends === 'count' ? (
                          <NumberInput
                            id={FIELD_IDS.count}
                            label="Number of sessions"
                            min={1}
                            max={limits.eventOccurrences}
                            allowDecimal={false}
                            w={200}
                            {...form.getInputProps('count')}
                          />
                        ) : (
                          <TextInput
                            id={FIELD_IDS.until}
                            type="date"
                            label="Last day of the series"
                            w={220}
                            {...form.getInputProps('until')}
                          />
                        )}
                        <Stack gap={6}>
                          <Group gap="sm" align="flex-end">
                            <TextInput
                              id={FIELD_IDS.exceptions}
                              type="date"
                              label="Skip a date"
                              description="A holiday, say: no session that day."
                              value={exceptionDraft}
                              onChange={(e) => setExceptionDraft(e.currentTarget.value)}
                              error={form.errors.exceptions}
                              w={220}
                            />
                            <Button variant="default" onClick={addException} disabled={!exceptionDraft}>
                              Skip this date
                            </Button>
                          </Group>
                          {v.exceptions.length > 0 && (
                            <Group
                              gap={6}
                              component="ul"
                              p={0}
                              m={0}
                              style={{ listStyle: 'none' }}
                              aria-label="Skipped dates"
                            >
                              {v.exceptions.map((d) => (
                                <Group component="li" key={d} gap={2} className="cp-legend-item" wrap="nowrap">
                                  <Text size="sm">{d}</Text>
                                  <ActionIcon
                                    size="sm"
                                    variant="subtle"
                                    color="dark"
                                    aria-label={`Do not skip ${d}`}
                                    onClick={() =>
                                      form.setFieldValue(
                                        'exceptions',
                                        v.exceptions.filter((x) => x !== d),
                                      )
                                    }
                                  >
                                    <IconX size={14} aria-hidden />
                                  </ActionIcon>
                                </Group>
                              ))}
                            </Group>
                          )}
                        </Stack>
                      </>
                    )}
                  </Stack>
                </Fieldset>

                <Fieldset legend="Seats" variant="unstyled" styles={LEGEND}>
                  <Stack gap="md">
                    <NumberInput
                      id={FIELD_IDS.capacity}
                      label="Seats per session"
                      description="Leave empty for no limit. When it is full, members join an ordered waitlist."
                      min={0}
                      max={limits.eventCapacity}
                      allowDecimal={false}
                      allowNegative={false}
                      w={compact ? '100%' : 260}
                      {...form.getInputProps('capacity')}
                    />
                    <Radio.Group
                      label="When a seat frees up"
                      value={v.promotion}
                      onChange={(p) => form.setFieldValue('promotion', p as PromotionMode)}
                    >
                      <Stack gap={8} mt={6}>
                        <Radio value="automatic" label="Give it to the first on the waitlist, and tell them" />
                        <Radio
                          value="offer"
                          label="Close to the start, offer it to the whole waitlist by email: the first to take it has it"
                        />
                      </Stack>
                    </Radio.Group>
                    {v.promotion === 'offer' && (
                      <NumberInput
                        id={FIELD_IDS.offerHours}
                        label="Offer by email in the last … hours before a session"
                        min={1}
                        max={168}
                        allowDecimal={false}
                        w={compact ? '100%' : 360}
                        {...form.getInputProps('offerHours')}
                      />
                    )}
                  </Stack>
                </Fieldset>

                <Fieldset legend="Hosts" variant="unstyled" styles={LEGEND} id={FIELD_IDS.hosts} tabIndex={-1}>
                  <Stack gap="sm">
                    {v.hosts.map((h, i) => (
                      <Group key={h.key} gap="sm" align="flex-end" wrap={compact ? 'wrap' : 'nowrap'}>
                        <MemberSelect
                          slug={slug}
                          label={`Host ${i + 1}`}
                          value={h.userId}
                          initial={h.person}
                          onChange={(userId, person) =>
                            form.setFieldValue(
                              'hosts',
                              v.hosts.map((x) => (x.key === h.key ? { ...x, userId, person } : x)),
                            )
                          }
                          style={{ flex: '1 1 240px' }}
                        />
                        <NativeSelect
                          label="As"
                          aria-label={`Host ${i + 1}: role`}
                          data={[
                            { value: 'host', label: 'Host' },
                            { value: 'speaker', label: 'Speaker' },
                          ]}
                          value={h.role}
                          onChange={(e) =>
                            form.setFieldValue(
                              'hosts',
                              v.hosts.map((x) =>
                                x.key === h.key ? { ...x, role: e.currentTarget.value as EventHostRole } : x,
                              ),
                            )
                          }
                          w={130}
                        />
                        <ActionIcon
                          size={36}
                          variant="subtle"
                          color="red"
                          c="red.9"
                          aria-label={`Remove host ${i + 1}`}
                          disabled={v.hosts.length === 1}
                          onClick={() =>
                            form.setFieldValue(
                              'hosts',
                              v.hosts.filter((x) => x.key !== h.key),
                            )
                          }
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    ))}
                    {form.errors.hosts && (
                      <Text size="sm" c="red.8" role="alert">
                        {form.errors.hosts}
                      </Text>
                    )}
                    {v.hosts.length < limits.eventHosts && (
                      <Button
                        variant="subtle"
                        leftSection={<IconPlus size={16} aria-hidden />}
                        onClick={() => form.setFieldValue('hosts', [...v.hosts, newHost(null)])}
                        style={{ alignSelf: 'flex-start' }}
                      >
                        Add a host or speaker
                      </Button>
                    )}
                  </Stack>
                </Fieldset>

                <Group justify="flex-end" gap="sm">
                  <Button variant="default" component={Link} to={back}>
                    Cancel
                  </Button>
                  <Button type="submit" loading={save.isPending}>
                    {editing ? 'Save the series' : 'Create event'}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md">
          <Tips editing={editing} />
        </Grid.Col>
      </Grid>
      <LeaveWithoutSavingModal blocker={blocker} />
    </>
  );
}

function Tips({ editing }: { editing: boolean }) {
  return (
    <Card padding="lg" component="aside" aria-labelledby="event-tips">
      <Stack gap="sm">
        <Title order={3} size="h5" id="event-tips">
          {editing ? 'Changing a series' : 'Good events'}
        </Title>
        {editing ? (
          <Alert color="lagoon" variant="light" p="sm">
            <Text size="sm">
              To change one session only (a different room, a later start), use “Edit this session” on its page instead.
            </Text>
          </Alert>
        ) : null}
        <List size="sm" spacing={6}>
          <List.Item>Say who it is for and what people leave with.</List.Item>
          <List.Item>Members answer each session on its own: going once signs nobody up for the rest.</List.Item>
          <List.Item>With a seat limit, a full session keeps an ordered waitlist; freed seats go to it.</List.Item>
          <List.Item>Afterwards, add notes and outcomes: curators can turn them into the repertoire.</List.Item>
        </List>
      </Stack>
    </Card>
  );
}
