import { sql, type SQL } from 'drizzle-orm';
import type { HealthFigures, ModeCounts, ParticipationMode } from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { currentStatuses } from '../../platform/policy.js';
import { modeRank, participationModes, verbWeights } from '../participation/modes.js';
import { fromHistogram, gini, lorenz, median, rate, round, topShare } from './figures-math.js';

/**
 * A community's health over a period, from its own rows only: a fixed handful of aggregate
 * queries whatever the community's size (no query per member), the same SQL on PostgreSQL and
 * on the embedded database. Deleted posts and replies count for nothing.
 *
 * Words used below:
 * - a **contribution** is a post or reply that still stands, or an activity event in
 *   `contributionVerbs` (sharing or publishing a resource, a note, hosting, session notes);
 * - **current members** are those active or on a break;
 * - **weeks** run Monday to Monday in UTC and are named by their Monday; the last one ends at the
 *   period's end. Months likewise.
 */

const DAY = 86_400_000;
/** How long a newcomer has for a first contribution to count as activated. */
export const ACTIVATION_DAYS = 30;
/** Organisers listed per kind of organising work: the rest are in the totals. */
const LOAD_PEOPLE = 12;

/** Activity-log verbs that are contributions (posts and replies are counted from their tables). */
export const contributionVerbs = [
  'proposed_resource',
  'imported_resource',
  'published_resource',
  'noted_resource',
  'hosted_event',
  'event_notes_added',
];

/** Curation, for the organiser load: the verbs the participation rule counts as curating. */
export const curationVerbs = Object.entries(verbWeights)
  .filter(([, w]) => (w.curated ?? 0) > 0)
  .map(([verb]) => verb);

/** Entries the system writes on a member's behalf: receiving a round-up is not being active. */
export const systemVerbs = ['roundup.received'];

export interface Period {
  start: Date;
  end: Date;
}

type Row = Record<string, unknown>;

