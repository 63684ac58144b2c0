import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { activityEvents, follows, memberships, posts, reactions, replies, users } from '../schema/index.js';
import { excerpt, renderMarkdown } from '../../platform/markdown.js';
import { EXCERPT_LENGTH } from '../../modules/conversations/common.js';
import { answerableKinds, atLeast, currentStatuses } from '../../platform/policy.js';
import type { PostKind, ReactionKind, Role } from '../../../common/limits.js';
import { prng } from './generate.js';

type Random = ReturnType<typeof prng>;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const batch = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
};

// ---------------------------------------------------------------------------------------------
// The demo: a few dozen hand-shaped conversations per community, written like members would.
// ---------------------------------------------------------------------------------------------

export interface DemoCommunity {
  id: string;
  slug: string;
  topics: string[];
}

export interface Member {
  id: string;
  name: string;
  handle: string;
  role: Role;
}

type PostRow = typeof posts.$inferInsert & { id: string; createdAt: Date; kind: PostKind; authorId: string };
type ReplyRow = typeof replies.$inferInsert & { id: string; createdAt: Date; authorId: string };

/** One of a community's AMAs has ended, one is taking questions now, one is coming up. */
const amaPhases = ['ended', 'live', 'upcoming'] as const;
type AmaPhase = (typeof amaPhases)[number];

interface Thread {
  post: PostRow;
  replies: ReplyRow[];
  accepted: { replyId: string; at: Date; by: string } | null;
}

/**
 * Makes the demo communities lived-in: posts of every kind, threaded replies with quotes and
 * @mentions, accepted answers, reactions and follows, spread over the past months. Deterministic
 * for a seed (only the row ids differ between runs).
 */
export async function seedConversations(
  db: Db,
  options: {
    seed: number;
    communities: DemoCommunity[];
    now?: number;
    onProgress?: (done: number, total: number) => void;
  },
) {
  const r = prng(options.seed);
  const now = options.now ?? Date.now();
  let done = 0;
  for (const community of options.communities) {
    const members = await currentMembers(db, community.id);
    if (members.length < 3) continue;
    const links = new Map(members.map((m) => [m.handle.toLowerCase(), `/c/${community.slug}/members/${m.id}`]));
    const render = (source: string) => renderMarkdown(source, links);
    let amas = 0;
    const threads = planKinds(r).map((kind) =>
      buildThread(
        r,
        community,
        members,
        kind,
        now,
        render,
        kind === 'ama' ? amaPhases[amas++ % amaPhases.length] : null,
      ),
    );
    await writeThreads(db, community, threads);
    await writeReactionsAndFollows(db, r, community, members, threads, now);
    options.onProgress?.(++done, options.communities.length);
  }
}

/** A community's current members, in a stable order (by email) so seeds stay deterministic. */
export async function currentMembers(db: Db, communityId: string): Promise<Member[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, handle: users.handle, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), inArray(memberships.status, [...currentStatuses])))
    .orderBy(users.email);
  return rows.map((m) => ({ ...m, role: m.role as Role }));
}

/** Every kind at least a few times; questions and discussions make up the rest. */
function planKinds(r: Random): PostKind[] {
  const times = (kind: PostKind, n: number) => Array.from({ length: n }, () => kind);
  const kinds: PostKind[] = [
    ...times('ama', amaPhases.length),
    ...times('announcement', r.int(3, 5)),
    ...times('win', r.int(4, 6)),
    ...times('need', r.int(4, 6)),
  ];
  const rest = r.int(22, 30);
  for (let i = 0; i < rest; i++) kinds.push(r.chance(0.55) ? 'question' : 'discussion');
  return kinds;
}

const replyRange: Record<PostKind, [number, number]> = {
  question: [0, 6],
  discussion: [1, 8],
  announcement: [0, 4],
  win: [1, 5],
  need: [0, 4],
  ama: [0, 0], // AMAs get questions and the host's answers instead (addAmaQuestions)
};

function buildThread(
  r: Random,
  community: DemoCommunity,
  members: Member[],
  kind: PostKind,
  now: number,
  render: (source: string) => string,
  amaPhase: AmaPhase | null,
): Thread {
  // Announcements come from coordinators; AMAs are set up by the core group for their host.
  const leads = members.filter((m) => atLeast(m.role, kind === 'announcement' ? 'coordinator' : 'core'));
  const author = kind === 'announcement' || kind === 'ama' ? r.pick(leads.length ? leads : members) : r.pick(members);
  const topic = r.pick(community.topics);
  const [thing, thing2] = r.some(thingsFor(topic), 2);
  const host = kind === 'ama' ? r.pick(members.filter((m) => m.id !== author.id)) : null;
  const others = () => r.pick(members.filter((m) => m.id !== author.id));
  const vars = {
    topic: inSentence(topic),
    Topic: topic,
    thing,
    thing2: thing2 ?? thing,
    host: host?.name ?? '',
    mention: `@${others().handle}`,
  };
  const { title, body } = titleAndBody(r, kind, vars);

  let createdAt = new Date(now - r.int(2, 180) * day - r.int(0, 23) * hour);
  let ama: Pick<PostRow, 'amaHostId' | 'amaStartsAt' | 'amaEndsAt'> = {};
  if (host && amaPhase) {
    const starts =
      amaPhase === 'ended' ? now - r.int(10, 90) * day : amaPhase === 'live' ? now - day : now + r.int(4, 12) * day;
    createdAt = new Date(Math.min(starts - r.int(5, 10) * day, now - day));
    ama = { amaHostId: host.id, amaStartsAt: new Date(starts), amaEndsAt: new Date(starts + r.int(2, 3) * day) };
  }
  const tags = r.chance(0.85)
    ? [
        topic,
        ...r.some(
          community.topics.filter((t) => t !== topic),
          r.int(0, 1),
        ),
      ]
    : [];
  const post: PostRow = {
    id: randomUUID(),
    communityId: community.id,
    authorId: author.id,
    kind,
    title,
    body,
    ...rendered(body, render),
    tags,
    createdAt,
    lastActivityAt: createdAt,
    ...ama,
  };
  const thread: Thread = { post, replies: [], accepted: null };
  if (host && amaPhase) addAmaQuestions(r, thread, members, host, amaPhase, vars, now, render);
  else addReplies(r, thread, members, vars, now, render);
  settle(r, thread, now);
  return thread;
}

