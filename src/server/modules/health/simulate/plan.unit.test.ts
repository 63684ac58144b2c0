import { describe, expect, it } from 'vitest';
import { simulatedTopics } from './content.js';
import { planCommunity, type Plan } from './plan.js';
import { scenarios, type ScenarioName } from './scenarios.js';

const DAY = 86_400_000;
const now = Date.parse('2026-11-26T10:00:00Z');

const plan = (scenario: ScenarioName, seed = 5, size = 60) =>
  planCommunity({
    seed,
    now,
    slug: `plan-${scenario}`,
    name: 'Planned',
    problems: [...scenarios[scenario].problems],
    size,
    months: 5,
    topics: simulatedTopics,
    timeZone: 'Europe/Berlin',
    coordinators: [],
  });

const repliesOf = (p: Plan) => {
  const by = new Map<string, Plan['replies']>();
  for (const r of p.replies) by.set(r.postId, [...(by.get(r.postId) ?? []), r]);
  return by;
};

describe('planning a simulated community', () => {
  it('gives the same community for the same seed, and another for another seed', () => {
    const a = plan('troubled');
    const b = plan('troubled');
    const c = plan('troubled', 6);
    const shape = (p: Plan) => ({
      names: p.members.map((m) => m.name),
      posts: p.posts.map((x) => [x.title, x.createdAt, x.kind]),
      sessions: p.sessions.map((s) => s.startsAt),
      activity: p.activity.length,
      planted: p.planted.map((x) => [x.kind, x.people, x.topic]),
    });
    expect(shape(b)).toEqual(shape(a));
    expect(shape(c).names).not.toEqual(shape(a).names);
  });

  it('has distinct names, everyone current, and nothing logged after now', () => {
    const p = plan('troubled');
    expect(new Set(p.members.map((m) => m.name)).size).toBe(p.members.length);
    expect(new Set(p.members.map((m) => m.email)).size).toBe(p.members.length);
    expect(p.members.filter((m) => m.role === 'coordinator')).toHaveLength(2);
    expect(p.activity.every((a) => a.at <= now)).toBe(true);
    expect(p.activity.map((a) => a.at)).toEqual([...p.activity.map((a) => a.at)].sort((x, y) => x - y));
    expect(p.replies.every((r) => r.createdAt <= now)).toBe(true);
    // Months of history, most of it in the simulated period.
    expect(Math.min(...p.posts.map((x) => x.createdAt))).toBeLessThan(now - 120 * DAY);
  });

  it('casts nine different people in the troubled scenario', () => {
    const p = plan('troubled');
    const named = p.planted.flatMap((x) => x.people);
    expect(named).toHaveLength(9);
    expect(new Set(named).size).toBe(9);
    for (const name of named) expect(p.members.some((m) => m.name === name)).toBe(true);
  });

  it('leaves no question older than two days without a reply, except the planted ones', () => {
    for (const scenario of ['healthy', 'unanswered_topic'] as const) {
      const p = plan(scenario);
      const replies = repliesOf(p);
      const waiting = p.posts.filter(
        (x) =>
          (x.kind === 'question' || x.kind === 'need') &&
          x.createdAt < now - 48 * 3600_000 &&
          !(replies.get(x.id) ?? []).some((r) => r.authorId !== x.authorId),
      );
      if (scenario === 'healthy') expect(waiting).toEqual([]);
      else {
        const topic = p.planted[0].topic!;
        expect(waiting.length).toBeGreaterThanOrEqual(3);
        expect(waiting.every((x) => x.tags.includes(topic) && x.createdAt > now - 30 * DAY)).toBe(true);
      }
    }
  });

  it('welcomes every newcomer, except the planted isolated ones', () => {
    for (const scenario of ['healthy', 'isolated_newcomers'] as const) {
      const p = plan(scenario);
      const replies = repliesOf(p);
      const authorOf = new Map(p.posts.map((x) => [x.id, x.authorId]));
      const isolated = p.members
        .filter((m) => m.joinedAt > now - 90 * DAY && m.joinedAt <= now - 14 * DAY)
        .filter((m) => {
          const received = p.posts.some(
            (x) => x.authorId === m.id && (replies.get(x.id) ?? []).some((r) => r.authorId !== m.id),
          );
          const gave = p.replies.some((r) => r.authorId === m.id && authorOf.get(r.postId) !== m.id);
          return !received && !gave;
        })
        .map((m) => m.name);
      expect(isolated.sort()).toEqual(scenario === 'healthy' ? [] : [...p.planted[0].people].sort());
    }
  });

  it('keeps the planted drifting members quiet and the overloaded organiser busy', () => {
    const p = plan('troubled');
    const [H, I] = p.planted.find((x) => x.kind === 'drifting_members')!.people;
    const quiet = new Set(['posted', 'replied', 'reacted', 'hosted_event', 'published_resource', 'rsvp']);
    for (const name of [H, I]) {
      const m = p.members.find((x) => x.name === name)!;
      expect(p.activity.filter((a) => a.actorId === m.id && quiet.has(a.verb) && a.at > now - 45 * DAY)).toEqual([]);
    }
    const [E] = p.planted.find((x) => x.kind === 'organiser_load')!.people;
    const e = p.members.find((x) => x.name === E)!;
    const quarter = p.sessions.filter((s) => s.startsAt > now - 90 * DAY && s.startsAt <= now);
    const theirs = quarter.filter((s) => s.hosts.includes(e.id)).length;
    expect(theirs / quarter.length).toBeGreaterThanOrEqual(0.7);
  });
});
