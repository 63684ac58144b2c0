import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Reply } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { api, ApiError, keys } from '../../api';
import { InlineError } from '../../ui/PageState';
import { MarkdownEditor } from './MarkdownEditor';

/** Writes a reply to a post, or (with `replyTo`) to one of its replies. */
export function ReplyComposer({
  slug,
  postId,
  replyTo,
  label,
  placeholder,
  submitLabel = 'Reply',
  autoFocus = false,
  onCancel,
  onPosted,
  hideLabel = false,
}: {
  slug: string;
  postId: string;
  replyTo?: string;
  label: string;
  placeholder?: string;
  submitLabel?: string;
  autoFocus?: boolean;
  onCancel?: () => void;
  onPosted?: (reply: Reply) => void;
  /** When a visible heading already says what the box is for. */
  hideLabel?: boolean;
}) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (autoFocus) textarea.current?.focus();
  }, [autoFocus]);

  const send = useMutation({
    mutationFn: () => api.createReply(slug, postId, { body, ...(replyTo ? { replyTo } : {}) }),
    onSuccess: async (reply) => {
      setBody('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.replies(slug, postId) }),
        queryClient.invalidateQueries({ queryKey: keys.post(slug, postId), exact: true }),
        queryClient.invalidateQueries({ queryKey: keys.posts(slug) }),
      ]);
      onPosted?.(reply);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field === 'body') {
        setFieldError(error.message);
        textarea.current?.focus();
      } else setFormError(error);
    },
  });

  const submit = () => {
    setFormError(null);
    if (!body.trim()) {
      setFieldError('Write something before sending.');
      textarea.current?.focus();
      return;
    }
    setFieldError(null);
    send.mutate();
  };

  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <InlineError error={formError} />
        <MarkdownEditor
          slug={slug}
          label={label}
          value={body}
          onChange={(v) => {
            setBody(v);
            if (fieldError && v.trim()) setFieldError(null);
          }}
          error={fieldError}
          placeholder={placeholder}
          maxLength={limits.replyBody}
          minRows={4}
          textareaRef={textarea}
          onSubmitShortcut={submit}
          hideLabel={hideLabel}
        />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={send.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
