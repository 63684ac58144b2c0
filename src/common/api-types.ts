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
  error: { code: string; message: string; field?: string; details?: unknown };
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
  /** IANA zone; the weekly round-up is drafted on Mondays at 07:00 there. Default UTC. */
  timeZone?: string;
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
  propose: boolean;
  curate: boolean;
  organiseEvents: boolean;
  manageRoundups: boolean;
  viewHealth: boolean;
  steerHealth: boolean;
  manageSurveys: boolean;
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
  /** Make a repertoire resource from the post or its accepted answer: curators. */
  promote: boolean;
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
  /** Resources promoted from this post that the reader may see. */
  repertoire: { id: string; title: string }[];
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
  /** The post it is about; null for notifications about a resource. */
  post: { id: string; title: string } | null;
  /** The repertoire resource it is about (credited, proposal_published); null otherwise. */
  resource: { id: string; title: string } | null;
  /** The event session it is about (event_* kinds); null otherwise. */
  event: { id: string; occurrenceId: string; title: string; startsAt: string } | null;
  /** The round-up it is about (roundup_draft); null otherwise. */
  roundupId: string | null;
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
  /** What to search: conversations (the default) or the repertoire. */
  in?: SearchScope | '';
}

export type SearchScope = 'posts' | 'resources';

export interface ResourceHit {
  resource: {
    id: string;
    title: string;
    kind: ResourceKind;
    format: ResourceFormat;
    tags: string[];
    community: CommunityRef;
  };
  /** HTML-escaped text with only <mark> added by the server. */
  snippetHtml: string;
}

export interface SearchPage {
  items: SearchHit[];
  /** Matching repertoire resources: a few on the first page of a post search, all of them with in=resources. */
  resources?: ResourceHit[];
  nextOffset: number | null;
  /** More posts matched than are ranked: only the most recent matches were considered. */
  narrowed: boolean;
}

// ---- Repertoire: resources, collections and paths, notes, review, import ----

export type ResourceKind = import('./limits').ResourceKind;
export type ResourceFormat = import('./limits').ResourceFormat;
export type ResourceStatus = import('./limits').ResourceStatus;
export type CreditRole = import('./limits').CreditRole;
export type NoteVisibility = import('./limits').NoteVisibility;
export type CollectionKind = import('./limits').CollectionKind;

/** Who a resource is credited to: a member (linked) or only a name. */
export interface Credit {
  role: CreditRole;
  name: string;
  user: Person | null;
}

/** A credit as a form sends it: a member by id, or a name. */
export interface CreditInput {
  role: CreditRole;
  userId?: string;
  name?: string;
}

export interface ResourceSummary {
  id: string;
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  excerpt: string;
  tags: string[];
  status: ResourceStatus;
  featured: boolean;
  credits: Credit[];
  proposedBy: Person | null;
  publishedAt: string | null;
  reviewDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  noteCount: number;
}

export interface ResourceAbilities {
  view: boolean;
  edit: boolean;
  publish: boolean;
  feature: boolean;
  retire: boolean;
  review: boolean;
  revert: boolean;
  note: boolean;
  collect: boolean;
}

export interface LinkPreview {
  title?: string | null;
  description?: string | null;
  siteName?: string | null;
}

export interface ResourceDetail extends ResourceSummary {
  /** Markdown source. */
  summary: string;
  /** Sanitised HTML rendered by the server. */
  summaryHtml: string;
  /** The conversation it was promoted from. */
  source: { post: { id: string; title: string }; replyId: string | null } | null;
  preview: LinkPreview | null;
  reviewedAt: string | null;
  retiredAt: string | null;
  collections: { id: string; title: string; kind: CollectionKind }[];
  abilities: ResourceAbilities;
  community: CommunityRef;
}

export interface ResourceInput {
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url?: string | null;
  summary: string;
  tags: string[];
  credits?: CreditInput[];
  /** Promoted from a post (and its answer) or from an event session's notes: one of the two. */
  from?: { postId: string; replyId?: string | null } | { occurrenceId: string };
  /** Curators publish unless this is false; members may only propose. */
  publish?: boolean;
}

export type ResourcePatch = Partial<Omit<ResourceInput, 'from' | 'publish'>> & {
  /** The version the editor started from: the server refuses the edit when it has moved on. */
  version?: number;
};

/** A new resource pre-filled from a post or its answer, for a curator to check and save. */
export type ResourceDraft = ResourceInput & { credits?: (CreditInput & { name?: string })[] };

export interface ResourcePage {
  items: ResourceSummary[];
  nextCursor: string | null;
}

export type ResourceSort = 'latest' | 'title';

export interface ResourceFilters {
  /** One kind or a comma list. */
  kind?: string;
  /** One format or a comma list. */
  format?: string;
  tag?: string;
  featured?: 'true' | 'false' | '';
  status?: ResourceStatus | '';
  mine?: 'true' | '';
  /** Only the formats the member prefers (their profile's learning formats). */
  myFormats?: 'true' | '';
  sort?: ResourceSort;
}

