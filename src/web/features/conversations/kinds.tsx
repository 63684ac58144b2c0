import { Badge, ThemeIcon, type MantineSize } from '@mantine/core';
import {
  IconHelpCircle,
  IconLifebuoy,
  IconMessages,
  IconMicrophone,
  IconSpeakerphone,
  IconTrophy,
  type Icon,
} from '@tabler/icons-react';
import { postKinds } from '../../../common/limits';
import type { PostKind, ReactionKind } from '../../../common/api-types';

export interface KindMeta {
  label: string;
  /** Plural, for filters and headings. */
  plural: string;
  /** What the kind is for, in the member's words; shown in the kind picker. */
  description: string;
  color: string;
  /** Pale hues (orange, yellow) cannot carry dark-on-light text legibly, so they are filled. */
  filled: boolean;
  icon: Icon;
}

export const KINDS: Record<PostKind, KindMeta> = {
  discussion: {
    label: 'Discussion',
    plural: 'Discussions',
    description: 'Open a topic, share an idea or a story and hear what others think.',
    color: 'blue',
    filled: false,
    icon: IconMessages,
  },
  question: {
    label: 'Question',
    plural: 'Questions',
    description: 'Ask something specific. You can accept the reply that answers it.',
    color: 'violet',
    filled: false,
    icon: IconHelpCircle,
  },
  announcement: {
    label: 'Announcement',
    plural: 'Announcements',
    description: 'News everyone in the community should see.',
    color: 'orange',
    filled: true,
    icon: IconSpeakerphone,
  },
  win: {
    label: 'Win',
    plural: 'Wins',
    description: 'Something worked! Share it so others can learn from it and celebrate with you.',
    color: 'yellow',
    filled: true,
    icon: IconTrophy,
  },
  need: {
    label: 'Need',
    plural: 'Needs',
    description: 'A problem you are stuck on — "I bet somebody else has dealt with this."',
    color: 'pink',
    filled: false,
    icon: IconLifebuoy,
  },
  ama: {
    label: 'AMA',
    plural: 'AMAs',
    description: 'Ask me anything: a host answers members’ questions during a set time window.',
    color: 'cyan',
    filled: false,
    icon: IconMicrophone,
  },
};

/** Mantine's darkest green is too light for small text on a pale green ground; this one reads at 5:1. */
export const SUCCESS_TEXT = '#1f6f33';

export const KIND_ORDER: readonly PostKind[] = postKinds;

/** Kinds whose replies can be accepted as the answer. */
export const ANSWERABLE: readonly PostKind[] = ['question', 'need'];

export function KindBadge({ kind, size = 'sm' }: { kind: PostKind; size?: MantineSize }) {
  const meta = KINDS[kind];
  const Icon = meta.icon;
  return (
    <Badge
      size={size}
      color={meta.filled ? `${meta.color}.4` : meta.color}
      variant={meta.filled ? 'filled' : 'light'}
      c={meta.filled ? 'dark.9' : `${meta.color}.9`}
      tt="none"
      fw={600}
      leftSection={<Icon size={13} aria-hidden />}
    >
      {meta.label}
    </Badge>
  );
}

export function KindIcon({ kind, size = 40 }: { kind: PostKind; size?: number }) {
  const meta = KINDS[kind];
  const Icon = meta.icon;
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={meta.color} c={`${meta.color}.8`} aria-hidden>
      <Icon size={Math.round(size * 0.55)} />
    </ThemeIcon>
  );
}

export const REACTIONS: { kind: ReactionKind; emoji: string; label: string }[] = [
  { kind: 'plus_one', emoji: '👍', label: '+1' },
  { kind: 'thanks', emoji: '🙏', label: 'Thanks' },
  { kind: 'insightful', emoji: '💡', label: 'Insightful' },
];
