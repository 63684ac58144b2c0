import type { ParticipationMode } from '../../../common/api-types';

/** The CSCCE modes, in order, as people read them; badge colours dark (or light) enough for AA text. */
export const modeLadder: { mode: ParticipationMode; label: string; meaning: string; color: string }[] = [
  {
    mode: 'convey_consume',
    label: 'Convey/Consume',
    meaning: 'Reads, follows the round-up, comes to events',
    color: 'gray.7',
  },
  { mode: 'contribute', label: 'Contribute', meaning: 'Asks, answers, shares resources', color: 'blue.9' },
  {
    mode: 'collaborate',
    label: 'Collaborate',
    meaning: 'Works with others: answers that help, co-hosting',
    color: 'teal.9',
  },
  {
    mode: 'co_create',
    label: 'Co-create',
    meaning: 'Shapes what the community offers: hosts, curates',
    color: 'grape.9',
  },
  { mode: 'champion', label: 'Champion', meaning: 'Sustains it and brings others in', color: 'yellow.5' },
];

export const modeLabel = (mode: ParticipationMode) => modeLadder.find((m) => m.mode === mode)?.label ?? mode;