export interface RepertoireOverview {
  counts: {
    byKind: Partial<Record<ResourceKind, number>>;
    byFormat: Partial<Record<ResourceFormat, number>>;
    total: number;
  };
  featured: ResourceSummary[];
  abilities: { propose: boolean; curate: boolean };
  /** Resources due for review (curators; 0 for others). */
  reviewDue: number;
  /** Curators: proposals waiting; others: their own. */
  proposals: number;
  myFormats: string[];
  /** The instance lets the server fetch details of a pasted link. */
  linkPreviews: boolean;
}

export interface ResourceRevision {
  version: number;
  change: string;
  revertedTo: number | null;
  editor: Person | null;
  createdAt: string;
}

export interface ResourceSnapshot {
  version: number;
  kind: ResourceKind;
  format: ResourceFormat;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: Credit[];
}

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface ResourceDiff {
  from: number;
  to: number;
  fields: { field: string; before: unknown; after: unknown; parts?: DiffPart[] }[];
}

export interface ResourceNote {
  id: string;
  body: string;
  bodyHtml: string;
  visibility: NoteVisibility;
  author: Person | null;
  createdAt: string;
  editedAt: string | null;
  abilities: { edit: boolean; delete: boolean };
}

export interface CollectionSummary {
  id: string;
  kind: CollectionKind;
  title: string;
  introExcerpt: string;
  itemCount: number;
  /** Paths, for a signed-in member. */
  progress: { done: number; total: number } | null;
}

export interface PathProgress {
  done: number;
  total: number;
  percent: number;
  completedAt: string | null;
}

export interface CollectionItem {
  position: number;
  resource: ResourceSummary;
  done: boolean;
}

export interface CollectionDetail {
  id: string;
  kind: CollectionKind;
  title: string;
  intro: string;
  introHtml: string;
  items: CollectionItem[];
  progress: PathProgress | null;
  abilities: { edit: boolean; delete: boolean; track: boolean };
}

export interface CollectionInput {
  kind: CollectionKind;
  title: string;
  intro: string;
  resourceIds?: string[];
}

export type CollectionPatch = Partial<CollectionInput>;

export type ImportFormat = 'markdown' | 'csv';

export interface ImportRow {
  line: number;
  /** Null when the list does not say and no default was given (the row then has an error). */
  kind: ResourceKind | null;
  format: ResourceFormat | null;
  title: string;
  url: string | null;
  summary: string;
  tags: string[];
  credits: Credit[];
}

export interface ImportRowError {
  /** From 1; 0 for the text as a whole. */
  line: number;
  field: string;
  code: string;
  message: string;
}

export interface ImportRequest {
  format: ImportFormat;
  text: string;
  defaults?: { kind?: ResourceKind; format?: ResourceFormat };
  publish?: boolean;
}

export interface ImportPreview {
  rows: ImportRow[];
  errors: ImportRowError[];
  total: number;
}

export interface ImportResult {
  imported: number;
  ids: string[];
}

/** One line of a streamed import. */
export type ImportEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; imported: number; ids: string[] }
  | { type: 'error'; error: { code: string; message: string; field?: string; details?: unknown } };

export interface InstanceSettings {
  linkPreviews: boolean;
}

// ── Events ───────────────────────────────────────────────────────────────────

export type EventKind = import('./limits').EventKind;
export type EventStatus = import('./limits').EventStatus;
export type RsvpStatus = import('./limits').RsvpStatus;
export type RsvpAnswer = import('./limits').RsvpAnswer;
export type EventHostRole = import('./limits').EventHostRole;
export type PromotionMode = import('./limits').PromotionMode;
export type Weekday = import('./limits').Weekday;

/**
 * How a series repeats. Weekly: every `interval` weeks on `byWeekday` (empty: the first
 * session's weekday). Monthly: every `interval` months on the `monthlyWeek`-th (1–4, -1 last)
 * weekday of the first session (so "the 2nd Tuesday"). Exactly one of `until` (a local date,
 * YYYY-MM-DD, inclusive) and `count` ends it; at most 500 sessions.
 */
export interface Recurrence {
  freq: 'weekly' | 'monthly';
  interval: number;
  byWeekday: Weekday[];
  monthlyWeek: number | null;
  until: string | null;
  count: number | null;
}

export interface EventHostInput {
  userId: string;
  role?: EventHostRole;
}

/**
 * A new event. `start` and `end` are wall-clock times (YYYY-MM-DDTHH:mm) in `timeZone`, the
 * organiser's IANA zone; for a series they are the first session's.
 */
