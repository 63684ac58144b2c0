import { Badge, Card, Container, Grid, Group, ScrollArea, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { OutboxItem } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDateTime } from '../../ui/format';
import { Linkified } from '../../ui/Linkified';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';

export function OutboxPage() {
  const { mailId } = useParams();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.outbox,
    queryFn: api.outbox,
    refetchInterval: 10_000,
  });

  return (
    <Container size="lg" py="xl">
      <PageHeader
        title="Outbox"
        description="Mail this instance kept or sent. Without SMTP, open sign-in links from here."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding={0}>
            {isPending ? (
              <Loading label="Loading mail" />
            ) : error ? (
              <ErrorState error={error} onRetry={() => void refetch()} />
            ) : data.items.length === 0 ? (
              <Text c="dimmed" p="lg">
                No mail yet.
              </Text>
            ) : (
              <ScrollArea.Autosize mah={640}>
                <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Mail">
                  {data.items.map((m) => (
                    <MailRow key={m.id} mail={m} selected={m.id === mailId} />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>{mailId ? <MailView id={mailId} /> : <EmptyReader />}</Grid.Col>
      </Grid>
    </Container>
  );
}

function MailRow({ mail, selected }: { mail: OutboxItem; selected: boolean }) {
  return (
    <li style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <UnstyledButton
        component={Link}
        to={`/admin/outbox/${mail.id}`}
        aria-current={selected ? 'true' : undefined}
        display="block"
        p="md"
        w="100%"
        bg={selected ? 'lagoon.0' : undefined}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Text size="sm" fw={600} lineClamp={2} style={{ flex: 1, minWidth: 0 }}>
            {mail.subject}
          </Text>
          <Badge color={mail.status === 'sent' ? 'lagoon' : mail.status === 'failed' ? 'red' : 'gray'} size="sm">
            {mail.status}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          To {mail.to} · {mail.kind} · {formatDateTime(mail.createdAt)}
        </Text>
      </UnstyledButton>
    </li>
  );
}

function EmptyReader() {
  return (
    <Card>
      <Stack align="center" py="xl" gap="xs">
        <IconMail size={36} stroke={1.4} color="var(--mantine-color-gray-5)" aria-hidden />
        <Text c="dimmed">Choose a message to read it.</Text>
      </Stack>
    </Card>
  );
}

function MailView({ id }: { id: string }) {
  const { data, error, isPending } = useQuery({ queryKey: keys.outboxMail(id), queryFn: () => api.outboxMail(id) });
  if (isPending) return <Loading label="Opening message" />;
  if (error) return <ErrorState error={error} />;
  return (
    <Card component="article" aria-labelledby="mail-subject">
      <Stack gap="sm">
        <Title order={2} size="h4" id="mail-subject">
          {data.subject}
        </Title>
        <Text size="sm" c="dimmed">
          To {data.to} · {formatDateTime(data.createdAt)} · {data.kind} · {data.status}
        </Text>
        <pre className="cp-mail-body">
          <Linkified text={data.text} />
        </pre>
      </Stack>
    </Card>
  );
}
