import { NativeSelect, Radio, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { COMMUNITY_TYPES, type CanvasInput } from '../../../common/api-types';
import { labels } from '../../ui/format';
import { TagField } from '../../ui/TagField';
import { limits } from '../../../common/limits';
import { slugify } from './canvas';
import { allTimeZones } from '../events/time';

const zones = allTimeZones();

type CanvasFormType = UseFormReturnType<CanvasInput>;

const TAG_HINT = 'Press Enter after each one.';

function listProps(
  form: CanvasFormType,
  field: 'values' | 'activities' | 'successMeasures' | 'topics',
  maxTags: number = limits.listItems,
) {
  return {
    value: form.values[field],
    onChange: (value: string[]) => form.setFieldValue(field, value),
    error: form.errors[field],
    maxTags,
    maxLength: limits.listItem,
  };
}

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
        maxLength={limits.name}
        {...nameProps}
        onChange={(event) => {
          const name = event.currentTarget.value;
          form.setFieldValue('name', name);
          if (!slugTouched) form.setFieldValue('slug', slugify(name));
        }}
      />
      <TextInput
        label="Web address"
        maxLength={limits.slug}
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
        maxLength={limits.statement}
        description="What problem do practitioners keep solving alone?"
        required
        autosize
        minRows={3}
        {...form.getInputProps('need')}
      />
      <Textarea
        label="Domain"
        maxLength={limits.statement}
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
      <Textarea
        label="Purpose"
        required
        maxLength={limits.statement}
        autosize
        minRows={3}
        {...form.getInputProps('purpose')}
      />
      <TagField label="Values" description={TAG_HINT} placeholder="e.g. Generosity" {...listProps(form, 'values')} />
    </Stack>
  );
}

export function StepPeople({ form }: { form: CanvasFormType }) {
  return (
    <Stack gap="md">
      <StepIntro>Who should find a home here, and what kind of community is it?</StepIntro>
      <Textarea
        label="Who it is for"
        maxLength={limits.statement}
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
      <TagField
        label="Planned activities"
        description={TAG_HINT}
        placeholder="e.g. Monthly show-and-tell"
        {...listProps(form, 'activities')}
      />
      <TagField
        label="Success measures"
        description={TAG_HINT}
        placeholder="e.g. Questions answered within a day"
        {...listProps(form, 'successMeasures')}
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
      <TagField
        label="Topics"
        description={`The key issues members will talk about. ${TAG_HINT}`}
        placeholder="e.g. Onboarding"
        {...listProps(form, 'topics', limits.topics)}
      />
      <Switch
        label="Allow tags beyond the topics"
        description="When on, members can tag posts with words of their own. When off, posts can only be tagged with the topics above, which keeps the community’s vocabulary tidy."
        {...form.getInputProps('allowFreeTags', { type: 'checkbox' })}
      />
      <Select
        label="The community's time zone"
        description="The weekly round-up is drafted on Monday mornings at 07:00 in this zone, for the coordinators to edit and send."
        data={zones}
        searchable
        allowDeselect={false}
        nothingFoundMessage="No such time zone"
        {...form.getInputProps('timeZone')}
      />
    </Stack>
  );
}
