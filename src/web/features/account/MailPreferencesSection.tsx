import { Divider, Group, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EmailNotificationKind,
  MailCadence,
  MailPreferences,
  MailPreferencesPatch,
} from '../../../common/api-types';
import { emailNotificationKinds } from '../../../common/limits';
import { request } from '../../api';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { Section } from './Section';

export const mailPreferencesApi = {
  get: () => request<MailPreferences>('GET', '/me/mail-preferences'),
  update: (patch: MailPreferencesPatch) => request<MailPreferences>('PATCH', '/me/mail-preferences', patch),
};

export const mailPreferencesKey = ['account', 'mail-preferences'] as const;

/** Each kind of notification mail, in plain words. */
const KINDS: Record<EmailNotificationKind, { label: string; description: string }> = {
  mention: { label: 'Mentions', description: 'Someone writes @you in a post or reply.' },
  reply: { label: 'Replies', description: 'Replies to your posts and to posts you follow.' },
  accepted: { label: 'Accepted answers', description: 'Your answer to a question is marked as the answer.' },
  event_reminder: {
    label: 'Event reminders',
    description: 'A day and an hour before a session you are going to. These can’t wait for a daily summary.',
  },
  event_change: { label: 'Event changes', description: 'A session you are going to is moved or cancelled.' },
  following: {
    label: 'Tags and people you follow',
    description: 'New posts in tags you follow or by people you follow.',
  },
  repertoire: { label: 'Repertoire', description: 'You are credited in a resource, or your proposal is published.' },
  roundup_draft: {
    label: 'Round-up drafts',
    description: 'For coordinators: this week’s round-up is drafted and waits for you to send it.',
  },
  survey: { label: 'Surveys', description: 'A community you belong to asks you to answer a survey.' },
  health_check: {
    label: 'Health check',
    description: 'For coordinators: the weekly health check found something new to look at.',
  },
};

const KIND_ORDER = Object.keys(emailNotificationKinds) as EmailNotificationKind[];

const CADENCES: { value: MailCadence; label: string }[] = [
  { value: 'immediate', label: 'Right away' },
  { value: 'daily', label: 'Daily summary' },
  { value: 'off', label: 'Off' },
];

/** Which mail this person gets: per kind of notification, the catch-up, and each community's round-up. */
export function MailPreferencesSection() {
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: mailPreferencesKey, queryFn: mailPreferencesApi.get });
  const update = useMutation({
    mutationFn: mailPreferencesApi.update,
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: mailPreferencesKey });
      const before = queryClient.getQueryData<MailPreferences>(mailPreferencesKey);
      if (before) queryClient.setQueryData(mailPreferencesKey, applyPatch(before, patch));
      return { before };
    },
    onError: (error, _patch, context) => {
      if (context?.before) queryClient.setQueryData(mailPreferencesKey, context.before);
      notifyError(error);
    },
    onSuccess: (next) => {
      queryClient.setQueryData(mailPreferencesKey, next);
      notifySuccess('Mail preferences saved.');
    },
  });

  return (
    <Section
      id="mail-preferences"
      title="Mail"
      description="What we send to your inbox. Everything also shows under Notifications here; a daily summary gathers a day’s notifications into one mail."
    >
      {prefs.isPending ? (
        <Loading label="Loading your mail preferences" />
      ) : prefs.error ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <Stack gap="lg">
          <Stack gap="md">
            <Title order={3} size="h5">
              Notifications by mail
            </Title>
            {KIND_ORDER.map((kind) => {
              const meta = KINDS[kind];
              const labelId = `mail-kind-${kind}`;
              const descriptionId = `${labelId}-description`;
              // Reminders are about a time: a summary the next day would come too late.
              const choices = kind === 'event_reminder' ? CADENCES.filter((c) => c.value !== 'daily') : CADENCES;
              return (
                <Group key={kind} justify="space-between" align="center" gap="sm" wrap="wrap">
                  <Stack gap={0} style={{ flex: '1 1 240px', minWidth: 0 }}>
                    <Text size="sm" fw={600} id={labelId}>
                      {meta.label}
                    </Text>
                    <Text size="xs" c="dark.4" id={descriptionId}>
                      {meta.description}
                    </Text>
                  </Stack>
                  <SegmentedControl
                    aria-labelledby={labelId}
                    aria-describedby={descriptionId}
                    size="xs"
                    value={prefs.data.kinds[kind] ?? emailNotificationKinds[kind].default}
                    onChange={(value) => update.mutate({ kinds: { [kind]: value as MailCadence } })}
                    data={choices}
                  />
                </Group>
              );
            })}
          </Stack>
          <Divider />
          <Switch
            size="md"
            label="“While you were away” mail"
            description="When you come back from a break, or after a month without a visit, a mail with the highlights you missed."
            checked={prefs.data.catchUpEmail}
            onChange={(e) => update.mutate({ catchUpEmail: e.currentTarget.checked })}
          />
          <Divider />
          <Stack gap="sm">
            <Stack gap={2}>
              <Title order={3} size="h5">
                Weekly round-ups
              </Title>
              <Text size="xs" c="dark.4">
                A weekly mail per community with new answers, resources, events and wins, your interests first.
              </Text>
            </Stack>
            {prefs.data.roundups.length === 0 ? (
              <Text size="sm" c="dimmed">
                Join a community to get its round-up.
              </Text>
            ) : (
              prefs.data.roundups.map((r) => (
                <Switch
                  key={r.communitySlug}
                  label={r.communityName}
                  checked={r.enabled}
                  onChange={(e) =>
                    update.mutate({ roundups: [{ communitySlug: r.communitySlug, enabled: e.currentTarget.checked }] })
                  }
                />
              ))
            )}
          </Stack>
        </Stack>
      )}
    </Section>
  );
}

function applyPatch(prefs: MailPreferences, patch: MailPreferencesPatch): MailPreferences {
  const roundups = new Map((patch.roundups ?? []).map((r) => [r.communitySlug, r.enabled]));
  return {
    kinds: { ...prefs.kinds, ...patch.kinds } as MailPreferences['kinds'],
    catchUpEmail: patch.catchUpEmail ?? prefs.catchUpEmail,
    roundups: prefs.roundups.map((r) => ({ ...r, enabled: roundups.get(r.communitySlug) ?? r.enabled })),
  };
}
