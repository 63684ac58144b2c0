import { Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { CanvasInput } from '../../../common/api-types';
import { ApiError } from '../../api';
import { fieldRoot } from '../../ui/formErrors';
import { InlineError } from '../../ui/PageState';
import { CANVAS_FIELDS, STEP_FIELDS, stepOfField } from './canvas';
import { canvasValidators } from './canvasValidation';
import { StepAccess, StepActivities, StepNeed, StepPeople, StepPurpose } from './CanvasSteps';

const STEPS = [
  { label: 'Need & domain', title: 'Need & domain' },
  { label: 'Purpose & values', title: 'Purpose & values' },
  { label: 'People', title: 'People' },
  { label: 'Activities', title: 'Activities & success' },
  { label: 'Access & topics', title: 'Access & topics' },
];

export function CanvasForm({
  initial,
  submitLabel,
  pending,
  autoSlug,
  onSubmit,
}: {
  initial: CanvasInput;
  submitLabel: string;
  pending: boolean;
  autoSlug: boolean;
  onSubmit: (values: CanvasInput, onError: (error: unknown) => void) => void;
}) {
  const [active, setActive] = useState(0);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<CanvasInput>({ initialValues: initial, validate: canvasValidators });
  const last = STEPS.length - 1;
  const compact = useMediaQuery('(max-width: 48em)');

  const validateStep = (step: number) => {
    let ok = true;
    for (const field of STEP_FIELDS[step]) if (form.validateField(field).hasError) ok = false;
    return ok;
  };

  const goTo = (step: number) => {
    if (step > active && !validateStep(active)) return;
    setActive(step);
  };

  const handleServerError = (error: unknown) => {
    if (error instanceof ApiError && error.field && (CANVAS_FIELDS as string[]).includes(fieldRoot(error.field))) {
      form.setFieldError(fieldRoot(error.field), error.message);
      setActive(stepOfField(error.field));
      return;
    }
    setFormError(error);
  };

  const submit = form.onSubmit(
    (values) => {
      if (active < last) return goTo(active + 1);
      setFormError(null);
      onSubmit(trimCanvas(values), handleServerError);
    },
    (errors) => {
      const first = Object.keys(errors)[0];
      if (first) setActive(stepOfField(first));
    },
  );

  return (
    <form noValidate onSubmit={submit} aria-label="Kick-off canvas">
      <Stack gap="lg">
        <InlineError error={formError} />
        <Stepper active={active} onStepClick={(step) => goTo(step)} size="sm" wrap={false} keepMounted={false}>
          {STEPS.map((step, index) => (
            <Stepper.Step
              key={step.label}
              label={compact ? undefined : step.label}
              aria-label={compact ? `Step ${index + 1}` : undefined}
            >
              <Paper withBorder p={{ base: 'md', sm: 'xl' }} mt="md">
                <Title order={2} size="h4" mb="sm">
                  {index + 1}. {step.title}
                </Title>
                {index === 0 && <StepNeed form={form} autoSlug={autoSlug} />}
                {index === 1 && <StepPurpose form={form} />}
                {index === 2 && <StepPeople form={form} />}
                {index === 3 && <StepActivities form={form} />}
                {index === 4 && <StepAccess form={form} />}
              </Paper>
            </Stepper.Step>
          ))}
        </Stepper>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Step {active + 1} of {STEPS.length}
          </Text>
          <Group gap="sm">
            {active > 0 && (
              <Button variant="default" onClick={() => setActive(active - 1)}>
                Back
              </Button>
            )}
            {active < last ? (
              <Button type="submit">Next step</Button>
            ) : (
              <Button type="submit" loading={pending}>
                {submitLabel}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function trimCanvas(values: CanvasInput): CanvasInput {
  const clean = (list: string[]) => list.map((v) => v.trim()).filter(Boolean);
  return {
    ...values,
    name: values.name.trim(),
    slug: values.slug.trim(),
    need: values.need.trim(),
    domain: values.domain.trim(),
    purpose: values.purpose.trim(),
    audience: values.audience.trim(),
    values: clean(values.values),
    activities: clean(values.activities),
    successMeasures: clean(values.successMeasures),
    topics: clean(values.topics),
  };
}
