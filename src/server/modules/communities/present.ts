import type { CommunityType, JoinPolicy, MembershipStatus, Role, Visibility } from '../../../common/limits.js';
import type { CommunityAbilities } from '../../platform/policy.js';
import type { CommunityRow, MembershipRow } from './repo.js';
import { presentedAbilities, type PresentedAbility } from './schema.js';

export const presentMembership = (m: Pick<MembershipRow, 'role' | 'status' | 'breakUntil'> | null | undefined) =>
  m ? { role: m.role as Role, status: m.status as MembershipStatus, breakUntil: m.breakUntil ?? null } : null;

export const presentSummary = (c: CommunityRow, memberCount: number, membership: MembershipRow | null) => ({
  slug: c.slug,
  name: c.name,
  domain: c.domain,
  purpose: c.purpose,
  type: c.type as CommunityType,
  visibility: c.visibility as Visibility,
  joining: c.joining as JoinPolicy,
  topics: c.topics,
  memberCount,
  myMembership: presentMembership(membership),
});

export const presentAbilities = (a: CommunityAbilities) =>
  Object.fromEntries(presentedAbilities.map((k) => [k, a[k]])) as Record<PresentedAbility, boolean>;

export interface DetailFacts {
  memberCount: number;
  coordinators: { id: string; name: string }[];
  membership: MembershipRow | null;
  pendingInvitation: boolean;
  abilities: CommunityAbilities;
}

export const presentDetail = (c: CommunityRow, f: DetailFacts) => ({
  ...presentSummary(c, f.memberCount, f.membership),
  id: c.id,
  need: c.need,
  values: c.values,
  audience: c.audience,
  activities: c.activities,
  successMeasures: c.successMeasures,
  allowFreeTags: c.allowFreeTags,
  timeZone: c.timeZone,
  coordinators: f.coordinators.map((u) => ({ id: u.id, name: u.name })),
  createdAt: c.createdAt.toISOString(),
  pendingInvitation: f.pendingInvitation,
  abilities: presentAbilities(f.abilities),
});

export const presentActivity = (row: {
  event: {
    id: number;
    actorId: string | null;
    verb: string;
    objectType: string;
    objectId: string;
    data: Record<string, unknown> | null;
    occurredAt: Date;
  };
  actorName: string | null;
}) => ({
  id: String(row.event.id),
  actor: row.event.actorId && row.actorName !== null ? { id: row.event.actorId, name: row.actorName } : null,
  verb: row.event.verb,
  objectType: row.event.objectType,
  objectId: row.event.objectId,
  data: row.event.data,
  occurredAt: row.event.occurredAt.toISOString(),
});
