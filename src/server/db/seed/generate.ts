import type { Db } from '../client.js';
import { activityEvents, communities, invitations, memberships, users } from '../schema/index.js';
import { hashPassword, hashSecret, newSecret } from '../../platform/secrets.js';
import type { CanvasInput } from '../../../common/api-types.js';
import type { LearningFormat, MembershipStatus, Role } from '../../../common/limits.js';

/** A small seeded random generator so demo and benchmark data are the same on every run. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    some: <T>(items: readonly T[], n: number) => {
      const copy = [...items];
      const out: T[] = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
    chance: (p: number) => next() < p,
  };
}

const firstNames = [
  'Amara',
  'Bongani',
  'Chen',
  'Dana',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ifeoma',
  'Jonas',
  'Kavya',
  'Lerato',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sipho',
  'Tomasz',
  'Uma',
  'Vera',
  'Wanjiru',
  'Xavier',
  'Yara',
  'Zanele',
  'Aiko',
  'Bruno',
  'Camille',
  'Dmitri',
  'Esther',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jamal',
  'Kirsten',
  'Luis',
  'Maya',
  'Nikhil',
  'Olga',
  'Pedro',
  'Rahel',
  'Samir',
  'Thandi',
  'Ulla',
  'Viktor',
  'Wei',
];
const lastNames = [
  'Abebe',
  'Bergström',
  'Castillo',
  'Dlamini',
  'Eriksen',
  'Fernandes',
  'García',
  'Haddad',
  'Ivanova',
  'Johansson',
  'Khumalo',
  'Larsen',
  'Mbeki',
  'Nakamura',
  'Okafor',
  'Petrova',
  'Qureshi',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umar',
  'Van Wyk',
  'Wójcik',
  'Xu',
  'Yilmaz',
  'Zulu',
  'Andersson',
  'Banerjee',
  'Costa',
  'Dubois',
  'Edwards',
  'Fischer',
];
const timeZones = [
  'Africa/Johannesburg',
  'Africa/Nairobi',
  'Africa/Lagos',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Stockholm',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const formats: LearningFormat[] = ['read', 'watch', 'listen', 'discuss', 'do'];

/** A community as the kick-off canvas describes it, plus how many people to put in it. */
export interface CommunitySpec extends CanvasInput {
  size: number;
}

export interface GenerateOptions {
  seed: number;
  people: number;
  communities: CommunitySpec[];
  /** One password for every generated person (hashed once). */
  password: string;
  emailDomain: string;
  /** Also append an activity event per membership (the demo wants history; benchmarks do not). */
  activity?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const batch = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
};

/** Writes people, communities and memberships in every role and status. Returns the ids. */
export async function generateCommunities(db: Db, options: GenerateOptions) {
  const r = prng(options.seed);
  const passwordHash = await hashPassword(options.password);
  const now = Date.now();
  const day = 86_400_000;

  const people = Array.from({ length: options.people }, (_, i) => {
    const first = r.pick(firstNames);
    const last = r.pick(lastNames);
    return {
      name: `${first} ${last}`,
      email:
        `${first}.${last}.${i}`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z0-9.]/g, '') + `@${options.emailDomain}`,
      passwordHash,
      emailVerifiedAt: new Date(now - r.int(30, 700) * day),
      createdAt: new Date(now - r.int(30, 700) * day),
    };
  });
  const userIds: string[] = [];
  await batch(people, 500, async (chunk) => {
    const rows = await db.insert(users).values(chunk).returning({ id: users.id });
    userIds.push(...rows.map((row) => row.id));
  });

  const communityIds: string[] = [];
  let done = 0;
  const total = options.communities.reduce((n, c) => n + c.size, 0);
  for (const spec of options.communities) {
    const { size, ...fields } = spec;
    const [community] = await db
      .insert(communities)
      .values({ ...fields, createdBy: userIds[0], createdAt: new Date(now - r.int(400, 800) * day) })
      .returning({ id: communities.id });
    communityIds.push(community.id);
    const chosen = r.some(userIds, Math.min(size, userIds.length));
    const rows = chosen.map((userId, i) => {
      const role: Role = i < 2 ? 'coordinator' : i < 2 + Math.max(2, Math.round(size * 0.06)) ? 'core' : 'member';
      let status: MembershipStatus = 'active';
      if (role === 'member') {
        const roll = r.next();
        if (roll < 0.08) status = 'on_break';
        else if (roll < 0.16) status = 'alumni';
        else if (roll < 0.21 && spec.joining === 'request') status = 'pending';
      }
      const joinedAt = new Date(now - r.int(1, 600) * day);
      return {
        communityId: community.id,
        userId,
        role,
        status,
        breakUntil:
          status === 'on_break' && r.chance(0.6) ? new Date(now + r.int(7, 90) * day).toISOString().slice(0, 10) : null,
        requestMessage:
          status === 'pending' ? 'I would love to learn from this group and share what we do in our team.' : null,
        bio: `Works on ${r.pick(spec.topics).toLowerCase()} and ${r.pick(spec.topics).toLowerCase()}.`,
        expertise: r.some(spec.topics, r.int(1, 3)),
        interests: r.some(spec.topics, r.int(1, 4)),
        learningFormats: r.some(formats, r.int(1, 3)),
        timeZone: r.pick(timeZones),
        joinedAt: status === 'pending' ? null : joinedAt,
        statusChangedAt: joinedAt,
        createdAt: joinedAt,
      };
    });
    await batch(rows, 500, (chunk) => db.insert(memberships).values(chunk));
    if (options.activity) {
      const events = rows
        .filter((m) => m.joinedAt)
        .map((m) => ({
          actorId: m.userId,
          communityId: community.id,
          verb: 'joined',
          objectType: 'community',
          objectId: community.id,
          occurredAt: m.joinedAt!,
        }));
      await batch(events, 500, (chunk) => db.insert(activityEvents).values(chunk));
      if (spec.joining === 'invitation') {
        await db.insert(invitations).values(
          Array.from({ length: 3 }, (_, i) => ({
            communityId: community.id,
            email: `invitee.${spec.slug}.${i}@${options.emailDomain}`,
            tokenHash: hashSecret(newSecret()),
            invitedBy: rows[0].userId,
            expiresAt: new Date(now + 5 * day),
          })),
        );
      }
    }
    done += size;
    options.onProgress?.(done, total);
  }
  return { userIds, communityIds };
}
