import { Pill, Stack, TextInput } from '@mantine/core';
import { useState, type KeyboardEvent, type ReactNode } from 'react';

interface TagFieldProps {
  label: string;
  description?: ReactNode;
  placeholder?: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: ReactNode;
  /** Characters that end a tag while typing or pasting, besides Enter. */
  separators?: RegExp;
  maxTags?: number;
  maxLength?: number;
  normalize?: (tag: string) => string;
  required?: boolean;
}

/** A labelled text box that turns each entry into a removable tag. */
export function TagField({
  label,
  description,
  placeholder,
  value,
  onChange,
  error,
  separators = /[,]/,
  maxTags,
  maxLength,
  normalize = (t) => t.trim(),
  required,
}: TagFieldProps) {
  const [draft, setDraft] = useState('');
  const full = maxTags !== undefined && value.length >= maxTags;

  const commit = (text: string) => {
    const incoming = text.split(separators).map(normalize).filter(Boolean);
    if (incoming.length === 0) return;
    const next = [...value];
    for (const tag of incoming) {
      if (maxTags !== undefined && next.length >= maxTags) break;
      if (!next.some((t) => t.toLowerCase() === tag.toLowerCase())) next.push(tag);
    }
    onChange(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && draft.trim()) {
      event.preventDefault();
      commit(draft);
      setDraft('');
    } else if (event.key === 'Backspace' && !draft && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  const onInput = (text: string) => {
    if (separators.test(text)) {
      const parts = text.split(separators);
      const rest = parts.pop() ?? '';
      commit(parts.join(','));
      setDraft(rest);
    } else {
      setDraft(text);
    }
  };

  return (
    <Stack gap={6}>
      <TextInput
        label={label}
        description={description}
        placeholder={full ? `Up to ${maxTags}` : placeholder}
        value={draft}
        maxLength={maxLength}
        required={required}
        disabled={full}
        error={error}
        onChange={(e) => onInput(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          commit(draft);
          setDraft('');
        }}
      />
      {value.length > 0 && (
        <Pill.Group role="list">
          {value.map((tag) => (
            <Pill
              key={tag}
              role="listitem"
              size="md"
              withRemoveButton
              onRemove={() => onChange(value.filter((t) => t !== tag))}
              removeButtonProps={{ 'aria-label': `Remove ${tag}` }}
            >
              {tag}
            </Pill>
          ))}
        </Pill.Group>
      )}
    </Stack>
  );
}