async function rows<T extends Row>(db: Conn, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

/**
 * Runs queries side by side on a pool of connections, or one after another inside a transaction,
 * whose single connection takes one query at a time.
 */
async function all<T extends readonly (() => Promise<unknown>)[]>(
  db: Conn,
  queries: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if ('rollback' in db) {
    const out: unknown[] = [];
    for (const query of queries) out.push(await query());
    return out as never;
  }
  return Promise.all(queries.map((query) => query())) as never;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const current = list([...currentStatuses]);

interface Bounds {
  cid: string;
  start: string;
  end: string;
  now: string;
}

/** The weeks of the period: `week` (its Monday), `from_at` and `to_at` (clipped to the end). */
const weeksOf = (b: Bounds) => sql`
  select w::date as week,
         w at time zone 'UTC' as from_at,
         least((w + interval '7 days') at time zone 'UTC', ${b.end}::timestamptz) as to_at
  from generate_series(
    date_trunc('week', ${b.start}::timestamptz at time zone 'UTC'),
    (${b.end}::timestamptz at time zone 'UTC') - interval '1 microsecond',
    interval '7 days') as w`;

/** Every contribution to the community in the period: (user_id, at). */
const contributionsOf = (b: Bounds) => sql`
  select p.author_id as user_id, p.created_at as at
    from posts p
   where p.community_id = ${b.cid} and p.deleted_at is null
     and p.created_at >= ${b.start}::timestamptz and p.created_at < ${b.end}::timestamptz
  union all
  select r.author_id, r.created_at
    from replies r join posts p on p.id = r.post_id
   where r.community_id = ${b.cid} and r.deleted_at is null and p.deleted_at is null
     and r.created_at >= ${b.start}::timestamptz and r.created_at < ${b.end}::timestamptz
  union all
  select a.actor_id, a.occurred_at
    from activity_events a
   where a.community_id = ${b.cid} and a.verb in (${list(contributionVerbs)})
     and a.occurred_at >= ${b.start}::timestamptz and a.occurred_at < ${b.end}::timestamptz`;

/** Sessions that took place in the period: started in it, over by now, not called off. */
const heldSessionsOf = (b: Bounds) => sql`
  select o.id, o.event_id
    from event_occurrences o join events e on e.id = o.event_id
   where o.community_id = ${b.cid} and o.status = 'scheduled' and e.status = 'scheduled'
     and o.starts_at >= ${b.start}::timestamptz and o.starts_at < ${b.end}::timestamptz
     and o.ends_at <= ${b.now}::timestamptz`;

const emptyModes = (): ModeCounts => Object.fromEntries(participationModes.map((m) => [m, 0])) as unknown as ModeCounts;
const isMode = (m: unknown): m is ParticipationMode => participationModes.includes(m as ParticipationMode);

async function memberFigures(db: Conn, b: Bounds): Promise<HealthFigures['members']> {
  const [r] = await rows(
    db,
    sql`
    select count(*) filter (where status in (${current}))::int as total,
           count(*) filter (where status = 'on_break')::int as on_break,
           count(*) filter (where joined_at >= ${b.start}::timestamptz and joined_at < ${b.end}::timestamptz
                            and status <> 'pending')::int as joined,
           count(*) filter (where status in ('alumni', 'removed')
                            and status_changed_at >= ${b.start}::timestamptz
                            and status_changed_at < ${b.end}::timestamptz)::int as left_
      from memberships where community_id = ${b.cid}`,
  );
  return { total: num(r.total), joined: num(r.joined), left: num(r.left_), onBreak: num(r.on_break) };
}

async function modeFigures(db: Conn, b: Bounds): Promise<HealthFigures['modes']> {
  const [now, overTime, flows] = await all(db, [
    // Today: the stored mode of each current member; one not yet computed is where everyone starts.
    () =>
      rows(
        db,
        sql`
      select coalesce(pm.mode, 'convey_consume') as mode, count(*)::int as n
        from memberships m
        left join participation_modes pm on pm.community_id = m.community_id and pm.user_id = m.user_id
       where m.community_id = ${b.cid} and m.status in (${current})
       group by 1`,
      ),
    // At the end of each week: each member's latest mode change by then, for those still members then.
    () =>
      rows(
        db,
        sql`
      with weeks as (${weeksOf(b)}),
      spans as (
        select user_id, to_mode, changed_at,
               lead(changed_at) over (partition by user_id order by changed_at, id) as until
          from participation_mode_changes
         where community_id = ${b.cid} and changed_at <= ${b.end}::timestamptz
      )
      select to_char(wk.week, 'YYYY-MM-DD') as week, s.to_mode as mode, count(*)::int as n
        from weeks wk
        join spans s on s.changed_at <= wk.to_at and (s.until is null or s.until > wk.to_at)
        join memberships m on m.community_id = ${b.cid} and m.user_id = s.user_id
         and (m.status in (${current}) or m.status_changed_at > wk.to_at)
       group by 1, 2`,
      ),
    // Per member, the mode before their first change in the period (or the first mode computed
    // for them, for someone new) and the mode after their last one.
    () =>
      rows(
        db,
        sql`
      select first_mode as from_mode, last_mode as to_mode, count(*)::int as n
        from (
          -- One pass, one row per member: no self-join, whatever the planner knows of the table.
          select (array_agg(coalesce(from_mode, to_mode) order by changed_at, id))[1] as first_mode,
                 (array_agg(to_mode order by changed_at desc, id desc))[1] as last_mode
            from participation_mode_changes
           where community_id = ${b.cid}
             -- Up to the end itself: a snapshot recomputes modes at the very moment it ends on.
             and changed_at >= ${b.start}::timestamptz and changed_at <= ${b.end}::timestamptz
           group by user_id
        ) moves
       where first_mode <> last_mode
       group by 1, 2`,
      ),
  ] as const);

  const currentCounts = emptyModes();
  for (const r of now) if (isMode(r.mode)) currentCounts[r.mode] += num(r.n);

  const weeks = await weekList(db, b);
  const byWeek = new Map(weeks.map((w) => [w, emptyModes()]));
  for (const r of overTime) {
    const counts = byWeek.get(String(r.week));
    if (counts && isMode(r.mode)) counts[r.mode] += num(r.n);
  }

  const flowList = flows
    .filter((r) => isMode(r.from_mode) && isMode(r.to_mode))
    .map((r) => ({ from: r.from_mode as ParticipationMode, to: r.to_mode as ParticipationMode, count: num(r.n) }))
    .sort((x, y) => modeRank(x.from) - modeRank(y.from) || modeRank(x.to) - modeRank(y.to));
  const moved = (up: boolean) =>
    flowList.filter((f) => modeRank(f.to) > modeRank(f.from) === up).reduce((s, f) => s + f.count, 0);
  return {
    current: currentCounts,
    overTime: weeks.map((week) => ({ week, counts: byWeek.get(week)! })),
    flows: flowList,
    movedUp: moved(true),
    driftedDown: moved(false),
  };
}

async function weekList(db: Conn, b: Bounds): Promise<string[]> {
  const r = await rows(db, sql`select to_char(week, 'YYYY-MM-DD') as week from (${weeksOf(b)}) w order by 1`);
  return r.map((x) => String(x.week));
}

async function activationFigures(db: Conn, b: Bounds): Promise<HealthFigures['activation']> {
  const r = await rows(
    db,
    sql`
    with c as (${contributionsOf(b)}),
    newcomers as (
      select m.user_id, m.joined_at,
             m.joined_at <= ${b.end}::timestamptz - make_interval(days => ${ACTIVATION_DAYS}) as complete
        from memberships m
       where m.community_id = ${b.cid} and m.status <> 'pending'
         and m.joined_at >= ${b.start}::timestamptz and m.joined_at < ${b.end}::timestamptz
    ),
    judged as (
      select n.joined_at, n.complete,
             exists (select 1 from c where c.user_id = n.user_id and c.at >= n.joined_at
                     and c.at < n.joined_at + make_interval(days => ${ACTIVATION_DAYS})) as activated
        from newcomers n
    )
    select to_char(date_trunc('month', joined_at at time zone 'UTC'), 'YYYY-MM-DD') as month,
           count(*)::int as joined,
           count(*) filter (where activated)::int as activated,
           count(*) filter (where complete)::int as cohort,
           count(*) filter (where complete and activated)::int as cohort_activated
      from judged group by 1 order by 1`,
  );
  const cohort = r.reduce((s, x) => s + num(x.cohort), 0);
  const activated = r.reduce((s, x) => s + num(x.cohort_activated), 0);
  return {
    cohort,
    activated,
    rate: round(rate(activated, cohort)),
    byMonth: r.map((x) => ({ month: String(x.month), joined: num(x.joined), activated: num(x.activated) })),
  };
}

async function weeklyActive(db: Conn, b: Bounds): Promise<HealthFigures['weeklyActive']> {
  const r = await rows(
    db,
    sql`
    with weeks as (${weeksOf(b)}),
    -- Who was active in which week, deduplicated by hashing rather than sorting every event.
    active as (
      select distinct wk.week, a.actor_id
        from weeks wk
        join activity_events a on a.community_id = ${b.cid}
         and a.occurred_at >= wk.from_at and a.occurred_at < wk.to_at
         and a.actor_id is not null and a.verb not in (${list(systemVerbs)})
    )
    select to_char(wk.week, 'YYYY-MM-DD') as week, count(act.actor_id)::int as n
      from weeks wk left join active act on act.week = wk.week
     group by wk.week order by wk.week`,
  );
  return r.map((x) => ({ week: String(x.week), count: num(x.n) }));
}

/** How many current members made how many contributions in the period (a histogram). */
async function contributionAmounts(db: Conn, b: Bounds): Promise<number[]> {
  const r = await rows(
    db,
    sql`
    with c as (${contributionsOf(b)}),
    per as (
      select m.user_id, count(c.user_id)::int as amount
        from memberships m left join c on c.user_id = m.user_id
       where m.community_id = ${b.cid} and m.status in (${current})
       group by m.user_id
    )
    select amount, count(*)::int as people from per group by amount`,
  );
  return fromHistogram(r.map((x) => ({ amount: num(x.amount), people: num(x.people) })));
}

function distributionOf(amounts: number[]): HealthFigures['distribution'] {
  return {
    lurkers: amounts.filter((a) => a === 0).length,
    contributors: amounts.filter((a) => a >= 1 && a < 10).length,
    heavy: amounts.filter((a) => a >= 10).length,
  };
}

/** Among members who contributed at all: lurkers would make every community look concentrated. */
function concentrationOf(amounts: number[]): HealthFigures['concentration'] {
  const contributing = amounts.filter((a) => a > 0);
  return {
    contributors: contributing.length,
    top10Share: round(topShare(contributing, 0.1)),
    gini: round(gini(contributing)),
    lorenz: lorenz(contributing),
  };
}

async function organiserLoad(db: Conn, b: Bounds, heldSessions: number): Promise<HealthFigures['organiserLoad']> {
  const [events, roundups, curation] = await all(db, [
    () =>
      rows(
        db,
        sql`
      with held as (${heldSessionsOf(b)})
      select h.user_id, u.name, count(distinct held.id)::int as n
        from held join event_hosts h on h.event_id = held.event_id and h.role = 'host'
        join users u on u.id = h.user_id
       group by h.user_id, u.name`,
      ),
    () =>
      rows(
        db,
        sql`
      select r.sent_by as user_id, u.name, count(*)::int as n, sum(count(*)) over ()::int as total
        from roundups r left join users u on u.id = r.sent_by
       where r.community_id = ${b.cid} and r.status = 'sent'
         and r.sent_at >= ${b.start}::timestamptz and r.sent_at < ${b.end}::timestamptz
       group by r.sent_by, u.name`,
      ),
    () =>
      rows(
        db,
        sql`
      select a.actor_id as user_id, u.name, count(*)::int as n, sum(count(*)) over ()::int as total
        from activity_events a left join users u on u.id = a.actor_id
       where a.community_id = ${b.cid} and a.verb in (${list(curationVerbs)})
         and a.occurred_at >= ${b.start}::timestamptz and a.occurred_at < ${b.end}::timestamptz
       group by a.actor_id, u.name`,
      ),
  ] as const);
  const people = (r: Row[], total: number) =>
    r
      .filter((x) => x.user_id)
      .map((x) => ({ id: String(x.user_id), name: String(x.name ?? ''), count: num(x.n) }))
      .sort((x, y) => y.count - x.count || x.name.localeCompare(y.name) || x.id.localeCompare(y.id))
      .slice(0, LOAD_PEOPLE)
      .map((p) => ({ ...p, share: round(rate(p.count, total)) }));
  const totalOf = (r: Row[]) => num(r[0]?.total);
  return [
    { kind: 'events', total: heldSessions, people: people(events, heldSessions) },
    { kind: 'roundups', total: totalOf(roundups), people: people(roundups, totalOf(roundups)) },
    { kind: 'curation', total: totalOf(curation), people: people(curation, totalOf(curation)) },
  ];
}

async function questionFigures(db: Conn, b: Bounds): Promise<HealthFigures['questions']> {
  const questions = sql`
    select created_at, first_reply_at, accepted_at from posts
     where community_id = ${b.cid} and kind = 'question' and deleted_at is null
       and created_at >= ${b.start}::timestamptz and created_at < ${b.end}::timestamptz`;
  const [[totals], weekly] = await all(db, [
    () =>
      rows(
        db,
        sql`
      with q as (${questions})
      select count(*)::int as asked,
             count(accepted_at)::int as answered,
             coalesce(array_agg(extract(epoch from first_reply_at - created_at)::float8 / 3600)
                      filter (where first_reply_at is not null), '{}') as first_reply,
             coalesce(array_agg(extract(epoch from accepted_at - created_at)::float8 / 3600)
                      filter (where accepted_at is not null), '{}') as accepted
        from q`,
      ),
    () =>
      rows(
        db,
        sql`
      with weeks as (${weeksOf(b)}), q as (${questions})
      select to_char(wk.week, 'YYYY-MM-DD') as week,
             count(q.created_at)::int as asked, count(q.accepted_at)::int as answered
        from weeks wk left join q on q.created_at >= wk.from_at and q.created_at < wk.to_at
       group by 1 order by 1`,
      ),
  ] as const);
  const hours = (v: unknown) => {
    const m = median(((v as unknown[]) ?? []).map(Number));
    return m === null ? null : round(m, 1);
  };
  const asked = num(totals.asked);
  const answered = num(totals.answered);
  return {
    asked,
    answered,
    unanswered: asked - answered,
    medianFirstReplyHours: hours(totals.first_reply),
    medianAcceptedHours: hours(totals.accepted),
    byWeek: weekly.map((w) => ({ week: String(w.week), asked: num(w.asked), answered: num(w.answered) })),
  };
}

async function eventFigures(db: Conn, b: Bounds): Promise<HealthFigures['events']> {
  // The same reading of attendance as the events pages: anyone checked in attended; a member
  // who said they were going and was not checked in is a no-show.
  const [r] = await rows(
    db,
    sql`
    with held as (${heldSessionsOf(b)})
    select (select count(*) from held)::int as held,
           count(*) filter (where r.status = 'going')::int as rsvps,
           count(r.attended_at)::int as attended,
           count(*) filter (where r.status = 'going' and r.attended_at is null)::int as no_shows
      from held join event_rsvps r on r.occurrence_id = held.id`,
  );
  const rsvps = num(r?.rsvps);
  const noShows = num(r?.no_shows);
  const held = r ? num(r.held) : 0;
  return {
    held,
    rsvps,
    attended: num(r?.attended),
    noShows,
    attendanceRate: round(rate(rsvps - noShows, rsvps)),
    noShowRate: round(rate(noShows, rsvps)),
  };
}

async function heldCount(db: Conn, b: Bounds): Promise<number> {
  const [r] = await rows(db, sql`select count(*)::int as n from (${heldSessionsOf(b)}) h`);
  return num(r?.n);
}

async function roundupFigures(db: Conn, b: Bounds): Promise<HealthFigures['roundups']> {
  const sent = sql`
    select id from roundups where community_id = ${b.cid} and status = 'sent'
       and sent_at >= ${b.start}::timestamptz and sent_at < ${b.end}::timestamptz`;
  const [[totals], topics] = await all(db, [
    () =>
      rows(
        db,
        sql`
      with sent as (${sent})
      select (select count(*) from sent)::int as sent,
             (select count(*) from roundup_deliveries d
               where d.roundup_id in (select id from sent) and d.status = 'sent')::int as delivered,
             (select count(*) from (select distinct k.roundup_id, k.user_id from roundup_clicks k
               where k.roundup_id in (select id from sent) and k.user_id is not null) x)::int as clickers`,
      ),
    // Per topic: clicks on its items, and of the copies of round-ups that carried it, how many
    // had at least one of its items clicked.
    () =>
      rows(
        db,
        sql`
      with sent as (${sent}),
      reached as (
        select roundup_id, count(*)::int as n from roundup_deliveries
         where roundup_id in (select id from sent) and status = 'sent' group by roundup_id
      ),
      carried as (
        select distinct i.roundup_id, t.topic
          from roundup_items i cross join jsonb_array_elements_text(i.topics) as t(topic)
         where i.roundup_id in (select id from sent) and i.included
      ),
      clicked as (
        select k.roundup_id, t.topic, count(*)::int as clicks, count(distinct k.user_id)::int as members
          from roundup_clicks k join roundup_items i on i.id = k.item_id
          cross join jsonb_array_elements_text(i.topics) as t(topic)
         where k.roundup_id in (select id from sent)
         group by 1, 2
      )
      select c.topic, coalesce(sum(k.clicks), 0)::int as clicks, coalesce(sum(k.members), 0)::int as members,
             sum(r.n)::int as reached
        from carried c join reached r on r.roundup_id = c.roundup_id
        left join clicked k on k.roundup_id = c.roundup_id and k.topic = c.topic
       group by c.topic`,
      ),
  ] as const);
  const delivered = num(totals.delivered);
  const clickers = num(totals.clickers);
  return {
    sent: num(totals.sent),
    delivered,
    clickers,
    clickRate: round(rate(clickers, delivered)),
    byTopic: topics
      .map((t) => ({
        topic: String(t.topic),
        clicks: num(t.clicks),
        rate: round(rate(num(t.members), num(t.reached))),
      }))
      .sort((x, y) => y.rate - x.rate || y.clicks - x.clicks || x.topic.localeCompare(y.topic)),
  };
}

async function repertoireFigures(db: Conn, b: Bounds): Promise<HealthFigures['repertoire']> {
  // Listed at a moment: published by then, and not retired (or retired only later).
  const listedAt = (at: SQL) => sql`r.published_at is not null and r.published_at < ${at}
    and (r.status = 'published' or (r.status = 'retired' and r.retired_at >= ${at}))`;
  const [[counts], growth] = await all(db, [
    () =>
      rows(
        db,
        sql`
      select count(*) filter (where r.status = 'published')::int as total,
             count(*) filter (where r.published_at >= ${b.start}::timestamptz
                              and r.published_at < ${b.end}::timestamptz)::int as added,
             (select count(distinct used.resource_id) from (
                select ci.resource_id from collection_items ci
                 where ci.added_at >= ${b.start}::timestamptz and ci.added_at < ${b.end}::timestamptz
                union all
                select pp.resource_id from path_progress pp
                 where pp.completed_at >= ${b.start}::timestamptz and pp.completed_at < ${b.end}::timestamptz
                union all
                select n.resource_id from resource_notes n
                 where n.community_id = ${b.cid}
                   and n.created_at >= ${b.start}::timestamptz and n.created_at < ${b.end}::timestamptz
                union all
                select x.id from roundup_clicks k
                  join roundup_items i on i.id = k.item_id and i.object_type = 'resource'
                  join resources x on x.id::text = i.object_id
                 where k.clicked_at >= ${b.start}::timestamptz and k.clicked_at < ${b.end}::timestamptz
                   and x.community_id = ${b.cid}
              ) used join resources u on u.id = used.resource_id and u.community_id = ${b.cid})::int as reused
        from resources r where r.community_id = ${b.cid}`,
      ),
    () =>
      rows(
        db,
        sql`
      with months as (
        select m::date as month,
               least((m + interval '1 month') at time zone 'UTC', ${b.end}::timestamptz) as to_at
          from generate_series(date_trunc('month', ${b.start}::timestamptz at time zone 'UTC'),
                               (${b.end}::timestamptz at time zone 'UTC') - interval '1 microsecond',
                               interval '1 month') as m
      )
      select to_char(mo.month, 'YYYY-MM-DD') as month, count(r.id)::int as total
        from months mo
        left join resources r on r.community_id = ${b.cid} and ${listedAt(sql`mo.to_at`)}
       group by 1 order by 1`,
      ),
  ] as const);
  return {
    total: num(counts.total),
    added: num(counts.added),
    reused: num(counts.reused),
    growth: growth.map((g) => ({ month: String(g.month), total: num(g.total) })),
  };
}

async function outcomeCounts(db: Conn, b: Bounds): Promise<{ acceptedAnswers: number; wins: number }> {
  const [r] = await rows(
    db,
    sql`
    select count(*) filter (where accepted_at >= ${b.start}::timestamptz and accepted_at < ${b.end}::timestamptz
                            and accepted_reply_id is not null)::int as accepted,
           count(*) filter (where kind = 'win' and created_at >= ${b.start}::timestamptz
                            and created_at < ${b.end}::timestamptz)::int as wins
      from posts
     where community_id = ${b.cid} and deleted_at is null
       and (accepted_at >= ${b.start}::timestamptz or created_at >= ${b.start}::timestamptz)`,
  );
  return { acceptedAnswers: num(r?.accepted), wins: num(r?.wins) };
}

/** The dashboard's figures for `communityId` over `period`, as of `now`. */
export async function computeFigures(
  db: Conn,
  communityId: string,
  period: Period,
  now: Date = new Date(),
): Promise<HealthFigures> {
  const end = new Date(Math.min(period.end.getTime(), now.getTime()));
  const start = new Date(Math.min(period.start.getTime(), end.getTime()));
  const b: Bounds = {
    cid: communityId,
    start: start.toISOString(),
    end: end.toISOString(),
    now: now.toISOString(),
  };
  const held = await heldCount(db, b);
  const [members, modes, activation, active, amounts, load, questions, events, roundups, repertoire, outcomes] =
    await all(db, [
      () => memberFigures(db, b),
      () => modeFigures(db, b),
      () => activationFigures(db, b),
      () => weeklyActive(db, b),
      () => contributionAmounts(db, b),
      () => organiserLoad(db, b, held),
      () => questionFigures(db, b),
      () => eventFigures(db, b),
      () => roundupFigures(db, b),
      () => repertoireFigures(db, b),
      () => outcomeCounts(db, b),
    ] as const);
  return {
    periodStart: b.start,
    periodEnd: b.end,
    computedAt: now.toISOString(),
    windowDays: Math.round((end.getTime() - start.getTime()) / DAY),
    members,
    modes,
    activation,
    weeklyActive: active,
    distribution: distributionOf(amounts),
    concentration: concentrationOf(amounts),
    organiserLoad: load,
    questions,
    events: { ...events, held },
    roundups,
    repertoire,
    outcomes: {
      acceptedAnswers: outcomes.acceptedAnswers,
      resources: repertoire.added,
      eventsHeld: held,
      wins: outcomes.wins,
    },
  };
}
