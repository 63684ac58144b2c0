import type { JoinPolicy, MembershipStatus, Role, Visibility } from '../../common/limits.js';
import { forbidden, notFound, unauthenticated } from './errors.js';

/**
 * The one place every read and write decision is made. Pages, the API, and later search,
 * digests, feeds, calendars and exports all ask these functions; nothing else compares roles.
 */

export interface ActorUser {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
}

export interface Actor {
  user: ActorUser | null;
  sessionId: string | null;
  via: 'session' | 'token' | 'anonymous';
  ip: string;
}

export interface CommunityFacts {
  visibility: Visibility;
  joining: JoinPolicy;
}

export interface MembershipFacts {
  role: Role;
  status: MembershipStatus;
}

// Concepts as values: features ask whether a membership is in a set, never compare strings.
const roleRank: Record<Role, number> = { member: 0, core: 1, coordinator: 2 };
export const atLeast = (role: Role, min: Role) => roleRank[role] >= roleRank[min];
/** Statuses that make someone a current member: they see private things and take part. */
export const currentStatuses: ReadonlySet<MembershipStatus> = new Set(['active', 'on_break']);
/** Statuses from which a person may join again without an invitation (where joining allows it). */
export const formerStatuses: ReadonlySet<MembershipStatus> = new Set(['alumni']);

export const isCurrent = (m: MembershipFacts | null | undefined): m is MembershipFacts =>
  !!m && currentStatuses.has(m.status);

export interface CommunityAbilities {
  view: boolean;
  viewMembers: boolean;
  edit: boolean;
  invite: boolean;
  manageMembers: boolean;
  viewRequests: boolean;
  viewActivity: boolean;
  join: boolean;
  requestToJoin: boolean;
  leave: boolean;
  takeBreak: boolean;
  returnFromBreak: boolean;
}

export function communityAbilities(
  actor: Actor,
  community: CommunityFacts,
  membership: MembershipFacts | null,
): CommunityAbilities {
  const user = actor.user;
  const current = isCurrent(membership);
  const admin = !!user?.isAdmin;
  const coordinator = current && atLeast(membership.role, 'coordinator');
  const core = current && atLeast(membership.role, 'core');
  const view = community.visibility === 'public' || current || admin;
  const outsider = !!user && !current && membership?.status !== 'pending' && membership?.status !== 'removed';
  return {
    view,
    viewMembers: view && !!user,
    edit: view && (coordinator || admin),
    invite: view && (core || admin),
    manageMembers: view && (coordinator || admin),
    viewRequests: view && (coordinator || admin),
    viewActivity: view && (coordinator || admin),
    join: view && outsider && community.joining === 'open',
    requestToJoin: view && outsider && community.joining === 'request',
    leave: current,
    takeBreak: current && membership.status === 'active',
    returnFromBreak: current && membership.status === 'on_break',
  };
}

export interface MemberAbilities {
  changeRole: boolean;
  remove: boolean;
  editProfile: boolean;
}

export function memberAbilities(
  actor: Actor,
  community: CommunityAbilities,
  target: { userId: string; status: MembershipStatus },
): MemberAbilities {
  const self = actor.user?.id === target.userId;
  const targetCurrent = currentStatuses.has(target.status);
  return {
    changeRole: community.manageMembers && targetCurrent,
    remove: community.manageMembers && !self && (targetCurrent || target.status === 'alumni'),
    editProfile: self && targetCurrent,
  };
}

/**
 * Turns a missing ability into the right refusal. Whoever may not see the community gets the
 * same 404 as for a community that does not exist.
 */
export function authorize(actor: Actor, abilities: CommunityAbilities, ability: keyof CommunityAbilities): void {
  if (!abilities.view) throw notFound();
  if (abilities[ability]) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

export function requireUser(actor: Actor): ActorUser {
  if (!actor.user) throw unauthenticated();
  return actor.user;
}

export function requireAdmin(actor: Actor): ActorUser {
  const user = requireUser(actor);
  // Admin pages are invisible to everyone else.
  if (!user.isAdmin) throw notFound();
  return user;
}

export const canCreateCommunity = (actor: Actor) => !!actor.user;