export interface EventInput {
  kind: EventKind;
  title: string;
  agenda?: string;
  place?: string | null;
  onlineUrl?: string | null;
  timeZone: string;
  start: string;
  end: string;
  recurrence?: (Partial<Recurrence> & { freq: Recurrence['freq'] }) | null;
  /** Local dates (YYYY-MM-DD) on which a series does not meet. */
  exceptions?: string[];
  /** Seats per session; null or absent: no limit. */
  capacity?: number | null;
  promotion?: PromotionMode;
  /** With promotion `offer`: how many hours before a session freed seats are offered by mail. */
  offerHours?: number;
  /** Default: the creator hosts. */
  hosts?: EventHostInput[];
}

/** An edit of the whole series: any field of the input. */
export type EventPatch = Partial<EventInput>;

/** An edit of one session only: what it changes from the series. */
export interface OccurrencePatch {
  title?: string;
  agenda?: string;
  place?: string | null;
  onlineUrl?: string | null;
  start?: string;
  end?: string;
  capacity?: number | null;
}

export interface EventHost {
  user: Person;
  role: EventHostRole;
}

export interface MyRsvp {
  status: RsvpStatus;
  /** 1-based place on the waitlist; null unless waitlisted. */
  position: number | null;
  attended: boolean;
  /** Whether a freed seat was offered to this member by mail and is still free to claim. */
  offered: boolean;
}

export interface EventAbilities {
  view: boolean;
  edit: boolean;
  cancel: boolean;
  viewAttendees: boolean;
  manageAttendance: boolean;
  writeNotes: boolean;
  promote: boolean;
}

export interface OccurrenceAbilities extends EventAbilities {
  rsvp: boolean;
  checkIn: boolean;
}

/** One session as lists show it, with what the list needs of its event. */
export interface OccurrenceSummary {
  id: string;
  eventId: string;
  kind: EventKind;
  /** The session's title: its own when changed for this session, else the series'. */
  title: string;
  /** UTC instants (ISO 8601 with Z). */
  startsAt: string;
  endsAt: string;
  /** The organiser's zone, and the session's wall-clock start and end there (YYYY-MM-DDTHH:mm). */
  timeZone: string;
  localStart: string;
  localEnd: string;
  status: EventStatus;
  /** Moved from where the series put it. */
  moved: boolean;
  recurring: boolean;
  place: string | null;
  online: boolean;
  /** The joining link: shown to current members and hosts only. */
  onlineUrl: string | null;
  hosts: EventHost[];
  capacity: number | null;
  goingCount: number;
  waitlistCount: number;
  seatsLeft: number | null;
  myRsvp: MyRsvp | null;
  /** Once the session has ended: who came and how many who were going did not. */
  attendedCount: number | null;
  noShowCount: number | null;
  hasNotes: boolean;
}

export interface OccurrencePage {
  items: OccurrenceSummary[];
  nextCursor: string | null;
}

export interface SessionNotes {
  notes: string;
  notesHtml: string;
  outcomes: string;
  outcomesHtml: string;
  recordingUrl: string | null;
  by: Person | null;
  at: string | null;
}

export interface SessionNotesInput {
  notes?: string;
  outcomes?: string;
  recordingUrl?: string | null;
}

export interface AmaQuestion {
  replyId: string;
  author: Person | null;
  excerpt: string;
  answered: boolean;
  createdAt: string;
}

export interface OccurrenceDetail extends OccurrenceSummary {
  community: CommunityRef;
  agenda: string;
  agendaHtml: string;
  series: {
    rrule: string | null;
    recurrence: Recurrence | null;
    exceptions: string[];
    occurrenceCount: number;
    status: EventStatus;
  };
  promotion: PromotionMode;
  offerHours: number;
  notes: SessionNotes | null;
  /** The repertoire resource made from this session's notes. */
  resource: { id: string; title: string } | null;
  /** Hosts and organisers only. */
  checkInCode: string | null;
  /** AMA events: the post collecting questions, and the questions asked so far. */
  ama: { postId: string; questionCount: number; answeredCount: number; questions: AmaQuestion[] } | null;
  abilities: OccurrenceAbilities;
}

export interface EventDetail {
  id: string;
  community: CommunityRef;
  kind: EventKind;
  title: string;
  agenda: string;
  agendaHtml: string;
  place: string | null;
  online: boolean;
  onlineUrl: string | null;
  timeZone: string;
  /** The first session's wall-clock start and end in `timeZone`. */
  start: string;
  end: string;
  durationMinutes: number;
  recurrence: Recurrence | null;
  rrule: string | null;
  exceptions: string[];
  capacity: number | null;
  promotion: PromotionMode;
  offerHours: number;
  status: EventStatus;
  hosts: EventHost[];
  createdBy: Person | null;
  createdAt: string;
  amaPostId: string | null;
  /** Every session of the series, in order. */
  occurrences: OccurrenceSummary[];
  abilities: EventAbilities;
}

