import {
  limits,
  roles,
  type EventStatus,
  type JoinPolicy,
  type MembershipStatus,
  type NoteVisibility,
  type PostKind,
  type ResourceStatus,
  type Role,
  type Visibility,
} from '../../common/limits.js';
import { AppError, conflict, forbidden, notFound, unauthenticated } from './errors.js';

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

/** Statuses a member directory may list: current members, and alumni when asked for. */
export const listableStatuses: ReadonlySet<MembershipStatus> = new Set(['active', 'on_break', 'alumni']);
/** Roles that run a community; a community must always keep one current holder. */
export const coordinatorRoles: readonly Role[] = roles.filter((r) => atLeast(r, 'coordinator'));

export const isCurrent = (m: MembershipFacts | null | undefined): m is MembershipFacts =>
  !!m && currentStatuses.has(m.status);
export const isCurrentCoordinator = (m: MembershipFacts | null | undefined): boolean =>
  isCurrent(m) && atLeast(m.role, 'coordinator');
export const isPending = (m: MembershipFacts | null | undefined): boolean => m?.status === 'pending';

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
  /** Start posts and reply: current members. */
  post: boolean;
  /** Post announcements: core and coordinators. */
  announce: boolean;
  /** Edit or delete anyone's posts and replies: core, coordinators and instance admins. */
  moderate: boolean;
  /** Propose resources to the repertoire, write notes, tick off path items: current members. */
  propose: boolean;
  /**
   * Curate the repertoire: publish, feature, retire, review and revert resources; promote posts;
   * make collections and paths; import. Core, coordinators and instance admins.
   */
  curate: boolean;
  /**
   * Plan events: create them, and edit, cancel and take attendance of any event of the
   * community. Core, coordinators and instance admins. (Hosts may do the same for their own.)
   */
  organiseEvents: boolean;
  /** Draft, edit, schedule and send the weekly round-up, and see its clicks. */
  manageRoundups: boolean;
  /**
   * See the community's health: the dashboard, every member's participation mode, the weekly
   * health check and the assessments. Core, coordinators and instance admins.
   */
  viewHealth: boolean;
  /** Act on health findings, fill the quarterly assessment, produce sponsor reports: coordinators and instance admins. */
  steerHealth: boolean;
  /** Build, send and close surveys and read their results: coordinators and instance admins. */
  manageSurveys: boolean;
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
  const status = membership?.status ?? null;
  const outsider = !!user && !current && status !== 'pending' && status !== 'removed';
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
    post: view && current,
    announce: view && core,
    moderate: view && (core || admin),
    propose: view && current,
    curate: view && (core || admin),
    organiseEvents: view && (core || admin),
    manageRoundups: view && (coordinator || admin),
    viewHealth: view && (core || admin),
    steerHealth: view && (coordinator || admin),
    manageSurveys: view && (coordinator || admin),
  };
}

/** Post kinds that only some members may start; every other kind is open to all who may post. */
export const restrictedPostKinds: ReadonlySet<PostKind> = new Set(['announcement']);

export const mayStartKind = (abilities: CommunityAbilities, kind: PostKind) =>
  abilities.post && (!restrictedPostKinds.has(kind) || abilities.announce);

/** Kinds whose replies are answers that the asker (or a coordinator) may accept. */
export const answerableKinds: ReadonlySet<PostKind> = new Set(['question', 'need']);

export interface PostFacts {
  authorId: string | null;
  kind: PostKind;
  deletedAt: Date | null;
  amaHostId?: string | null;
  amaEndsAt?: Date | null;
}

export interface PostAbilities {
  edit: boolean;
  delete: boolean;
  reply: boolean;
  react: boolean;
  accept: boolean;
  follow: boolean;
  /** Add it (or one of its answers) to the repertoire: curators, while the post is live. */
  promote: boolean;
}

/**
 * What the actor may do with a post they can see. An AMA takes questions until its window
 * closes; its host may go on answering after that.
 */
