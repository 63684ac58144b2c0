import { Anchor, Badge, Button, Card, Flex, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconX } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { FindingPerson, FindingSeverity, HealthFinding } from '../../../common/api-types';
import { TimeAgo } from '../../ui/TimeAgo';
import { FindingEvidence } from './FindingEvidence';

// Filled badges in shades dark (or light) enough for their text to read at AA contrast.
const severities: Record<FindingSeverity, { label: string; color: string; edge: string }> = {
  high: { label: 'High', color: 'red.9', edge: 'var(--mantine-color-red-8)' },
  medium: { label: 'Medium', color: 'orange.6', edge: 'var(--mantine-color-orange-6)' },
  low: { label: 'Low', color: 'gray.7', edge: 'var(--mantine-color-gray-5)' },
};

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const s = severities[severity] ?? severities.medium;
  return (
    <Badge color={s.color} variant="filled" autoContrast>
      <span className="cp-visually-hidden">Severity: </span>
      {s.label}
    </Badge>
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PersonLink = ({ person }: { person: FindingPerson }) =>
  person.path ? (
    <Anchor component={Link} to={person.path} inherit>
      {person.name}
    </Anchor>
  ) : (
    <>{person.name}</>
  );

/**
 * The action sentence with each person it names linked to their profile. Anyone the finding names
 * but the sentence does not is listed after it, so nobody suggested is lost.
 */
export function FindingAction({ action, people }: { action: string; people: FindingPerson[] }) {
  const named = [...people].filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const parts: ReactNode[] = [];
  const mentioned = new Set<string>();
  if (named.length) {
    const pattern = new RegExp(`(${named.map((p) => escape(p.name)).join('|')})`, 'g');
    action.split(pattern).forEach((part, i) => {
      const person = i % 2 === 1 ? named.find((p) => p.name === part) : undefined;
      if (person) {
        mentioned.add(person.id);
        parts.push(<PersonLink key={i} person={person} />);
      } else if (part) parts.push(<Fragment key={i}>{part}</Fragment>);
    });
  } else parts.push(action);
  const rest = people.filter((p) => !mentioned.has(p.id));
  return (
    <Stack gap={4}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {parts}
      </Text>
      {rest.length > 0 && (
        <Text size="sm" c="dark.5">
          Also named:{' '}
          {rest.map((p, i) => (
            <Fragment key={p.id}>
              {i > 0 && ', '}
              <PersonLink person={p} />
            </Fragment>
          ))}
        </Text>
      )}
    </Stack>
  );
}

/** An open finding: what was found, the evidence, what to do, and (for coordinators) the two ways to answer it. */
export function FindingCard({
  slug,
  finding: f,
  steer,
  onAct,
  onDismiss,
}: {
  slug: string;
  finding: HealthFinding;
  steer: boolean;
  onAct: () => void;
  onDismiss: () => void;
}) {
  const titleId = `finding-${f.id}`;
  return (
    <Card
      component="article"
      aria-labelledby={titleId}
      padding="lg"
      style={{ borderLeft: `4px solid ${(severities[f.severity] ?? severities.medium).edge}` }}
    >
      <Stack gap="md">
        {/* On a phone the badge sits above the title, which then has the card's whole width. */}
        <Flex gap={{ base: 6, xs: 'sm' }} direction={{ base: 'column', xs: 'row' }} align="flex-start">
          <SeverityBadge severity={f.severity} />
          <Title order={3} size="h4" id={titleId} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
            {f.title}
          </Title>
        </Flex>
        <FindingEvidence slug={slug} kind={f.kind} evidence={f.evidence} />
        <Stack gap={4} p="sm" bg="lagoon.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
          <Text size="xs" fw={700} tt="uppercase" c="lagoon.9" style={{ letterSpacing: '0.04em' }}>
            What to do
          </Text>
          <FindingAction action={f.action} people={f.people} />
        </Stack>
        {steer && (
          <Group gap="sm" justify="flex-end" wrap="wrap">
            <Button
              variant="default"
              leftSection={<IconX size={16} aria-hidden />}
              onClick={onDismiss}
              aria-label={`Dismiss… — ${f.title}`}
            >
              Dismiss…
            </Button>
            <Button
              leftSection={<IconCheck size={16} aria-hidden />}
              onClick={onAct}
              aria-label={`I did this… — ${f.title}`}
            >
              I did this…
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** A finding acted on or dismissed: who decided, when, what they wrote, and a way back. */
export function DecidedFinding({
  finding: f,
  steer,
  reopening,
  onReopen,
}: {
  finding: HealthFinding;
  steer: boolean;
  reopening: boolean;
  onReopen: () => void;
}) {
  const titleId = `finding-${f.id}`;
  const verb = f.status === 'acted' ? 'Done by' : 'Dismissed by';
  return (
    <Card component="article" aria-labelledby={titleId} padding="md" withBorder>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 240px', minWidth: 0 }}>
            <SeverityBadge severity={f.severity} />
            <Text fw={650} id={titleId} style={{ overflowWrap: 'anywhere' }}>
              {f.title}
            </Text>
          </Group>
          {steer && (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconArrowBackUp size={14} aria-hidden />}
              loading={reopening}
              onClick={onReopen}
              aria-label={`Reopen — ${f.title}`}
            >
              Reopen
            </Button>
          )}
        </Group>
        <Text size="sm" c="dark.5">
          {verb} {f.decidedBy?.name ?? 'someone'}
          {f.decidedAt && (
            <>
              {' '}
              <TimeAgo value={f.decidedAt} />
            </>
          )}
        </Text>
        {f.note ? (
          <Text
            size="sm"
            component="blockquote"
            m={0}
            pl="sm"
            style={{
              borderLeft: '3px solid var(--mantine-color-gray-4)',
              overflowWrap: 'anywhere',
              whiteSpace: 'pre-wrap',
            }}
          >
            {f.note}
          </Text>
        ) : (
          f.status === 'dismissed' && (
            <Text size="sm" c="dark.4" fs="italic">
              No reason given.
            </Text>
          )
        )}
      </Stack>
    </Card>
  );
}
