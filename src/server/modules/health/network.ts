import { sql, type SQL } from 'drizzle-orm';
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import circular from 'graphology-layout/circular.js';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import type { NetworkPicture, ParticipationMode } from '../../../common/api-types.js';
import type { Conn } from '../../db/client.js';
import { currentStatuses } from '../../platform/policy.js';
import { participationModes } from '../participation/modes.js';
import type { Period } from './figures.js';

/**
 * Who helps whom, as a picture: an undirected weighted graph of current members, where a reply
 * to someone's post ties its author to the post's author, an accepted answer ties them more
 * strongly, and co-hosting a session ties its hosts. Clusters come from Louvain, brokers from
 * betweenness centrality, positions from ForceAtlas2 started from a circle — all deterministic,
 * so the same activity always draws the same picture.
 */

const DAY = 86_400_000;
/** Edge weights: a reply, an accepted answer, a session hosted together. */
export const WEIGHTS = { reply: 1, accepted: 3, coHosted: 2 } as const;
/** Members drawn at most (the strongest ties first); brokers and isolated newcomers always are. */
export const DRAWN = 300;
/** Ties drawn at most, the strongest first. */
const DRAWN_EDGES = 1200;
/** Isolated newcomers drawn at most, in the picture's own band. */
const DRAWN_NEWCOMERS = 200;
/** Betweenness is costly (nodes × edges): it is measured among the most connected members only. */
const MEASURED = 1500;
/** A newcomer joined this many days before the period's end, at most. */
export const NEWCOMER_DAYS = 60;
/** Where isolated newcomers go: a band along the bottom, below everyone connected. */
const BAND_TOP = 0.88;

type Row = Record<string, unknown>;
async function rows<T extends Row>(db: Conn, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const current = sql.join(
  [...currentStatuses].map((s) => sql`${s}`),
  sql`, `,
);

/** The ties of the period between two current members, summed per pair (smaller id first). */
async function edgesOf(db: Conn, cid: string, start: string, end: string) {
  return rows<{ s: string; t: string; weight: number }>(
    db,
    sql`
    with ties as (
      select r.author_id as a, p.author_id as b, ${WEIGHTS.reply}::int as w
        from replies r join posts p on p.id = r.post_id
       where r.community_id = ${cid} and r.deleted_at is null and p.deleted_at is null
         and r.created_at >= ${start}::timestamptz and r.created_at < ${end}::timestamptz
      union all
      select r.author_id, p.author_id, ${WEIGHTS.accepted}::int
        from posts p join replies r on r.id = p.accepted_reply_id
       where p.community_id = ${cid} and p.deleted_at is null and r.deleted_at is null
         and p.accepted_at >= ${start}::timestamptz and p.accepted_at < ${end}::timestamptz
      union all
      select h1.user_id, h2.user_id, ${WEIGHTS.coHosted}::int
        from event_occurrences o
        join events e on e.id = o.event_id and e.status = 'scheduled'
        join event_hosts h1 on h1.event_id = e.id
        join event_hosts h2 on h2.event_id = e.id and h1.user_id < h2.user_id
       where o.community_id = ${cid} and o.status = 'scheduled'
         and o.starts_at >= ${start}::timestamptz and o.starts_at < ${end}::timestamptz
    )
    select least(a, b)::text as s, greatest(a, b)::text as t, sum(w)::int as weight
      from ties
      join memberships ma on ma.community_id = ${cid} and ma.user_id = ties.a and ma.status in (${current})
      join memberships mb on mb.community_id = ${cid} and mb.user_id = ties.b and mb.status in (${current})
     where a <> b
     group by 1, 2
     order by 1, 2`,
  );
}

/** Names, modes and newness of the members tied to anyone, and of every recent newcomer. */
async function peopleOf(db: Conn, cid: string, ids: string[], end: string) {
  return rows<{ id: string; name: string; mode: string | null; newcomer: boolean }>(
    db,
    sql`
    select m.user_id::text as id, u.name, pm.mode,
           coalesce(m.joined_at >= ${end}::timestamptz - make_interval(days => ${NEWCOMER_DAYS}), false) as newcomer
      from memberships m
      join users u on u.id = m.user_id
      left join participation_modes pm on pm.community_id = m.community_id and pm.user_id = m.user_id
     where m.community_id = ${cid} and m.status in (${current})
       and (m.user_id = any(${`{${ids.join(',')}}`}::uuid[])
            or m.joined_at >= ${end}::timestamptz - make_interval(days => ${NEWCOMER_DAYS}))
     order by m.user_id`,
  );
}

/** A small seeded generator (mulberry32), so Louvain's shuffles are the same every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Attrs = { weight: number };

/** The members with the strongest ties (weighted degree), strongest first, ties broken by id. */
function strongest(graph: Graph, n: number): string[] {
  const strength = (node: string) => graph.reduceEdges(node, (s, _e, a) => s + (a as Attrs).weight, 0);
  return graph
    .nodes()
    .map((id) => ({ id, s: strength(id) }))
    .sort((x, y) => y.s - x.s || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, n)
    .map((x) => x.id);
}

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Whom to draw when there are more than `cap`: the brokers, each with their strongest tie, then
 * the strongest ties of all, both ends at a time — so that nobody drawn floats alone, as the
 * busiest members picked one by one would in a large, loosely knit community.
 */
function backbone(graph: Graph, cap: number, brokers: Set<string>): Set<string> {
  if (graph.order <= cap) return new Set(graph.nodes());
  const strength = new Map(
    graph.nodes().map((node) => [node, graph.reduceEdges(node, (s, _e, a) => s + (a as Attrs).weight, 0)]),
  );
  const ties = graph
    .mapEdges((_e, a, s, t) => ({ s, t, w: (a as Attrs).weight, both: strength.get(s)! + strength.get(t)! }))
    .sort((x, y) => y.w - x.w || y.both - x.both || byId(x.s, y.s) || byId(x.t, y.t));
  const chosen = new Set<string>();
  for (const broker of [...brokers].sort(byId)) {
    chosen.add(broker);
    const tie = ties.find((e) => e.s === broker || e.t === broker);
    if (tie) chosen.add(tie.s === broker ? tie.t : tie.s);
  }
  for (const tie of ties) {
    if (chosen.size >= cap) break;
    const adds = Number(!chosen.has(tie.s)) + Number(!chosen.has(tie.t));
    if (adds === 0 || chosen.size + adds > cap) continue;
    chosen.add(tie.s);
    chosen.add(tie.t);
  }
  return chosen;
}

/** Spreads `values` over [lo, hi]; all equal: the middle. */
function normalise(values: number[], lo: number, hi: number): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (!(max > min)) return values.map(() => (lo + hi) / 2);
  return values.map((v) => lo + ((v - min) / (max - min)) * (hi - lo));
}

