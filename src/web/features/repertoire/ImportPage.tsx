import {
  Anchor,
  Button,
  Card,
  Checkbox,
  FileButton,
  Group,
  Input,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconCircleCheck, IconEye, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type {
  ImportFormat,
  ImportPreview,
  ImportRequest,
  ImportRowError,
  ResourceFormat,
  ResourceKind,
} from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, ApiError } from '../../api';
import { plural } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { FORMAT_ORDER, FORMATS, RESOURCE_KIND_ORDER, RESOURCE_KINDS } from './kinds';
import { ImportPreviewCard } from './ImportPreviewCard';
import { useRepertoireOverview, useResourceSaved } from './queries';

const MARKDOWN_EXAMPLE = `## Articles
- [Cultivating communities of practice](https://example.org/cop) - Etienne Wenger: the classic introduction

## Tools
- [Shared calendar template](https://example.org/calendar) by Ana Lima`;

const CSV_EXAMPLE = `title,url,kind,format,tags,author
Cultivating communities of practice,https://example.org/cop,article,read,Onboarding,Etienne Wenger`;

/** The format a file's name says it is in, if it says. */
function formatFromName(name: string): ImportFormat | null {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(md|markdown|txt)$/i.test(name)) return 'markdown';
  return null;
}

/** A guess for pasted text: a first line of comma-separated column names reads as CSV. */
function guessFormat(text: string): ImportFormat | null {
  const first = text.split('\n', 1)[0]?.trim().toLowerCase() ?? '';
  if (!first) return null;
  return /^"?title"?\s*,/.test(first) || (/,/.test(first) && /\btitle\b/.test(first) && !first.startsWith('#'))
    ? 'csv'
    : 'markdown';
}

function rowErrors(details: unknown): ImportRowError[] | null {
  const errors = (details as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as ImportRowError[]) : null;
}

type ImportProgress = { done: number; total: number };