export interface RsvpInput {
  status: RsvpAnswer;
}

export interface RsvpResult {
  rsvp: MyRsvp;
  capacity: number | null;
  goingCount: number;
  waitlistCount: number;
  seatsLeft: number | null;
}

export interface Attendee {
  user: Person;
  status: RsvpStatus;
  position: number | null;
  attended: boolean;
  attendanceSource: 'host' | 'code' | null;
  respondedAt: string;
}

export interface AttendeeList {
  /** Going, by name; the waitlist in order. */
  going: Attendee[];
  waitlist: Attendee[];
  notGoingCount: number;
  attendedCount: number;
  /** Going but not attended, once the session has ended; null before. */
  noShowCount: number | null;
}

export interface AttendanceInput {
  attendance: { userId: string; attended: boolean }[];
}

export interface CheckInInput {
  code: string;
}

/** The member's personal calendar address: the token is shown once, when it is made. */
export interface CalendarFeed {
  active: boolean;
  prefix: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  /** Only in the answer that created it. */
  url?: string;
}

// ── Jobs, round-ups, mail preferences, catch-ups ────────────────────────────

export type JobStatus = import('./limits').JobStatus;
export type RoundupStatus = import('./limits').RoundupStatus;
export type RoundupSection = import('./limits').RoundupSection;
export type MailCadence = import('./limits').MailCadence;
export type EmailNotificationKind = import('./limits').EmailNotificationKind;

