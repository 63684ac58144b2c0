import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconMailCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { EmailNotificationKind } from '../../../common/api-types';
import { isApiError, request } from '../../api';
import { NotFound } from '../../ui/NotFound';
import { errorMessage } from '../../ui/notify';
import { InlineError, Loading } from '../../ui/PageState';
import { useCurrentUser } from '../auth/session';
import { AuthCard } from '../auth/AuthCard';

type RoundupTarget = { communityName: string; email: string; alreadyUnsubscribed: boolean };
type MailTarget = { kind: EmailNotificationKind; email: string; alreadyUnsubscribed: boolean };

const enc = encodeURIComponent;

const unsubscribeApi = {
  roundup: (token: string) => request<RoundupTarget>('GET', `/unsubscribe/roundup/${enc(token)}`),
  mail: (token: string) => request<MailTarget>('GET', `/unsubscribe/mail/${enc(token)}`),
  confirm: (what: 'roundup' | 'mail', token: string) => request<unknown>('POST', `/unsubscribe/${what}/${enc(token)}`),
};

/** A kind of notification mail as the page names it: "mail about mentions". */
const KIND_PHRASE: Record<EmailNotificationKind, string> = {
  mention: 'mail when someone mentions you',
  reply: 'mail about replies to your posts and posts you follow',
  accepted: 'mail when your answer is accepted',
  event_reminder: 'event reminders by mail',
  event_change: 'mail when a session you are going to changes',
  following: 'mail about tags and people you follow',
  repertoire: 'mail about the repertoire (credits and published proposals)',
  roundup_draft: 'mail when a round-up draft is ready',
  survey: 'mail asking you to answer surveys',
  health_check: 'mail about what the weekly health check finds',
};

/**
 * Where the "Unsubscribe" link of a mail leads. Opening it changes nothing (mail scanners open
 * links): it says what stops, and the button does it. No sign-in needed; the link is the proof.
 */
export function UnsubscribePage() {
  const { what = '', token = '' } = useParams();
  if (what !== 'roundup' && what !== 'mail') return <NotFound />;
  return <Unsubscribe what={what} token={token} />;
}

function Unsubscribe({ what, token }: { what: 'roundup' | 'mail'; token: string }) {
  useDocumentTitle('Unsubscribe · Commonplace');
  const user = useCurrentUser();
  const target = useQuery<RoundupTarget | MailTarget>({
    queryKey: ['unsubscribe', what, token],
    queryFn: () => (what === 'roundup' ? unsubscribeApi.roundup(token) : unsubscribeApi.mail(token)),
    retry: false,
    staleTime: Infinity,
  });
  const confirm = useMutation({ mutationFn: () => unsubscribeApi.confirm(what, token) });

  const settings = user ? (
    <>
      Change any mail choice in your{' '}
      <Anchor component={Link} to="/account" inherit>
        account settings
      </Anchor>
      .
    </>
  ) : (
    <>
      To change other mail choices,{' '}
      <Anchor component={Link} to={`/signin?next=${encodeURIComponent('/account')}`} inherit>
        sign in
      </Anchor>{' '}
      and open your account settings.
    </>
  );

  if (target.isPending) return <Loading label="Checking the link" />;

  if (target.error) {
    const broken = isApiError(target.error) && [400, 404, 410].includes(target.error.status);
    return (
      <AuthCard title="Unsubscribe" footer={settings}>
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="This link does not work"
          role="alert"
        >
          {broken
            ? 'It may be incomplete — some mail programs cut long links. Try the link in a newer mail, or change your mail choices in your account settings.'
            : errorMessage(target.error)}
        </Alert>
      </AuthCard>
    );
  }

  const data = target.data;
  const thing =
    'communityName' in data ? (
      <>
        the weekly round-up of <strong>{data.communityName}</strong>
      </>
    ) : (
      <>{KIND_PHRASE[data.kind] ?? 'this kind of mail'}</>
    );
  const done = confirm.isSuccess || data.alreadyUnsubscribed;

  return (
    <AuthCard title={done ? 'You are unsubscribed' : 'Unsubscribe?'} footer={settings}>
      {done ? (
        <Stack gap="sm" role="status" aria-live="polite">
          <Alert color="lagoon" variant="light" icon={<IconMailCheck aria-hidden />}>
            <Text size="sm">
              {confirm.isSuccess ? 'Done. ' : 'This was already done. '}
              <strong>{data.email}</strong> no longer gets {thing}.
            </Text>
          </Alert>
          <Text size="sm" c="dark.5">
            Unsubscribed by mistake? You can turn it back on in your account settings at any time.
          </Text>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text>
            Stop sending {thing} to <strong style={{ overflowWrap: 'anywhere' }}>{data.email}</strong>?
          </Text>
          <Text size="sm" c="dark.5">
            Nothing else changes: your account and any other mail stay as they are.
          </Text>
          <InlineError error={confirm.error} />
          <Button size="md" loading={confirm.isPending} onClick={() => confirm.mutate()}>
            Unsubscribe
          </Button>
        </Stack>
      )}
    </AuthCard>
  );
}
