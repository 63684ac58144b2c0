import { Alert, Button, Card, Checkbox, Group, Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconLock, IconSend, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Survey, SurveyAnswerValue, SurveyQuestion } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { ApiError } from '../../api';
import { InlineError } from '../../ui/PageState';
import { surveyKeys, surveysApi } from './api';
import { ANONYMOUS_PROMISE } from './shared';

type Values = Record<string, SurveyAnswerValue | undefined>;

const SCALES = { scale5: { min: 1, max: 5 }, scale10: { min: 0, max: 10 } } as const;

/** An answer that says something: a chosen option, a ticked box, a number, words. */
function given(value: SurveyAnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

function problems(questions: SurveyQuestion[], values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of questions) {
    const v = values[q.id];
    if (q.required && !given(v)) {
      out[q.id] = q.kind === 'multiple' ? 'Tick at least one option.' : 'Please answer this question.';
    } else if (q.kind === 'text' && typeof v === 'string' && v.trim().length > limits.surveyTextAnswer) {
      out[q.id] = `Keep it to ${limits.surveyTextAnswer.toLocaleString()} characters.`;
    }
  }
  return out;
}

/**
 * A member's answers to an open survey: one labelled control per question (a radio group, boxes
 * to tick, a segmented scale, a text box), messages next to the question at fault, and a thank
 * you once the answers are in.
 */
export function AnswerForm({ slug, survey, onAnswered }: { slug: string; survey: Survey; onAnswered?: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({});
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const local = problems(survey.questions, values);
  const errors = tried ? { ...local, ...serverErrors } : serverErrors;

  const submit = useMutation({
    mutationFn: () =>
      surveysApi.answer(slug, survey.id, {
        answers: survey.questions.flatMap((q) => {
          const v = values[q.id];
          return given(v) ? [{ questionId: q.id, value: typeof v === 'string' ? v.trim() : v! }] : [];
        }),
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: surveyKeys.one(slug, survey.id) }),
        queryClient.invalidateQueries({ queryKey: surveyKeys.list(slug) }),
      ]);
      onAnswered?.();
    },
    onError: (error) => {
      const questionId =
        error instanceof ApiError ? (error.details as { questionId?: string } | undefined)?.questionId : undefined;
      if (questionId) setServerErrors({ [questionId]: error.message });
    },
  });

  const set = (id: string, value: SurveyAnswerValue | undefined) => {
    setServerErrors((e) => (e[id] ? {} : e));
    setValues((v) => ({ ...v, [id]: value }));
  };

  const firstProblem = survey.questions.find((q) => errors[q.id]);

  return (
    <form
      noValidate
      aria-label={`Answer “${survey.title}”`}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length > 0) {
          const first = survey.questions.find((q) => local[q.id]);
          if (first) document.getElementById(`answer-${first.id}`)?.focus();
          return;
        }
        submit.mutate();
      }}
    >
      <Stack gap="md">
        {survey.anonymous ? (
          <Alert color="indigo" variant="light" icon={<IconLock aria-hidden />} title="This survey is anonymous">
            {ANONYMOUS_PROMISE}
          </Alert>
        ) : (
          <Alert color="gray" variant="light" icon={<IconUser aria-hidden />} title="This survey is not anonymous">
            The coordinators will see your name with your answers.
          </Alert>
        )}
        {survey.questions.map((q, i) => (
          <Card key={q.id} component="section" aria-labelledby={`answer-${q.id}-label`} padding="md">
            <QuestionField
              question={q}
              number={i + 1}
              value={values[q.id]}
              error={errors[q.id]}
              onChange={(v) => set(q.id, v)}
            />
          </Card>
        ))}
        {submit.error &&
          !(
            submit.error instanceof ApiError &&
            (submit.error.details as { questionId?: string } | undefined)?.questionId
          ) && <InlineError error={submit.error} />}
        {firstProblem && (
          <Text size="sm" c="red.9" role="alert">
            Some answers need attention: see the messages above.
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={submit.isPending} leftSection={<IconSend size={16} aria-hidden />}>
            Send my answers
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuestionField({
  question: q,
  number,
  value,
  error,
  onChange,
}: {
  question: SurveyQuestion;
  number: number;
  value: SurveyAnswerValue | undefined;
  error?: string;
  onChange: (value: SurveyAnswerValue | undefined) => void;
}) {
  const labelId = `answer-${q.id}-label`;
  const errorId = `answer-${q.id}-error`;
  const label = (
    <Text component="span" fw={600} size="md" id={labelId}>
      {number}. {q.prompt}
    </Text>
  );
  const description = q.required ? undefined : 'Optional';
  switch (q.kind) {
    case 'single':
      return (
        <Radio.Group
          id={`answer-${q.id}`}
          label={label}
          description={description}
          withAsterisk={q.required}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)}
          error={error}
          tabIndex={-1}
        >
          <Stack gap="xs" mt="xs">
            {q.options.map((o) => (
              <Radio key={o} value={o} label={o} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group
          id={`answer-${q.id}`}
          label={label}
          description={description ?? 'Tick all that apply.'}
          withAsterisk={q.required}
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v)}
          error={error}
          tabIndex={-1}
        >
          <Stack gap="xs" mt="xs">
            {q.options.map((o) => (
              <Checkbox key={o} value={o} label={o} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'scale5':
    case 'scale10': {
      const { min, max } = SCALES[q.kind];
      const data = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
      return (
        <Stack gap={6} id={`answer-${q.id}`} tabIndex={-1}>
          <div>
            {label}
            {q.required && (
              <Text component="span" c="red.9" aria-hidden>
                {' '}
                *
              </Text>
            )}
          </div>
          {description && (
            <Text size="xs" c="dark.4">
              {description}
            </Text>
          )}
          <SegmentedControl
            fullWidth
            data={data}
            value={typeof value === 'number' ? String(value) : (null as unknown as string)}
            onChange={(v) => onChange(Number(v))}
            aria-labelledby={labelId}
            aria-describedby={`${labelId}-ends${error ? ` ${errorId}` : ''}`}
            aria-required={q.required || undefined}
            color="lagoon"
            size={q.kind === 'scale10' ? 'xs' : 'sm'}
            styles={{ label: { paddingInline: 2 } }}
          />
          <Group justify="space-between" gap="xs" id={`${labelId}-ends`} wrap="nowrap">
            <Text size="xs" c="dark.4">
              {min} — {q.kind === 'scale10' ? 'not at all likely' : 'lowest'}
            </Text>
            <Text size="xs" c="dark.4" ta="right">
              {max} — {q.kind === 'scale10' ? 'extremely likely' : 'highest'}
            </Text>
          </Group>
          {error && (
            <Text size="xs" c="red.9" id={errorId}>
              {error}
            </Text>
          )}
        </Stack>
      );
    }
    default:
      return (
        <Textarea
          id={`answer-${q.id}`}
          label={label}
          description={`${description ? `${description}. ` : ''}Up to ${limits.surveyTextAnswer.toLocaleString()} characters.`}
          withAsterisk={q.required}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={limits.surveyTextAnswer}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      );
  }
}