export function postAbilities(
  actor: Actor,
  community: CommunityAbilities,
  post: PostFacts,
  now = new Date(),
): PostAbilities {
  const me = actor.user?.id ?? null;
  const mine = !!me && post.authorId === me;
  const live = community.view && !post.deletedAt;
  const host = !!me && post.amaHostId === me;
  const amaOpen = post.kind !== 'ama' || !post.amaEndsAt || post.amaEndsAt > now || host;
  const coordinator = community.manageMembers;
  return {
    edit: live && ((mine && community.post) || community.moderate),
    delete: live && ((mine && community.post) || community.moderate),
    reply: live && community.post && amaOpen,
    react: live && community.post,
    accept: live && answerableKinds.has(post.kind) && ((mine && community.post) || coordinator),
    follow: live && !!me,
    promote: live && community.curate,
  };
}

export interface ReplyFacts {
  authorId: string | null;
  deletedAt: Date | null;
}

export interface ReplyAbilities {
  edit: boolean;
  delete: boolean;
  react: boolean;
  reply: boolean;
}

export function replyAbilities(
  actor: Actor,
  community: CommunityAbilities,
  post: PostAbilities,
  reply: ReplyFacts,
): ReplyAbilities {
  const mine = !!actor.user && reply.authorId === actor.user.id;
  const live = !reply.deletedAt;
  return {
    edit: live && ((mine && community.post) || community.moderate),
    delete: live && ((mine && community.post) || community.moderate),
    react: live && post.react,
    reply: live && post.reply,
  };
}

