import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { CreditInput, CreditRole, Person } from '../../../common/api-types';
import { creditRoles, limits } from '../../../common/limits';
import { CREDIT_ROLES } from './Credits';
import { MemberSelect } from '../conversations/MemberSelect';

/** One credit as the form holds it: a member (by id, with their name for display) or a name only. */
export interface CreditDraft {
  key: string;
  role: CreditRole;
  who: 'member' | 'name';
  userId: string | null;
  person: Person | null;
  name: string;
}

/** A credit as the server sends it (in a resource or a draft), made editable. */
export function toDraft(c: {
  role: CreditInput['role'];
  name?: string | null;
  userId?: string | null;
  user?: Person | null;
}): CreditDraft {
  const userId = c.user?.id ?? c.userId ?? null;
  const name = c.user?.name ?? c.name ?? '';
  return {
    key: newCreditKey(),
    role: c.role,
    who: userId ? 'member' : 'name',
    userId,
    person: userId ? (c.user ?? { id: userId, name: name || 'A member', handle: '' }) : null,
    name,
  };
}

export function toCreditInput(credits: CreditDraft[]): CreditInput[] {
  return credits.flatMap((c): CreditInput[] => {
    if (c.who === 'member') return c.userId ? [{ role: c.role, userId: c.userId }] : [];
    const name = c.name.trim();
    return name ? [{ role: c.role, name }] : [];
  });
}

let nextKey = 0;
export function newCreditKey(): string {
  nextKey += 1;
  return `credit-${nextKey}`;
}

export function blankCredit(role: CreditRole = 'source'): CreditDraft {
  return { key: newCreditKey(), role, who: 'name', userId: null, person: null, name: '' };
}

/**
 * Who a resource is credited to, row by row: whether they brought it or it is their work, and
 * either a member of the community (linked, and told) or just a name (an author elsewhere).
 */
export function CreditsEditor({
  slug,
  value,
  onChange,
  errors,
}: {
  slug: string;
  value: CreditDraft[];
  onChange: (value: CreditDraft[]) => void;
  /** Server errors by row index ("credits.2.userId" → 2). */
  errors: Record<number, string>;
}) {
  const set = (index: number, patch: Partial<CreditDraft>) =>
    onChange(value.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <Fieldset legend="Credits" radius="md" id="resource-credits" tabIndex={-1}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Name who brought it to the community and whose work it is. Members you pick are linked to their profile and
          told they were credited.
        </Text>
        {value.length === 0 && (
          <Text size="sm" c="dimmed" fs="italic">
            No credits yet.
          </Text>
        )}
        <Stack gap="md" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
          {value.map((credit, index) => {
            const n = index + 1;
            const rowError = errors[index];
            return (
              <li key={credit.key} className="cp-credit-row">
                <Stack gap={8}>
                  <Group gap="sm" align="flex-end" wrap="wrap">
                    <NativeSelect
                      label={`Credit ${n}: role`}
                      value={credit.role}
                      onChange={(e) => set(index, { role: e.currentTarget.value as CreditRole })}
                      data={creditRoles.map((r) => ({
                        value: r,
                        label: `${CREDIT_ROLES[r].label}: ${CREDIT_ROLES[r].short}`,
                      }))}
                      style={{ flex: '1 1 220px' }}
                    />
                    <SegmentedControl
                      aria-label={`Credit ${n}: a member or a name`}
                      value={credit.who}
                      onChange={(v) => set(index, { who: v as 'member' | 'name' })}
                      data={[
                        { value: 'member', label: 'Member' },
                        { value: 'name', label: 'Name' },
                      ]}
                    />
                  </Group>
                  <Group gap="xs" align="flex-start" wrap="nowrap">
                    {credit.who === 'member' ? (
                      <MemberSelect
                        slug={slug}
                        label={`Credit ${n}: member`}
                        value={credit.userId}
                        initial={credit.person}
                        onChange={(userId, person) => set(index, { userId, person, name: person?.name ?? credit.name })}
                        error={rowError}
                        style={{ flex: 1, minWidth: 0 }}
                      />
                    ) : (
                      <TextInput
                        label={`Credit ${n}: name`}
                        placeholder="e.g. Etienne Wenger-Trayner, or a team"
                        value={credit.name}
                        maxLength={limits.name}
                        onChange={(e) => set(index, { name: e.currentTarget.value })}
                        error={rowError}
                        style={{ flex: 1, minWidth: 0 }}
                      />
                    )}
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      c="red.9"
                      size="lg"
                      mt={26}
                      aria-label={`Remove credit ${n}${credit.name ? ` (${credit.name})` : ''}`}
                      onClick={() => onChange(value.filter((_, i) => i !== index))}
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                </Stack>
              </li>
            );
          })}
        </Stack>
        {value.length < limits.resourceCredits && (
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => onChange([...value, blankCredit()])}
            >
              Add a credit
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}