/** A while after `after`, or null when that would be after `until` (the conversation stops there). */
/** What the conversation service stores beside the Markdown source. */
function rendered(body: string, render: (source: string) => string) {
  const bodyHtml = render(body);
  return { bodyHtml, excerpt: excerpt(bodyHtml, EXCERPT_LENGTH) };
}

function nextMoment(r: Random, after: Date, until: number): Date | null {
  const gap = r.chance(0.6) ? r.int(10, 240) * minute : r.int(4, 60) * hour;
  const at = after.getTime() + gap;
  return at < until ? new Date(at) : null;
}

function reply(thread: Thread, author: Member, body: string, at: Date, render: (s: string) => string, link?: ReplyRow) {
  const row: ReplyRow = {
    id: randomUUID(),
    postId: thread.post.id,
    communityId: thread.post.communityId,
    authorId: author.id,
    // Threads are one level deep: answering a child continues its parent's thread and quotes the child.
    parentId: link ? (link.parentId ?? link.id) : null,
    quotedReplyId: link ? link.id : null,
    body,
    ...rendered(body, render),
    createdAt: at,
  };
  thread.replies.push(row);
  return row;
}

function addReplies(
  r: Random,
  thread: Thread,
  members: Member[],
  vars: Record<string, string>,
  now: number,
  render: (s: string) => string,
) {
  const { post } = thread;
  const [min, max] = replyRange[post.kind];
  const count = r.int(min, max);
  const byId = new Map(members.map((m) => [m.id, m]));
  let at = post.createdAt;
  for (let i = 0; i < count; i++) {
    const next = nextMoment(r, at, now);
    if (!next) break;
    at = next;
    const earlier = thread.replies;
    const answering = earlier.length > 0 && r.chance(0.35) ? r.pick(earlier) : undefined;
    const author = answering && r.chance(0.5) ? byId.get(post.authorId)! : r.pick(members);
    const someone = r.pick(members.filter((m) => m.id !== author.id));
    const lineVars = {
      ...vars,
      mention: `@${someone.handle}`,
      who: answering ? `@${byId.get(answering.authorId)?.handle ?? someone.handle}` : `@${someone.handle}`,
    };
    const lines = answering ? threadLines : replyLines(post.kind);
    reply(thread, author, fill(r.pick(lines), lineVars), at, render, answering);
  }
  const candidates = thread.replies.filter((x) => !x.parentId && x.authorId !== post.authorId);
  if (answerableKinds.has(post.kind) && candidates.length > 0 && r.chance(post.kind === 'question' ? 0.55 : 0.35)) {
    const chosen = r.pick(candidates);
    const at = new Date(Math.min(chosen.createdAt.getTime() + r.int(1, 48) * hour, now - minute));
    thread.accepted = { replyId: chosen.id, at, by: post.authorId };
  }
}

const amaQuestions = [
  'How did you get started with {thing}?',
  'What would you do differently if you started {thing} again today?',
  'Which mistakes do you see most often with {thing2}?',
  'How do you convince your manager that {topic} deserves time?',
  'What is one resource on {topic} you would recommend to a newcomer?',
  'Where do you see {topic} going in the next five years?',
  'How do you balance {thing} with everything else on your plate?',
];
const amaAnswers = [
  'Great question. Honestly, by accident: a colleague needed help with {thing} and I kept going from there.',
  'I would start smaller. We tried to do everything at once and had to undo half of it.',
  'The most common one is skipping the boring part: writing down *why* you chose {thing2}.',
  'Show the cost of not doing it. One incident or one lost week makes the case better than any slide.',
  'The community guides are still the best start. After that, find one person to learn **with**.',
  'More sharing between institutes, I hope — and fewer people doing {topic} alone.',
  'Time-boxing. One afternoon a week is protected for {thing}, and I say no to meetings then.',
];