/** Refuses a missing post ability: whoever cannot see the post gets the same 404 as for none. */
export function authorizePost(
  actor: Actor,
  community: CommunityAbilities,
  abilities: PostAbilities,
  ability: keyof PostAbilities,
): void {
  if (!community.view) throw notFound();
  if (abilities[ability]) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

export interface ResourceFacts {
  status: ResourceStatus;
  proposedBy: string | null;
}

export interface ResourceAbilities {
  /** See it at all. A proposal is seen by whoever proposed it and by curators only. */
  view: boolean;
  edit: boolean;
  publish: boolean;
  feature: boolean;
  retire: boolean;
  review: boolean;
  revert: boolean;
  note: boolean;
  /** Put it into a collection or path: published resources only. */
  collect: boolean;
}

/** Resource statuses every viewer of the community may see; `proposed` is not among them. */
export const visibleResourceStatuses: ReadonlySet<ResourceStatus> = new Set(['published', 'retired', 'obsolete']);
/** Statuses listed in the repertoire, found by search, exported and counted in paths. */
export const listedResourceStatuses: ReadonlySet<ResourceStatus> = new Set(['published']);

export function resourceAbilities(
  actor: Actor,
  community: CommunityAbilities,
  resource: ResourceFacts,
): ResourceAbilities {
  const mine = !!actor.user && resource.proposedBy === actor.user.id;
  const curate = community.curate;
  const view = community.view && (visibleResourceStatuses.has(resource.status) || curate || (mine && community.post));
  const live = resource.status === 'published' || resource.status === 'proposed';
  return {
    view,
    // The proposer may polish a proposal until it is published; after that, curators keep it.
    edit: view && (curate || (mine && community.propose && resource.status === 'proposed')),
    publish: view && curate && resource.status !== 'published',
    feature: view && curate && resource.status === 'published',
    retire: view && curate && live,
    review: view && curate && resource.status === 'published',
    revert: view && curate,
    note: view && community.propose && resource.status !== 'proposed',
    collect: view && curate && resource.status === 'published',
  };
}

/** Refuses a missing resource ability; a resource the actor may not see is the same 404 as none. */
export function authorizeResource(actor: Actor, abilities: ResourceAbilities, ability: keyof ResourceAbilities): void {
  if (!abilities.view) throw notFound();
  if (abilities[ability]) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

export interface EventFacts {
  status: EventStatus;
  /** Members who host the event (speakers are credited but do not run it). */
  hostIds: readonly string[];
}

export interface OccurrenceFacts {
  status: EventStatus;
  startsAt: Date;
  endsAt: Date;
}

export interface EventAbilities {
  view: boolean;
  /** Edit the series or one session, cancel either, change hosts: its hosts and the organisers. */
  edit: boolean;
  cancel: boolean;
  /** See who is going and who is waiting: signed-in people who may see the community. */
  viewAttendees: boolean;
  /** Mark attendance, see the check-in code: hosts and organisers, from the day before it ends. */
  manageAttendance: boolean;
  /** Write notes, a recording link and outcomes: hosts and organisers, once a session has started. */
  writeNotes: boolean;
  /** Turn a session's notes into a resource of the repertoire: curators, once there are notes. */
  promote: boolean;
}

export interface OccurrenceAbilities extends EventAbilities {
  /** Answer going / not going: current members, while the session is ahead and not cancelled. */
  rsvp: boolean;
  /** Check in with the session's code: current members, during the session's check-in window. */
  checkIn: boolean;
}

/** Whether someone runs this event: one of its hosts, still a current member of the community. */
export const isEventHost = (actor: Actor, community: CommunityAbilities, event: EventFacts): boolean =>
  !!actor.user && community.post && event.hostIds.includes(actor.user.id);

export function eventAbilities(actor: Actor, community: CommunityAbilities, event: EventFacts): EventAbilities {
  const runs = community.view && (community.organiseEvents || isEventHost(actor, community, event));
  return {
    view: community.view,
    edit: runs && event.status === 'scheduled',
    cancel: runs && event.status === 'scheduled',
    viewAttendees: community.viewMembers,
    manageAttendance: runs,
    writeNotes: runs,
    promote: false,
  };
}

/**
 * What the actor may do with one session. Attendance opens a day before the session and notes
 * once it has started; a cancelled session takes no answers, attendance or notes.
 */
export function occurrenceAbilities(
  actor: Actor,
  community: CommunityAbilities,
  event: EventFacts,
  occurrence: OccurrenceFacts & { hasNotes: boolean },
  now = new Date(),
): OccurrenceAbilities {
  const series = eventAbilities(actor, community, event);
  const live = event.status === 'scheduled' && occurrence.status === 'scheduled';
  const ahead = occurrence.startsAt > now;
  const started = occurrence.startsAt <= now;
  const checkInOpens = occurrence.startsAt.getTime() - limits.checkInEarlyMinutes * 60_000;
  const checkInCloses = occurrence.endsAt.getTime() + limits.checkInLateMinutes * 60_000;
  const attendanceOpens = occurrence.startsAt.getTime() - 24 * 3600_000;
  return {
    ...series,
    edit: series.edit && occurrence.status === 'scheduled',
    cancel: series.cancel && occurrence.status === 'scheduled' && ahead,
    manageAttendance: series.manageAttendance && live && now.getTime() >= attendanceOpens,
    writeNotes: series.writeNotes && live && started,
    promote: community.view && community.curate && occurrence.hasNotes,
    rsvp: live && ahead && community.post,
    checkIn: live && community.post && now.getTime() >= checkInOpens && now.getTime() <= checkInCloses,
  };
}

/** Refuses a missing event ability; the event's community was already found visible. */
export function authorizeEvent<A extends EventAbilities>(actor: Actor, abilities: A, ability: keyof A): void {
  if (!abilities.view) throw notFound();
  if (abilities[ability]) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

/** A note is read by its author always, by the community when shared; curators may remove shared ones. */
export function noteAbilities(
  actor: Actor,
  community: CommunityAbilities,
  note: { authorId: string | null; visibility: NoteVisibility },
): { view: boolean; edit: boolean; delete: boolean } {
  const mine = !!actor.user && note.authorId === actor.user.id;
  const view = community.view && (mine || note.visibility === 'community');
  return {
    view,
    edit: view && mine && community.propose,
    delete: view && ((mine && community.propose) || (note.visibility === 'community' && community.moderate)),
  };
}

/**
 * Following a tag or a member of a community, and seeing what one follows there: anyone signed
 * in who may see the community. (Following a post is the post's own `follow` ability.)
 */
export function authorizeFollowIn(actor: Actor, community: CommunityAbilities): ActorUser {
  if (!community.view) throw notFound();
  return requireUser(actor);
}

/** Refuses a missing reply ability; the post was already found visible, so this is 401 or 403. */
export function authorizeReply(actor: Actor, abilities: ReplyAbilities, ability: keyof ReplyAbilities): void {
  if (abilities[ability]) return;
  if (!actor.user) throw unauthenticated();
  throw forbidden();
}

/**
 * What a listing query needs to return exactly the communities whose `view` ability is true:
 * everything for an admin, otherwise the public ones plus those the viewer currently belongs to.
 */
export function communityVisibilityScope(actor: Actor): {
  everything: boolean;
  visibilities: Visibility[];
  memberStatuses: MembershipStatus[];
} {
  return { everything: !!actor.user?.isAdmin, visibilities: ['public'], memberStatuses: [...currentStatuses] };
}

/** A private community is found by invitation only: anything else would let nobody in. */
export function assertJoinableCombination(community: CommunityFacts): void {
  if (community.visibility === 'private' && community.joining !== 'invitation') {
    throw new AppError(
      422,
      'invalid_combination',
      'A private community is invisible to outsiders, so it can only be joined by invitation.',
      'joining',
    );
  }
}

/**
 * Decides what joining means for this actor: straight in, or a request for coordinators to
 * approve. Refusals carry their own codes so the UI can explain them.
 */
export function joinOutcome(
  actor: Actor,
  community: CommunityFacts,
  membership: MembershipFacts | null,
): 'active' | 'pending' {
  const abilities = communityAbilities(actor, community, membership);
  if (!abilities.view) throw notFound();
  if (!actor.user) throw unauthenticated();
  const status = membership?.status ?? null;
  if (isCurrent(membership)) throw conflict('already_member', 'You are already a member of this community.');
  if (status === 'pending') throw conflict('already_requested', 'Your request to join is waiting for a coordinator.');
  if (status === 'removed') {
    throw new AppError(403, 'removed', 'You were removed from this community; a coordinator can invite you back.');
  }
  if (community.joining === 'invitation') {
    throw new AppError(403, 'invitation_required', 'This community is joined by invitation only.');
  }
  if (abilities.join) return 'active';
  if (abilities.requestToJoin) return 'pending';
  throw forbidden();
}

/** Who may accept an invitation into a community: anyone not already in it. */
export function assertCanAcceptInvitation(membership: MembershipFacts | null): void {
  if (isCurrent(membership)) throw conflict('already_member', 'You are already a member of this community.');
}

/** The roles an actor may hand out by invitation; coordinator is given by a role change only. */
export function invitableRoles(abilities: CommunityAbilities): Role[] {
  if (abilities.manageMembers) return ['member', 'core'];
  if (abilities.invite) return ['member'];
  return [];
}

export function invitationAbilities(
  actor: Actor,
  abilities: CommunityAbilities,
  invitation: { invitedBy: string | null },
): { revoke: boolean } {
  const mine = !!actor.user && invitation.invitedBy === actor.user.id;
  return { revoke: abilities.manageMembers || (abilities.invite && mine) };
}

/** Leaving, stepping down or being removed must not leave a community without a coordinator. */
export function assertCoordinatorRemains(
  before: MembershipFacts,
  after: MembershipFacts,
  otherCurrentCoordinators: number,
): void {
  if (isCurrentCoordinator(before) && !isCurrentCoordinator(after) && otherCurrentCoordinators === 0) {
    throw conflict('last_coordinator', 'This is the only coordinator: make someone else a coordinator first.');
  }
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

export function authorizeMember(actor: Actor, abilities: MemberAbilities, ability: keyof MemberAbilities): void {
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
