import { Badge, Box, Button, Card, Collapse, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconGitCompare, IconHistory } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { DiffPart, ResourceDetail, ResourceDiff, ResourceRevision } from '../../../common/api-types';
import { api, keys } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { TimeAgo } from '../../ui/TimeAgo';
import { creditText } from './Credits';
import { FORMATS, RESOURCE_KINDS } from './kinds';
import { useResourceSaved } from './queries';

const CHANGE_LABELS: Record<string, string> = {
  created: 'Created',
  proposed: 'Proposed',
  promoted: 'Promoted from a conversation',
  imported: 'Imported',
  edited: 'Edited',
  reverted: 'Restored',
};

function changeLabel(rev: ResourceRevision): string {
  if (rev.change === 'reverted' && rev.revertedTo) return `Restored version ${rev.revertedTo}`;
  return CHANGE_LABELS[rev.change] ?? rev.change.charAt(0).toUpperCase() + rev.change.slice(1).replace(/_/g, ' ');
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  url: 'Link',
  kind: 'Kind',
  format: 'Format',
  tags: 'Tags',
  credits: 'Credits',
};

/** A field's value in words, for fields compared as a whole rather than word by word. */
function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (field === 'kind' && typeof value === 'string')
    return RESOURCE_KINDS[value as keyof typeof RESOURCE_KINDS]?.label ?? value;
  if (field === 'format' && typeof value === 'string') return FORMATS[value as keyof typeof FORMATS]?.label ?? value;
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (value.every((v) => typeof v === 'string')) {
      return value.map((v) => (field === 'tags' ? `#${v}` : v)).join(', ');
    }
    if (field === 'credits') return creditText(value as { role: 'contributor' | 'source'; name: string }[]) || '(none)';
    return value.map((v) => JSON.stringify(v)).join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Words added and removed, marked by more than colour: underlined or struck through, and named aloud. */
export function DiffText({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="cp-diff">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="cp-visually-hidden">[added: </span>
            {part.value}
            <span className="cp-visually-hidden">]</span>
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="cp-visually-hidden">[removed: </span>
            {part.value}
            <span className="cp-visually-hidden">]</span>
          </del>
        ) : (
          <Fragment key={i}>{part.value}</Fragment>
        ),
      )}
    </p>
  );
}

export function DiffView({ diff }: { diff: ResourceDiff }) {
  if (diff.fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing changed between these versions.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed" className="cp-diff-legend">
        <ins>Added words</ins> are underlined in green, <del>removed words</del> struck through in red.
      </Text>
      {diff.fields.map((f) => (
        <Stack key={f.field} gap={4}>
          <Text size="sm" fw={650}>
            {FIELD_LABELS[f.field] ?? f.field}
          </Text>
          {f.parts ? (
            <DiffText parts={f.parts} />
          ) : (
            <p className="cp-diff">
              <del>
                <span className="cp-visually-hidden">[before: </span>
                {describeValue(f.field, f.before)}
                <span className="cp-visually-hidden">]</span>
              </del>{' '}
              <span aria-hidden>→</span>{' '}
              <ins>
                <span className="cp-visually-hidden">[after: </span>
                {describeValue(f.field, f.after)}
                <span className="cp-visually-hidden">]</span>
              </ins>
            </p>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

function Changes({ slug, resourceId, from, to }: { slug: string; resourceId: string; from: number; to: number }) {
  const query = useQuery({
    queryKey: keys.resourceDiff(slug, resourceId, from, to),
    queryFn: () => api.resourceDiff(slug, resourceId, from, to),
    staleTime: Infinity,
  });
  if (query.isPending) return <Loading label="Comparing the versions" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <DiffView diff={query.data} />;
}

/** Every version of a resource, newest first: what changed in each, and a way back for curators. */
export function ResourceHistory({ resource }: { resource: ResourceDetail }) {
  const slug = resource.community.slug;
  const [open, setOpen] = useState<number | null>(null);
  const [restore, setRestore] = useState<number | null>(null);
  const saved = useResourceSaved(slug);
  const revisions = useQuery({
    queryKey: keys.resourceRevisions(slug, resource.id),
    queryFn: () => api.resourceRevisions(slug, resource.id),
  });
  const revert = useMutation({
    mutationFn: (version: number) => api.revertResource(slug, resource.id, version),
    onSuccess: async (updated, version) => {
      setRestore(null);
      setOpen(null);
      await saved(updated);
      notifySuccess(`Version ${version} is back, as a new version ${updated.version}.`);
    },
  });

  const items = revisions.data?.items ?? [];
  return (
    <Box component="section" aria-labelledby="history-heading">
      <Group gap="xs" mb="sm">
        <IconHistory size={20} aria-hidden />
        <Title order={2} size="h4" id="history-heading">
          History
        </Title>
      </Group>
      <Card padding={0}>
        {revisions.isPending ? (
          <Loading label="Loading the history" />
        ) : revisions.error ? (
          <Box p="md">
            <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />
          </Box>
        ) : (
          <ol className="cp-stack-list" aria-label="Versions, newest first">
            {items.map((rev) => {
              const latest = rev.version === resource.version;
              const expanded = open === rev.version;
              const panelId = `changes-${rev.version}`;
              return (
                <Box component="li" key={rev.version} px={{ base: 'sm', sm: 'md' }} py="sm">
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Group gap={6}>
                        <Text fw={650} size="sm">
                          Version {rev.version}
                        </Text>
                        {latest && (
                          <Badge size="xs" color="lagoon" c="lagoon.9" tt="none">
                            Current
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {changeLabel(rev)}
                        {rev.editor ? ` by ${rev.editor.name}` : ''} · <TimeAgo value={rev.createdAt} />
                      </Text>
                    </Stack>
                    <Group gap={4}>
                      {rev.version > 1 && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="gray"
                          c="dark.5"
                          leftSection={<IconGitCompare size={15} aria-hidden />}
                          aria-expanded={expanded}
                          aria-controls={panelId}
                          onClick={() => setOpen(expanded ? null : rev.version)}
                        >
                          {expanded ? 'Hide changes' : 'Show changes'}
                          <span className="cp-visually-hidden"> in version {rev.version}</span>
                        </Button>
                      )}
                      {resource.abilities.revert && !latest && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="gray"
                          c="dark.5"
                          leftSection={<IconArrowBackUp size={15} aria-hidden />}
                          onClick={() => setRestore(rev.version)}
                        >
                          Restore<span className="cp-visually-hidden"> version {rev.version}</span>
                        </Button>
                      )}
                    </Group>
                  </Group>
                  <Collapse expanded={expanded} id={panelId}>
                    {expanded && (
                      <Box pt="sm">
                        <Changes slug={slug} resourceId={resource.id} from={rev.version - 1} to={rev.version} />
                      </Box>
                    )}
                  </Collapse>
                </Box>
              );
            })}
          </ol>
        )}
      </Card>
      <ConfirmModal
        opened={restore !== null}
        title={`Restore version ${restore}?`}
        confirmLabel="Restore"
        pending={revert.isPending}
        error={revert.error}
        onConfirm={() => restore !== null && revert.mutate(restore)}
        onClose={() => {
          revert.reset();
          setRestore(null);
        }}
      >
        The resource goes back to how it was in version {restore}. Nothing is lost: this becomes a new version, and the
        current one stays in the history.
      </ConfirmModal>
    </Box>
  );
}
