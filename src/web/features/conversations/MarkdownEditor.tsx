import { Box, Group, Tabs, Text } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useState, type ReactNode, type Ref } from 'react';
import { MarkdownPreview } from './MarkdownPreview';
import { MentionTextarea } from './MentionTextarea';

/** Markdown with Write/Preview tabs and @mention suggestions; used for posts and replies. */
export function MarkdownEditor({
  slug,
  label,
  value,
  onChange,
  error,
  placeholder,
  required,
  maxLength,
  minRows = 6,
  onSubmitShortcut,
  textareaRef,
  hideLabel = false,
  id: givenId,
}: {
  slug: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  placeholder?: string;
  required?: boolean;
  maxLength?: number;
  minRows?: number;
  onSubmitShortcut?: () => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
  hideLabel?: boolean;
  id?: string;
}) {
  const id = useId(givenId);
  const [tab, setTab] = useState<string | null>('write');

  return (
    <Box>
      <Tabs value={tab} onChange={setTab} variant="outline" radius="md" keepMounted>
        <Group justify="space-between" align="flex-end" wrap="nowrap" gap="xs">
          <Text
            component="label"
            htmlFor={id}
            size="sm"
            fw={500}
            pb={6}
            className={hideLabel ? 'cp-visually-hidden' : undefined}
          >
            {label}
            {required && (
              <Text component="span" c="red.8" aria-hidden>
                {' '}
                *
              </Text>
            )}
          </Text>
          <Tabs.List aria-label={`${label}: write or preview`} style={{ flexWrap: 'nowrap' }}>
            <Tabs.Tab value="write" fz="sm">
              Write
            </Tabs.Tab>
            <Tabs.Tab value="preview" fz="sm">
              Preview
            </Tabs.Tab>
          </Tabs.List>
        </Group>
        <Tabs.Panel value="write" pt="xs">
          <MentionTextarea
            id={id}
            ref={textareaRef}
            slug={slug}
            value={value}
            onChange={onChange}
            placeholder={placeholder}
            required={required}
            maxLength={maxLength}
            autosize
            minRows={minRows}
            maxRows={24}
            error={error}
            description={
              <>
                Markdown works: **bold**, _italic_, `code`, lists, &gt; quotes, [links](https://…). Type @ to mention
                someone.{onSubmitShortcut ? ' Ctrl+Enter sends.' : ''}
              </>
            }
            inputWrapperOrder={['input', 'error', 'description']}
            onSubmitShortcut={onSubmitShortcut}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Box className="markdown cp-preview" mih={minRows * 24}>
            <MarkdownPreview source={value} />
          </Box>
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
