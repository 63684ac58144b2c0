import { ActionIcon, Button, Fieldset, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import type { SurveyQuestionKind } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { isChoice, KIND_HINTS, KIND_LABELS, SURVEY_KINDS } from './shared';

/** A question as the editor holds it: a local key keeps focus and errors with it while it moves. */
export interface DraftQuestion {
  key: string;
  kind: SurveyQuestionKind;
  prompt: string;
  options: string[];
  required: boolean;
}

export interface QuestionErrors {
  prompt?: string;
  options?: string;
}

let counter = 0;
export const newKey = () => `q${Date.now().toString(36)}${(counter++).toString(36)}`;

export function blankQuestion(kind: SurveyQuestionKind): DraftQuestion {
  return { key: newKey(), kind, prompt: '', options: isChoice(kind) ? ['', ''] : [], required: true };
}

/** What is wrong with a question before it goes to the server (which checks the same again). */
export function questionErrors(q: DraftQuestion): QuestionErrors {
  const errors: QuestionErrors = {};
  if (!q.prompt.trim()) errors.prompt = 'Write the question.';
  if (isChoice(q.kind)) {
    const options = q.options.map((o) => o.trim());
    if (options.some((o) => !o)) errors.options = 'Fill in every option, or remove the empty ones.';
    else if (options.length < 2) errors.options = 'Give at least two options to choose from.';
    else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) {
      errors.options = 'Each option must be different.';
    }
  }
  return errors;
}

/**
 * One question in the builder: its kind, words, options and whether it must be answered, with
 * buttons to move it up or down and to remove it. Every control is labelled with the question's
 * number, so a screen reader user knows which question a button acts on.
 */
export function QuestionEditor({
  question: q,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  question: DraftQuestion;
  index: number;
  count: number;
  errors: QuestionErrors;
  onChange: (next: DraftQuestion) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const setKind = (kind: SurveyQuestionKind) => {
    const options = isChoice(kind) ? (q.options.length ? q.options : ['', '']) : [];
    onChange({ ...q, kind, options });
  };
  const setOption = (i: number, value: string) =>
    onChange({ ...q, options: q.options.map((o, j) => (j === i ? value : o)) });
  const optionsId = `${q.key}-options`;
  return (
    <Fieldset
      legend={
        <Text component="span" fw={650} size="sm">
          Question {n}
        </Text>
      }
      radius="lg"
      style={{ minWidth: 0 }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label="Kind"
            data={SURVEY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            value={q.kind}
            onChange={(e) => setKind(e.currentTarget.value as SurveyQuestionKind)}
            style={{ flex: '1 1 180px', maxWidth: 260 }}
            aria-label={`Kind of question ${n}`}
          />
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              id={`move-up-${q.key}`}
              aria-label={`Move question ${n} up`}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              id={`move-down-${q.key}`}
              aria-label={`Move question ${n} down`}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove question ${n}`} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <Text size="xs" c="dark.4">
          {KIND_HINTS[q.kind]}
        </Text>
        <TextInput
          id={`${q.key}-prompt`}
          label="Question"
          required
          maxLength={limits.surveyPrompt}
          value={q.prompt}
          placeholder={q.kind === 'scale10' ? 'How likely are you to recommend this community to a colleague?' : ''}
          onChange={(e) => onChange({ ...q, prompt: e.currentTarget.value })}
          error={errors.prompt}
        />
        {isChoice(q.kind) && (
          <Stack
            gap={6}
            role="group"
            aria-labelledby={`${optionsId}-label`}
            aria-describedby={errors.options ? `${optionsId}-error` : undefined}
          >
            <Text size="sm" fw={500} id={`${optionsId}-label`}>
              Options of question {n}
            </Text>
            {q.options.map((option, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="center">
                <TextInput
                  aria-label={`Option ${i + 1} of question ${n}`}
                  placeholder={`Option ${i + 1}`}
                  maxLength={limits.surveyOption}
                  value={option}
                  onChange={(e) => setOption(i, e.currentTarget.value)}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  c="dark.4"
                  size="lg"
                  aria-label={`Remove option ${i + 1} of question ${n}`}
                  disabled={q.options.length <= 2}
                  onClick={() => onChange({ ...q, options: q.options.filter((_, j) => j !== i) })}
                >
                  <IconX size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
            {errors.options && (
              <Text size="sm" c="red.9" id={`${optionsId}-error`} role="alert">
                {errors.options}
              </Text>
            )}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                disabled={q.options.length >= limits.surveyOptions}
                onClick={() => onChange({ ...q, options: [...q.options, ''] })}
                aria-label={`Add an option to question ${n}`}
              >
                Add an option
              </Button>
            </Group>
          </Stack>
        )}
        <Switch
          label="Must be answered"
          checked={q.required}
          onChange={(e) => onChange({ ...q, required: e.currentTarget.checked })}
          aria-label={`Question ${n} must be answered`}
        />
      </Stack>
    </Fieldset>
  );
}
