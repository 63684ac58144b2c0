import { Group, Popover, Text, Textarea, VisuallyHidden, type TextareaProps } from '@mantine/core';
import { useDebouncedValue, useId, useMergedRef } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref, type SyntheticEvent } from 'react';
import type { Person } from '../../../common/api-types';
import { api, keys } from '../../api';
import { caretCoordinates } from './caret';
import { PersonAvatar } from './people';

/** An @ that does not follow a word character, then the start of a handle, right before the caret. */
const TOKEN = /(^|[^\w@])@([a-z0-9_]{1,30})$/i;

export interface MentionTextareaProps extends Omit<TextareaProps, 'value' | 'onChange' | 'ref'> {
  /** The community whose members can be mentioned. */
  slug: string;
  value: string;
  onChange: (value: string) => void;
  /** Cmd/Ctrl+Enter. */
  onSubmitShortcut?: () => void;
  ref?: Ref<HTMLTextAreaElement>;
}

interface Token {
  /** Index of the @. */
  start: number;
  /** Index of the caret (end of what was typed). */
  end: number;
  text: string;
}

/**
 * A Markdown textarea that suggests community members after "@": type @ and a few letters, pick a
 * person with the arrow keys and Enter (or Tab, or a click), and "@handle" is written in. Escape
 * closes the list. The list follows the caret and is announced to screen readers.
 */
export function MentionTextarea({ slug, value, onChange, onSubmitShortcut, ref, ...props }: MentionTextareaProps) {
  const inner = useRef<HTMLTextAreaElement>(null);
  const merged = useMergedRef(inner, ref);
  const wrapper = useRef<HTMLDivElement>(null);
  const listId = useId();
  const [token, setToken] = useState<Token | null>(null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [anchor, setAnchor] = useState({ top: 0, left: 0 });
  const pendingCaret = useRef<number | null>(null);
  const [q] = useDebouncedValue(token?.text ?? '', 120);

  const people = useQuery({
    queryKey: keys.mentionable(slug, q.toLowerCase()),
    queryFn: () => api.mentionable(slug, q),
    enabled: token !== null && q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const items: Person[] = token && token.start !== dismissed ? (people.data?.items ?? []) : [];
  const open = items.length > 0;
  const current = Math.min(active, Math.max(items.length - 1, 0));

  useLayoutEffect(() => {
    const el = inner.current;
    if (el && pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [value]);

  const detect = (el: HTMLTextAreaElement) => {
    const caret = el.selectionStart;
    if (caret !== el.selectionEnd) return setToken(null);
    const match = TOKEN.exec(el.value.slice(0, caret));
    if (!match) {
      setToken(null);
      setDismissed(null);
      return;
    }
    const start = caret - match[2].length - 1;
    setToken((prev) =>
      prev && prev.start === start && prev.text === match[2] ? prev : { start, end: caret, text: match[2] },
    );
    if (token?.start !== start) setActive(0);
    const coords = caretCoordinates(el, start);
    const box = wrapper.current?.getBoundingClientRect();
    const area = el.getBoundingClientRect();
    if (box) {
      setAnchor({
        top: area.top - box.top + coords.top + coords.height,
        left: Math.max(0, Math.min(area.left - box.left + coords.left, box.width - 24)),
      });
    }
  };

  const insert = (person: Person) => {
    if (!token) return;
    const before = value.slice(0, token.start);
    const after = value.slice(token.end).replace(/^[a-z0-9_]*/i, '');
    const text = `@${person.handle} `;
    pendingCaret.current = before.length + text.length;
    onChange(before + text + after.replace(/^ /, ''));
    setToken(null);
    inner.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + items.length) % items.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        insert(items[current]);
        return;
      }
      if (event.key === 'Escape') {
        // Close the list, not the dialog or page around it.
        event.preventDefault();
        event.stopPropagation();
        setDismissed(token?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && onSubmitShortcut) {
      event.preventDefault();
      onSubmitShortcut();
    }
    props.onKeyDown?.(event);
  };

  const onSelect = (event: SyntheticEvent<HTMLTextAreaElement>) => detect(event.currentTarget);

  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <div ref={wrapper} style={{ position: 'relative' }}>
      <Textarea
        {...props}
        ref={merged}
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          detect(event.currentTarget);
        }}
        onKeyDown={onKeyDown}
        onSelect={onSelect}
        onBlur={(event) => {
          setToken(null);
          props.onBlur?.(event);
        }}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(current) : undefined}
      />
      <Popover
        opened={open}
        position="bottom-start"
        offset={4}
        withRoles={false}
        trapFocus={false}
        returnFocus={false}
        closeOnEscape={false}
        onDismiss={() => setDismissed(token?.start ?? null)}
        shadow="md"
        width={260}
        zIndex={400}
        middlewares={{ flip: true, shift: true }}
      >
        <Popover.Target>
          <span
            aria-hidden
            style={{
              position: 'absolute',
              top: anchor.top,
              left: anchor.left,
              width: 1,
              height: 1,
              pointerEvents: 'none',
            }}
          />
        </Popover.Target>
        <Popover.Dropdown p={4}>
          <div role="listbox" id={listId} aria-label="People to mention">
            {items.map((person, i) => (
              <div
                key={person.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === current}
                className="cp-mention-option"
                // Keep the focus (and the caret) in the textarea.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => insert(person)}
              >
                <Group gap={8} wrap="nowrap">
                  <PersonAvatar person={person} size={26} />
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate>
                      {person.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      @{person.handle}
                    </Text>
                  </div>
                </Group>
              </div>
            ))}
          </div>
        </Popover.Dropdown>
      </Popover>
      <VisuallyHidden aria-live="polite" role="status">
        {open
          ? `${items.length} ${items.length === 1 ? 'person' : 'people'} to mention. Use the up and down arrows and Enter to choose.`
          : ''}
      </VisuallyHidden>
    </div>
  );
}
