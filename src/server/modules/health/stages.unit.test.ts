import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HealthFigures, MaturityStage, ModeCounts } from '../../../common/api-types.js';
import { changeBetween } from './assessment-change.js';
import { assessmentQuestions } from './assessment-questions.js';
import { headlineFigures } from './report-headline.js';
import { maturityStages, proposeStage, signalsOf, stageInfo, stageRank, type StageHistoryEntry } from './stages.js';

/** The parts of a quarter's figures the stages read; the rest is empty. */
interface Activity {
  members: number;
  modes: ModeCounts;
  weekly: number[];
  acceptedAnswers: number;
  resources: number;
  eventsHeld: number;
  wins: number;
  repertoire: number;
  reused: number;
}

const noModes = (): ModeCounts => ({ convey_consume: 0, contribute: 0, collaborate: 0, co_create: 0, champion: 0 });

function figures(a: Partial<Activity> = {}): HealthFigures {
  const modes = a.modes ?? noModes();
  const members = a.members ?? Object.values(modes).reduce((s, n) => s + n, 0);
  return {
    periodStart: '2026-01-01T00:00:00.000Z',
    periodEnd: '2026-04-01T00:00:00.000Z',
    computedAt: '2026-04-01T00:00:00.000Z',
    windowDays: 90,
    members: { total: members, joined: 0, left: 0, onBreak: 0 },
    modes: { current: modes, overTime: [], flows: [], movedUp: 0, driftedDown: 0 },
    activation: { cohort: 0, activated: 0, rate: 0, byMonth: [] },
    weeklyActive: (a.weekly ?? []).map((count, i) => ({ week: `2026-01-${String(i + 1).padStart(2, '0')}`, count })),
    distribution: { lurkers: 0, contributors: 0, heavy: 0 },
    concentration: { contributors: 0, top10Share: 0, gini: 0, lorenz: [] },
    organiserLoad: [],
    questions: {
      asked: 0,
      answered: 0,
      unanswered: 0,
      medianFirstReplyHours: null,
      medianAcceptedHours: null,
      byWeek: [],
    },
    events: { held: a.eventsHeld ?? 0, rsvps: 0, attended: 0, noShows: 0, attendanceRate: 0, noShowRate: 0 },
    roundups: { sent: 0, delivered: 0, clickers: 0, clickRate: 0, byTopic: [] },
    repertoire: { total: a.repertoire ?? 0, added: 0, reused: a.reused ?? 0, growth: [] },
    outcomes: {
      acceptedAnswers: a.acceptedAnswers ?? 0,
      resources: a.resources ?? 0,
      eventsHeld: a.eventsHeld ?? 0,
      wins: a.wins ?? 0,
    },
  };
}

/** A thriving community of 40, with everything Transforming asks for. */
const thriving: Activity = {
  members: 40,
  modes: { convey_consume: 15, contribute: 10, collaborate: 6, co_create: 6, champion: 3 },
  weekly: [12, 14, 15, 13, 16, 12, 14, 15, 13, 14, 12, 15, 14],
  acceptedAnswers: 30,
  resources: 20,
  eventsHeld: 6,
  wins: 5,
  repertoire: 80,
  reused: 25,
};

const after = (stage: MaturityStage): StageHistoryEntry[] => [{ quarter: '2025-Q4', stage }];