export interface Job {
  id: number;
  type: string;
  status: JobStatus;
  key: string | null;
  communitySlug: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  progress: { done: number; total: number } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobList {
  counts: Record<JobStatus, number>;
  items: Job[];
  nextCursor: string | null;
}

export interface JobSchedule {
  name: string;
  type: string;
  cron: string;
  timeZone: string;
  communitySlug: string | null;
  enabled: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
}

/** One entry of a round-up: a post, resource, session or member, with where a click leads. */
export interface RoundupItem {
  id: string;
  section: RoundupSection;
  objectType: 'post' | 'resource' | 'occurrence' | 'member';
  objectId: string;
  title: string;
  summary: string;
  path: string;
  topics: string[];
  formats: string[];
  /** Section-specific facts: the answerer's name, the session's start, the question's age. */
  meta: Record<string, unknown>;
  position: number;
  included: boolean;
}

export interface RoundupSummary {
  id: string;
  status: RoundupStatus;
  subject: string;
  periodStart: string;
  periodEnd: string;
  scheduledFor: string | null;
  sentAt: string | null;
  recipientCount: number;
  deliveredCount: number;
  clickCount: number;
  itemCount: number;
}

export interface Roundup extends RoundupSummary {
  communitySlug: string;
  intro: string;
  introHtml: string;
  items: RoundupItem[];
  /** Members who would get it now (active, with round-up mail on). */
  audience: number;
  abilities: { edit: boolean; send: boolean };
}

export interface RoundupPatch {
  subject?: string;
  intro?: string;
  /** Included or left out, and order within a section. */
  items?: { id: string; included?: boolean; position?: number }[];
}

export interface RoundupPreview {
  /** For whom it was personalised (the viewer, or `as` when a coordinator asks). */
  userId: string | null;
  subject: string;
  html: string;
  text: string;
}

export interface RoundupStats {
  recipients: number;
  delivered: number;
  failed: number;
  /** Distinct members who clicked at least once. */
  clickers: number;
  items: { id: string; section: RoundupSection; title: string; clicks: number; members: number }[];
  topics: { topic: string; clicks: number }[];
}

/** A member's mail choices: per kind of notification, the catch-up, and each community's round-up. */
export interface MailPreferences {
  kinds: Record<EmailNotificationKind, MailCadence>;
  catchUpEmail: boolean;
  roundups: { communitySlug: string; communityName: string; enabled: boolean }[];
}

export interface MailPreferencesPatch {
  kinds?: Partial<Record<EmailNotificationKind, MailCadence>>;
  catchUpEmail?: boolean;
  roundups?: { communitySlug: string; enabled: boolean }[];
}

/** "While you were away": the round-up's sections since a member's last visit. */
export interface CatchUp {
  communitySlug: string;
  since: string;
  sections: { section: RoundupSection; items: RoundupItem[] }[];
}

// ── Participation ───────────────────────────────────────────────────────────

export type ParticipationMode = 'convey_consume' | 'contribute' | 'collaborate' | 'co_create' | 'champion';

/** A member's own participation mode in a community over the rolling window, and why. */
export interface MyParticipation {
  mode: ParticipationMode;
  because: string;
  windowDays: number;
  since: string;
  tally: Record<string, number | boolean>;
  /** When they entered this mode (their last change). */
  modeSince: string;
  /** Their mode changes here, newest first. */
  history: ModeHistoryEntry[];
  /** Suggestions that fit their mode, personalised to them and this community. */
  nextSteps: NextStep[];
}

// ── Participation: modes, history, next steps (participation module) ───────

/** One change of a member's mode; `fromMode` is null for their first computed mode. */
export interface ModeHistoryEntry {
  fromMode: ParticipationMode | null;
  toMode: ParticipationMode;
  changedAt: string;
}

export type NextStepKind =
  | 'answer_question'
  | 'browse_unanswered'
  | 'add_expertise'
  | 'cohost_event'
  | 'share_win'
  | 'propose_resource'
  | 'curate_topic'
  | 'welcome_newcomer'
  | 'mentor_newcomer'
  | 'host_session'
  | 'invite';

/** A suggestion fitting a member's mode; `href` is a page of the web app. */
export interface NextStep {
  kind: NextStepKind;
  title: string;
  detail: string;
  href: string;
}

/** A current member and their stored mode (null until it is first computed). */
export interface MemberMode {
  userId: string;
  name: string;
  handle: string;
  role: Role;
  status: MembershipStatus;
  mode: ParticipationMode | null;
  because: string | null;
  since: string | null;
  computedAt: string | null;
}

export interface MemberModePage {
  items: MemberMode[];
  nextCursor: string | null;
  /** Members matching the filters. */
  total: number;
  /** Every current member by mode, whatever the filters; `notComputed` are those without one yet. */
  counts: Record<ParticipationMode, number> & { notComputed: number };
  windowDays: number;
}

export interface MemberModeFilters {
  mode?: ParticipationMode | '';
  q?: string;
}

/** One member's current mode and its history (core, coordinators, and the member themself). */
export interface MemberModeDetail {
  member: MemberMode;
  tally: Record<string, number | boolean> | null;
  history: ModeHistoryEntry[];
  windowDays: number;
}

// ── Health: dashboard figures and the network picture (health dashboard) ───

/** Mode counts keyed by mode. */
export type ModeCounts = Record<ParticipationMode, number>;

/** A person named in a figure (only ever shown to core and coordinators). */
export interface PersonRef {
  id: string;
  name: string;
}

/**
 * A community's health over a period, as computed by the snapshot job. Every count is of this
 * community only. Shares are fractions 0–1; durations are hours; weeks and months are ISO dates
 * of their first day.
 */
export interface HealthFigures {
  periodStart: string;
  periodEnd: string;
  computedAt: string;
  windowDays: number;
  members: { total: number; joined: number; left: number; onBreak: number };
  modes: {
    current: ModeCounts;
    overTime: { week: string; counts: ModeCounts }[];
    /**
     * Net moves in the period, from the mode history: per member, the mode before their first
     * change in the period (for someone new, their first mode) to the mode after their last;
     * members back where they started are left out.
     */
    flows: { from: ParticipationMode; to: ParticipationMode; count: number }[];
    movedUp: number;
    driftedDown: number;
  };
  /** Newcomers (joined in the period, at least 30 days ago) who contributed within 30 days of joining. */
  activation: {
    cohort: number;
    activated: number;
    rate: number;
    byMonth: { month: string; joined: number; activated: number }[];
  };
  weeklyActive: { week: string; count: number }[];
  /** 90-9-1: members with no contribution, a few (1–9), many (10+) in the period. */
  distribution: { lurkers: number; contributors: number; heavy: number };
  /** Of contributions in the period: the top 10 % of members' share, and the Gini coefficient. */
  concentration: {
    contributors: number;
    top10Share: number;
    gini: number;
    lorenz: { people: number; share: number }[];
  };
  /** Who carries the organising: share per person of events hosted, round-ups sent, curation done. */
  organiserLoad: {
    kind: 'events' | 'roundups' | 'curation';
    total: number;
    people: (PersonRef & { count: number; share: number })[];
  }[];
  questions: {
    asked: number;
    answered: number;
    unanswered: number;
    medianFirstReplyHours: number | null;
    medianAcceptedHours: number | null;
    byWeek: { week: string; asked: number; answered: number }[];
  };
  events: {
    held: number;
    rsvps: number;
    attended: number;
    noShows: number;
    attendanceRate: number;
    noShowRate: number;
  };
  /** Round-ups sent in the period; `clickers` counts copies in which something was clicked. */
  roundups: {
    sent: number;
    delivered: number;
    clickers: number;
    clickRate: number;
    byTopic: { topic: string; clicks: number; rate: number }[];
  };
  repertoire: { total: number; added: number; reused: number; growth: { month: string; total: number }[] };
  /** Accepted answers, resources published, events held and wins posted in the period. */
  outcomes: { acceptedAnswers: number; resources: number; eventsHeld: number; wins: number };
}

/** Who helps whom: replies, accepted answers and co-hosting, laid out for drawing. */
export interface NetworkPicture {
  nodes: {
    id: string;
    name: string;
    x: number;
    y: number;
    mode: ParticipationMode | null;
    cluster: number;
    degree: number;
    /** Joined in the last 60 days and connected to nobody. */
    isolatedNewcomer: boolean;
    /** High betweenness: links clusters that would otherwise not meet. */
    broker: boolean;
  }[];
  edges: { source: string; target: string; weight: number }[];
  clusters: number;
  /** Members in the network not drawn (beyond the strongest few hundred). */
  omitted: number;
}

/** A snapshot job under way (or one that failed since the last snapshot). */
export interface HealthRefresh {
  jobId: number;
  status: JobStatus;
  progress: { done: number; total: number } | null;
}

/** The dashboard: the latest snapshot, if any, and a refresh in progress, if any. */
export interface HealthDashboard {
  snapshot: { figures: HealthFigures; network: NetworkPicture | null; computedAt: string } | null;
  refresh: HealthRefresh | null;
}

// ── Health check: findings (health check) ─────────────────────────────────

/** Where a finding stands: waiting for a coordinator, acted on, or set aside. */
export type FindingStatus = 'open' | 'acted' | 'dismissed';
export type FindingSeverity = 'high' | 'medium' | 'low';

/** Someone a finding names: the people it is about, or those it suggests asking. */
export interface FindingPerson {
  id: string;
  name: string;
  /** 'subject' (whom the finding is about) or 'suggested' (whom to ask). */
  part: string;
  /** Their member profile in the web app; null when they are no longer a member to link to. */
  path: string | null;
}

/** One problem the weekly check found, its evidence, the action it suggests, and what was done. */
export interface HealthFinding {
  id: string;
  kind: string;
  /** The same problem in different weeks shares a key, e.g. `unanswered_topic:Testing`. */
  key: string;
  severity: FindingSeverity;
  title: string;
  /** Figures and lists behind the finding; the shape depends on `kind`. */
  evidence: Record<string, unknown>;
  /** A sentence saying what to do, naming people from `people`. */
  action: string;
  people: FindingPerson[];
  status: FindingStatus;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  /** What was done (acted), or why it was set aside (dismissed). */
  note: string;
  createdAt: string;
}

/** One week's check in the week picker, with its findings counted by status. */
export interface HealthCheckWeek {
  /** The Monday the week starts on, YYYY-MM-DD in the community's time zone. */
  week: string;
  ranAt: string;
  total: number;
  open: number;
  acted: number;
  dismissed: number;
}

export type HealthCheckRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A run of the check asked for by a coordinator ("run it now"), while and after it runs. */
export interface HealthCheckRun {
  jobId: number;
  status: HealthCheckRunStatus;
  progress: { done: number; total: number } | null;
  queuedAt: string;
  finishedAt: string | null;
}

/** The weekly health check as its page shows it: one week's findings and the weeks there are. */
export interface HealthCheck {
  /** The week shown (the latest unless asked for another); null before any check has run. */
  check: { id: string; week: string; ranAt: string; findingCount: number } | null;
  /** Open first, then acted on, then dismissed; most severe first within each. */
  findings: HealthFinding[];
  /** Every week a check ran, latest first. */
  weeks: HealthCheckWeek[];
  /** A run asked for and not finished yet, if any. */
  running: HealthCheckRun | null;
  abilities: { steer: boolean };
}

/** The kinds of finding the weekly check raises (src/server/modules/health/check.ts). */
export type HealthFindingKind =
  'unanswered_topic' | 'isolated_newcomers' | 'organiser_load' | 'drifting_members' | 'topic_without_resources';

/** Something a finding points at: a post, a member, a session; `path` is a page of the web app. */
export interface HealthEvidenceItem {
  id: string;
  title: string;
  path: string;
  /** When it happened (asked, joined, last contributed), ISO. */
  at?: string;
  /** A short detail, e.g. "asked by Ana Silva", "5 replies", "quiet for 52 days". */
  detail?: string;
}

/**
 * What every finding's `evidence` holds, whatever its kind: the figure that says how big the
 * problem is (`measure`, compared when a dismissed finding comes back), a sentence, labelled
 * figures, and the items behind it. Some kinds add fields: `topic` (unanswered_topic,
 * topic_without_resources), `load` (organiser_load: events | roundups | curation), `suggested`
 * (whom to ask, with why).
 */
export interface HealthFindingEvidence {
  measure: number;
  summary: string;
  figures: Record<string, number | string>;
  items: HealthEvidenceItem[];
  topic?: string;
  load?: 'events' | 'roundups' | 'curation';
  suggested?: { id: string; name: string; detail: string }[];
}

// ── Assessments and sponsor reports ───────────────────────────────────────
// (types for assessments and reports go here)

/** A community's maturity stage, from first gathering to changing its field (docs/decisions/009). */
export type MaturityStage = 'potential' | 'forming' | 'building' | 'engaged' | 'active' | 'transforming';

/** A figure a stage's proposal looks at. Shares are fractions 0–1. */
export type StageSignal =
  | 'members'
  | 'contributors'
  | 'contributingShare'
  | 'collaborators'
  | 'collaboratingShare'
  | 'coCreators'
  | 'champions'
  | 'weeklyActive'
  | 'weeklyActiveShare'
  | 'acceptedAnswers'
  | 'resources'
  | 'eventsHeld'
  | 'wins'
  | 'outcomes'
  | 'repertoire'
  | 'reused';

export interface StageThreshold {
  signal: StageSignal;
  /** What the figure is, in words: "of members contribute". */
  label: string;
  atLeast: number;
  unit: 'count' | 'share';
}

/** One maturity stage: what it means, what one sees, and the figures that propose it. */
export interface StageInfo {
  id: MaturityStage;
  label: string;
  definition: string;
  signs: string[];
  thresholds: StageThreshold[];
}

export interface StageProposal {
  stage: MaturityStage;
  reasons: string[];
}

/** One of the few figures that sum up a community's health, for reports and comparisons. */
export interface HeadlineFigure {
  key: string;
  label: string;
  /** null when there was nothing to measure (no questions asked, no events held). */
  value: number | null;
  unit: 'count' | 'share' | 'hours';
  /** Whether a higher value is better news (false for the time to a first reply). */
  higherIsBetter: boolean;
}

export type AssessmentArea = 'domain' | 'community' | 'practice';

/** A guided question of the quarterly assessment, answered on a 1–5 scale. */
export interface AssessmentQuestion {
  id: string;
  area: AssessmentArea;
  prompt: string;
  help: string;
  /** What 1 and 5 mean for this question. */
  low: string;
  high: string;
}

export interface AssessmentAnswer {
  score: number;
  comment: string;
}

export interface AssessmentInput {
  answers: Record<string, { score: number; comment?: string }>;
  stage: MaturityStage;
  /** Required when the chosen stage differs from the proposed one. */
  notes?: string;
}

export interface AssessmentSummary {
  quarter: string;
  periodStart: string;
  periodEnd: string;
  stage: MaturityStage;
  proposedStage: MaturityStage;
  createdBy: PersonRef | null;
  createdAt: string;
  updatedAt: string;
}

export interface Assessment extends AssessmentSummary {
  answers: Record<string, AssessmentAnswer>;
  notes: string;
  /** Why the figures proposed the stage they did, when it was saved. */
  reasons: string[];
  figures: HealthFigures;
  headline: HeadlineFigure[];
  /** Whether it may still be changed (its quarter is current, or ended less than 30 days ago). */
  editable: boolean;
}

/** What changed between an assessment and the one before it. */
export interface AssessmentChange {
  previousQuarter: string;
  stage: { from: MaturityStage; to: MaturityStage; direction: 'up' | 'down' | 'same' };
  answers: { id: string; from: number | null; to: number | null; delta: number | null }[];
  figures: (Pick<HeadlineFigure, 'key' | 'label' | 'unit' | 'higherIsBetter'> & {
    from: number | null;
    to: number | null;
    delta: number | null;
  })[];
}

export interface AssessmentList {
  items: AssessmentSummary[];
  stages: StageInfo[];
  currentQuarter: string;
  /** Quarters that may be written now: the current one, and the last one for 30 days after it ends. */
  writableQuarters: string[];
  abilities: { write: boolean };
}

export interface AssessmentDetail {
  assessment: Assessment;
  previous: AssessmentSummary | null;
  change: AssessmentChange | null;
  questions: AssessmentQuestion[];
  stages: StageInfo[];
}

/** Everything a coordinator needs to fill in a quarter's assessment. */
export interface AssessmentDraft {
  quarter: string;
  periodStart: string;
  periodEnd: string;
  questions: AssessmentQuestion[];
  stages: StageInfo[];
  figures: HealthFigures;
  headline: HeadlineFigure[];
  proposal: StageProposal;
  /** This quarter's assessment when one was saved already (the form starts from it). */
  saved: Assessment | null;
  previous: Assessment | null;
  /** The live figures (and saved answers, if any) against the previous assessment. */
  change: AssessmentChange | null;
}

/** A survey in a report: aggregates only, never what anyone wrote. */
export interface SurveyHighlight {
  title: string;
  status: 'open' | 'closed';
  anonymous: boolean;
  sentAt: string | null;
  closedAt: string | null;
  responses: number;
  /** Responses over the members who could answer (0–1), or null when that is unknown. */
  responseRate: number | null;
  /** False when there were too few responses to show per-question figures without exposing anyone. */
  detailed: boolean;
  scales: { prompt: string; max: 5 | 10; average: number; answers: number }[];
  choices: { prompt: string; topChoice: string; count: number; share: number; answers: number }[];
}

/** A sponsor report for a period: aggregate figures only, no names and no content. */
export interface SponsorReport {
  community: { name: string; slug: string };
  period: { from: string; to: string };
  generatedAt: string;
  size: {
    members: number;
    joined: number;
    left: number;
    onBreak: number;
    byMonth: { month: string; joined: number; left: number; members: number }[];
  };
  engagement: {
    modes: ModeCounts;
    contributingShare: number;
    weeklyActive: number;
    movedUp: number;
    driftedDown: number;
    activationRate: number;
    distribution: { lurkers: number; contributors: number; heavy: number };
  };
  outcomes: {
    acceptedAnswers: number;
    resources: number;
    eventsHeld: number;
    wins: number;
    attended: number;
    questionsAsked: number;
  };
  health: HeadlineFigure[];
  /** The latest assessment's stage within the period, if there is one. */
  stage: { quarter: string; stage: MaturityStage; label: string } | null;
  surveys: SurveyHighlight[];
}

// ── Surveys ────────────────────────────────────────────────────────────────

export type SurveyQuestionKind = import('./limits').SurveyQuestionKind;
export type SurveyStatus = import('./limits').SurveyStatus;

export interface SurveyQuestion {
  id: string;
  position: number;
  kind: SurveyQuestionKind;
  prompt: string;
  /** The choices of a single- or multiple-choice question; empty for the others. */
  options: string[];
  required: boolean;
}

export interface SurveyQuestionInput {
  kind: SurveyQuestionKind;
  prompt: string;
  /** 2–12 for single and multiple choice; none for scales and text. */
  options?: string[];
  /** True unless said otherwise. */
  required?: boolean;
}

export interface SurveyInput {
  title: string;
  intro?: string;
  /** Answers stored with no link to the member who gave them; fixed once the survey is sent. */
  anonymous: boolean;
  /** When it closes by itself (ISO date-time); null or absent: when a coordinator closes it. */
  closesAt?: string | null;
  questions: SurveyQuestionInput[];
}

/** Questions are replaced only while the survey is a draft; `anonymous` only then too. */
export type SurveyPatch = Partial<SurveyInput>;

export interface SurveySummary {
  id: string;
  title: string;
  /** As it stands now: an open survey past its closing time reads `closed`. */
  status: SurveyStatus;
  anonymous: boolean;
  closesAt: string | null;
  sentAt: string | null;
  closedAt: string | null;
  questionCount: number;
  /** For coordinators; null for members. */
  responseCount: number | null;
  /** Whether the viewer has answered it. */
  answered: boolean;
  createdAt: string;
}

export interface Survey extends SurveySummary {
  intro: string;
  questions: SurveyQuestion[];
  /**
   * Coordinators: the members it goes (or went) to — current members now for a draft, at the
   * moment it was sent otherwise. Null for members.
   */
  audience: number | null;
  abilities: { edit: boolean; send: boolean; close: boolean; delete: boolean; results: boolean; answer: boolean };
}

/** single: an option; multiple: options; scale5 / scale10: a whole number; text: words. */
export type SurveyAnswerValue = string | string[] | number;

export interface SurveyResponseInput {
  answers: { questionId: string; value: SurveyAnswerValue }[];
}

export interface SurveyOptionCount {
  option: string;
  count: number;
  /** Of those who answered the question, 0–1. */
  share: number;
}

export interface SurveyScaleResult {
  min: number;
  max: number;
  distribution: { value: number; count: number }[];
  mean: number | null;
  median: number | null;
  /** 0–10 scales: detractors 0–6, passives 7–8, promoters 9–10; score −100 to 100. */
  nps: { detractors: number; passives: number; promoters: number; score: number } | null;
}

export interface SurveyTextAnswer {
  text: string;
  /** Who wrote it, for a survey that is not anonymous; always null for an anonymous one. */
  respondent: PersonRef | null;
  /** The day it was given (not anonymous surveys only). */
  on: string | null;
}

export interface SurveyQuestionResult {
  id: string;
  kind: SurveyQuestionKind;
  prompt: string;
  required: boolean;
  /** How many responses answered this question. */
  answered: number;
  options: SurveyOptionCount[] | null;
  scale: SurveyScaleResult | null;
  /** Anonymous surveys list these in a shuffled order, with no names. */
  texts: SurveyTextAnswer[] | null;
}

export interface SurveyResults {
  surveyId: string;
  anonymous: boolean;
  status: SurveyStatus;
  responseCount: number;
  /** Members it was sent to. */
  audience: number | null;
  /** Responses per member it was sent to, 0–1 (members who joined later can answer too; capped at 1). */
  responseRate: number | null;
  /**
   * An anonymous survey shows nothing per question until `minimum` members have answered, so
   * that no one's answers can be picked out; `questions` then carry no figures.
   */
  withheld: boolean;
  minimum: number;
  questions: SurveyQuestionResult[];
}