function addAmaQuestions(
  r: Random,
  thread: Thread,
  members: Member[],
  host: Member,
  phase: AmaPhase,
  vars: Record<string, string>,
  now: number,
  render: (s: string) => string,
) {
  const start = thread.post.amaStartsAt!.getTime();
  const asked = phase === 'upcoming' ? r.int(1, 2) : r.int(3, 6);
  const askers = r.some(
    members.filter((m) => m.id !== host.id),
    asked,
  );
  let at = thread.post.createdAt;
  const order = r.some(
    amaQuestions.map((_, i) => i),
    asked,
  );
  for (const [i, asker] of askers.entries()) {
    const next = nextMoment(r, at, Math.min(now, start + day));
    if (!next) break;
    at = next;
    const question = reply(thread, asker, fill(amaQuestions[order[i]], vars), at, render);
    if (phase === 'upcoming' || (phase === 'live' && r.chance(0.4))) continue;
    const answeredAt = new Date(Math.min(Math.max(start, at.getTime()) + r.int(10, 300) * minute, now - minute));
    reply(thread, host, fill(amaAnswers[order[i]], vars), answeredAt, render, question);
  }
  thread.replies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Counters and moments on the post, as the conversation service keeps them. */
function settle(r: Random, thread: Thread, now: number) {
  const { post, replies: rows } = thread;
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  post.replyCount = rows.length;
  post.firstReplyAt = rows[0]?.createdAt ?? null;
  post.lastActivityAt = rows.at(-1)?.createdAt ?? post.createdAt;
  if (r.chance(0.08) && post.kind !== 'ama') post.editedAt = new Date(Math.min(post.createdAt.getTime() + hour, now));
}

async function writeThreads(db: Db, community: DemoCommunity, threads: Thread[]) {
  const allReplies = threads.flatMap((t) => t.replies);
  await batch(
    threads.map((t) => t.post),
    200,
    (chunk) => db.insert(posts).values(chunk),
  );
  // Parents are older than their children, so they are always in the same or an earlier batch.
  allReplies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  await batch(allReplies, 500, (chunk) => db.insert(replies).values(chunk));
  for (const t of threads) {
    if (!t.accepted) continue;
    await db
      .update(posts)
      .set({ acceptedReplyId: t.accepted.replyId, acceptedAt: t.accepted.at })
      .where(eq(posts.id, t.post.id));
  }
  const events = [
    ...threads.map((t) => ({
      actorId: t.post.authorId,
      communityId: community.id,
      verb: 'posted',
      objectType: 'post',
      objectId: t.post.id,
      data: { kind: t.post.kind },
      occurredAt: t.post.createdAt,
    })),
    ...allReplies.map((x) => ({
      actorId: x.authorId,
      communityId: community.id,
      verb: 'replied',
      objectType: 'reply',
      objectId: x.id,
      data: { postId: x.postId },
      occurredAt: x.createdAt,
    })),
    ...threads
      .filter((t) => t.accepted)
      .map((t) => ({
        actorId: t.accepted!.by,
        communityId: community.id,
        verb: 'accepted_answer',
        objectType: 'reply',
        objectId: t.accepted!.replyId,
        data: { postId: t.post.id },
        occurredAt: t.accepted!.at,
      })),
  ];
  await batch(events, 500, (chunk) => db.insert(activityEvents).values(chunk));
}

const reactionKinds: ReactionKind[] = ['plus_one', 'plus_one', 'thanks', 'insightful'];

async function writeReactionsAndFollows(
  db: Db,
  r: Random,
  community: DemoCommunity,
  members: Member[],
  threads: Thread[],
  now: number,
) {
  const seen = new Set<string>();
  const reactionRows: (typeof reactions.$inferInsert)[] = [];
  const react = (targetType: 'post' | 'reply', targetId: string, postId: string, authorId: string, after: Date) => {
    const user = r.pick(members);
    const kind = r.pick(reactionKinds);
    const key = `${targetType}:${targetId}:${user.id}:${kind}`;
    if (user.id === authorId || seen.has(key)) return;
    seen.add(key);
    const createdAt = new Date(Math.min(after.getTime() + r.int(5, 3000) * minute, now - minute));
    reactionRows.push({ targetType, targetId, userId: user.id, kind, postId, communityId: community.id, createdAt });
  };
  const followRows = new Map<string, typeof follows.$inferInsert>();
  const follow = (userId: string, targetType: 'post' | 'tag' | 'member', target: string, createdAt: Date) => {
    const key = `${userId}:${targetType}:${target}`;
    if (!followRows.has(key)) followRows.set(key, { userId, communityId: community.id, targetType, target, createdAt });
  };

  for (const { post, replies: rows } of threads) {
    for (let i = r.int(0, post.kind === 'win' ? 9 : 5); i > 0; i--)
      react('post', post.id, post.id, post.authorId, post.createdAt);
    for (const x of rows) for (let i = r.int(0, 3); i > 0; i--) react('reply', x.id, post.id, x.authorId, x.createdAt);
    // Authors and repliers follow the conversation, as they do when posting through the app.
    follow(post.authorId, 'post', post.id, post.createdAt);
    for (const x of rows) follow(x.authorId, 'post', post.id, x.createdAt);
  }
  const prolific = threads.map((t) => t.post.authorId);
  for (const m of members) {
    if (r.chance(0.25))
      for (const tag of r.some(community.topics, r.int(1, 2)))
        follow(m.id, 'tag', tag.toLowerCase(), new Date(now - r.int(1, 120) * day));
    if (r.chance(0.12)) {
      const other = r.pick(prolific);
      if (other !== m.id) follow(m.id, 'member', other, new Date(now - r.int(1, 120) * day));
    }
  }
  await batch(reactionRows, 500, (chunk) => db.insert(reactions).values(chunk).onConflictDoNothing());
  await batch([...followRows.values()], 500, (chunk) => db.insert(follows).values(chunk).onConflictDoNothing());
  const events = reactionRows.map((x) => ({
    actorId: x.userId,
    communityId: community.id,
    verb: 'reacted',
    objectType: x.targetType,
    objectId: x.targetId,
    data: { kind: x.kind, postId: x.postId },
    occurredAt: x.createdAt!,
  }));
  await batch(events, 500, (chunk) => db.insert(activityEvents).values(chunk));
}

// ---------------------------------------------------------------------------------------------
// What the demo's members write about. `{thing}` and `{thing2}` are concrete subjects of the
// post's topic; `{mention}` and `{who}` are @handles of members.
// ---------------------------------------------------------------------------------------------

const things: Record<string, string[]> = {
  testing: [
    'pytest fixtures',
    'property-based tests with Hypothesis',
    'regression tests against reference outputs',
    'tolerances for numerical tests',
  ],
  packaging: ['pyproject.toml', 'conda-forge recipes', 'wheels for Windows', 'lock files for pinned dependencies'],
  reproducibility: [
    'Docker images for papers',
    'Snakemake pipelines',
    'recording random seeds',
    'archiving code on Zenodo',
  ],
  python: ['type hints in analysis code', 'NumPy vectorisation', 'notebooks in version control', 'uv environments'],
  r: ['renv lockfiles', 'R packages with devtools', 'targets pipelines', 'Shiny apps for collaborators'],
  hpc: ['Slurm array jobs', 'MPI on the cluster', 'Apptainer containers', 'GPU queue times'],
  'career paths': [
    'the RSE job title',
    'promotion criteria for RSEs',
    'moving from postdoc to RSE',
    'software credit in papers',
  ],
  'code review': ['review checklists', 'reviewing notebooks', 'pair review sessions', 'reviewing a first package'],
  fair: ['persistent identifiers', 'FAIR assessment tools', 'making legacy data findable', 'machine-readable licences'],
  'data management plans': [
    'DMP templates for funders',
    'DMPonline',
    'costing data management',
    'DMP reviews before submission',
  ],
  metadata: [
    'the DataCite schema',
    'controlled vocabularies',
    'README templates for datasets',
    'metadata for instrument data',
  ],
  archiving: [
    'choosing a repository',
    'retention periods',
    'file formats for preservation',
    'archiving very large datasets',
  ],
  privacy: [
    'pseudonymisation',
    'data processing agreements',
    'consent forms for reuse',
    'interview recordings under GDPR',
  ],
  training: [
    'a data management workshop for PhD students',
    'Carpentries lessons',
    'onboarding new researchers',
    'train-the-trainer sessions',
  ],
  'ci/cd': ['self-hosted runners', 'pipeline caching', 'deployment freezes', 'flaky pipeline stages'],
  observability: ['OpenTelemetry tracing', 'alert fatigue', 'SLOs for internal APIs', 'log retention costs'],
  kubernetes: ['cluster upgrades', 'resource requests and limits', 'Helm chart templates', 'multi-tenant namespaces'],
  'incident review': [
    'blameless postmortems',
    'incident timelines',
    'follow-up actions that never close',
    'on-call handovers',
  ],
  'developer experience': [
    'golden paths',
    'the internal developer portal',
    'local dev environments',
    'onboarding time for engineers',
  ],
  licensing: ['Apache-2.0 versus MIT', 'contributor licence agreements', 'licence scanning in CI', 'dual licensing'],
  policy: ['a contribution policy', 'approval for publishing code', 'employee side projects', 'AI code assistants'],
  metrics: ['CHAOSS metrics', 'contributor diversity numbers', 'dashboards for leadership', 'time to first response'],
  'community health': [
    'code of conduct enforcement',
    'maintainer burnout',
    'first-time contributors',
    'governance documents',
  ],
  'inner source': [
    'trusted committers',
    'inner source READMEs',
    'cross-team contributions',
    'funding shared components',
  ],
  analytics: ['dbt models', 'A/B test analysis', 'dashboards nobody reads', 'a SQL style guide'],
  'machine learning': [
    'feature stores',
    'model monitoring',
    'small data problems',
    'explaining models to stakeholders',
  ],
  'data engineering': ['Airflow DAGs', 'batch jobs around load shedding', 'data contracts', 'streaming with Kafka'],
  visualisation: [
    'colour-blind friendly palettes',
    'Observable notebooks',
    'maps of Cape Town suburbs',
    'chart critique sessions',
  ],
  careers: ['a first data job', 'portfolio projects', 'salary benchmarks', 'moving from analyst to engineer'],
};

/** A topic as it reads mid-sentence: "code review", but "HPC", "FAIR" and "Python" stay as they are. */
const properNouns = new Set(['python', 'kubernetes']);
const inSentence = (topic: string) =>
  /^[A-Z][a-z]/.test(topic) && !properNouns.has(topic.toLowerCase()) ? topic[0].toLowerCase() + topic.slice(1) : topic;

function thingsFor(topic: string): string[] {
  return things[topic.toLowerCase()] ?? [`${topic} basics`, `${topic} in practice`, `tools for ${topic}`];
}

/** How posts start, by kind: a title and the body that goes with it. */
const starts: Record<PostKind, [title: string, body: string][]> = {
  question: [
    [
      'How do you handle {thing}?',
      'We are starting with **{thing}** in our group and I keep going back and forth on the setup.\n\n- What did you try first?\n- What would you avoid?\n\nAny pointers welcome.',
    ],
    [
      'Anyone using {thing} in a small team?',
      'Quick one: how do you deal with {thing} when the team is small? We have one person who knows it well and I worry about what happens when they are away.',
    ],
    [
      '{thing} together with {thing2}?',
      'I read the docs on {thing} but I still do not see how it fits with {thing2}. Is anyone combining the two? A short example would help a lot.\n\n```\n# what I have so far\nrun --config setup.yml\n```',
    ],
    [
      'Best way to get started with {thing}?',
      'Our funder now asks about {topic}. Where do we start with {thing}, and how much time should we plan for it? {mention} mentioned this at the last meetup — maybe you have notes?',
    ],
  ],
  discussion: [
    [
      'Thoughts on {thing}',
      'I have been thinking about {thing} after last month’s session. It seems to help most when the team already agrees on {thing2}. What is your experience?',
    ],
    [
      'Where does {topic} fit in your week?',
      'A question for everyone: where does {topic} sit in your week? For me it is mostly {thing}, squeezed between other work. Curious how others make room for it.',
    ],
    [
      'Lessons from a year of {thing}',
      'Three things I learnt about **{thing}**:\n\n1. Start with the smallest useful version.\n2. Write down why you chose it.\n3. Review it after three months.\n\nWhat would you add?',
    ],
    [
      '{thing} versus {thing2}',
      'There was a good thread elsewhere on {thing} versus {thing2}. I lean towards {thing}, mostly because it is easier to explain to newcomers. Convince me otherwise!',
    ],
  ],
  announcement: [
    [
      'Next session: {thing}',
      'Hello everyone! Our next session is about **{thing}**. Bring your questions and examples — recordings and notes will be shared here afterwards.',
    ],
    [
      'Call for speakers on {topic}',
      'We are looking for speakers for the {topic} track. Ten minutes is enough, and first-time speakers are very welcome. Reply here or message a coordinator.',
    ],
    [
      'New guide on {thing} in the library',
      'A new guide on {thing} is now in the community library. Thanks to everyone who reviewed the draft, especially {mention}. Feedback is welcome in the replies.',
    ],
    [
      'Community update and dates for the next months',
      'A short update: membership keeps growing, the case clinics continue monthly, and the next workshop is about {thing2}. Thank you for making this a good place to learn.',
    ],
  ],
  win: [
    [
      'We finally have {thing} for the whole group!',
      'After months of work we finally have **{thing}** running for the whole group. The trick was doing {thing2} first. Thank you to everyone here who answered my questions!',
    ],
    [
      'Small win: {thing} saved us a week',
      'Small but happy: {thing} saved us about a week on our last project. Sharing in case it helps someone else.',
    ],
    [
      'Our first outside contributor, thanks to {thing}',
      'Our first outside contributor showed up this week, and they found us because of our work on {thing}. Worth the effort!',
    ],
  ],
  need: [
    [
      'Looking for a reviewer for our {thing}',
      'We are preparing our work on {thing} for a wider audience and need someone outside the team to review it. About two hours of work; we can return the favour.',
    ],
    [
      'Need examples of {thing}',
      'Does anyone have real examples of {thing} they can share, even rough ones? We are writing guidance and want to start from practice, not theory.',
    ],
    [
      'Seeking a partner to pilot {thing}',
      'We want to pilot {thing} with a partner who works differently from us. If your group is interested, reply here — {mention} can tell you what it involved last time.',
    ],
  ],
  ama: [
    [
      'AMA: {host} on {thing}',
      'This month {host} answers your questions about **{thing}** and {topic} in general. Post your questions as replies; {host} answers during the window shown above, and questions posted before it are welcome.',
    ],
    [
      'Ask {host} anything about {Topic}',
      '{host} has worked on {thing} for years and agreed to answer your questions about {topic}. Ask as replies; answers come during the window shown above.',
    ],
  ],
};

/** Top-level replies, by the kind of post they answer. */
const repliesByKind: Record<PostKind, string[]> = {
  question: [
    'We went through the same thing. What helped us was {thing2}: it took a few weeks, but it paid off.',
    'Short answer: start small. Longer answer: get **{thing}** working for one project, then write down what you did before scaling up.',
    'Have you looked at the guide in our library? It covers {thing} step by step, including the pitfalls.',
    'I would ask {mention} — they set this up last year and wrote good notes.',
    'It depends on your team size. For fewer than five people I would not bother with {thing2} yet.',
    'We use this:\n\n```\nmake check && make release\n```\n\nNothing fancy, but everyone understands it.',
  ],
  discussion: [
    '+1 to this. I would add:\n\n- start small\n- write down what you decide\n- ask for review early',
    'In our team we tried {thing} last year. Happy to share our notes.',
    'Good thread! For us {thing2} mattered more than {thing}, but we are an unusual group.',
    'I partly disagree: the hard part is not the tooling, it is agreeing on who owns it.',
    'Thanks for writing this down, bookmarking it for our next retrospective.',
  ],
  announcement: [
    'Thank you for organising this!',
    'Will there be a recording? I am in a different time zone.',
    'Count me in. {mention}, are you coming too?',
  ],
  win: ['Congratulations, well deserved!', 'This is great news — would you write a short how-to?', 'Brilliant! 🎉'],
  need: [
    'Happy to help. I can do it next week — message me.',
    'We have something similar from last year. Not polished, but I can share it.',
    'Not me, but {mention} might be the right person for this.',
  ],
  ama: [],
};

const threadLines = [
  '{who} good point — we saw exactly that with {thing}.',
  'Agreed with {who}. One more thing: keep the setup documented.',
  'Thanks {who}, that worked!',
  '{who} could you share an example? I would love to see how you did it.',
  'Following up on this: we tried it and it took half the time we feared.',
];

const replyLines = (kind: PostKind) => (repliesByKind[kind].length ? repliesByKind[kind] : repliesByKind.discussion);

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? '');
}

