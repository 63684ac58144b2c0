import { randomUUID } from 'node:crypto';
import type { PostKind, ReactionKind, Role } from '../../../../common/limits.js';
import { prng } from '../../../db/seed/generate.js';
import { floatingToUtc, formatFloating, utcToFloating } from '../../events/time.js';
import {
  bodyTemplates,
  eventTemplates,
  fill,
  followUpTemplates,
  introBody,
  introTitle,
  replyTemplates,
  resourceTemplates,
  thingsFor,
  titleTemplates,
  welcomes,
} from './content.js';
import { emailFor, timeZones, uniqueNames } from './people.js';
import type { PlantedProblem, Problem } from './scenarios.js';

/**
 * The simulated community, planned in memory before anything is written: people, what they did
 * week by week, and the activity log that goes with it. Everything random comes from one seeded
 * source, so a seed gives the same community every time (only row ids differ).
 *
 * The plan first makes ordinary community life, then plants the scenario's problems, then makes
 * sure nothing else looks like a problem (every question older than two days has a reply, every
 * newcomer was welcomed, organising rotates, co-creators stay active, every busy topic has a
 * resource), so the health check should find exactly what was planted.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Profile = 'coordinator' | 'core' | 'regular' | 'occasional' | 'lurker';

export interface SimMember {
  id: string;
  name: string;
  email: string;
  /** An existing account cast in the community (not created by the simulation). */
  existing: boolean;
  role: Role;
  profile: Profile;
  joinedAt: number;
  expertise: string[];
  interests: string[];
  timeZone: string;
  /** Never writes anything (an isolated newcomer). */
  silent?: boolean;
  /** Makes no contribution from this moment on (a drifting co-creator). */
  quietFrom?: number;
  /** Never hosts or curates (members meant to stay in the Collaborate mode). */
  noCoCreation?: boolean;
  /** Joined through this member's invitation. */
  invitedBy?: string;
}

export interface SimPost {
  id: string;
  authorId: string;
  kind: PostKind;
  title: string;
  body: string;
  tags: string[];
  createdAt: number;
  accepted?: { replyId: string; at: number };
}
export interface SimReply {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
  quotedReplyId: string | null;
  body: string;
  createdAt: number;
}
export interface SimSession {
  eventId: string;
  occurrenceId: string;
  kind: string;
  title: string;
  agenda: string;
  localStart: string;
  startsAt: number;
  endsAt: number;
  createdAt: number;
  hosts: string[];
  going: { userId: string; at: number; attended: boolean }[];
  notes: { by: string; at: number } | null;
}
export interface SimResource {
  id: string;
  kind: string;
  format: string;
  title: string;
  summary: string;
  tags: string[];
  status: 'published' | 'proposed';
  proposedBy: string;
  proposedAt: number;
  publishedBy: string | null;
  publishedAt: number | null;
  verb: 'published_resource' | 'promoted_to_repertoire' | 'proposed_resource';
  credits: { role: 'contributor' | 'source'; userId: string; name: string }[];
  sourcePostId?: string;
  sourceReplyId?: string;
}
export interface SimActivity {
  actorId: string;
  verb: string;
  objectType: string;
  objectId: string;
  data?: Record<string, unknown>;
  at: number;
}

export interface Plan {
  community: { id: string; slug: string; name: string; createdAt: number; topics: string[] };
  members: SimMember[];
  posts: SimPost[];
  replies: SimReply[];
  reactions: {
    targetType: 'post' | 'reply';
    targetId: string;
    postId: string;
    userId: string;
    kind: ReactionKind;
    at: number;
  }[];
  views: { postId: string; userId: string; day: string; count: number; at: number }[];
  follows: { userId: string; targetType: 'post' | 'tag' | 'member'; target: string; at: number }[];
  sessions: SimSession[];
  resources: SimResource[];
  collection: { id: string; by: string; at: number; items: string[] } | null;
  invitations: {
    id: string;
    email: string;
    invitedBy: string;
    createdAt: number;
    acceptedAt: number;
    acceptedBy: string;
  }[];
  activity: SimActivity[];
  planted: PlantedProblem[];
  /** Where the simulated history starts (the modes are replayed week by week from here). */
  start: number;
}

export interface PlanOptions {
  seed: number;
  now: number;
  slug: string;
  name: string;
  problems: Problem[];
  /** Members, existing coordinators included. */
  size: number;
  months: number;
  topics: string[];
  timeZone: string;
  /** Existing accounts to cast as the community's coordinators, first among them. */
  coordinators: { id: string; name: string; email: string }[];
}

