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
  /** How others @mention this person: 2–30 of a–z, 0–9 and _. */
  handle: string;
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
  handle: string;
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

// ---- Conversations, Q&A, follows, notifications and search ----

export type PostKind = import('./limits').PostKind;
export type ReactionKind = import('./limits').ReactionKind;
export type NotificationKind = import('./limits').NotificationKind;
export type FeedSort = import('./limits').FeedSort;

/** A person as conversations show them: enough to name and link them. */
export interface Person {
  id: string;
  name: string;
  handle: string;
}

export interface ReactionCount {
  kind: ReactionKind;
  count: number;
  mine: boolean;
}

export interface CommunityRef {
  slug: string;
  name: string;
}

export interface AmaWindow {
  host: Person | null;
  startsAt: string | null;
  endsAt: string | null;
}

export interface PostSummary {
  id: string;
  community: CommunityRef;
  kind: PostKind;
  title: string;
  excerpt: string;
  tags: string[];
  author: Person | null;
  replyCount: number;
  /** Has an accepted answer. */
  answered: boolean;
  acceptedReplyId: string | null;
  createdAt: string;
  lastActivityAt: string;
  editedAt: string | null;
  ama: AmaWindow | null;
}

export interface PostAbilities {
  edit: boolean;
  delete: boolean;
  reply: boolean;
  react: boolean;
  accept: boolean;
  follow: boolean;
}

export interface PostDetail extends PostSummary {
  /** Markdown source. */
  body: string;
  /** Sanitised HTML rendered by the server. */
  bodyHtml: string;
  firstReplyAt: string | null;
  acceptedAt: string | null;
  timeToFirstReplySeconds: number | null;
  timeToAcceptSeconds: number | null;
  reactions: ReactionCount[];
  following: boolean;
  abilities: PostAbilities;
}

export interface PostPage {
  items: PostSummary[];
  nextCursor: string | null;
}

export interface PostFilters {
  sort?: FeedSort;
  kind?: PostKind | '';
  tag?: string;
  author?: string;
}

export interface AmaInput {
  hostId?: string;
  startsAt: string;
  endsAt: string;
}

export interface PostInput {
  kind: PostKind;
  title: string;
  body: string;
  tags?: string[];
  ama?: AmaInput;
}

export interface PostPatch {
  title?: string;
  body?: string;
  tags?: string[];
  ama?: AmaInput;
}

export interface ReplyAbilities {
  edit: boolean;
  delete: boolean;
  react: boolean;
  reply: boolean;
}

export interface Reply {
  id: string;
  postId: string;
  parentId: string | null;
  quoted: { id: string; author: Person | null; excerpt: string } | null;
  author: Person | null;
  body: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  accepted: boolean;
  /** AMA: a top-level question the host replied to. */
  answeredByHost: boolean;
  reactions: ReactionCount[];
  abilities: ReplyAbilities;
}

export interface ReplyPage {
  items: Reply[];
  nextCursor: string | null;
}

/** The version before an edit. */
export interface Revision {
  id: string;
  editor: Person | null;
  title: string | null;
  body: string;
  tags: string[] | null;
  createdAt: string;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface TagList {
  items: TagCount[];
  allowFreeTags: boolean;
}

export interface MyFollows {
  tags: string[];
  members: Person[];
  posts: { id: string; title: string }[];
}

export interface Notification {
  id: string;
  kind: NotificationKind;
  community: CommunityRef;
  post: { id: string; title: string };
  replyId: string | null;
  actor: Person | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

export interface UnreadCount {
  unreadCount: number;
}

export interface SearchHit {
  post: {
    id: string;
    title: string;
    kind: PostKind;
    tags: string[];
    community: CommunityRef;
    author: Person | null;
    answered: boolean;
    replyCount: number;
    createdAt: string;
  };
  matchedIn: 'post' | 'reply';
  replyId: string | null;
  /** HTML-escaped text with only <mark> added by the server. */
  snippetHtml: string;
}

export interface SearchParams {
  q: string;
  community?: string;
  kind?: PostKind | '';
  tag?: string;
  author?: string;
  answered?: 'true' | 'false' | '';
}

export interface SearchPage {
  items: SearchHit[];
  nextOffset: number | null;
  /** More posts matched than are ranked: only the most recent matches were considered. */
  narrowed: boolean;
}
