/** Size limits shared by the API schemas and the web forms. */
export const limits = {
  name: 120,
  slug: 60,
  email: 254,
  passwordMin: 8,
  passwordMax: 128,
  shortText: 280,
  statement: 4000,
  bio: 2000,
  listItems: 30,
  listItem: 80,
  topics: 40,
  invitationsPerRequest: 50,
  message: 2000,
  search: 200,
  tokenName: 80,
  requestBodyBytes: 1_000_000,
  postTitle: 200,
  postBody: 50_000,
  replyBody: 20_000,
  postTags: 8,
  /** Posts a member may start per hour, and replies per ten minutes, across communities. */
  postsPerHour: 20,
  repliesPerTenMinutes: 30,
  resourceTitle: 200,
  resourceSummary: 20_000,
  url: 2048,
  resourceCredits: 12,
  noteBody: 10_000,
  collectionIntro: 10_000,
  collectionItems: 200,
  /** An import: at most this many rows, from at most this much text. */
  importRows: 5_000,
  importBytes: 900_000,
  /** Resources a member may propose per hour, across communities (imports count as one). */
  resourcesPerHour: 30,
} as const;

export const communityTypes = ['open', 'membership', 'internal', 'product', 'local'] as const;
export const visibilities = ['public', 'private'] as const;
export const joinPolicies = ['open', 'request', 'invitation'] as const;
export const roles = ['member', 'core', 'coordinator'] as const;
export const statuses = ['pending', 'active', 'on_break', 'alumni', 'removed'] as const;
export const learningFormats = ['read', 'watch', 'listen', 'discuss', 'do'] as const;
export const postKinds = ['discussion', 'question', 'announcement', 'win', 'need', 'ama'] as const;
export const reactionKinds = ['plus_one', 'thanks', 'insightful'] as const;
export const followTargets = ['post', 'tag', 'member'] as const;
export const notificationKinds = [
  'mention',
  'reply',
  'accepted',
  'followed_tag',
  'followed_post',
  'followed_member',
  'credited',
  'proposal_published',
] as const;
export const feedSorts = ['latest', 'active', 'unanswered'] as const;
export const resourceKinds = [
  'article',
  'research',
  'podcast',
  'video',
  'book',
  'tool',
  'example',
  'method',
  'lesson',
  'story',
  'template',
] as const;
/** How a resource is taken in; a member's preferred learning formats pick among these. */
export const resourceFormats = ['read', 'watch', 'listen', 'do'] as const;
export const resourceStatuses = ['proposed', 'published', 'retired', 'obsolete'] as const;
export const creditRoles = ['contributor', 'source'] as const;
export const noteVisibilities = ['community', 'private'] as const;
export const collectionKinds = ['collection', 'path'] as const;
/** Months from a review (or publication) to the next; kinds that date quickly come back sooner. */
export const reviewMonths: Record<ResourceKind, number> = {
  article: 12,
  research: 12,
  podcast: 12,
  video: 12,
  book: 24,
  tool: 6,
  example: 12,
  method: 12,
  lesson: 12,
  story: 24,
  template: 6,
};

export type CommunityType = (typeof communityTypes)[number];
export type Visibility = (typeof visibilities)[number];
export type JoinPolicy = (typeof joinPolicies)[number];
export type Role = (typeof roles)[number];
export type MembershipStatus = (typeof statuses)[number];
export type LearningFormat = (typeof learningFormats)[number];
export type PostKind = (typeof postKinds)[number];
export type ReactionKind = (typeof reactionKinds)[number];
export type FollowTarget = (typeof followTargets)[number];
export type NotificationKind = (typeof notificationKinds)[number];
export type FeedSort = (typeof feedSorts)[number];
export type ResourceKind = (typeof resourceKinds)[number];
export type ResourceFormat = (typeof resourceFormats)[number];
export type ResourceStatus = (typeof resourceStatuses)[number];
export type CreditRole = (typeof creditRoles)[number];
export type NoteVisibility = (typeof noteVisibilities)[number];
export type CollectionKind = (typeof collectionKinds)[number];
