import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconDeviceFloppy, IconInfoCircle, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Survey, SurveyInput, SurveyQuestionKind } from '../../../common/api-types';
import { limits } from '../../../common/limits';
import { ApiError } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime, plural, todayIso } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, InlineError, Loading } from '../../ui/PageState';
import { LeaveWithoutSavingModal, useUnsavedChangesGuard } from '../../ui/UnsavedChanges';
import { useCommunityContext } from '../communities/CommunityLayout';
import { surveyKeys, surveysApi } from './api';
import {
  blankQuestion,
  newKey,
  QuestionEditor,
  questionErrors,
  type DraftQuestion,
  type QuestionErrors,
} from './QuestionBuilder';
import { ANONYMOUS_PROMISE, KIND_LABELS, SURVEY_KINDS, SurveyStatusBadge } from './shared';

/** Builds a new survey (`/surveys/new/edit`) or edits one: a draft wholly, a sent one only in its words and closing day. */
export function SurveyEditorPage() {
  const community = useCommunityContext();
  const slug = community.slug;
  const { surveyId = '' } = useParams();
  const creating = surveyId === 'new';
  const allowed = community.abilities.manageSurveys;
  const survey = useQuery({
    queryKey: surveyKeys.one(slug, surveyId),
    queryFn: () => surveysApi.get(slug, surveyId),
    enabled: allowed && !creating,
  });
  useDocumentTitle(`${creating ? 'New survey' : `Edit ${survey.data?.title ?? 'survey'}`} · ${community.name}`);

  if (!allowed) return <NotFound />;
  if (creating) return <Editor key="new" slug={slug} communityName={community.name} survey={null} />;
  if (survey.isPending) return <Loading label="Loading the survey" />;
  if (survey.error) return <ErrorState error={survey.error} onRetry={() => void survey.refetch()} />;
  return <Editor key={survey.data.id} slug={slug} communityName={community.name} survey={survey.data} />;
}

interface Form {
  title: string;
  intro: string;
  anonymous: boolean;
  /** YYYY-MM-DD, or '' for no closing day. */
  closesOn: string;
  questions: DraftQuestion[];
}

/** A closing day as the survey stores it: the end of that day, in the coordinator's own time zone. */
const endOfDay = (day: string) => new Date(`${day}T23:59:00`).toISOString();
const dayOf = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

function formOf(survey: Survey | null): Form {
  if (!survey) return { title: '', intro: '', anonymous: false, closesOn: '', questions: [] };
  return {
    title: survey.title,
    intro: survey.intro,
    anonymous: survey.anonymous,
    closesOn: dayOf(survey.closesAt),
    questions: survey.questions.map((q) => ({
      key: newKey(),
      kind: q.kind,
      prompt: q.prompt,
      options: q.options,
      required: q.required,
    })),
  };
}

/** The form as it compares with what is saved: keys are the editor's own and say nothing. */
const fingerprint = (f: Form) => JSON.stringify({ ...f, questions: f.questions.map(({ key: _key, ...q }) => q) });

