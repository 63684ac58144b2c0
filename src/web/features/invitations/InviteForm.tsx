import { Button, Card, NativeSelect, Stack, Textarea, Title } from '@mantine/core';
import { limits } from '../../../common/limits';
import { TagField } from '../../ui/TagField';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys } from '../../api';
import { applyFieldError } from '../../ui/formErrors';
import { plural } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { InlineError } from '../../ui/PageState';

interface InviteValues {
  emails: string[];
  role: 'member' | 'core';
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteForm({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<InviteValues>({
    initialValues: { emails: [], role: 'member', message: '' },
    validate: {
      emails: (v) => {
        if (v.length === 0) return 'Add at least one email address';
        const bad = v.find((e) => !EMAIL.test(e));
        return bad ? `${bad} is not a valid email address` : null;
      },
    },
  });
  const invite = useMutation({
    mutationFn: (values: InviteValues) =>
      api.invite(slug, {
        emails: values.emails,
        role: values.role,
        message: values.message.trim() || undefined,
      }),
    onSuccess: (result) => {
      notifySuccess(`${plural(result.items.length, 'invitation')} sent.`);
      form.reset();
      return queryClient.invalidateQueries({ queryKey: keys.invitations(slug) });
    },
    onError: (error) => {
      if (!applyFieldError(form, error, ['emails', 'role', 'message'])) setFormError(error);
    },
  });

  return (
    <Card component="section" aria-labelledby="invite-title">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          invite.mutate(values);
        })}
      >
        <Stack gap="md">
          <Title order={3} size="h4" id="invite-title">
            Invite people
          </Title>
          <InlineError error={formError} />
          <TagField
            label="Email addresses"
            description="Paste several at once, or press Enter after each."
            placeholder="name@example.org"
            separators={/[\s,;]+/}
            normalize={(v) => v.trim().toLowerCase()}
            maxTags={limits.invitationsPerRequest}
            maxLength={limits.email}
            value={form.values.emails}
            onChange={(emails) => form.setFieldValue('emails', emails)}
            error={form.errors.emails}
          />
          <NativeSelect
            label="Invite as"
            data={[
              { value: 'member', label: 'Member' },
              { value: 'core', label: 'Core group' },
            ]}
            {...form.getInputProps('role')}
          />
          <Textarea
            label="Personal message (optional)"
            maxLength={limits.statement}
            description="A line on why you thought of them."
            autosize
            minRows={3}
            {...form.getInputProps('message')}
          />
          <Button type="submit" loading={invite.isPending}>
            Send invitations
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
