import type {
  HealthFigures,
  MaturityStage,
  ModeCounts,
  StageInfo,
  StageProposal,
  StageSignal,
  StageThreshold,
} from '../../../common/api-types.js';

/**
 * Maturity stages of a community of practice, and the rule that proposes one from a quarter's
 * figures. The stages, their sources and the reasoning behind every threshold are in
 * docs/decisions/009-maturity-stages.md. A proposal is only a starting point: the coordinator
 * confirms it or picks another stage, with a note.
 *
 * The rule is a ladder. A stage is proposed when its own thresholds and those of every stage
 * below it are met. Every threshold is "at least" on a figure that can only grow with activity
 * (counts, and counts over a fixed number of members), so more activity never proposes an
 * earlier stage (property-tested).
 */

export const maturityStages = ['potential', 'forming', 'building', 'engaged', 'active', 'transforming'] as const;

export const stageRank = (stage: MaturityStage) => maturityStages.indexOf(stage);

export const isStage = (value: unknown): value is MaturityStage =>
  typeof value === 'string' && (maturityStages as readonly string[]).includes(value);

/** The figures the stages look at, derived from a quarter's health figures. */
export type Signals = Record<StageSignal, number>;

/** Counts and shares only ever read from here, so the stages and reports agree on their meaning. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

const modeCount = (modes: Partial<ModeCounts> | undefined, ...keys: (keyof ModeCounts)[]) =>
  keys.reduce((sum, k) => sum + (modes?.[k] ?? 0), 0);

/**
 * Reads the stage signals off a quarter's figures. Stored snapshots may predate a field, so
 * anything missing counts as zero rather than failing an old assessment.
 */
export function signalsOf(f: HealthFigures): Signals {
  const members = f.members?.total ?? 0;
  const modes = f.modes?.current;
  const contributors = modeCount(modes, 'contribute', 'collaborate', 'co_create', 'champion');
  const collaborators = modeCount(modes, 'collaborate', 'co_create', 'champion');
  const weeklyActive = median((f.weeklyActive ?? []).map((w) => w.count));
  const o = f.outcomes ?? { acceptedAnswers: 0, resources: 0, eventsHeld: 0, wins: 0 };
  return {
    members,
    contributors,
    contributingShare: share(contributors, members),
    collaborators,
    collaboratingShare: share(collaborators, members),
    coCreators: modeCount(modes, 'co_create', 'champion'),
    champions: modeCount(modes, 'champion'),
    weeklyActive,
    weeklyActiveShare: share(weeklyActive, members),
    acceptedAnswers: o.acceptedAnswers,
    resources: o.resources,
    eventsHeld: o.eventsHeld,
    wins: o.wins,
    outcomes: o.acceptedAnswers + o.resources + o.eventsHeld + o.wins,
    repertoire: f.repertoire?.total ?? 0,
    reused: f.repertoire?.reused ?? 0,
  };
}

const signalLabels: Record<StageSignal, string> = {
  members: 'members',
  contributors: 'members contribute',
  contributingShare: 'of members contribute',
  collaborators: 'members work with others',
  collaboratingShare: 'of members work with others',
  coCreators: 'members co-create (host, curate, lead)',
  champions: 'champions',
  weeklyActive: 'members active in a typical week',
  weeklyActiveShare: 'of members active in a typical week',
  acceptedAnswers: 'accepted answers',
  resources: 'resources published',
  eventsHeld: 'events held',
  wins: 'wins shared',
  outcomes: 'outcomes (answers, resources, events, wins)',
  repertoire: 'resources in the repertoire',
  reused: 'repertoire resources reused',
};

const shareSignals = new Set<StageSignal>(['contributingShare', 'collaboratingShare', 'weeklyActiveShare']);

const at = (signal: StageSignal, atLeast: number): StageThreshold => ({
  signal,
  label: signalLabels[signal],
  atLeast,
  unit: shareSignals.has(signal) ? 'share' : 'count',
});

