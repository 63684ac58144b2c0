import { Button, Group, Text, Tooltip } from '@mantine/core';
import type { ReactionCount, ReactionKind } from '../../../common/api-types';
import { REACTIONS } from './kinds';

/**
 * The reactions bar: 👍 🙏 💡 with counts. Each is a toggle button (aria-pressed) when I may
 * react; otherwise only the reactions people gave are shown, as plain text.
 */
export function Reactions({
  reactions,
  canReact,
  pending,
  onToggle,
  label,
}: {
  reactions: ReactionCount[];
  canReact: boolean;
  pending?: ReactionKind | null;
  onToggle: (kind: ReactionKind, on: boolean) => void;
  /** What is being reacted to, for screen readers ("the post", "Ana's reply"). */
  label: string;
}) {
  const byKind = new Map(reactions.map((r) => [r.kind, r]));
  if (!canReact) {
    const given = REACTIONS.filter((r) => (byKind.get(r.kind)?.count ?? 0) > 0);
    if (given.length === 0) return null;
    return (
      <Group gap={6} aria-label={`Reactions to ${label}`} role="group">
        {given.map((r) => (
          <Text key={r.kind} size="sm" className="cp-reaction-static" title={r.label}>
            <span aria-hidden>{r.emoji}</span> {byKind.get(r.kind)?.count}
            <span className="cp-visually-hidden"> {r.label}</span>
          </Text>
        ))}
      </Group>
    );
  }
  return (
    <Group gap={6} role="group" aria-label={`React to ${label}`}>
      {REACTIONS.map((r) => {
        const current = byKind.get(r.kind);
        const mine = current?.mine ?? false;
        const count = current?.count ?? 0;
        return (
          <Tooltip key={r.kind} label={mine ? `${r.label} — click to take it back` : r.label} openDelay={400}>
            <Button
              size="compact-sm"
              radius="xl"
              variant={mine ? 'light' : 'default'}
              color={mine ? 'lagoon' : 'gray'}
              aria-pressed={mine}
              loading={pending === r.kind}
              onClick={() => onToggle(r.kind, !mine)}
              className="cp-reaction"
              data-mine={mine || undefined}
            >
              <span aria-hidden>{r.emoji}</span>
              <span className="cp-visually-hidden">{r.label}</span>
              {count > 0 && <span className="cp-reaction-count">{count}</span>}
            </Button>
          </Tooltip>
        );
      })}
    </Group>
  );
}
