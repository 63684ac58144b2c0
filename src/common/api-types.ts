import {
  communityTypes,
  joinPolicies,
  learningFormats,
  roles,
  visibilities,
  type CommunityType,
  type JoinPolicy,
  type LearningFormat,
  type MembershipStatus,
  type Role,
  type Visibility,
} from './limits';

export type { CommunityType, LearningFormat, MembershipStatus, Role, Visibility };
export type Joining = JoinPolicy;

export const ROLES: readonly Role[] = roles;
export const COMMUNITY_TYPES: readonly CommunityType[] = communityTypes;
export const VISIBILITIES: readonly Visibility[] = visibilities;
export const JOINING_POLICIES: readonly Joining[] = joinPolicies;
export const LEARNING_FORMATS: readonly LearningFormat[] = learningFormats;

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface User {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
}

export interface Me {
  user: User | null;
  csrfToken: string;
  needsSetup: boolean;
}

export interface Membership {
  role: Role;
  status: MembershipStatus;
  breakUntil: string | null;
}

export interface Session {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  current: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CommunitySummary {
  slug: string;
  name: string;
  domain: string;
  purpose: string;
  type: CommunityType;
  visibility: Visibility;
  joining: Joining;
  topics: string[];
  memberCount: number;
  myMembership: Membership | null;
}

export interface CanvasInput {
  name: string;
  slug: string;
  need: string;
  domain: string;
  purpose: string;
  values: string[];
  audience: string;
  activities: string[];
  successMeasures: string[];
  type: CommunityType;
  visibility: Visibility;
  joining: Joining;
  topics: string[];
  allowFreeTags?: boolean;
}

export interface CommunityAbilities {
  edit: boolean;
  invite: boolean;
  manageMembers: boolean;
  viewRequests: boolean;
  join: boolean;
  requestToJoin: boolean;
  leave: boolean;
  takeBreak: boolean;
  returnFromBreak: boolean;
  viewMembers: boolean;
  viewActivity: boolean;
  post: boolean;
  announce: boolean;
  moderate: boolean;
}

export interface CommunityDetail extends CanvasInput {
  id: string;
  memberCount: number;
  coordinators: { id: string; name: string }[];
  createdAt: string;
  myMembership: Membership | null;
  pendingInvitation: boolean;
  abilities: CommunityAbilities;
}

export interface Member {
  userId: string;
  name: string;
  role: Role;
  status: MembershipStatus;
  breakUntil: string | null;
  bio: string;
  expertise: string[];
  interests: string[];
  learningFormats: LearningFormat[];
  timeZone: string | null;
  joinedAt: string;
  abilities: { changeRole: boolean; remove: boolean; editProfile: boolean };
}

export interface MemberPage {
  items: Member[];
  nextCursor: string | null;
  total: number;
}

export interface MemberFilters {
  role?: Role | '';
  status?: MembershipStatus | '';
  expertise?: string;
  q?: string;
}

export interface ProfileInput {
  bio?: string;
  expertise?: string[];
  interests?: string[];
  learningFormats?: LearningFormat[];
  timeZone?: string | null;
}

export interface JoinRequest {
  userId: string;
  name: string;
  email: string;
  message: string | null;
  requestedAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  invitedBy: { id: string; name: string } | null;
  status: InvitationStatus;
}

export interface InvitationPreview {
  community: { slug: string; name: string; domain: string };
  email: string;
  invitedBy: { name: string } | null;
  expiresAt: string;
}

export interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: string;
  createdAt: string;
}

export interface OutboxMail extends OutboxItem {
  text: string;
  html: string | null;
}

export interface AdminUser {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface Items<T> {
  items: T[];
}
