import { and, eq, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { prepared, preparedSql } from '../../db/prepared.js';
import { communities, memberships, periodLexeme, periodOf, posts, replies, resources } from '../../db/schema/index.js';
import { listedResourceStatuses, type communityVisibilityScope } from '../../platform/policy.js';
import type { PostKind } from '../../../common/limits.js';

export interface SearchFilter {
  q: string;
  viewerId: string | null;
  scope: ReturnType<typeof communityVisibilityScope>;
  /** A slug: a community the viewer may not see matches nothing, exactly like an unknown one. */
  community?: string;
  kind?: PostKind;
  tag?: string;
  author?: string;
  answered?: boolean;
}

export interface HitRow {
  post_id: string;
  reply_id: string | null;
  title: string;
  kind: string;
  tags: string[] | string;
  reply_count: number;
  answered: boolean;
  created_ms: number;
  community_slug: string;
  community_name: string;
  visibility: string;
  joining: string;
  member_role: string | null;
  member_status: string | null;
  author_id: string | null;
  author_name: string | null;
  author_handle: string | null;
  /** ts_headline output with matches between the markers below; raw text, not yet escaped. */
  headline: string;
  /** More posts or replies matched than were ranked (see candidateCap). */
  narrowed: boolean;
  /** What the hit shows of its post and reply, as digests: a cached page is used only while they hold. */
  post_version: string;
  reply_version: string | null;
}

/**
 * At most this many matching posts, and as many matching replies, are ranked: the most recent
 * ones. Each match must be read from its table, so ranking every match of a very common word
 * (say "data" in a data community: hundreds of thousands) takes seconds. Adding a word or a
 * filter brings older posts within reach.
 */
export const candidateCap = 300;

/**
 * Where the newest matches are looked for, in turn: periods (see `searchPeriodDays`) counted back
 * from the current one, each stretch twice as long as the one before, then everything else. The
 * index finds a word's matches within a stretch by itself; only those rows are read, and a later
 * stretch is not searched at all once the earlier ones hold `candidateCap` matches. The first
 * stretch starts a period ahead, for clocks that disagree a little.
 */
export function stretches(now: number): number[][] {
  const current = periodOf(now);
  const out: number[][] = [[current + 1, current, current - 1]];
  for (let from = current - 2, length = 2; length <= 64; from -= length, length *= 2) {
    out.push(Array.from({ length }, (_, i) => from - i));
  }
  return out;
}

/** A tsquery matching anything written in one of these periods. */
const anyOf = (periods: number[]) => periods.map((p) => `'${periodLexeme(p)}'`).join(' | ');

/** How many stretches there are: the same whatever the time. */
const stretchCount = stretches(0).length;

/** The stretches as values of the placeholders `newestMatches` leaves for them, as they are at `now`. */
function stretchValues(now: number): Record<string, string> {
  const parts = stretches(now);
  return Object.fromEntries([
    ...parts.map((periods, i) => [`stretch_${i}`, anyOf(periods)]),
    ['all_stretches', anyOf(parts.flat())],
  ]);
}

/**
 * The newest `cap` rows of `from` (aliased `alias`) matching `query` and `where`, found stretch
 * by stretch (see `stretches`; the periods are the placeholders `stretch_0`… and `all_stretches`),
 * with their `id`, `created_at` and `columns`: CTEs named `${name}_0`…, and `${name}` holding the
 * result. The columns are worked out while the row is at hand (a rank reads the row's whole
 * vector), for the matches of the stretches searched only.
 */
function newestMatches(name: string, from: SQL, alias: string, columns: SQL, query: SQL, where: SQL, cap: SQL): SQL {
  const a = sql.raw(alias);
  const step = (i: number) => sql.raw(`${name}_${i}`);
  // A query of stop words only matches nothing, and must not become "anything in these periods".
  const within = (periods: SQL | Placeholder) =>
    sql`(case when numnode(${query}) = 0 then ${query} else ${query} && ${periods}::tsquery end)`;
  const found = (i: number) =>
    i === 0
      ? sql`true`
      : sql`(${sql.join(
          Array.from({ length: i }, (_, k) => sql`(select count(*) from ${step(k)})`),
          sql` + `,
        )}) < ${cap}`;
  const ctes = Array.from(
    { length: stretchCount },
    (_, i) => sql`${step(i)} as (
      select ${a}.id, ${a}.created_at, ${columns}
      from ${from}
      where ${found(i)} and ${a}.search @@ ${within(sql.placeholder(`stretch_${i}`))} and ${where}
      order by ${a}.created_at desc nulls last, ${a}.id desc nulls last
      limit ${cap}
    )`,
  );
  const rest = sql`${step(stretchCount)} as (
      select ${a}.id, ${a}.created_at, ${columns}
      from ${from}
      where ${found(stretchCount)} and ${a}.search @@ ${query}
        and not (${a}.search @@ ${sql.placeholder('all_stretches')}::tsquery) and ${where}
      order by ${a}.created_at desc nulls last, ${a}.id desc nulls last
      limit ${cap}
    )`;
  const union = sql.join(
    Array.from({ length: stretchCount + 1 }, (_, i) => sql`select * from ${step(i)}`),
    sql` union all `,
  );
  return sql`${sql.join(
    [...ctes, rest],
    sql`,
`,
  )},
    ${sql.raw(name)} as (
      select * from (${union}) found
      order by created_at desc nulls last, id desc nulls last
      limit ${cap}
    )`;
}

/** Marker characters around matches in a headline: control characters no reader types. */
export const markStart = '\u0002';
export const markStop = '\u0003';

/** Digests of everything a hit shows of its post or reply; `currentVersions` recomputes them. */
const postVersion = (p: string) =>
  sql.raw(
    `md5(concat_ws('|', ${p}.title, ${p}.body, ${p}.tags::text, ${p}.kind, ${p}.reply_count, ${p}.accepted_reply_id, ${p}.edited_at))`,
  );
const replyVersion = (r: string) => sql.raw(`md5(concat_ws('|', ${r}.body, ${r}.edited_at))`);
const resourceVersion = (r: string) =>
  sql.raw(`md5(concat_ws('|', ${r}.title, ${r}.summary, ${r}.tags::text, ${r}.status, ${r}.updated_at))`);

const markers = sql`'StartSel=' || chr(2) || ', StopSel=' || chr(3)`;
/** Short texts are shown whole; longer ones as up to two passages around the best matches. */
const shortText = 280;
// Markers typed into a post must not become highlights, so the text loses them before ts_headline.
const headline = (
  text: SQL,
  query: SQL,
) => sql`ts_headline('english', translate(${text}, chr(2) || chr(3), '  '), ${query},
    ${markers} || case when length(${text}) <= ${sql.raw(String(shortText))} then ', HighlightAll=true'
      else ', MaxFragments=2, MaxWords=30, MinWords=15, FragmentDelimiter=" … "' end)`;

/**
 * One page of posts matching `q`, best first. Posts and replies are matched through their GIN
 * indexes; each post keeps its best hit (a title match always ranks above a body or reply match);
 * headlines are made only for the page returned.
 *
 * The statement is prepared, one for each combination of filters, and planned once per
 * connection: planning its stages cost a third of a search's time, and their best plan does not
 * depend on the words (each stage reads its stretch's matches through the index).
 */
export async function search(
  db: Conn,
  f: SearchFilter,
  offset: number,
  limit: number,
  cap = candidateCap,
): Promise<HitRow[]> {
  const shape = searchShape(f);
  const name = `search_posts_${shapeName(shape)}_${Math.trunc(cap)}`;
  const statement = preparedSql<HitRow>(db, name, () => searchStatement(shape, cap), { plan: 'once' });
  return (await statement.execute(searchValues(f, offset, limit))).rows;
}

/** Which filters a search has: each combination is a statement of its own. */
export interface SearchShape {
  community: boolean;
  kind: boolean;
  tag: boolean;
  author: boolean;
  answered: boolean | undefined;
}

export const searchShape = (f: SearchFilter): SearchShape => ({
  community: f.community !== undefined,
  kind: f.kind !== undefined,
  tag: f.tag !== undefined,
  author: f.author !== undefined,
  answered: f.answered,
});

const shapeName = (shape: SearchShape) =>
  [
    shape.community ? 'c' : '',
    shape.kind ? 'k' : '',
    shape.tag ? 't' : '',
    shape.author ? 'a' : '',
    shape.answered === undefined ? '' : shape.answered ? 'y' : 'n',
  ].join('') || 'all';

/** The values of `searchStatement`'s placeholders for this search, with the stretches as they are at `now`. */
export function searchValues(f: SearchFilter, offset: number, limit: number, now = Date.now()) {
  return {
    q: f.q,
    viewer: f.viewerId,
    everything: f.scope.everything,
    visibilities: f.scope.visibilities,
    statuses: f.scope.memberStatuses,
    community: f.community ?? null,
    kind: f.kind ?? null,
    tag: f.tag ?? null,
    author: f.author ?? null,
    offset,
    limit,
    ...stretchValues(now),
  };
}

/** The statement `search` runs, with placeholders (see `searchValues`); apart, so that its plan can be looked at. */
export function searchStatement(shape: SearchShape, candidates = candidateCap): SQL {
  const v = (name: string) => sql.placeholder(name);
  const query = sql`websearch_to_tsquery('english', ${v('q')}::text)`;
  const viewer = sql`${v('viewer')}::uuid`;
  const scope = sql`(${v('everything')}::boolean or c.visibility = any(${v('visibilities')}::text[])
    or m.status = any(${v('statuses')}::text[]))`;
  const slug = shape.community ? sql`and c.slug = ${v('community')}::text` : sql``;

  const postFilters: SQL[] = [sql`p.deleted_at is null`];
  if (shape.kind) postFilters.push(sql`p.kind = ${v('kind')}::text`);
  // Topics keep their spelling and free tags are stored lower-case: either way, ignore case.
  if (shape.tag) {
    postFilters.push(
      sql`exists (select 1 from jsonb_array_elements_text(p.tags) as t(tag) where lower(t.tag) = lower(${v('tag')}::text))`,
    );
  }
  if (shape.author) postFilters.push(sql`p.author_id = ${v('author')}::uuid`);
  if (shape.answered !== undefined) {
    postFilters.push(shape.answered ? sql`p.accepted_reply_id is not null` : sql`p.accepted_reply_id is null`);
  }
  const onPost = sql.join(postFilters, sql` and `);
  const filtersPosts = postFilters.length > 1;

  const replyRank = (r: string) => sql`ts_rank_cd('{0.3,0.2,0.4,1.0}', ${sql.raw(r)}.search, ${query}, 32)`;
  const cap = sql.raw(String(Math.trunc(candidates)));

  return sql`
    with visible as (
      select c.id, c.slug, c.name, c.visibility, c.joining, m.role, m.status
      from communities c
      left join memberships m on m.community_id = c.id and m.user_id = ${viewer}
      where ${scope} ${slug}
    ),
    -- The newest matches, ranked: only they are ranked, as ranking reads a match's whole vector.
    ${newestMatches(
      'post_candidates',
      sql`posts p`,
      'p',
      sql`(case when ts_filter(p.search, '{a}') @@ ${query} then 1 else 0 end) + ts_rank_cd(p.search, ${query}, 32) as score`,
      query,
      sql`p.community_id in (select id from visible) and ${onPost}`,
      cap,
    )},
    post_hits as (
      select id as post_id, created_at, score from post_candidates
    ),
    ${newestMatches(
      'reply_candidates',
      filtersPosts ? sql`replies r join posts p on p.id = r.post_id` : sql`replies r`,
      'r',
      sql`r.post_id, ${replyRank('r')} as score`,
      query,
      sql`r.deleted_at is null and r.community_id in (select id from visible) ${filtersPosts ? sql`and ${onPost}` : sql``}`,
      cap,
    )},
    reply_hits as (
      select c.post_id, p.created_at, c.score
      from reply_candidates c
      -- Without a filter on posts, their replies are found first and a deleted post's dropped here.
      join posts p on p.id = c.post_id and p.deleted_at is null
    ),
    best as (
      select post_id, created_at, max(score) as score,
        -- The post itself wins a tie with one of its replies.
        coalesce(max(score) filter (where in_post), -1) >= max(score) as in_post
      from (
        select post_id, created_at, score, true as in_post from post_hits
        union all
        select post_id, created_at, score, false from reply_hits
      ) hits
      group by post_id, created_at
    ),
    page as (
      select * from best
      order by score desc, created_at desc, post_id desc
      offset ${v('offset')}::int limit ${v('limit')}::int
    )
    select page.post_id, r.id as reply_id, p.title, p.kind, p.tags, p.reply_count,
      p.accepted_reply_id is not null as answered,
      (extract(epoch from p.created_at) * 1000)::float8 as created_ms,
      v.slug as community_slug, v.name as community_name, v.visibility, v.joining,
      v.role as member_role, v.status as member_status,
      u.id as author_id, u.name as author_name, u.handle as author_handle,
      case when page.in_post then ${headline(sql`p.body`, query)} else ${headline(sql`r.body`, query)} end
        as headline,
      (select count(*) from post_candidates) >= ${cap} or (select count(*) from reply_candidates) >= ${cap} as narrowed,
      ${postVersion('p')} as post_version, r.version as reply_version
    from page
    join posts p on p.id = page.post_id
    join visible v on v.id = p.community_id
    left join users u on u.id = p.author_id
    -- Which reply matched best is looked up for the page only, among the post's replies.
    left join lateral (
      select r.id, r.body, ${replyVersion('r')} as version from replies r
      where not page.in_post and r.post_id = page.post_id and r.deleted_at is null and r.search @@ ${query}
      order by ${replyRank('r')} desc, r.created_at, r.id
      limit 1
    ) r on true
    order by page.score desc, page.created_at desc, page.post_id desc
  `;
}

export interface ResourceHitRow {
  id: string;
  title: string;
  kind: string;
  format: string;
  tags: string[] | string;
  community_slug: string;
  community_name: string;
  visibility: string;
  joining: string;
  member_role: string | null;
  member_status: string | null;
  status: string;
  headline: string;
  narrowed: boolean;
  version: string;
}

/** One page of listed (published) resources matching `q`, best first; the same visibility rule as posts. */
export async function searchResources(
  db: Conn,
  f: Pick<SearchFilter, 'q' | 'viewerId' | 'scope' | 'community' | 'tag'>,
  offset: number,
  limit: number,
  cap = candidateCap,
): Promise<ResourceHitRow[]> {
  const result = await db.execute(resourceSearchQuery(f, offset, limit, cap));
  return (result as unknown as { rows: ResourceHitRow[] }).rows;
}

export function resourceSearchQuery(
  f: Pick<SearchFilter, 'q' | 'viewerId' | 'scope' | 'community' | 'tag'>,
  offset: number,
  limit: number,
  candidates = candidateCap,
): SQL {
  const query = sql`websearch_to_tsquery('english', ${f.q})`;
  const viewer = f.viewerId ? sql`${f.viewerId}::uuid` : sql`null::uuid`;
  const scope = f.scope.everything
    ? sql`true`
    : sql`(c.visibility = any(${sqlArray(f.scope.visibilities)}) or m.status = any(${sqlArray(f.scope.memberStatuses)}))`;
  const slug = f.community === undefined ? sql`` : sql`and c.slug = ${f.community}`;
  const tag = f.tag
    ? sql`and exists (select 1 from jsonb_array_elements_text(r.tags) as t(tag) where lower(t.tag) = lower(${f.tag}))`
    : sql``;
  const cap = sql.raw(String(Math.trunc(candidates)));
  return sql`
    with visible as (
      select c.id, c.slug, c.name, c.visibility, c.joining, m.role, m.status
      from communities c
      left join memberships m on m.community_id = c.id and m.user_id = ${viewer}
      where ${scope} ${slug}
    ),
    hits as (
      select r.id, r.created_at,
        (case when ts_filter(r.search, '{a}') @@ ${query} then 1 else 0 end)
          + ts_rank_cd(r.search, ${query}, 32) as score
      from resources r
      where r.search @@ ${query} and r.community_id in (select id from visible)
        and r.status = any(${sqlArray([...listedResourceStatuses])}) ${tag}
      order by r.created_at desc nulls last, r.id desc nulls last
      limit ${cap}
    ),
    page as (
      select * from hits
      order by score desc, created_at desc, id desc
      offset ${offset} limit ${limit}
    )
    select page.id, r.title, r.kind, r.format, r.tags, r.status,
      v.slug as community_slug, v.name as community_name, v.visibility, v.joining,
      v.role as member_role, v.status as member_status,
      ${headline(sql`case when r.summary = '' then r.title else r.summary end`, query)} as headline,
      (select count(*) from hits) >= ${cap} as narrowed,
      ${resourceVersion('r')} as version
    from page
    join resources r on r.id = page.id
    join visible v on v.id = r.community_id
    order by page.score desc, page.created_at desc, page.id desc
  `;
}

export interface SearchScopeRow {
  id: string;
  slug: string;
  visibility: string;
  joining: string;
  member_role: string | null;
  member_status: string | null;
  /** The newest post, reply and change to a resource anywhere: new content changes search results. */
  posts_mark: string | null;
  replies_mark: string | null;
  resources_mark: string | null;
}

/**
 * The communities a search would look in, with the viewer's membership in each as it is now, and
 * marks that move whenever something that could match is written. Cheap: one pass over the
 * communities and three index lookups.
 */
export async function searchScope(
  db: Conn,
  f: Pick<SearchFilter, 'viewerId' | 'scope' | 'community'>,
): Promise<SearchScopeRow[]> {
  const build = (d: Conn, oneCommunity: boolean) => {
    const name = oneCommunity ? 'search_scope_one' : 'search_scope';
    const visible = or(
      sql`${sql.placeholder('everything')}::boolean`,
      sql`${communities.visibility} = any(${sql.placeholder('visibilities')}::text[])`,
      sql`${memberships.status} = any(${sql.placeholder('statuses')}::text[])`,
    );
    return d
      .select({
        id: communities.id,
        slug: communities.slug,
        visibility: communities.visibility,
        joining: communities.joining,
        member_role: memberships.role,
        member_status: memberships.status,
        posts_mark: sql<string | null>`(select max(created_at) from ${posts})::text`,
        replies_mark: sql<string | null>`(select max(created_at) from ${replies})::text`,
        resources_mark: sql<string | null>`(select max(updated_at) from ${resources})::text`,
      })
      .from(communities)
      .leftJoin(
        memberships,
        and(eq(memberships.communityId, communities.id), eq(memberships.userId, sql.placeholder('viewer'))),
      )
      .where(oneCommunity ? and(visible, eq(communities.slug, sql.placeholder('slug'))) : visible)
      .orderBy(communities.id)
      .prepare(name);
  };
  const values = {
    viewer: f.viewerId,
    everything: f.scope.everything,
    visibilities: f.scope.visibilities,
    statuses: f.scope.memberStatuses,
  };
  if (f.community === undefined) {
    return prepared(db, 'search_scope', (d) => build(d, false), { plan: 'once' }).execute(values);
  }
  return prepared(db, 'search_scope_one', (d) => build(d, true), { plan: 'once' }).execute({
    ...values,
    slug: f.community,
  });
}

/**
 * The digests of these posts, replies and resources as they are now (see `postVersion`); a post
 * or reply that was deleted has none.
 */
export async function currentVersions(
  db: Conn,
  ids: { posts: string[]; replies: string[]; resources: string[] },
): Promise<Map<string, string>> {
  const query = prepared(
    db,
    'search_current_versions',
    (d) =>
      d
        .select({ key: sql<string>`'post:' || ${posts.id}`, version: postVersion('posts') })
        .from(posts)
        .where(and(sql`${posts.id} = any(${sql.placeholder('posts')}::uuid[])`, isNull(posts.deletedAt)))
        .unionAll(
          d
            .select({ key: sql<string>`'reply:' || ${replies.id}`, version: replyVersion('replies') })
            .from(replies)
            .where(and(sql`${replies.id} = any(${sql.placeholder('replies')}::uuid[])`, isNull(replies.deletedAt))),
        )
        .unionAll(
          d
            .select({ key: sql<string>`'resource:' || ${resources.id}`, version: resourceVersion('resources') })
            .from(resources)
            .where(sql`${resources.id} = any(${sql.placeholder('resources')}::uuid[])`),
        )
        .prepare('search_current_versions'),
    { plan: 'once' },
  );
  const rows = await query.execute(ids);
  return new Map(rows.map((r) => [r.key, String(r.version)]));
}

const sqlArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
