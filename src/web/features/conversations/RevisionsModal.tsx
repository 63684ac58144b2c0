import { Badge, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Items, Revision } from '../../../common/api-types';
import { formatDateTime } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/PageState';

/** The earlier versions of a post or reply, oldest first, as their authors wrote them. */
export function RevisionsModal({
  opened,
  onClose,
  title,
  queryKey,
  load,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  queryKey: readonly unknown[];
  load: () => Promise<Items<Revision>>;
}) {
  const query = useQuery({ queryKey, queryFn: load, enabled: opened });
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" centered>
      {query.isPending ? (
        <Loading label="Loading the history" />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text c="dimmed">No earlier versions.</Text>
      ) : (
        <Stack gap="lg" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
          {query.data.items.map((rev, index) => (
            <Stack key={rev.id} gap={8} component="li" className="cp-revision">
              <Group gap="xs" justify="space-between">
                <Title order={3} size="h6">
                  {index === 0 ? 'Original version' : `Version ${index + 1}`}
                </Title>
                <Text size="xs" c="dimmed">
                  replaced {formatDateTime(rev.createdAt)}
                  {rev.editor ? ` by ${rev.editor.name}` : ''}
                </Text>
              </Group>
              {rev.title !== null && (
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {rev.title}
                </Text>
              )}
              {rev.tags && rev.tags.length > 0 && (
                <Group gap={4}>
                  {rev.tags.map((t) => (
                    <Badge key={t} size="sm" color="gray" tt="none" fw={500}>
                      #{t}
                    </Badge>
                  ))}
                </Group>
              )}
              <pre className="cp-source">{rev.body || '(empty)'}</pre>
            </Stack>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
