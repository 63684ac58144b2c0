import type { FindingKind } from '../check.js';

/**
 * The named scenarios of the simulated community. Each plants zero or more problems the weekly
 * health check should find; `healthy` plants none and `troubled` plants all five.
 */

export type Problem = 'unanswered' | 'isolated' | 'overloaded' | 'drifting' | 'no_resources';

export const scenarios = {
  healthy: { problems: [], about: 'A lively community: questions answered, newcomers welcomed, organising shared.' },
  unanswered_topic: {
    problems: ['unanswered'],
    about: 'Several questions in one topic have waited more than 48 hours, though two members answer well there.',
  },
  isolated_newcomers: {
    problems: ['isolated'],
    about: 'Two newcomers joined weeks ago and nobody has replied to them or connected with them.',
  },
  overloaded_organiser: {
    problems: ['overloaded'],
    about: 'One organiser hosts most sessions this quarter; two regulars in the Collaborate mode could co-host.',
  },
  drifting_core: {
    problems: ['drifting'],
    about: 'Two core members who used to host and curate have gone quiet for more than 45 days.',
  },
  topic_without_resources: {
    problems: ['no_resources'],
    about: 'One topic has plenty of conversations but nothing curated in the repertoire.',
  },
  troubled: {
    problems: ['unanswered', 'isolated', 'overloaded', 'drifting', 'no_resources'],
    about: 'All five problems at once.',
  },
} satisfies Record<string, { problems: Problem[]; about: string }>;

export type ScenarioName = keyof typeof scenarios;
export const scenarioNames = Object.keys(scenarios) as ScenarioName[];
export const isScenario = (name: string): name is ScenarioName => Object.hasOwn(scenarios, name);

/** A problem the generator planted: the finding that must be raised, and whom it must name. */
export interface PlantedProblem {
  kind: FindingKind;
  /** The finding's key when it is known in advance. */
  key?: string;
  /** Names of the people the finding must name (whom it is about, and whom it suggests asking). */
  people: string[];
  topic?: string;
}
