import { Badge, Box, Button, Card, Group, Radio, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { AssessmentArea, AssessmentDraft, AssessmentQuestion, MaturityStage } from '../../../common/api-types';
import { ApiError } from '../../api';
import { errorMessage, notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { assessmentApi, assessmentKeys } from './AssessmentApi';
import { areaLabels, HeadlineTiles, periodText, Section, StageBadge, stageName } from './AssessmentParts';

const COMMENT_MAX = 2000;
const NOTES_MAX = 4000;
const SCORES = ['1', '2', '3', '4', '5'];

interface AnswerState {
  score: number | null;
  comment: string;
}

/**
 * The quarter's assessment form: the figures so far beside the last assessment's, the guided
 * questions as 1–5 choices with help and an optional comment, then the proposed stage with its
 * reasons and a picker to confirm it or choose another (with a note saying why).
 */
export function AssessmentForm({
  slug,
  draft,
  onSaved,
  onCancel,
}: {
  slug: string;
  draft: AssessmentDraft;
  onSaved: (quarter: string) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const timeZone = useCommunityContext().timeZone;
  const start = draft.saved;
  const [answers, setAnswers] = useState<Record<string, AnswerState>>(() =>
    Object.fromEntries(
      draft.questions.map((q) => [
        q.id,
        { score: start?.answers[q.id]?.score ?? null, comment: start?.answers[q.id]?.comment ?? '' },
      ]),
    ),
  );
  const [stage, setStage] = useState<MaturityStage>(start?.stage ?? draft.proposal.stage);
  const [notes, setNotes] = useState(start?.notes ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const formId = useId();
  const differs = stage !== draft.proposal.stage;

  const save = useMutation({
    mutationFn: () =>
      assessmentApi.save(slug, draft.quarter, {
        answers: Object.fromEntries(
          Object.entries(answers).map(([id, a]) => [id, { score: a.score ?? 0, comment: a.comment }]),
        ),
        stage,
        notes,
      }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(assessmentKeys.one(slug, draft.quarter), saved);
      await queryClient.invalidateQueries({ queryKey: assessmentKeys.all(slug) });
      notifySuccess(`The ${draft.quarter} assessment is saved.`);
      onSaved(draft.quarter);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field) {
        const key = error.field === 'notes' ? 'notes' : (error.field.split('.')[1] ?? error.field);
        setErrors({ [key]: error.message });
        focusField(key);
      }
    },
  });

  function focusField(key: string) {
    requestAnimationFrame(() => {
      const target = formRef.current?.querySelector<HTMLElement>(`[data-field="${key}"]`);
      target?.scrollIntoView({ block: 'center' });
      target?.querySelector<HTMLElement>('input, textarea')?.focus();
    });
  }

  function submit() {
    const found: Record<string, string> = {};
    for (const q of draft.questions) {
      if (answers[q.id]?.score == null) found[q.id] = 'Choose a score from 1 to 5.';
    }
    if (differs && !notes.trim()) {
      found.notes = `Say why you chose ${stageName(draft.stages, stage)} rather than the proposed ${stageName(draft.stages, draft.proposal.stage)}.`;
    }
    setErrors(found);
    const first = [...draft.questions.map((q) => q.id), 'notes'].find((k) => found[k]);
    if (first) {
      focusField(first);
      return;
    }
    save.mutate();
  }

  const byArea = (area: AssessmentArea) => draft.questions.filter((q) => q.area === area);
  const previous = draft.previous;
  const unanswered = draft.questions.filter((q) => answers[q.id]?.score == null).length;
  const serverError = save.error instanceof ApiError && save.error.field ? null : save.error;

  return (
    <form
      ref={formRef}
      noValidate
      aria-label={`Assessment for ${draft.quarter}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="lg">
        <Section
          title={`Figures for ${draft.quarter} so far`}
          description={
            <>
              {periodText(draft.periodStart, draft.periodEnd, { soFar: true, timeZone })}, computed now and saved with
              the assessment.
              {previous && ` Changes are against the ${previous.quarter} assessment.`}
            </>
          }
        >
          <HeadlineTiles figures={draft.headline} change={draft.change} label={`Figures for ${draft.quarter}`} />
        </Section>

        {(['domain', 'community', 'practice'] as const).map((area) => (
          <Section key={area} title={areaLabels[area].title} description={areaLabels[area].about}>
            <Stack gap="xl">
              {byArea(area).map((q) => (
                <QuestionField
                  key={q.id}
                  question={q}
                  value={answers[q.id]!}
                  previous={previous?.answers[q.id]?.score ?? null}
                  previousQuarter={previous?.quarter ?? null}
                  error={errors[q.id]}
                  onChange={(next) => {
                    setAnswers((all) => ({ ...all, [q.id]: next }));
                    if (errors[q.id] && next.score != null) setErrors(({ [q.id]: _, ...rest }) => rest);
                  }}
                />
              ))}
            </Stack>
          </Section>
        ))}

        <Section
          title="Maturity stage"
          description="Proposed from the figures. Confirm it, or choose the stage you see and say why."
        >
          <Card
            component="section"
            aria-labelledby={`${formId}-proposal`}
            bg="lagoon.0"
            withBorder={false}
            padding="md"
          >
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <IconBulb size={18} aria-hidden color="var(--mantine-color-lagoon-9)" />
                <Text fw={650} id={`${formId}-proposal`}>
                  What the figures propose
                </Text>
              </Group>
              <Group gap="xs">
                <StageBadge stage={draft.proposal.stage} stages={draft.stages} size="lg" />
                {previous && (
                  <Text size="sm" c="dark.5">
                    Last time ({previous.quarter}): {stageName(draft.stages, previous.stage)}
                  </Text>
                )}
              </Group>
              <Box component="ul" m={0} pl="lg" aria-label="Why">
                {draft.proposal.reasons.map((r) => (
                  <Text component="li" size="sm" key={r}>
                    {r}
                  </Text>
                ))}
              </Box>
            </Stack>
          </Card>
          <Radio.Group
            value={stage}
            onChange={(v) => setStage(v as MaturityStage)}
            label="Stage for this quarter"
            description="Each stage’s meaning is below its name."
          >
            <Stack gap="sm" mt="xs">
              {draft.stages.map((s) => (
                <Radio
                  key={s.id}
                  value={s.id}
                  label={
                    <Group gap={6} component="span">
                      <Text component="span" fw={600} size="sm">
                        {s.label}
                      </Text>
                      {s.id === draft.proposal.stage && (
                        <Badge size="xs" color="lagoon" variant="light">
                          Proposed
                        </Badge>
                      )}
                    </Group>
                  }
                  description={s.definition}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Box data-field="notes">
            <Textarea
              label={differs ? 'Why this stage' : 'Notes (optional)'}
              description={
                differs
                  ? 'Required when you choose a stage other than the proposed one.'
                  : 'Anything the next assessment should know.'
              }
              required={differs}
              autosize
              minRows={3}
              maxLength={NOTES_MAX}
              value={notes}
              error={errors.notes}
              onChange={(e) => {
                setNotes(e.currentTarget.value);
                if (errors.notes) setErrors(({ notes: _, ...rest }) => rest);
              }}
            />
          </Box>
        </Section>

        {serverError ? <InlineError error={serverError} /> : null}
        {Object.keys(errors).length > 0 && (
          <Text size="sm" c="red.8" role="alert">
            {unanswered > 0
              ? `${unanswered === 1 ? 'One question has' : `${unanswered} questions have`} no score yet.`
              : errors.notes
                ? 'Add a note for the stage you chose.'
                : errorMessage(save.error)}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save assessment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuestionField({
  question: q,
  value,
  previous,
  previousQuarter,
  error,
  onChange,
}: {
  question: AssessmentQuestion;
  value: AnswerState;
  previous: number | null;
  previousQuarter: string | null;
  error?: string;
  onChange: (next: AnswerState) => void;
}) {
  const id = useId();
  return (
    <Box
      component="fieldset"
      data-field={q.id}
      aria-describedby={`${id}-help`}
      m={0}
      p={0}
      style={{ border: 0, minWidth: 0 }}
    >
      <Text component="legend" fw={650} id={`${id}-prompt`} p={0} mb={6}>
        {q.prompt}
      </Text>
      <Stack gap={6}>
        <Text size="sm" c="dark.4" id={`${id}-help`}>
          {q.help}
        </Text>
        <SegmentedControl
          aria-labelledby={`${id}-prompt`}
          aria-describedby={error ? `${id}-error` : undefined}
          fullWidth
          value={value.score === null ? '' : String(value.score)}
          onChange={(v) => onChange({ ...value, score: Number(v) })}
          data={SCORES.map((s) => ({
            value: s,
            label: (
              <span>
                {s}
                {s === '1' && <span className="cp-visually-hidden"> – {q.low}</span>}
                {s === '5' && <span className="cp-visually-hidden"> – {q.high}</span>}
              </span>
            ),
          }))}
          color="lagoon"
          style={error ? { outline: '2px solid var(--mantine-color-red-8)', outlineOffset: 2 } : undefined}
        />
        <Group justify="space-between" gap="xs" wrap="nowrap" aria-hidden>
          <Text size="xs" c="dark.4">
            1 · {q.low}
          </Text>
          <Text size="xs" c="dark.4" ta="right">
            5 · {q.high}
          </Text>
        </Group>
        {error && (
          <Text size="xs" c="red.8" id={`${id}-error`}>
            {error}
          </Text>
        )}
        {previous !== null && (
          <Text size="xs" c="dark.4">
            Last time ({previousQuarter}): {previous} of 5
          </Text>
        )}
        <Textarea
          label="Comment (optional)"
          size="sm"
          autosize
          minRows={1}
          maxLength={COMMENT_MAX}
          value={value.comment}
          onChange={(e) => onChange({ ...value, comment: e.currentTarget.value })}
        />
      </Stack>
    </Box>
  );
}