const contributionVerbs = new Set([
  'posted',
  'replied',
  'reacted',
  'accepted_answer',
  'proposed_resource',
  'hosted_event',
  'event_notes_added',
  'event_created',
  'published_resource',
  'promoted_to_repertoire',
  'created_collection',
]);
const coCreationVerbs = new Set([
  'hosted_event',
  'event_notes_added',
  'published_resource',
  'promoted_to_repertoire',
  'created_collection',
]);

export function planCommunity(o: PlanOptions): Plan {
  const r = prng(o.seed);
  const now = o.now;
  const start = now - Math.round(o.months * 30.4) * DAY;
  const has = (p: Problem) => o.problems.includes(p);
  const weighted = <T>(items: T[], weight: (item: T) => number): T | undefined => {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    if (total <= 0) return undefined;
    let roll = r.next() * total;
    for (const item of items) {
      roll -= weight(item);
      if (roll < 0) return item;
    }
    return items.at(-1);
  };
  const between = (from: number, to: number) => from + Math.floor(r.next() * Math.max(0, to - from));
  const topics = o.topics;

  // ── People ──────────────────────────────────────────────────────────────────
  const size = Math.max(o.size, 30);
  const communityId = randomUUID();
  const coreCount = Math.max(5, Math.round(size * 0.06));
  const names = uniqueNames(r.next, size).filter((n) => !o.coordinators.some((c) => c.name === n));
  const members: SimMember[] = [];
  const someTopics = (min: number, max: number) => r.some(topics, r.int(min, max));
  const add = (
    role: Role,
    profile: Profile,
    joinedAt: number,
    existing?: { id: string; name: string; email: string },
  ) => {
    const name = existing?.name ?? names.shift()!;
    const m: SimMember = {
      id: existing?.id ?? randomUUID(),
      name,
      email: existing?.email ?? emailFor(name, o.slug),
      existing: !!existing,
      role,
      profile,
      joinedAt,
      expertise: someTopics(1, 3),
      interests: someTopics(1, 3),
      timeZone: r.pick(timeZones),
    };
    members.push(m);
    return m;
  };
  const coordinators = [
    ...o.coordinators.map((c) => add('coordinator', 'coordinator', start - r.int(55, 75) * DAY, c)),
  ];
  while (coordinators.length < 2) coordinators.push(add('coordinator', 'coordinator', start - r.int(55, 75) * DAY));
  const core = Array.from({ length: coreCount }, () => add('core', 'core', start - r.int(15, 50) * DAY));
  const rest = size - members.length;
  for (let i = 0; i < rest; i++) {
    const profile: Profile = i < rest * 0.22 ? 'regular' : i < rest * 0.52 ? 'occasional' : 'lurker';
    // Most were there before the simulated months began; the others joined along the way.
    const joinedAt =
      profile === 'regular'
        ? start - r.int(20, 150) * DAY
        : r.chance(0.68)
          ? start - r.int(0, 150) * DAY
          : between(start, now - 3 * DAY);
    add('member', profile, joinedAt);
  }
  const regulars = members.filter((m) => m.profile === 'regular');
  const byId = new Map(members.map((m) => [m.id, m]));

  // The cast of the planted problems, named by the letters the scenarios use.
  const [E, H, I] = core;
  const [A, B, F, G] = regulars;
  const X = topics[r.int(0, topics.length - 1)];
  const Y = r.pick(topics.filter((t) => t !== X));
  /** Whether something may carry these tags: nothing is curated on topic Y when it is planted bare. */
  const notY = (tags: string[]) => !has('no_resources') || !tags.includes(Y);
  const newcomerSlots = members.filter((m) => m.profile !== 'regular' && m.role === 'member');
  const [C, D] = newcomerSlots.slice(-2);
  if (has('isolated')) {
    C.joinedAt = now - r.int(28, 40) * DAY;
    D.joinedAt = now - r.int(17, 26) * DAY;
    C.silent = D.silent = true;
  }
  if (has('unanswered')) {
    // A and B are the ones who know topic X: the only members whose answers there get accepted.
    for (const m of members) m.expertise = m.expertise.filter((t) => t !== X);
    A.expertise = [X, ...A.expertise];
    B.expertise = [X, ...B.expertise];
  }
  if (has('overloaded')) {
    F.noCoCreation = G.noCoCreation = true;
    for (const m of [F, G])
      if (m.expertise.every((t) => t === X || t === Y))
        m.expertise.push(r.pick(topics.filter((t) => t !== X && t !== Y)));
  }
  if (has('drifting')) {
    H.quietFrom = now - r.int(52, 68) * DAY;
    I.quietFrom = now - r.int(50, 66) * DAY;
  }
  const castIds = new Set([A, B, C, D, E, F, G, H, I].map((m) => m.id));
  /** Questions planted to wait unanswered: nothing later may reply to them. */
  const untouchable = new Set<string>();

  const canAct = (m: SimMember, t: number) =>
    !m.silent && m.joinedAt <= t && !(m.quietFrom !== undefined && t >= m.quietFrom);
  const postWeight: Record<Profile, number> = { coordinator: 2.5, core: 3, regular: 3, occasional: 0.8, lurker: 0.1 };
  const replyWeight: Record<Profile, number> = { coordinator: 2, core: 2.5, regular: 3, occasional: 1, lurker: 0.25 };
  const viewChance: Record<Profile, number> = {
    coordinator: 0.8,
    core: 0.7,
    regular: 0.6,
    occasional: 0.35,
    lurker: 0.25,
  };
  const pickActive = (t: number, weights: Record<Profile, number>, exclude: Set<string> = new Set()) =>
    weighted(
      members.filter((m) => canAct(m, t) && !exclude.has(m.id)),
      (m) => weights[m.profile],
    );

  // ── Conversations ─────────────────────────────────────────────────────────
  const posts: SimPost[] = [];
  const replies: SimReply[] = [];
  const repliesOf = new Map<string, SimReply[]>();
  const latest = now - 30 * 60_000;
  const vars = (topic: string, extra: Record<string, string> = {}) => ({
    topic: topic.toLowerCase(),
    Topic: topic,
    thing: r.pick(thingsFor(topic)),
    ...extra,
  });

  const addReply = (post: SimPost, author: SimMember, body: string, at: number, parent?: SimReply) => {
    const reply: SimReply = {
      id: randomUUID(),
      postId: post.id,
      authorId: author.id,
      parentId: parent ? (parent.parentId ?? parent.id) : null,
      quotedReplyId: parent?.id ?? null,
      body,
      createdAt: at,
    };
    replies.push(reply);
    repliesOf.set(post.id, [...(repliesOf.get(post.id) ?? []), reply]);
    return reply;
  };

  const expertsOf = (topic: string, t: number, exclude: string) =>
    members.filter((m) => m.id !== exclude && canAct(m, t) && m.expertise.includes(topic));

  /** Replies to a post as members would write them; questions get a first answer within 30 hours. */
  const discuss = (post: SimPost, options: { answered?: boolean; acceptBy?: SimMember[] } = {}) => {
    const topic = post.tags[0] ?? topics[0];
    const v = vars(topic);
    const answerable = post.kind === 'question' || post.kind === 'need';
    let t = post.createdAt;
    const author = byId.get(post.authorId)!;
    if (answerable) {
      const t1 = t + r.int(1, 30) * HOUR;
      const experts = options.acceptBy ?? expertsOf(topic, t1, author.id);
      const first = (experts.length ? r.pick(experts) : undefined) ?? pickActive(t1, replyWeight, new Set([author.id]));
      if (first && t1 < latest) {
        addReply(post, first, fill(r.pick(replyTemplates(post.kind)), v), t1);
        t = t1;
      }
    }
    const extra =
      post.kind === 'question' || post.kind === 'need'
        ? r.int(0, 3)
        : post.kind === 'discussion'
          ? r.int(1, 6)
          : post.kind === 'win'
            ? r.int(1, 4)
            : r.int(0, 2);
    for (let i = 0; i < extra; i++) {
      t += r.int(2, 40) * HOUR;
      if (t >= latest) break;
      const top = (repliesOf.get(post.id) ?? []).filter((x) => !x.parentId);
      if (top.length && r.chance(0.3)) {
        const parent = r.pick(top);
        const who =
          r.chance(0.5) && canAct(author, t) ? author : pickActive(t, replyWeight, new Set([parent.authorId]));
        if (who)
          addReply(
            post,
            who,
            r.pick(who.id === author.id ? followUpTemplates : replyTemplates('discussion')),
            t,
            parent,
          );
      } else {
        const who = pickActive(t, replyWeight, new Set([author.id]));
        if (who) addReply(post, who, fill(r.pick(replyTemplates(post.kind)), v), t);
      }
    }
    if (!answerable || options.answered === false) return;
    const top = (repliesOf.get(post.id) ?? []).filter((x) => !x.parentId && x.authorId !== author.id);
    // In topic X only A and B are ever credited, so they stay the clear answerers there.
    const restricted = has('unanswered') && post.tags.includes(X);
    const knowers = new Set(
      (options.acceptBy ?? (restricted ? [A, B] : expertsOf(topic, post.createdAt, author.id))).map((m) => m.id),
    );
    const preferred = top.filter((x) => knowers.has(x.authorId));
    const pool = preferred.length ? preferred : restricted ? [] : top;
    const chance = options.acceptBy ? 1 : post.kind === 'question' ? 0.65 : 0.4;
    if (pool.length === 0 || !r.chance(chance)) return;
    const chosen = r.pick(pool);
    const at = chosen.createdAt + r.int(2, 48) * HOUR;
    if (at < latest && canAct(author, at)) post.accepted = { replyId: chosen.id, at };
  };

  const newPost = (author: SimMember, kind: PostKind, topic: string, at: number, extra?: Record<string, string>) => {
    const v = vars(topic, extra);
    const post: SimPost = {
      id: randomUUID(),
      authorId: author.id,
      kind,
      title: fill(r.pick(titleTemplates(kind)), v),
      body: fill(r.pick(bodyTemplates(kind)), v),
      tags: r.chance(0.2) ? [topic, r.pick(topics.filter((t) => t !== topic))] : [topic],
      createdAt: at,
    };
    posts.push(post);
    return post;
  };

  const perWeek: [number, number] = [Math.max(1, Math.round(size / 24)), Math.max(2, Math.round(size / 14))];
  for (let week = start; week < now; week += 7 * DAY) {
    for (let n = r.int(...perWeek); n > 0; n--) {
      const at = week + Math.floor(r.next() * 7 * DAY);
      if (at >= latest - HOUR) continue;
      const author = pickActive(at, postWeight);
      if (!author) continue;
      const roll = r.next();
      const kind: PostKind =
        author.role === 'coordinator' && roll < 0.2
          ? 'announcement'
          : roll < 0.47
            ? 'question'
            : roll < 0.8
              ? 'discussion'
              : roll < 0.91
                ? 'win'
                : 'need';
      const own = [...author.expertise, ...author.interests];
      const topic = r.chance(0.5) && own.length ? r.pick(own) : r.pick(topics);
      discuss(newPost(author, kind, topic, at));
    }
  }

  // Everyone who joined along the way introduces themselves and is welcomed.
  for (const m of members) {
    if (m.silent || m.joinedAt < start) continue;
    const at = m.joinedAt + r.int(2, 72) * HOUR;
    if (at >= latest) continue;
    const interest = m.interests[0] ?? topics[0];
    const post = newPost(m, 'discussion', interest, at);
    Object.assign(post, {
      title: fill(introTitle, { name: m.name }),
      body: fill(introBody, { interest: interest.toLowerCase(), thing: r.pick(thingsFor(interest)) }),
      tags: [interest],
    });
    let t = at;
    const welcomed = new Set([m.id]);
    for (let i = r.int(1, 3); i > 0; i--) {
      t += r.int(2, 20) * HOUR;
      if (t >= latest) break;
      const who = pickActive(t, { ...replyWeight, coordinator: 4, lurker: 0 }, welcomed);
      if (!who) break;
      welcomed.add(who.id);
      addReply(post, who, fill(r.pick(welcomes), { name: m.name.split(' ')[0], topic: interest.toLowerCase() }), t);
    }
  }

  // ── Sessions ──────────────────────────────────────────────────────────────
  const sessions: SimSession[] = [];
  const organisers = [...coordinators, ...core];
  let turn = 0;
  const rotate = (t0: number, t1: number) => {
    for (let i = 0; i < organisers.length; i++) {
      const m = organisers[(turn + i) % organisers.length];
      if (canAct(m, t0) && canAct(m, t1) && !m.noCoCreation && !(has('overloaded') && m.id === E.id)) {
        turn = (turn + i + 1) % organisers.length;
        return m;
      }
    }
    return coordinators[0];
  };
  const sessionEvery = 14 * DAY;
  let index = 0;
  for (let at = start + 10 * DAY; at < now + 21 * DAY; at += sessionEvery, index++) {
    const floating = utcToFloating(new Date(at + r.int(-1, 1) * DAY), o.timeZone);
    floating.setUTCHours(17, 0, 0, 0);
    const startsAt = floatingToUtc(floating, o.timeZone).getTime();
    const createdAt = Math.min(startsAt - r.int(10, 20) * DAY, now - 2 * HOUR);
    let hosts: SimMember[];
    const recent = startsAt > now - 100 * DAY;
    if (has('overloaded') && (recent ? index % 5 !== 4 : index % 3 !== 2) && canAct(E, createdAt)) hosts = [E];
    else {
      hosts = [rotate(createdAt, startsAt)];
      if (r.chance(0.3)) {
        const cohost = weighted(
          members.filter(
            (m) =>
              m.profile === 'regular' &&
              canAct(m, createdAt) &&
              canAct(m, startsAt) &&
              !m.noCoCreation &&
              !castIds.has(m.id),
          ),
          () => 1,
        );
        if (cohost) hosts.push(cohost);
      }
    }
    const template = eventTemplates[index % eventTemplates.length];
    const topic = r.pick(topics.filter((t) => notY([t])));
    const v = vars(topic);
    const session: SimSession = {
      eventId: randomUUID(),
      occurrenceId: randomUUID(),
      kind: template.kind,
      title: fill(template.title, v),
      agenda: template.agenda,
      localStart: formatFloating(floating),
      startsAt,
      endsAt: startsAt + 90 * 60_000,
      createdAt,
      hosts: hosts.map((h) => h.id),
      going: [],
      notes: null,
    };
    const hostIds = new Set(session.hosts);
    const seats = Math.max(4, Math.min(24, Math.round(size * 0.1))) + r.int(-2, 3);
    const eligible = members.filter(
      (m) => !hostIds.has(m.id) && canAct(m, startsAt - 3 * DAY) && canAct(m, Math.min(startsAt, latest)),
    );
    const going = r.some(eligible, Math.min(seats, eligible.length));
    // F and G come to every session of the quarter: the natural people to ask to co-host.
    if (has('overloaded') && recent) for (const m of [F, G]) if (!going.includes(m)) going.push(m);
    const held = session.endsAt < now;
    for (const m of going) {
      const rsvpAt = Math.min(Math.max(startsAt - r.int(1, 9) * DAY, m.joinedAt + HOUR), latest);
      session.going.push({ userId: m.id, at: rsvpAt, attended: held && (castIds.has(m.id) || r.chance(0.8)) });
    }
    const noteAt = session.endsAt + 2 * HOUR;
    if (held && noteAt < latest && r.chance(0.6) && canAct(hosts[0], noteAt))
      session.notes = { by: hosts[0].id, at: noteAt };
    sessions.push(session);
  }

  // ── The repertoire ──────────────────────────────────────────────────────────
  const resources: SimResource[] = [];
  let curatorTurn = 0;
  const curatorAt = (t: number) => {
    for (let i = 0; i < organisers.length; i++) {
      const m = organisers[(curatorTurn + i) % organisers.length];
      if (canAct(m, t) && !m.noCoCreation) {
        curatorTurn = (curatorTurn + i + 1) % organisers.length;
        return m;
      }
    }
    return undefined;
  };
  const shelved = topics.filter((t) => notY([t]));
  for (const topic of shelved) {
    const count = r.int(2, 3);
    for (let i = 0; i < count; i++) {
      const publishedAt = between(start - 20 * DAY, now - 2 * DAY);
      const curator = curatorAt(publishedAt);
      if (!curator) continue;
      const template = resourceTemplates[(i + topic.length) % resourceTemplates.length];
      const v = vars(topic);
      const proposer = r.chance(0.4)
        ? (weighted(
            members.filter((m) => m.profile === 'regular' && canAct(m, publishedAt - 5 * DAY)),
            () => 1,
          ) ?? curator)
        : curator;
      resources.push({
        id: randomUUID(),
        kind: template.kind,
        format: template.format,
        title: fill(template.title, v),
        summary: template.summary,
        tags: [topic],
        status: 'published',
        proposedBy: proposer.id,
        proposedAt: proposer === curator ? publishedAt : publishedAt - r.int(1, 5) * DAY,
        publishedBy: curator.id,
        publishedAt,
        verb: 'published_resource',
        credits: [{ role: 'contributor', userId: proposer.id, name: proposer.name }],
      });
    }
  }

  // ── Planting the problems ───────────────────────────────────────────────────
  /** Someone ordinary to ask a question or start a conversation: a regular outside the cast if possible. */
  const outsiders = (t: number) => {
    const regular = members.filter((m) => m.profile === 'regular' && !castIds.has(m.id) && canAct(m, t));
    return regular.length ? regular : members.filter((m) => m.role === 'member' && !castIds.has(m.id) && canAct(m, t));
  };

  if (has('unanswered')) {
    // A and B have answered well in X before…
    for (const who of [A, B]) {
      const credited = posts.filter(
        (p) =>
          p.tags.includes(X) &&
          p.accepted &&
          repliesOf.get(p.id)?.find((x) => x.id === p.accepted!.replyId)?.authorId === who.id,
      ).length;
      for (let k = credited; k < 2; k++) {
        const at = now - r.int(35, 150) * DAY;
        const asker = r.pick(outsiders(at));
        const post = newPost(asker, 'question', X, at);
        post.tags = [X];
        discuss(post, { acceptBy: [who] });
      }
    }
    // …and now several questions there have waited days with no reply at all.
    const waiting = size >= 80 ? 4 : 3;
    for (let k = 0; k < waiting; k++) {
      const at = now - (3 + k * 2) * DAY - r.int(0, 20) * HOUR;
      const asker = r.pick(outsiders(at));
      const post = newPost(asker, 'question', X, at);
      post.tags = [X];
      untouchable.add(post.id);
    }
  }

  if (has('no_resources')) {
    const recent = posts.filter(
      (p) => p.tags.includes(Y) && p.createdAt > now - 85 * DAY && ['discussion', 'question', 'need'].includes(p.kind),
    );
    for (let k = recent.length; k < 7; k++) {
      const at = now - r.int(5, 80) * DAY;
      const author = r.pick(outsiders(at));
      const post = newPost(author, r.chance(0.6) ? 'discussion' : 'question', Y, at);
      post.tags = [Y];
      discuss(post);
    }
  }

  // Accepted answers worth keeping become lessons in the repertoire.
  for (const post of posts) {
    if (!post.accepted || !notY(post.tags) || post.tags.length === 0 || !r.chance(0.2)) continue;
    const at = post.accepted.at + r.int(1, 7) * DAY;
    const curator = at < latest ? curatorAt(at) : undefined;
    if (!curator) continue;
    const reply = repliesOf.get(post.id)!.find((x) => x.id === post.accepted!.replyId)!;
    const answerer = byId.get(reply.authorId)!;
    const asker = byId.get(post.authorId)!;
    resources.push({
      id: randomUUID(),
      kind: 'lesson',
      format: 'read',
      title: post.title,
      summary: `${reply.body}\n\nFrom the accepted answer in [${post.title}](/c/${o.slug}/posts/${post.id}).`,
      tags: post.tags,
      status: 'published',
      proposedBy: curator.id,
      proposedAt: at,
      publishedBy: curator.id,
      publishedAt: at,
      verb: 'promoted_to_repertoire',
      credits: [
        { role: 'source', userId: answerer.id, name: answerer.name },
        ...(asker.id !== answerer.id ? [{ role: 'source' as const, userId: asker.id, name: asker.name }] : []),
      ],
      sourcePostId: post.id,
      sourceReplyId: reply.id,
    });
  }
  // Two proposals waiting for a curator.
  for (let k = 0; k < 2; k++) {
    const at = now - r.int(1, 10) * DAY;
    const proposer = r.pick(outsiders(at));
    const topic = r.pick(shelved);
    const v = vars(topic);
    resources.push({
      id: randomUUID(),
      kind: 'article',
      format: 'read',
      title: `Notes on ${v.thing}`,
      summary: 'Found this useful: worth adding to the repertoire?',
      tags: [topic],
      status: 'proposed',
      proposedBy: proposer.id,
      proposedAt: at,
      publishedBy: null,
      publishedAt: null,
      verb: 'proposed_resource',
      credits: [{ role: 'contributor', userId: proposer.id, name: proposer.name }],
    });
  }
  if (has('drifting')) {
    // H and I hosted or curated before they went quiet: make sure the record shows it.
    for (const who of [H, I]) {
      const did = sessions.some((s) => s.hosts.includes(who.id)) || resources.some((x) => x.publishedBy === who.id);
      if (did) continue;
      const at = who.quietFrom! - r.int(10, 40) * DAY;
      const topic = r.pick(shelved);
      const template = r.pick(resourceTemplates);
      resources.push({
        id: randomUUID(),
        kind: template.kind,
        format: template.format,
        title: fill(template.title, vars(topic)),
        summary: template.summary,
        tags: [topic],
        status: 'published',
        proposedBy: who.id,
        proposedAt: at,
        publishedBy: who.id,
        publishedAt: at,
        verb: 'published_resource',
        credits: [{ role: 'contributor', userId: who.id, name: who.name }],
      });
    }
  }
  const pathAt = start - 15 * DAY;
  const firstShelf = resources
    .filter((x) => x.status === 'published' && x.publishedAt! < start + 60 * DAY)
    .sort((a, b) => a.publishedAt! - b.publishedAt!)
    .slice(0, 4);
  const collection = { id: randomUUID(), by: coordinators[0].id, at: pathAt, items: firstShelf.map((x) => x.id) };

  // ── The activity log, then the guarantees that keep the rest healthy ────────
  const activity: SimActivity[] = [];
  const log = (
    actorId: string,
    verb: string,
    objectType: string,
    objectId: string,
    at: number,
    data?: Record<string, unknown>,
  ) => activity.push({ actorId, verb, objectType, objectId, at, data });

  const reactions: Plan['reactions'] = [];
  const views: Plan['views'] = [];
  const follows: Plan['follows'] = [];
  const invitations: Plan['invitations'] = [];

  // Regulars and co-hosts who co-created must still be around: one recent reply each keeps them active.
  const lastContribution = new Map<string, number>();
  const coCreated = new Set<string>();
  const note = (id: string, at: number, verb: string) => {
    if (contributionVerbs.has(verb)) lastContribution.set(id, Math.max(lastContribution.get(id) ?? 0, at));
    if (coCreationVerbs.has(verb) && at > now - 365 * DAY) coCreated.add(id);
  };
  for (const p of posts) note(p.authorId, p.createdAt, 'posted');
  for (const x of replies) note(x.authorId, x.createdAt, 'replied');
  for (const s of sessions) for (const h of s.hosts) note(h, s.createdAt, 'hosted_event');
  for (const x of resources) if (x.publishedBy) note(x.publishedBy, x.publishedAt!, x.verb);
  note(collection.by, collection.at, 'created_collection');
  for (const m of members) if (m.role === 'coordinator') coCreated.add(m.id);

  for (const id of coCreated) {
    const m = byId.get(id)!;
    if (m.quietFrom !== undefined || m.silent) continue;
    if ((lastContribution.get(id) ?? 0) > now - 30 * DAY) continue;
    const recent = posts.filter(
      (p) => p.createdAt > now - 25 * DAY && p.createdAt < now - 2 * DAY && p.authorId !== id && !untouchable.has(p.id),
    );
    const post = recent.length ? r.pick(recent) : undefined;
    if (post) {
      const at = Math.min(post.createdAt + r.int(2, 40) * HOUR, latest);
      addReply(post, m, fill(r.pick(replyTemplates(post.kind)), vars(post.tags[0] ?? topics[0])), at);
    } else
      discuss(newPost(m, 'discussion', r.pick(m.expertise.length ? m.expertise : topics), now - r.int(3, 10) * DAY));
  }

  if (has('overloaded')) {
    // F and G work with others: each has an answer accepted in the last two months.
    for (const who of [F, G]) {
      const credited = posts.some(
        (p) =>
          p.accepted &&
          p.accepted.at > now - 60 * DAY &&
          repliesOf.get(p.id)?.find((x) => x.id === p.accepted!.replyId)?.authorId === who.id,
      );
      if (credited) continue;
      const at = now - r.int(15, 50) * DAY;
      const known = who.expertise.filter((t) => t !== X && t !== Y);
      const topic = r.pick(known.length ? known : topics.filter((t) => t !== X && t !== Y));
      const asker = r.pick(outsiders(at).filter((m) => m.id !== who.id));
      const post = newPost(asker, 'question', topic, at);
      post.tags = [topic];
      discuss(post, { acceptBy: [who] });
    }
  }

  // Posts, replies, acceptance, and what the conversation service keeps beside them.
  posts.sort((a, b) => a.createdAt - b.createdAt);
  replies.sort((a, b) => a.createdAt - b.createdAt);
  for (const p of posts) log(p.authorId, 'posted', 'post', p.id, p.createdAt, { kind: p.kind });
  for (const x of replies)
    log(x.authorId, 'replied', 'reply', x.id, x.createdAt, { postId: x.postId, parentId: x.parentId });
  for (const p of posts)
    if (p.accepted) log(p.authorId, 'accepted_answer', 'reply', p.accepted.replyId, p.accepted.at, { postId: p.id });

  // Reactions, views and follows.
  const reactionKinds: ReactionKind[] = ['plus_one', 'plus_one', 'thanks', 'insightful'];
  const seen = new Set<string>();
  const react = (targetType: 'post' | 'reply', targetId: string, postId: string, authorId: string, after: number) => {
    const at = after + r.int(1, 72) * HOUR;
    if (at >= latest) return;
    const who = pickActive(at, { ...viewChance }, new Set([authorId]));
    if (!who) return;
    const kind = r.pick(reactionKinds);
    const key = `${targetType}:${targetId}:${who.id}:${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    reactions.push({ targetType, targetId, postId, userId: who.id, kind, at });
    log(who.id, 'reacted', targetType, targetId, at, { kind, postId });
  };
  const followed = new Set<string>();
  const follow = (userId: string, targetType: 'post' | 'tag' | 'member', target: string, at: number) => {
    const key = `${userId}:${targetType}:${target}`;
    if (followed.has(key)) return;
    followed.add(key);
    follows.push({ userId, targetType, target, at });
  };
  const viewed = new Set<string>();
  for (const p of posts) {
    for (let n = r.int(0, p.kind === 'win' ? 7 : 3); n > 0; n--) react('post', p.id, p.id, p.authorId, p.createdAt);
    follow(p.authorId, 'post', p.id, p.createdAt);
    for (const x of repliesOf.get(p.id) ?? []) {
      for (let n = r.int(0, 2); n > 0; n--) react('reply', x.id, p.id, x.authorId, x.createdAt);
      follow(x.authorId, 'post', p.id, x.createdAt);
    }
    for (const m of members) {
      if (m.id === p.authorId) continue;
      const reading = m.silent
        ? 0.3
        : m.quietFrom !== undefined && p.createdAt >= m.quietFrom
          ? 0.15
          : viewChance[m.profile];
      if (!r.chance(reading)) continue;
      const at = Math.max(p.createdAt, m.joinedAt) + r.int(1, 96) * HOUR;
      if (at >= latest) continue;
      const day = new Date(at).toISOString().slice(0, 10);
      const key = `${p.id}:${m.id}:${day}`;
      if (viewed.has(key)) continue;
      viewed.add(key);
      views.push({ postId: p.id, userId: m.id, day, count: r.int(1, 2), at });
      log(m.id, 'viewed_post', 'post', p.id, at);
    }
  }
  const established = members.filter((m) => m.joinedAt < start && !m.silent);
  for (const m of established) {
    if (r.chance(0.25))
      for (const tag of r.some(topics, r.int(1, 2))) follow(m.id, 'tag', tag.toLowerCase(), start + r.int(0, 60) * DAY);
    if (m.role !== 'coordinator' && r.chance(0.15))
      follow(m.id, 'member', r.pick(coordinators).id, start + r.int(0, 90) * DAY);
  }

  // Sessions: created, hosted, answered, attended, written up.
  for (const s of sessions) {
    log(s.hosts[0], 'event_created', 'event', s.eventId, s.createdAt, { kind: s.kind, sessions: 1 });
    for (const h of s.hosts) log(h, 'hosted_event', 'event', s.eventId, s.createdAt, { role: 'host' });
    for (const g of s.going) {
      log(g.userId, 'rsvp', 'occurrence', s.occurrenceId, g.at, { status: 'going' });
      if (g.attended) log(g.userId, 'attended', 'occurrence', s.occurrenceId, s.startsAt, { source: 'host' });
    }
    if (s.notes) log(s.notes.by, 'event_notes_added', 'occurrence', s.occurrenceId, s.notes.at);
  }

  // The repertoire.
  for (const x of resources) {
    if (x.verb === 'published_resource' && x.proposedBy !== x.publishedBy)
      log(x.proposedBy, 'proposed_resource', 'resource', x.id, x.proposedAt);
    if (x.status === 'proposed') log(x.proposedBy, 'proposed_resource', 'resource', x.id, x.proposedAt);
    else
      log(
        x.publishedBy!,
        x.verb,
        'resource',
        x.id,
        x.publishedAt!,
        x.verb === 'published_resource' ? { from: 'proposed' } : undefined,
      );
  }
  log(collection.by, 'created_collection', 'collection', collection.id, collection.at, { kind: 'path' });

  // Joining: some through an invitation from someone already there.
  const communityCreatedAt = Math.min(...members.map((m) => m.joinedAt)) - 5 * DAY;
  log(coordinators[0].id, 'created_community', 'community', communityId, communityCreatedAt);
  for (const m of members) {
    const inviter =
      m.joinedAt > start && !m.silent && r.chance(0.25)
        ? pickActive(m.joinedAt - 5 * DAY, postWeight, new Set([m.id]))
        : undefined;
    if (inviter && !castIds.has(m.id)) {
      const invitation = {
        id: randomUUID(),
        email: m.email,
        invitedBy: inviter.id,
        createdAt: m.joinedAt - r.int(1, 4) * DAY,
        acceptedAt: m.joinedAt,
        acceptedBy: m.id,
      };
      m.invitedBy = inviter.id;
      invitations.push(invitation);
      log(inviter.id, 'invited', 'invitation', invitation.id, invitation.createdAt, { role: 'member' });
      log(m.id, 'accepted_invitation', 'invitation', invitation.id, m.joinedAt, { role: 'member' });
    } else log(m.id, 'joined', 'member', m.id, m.joinedAt);
  }
  activity.sort((a, b) => a.at - b.at);

  // ── What was planted, by name ──────────────────────────────────────────────
  const planted: PlantedProblem[] = [];
  if (has('unanswered'))
    planted.push({
      kind: 'unanswered_topic',
      key: `unanswered_topic:${X.toLowerCase()}`,
      people: [A.name, B.name],
      topic: X,
    });
  if (has('isolated'))
    planted.push({ kind: 'isolated_newcomers', key: 'isolated_newcomers', people: [C.name, D.name] });
  if (has('overloaded'))
    planted.push({ kind: 'organiser_load', key: `organiser_load:events:${E.id}`, people: [E.name, F.name, G.name] });
  if (has('drifting')) planted.push({ kind: 'drifting_members', key: 'drifting_members', people: [H.name, I.name] });
  if (has('no_resources'))
    planted.push({
      kind: 'topic_without_resources',
      key: `topic_without_resources:${Y.toLowerCase()}`,
      people: [],
      topic: Y,
    });

  return {
    community: { id: communityId, slug: o.slug, name: o.name, createdAt: communityCreatedAt, topics },
    members,
    posts,
    replies,
    reactions,
    views,
    follows,
    sessions,
    resources,
    collection,
    invitations,
    activity,
    planted,
    start,
  };
}
