import { NativeSelect, Radio, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { COMMUNITY_TYPES, type CanvasInput } from '../../../common/api-types';
import { labels } from '../../ui/format';
import { slugify } from './canvas';

type CanvasFormType = UseFormReturnType<CanvasInput>;

const TAG_HINT = 'Press Enter after each one.';

function StepIntro({ children }: { children: string }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

export function StepNeed({ form, autoSlug }: { form: CanvasFormType; autoSlug: boolean }) {
  const [slugTouched, setSlugTouched] = useState(!autoSlug);
  const nameProps = form.getInputProps('name');
  return (
    <Stack gap="md">
      <StepIntro>Every lasting community starts with a shared need and a clear scope.</StepIntro>
      <TextInput
        label="Community name"
        required
        {...nameProps}
        onChange={(event) => {
          const name = event.currentTarget.value;
          form.setFieldValue('name', name);
          if (!slugTouched) form.setFieldValue('slug', slugify(name));
        }}
      />
      <TextInput
        label="Web address"
        description={`Your community will live at /c/${form.values.slug || 'your-community'}`}
        required
        {...form.getInputProps('slug')}
        onChange={(event) => {
          setSlugTouched(true);
          form.setFieldValue('slug', event.currentTarget.value.toLowerCase());
        }}
      />
      <Textarea
        label="The need"
        description="What problem do practitioners keep solving alone?"
        required
        autosize
        minRows={3}
        {...form.getInputProps('need')}
      />
      <Textarea
        label="Domain"
        description="The shared area of practice, and where its edges are."
        required
        autosize
        minRows={3}
        {...form.getInputProps('domain')}
      />
    </Stack>
  );
}

export function StepPurpose({ form }: { form: CanvasFormType }) {
  return (
    <Stack gap="md">
      <StepIntro>A purpose people can repeat, and the values you will hold each other to.</StepIntro>
      <Textarea label="Purpose" required autosize minRows={3} {...form.getInputProps('purpose')} />
      <TagsInput
        label="Values"
        description={TAG_HINT}
        placeholder="e.g. Generosity"
        clearable
        {...form.getInputProps('values')}
      />
    </Stack>
  );
}

export function StepPeople({ form }: { form: CanvasFormType }) {
  return (
    <Stack gap="md">
      <StepIntro>Who should find a home here, and what kind of community is it?</StepIntro>
      <Textarea
        label="Who it is for"
        description="The practitioners you hope to bring together."
        autosize
        minRows={3}
        {...form.getInputProps('audience')}
      />
      <NativeSelect
        label="Community type"
        data={COMMUNITY_TYPES.map((t) => ({ value: t, label: labels.type[t] }))}
        {...form.getInputProps('type')}
      />
    </Stack>
  );
}

export function StepActivities({ form }: { form: CanvasFormType }) {
  return (
    <Stack gap="md">
      <StepIntro>What you plan to do together, and how you will know it is working.</StepIntro>
      <TagsInput
        label="Planned activities"
        description={TAG_HINT}
        placeholder="e.g. Monthly show-and-tell"
        clearable
        {...form.getInputProps('activities')}
      />
      <TagsInput
        label="Success measures"
        description={TAG_HINT}
        placeholder="e.g. Questions answered within a day"
        clearable
        {...form.getInputProps('successMeasures')}
      />
    </Stack>
  );
}

export function StepAccess({ form }: { form: CanvasFormType }) {
  const isPrivate = form.values.visibility === 'private';
  return (
    <Stack gap="lg">
      <Radio.Group
        label="Visibility"
        {...form.getInputProps('visibility')}
        onChange={(value) => {
          form.setFieldValue('visibility', value as CanvasInput['visibility']);
          if (value === 'private') form.setFieldValue('joining', 'invitation');
        }}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="public" label="Public" description="Listed in the directory; anyone can read about it." />
          <Radio value="private" label="Private" description="Hidden from people who are not members." />
        </Stack>
      </Radio.Group>
      <Radio.Group label="How people join" {...form.getInputProps('joining')}>
        <Stack gap="xs" mt="xs">
          <Radio value="open" label="Anyone can join" disabled={isPrivate} />
          <Radio value="request" label="By request, approved by a coordinator" disabled={isPrivate} />
          <Radio value="invitation" label="By invitation only" />
        </Stack>
      </Radio.Group>
      <TagsInput
        label="Topics"
        description={`The key issues members will talk about. ${TAG_HINT}`}
        placeholder="e.g. Onboarding"
        clearable
        {...form.getInputProps('topics')}
      />
    </Stack>
  );
}
