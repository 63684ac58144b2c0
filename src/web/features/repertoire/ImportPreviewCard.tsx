import { Alert, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ImportPreview, ImportRowError } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { creditText } from './Credits';
import { FORMATS, linkDomain, ResourceKindBadge } from './kinds';

/** How a row's fields are called on this page, for its error messages. */
const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  url: 'Link',
  kind: 'Kind',
  format: 'Format',
  tags: 'Tags',
  summary: 'Summary',
  credits: 'Credits',
};

/**
 * What an import would write, row by row with the line each comes from; a refused row is tinted,
 * marked with an icon and says what is wrong, and problems with no row of their own are listed above.
 */
export function ImportPreviewCard({ preview }: { preview: ImportPreview }) {
  const errorsByLine = new Map<number, ImportRowError[]>();
  for (const e of preview.errors) errorsByLine.set(e.line, [...(errorsByLine.get(e.line) ?? []), e]);
  const rowLines = new Set(preview.rows.map((r) => r.line));
  const loose = preview.errors.filter((e) => !rowLines.has(e.line));
  return (
    <Card padding="lg" component="section" aria-labelledby="import-preview">
      <Stack gap="md">
        <Title order={3} size="h5" id="import-preview">
          2. Preview
        </Title>
        {preview.errors.length > 0 ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={`${plural(preview.errors.length, 'problem')} to fix first`}
            role="alert"
          >
            <Text size="sm">
              Fix the lines marked below in your list and preview again. Nothing is imported while any row has a
              problem.
            </Text>
          </Alert>
        ) : (
          <Text size="sm" role="status">
            {preview.rows.length === 0
              ? 'No resources found in this list.'
              : `${plural(preview.rows.length, 'resource')} ready to import.`}
          </Text>
        )}
        {loose.length > 0 && (
          <List size="sm" spacing={4} aria-label="Lines that could not be read">
            {loose.map((e, i) => (
              <List.Item key={`${e.line}-${i}`}>
                <Text span fw={600} size="sm">
                  {e.line > 0 ? `Line ${e.line}:` : 'The list:'}
                </Text>{' '}
                {e.message}
              </List.Item>
            ))}
          </List>
        )}
        {preview.rows.length > 0 && (
          <Table.ScrollContainer minWidth={720} maxHeight={520}>
            <Table
              className="cp-import-table"
              verticalSpacing="xs"
              horizontalSpacing="sm"
              stickyHeader
              captionSide="top"
            >
              <Table.Caption>What will be imported, with the line each resource comes from</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Credits</Table.Th>
                  <Table.Th>Tags</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((row) => {
                  const errors = errorsByLine.get(row.line) ?? [];
                  return (
                    <Table.Tr key={row.line} data-error={errors.length > 0 || undefined}>
                      <Table.Td>
                        <Text size="sm" fw={600} className="cp-count">
                          {row.line}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {row.kind ? (
                          <ResourceKindBadge kind={row.kind} size="xs" />
                        ) : (
                          <Text size="sm" c="red.9" fw={600}>
                            Unknown
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.format ? FORMATS[row.format].label : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                          {row.title || '(no title)'}
                        </Text>
                        {row.url && (
                          <Text size="xs" c="dimmed">
                            {linkDomain(row.url) ?? row.url}
                          </Text>
                        )}
                        {errors.map((e, i) => (
                          <Group key={i} gap={4} wrap="nowrap" c="red.9" mt={4} align="flex-start">
                            <IconAlertTriangle size={14} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                            <Text size="xs" fw={600}>
                              {FIELD_NAMES[e.field] ? `${FIELD_NAMES[e.field]}: ` : ''}
                              {e.message}
                            </Text>
                          </Group>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{creditText(row.credits) || '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{row.tags.length ? row.tags.map((t) => `#${t}`).join(' ') : '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