/** The six stages, earliest first. Thresholds are per quarter; see decision 009 for why these. */
export const stageInfo: StageInfo[] = [
  {
    id: 'potential',
    label: 'Potential',
    definition:
      'People share a domain and a need, and someone has started to gather them, but they do not yet meet as a community: most only look on.',
    signs: [
      'A handful of members, mostly invited by the coordinator',
      'Few posts, and most of them by the coordinator',
      'Nobody yet asks or answers questions without being prompted',
    ],
    thresholds: [],
  },
  {
    id: 'forming',
    label: 'Forming',
    definition:
      'A first group has come together and is finding out what they have in common and what is worth sharing. Trust is still being built.',
    signs: [
      'Several members post or answer, not only the coordinator',
      'The first questions are asked in the open',
      'Members introduce themselves and their work',
    ],
    thresholds: [at('members', 5), at('contributors', 3)],
  },
  {
    id: 'building',
    label: 'Building',
    definition:
      'The community has a rhythm. Members come back week after week, questions get answered and the first shared resources appear.',
    signs: [
      'A steady core of people active every week',
      'Questions are answered, some accepted as the answer',
      'The first resources are published to the repertoire',
    ],
    thresholds: [
      at('members', 8),
      at('contributors', 5),
      at('contributingShare', 0.15),
      at('weeklyActive', 3),
      at('outcomes', 3),
    ],
  },
  {
    id: 'engaged',
    label: 'Engaged',
    definition:
      'Members rely on each other. Many contribute, people work together beyond question and answer, and the community produces results its members use.',
    signs: [
      'A quarter of members or more contribute',
      'Members answer each other’s questions, not only the core group',
      'Several people collaborate: co-hosting, answers accepted, joint work',
    ],
    thresholds: [
      at('contributingShare', 0.25),
      at('collaborators', 3),
      at('weeklyActiveShare', 0.1),
      at('acceptedAnswers', 5),
      at('outcomes', 10),
    ],
  },
  {
    id: 'active',
    label: 'Active',
    definition:
      'The community runs itself as much as it is run. Leadership is shared among several co-creators, events happen regularly and the repertoire is used, not only filled.',
    signs: [
      'Several members host events and curate the repertoire, not only the coordinator',
      'Events happen about monthly or more often',
      'Resources in the repertoire are reused in answers and paths',
    ],
    thresholds: [
      at('contributingShare', 0.35),
      at('collaboratingShare', 0.1),
      at('coCreators', 3),
      at('weeklyActiveShare', 0.2),
      at('eventsHeld', 3),
      at('reused', 5),
    ],
  },
  {
    id: 'transforming',
    label: 'Transforming',
    definition:
      'The community shapes its field and its organisation: it has sustained a high level for more than a quarter, grows new leaders and its wins change how others work.',
    signs: [
      'Champions beyond the coordinator bring in and mentor newcomers',
      'A rich repertoire that is reused widely',
      'Wins that change practice outside the community',
      'The previous assessment was already Active or higher',
    ],
    thresholds: [at('coCreators', 6), at('champions', 2), at('repertoire', 50), at('reused', 15), at('wins', 3)],
  },
];

const infoOf = (stage: MaturityStage) => stageInfo[stageRank(stage)]!;
export const stageLabel = (stage: MaturityStage) => infoOf(stage).label;

function formatValue(value: number, unit: StageThreshold['unit']): string {
  if (unit === 'share') return `${Math.round(value * 100)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const describe = (t: StageThreshold, value: number) => `${formatValue(value, t.unit)} ${t.label}`;

/** An earlier assessment, latest first in `history`. */
export interface StageHistoryEntry {
  quarter: string;
  stage: MaturityStage;
}

/** Transforming is about lasting change, so it needs the last assessment at Active or higher. */
const sustainedFrom: MaturityStage = 'active';

/**
 * Proposes a maturity stage from a quarter's figures and the earlier assessments (latest first),
 * with the reasons in plain words: what the proposed stage rests on, and what the next one lacks.
 */
export function proposeStage(figures: HealthFigures, history: StageHistoryEntry[] = []): StageProposal {
  const signals = signalsOf(figures);
  const unmet = (info: StageInfo) => info.thresholds.filter((t) => signals[t.signal] < t.atLeast);
  const last = history[0];

  let reached = 0;
  let blocked: string[] = [];
  for (let i = 1; i < stageInfo.length; i++) {
    const info = stageInfo[i]!;
    const missing = unmet(info).map(
      (t) => `${describe(t, signals[t.signal])}; ${info.label} needs at least ${formatValue(t.atLeast, t.unit)}`,
    );
    if (info.id === 'transforming' && (!last || stageRank(last.stage) < stageRank(sustainedFrom))) {
      missing.push(
        last
          ? `The last assessment (${last.quarter}) was ${stageLabel(last.stage)}; ${info.label} needs it at ${stageLabel(sustainedFrom)} or higher`
          : `${info.label} needs an earlier assessment at ${stageLabel(sustainedFrom)} or higher`,
      );
    }
    if (missing.length > 0) {
      blocked = missing.map((m) => `Not yet ${info.label}: ${m}.`);
      break;
    }
    reached = i;
  }

  const proposed = stageInfo[reached]!;
  const reasons: string[] = [];
  if (reached === 0) {
    reasons.push(`${proposed.label}: the figures do not yet show a community meeting on its own.`);
  } else {
    const met = proposed.thresholds.map((t) => describe(t, signals[t.signal]));
    reasons.push(`${proposed.label}: ${met.join(', ')}.`);
  }
  reasons.push(...blocked);
  return { stage: proposed.id, reasons };
}