describe('maturity stages', () => {
  it('defines six stages, earliest first, each with a definition, signs and thresholds', () => {
    expect(stageInfo.map((s) => s.id)).toEqual([...maturityStages]);
    for (const s of stageInfo) {
      expect(s.definition.length).toBeGreaterThan(40);
      expect(s.signs.length).toBeGreaterThan(1);
      // Every stage but the first is proposed by figures.
      expect(s.thresholds.length > 0).toBe(s.id !== 'potential');
    }
  });

  it('proposes Potential for a community with no activity, and says what Forming needs', () => {
    const proposal = proposeStage(figures({ members: 3, modes: { ...noModes(), convey_consume: 2, champion: 1 } }));
    expect(proposal.stage).toBe('potential');
    expect(proposal.reasons[0]).toMatch(/^Potential:/);
    expect(proposal.reasons).toContain('Not yet Forming: 3 members; Forming needs at least 5.');
  });

  it('climbs the ladder as each stage’s thresholds are met', () => {
    const forming = figures({ members: 6, modes: { ...noModes(), convey_consume: 3, contribute: 2, champion: 1 } });
    expect(proposeStage(forming).stage).toBe('forming');

    const building = figures({
      members: 20,
      modes: { ...noModes(), convey_consume: 15, contribute: 4, champion: 1 },
      weekly: [3, 4, 3],
      acceptedAnswers: 2,
      resources: 1,
    });
    expect(proposeStage(building).stage).toBe('building');

    const engaged = figures({
      members: 20,
      modes: { ...noModes(), convey_consume: 14, contribute: 3, collaborate: 2, champion: 1 },
      weekly: [3, 4, 3],
      acceptedAnswers: 5,
      resources: 5,
    });
    expect(proposeStage(engaged).stage).toBe('engaged');

    // Everything for Transforming, but no earlier assessment shows it lasting: Active.
    expect(proposeStage(figures(thriving)).stage).toBe('active');
    expect(proposeStage(figures(thriving), after('engaged')).stage).toBe('active');
    expect(proposeStage(figures(thriving), after('active')).stage).toBe('transforming');
    expect(proposeStage(figures(thriving), after('transforming')).stage).toBe('transforming');
  });

  it('needs every lower stage: a burst of outcomes does not skip the basics', () => {
    const fewPeople = figures({ ...thriving, members: 4, modes: { ...noModes(), champion: 1, co_create: 3 } });
    expect(proposeStage(fewPeople, after('active')).stage).toBe('potential');
  });

  it('explains the proposal: what it rests on, then each threshold the next stage misses', () => {
    const engaged = figures({
      members: 20,
      modes: { ...noModes(), convey_consume: 14, contribute: 3, collaborate: 2, champion: 1 },
      weekly: [3, 4, 3],
      acceptedAnswers: 5,
      resources: 5,
    });
    const { reasons } = proposeStage(engaged);
    expect(reasons[0]).toBe(
      'Engaged: 30% of members contribute, 3 members work with others, 15% of members active in a typical week, 5 accepted answers, 10 outcomes (answers, resources, events, wins).',
    );
    expect(reasons).toContain('Not yet Active: 30% of members contribute; Active needs at least 35%.');
    expect(reasons).toContain('Not yet Active: 0 events held; Active needs at least 3.');
    expect(reasons.every((r) => !r.startsWith('Not yet Transforming'))).toBe(true);
    const transforming = proposeStage(figures(thriving), after('engaged')).reasons;
    expect(transforming.at(-1)).toBe(
      'Not yet Transforming: The last assessment (2025-Q4) was Engaged; Transforming needs it at Active or higher.',
    );
  });

  it('reads old snapshots that lack a field as zero rather than failing', () => {
    const partial = { members: { total: 10 } } as unknown as HealthFigures;
    expect(signalsOf(partial).contributors).toBe(0);
    expect(proposeStage(partial).stage).toBe('potential');
    expect(headlineFigures(partial).find((f) => f.key === 'members')?.value).toBe(10);
  });

  // ── The property: more activity never proposes an earlier stage ───────────────

  const modeKeys = ['convey_consume', 'contribute', 'collaborate', 'co_create', 'champion'] as const;
  const activity: fc.Arbitrary<Activity> = fc
    .record({
      // Small and large communities alike, so that every stage boundary is crossed.
      modes: fc.record(
        Object.fromEntries(modeKeys.map((m) => [m, fc.oneof(fc.nat({ max: 2 }), fc.nat({ max: 30 }))])) as never,
      ),
      extra: fc.nat({ max: 20 }),
      weekly: fc.array(fc.nat({ max: 40 }), { minLength: 0, maxLength: 13 }),
      acceptedAnswers: fc.nat({ max: 40 }),
      resources: fc.nat({ max: 40 }),
      eventsHeld: fc.nat({ max: 10 }),
      wins: fc.nat({ max: 8 }),
      repertoire: fc.nat({ max: 120 }),
      reused: fc.nat({ max: 40 }),
    })
    .map(({ extra, modes, ...rest }) => {
      const m = modes as unknown as ModeCounts;
      return { ...rest, modes: m, members: Object.values(m).reduce((s, n) => s + n, 0) + extra };
    });

  /** More of the same community: members move up modes, and weeks, outcomes and reuse only grow. */
  const more = fc.record({
    promotions: fc.array(fc.record({ from: fc.nat({ max: 3 }), steps: fc.integer({ min: 1, max: 4 }) }), {
      maxLength: 10,
    }),
    weekly: fc.array(fc.nat({ max: 10 }), { maxLength: 13 }),
    acceptedAnswers: fc.nat({ max: 20 }),
    resources: fc.nat({ max: 20 }),
    eventsHeld: fc.nat({ max: 5 }),
    wins: fc.nat({ max: 5 }),
    repertoire: fc.nat({ max: 50 }),
    reused: fc.nat({ max: 20 }),
  });

  type More = typeof more extends fc.Arbitrary<infer T> ? T : never;

  function withMore(a: Activity, m: More): Activity {
    const modes = { ...a.modes };
    for (const { from, steps } of m.promotions) {
      const fromKey = modeKeys[from]!;
      if (modes[fromKey] === 0) continue;
      const toKey = modeKeys[Math.min(modeKeys.length - 1, from + steps)]!;
      modes[fromKey] -= 1;
      modes[toKey] += 1;
    }
    return {
      ...a,
      modes,
      weekly: a.weekly.map((count, i) => count + (m.weekly[i] ?? 0)),
      acceptedAnswers: a.acceptedAnswers + m.acceptedAnswers,
      resources: a.resources + m.resources,
      eventsHeld: a.eventsHeld + m.eventsHeld,
      wins: a.wins + m.wins,
      repertoire: a.repertoire + m.repertoire,
      reused: a.reused + m.reused,
    };
  }

  const histories = fc.option(
    fc.constantFrom(...maturityStages).map((stage) => after(stage)),
    { nil: undefined },
  );

  it('never proposes an earlier stage for more activity, everything else being equal', () => {
    fc.assert(
      fc.property(activity, more, histories, (base, extra, history) => {
        const before = stageRank(proposeStage(figures(base), history).stage);
        const later = stageRank(proposeStage(figures(withMore(base, extra)), history).stage);
        expect(later).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('reaches every stage for some figures, and gives at least one reason each time', () => {
    const seen = new Set<MaturityStage>();
    fc.assert(
      fc.property(activity, histories, (a, history) => {
        const proposal = proposeStage(figures(a), history);
        seen.add(proposal.stage);
        expect(proposal.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
    for (const stage of ['potential', 'forming', 'building', 'engaged', 'active'] as const)
      expect(seen).toContain(stage);
    expect(proposeStage(figures(thriving), after('active')).stage).toBe('transforming');
  });
});

describe('change since last time', () => {
  const answers = (score: number) => Object.fromEntries(assessmentQuestions.map((q) => [q.id, { score, comment: '' }]));

  it('compares the stage, each answer and the headline figures', () => {
    const before = {
      quarter: '2025-Q4',
      stage: 'building' as const,
      answers: answers(2),
      figures: figures({ members: 20 }),
    };
    const change = changeBetween(before, {
      stage: 'engaged',
      answers: { ...answers(4), practice_change: undefined },
      figures: figures({ members: 26, acceptedAnswers: 7 }),
    });
    expect(change.previousQuarter).toBe('2025-Q4');
    expect(change.stage).toEqual({ from: 'building', to: 'engaged', direction: 'up' });
    expect(change.answers.find((a) => a.id === 'domain_clarity')).toEqual({
      id: 'domain_clarity',
      from: 2,
      to: 4,
      delta: 2,
    });
    expect(change.answers.find((a) => a.id === 'practice_change')).toEqual({
      id: 'practice_change',
      from: 2,
      to: null,
      delta: null,
    });
    expect(change.figures.find((f) => f.key === 'members')).toMatchObject({ from: 20, to: 26, delta: 6 });
    expect(change.figures.find((f) => f.key === 'acceptedAnswers')).toMatchObject({ from: 0, to: 7, delta: 7 });
    // Nothing was asked in either quarter: nothing to compare.
    expect(change.figures.find((f) => f.key === 'answeredShare')).toMatchObject({ from: null, to: null, delta: null });
    expect(changeBetween(before, { stage: 'forming', answers: {}, figures: figures() }).stage.direction).toBe('down');
  });
});