function Editor({ slug, communityName, survey }: { slug: string; communityName: string; survey: Survey | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const draft = !survey || survey.status === 'draft';
  const closed = survey?.status === 'closed';

  const [form, setForm] = useState<Form>(() => formOf(survey));
  const saved = useRef(fingerprint(formOf(survey)));
  const dirty = fingerprint(form) !== saved.current;
  const [tried, setTried] = useState(false);
  const [serverQuestionErrors, setServerQuestionErrors] = useState<Record<string, QuestionErrors>>({});
  const [sendOpen, setSendOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [announce, setAnnounce] = useState('');
  // Read when a navigation starts, which may be before the next render (right after a save).
  const formRef = useRef(form);
  formRef.current = form;
  const blocker = useUnsavedChangesGuard(() => fingerprint(formRef.current) !== saved.current);
  // Keeps keyboard focus where the person was working: on the moved question's button, on a new
  // question's words, or on the add buttons after a removal (a moved or removed element loses focus).
  const pendingFocus = useRef<{ id: string; until: number } | null>(null);
  useEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    pendingFocus.current = null;
    if (Date.now() <= want.until) document.getElementById(want.id)?.focus();
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const errors = useMemo(() => {
    const byQuestion: Record<string, QuestionErrors> = {};
    for (const q of form.questions) {
      const e = { ...questionErrors(q), ...serverQuestionErrors[q.key] };
      if (e.prompt || e.options) byQuestion[q.key] = e;
    }
    return {
      title: form.title.trim() ? undefined : 'Give the survey a title.',
      closesOn: form.closesOn && form.closesOn < todayIso() ? 'Choose today or a later day.' : undefined,
      questions: draft && form.questions.length === 0 ? 'Add at least one question.' : undefined,
      byQuestion,
    };
  }, [form, draft, serverQuestionErrors]);
  const invalid =
    !!errors.title || !!errors.closesOn || !!errors.questions || Object.keys(errors.byQuestion).length > 0;
  const shown = tried ? errors : { title: undefined, closesOn: undefined, questions: undefined, byQuestion: {} };

  const body = (): SurveyInput => ({
    title: form.title.trim(),
    intro: form.intro,
    anonymous: form.anonymous,
    closesAt: form.closesOn ? endOfDay(form.closesOn) : null,
    questions: form.questions.map((q) => ({
      kind: q.kind,
      prompt: q.prompt.trim(),
      ...(q.options.length ? { options: q.options.map((o) => o.trim()) } : {}),
      required: q.required,
    })),
  });

  const afterSave = (next: Survey) => {
    queryClient.setQueryData(surveyKeys.one(slug, next.id), next);
    void queryClient.invalidateQueries({ queryKey: surveyKeys.list(slug) });
  };

  /** A refusal that names a question's field goes next to it; the rest shows above the buttons. */
  const placeError = (error: unknown) => {
    const at = questionField(error);
    const q = at && form.questions[at.index];
    if (q) setServerQuestionErrors({ [q.key]: { [at.part]: (error as ApiError).message } });
  };

  const save = useMutation({
    mutationFn: async (): Promise<Survey> => {
      const input = body();
      if (!survey) return surveysApi.create(slug, input);
      if (draft) return surveysApi.update(slug, survey.id, input);
      return surveysApi.update(slug, survey.id, { title: input.title, intro: input.intro, closesAt: input.closesAt });
    },
    onSuccess: (next) => {
      saved.current = fingerprint(form);
      afterSave(next);
      notifySuccess(survey ? 'Saved.' : 'The draft is saved.');
      if (!survey) void navigate(`/c/${slug}/surveys/${next.id}/edit`, { replace: true });
    },
    onError: (error) => {
      placeError(error);
    },
  });

  const trySave = async () => {
    setTried(true);
    setServerQuestionErrors({});
    if (invalid) {
      setAnnounce('Some fields need attention before the survey can be saved.');
      return null;
    }
    return save.mutateAsync().catch(() => null);
  };

  const send = useMutation({
    mutationFn: async () => {
      if (dirty) {
        const stored = await save.mutateAsync();
        return surveysApi.send(slug, stored.id);
      }
      return surveysApi.send(slug, survey!.id);
    },
    onSuccess: (next) => {
      afterSave(next);
      setSendOpen(false);
      notifySuccess('The survey is on its way to every member.');
      void navigate(`/c/${slug}/surveys/${next.id}`);
    },
  });

  const remove = useMutation({
    mutationFn: () => surveysApi.remove(slug, survey!.id),
    onSuccess: async () => {
      saved.current = fingerprint(form);
      queryClient.removeQueries({ queryKey: surveyKeys.one(slug, survey!.id) });
      await queryClient.invalidateQueries({ queryKey: surveyKeys.list(slug) });
      notifySuccess('The draft is deleted.');
      void navigate(`/c/${slug}/surveys`);
    },
  });

  // ── The questions ──────────────────────────────────────────────────────────
  const setQuestion = (key: string, next: DraftQuestion) => {
    setServerQuestionErrors((e) => (e[key] ? {} : e));
    setForm((f) => ({ ...f, questions: f.questions.map((q) => (q.key === key ? next : q)) }));
  };
  const addQuestion = (kind: SurveyQuestionKind) => {
    const q = blankQuestion(kind);
    setForm((f) => ({ ...f, questions: [...f.questions, q] }));
    pendingFocus.current = { id: `${q.key}-prompt`, until: Date.now() + 2_000 };
    setAnnounce(`Added question ${form.questions.length + 1}, ${KIND_LABELS[kind].toLowerCase()}.`);
  };
  const removeQuestion = (index: number) => {
    setForm((f) => ({ ...f, questions: f.questions.filter((_, i) => i !== index) }));
    setAnnounce(`Removed question ${index + 1}.`);
    pendingFocus.current = { id: 'add-question', until: Date.now() + 2_000 };
  };
  const moveQuestion = (index: number, by: -1 | 1) => {
    const order = [...form.questions];
    const [q] = order.splice(index, 1);
    order.splice(index + by, 0, q);
    setForm((f) => ({ ...f, questions: order }));
    setAnnounce(`Moved question ${index + 1} to position ${index + by + 1} of ${order.length}.`);
    const dir = by < 0 ? 'up' : 'down';
    const target = index + by;
    const keep = (dir === 'up' && target > 0) || (dir === 'down' && target < order.length - 1);
    pendingFocus.current = {
      id: `move-${keep ? dir : dir === 'up' ? 'down' : 'up'}-${q.key}`,
      until: Date.now() + 2_000,
    };
  };
  if (closed) {
    return (
      <>
        <BackLink slug={slug} />
        <PageHeader order={2} title={survey!.title} />
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />} title="This survey is closed">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">A closed survey no longer changes.</Text>
            <Anchor component={Link} to={`/c/${slug}/surveys/${survey!.id}`} size="sm">
              See its results
            </Anchor>
          </Stack>
        </Alert>
      </>
    );
  }

  const audience = survey?.audience ?? 0;
  const sendLabel = `Send to ${plural(audience, 'member')}`;

  return (
    <>
      <BackLink slug={slug} />
      <PageHeader
        order={2}
        title={survey ? form.title.trim() || survey.title : 'New survey'}
        description={
          survey ? (
            <Group gap="xs" component="span">
              <SurveyStatusBadge status={survey.status} />
              <span>
                {draft ? 'Not sent yet' : `Sent ${formatDateTime(survey.sentAt)}`} ·{' '}
                {plural(form.questions.length, 'question')}
              </span>
            </Group>
          ) : (
            'Write the questions, save the draft, then send it to every member.'
          )
        }
        actions={
          survey &&
          draft && (
            <Button
              variant="subtle"
              color="red"
              c="red.9"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setDeleteOpen(true)}
            >
              Delete draft
            </Button>
          )
        }
      />
      <VisuallyHidden role="status" aria-live="polite">
        {announce}
      </VisuallyHidden>

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void trySave();
        }}
      >
        <Stack gap="lg" maw={760}>
          <Card component="section" aria-labelledby="survey-about">
            <Stack gap="md">
              <Title order={3} size="h4" id="survey-about">
                About the survey
              </Title>
              <TextInput
                label="Title"
                required
                maxLength={limits.surveyTitle}
                value={form.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                error={shown.title}
                placeholder="How are we doing?"
              />
              <Textarea
                label="Introduction"
                description="A few words members read before the questions: why you ask, and what you will do with the answers."
                autosize
                minRows={3}
                maxRows={10}
                maxLength={limits.surveyIntro}
                value={form.intro}
                onChange={(e) => set('intro', e.currentTarget.value)}
              />
              <TextInput
                type="date"
                label="Closes on"
                description="Optional. The survey closes at the end of this day (your time). Leave it empty to close it yourself."
                min={todayIso()}
                value={form.closesOn}
                onChange={(e) => set('closesOn', e.currentTarget.value)}
                error={shown.closesOn}
                styles={{ input: { maxWidth: 220 } }}
              />
              <Stack gap={6}>
                <Switch
                  label="Anonymous"
                  checked={form.anonymous}
                  disabled={!draft}
                  onChange={(e) => set('anonymous', e.currentTarget.checked)}
                  description={
                    !draft ? 'Fixed once the survey is sent: members answered under this promise.' : undefined
                  }
                />
                <AnonymityNote anonymous={form.anonymous} />
              </Stack>
            </Stack>
          </Card>

          <Card component="section" aria-labelledby="survey-questions">
            <Stack gap="md">
              <Group justify="space-between" gap="xs">
                <Title order={3} size="h4" id="survey-questions">
                  Questions
                </Title>
                <Text size="sm" c="dark.4">
                  {form.questions.length} of {limits.surveyQuestions}
                </Text>
              </Group>
              {!draft ? (
                <>
                  <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
                    The questions cannot change once the survey is sent: members have answered them as they are.
                  </Alert>
                  <List type="ordered" spacing="xs">
                    {survey!.questions.map((q) => (
                      <List.Item key={q.id}>
                        <Text size="sm">
                          {q.prompt}{' '}
                          <Text span size="xs" c="dark.4">
                            ({KIND_LABELS[q.kind]}
                            {q.options.length ? `: ${q.options.join(', ')}` : ''}
                            {q.required ? '' : ', optional'})
                          </Text>
                        </Text>
                      </List.Item>
                    ))}
                  </List>
                </>
              ) : (
                <>
                  {form.questions.length === 0 && (
                    <Text
                      size="sm"
                      c={shown.questions ? 'red.9' : 'dark.4'}
                      role={shown.questions ? 'alert' : undefined}
                    >
                      {shown.questions ?? 'No questions yet. Add the first one below.'}
                    </Text>
                  )}
                  {form.questions.map((q, index) => (
                    <QuestionEditor
                      key={q.key}
                      question={q}
                      index={index}
                      count={form.questions.length}
                      errors={shown.byQuestion[q.key] ?? {}}
                      onChange={(next) => setQuestion(q.key, next)}
                      onMove={(by) => moveQuestion(index, by)}
                      onRemove={() => removeQuestion(index)}
                    />
                  ))}
                  <Stack gap={6}>
                    <Text size="sm" fw={500} id="add-question-label">
                      Add a question
                    </Text>
                    <Group gap="xs" role="group" aria-labelledby="add-question-label">
                      {SURVEY_KINDS.map((kind, i) => (
                        <Button
                          key={kind}
                          id={i === 0 ? 'add-question' : undefined}
                          variant="light"
                          size="xs"
                          leftSection={<IconPlus size={14} aria-hidden />}
                          disabled={form.questions.length >= limits.surveyQuestions}
                          onClick={() => addQuestion(kind)}
                        >
                          {KIND_LABELS[kind]}
                        </Button>
                      ))}
                    </Group>
                  </Stack>
                </>
              )}
            </Stack>
          </Card>

          {save.error && !questionField(save.error) && <InlineError error={save.error} />}
          {tried && invalid && (
            <Text size="sm" c="red.9" role="alert">
              Some fields need attention: see the messages above.
            </Text>
          )}
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="xs" c="dark.4" aria-live="polite">
              {dirty ? 'Unsaved changes' : survey ? 'All changes saved' : ''}
            </Text>
            <Group gap="sm">
              <Button
                type="submit"
                variant={draft ? 'default' : 'filled'}
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={save.isPending && !send.isPending}
                disabled={!!survey && !dirty}
              >
                {draft ? 'Save draft' : 'Save'}
              </Button>
              {survey && draft && (
                <Button
                  leftSection={<IconSend size={16} aria-hidden />}
                  onClick={() => {
                    setTried(true);
                    if (!invalid) setSendOpen(true);
                  }}
                >
                  {sendLabel}
                </Button>
              )}
            </Group>
          </Group>
        </Stack>
      </form>

      <Modal
        opened={sendOpen}
        onClose={() => setSendOpen(false)}
        title="Send this survey?"
        centered
        closeButtonProps={{ 'aria-label': 'Cancel' }}
      >
        <Stack gap="md">
          <Text size="sm">
            “{form.title.trim()}” goes to <strong>{plural(audience, 'member')}</strong> — everyone who is a current
            member of {communityName}. Each is asked in the app, and by mail unless they turned survey mail off.
          </Text>
          <Text size="sm">
            Once it is sent, its questions{form.anonymous ? ' and its anonymity' : ', and whether it is anonymous,'} can
            no longer change.
          </Text>
          {dirty && (
            <Text size="sm" c="dark.4">
              Your unsaved changes are saved first.
            </Text>
          )}
          <InlineError error={send.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setSendOpen(false)} data-autofocus>
              Cancel
            </Button>
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              loading={send.isPending}
              onClick={() => send.mutate()}
            >
              {sendLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={deleteOpen}
        title="Delete this draft?"
        confirmLabel="Delete draft"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleteOpen(false)}
      >
        “{survey?.title}” and its questions will be gone. Nobody has seen it yet.
      </ConfirmModal>
      <LeaveWithoutSavingModal blocker={blocker} />
    </>
  );
}

