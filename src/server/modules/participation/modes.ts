/**
 * CSCCE participation modes (Woodley & Pratt 2020, doi:10.5281/zenodo.3997802): how a member
 * takes part in a community over a rolling window, from the activity log. One value type, the
 * tally of what a member did in the window, and one rule, `modeOf`, with its thresholds here.
 *
 * - Convey/Consume: reads, follows round-ups, attends. Everyone starts here.
 * - Contribute: posts, answers, shares resources, reacts, answers surveys.
 * - Collaborate: works with others — replies that get accepted, co-hosting, joint projects,
 *   matched conversations.
 * - Co-create: shapes the community's offer — hosts events, curates the repertoire and paths,
 *   leads projects, sits on a council.
 * - Champion: sustained co-creation plus bringing others in (recruiting, mentoring newcomers),
 *   or the coordinator role.
 *
 * The rule is monotonic by construction: every test is "a sum of non-negative counts reaches a
 * threshold", checked from the highest mode down, so adding activity to a window never lowers
 * the mode (property-tested).
 */

export const participationModes = ['convey_consume', 'contribute', 'collaborate', 'co_create', 'champion'] as const;
export type ParticipationMode = (typeof participationModes)[number];

export const modeRank = (mode: ParticipationMode) => participationModes.indexOf(mode);

/** What one member did in the window (counts of activity events), and whether they coordinate. */
export interface ActivityTally {
  /** Posts viewed, round-up links followed, catch-ups read, sessions RSVP'd or attended. */
  consumed: number;
  /** Posts started and replies written. */
  posts: number;
  replies: number;
  /** Resources proposed or published, notes added. */
  shared: number;
  reactions: number;
  /** Surveys answered. */
  surveysAnswered: number;
  /** Their replies accepted as answers. */
  acceptedAnswers: number;
  /** Sessions co-hosted (a host among several) or spoken at. */
  coHosted: number;
  /** Joint projects and matched conversations (when those capabilities record them). */
  collaborations: number;
  /** Sessions hosted alone or as the organiser, and notes written after them. */
  hosted: number;
  /** Curation: resources reviewed, promoted to the repertoire, collections and paths made. */
  curated: number;
  /** Distinct weeks of the window in which they co-created (hosted or curated). */
  coCreationWeeks: number;
  /** Newcomers invited who joined, and newcomers they helped (first replies to newcomers). */
  broughtIn: number;
  coordinator: boolean;
}

export const emptyTally = (): ActivityTally => ({
  consumed: 0,
  posts: 0,
  replies: 0,
  shared: 0,
  reactions: 0,
  surveysAnswered: 0,
  acceptedAnswers: 0,
  coHosted: 0,
  collaborations: 0,
  hosted: 0,
  curated: 0,
  coCreationWeeks: 0,
  broughtIn: 0,
  coordinator: false,
});

/** The thresholds, per window (default 90 days). Documented in docs/decisions when the dashboard lands. */
export interface ModeThresholds {
  windowDays: number;
  /** Contributions (posts + replies + shared + surveys answered + a third of the reactions) to count as Contribute. */
  contribute: number;
  /** Acts of working with others (accepted answers + co-hosting + collaborations) for Collaborate. */
  collaborate: number;
  /** Acts of co-creation (hosting + curation) for Co-create. */
  coCreate: number;
  /** Champion: co-creation in at least this many distinct weeks of the window… */
  championWeeks: number;
  /** …and at least this many people brought in or mentored. */
  championBroughtIn: number;
}

export const defaultThresholds: ModeThresholds = {
  windowDays: 90,
  contribute: 1,
  collaborate: 1,
  coCreate: 1,
  championWeeks: 4,
  championBroughtIn: 2,
};