export function ImportPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  useDocumentTitle(`Import · Repertoire · ${community.name}`);
  const overview = useRepertoireOverview(slug);
  const saved = useResourceSaved(slug);

  const [text, setText] = useState('');
  const [format, setFormat] = useState<ImportFormat>('markdown');
  const [formatPicked, setFormatPicked] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [defaultKind, setDefaultKind] = useState<ResourceKind | null>(null);
  const [defaultFormat, setDefaultFormat] = useState<ResourceFormat | null>(null);
  const [publish, setPublish] = useState(true);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [imported, setImported] = useState<number | null>(null);

  const request = (): ImportRequest => ({
    format,
    text,
    ...(defaultKind || defaultFormat
      ? {
          defaults: {
            ...(defaultKind ? { kind: defaultKind } : {}),
            ...(defaultFormat ? { format: defaultFormat } : {}),
          },
        }
      : {}),
  });

  /** Anything that changes what would be imported makes the preview out of date. */
  const changed = () => {
    setPreview(null);
    setImported(null);
    setProgress(null);
  };

  const check = useMutation({
    mutationFn: () => api.previewImport(slug, request()),
    onSuccess: setPreview,
  });

  const run = useMutation({
    mutationFn: async () => {
      setProgress({ done: 0, total: preview?.total ?? preview?.rows.length ?? 0 });
      let count: number | null = null;
      let failure: ApiError | null = null;
      await api.importResourcesStreaming(slug, { ...request(), publish }, (event) => {
        const e = event as Partial<{ type: string; done: number; total: number; imported: number; error: ApiError }>;
        if (e.type === 'progress') setProgress({ done: e.done ?? 0, total: e.total ?? 0 });
        else if (e.type === 'error' && e.error) {
          const err = e.error as unknown as { code: string; message: string; field?: string; details?: unknown };
          failure = new ApiError(422, err.code, err.message, err.field, undefined, err.details);
        } else if (typeof e.imported === 'number') count = e.imported;
      });
      if (failure) throw failure;
      return count ?? 0;
    },
    onSuccess: async (count) => {
      setImported(count);
      setProgress(null);
      await saved();
    },
    onError: (error) => {
      setProgress(null);
      const errors = error instanceof ApiError ? rowErrors(error.details) : null;
      if (errors && preview) setPreview({ ...preview, errors });
    },
  });

  const readFile = async (file: File | null) => {
    if (!file) return;
    setFileError(null);
    if (file.size > limits.importBytes) {
      setFileError(`That file is too big: at most ${Math.round(limits.importBytes / 1000)} KB.`);
      return;
    }
    const content = await file.text();
    const byName = formatFromName(file.name);
    setFileName(file.name);
    setText(content);
    if (byName) {
      setFormat(byName);
      setFormatPicked(true);
    }
    changed();
  };

  if (overview.isPending) return <Loading label="Loading" />;
  if (overview.error) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!overview.data.abilities.curate) return <NotFound />;

  const ready = preview && preview.errors.length === 0 && preview.rows.length > 0;
  const running = run.isPending;

  return (
    <>
      <Anchor component={Link} to={`/c/${slug}/repertoire`} size="sm" mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Repertoire
        </Group>
      </Anchor>
      <PageHeader
        order={2}
        title="Import resources"
        description="Bring in a curated list — a reading list from a blog post, a spreadsheet of tools. Check the preview first: nothing is imported unless every row is fine."
      />
      <Stack gap="lg">
        <Card padding="lg" component="section" aria-labelledby="import-source">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) check.mutate();
            }}
          >
            <Stack gap="md">
              <Title order={3} size="h5" id="import-source">
                1. The list
              </Title>
              <Group gap="md" align="flex-end" wrap="wrap">
                <Stack gap={4}>
                  <Input.Label id="import-format-label" component="span">
                    Format
                  </Input.Label>
                  <SegmentedControl
                    aria-labelledby="import-format-label"
                    value={format}
                    onChange={(v) => {
                      setFormat(v as ImportFormat);
                      setFormatPicked(true);
                      changed();
                    }}
                    data={[
                      { value: 'markdown', label: 'Markdown' },
                      { value: 'csv', label: 'CSV' },
                    ]}
                  />
                </Stack>
                <FileButton
                  onChange={(f) => void readFile(f)}
                  accept=".md,.markdown,.txt,.csv,text/markdown,text/csv,text/plain"
                >
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconUpload size={16} aria-hidden />}>
                      Upload a .md or .csv file
                    </Button>
                  )}
                </FileButton>
                {fileName && (
                  <Text size="sm" c="dimmed" role="status">
                    Loaded {fileName}
                  </Text>
                )}
              </Group>
              {fileError && (
                <Text size="sm" c="red.8" role="alert">
                  {fileError}
                </Text>
              )}
              <Textarea
                label="Paste the list"
                description={
                  format === 'markdown'
                    ? 'Headings name the kind (“Articles”, “Podcasts”, “Tools”…); each item is a line like - [Title](https://…) - author.'
                    : 'A header row, then one resource per row. Columns: title, url, kind, format, tags (separated by ; or |), summary, author, contributor.'
                }
                placeholder={format === 'markdown' ? MARKDOWN_EXAMPLE : CSV_EXAMPLE}
                value={text}
                onChange={(e) => {
                  const next = e.currentTarget.value;
                  setText(next);
                  if (!formatPicked && !fileName) setFormat(guessFormat(next) ?? 'markdown');
                  changed();
                }}
                autosize
                minRows={8}
                maxRows={20}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <Select
                  label="Kind, where the list does not say"
                  description="For items under a heading that names no kind, or rows with no kind column."
                  placeholder="Report those rows instead"
                  data={RESOURCE_KIND_ORDER.map((k) => ({ value: k, label: RESOURCE_KINDS[k].label }))}
                  value={defaultKind}
                  onChange={(v) => {
                    setDefaultKind(v as ResourceKind | null);
                    changed();
                  }}
                  clearable
                  clearButtonProps={{ 'aria-label': 'Clear the default kind' }}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  label="Format, where the list does not say"
                  description="Otherwise each kind’s usual format (podcasts are listened to…)."
                  placeholder="From the kind"
                  data={FORMAT_ORDER.map((f) => ({ value: f, label: FORMATS[f].label }))}
                  value={defaultFormat}
                  onChange={(v) => {
                    setDefaultFormat(v as ResourceFormat | null);
                    changed();
                  }}
                  clearable
                  clearButtonProps={{ 'aria-label': 'Clear the default format' }}
                  comboboxProps={{ withinPortal: true }}
                />
              </SimpleGrid>
              <InlineError error={check.error} />
              <Group justify="flex-end">
                <Button
                  type="submit"
                  disabled={!text.trim()}
                  loading={check.isPending}
                  leftSection={<IconEye size={16} aria-hidden />}
                >
                  Preview
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>

        {preview && <ImportPreviewCard preview={preview} />}

        {(ready || running || imported !== null || run.error) && (
          <Card padding="lg" component="section" aria-labelledby="import-run">
            <Stack gap="md">
              <Title order={3} size="h5" id="import-run">
                3. Import
              </Title>
              {imported !== null ? (
                <Group gap="md" wrap="nowrap" align="flex-start">
                  <ThemeIcon size={44} radius="xl" color="green" variant="light" aria-hidden>
                    <IconCircleCheck size={26} />
                  </ThemeIcon>
                  <Stack gap={6}>
                    <Text fw={650} role="status">
                      Imported {plural(imported, 'resource')}.
                    </Text>
                    <Group gap="sm">
                      <Button component={Link} to={`/c/${slug}/repertoire`}>
                        See them in the repertoire
                      </Button>
                      <Button
                        variant="default"
                        onClick={() => {
                          setText('');
                          setFileName(null);
                          changed();
                        }}
                      >
                        Import another list
                      </Button>
                    </Group>
                  </Stack>
                </Group>
              ) : (
                <>
                  <Checkbox
                    label="Publish them straight away"
                    description="Untick to bring them in as proposals to look over one by one."
                    checked={publish}
                    disabled={running}
                    onChange={(e) => setPublish(e.currentTarget.checked)}
                  />
                  {progress && (
                    <Stack gap={4}>
                      <Progress
                        value={progress.total ? Math.round((progress.done / progress.total) * 100) : 0}
                        size="lg"
                        radius="xl"
                        striped
                        animated
                        aria-label="Import progress"
                      />
                      <Text size="sm" c="dimmed" role="status" aria-live="polite">
                        {progress.done} of {progress.total} written…
                      </Text>
                    </Stack>
                  )}
                  <InlineError error={run.error} />
                  <Group justify="flex-end">
                    <Button
                      loading={running}
                      disabled={!ready}
                      leftSection={<IconFileImport size={16} aria-hidden />}
                      onClick={() => run.mutate()}
                    >
                      {ready ? `Import ${plural(preview.rows.length, 'resource')}` : 'Import'}
                    </Button>
                  </Group>
                </>
              )}
            </Stack>
          </Card>
        )}
      </Stack>
    </>
  );
}
