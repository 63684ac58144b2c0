import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, isApiError, keys } from '../../api';
import { formatDate } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { limits } from '../../../common/limits';
import { Section } from './Section';

export function TokensSection() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const { data, error, isPending, refetch } = useQuery({ queryKey: keys.tokens, queryFn: api.tokens });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.tokens });
  const create = useMutation({
    mutationFn: api.createToken,
    onSuccess: (result) => {
      setCreated({ name: result.item.name, token: result.token });
      setName('');
      return refresh();
    },
  });
  const nameError = isApiError(create.error) && create.error.field ? create.error : null;
  const revoke = useMutation({
    mutationFn: api.revokeToken,
    onSuccess: () => {
      notifySuccess('Token revoked.');
      return refresh();
    },
    onError: notifyError,
  });

  return (
    <Section
      id="account-tokens"
      title="API tokens"
      description="Tokens let scripts and integrations use the API as you."
    >
      {created && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title={`Your new token “${created.name}”`}
          role="status"
        >
          <Stack gap="xs">
            <Text size="sm">Copy it now. For your safety it will not be shown again.</Text>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code block className="cp-token-box" style={{ flex: 1 }} aria-label="New API token">
                {created.token}
              </Code>
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    onClick={copy}
                    leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                  >
                    {copied ? 'Copied' : 'Copy token'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Button
              size="xs"
              variant="subtle"
              color="dark"
              onClick={() => setCreated(null)}
              style={{ alignSelf: 'flex-start' }}
            >
              I have stored it safely
            </Button>
          </Stack>
        </Alert>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate(name.trim());
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Token name"
            maxLength={limits.tokenName}
            placeholder="e.g. Weekly report script"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError ? nameError.message : undefined}
            style={{ flex: '1 1 240px' }}
          />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create token
          </Button>
        </Group>
      </form>
      <InlineError error={nameError ? null : create.error} />
      {isPending ? (
        <Loading label="Loading tokens" />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have no API tokens.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td ta="right">
                    {t.revokedAt ? (
                      <Badge color="gray">Revoked</Badge>
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={revoke.isPending && revoke.variables === t.id}
                        onClick={() => revoke.mutate(t.id)}
                        aria-label={`Revoke token ${t.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