export interface ModeVerdict {
  mode: ParticipationMode;
  /** Why, in plain words, for the member's own page and the coordinator's. */
  because: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** The parts that are not zero, in a sentence: "1 post, 2 replies". */
const parts = (...items: [number, string][]) =>
  items
    .filter(([n]) => n > 0)
    .map(([, text]) => text)
    .join(', ');

export function modeOf(t: ActivityTally, th: ModeThresholds = defaultThresholds): ModeVerdict {
  const coCreation = t.hosted + t.curated;
  const together = t.acceptedAnswers + t.coHosted + t.collaborations;
  const contributions = t.posts + t.replies + t.shared + t.surveysAnswered + Math.floor(t.reactions / 3);
  if (t.coordinator) return { mode: 'champion', because: 'coordinates the community' };
  if (coCreation >= th.coCreate && t.coCreationWeeks >= th.championWeeks && t.broughtIn >= th.championBroughtIn)
    return {
      mode: 'champion',
      because: `co-created in ${plural(t.coCreationWeeks, 'week')} and brought in or mentored ${plural(t.broughtIn, 'person', 'people')}`,
    };
  if (coCreation >= th.coCreate)
    return {
      mode: 'co_create',
      because: parts(
        [t.hosted, `hosted ${plural(t.hosted, 'session')}`],
        [t.curated, `curated ${plural(t.curated, 'time')}`],
      ),
    };
  if (together >= th.collaborate)
    return {
      mode: 'collaborate',
      because: parts(
        [t.acceptedAnswers, plural(t.acceptedAnswers, 'accepted answer')],
        [t.coHosted, `co-hosted ${plural(t.coHosted, 'session')}`],
        [t.collaborations, plural(t.collaborations, 'joint piece of work', 'joint pieces of work')],
      ),
    };
  if (contributions >= th.contribute)
    return {
      mode: 'contribute',
      because: parts(
        [t.posts, plural(t.posts, 'post')],
        [t.replies, plural(t.replies, 'reply', 'replies')],
        [t.shared, `shared ${plural(t.shared, 'resource')}`],
        [t.surveysAnswered, `answered ${plural(t.surveysAnswered, 'survey')}`],
        [t.reactions, plural(t.reactions, 'reaction')],
      ),
    };
  return {
    mode: 'convey_consume',
    because: t.consumed > 0 ? `read or attended ${plural(t.consumed, 'time')}` : 'no activity in the window yet',
  };
}

/** How activity-log verbs count towards a tally (verbs not listed count for nothing). */
export const verbWeights: Record<
  string,
  Partial<Record<keyof Omit<ActivityTally, 'coordinator' | 'coCreationWeeks'>, number>>
> = {
  viewed_post: { consumed: 1 },
  'roundup.clicked': { consumed: 1 },
  'catchup.viewed': { consumed: 1 },
  rsvp: { consumed: 1 },
  attended: { consumed: 1 },
  completed_path_item: { consumed: 1 },
  posted: { posts: 1 },
  replied: { replies: 1 },
  proposed_resource: { shared: 1 },
  imported_resource: { shared: 1 },
  noted_resource: { shared: 1 },
  reacted: { reactions: 1 },
  answered_survey: { surveysAnswered: 1 },
  hosted_event: { hosted: 1 },
  event_notes_added: { hosted: 1 },
  reviewed_resource: { curated: 1 },
  published_resource: { curated: 1 },
  promoted_to_repertoire: { curated: 1 },
  created_collection: { curated: 1 },
};

/** Adds one activity event (by its verb) to a tally; unknown verbs change nothing. */
export function addToTally(tally: ActivityTally, verb: string, times = 1): ActivityTally {
  const weights = verbWeights[verb];
  if (!weights || times <= 0) return tally;
  const next = { ...tally };
  for (const [field, w] of Object.entries(weights) as [keyof typeof weights, number][]) next[field] += w * times;
  return next;
}

/** Verbs that count as co-creation, for the weeks in which someone co-created. */
export const coCreationVerbs = Object.entries(verbWeights)
  .filter(([, w]) => (w.hosted ?? 0) > 0 || (w.curated ?? 0) > 0)
  .map(([verb]) => verb);

/** Verbs that count for anything: the only ones worth reading from the log. */
export const countedVerbs = Object.keys(verbWeights);

/** What the activity log says about one member, before it becomes a tally. */
export interface TallyIngredients {
  /** Their own events in the window, counted by verb. */
  byVerb: Iterable<readonly [verb: string, times: number]>;
  coCreationWeeks: number;
  /** Their replies someone accepted in the window. */
  acceptedAnswers: number;
  /** Of their `hosted_event` events, those for an event with more than one host. */
  coHosted: number;
  /** Invitations they sent that were accepted in the window. */
  broughtIn: number;
  coordinator: boolean;
}

/**
 * The tally from its ingredients. Both the one-member tally and the whole-community recompute
 * go through here, so they cannot disagree on how the counts combine.
 */
export function tallyFrom(ingredients: TallyIngredients): ActivityTally {
  let tally = emptyTally();
  for (const [verb, times] of ingredients.byVerb) tally = addToTally(tally, verb, times);
  const together = Math.min(ingredients.coHosted, tally.hosted);
  return {
    ...tally,
    // A session hosted with others is collaboration; hosted alone, co-creation.
    hosted: tally.hosted - together,
    coHosted: together,
    acceptedAnswers: ingredients.acceptedAnswers,
    coCreationWeeks: ingredients.coCreationWeeks,
    broughtIn: ingredients.broughtIn,
    coordinator: ingredients.coordinator,
  };
}
