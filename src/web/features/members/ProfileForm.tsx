import { Button, Card, Checkbox, Group, NativeSelect, Stack, Textarea, Title } from '@mantine/core';
import { limits } from '../../../common/limits';
import { TagField } from '../../ui/TagField';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { LEARNING_FORMATS, type LearningFormat, type Member } from '../../../common/api-types';
import { api, keys } from '../../api';
import { applyFieldError } from '../../ui/formErrors';
import { labels } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';

interface ProfileValues {
  bio: string;
  expertise: string[];
  interests: string[];
  learningFormats: LearningFormat[];
  timeZone: string | null;
}

const FIELDS = ['bio', 'expertise', 'interests', 'learningFormats', 'timeZone'];

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function ProfileForm({ slug, member }: { slug: string; member: Member }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const zones = useMemo(() => {
    const list = timeZones();
    return member.timeZone && !list.includes(member.timeZone) ? [member.timeZone, ...list] : list;
  }, [member.timeZone]);
  const form = useForm<ProfileValues>({
    initialValues: {
      bio: member.bio ?? '',
      expertise: member.expertise,
      interests: member.interests,
      learningFormats: member.learningFormats,
      timeZone: member.timeZone,
    },
  });
  const save = useMutation({
    mutationFn: (values: ProfileValues) => api.updateProfile(slug, member.userId, values),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.member(slug, member.userId), updated);
      void queryClient.invalidateQueries({ queryKey: keys.members(slug) });
      form.resetDirty();
      notifySuccess('Profile saved.');
    },
    onError: (error) => {
      if (!applyFieldError(form, error, FIELDS)) setFormError(error);
    },
  });

  const guessZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const listProps = (field: 'expertise' | 'interests') => ({
    value: form.values[field],
    onChange: (value: string[]) => form.setFieldValue(field, value),
    error: form.errors[field],
    maxTags: limits.listItems,
    maxLength: limits.listItem,
  });

  return (
    <Card component="section" aria-labelledby="edit-profile-title">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          save.mutate({ ...values, bio: values.bio.trim() });
        })}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="edit-profile-title">
            Edit your profile in this community
          </Title>
          <InlineError error={formError} />
          <Textarea
            label="Bio"
            maxLength={limits.bio}
            description="Your practice, in a few lines."
            autosize
            minRows={3}
            {...form.getInputProps('bio')}
          />
          <TagField
            label="Expertise"
            description="What people can ask you about. Press Enter after each."
            {...listProps('expertise')}
          />
          <TagField
            label="Interests"
            description="What you want to learn more about. Press Enter after each."
            {...listProps('interests')}
          />
          <Checkbox.Group label="How you like to learn" {...form.getInputProps('learningFormats')}>
            <Group gap="md" mt="xs">
              {LEARNING_FORMATS.map((f) => (
                <Checkbox key={f} value={f} label={labels.format[f]} />
              ))}
            </Group>
          </Checkbox.Group>
          <NativeSelect
            label="Time zone"
            description={
              guessZone && form.values.timeZone !== guessZone ? `Your browser says ${guessZone}.` : undefined
            }
            data={[{ value: '', label: 'Not shared' }, ...zones]}
            value={form.values.timeZone ?? ''}
            onChange={(e) => form.setFieldValue('timeZone', e.currentTarget.value || null)}
            error={form.errors.timeZone}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
