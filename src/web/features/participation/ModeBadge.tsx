import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ParticipationMode } from '../../../common/api-types';
import { modeLadder } from './modes';

/** A member's participation mode; the text is chosen dark or light against the colour for contrast. */
export function ModeBadge({ mode }: { mode: ParticipationMode | null }) {
  const step = modeLadder.find((m) => m.mode === mode);
  if (!step) {
    return (
      <Badge color="gray" variant="outline" tt="none">
        Mode not computed yet
      </Badge>
    );
  }
  return (
    <Tooltip label={step.meaning} withArrow>
      <Badge color={step.color} variant="filled" autoContrast tt="none">
        <VisuallyHidden>Participation mode: </VisuallyHidden>
        {step.label}
      </Badge>
    </Tooltip>
  );
}