function titleAndBody(r: Random, kind: PostKind, vars: Record<string, string>) {
  const [title, body] = r.pick(starts[kind]).map((text) => fill(text, vars));
  // A title starts with a capital even when its subject does not.
  return { title: title.charAt(0).toUpperCase() + title.slice(1), body };
}

// ---------------------------------------------------------------------------------------------
// The benchmark: hundreds of thousands of synthetic posts, generated inside the database.
// ---------------------------------------------------------------------------------------------

export interface BulkCommunity {
  id: string;
  topics: string[];
  memberIds: string[];
}

export interface BulkOptions {
  communities: BulkCommunity[];
  posts: number;
  /** On average; each post gets between none and twice as many. */
  repliesPerPost: number;
  reactions: number;
  seed: number;
  /** Posts per transaction. */
  chunk?: number;
  /** Transactions at once (PostgreSQL runs each on its own connection; the embedded database queues them). */
  concurrency?: number;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Inserts synthetic conversations with INSERT … SELECT generate_series, so the text is made by
 * the database rather than sent to it. Words follow a skewed distribution (a few very common,
 * most rare), as real text does, so search plans meet both kinds. Counters, first-reply and
 * last-activity moments, accepted answers and AMA windows are consistent with the replies.
 * Deterministic, ids included, for the same seed and the same communities and members in the
 * same order. Unlike the demo it writes no follows or activity, and any member may announce.
 */
export async function generateConversations(db: Db, options: BulkOptions) {
  const total = options.posts;
  const size = options.chunk ?? 10_000;
  const usable = options.communities.filter((c) => c.memberIds.length > 0);
  const communities = JSON.stringify(
    usable.map((c) => ({ id: c.id, topics: c.topics.length ? c.topics : ['general'], members: c.memberIds })),
  );
  // Busier communities (more members) get more posts: a weighted table of community slots.
  const slots = weightedSlots(usable.map((c) => c.memberIds.length));
  const now = new Date(options.now ?? Date.now());
  const reactionsUpTo = (posts: number) => Math.round((options.reactions * posts) / total);
  const starts = Array.from({ length: Math.ceil(total / size) }, (_, i) => i * size);
  let done = 0;

  // Each chunk stands alone (its own seed, ids made from post numbers), so chunks can run side by side.
  const runChunk = async (from: number) => {
    const n = Math.min(size, total - from);
    await db.transaction(async (tx) => {
      // Compiling these one-off statements costs more than running them.
      await tx.execute(sql`set local jit = off`);
      await tx.execute(sql`select setseed(${seededFloat(options.seed, from)})`);
      await tx.execute(insertPostsSql(communities, slots, options, from, n, now));
      await tx.execute(insertRepliesSql(communities, options.seed, from, n));
      await tx.execute(acceptAnswersSql(options.seed, from, n));
      const count = reactionsUpTo(from + n) - reactionsUpTo(from);
      if (count > 0) await tx.execute(insertReactionsSql(communities, options.seed, from, n, count));
    });
    options.onProgress?.((done += n), total);
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, async () => {
    for (let from = starts.shift(); from !== undefined; from = starts.shift()) await runChunk(from);
  });
  await Promise.all(workers);
}

function weightedSlots(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const slots: number[] = [];
  weights.forEach((w, i) => {
    for (let k = Math.max(1, Math.round((w / sum) * 1000)); k > 0; k--) slots.push(i + 1);
  });
  return slots;
}

const seededFloat = (seed: number, offset: number) => (((seed * 7919 + offset) % 1999) / 1999) * 2 - 1;

/** A version-4-shaped uuid derived from text, so generated rows have stable ids that routes accept. */
const uuidFrom = (text: ReturnType<typeof sql>) =>
  sql`overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
const postId = (seed: number, n: ReturnType<typeof sql>) =>
  uuidFrom(sql`'post:' || ${seed}::text || ':' || (${n})::text`);
const replyIdOf = (post: ReturnType<typeof sql>, k: ReturnType<typeof sql>) =>
  uuidFrom(sql`(${post})::text || ':' || (${k})::text`);
/** The ids of this chunk's posts. */
const chunkIds = (seed: number, from: number, n: number) =>
  sql`(select ${postId(seed, sql`g`)} from generate_series(${from + 1}::int, ${from + n}::int) g)`;

const communitiesCte = (json: string) => sql`c as materialized (
    select e.ord::int as idx, (e.x->>'id')::uuid as id,
      array(select jsonb_array_elements_text(e.x->'topics')) as topics,
      array(select jsonb_array_elements_text(e.x->'members')::uuid) as members
    from jsonb_array_elements(${json}::jsonb) with ordinality as e(x, ord)
  )`;

/**
 * `count` words, common ones far more often (a draw skewed towards the start of the vocabulary);
 * `salt` ties the draw to a row. Arrays are passed as constants and coined words are computed:
 * subscripting a long array held in a CTE costs a scan of it on every draw.
 */
const words = (count: ReturnType<typeof sql>, salt: ReturnType<typeof sql>) => {
  const common = sql`${`{${commonWords.join(',')}}`}::text[]`;
  const syllable = (index: ReturnType<typeof sql>) => sql`(${`{${syllables.join(',')}}`}::text[])[1 + ${index}]`;
  const n = commonWords.length;
  return sql`(select string_agg(case when d.i < ${sql.raw(String(n))} then (${common})[d.i + 1]
      else ${syllable(sql`(d.i - ${sql.raw(String(n))}) / 256`)} || ${syllable(sql`((d.i - ${sql.raw(String(n))}) / 16) % 16`)}
        || ${syllable(sql`(d.i - ${sql.raw(String(n))}) % 16`)} end, ' ')
    from (
      select floor(pow(random(), 3) * ${sql.raw(String(vocabularySize))})::int as i
      from generate_series(1, ${count}) where ${salt} is not null
      offset 0
    ) d)`;
};
/** Like `excerpt()`: the text itself when short, else cut at a word boundary with an ellipsis. */
const plainExcerpt = (text: ReturnType<typeof sql>) =>
  sql`case when length(${text}) <= ${sql.raw(String(EXCERPT_LENGTH))} then ${text}
    else regexp_replace(left(${text}, ${sql.raw(String(EXCERPT_LENGTH))}), '\\s+\\S*$', '') || '…' end`;
const htmlParagraph = (text: ReturnType<typeof sql>) =>
  sql`'<p>' || replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</p>'`;

function insertPostsSql(communities: string, slots: number[], o: BulkOptions, from: number, n: number, now: Date) {
  const maxReplies = Math.max(0, Math.round(o.repliesPerPost * 2));
  return sql`
    with ${communitiesCte(communities)},
    g as materialized (
      select g, (select array(select jsonb_array_elements_text(${JSON.stringify(slots)}::jsonb)::int))[
          1 + floor(random() * ${slots.length})::int] as slot,
        (array['question','question','question','question','question','question','discussion','discussion',
          'discussion','discussion','discussion','discussion','discussion','win','win','need','need',
          'announcement','announcement','ama'])[1 + floor(random() * 20)::int] as kind,
        floor(random() * ${maxReplies + 1})::int as reply_count,
        ${now.toISOString()}::timestamptz - interval '3 days' - random() * interval '540 days' as created_at,
        random() * interval '6 hours' as gap,
        random() as r1, random() as r2, 3 + floor(random() * 6)::int as title_words,
        20 + floor(random() * 70)::int as body_words
      from generate_series(${from + 1}::int, ${from + n}::int) g
      offset 0
    ),
    x as materialized (
      select g.*, c.id as community_id,
        c.members[1 + floor(g.r1 * cardinality(c.members))::int] as author_id,
        c.topics[1 + floor(g.r2 * cardinality(c.topics))::int] as topic,
        ${words(sql`g.title_words`, sql`g.g`)} as title_words_text,
        ${words(sql`g.body_words`, sql`g.g`)} as body
      from g join c on c.idx = g.slot
    )
    insert into posts (id, community_id, author_id, kind, title, body, body_html, excerpt, tags, reply_count,
      created_at, first_reply_at, last_activity_at, ama_host_id, ama_starts_at, ama_ends_at)
    select ${postId(o.seed, sql`x.g`)}, x.community_id, x.author_id, x.kind,
      x.topic || ': ' || x.title_words_text, x.body, ${htmlParagraph(sql`x.body`)}, ${plainExcerpt(sql`x.body`)},
      jsonb_build_array(x.topic), x.reply_count, x.created_at,
      case when x.reply_count > 0 then x.created_at + x.gap end,
      x.created_at + x.gap * x.reply_count,
      case when x.kind = 'ama' then x.author_id end,
      case when x.kind = 'ama' then x.created_at end,
      case when x.kind = 'ama' then x.created_at + interval '2 days' end
    from x
  `;
}

function insertRepliesSql(communities: string, seed: number, from: number, n: number) {
  return sql`
    with ${communitiesCte(communities)},
    k as materialized (
      select p.id as post_id, p.community_id, k, p.created_at, p.last_activity_at, p.reply_count,
        random() as r1, random() as r2, 8 + floor(random() * 45)::int as body_words
      from posts p cross join lateral generate_series(1, p.reply_count) k
      where p.id in ${chunkIds(seed, from, n)}
      offset 0
    ),
    x as materialized (
      select k.*, c.members[1 + floor(k.r1 * cardinality(c.members))::int] as author_id,
        ${words(sql`k.body_words`, sql`k.k`)} as body
      from k join c on c.id = k.community_id
    )
    insert into replies (id, post_id, community_id, author_id, parent_id, quoted_reply_id, body, body_html, excerpt,
      created_at)
    select ${replyIdOf(sql`x.post_id`, sql`x.k`)}, x.post_id, x.community_id, x.author_id,
      -- A quarter of the later replies answer the first one (one level of threading).
      case when x.k > 1 and x.r2 < 0.25 then ${replyIdOf(sql`x.post_id`, sql`1`)} end,
      case when x.k > 1 and x.r2 < 0.25 then ${replyIdOf(sql`x.post_id`, sql`1`)} end,
      x.body, ${htmlParagraph(sql`x.body`)}, ${plainExcerpt(sql`x.body`)},
      x.created_at + (x.last_activity_at - x.created_at) * x.k / x.reply_count
    from x
  `;
}

/** About half of the questions and needs that have replies get one accepted. */
function acceptAnswersSql(seed: number, from: number, n: number) {
  return sql`
    update posts p set
      accepted_reply_id = ${replyIdOf(sql`p.id`, sql`a.k`)},
      accepted_at = p.last_activity_at
    from (
      select id, 1 + floor(random() * reply_count)::int as k, random() as roll
      from posts
      where id in ${chunkIds(seed, from, n)} and kind in ('question', 'need') and reply_count > 0
      offset 0
    ) a
    where p.id = a.id and a.roll < 0.5
  `;
}

function insertReactionsSql(communities: string, seed: number, from: number, n: number, count: number) {
  return sql`
    with ${communitiesCte(communities)},
    pick as materialized (
      select ${postId(seed, sql`(${from} + 1 + floor(random() * ${n})::int)`)} as post_id,
        random() as r1, random() as r2, random() as r3, random() as r4
      from generate_series(1, ${count}::int)
      offset 0
    )
    insert into reactions (target_type, target_id, user_id, kind, post_id, community_id, created_at)
    select
      case when p.reply_count > 0 and pick.r1 < 0.5 then 'reply' else 'post' end,
      case when p.reply_count > 0 and pick.r1 < 0.5
        then ${replyIdOf(sql`p.id`, sql`1 + floor(pick.r2 * p.reply_count)::int`)} else p.id end,
      c.members[1 + floor(pick.r3 * cardinality(c.members))::int],
      (array['plus_one','plus_one','thanks','insightful'])[1 + floor(pick.r4 * 4)::int],
      p.id, p.community_id, p.last_activity_at
    from pick
    join posts p on p.id = pick.post_id
    join c on c.id = p.community_id
    on conflict do nothing
  `;
}

/**
 * Words for synthetic text: the first ones are drawn far more often than the last (the draw is
 * skewed towards the start), roughly like word frequencies in real writing.
 */
const commonWords: readonly string[] = [
  'data',
  'code',
  'team',
  'work',
  'time',
  'project',
  'people',
  'question',
  'idea',
  'help',
  'test',
  'tool',
  'research',
  'process',
  'result',
  'version',
  'review',
  'change',
  'problem',
  'support',
  'model',
  'file',
  'workflow',
  'pipeline',
  'library',
  'package',
  'service',
  'release',
  'issue',
  'feedback',
  'practice',
  'meeting',
  'document',
  'guide',
  'template',
  'example',
  'training',
  'policy',
  'metric',
  'dashboard',
  'cluster',
  'server',
  'storage',
  'archive',
  'metadata',
  'schema',
  'notebook',
  'script',
  'function',
  'module',
  'dependency',
  'environment',
  'container',
  'deployment',
  'incident',
  'alert',
  'budget',
  'licence',
  'contributor',
  'maintainer',
  'community',
  'newcomer',
  'mentor',
  'workshop',
  'talk',
  'slides',
  'recording',
  'survey',
  'interview',
  'analysis',
  'experiment',
  'sample',
  'measurement',
  'instrument',
  'sensor',
  'database',
  'query',
  'index',
  'cache',
  'queue',
  'scheduler',
  'job',
  'batch',
  'stream',
  'backup',
  'restore',
  'migration',
  'upgrade',
  'security',
  'privacy',
  'consent',
  'identifier',
  'citation',
  'publication',
  'journal',
  'preprint',
  'grant',
  'funder',
  'institute',
  'university',
  'department',
  'manager',
  'career',
  'promotion',
  'salary',
  'contract',
  'onboarding',
  'handover',
  'retrospective',
  'roadmap',
  'milestone',
  'deadline',
  'estimate',
  'benchmark',
  'profiling',
  'performance',
  'memory',
  'latency',
  'throughput',
  'regression',
  'coverage',
  'fixture',
  'mock',
  'assertion',
  'tolerance',
  'reproducible',
  'portable',
  'reliable',
  'flaky',
  'stable',
  'deprecated',
  'experimental',
  'robust',
  'simple',
  'careful',
  'shared',
  'internal',
  'external',
  'public',
  'private',
  'open',
  'closed',
  'manual',
  'automatic',
  'quick',
  'slow',
  'expensive',
  'cheap',
  'useful',
  'confusing',
  'clear',
  'messy',
  'tidy',
  'python',
  'rust',
  'julia',
  'fortran',
  'javascript',
  'postgres',
  'sqlite',
  'kubernetes',
  'docker',
  'slurm',
  'snakemake',
  'nextflow',
  'airflow',
  'kafka',
  'spark',
  'pandas',
  'numpy',
  'jupyter',
  'git',
  'github',
  'gitlab',
  'zenodo',
  'orcid',
  'datacite',
  'figshare',
  'dataverse',
  'ckan',
  'grafana',
  'prometheus',
  'opentelemetry',
  'terraform',
  'ansible',
  'helm',
  'argo',
  'jenkins',
  'conda',
  'pip',
  'poetry',
  'cargo',
  'cran',
  'bioconductor',
  'hypothesis',
  'pytest',
  'testthat',
  'sphinx',
  'mkdocs',
  'quarto',
  'markdown',
  'latex',
  'yaml',
  'json',
  'parquet',
  'netcdf',
  'hdf5',
  'csv',
  'zarr',
  'arrow',
  'wombat',
  'pelican',
  'heron',
  'ibis',
  'kestrel',
  'osprey',
  'plover',
  'sandpiper',
  'tern',
  'warbler',
  'baobab',
  'fynbos',
  'protea',
  'acacia',
  'mopane',
  'marula',
  'yellowwood',
  'stinkwood',
  'ironwood',
  'saffron',
  'cardamom',
  'turmeric',
  'sumac',
  'fennel',
  'caraway',
  'juniper',
  'tarragon',
  'sorrel',
  'obsidian',
  'basalt',
  'granite',
  'quartzite',
  'dolerite',
  'sandstone',
  'shale',
  'marble',
  'slate',
  'zephyr',
  'monsoon',
  'harmattan',
  'sirocco',
  'mistral',
  'chinook',
  'bora',
  'foehn',
  'levanter',
];

/**
 * Made-up words for the long tail (`kalomi`, `renturen`, …): each is rare, as most words of a
 * real vocabulary are. They are made from their rank, so nothing long is looked up per word.
 */
const syllables = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tu',
  'sa',
  'vel',
  'dor',
  'pi',
  'nek',
  'ra',
  'zu',
  'bo',
  'fen',
  'gil',
  'ho',
];
const vocabularySize = commonWords.length + syllables.length ** 3;

/** The word of a rank in the synthetic vocabulary (0 is the most common), for benchmarks to search. */
export function syntheticWord(rank: number): string {
  if (rank < commonWords.length) return commonWords[rank];
  const j = rank - commonWords.length;
  return syllables[Math.floor(j / 256)] + syllables[Math.floor(j / 16) % 16] + syllables[j % 16];
}
