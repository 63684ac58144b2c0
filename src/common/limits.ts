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
] as const;
export const feedSorts = ['latest', 'active', 'unanswered'] as const;

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