/**
 * Brokers: members whose ties reach into two clusters or more and who sit on many of the
 * shortest paths between others — the top few by betweenness among those, never one on no path.
 */
function brokersOf(graph: Graph, cluster: Map<string, number>): Set<string> {
  const measured = graph.order > MEASURED ? subgraph(graph, new Set(strongest(graph, MEASURED))) : graph;
  const between = betweenness(measured, { getEdgeWeight: null, normalized: true });
  const bridging = measured.nodes().filter((node) => {
    const reached = new Set([cluster.get(node)]);
    measured.forEachNeighbor(node, (other) => reached.add(cluster.get(other)));
    return reached.size >= 2 && between[node] > 0;
  });
  const howMany = Math.min(12, Math.max(1, Math.round(graph.order * 0.05)));
  return new Set(bridging.sort((x, y) => between[y] - between[x] || (x < y ? -1 : 1)).slice(0, howMany));
}

function subgraph(graph: Graph, keep: Set<string>): Graph {
  const g = new Graph({ type: 'undirected' });
  for (const node of [...keep].sort()) g.addNode(node);
  graph.forEachEdge((_e, attrs, s, t) => {
    if (keep.has(s) && keep.has(t)) g.addEdge(s, t, { ...attrs });
  });
  return g;
}

/** The help network of `communityId` over `period`, laid out in the unit square. */
export async function computeNetwork(
  db: Conn,
  communityId: string,
  period: Period,
  options: { drawn?: number } = {},
): Promise<NetworkPicture> {
  const cap = options.drawn ?? DRAWN;
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const edges = await edgesOf(db, communityId, start, end);
  const tied = [...new Set(edges.flatMap((e) => [e.s, e.t]))].sort();
  const people = await peopleOf(db, communityId, tied, end);
  const byId = new Map(people.map((p) => [p.id, p]));

  const graph = new Graph({ type: 'undirected' });
  for (const id of tied) if (byId.has(id)) graph.addNode(id);
  for (const e of edges) if (graph.hasNode(e.s) && graph.hasNode(e.t)) graph.addEdge(e.s, e.t, { weight: e.weight });

  // Clusters over everyone connected, numbered by size (0 the largest) so colours stay put.
  const raw = graph.order > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seeded(7) }) : {};
  const sizes = new Map<number, { size: number; first: string }>();
  for (const [node, c] of Object.entries(raw)) {
    const seen = sizes.get(c);
    sizes.set(c, { size: (seen?.size ?? 0) + 1, first: seen && seen.first < node ? seen.first : node });
  }
  const renumber = new Map(
    [...sizes].sort(([, a], [, b]) => b.size - a.size || (a.first < b.first ? -1 : 1)).map(([c], i) => [c, i]),
  );
  const cluster = new Map(Object.entries(raw).map(([node, c]) => [node, renumber.get(c)!]));
  const brokers = graph.order > 2 ? brokersOf(graph, cluster) : new Set<string>();

  const shown = subgraph(graph, backbone(graph, cap, brokers));

  // A circle in cluster order to start from, then ForceAtlas2: deterministic for the same graph.
  const order = shown.nodes().sort((a, b) => cluster.get(a)! - cluster.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const seededGraph = new Graph({ type: 'undirected' });
  for (const node of order) seededGraph.addNode(node);
  shown.forEachEdge((_e, attrs, s, t) => seededGraph.addEdge(s, t, { ...attrs }));
  circular.assign(seededGraph, { scale: 100 });
  if (seededGraph.order > 1) {
    forceAtlas2.assign(seededGraph, {
      iterations: 300,
      getEdgeWeight: 'weight',
      settings: { ...forceAtlas2.inferSettings(seededGraph), barnesHutOptimize: false },
    });
  }

  const isolated = people
    .filter((p) => p.newcomer && !graph.hasNode(p.id))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const shownIsolated = isolated.slice(0, DRAWN_NEWCOMERS);
  const bottom = shownIsolated.length > 0 ? BAND_TOP - 0.06 : 0.96;
  const ids = seededGraph.nodes();
  const xs = normalise(
    ids.map((id) => seededGraph.getNodeAttribute(id, 'x') as number),
    0.04,
    0.96,
  );
  const ys = normalise(
    ids.map((id) => seededGraph.getNodeAttribute(id, 'y') as number),
    0.04,
    bottom,
  );

  const modeOf = (id: string) => {
    const m = byId.get(id)?.mode;
    return participationModes.includes(m as ParticipationMode) ? (m as ParticipationMode) : null;
  };
  const nodes: NetworkPicture['nodes'] = ids.map((id, i) => ({
    id,
    name: byId.get(id)?.name ?? '',
    x: round(xs[i]),
    y: round(ys[i]),
    mode: modeOf(id),
    cluster: cluster.get(id) ?? 0,
    degree: graph.degree(id),
    isolatedNewcomer: false,
    broker: brokers.has(id),
  }));

  // Isolated newcomers along the bottom band, by name: left to right at an even step (a fifth of
  // the width apart when there are few, room for their names), in as many rows as needed.
  const perRow = Math.max(10, Math.ceil(Math.sqrt(shownIsolated.length * 6)));
  const rowsNeeded = Math.ceil(shownIsolated.length / perRow);
  const step = Math.min(0.2, 0.88 / Math.max(1, Math.min(perRow, shownIsolated.length) - 1));
  shownIsolated.forEach((p, i) => {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    nodes.push({
      id: p.id,
      name: p.name,
      x: round(0.06 + col * step),
      y: round(rowsNeeded === 1 ? (BAND_TOP + 1) / 2 + 0.01 : BAND_TOP + 0.02 + (row / (rowsNeeded - 1)) * 0.08),
      mode: modeOf(p.id),
      cluster: -1,
      degree: 0,
      isolatedNewcomer: true,
      broker: false,
    });
  });

  const drawnEdges: NetworkPicture['edges'] = [];
  seededGraph.forEachEdge((_e, attrs, s, t) => {
    drawnEdges.push({ source: s, target: t, weight: (attrs as Attrs).weight });
  });
  // The strongest ties only, when there are very many: the page reads this on every visit.
  const key = (e: { source: string; target: string }) => `${e.source}|${e.target}`;
  const strongestEdges = drawnEdges
    .sort((a, b) => b.weight - a.weight || (key(a) < key(b) ? -1 : 1))
    .slice(0, DRAWN_EDGES)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));

  return {
    nodes,
    edges: strongestEdges,
    clusters: new Set(ids.map((id) => cluster.get(id))).size,
    omitted: graph.order - seededGraph.order + (isolated.length - shownIsolated.length),
  };
}

/** Three decimals: a thousandth of the picture is finer than any screen shows. */
const round = (x: number) => Math.round(x * 1000) / 1000;