/** Which question (by position) and which of its fields a server refusal names, if any. */
function questionField(error: unknown): { index: number; part: 'prompt' | 'options' } | null {
  const match = error instanceof ApiError ? error.field?.match(/^questions\.(\d+)\.(prompt|options)/) : null;
  return match ? { index: Number(match[1]), part: match[2] as 'prompt' | 'options' } : null;
}

function BackLink({ slug }: { slug: string }) {
  return (
    <Anchor component={Link} to={`/c/${slug}/surveys`} size="sm" underline="hover" mb="xs" display="inline-flex">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All surveys
      </Group>
    </Anchor>
  );
}

/** What the anonymous switch means, in plain words, and what it cannot promise. */
function AnonymityNote({ anonymous }: { anonymous: boolean }) {
  return (
    <Alert color={anonymous ? 'indigo' : 'gray'} variant="light" p="sm">
      {anonymous ? (
        <Stack gap={4}>
          <Text size="sm">{ANONYMOUS_PROMISE}</Text>
          <Text size="sm">
            Results appear once {limits.surveyAnonymousMinimum} members have answered. In a small group people may still
            be recognised by what they write or by a rare choice, so ask about sensitive things with care — and read the
            results after the survey closes.
          </Text>
        </Stack>
      ) : (
        <Text size="sm">
          Not anonymous: you will see who gave each written answer, and their answers are stored with their name.
          Members are told this before they answer.
        </Text>
      )}
    </Alert>
  );
}
