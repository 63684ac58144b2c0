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
  eventTitle: 200,
  eventAgenda: 20_000,
  eventNotes: 50_000,
  eventPlace: 500,
  eventHosts: 10,
  /** Seats one session may have; `null` capacity means no limit. */
  eventCapacity: 100_000,
  /** A recurring event may not produce more sessions than this. */
  eventOccurrences: 500,
  /** How long one session may last, in minutes (a week). */
  eventMinutes: 7 * 24 * 60,
  /** How far ahead an event may be scheduled, in days (five years). */
  eventHorizonDays: 5 * 366,
  /** How early before a session and how late after its end attendees may check in, in minutes. */
  checkInEarlyMinutes: 30,
  checkInLateMinutes: 60,
  /** Events a member may create per hour, across communities. */
  eventsPerHour: 20,
  roundupSubject: 200,
  roundupIntro: 10_000,
  /** Items one section of a round-up may list. */
  roundupSectionItems: 12,
  /** A member is away, for the catch-up, after this many days without a visit. */
  awayDays: 30,
  surveyTitle: 200,
  surveyIntro: 4000,
  surveyQuestions: 30,
  surveyPrompt: 500,
  /** Choices one single- or multiple-choice question offers, at least 2. */
  surveyOptions: 12,
  surveyOption: 200,
  surveyTextAnswer: 2000,
  /** An anonymous survey shows its results only once this many members have answered. */
  surveyAnonymousMinimum: 3,
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
  'event_promoted',
  'event_offer',
  'event_reminder_24h',
  'event_reminder_1h',
  'event_cancelled',
  'event_changed',
  'roundup_draft',
  'survey',
  'health_check',
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
export const eventKinds = [
  'meetup',
  'workshop',
  'ama',
  'lightning_talks',
  'focus_group',
  'inception',
  'social',
] as const;
/** A series or one of its sessions goes ahead, or was called off. */
export const eventStatuses = ['scheduled', 'cancelled'] as const;
/** `waitlisted` members are ordered by when they asked; `going` holds a seat. */
export const rsvpStatuses = ['going', 'waitlisted', 'not_going'] as const;
/** What a member may answer; a full session turns `going` into `waitlisted`. */
export const rsvpAnswers = ['going', 'not_going'] as const;
export const eventHostRoles = ['host', 'speaker'] as const;
export const recurrenceFrequencies = ['weekly', 'monthly'] as const;
/** When a seat frees: it goes to the first on the waitlist, or is offered to the waitlist by mail. */
export const promotionModes = ['automatic', 'offer'] as const;
export const reminderKinds = ['24h', '1h'] as const;
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
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
export type EventKind = (typeof eventKinds)[number];
export type EventStatus = (typeof eventStatuses)[number];
export type RsvpStatus = (typeof rsvpStatuses)[number];
export type RsvpAnswer = (typeof rsvpAnswers)[number];
export type EventHostRole = (typeof eventHostRoles)[number];
export type RecurrenceFrequency = (typeof recurrenceFrequencies)[number];
export type PromotionMode = (typeof promotionModes)[number];
export type ReminderKind = (typeof reminderKinds)[number];
export type Weekday = (typeof weekdays)[number];

/** Jobs: their states, and the types the workers know. */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const roundupStatuses = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type RoundupStatus = (typeof roundupStatuses)[number];
/** A round-up's sections, in the order a reader meets them. */
export const roundupSections = ['accepted_answers', 'resources', 'events', 'wins', 'unanswered', 'newcomers'] as const;
export type RoundupSection = (typeof roundupSections)[number];

/** How a kind of notification reaches a member by mail. */
export const mailCadences = ['immediate', 'daily', 'off'] as const;
export type MailCadence = (typeof mailCadences)[number];
/**
 * The kinds a member chooses mail for, each covering notification kinds, with its default.
 * Promotions from a waitlist and seat offers are always mailed: they need an answer.
 */
export const emailNotificationKinds = {
  mention: { kinds: ['mention'], default: 'immediate' },
  reply: { kinds: ['reply', 'followed_post'], default: 'immediate' },
  accepted: { kinds: ['accepted'], default: 'immediate' },
  event_reminder: { kinds: ['event_reminder_24h', 'event_reminder_1h'], default: 'immediate' },
  event_change: { kinds: ['event_cancelled', 'event_changed'], default: 'immediate' },
  following: { kinds: ['followed_tag', 'followed_member'], default: 'daily' },
  repertoire: { kinds: ['credited', 'proposal_published'], default: 'daily' },
  roundup_draft: { kinds: ['roundup_draft'], default: 'immediate' },
  survey: { kinds: ['survey'], default: 'immediate' },
  health_check: { kinds: ['health_check'], default: 'immediate' },
} as const satisfies Record<string, { kinds: readonly NotificationKind[]; default: MailCadence }>;
export type EmailNotificationKind = keyof typeof emailNotificationKinds;

/** What a survey question asks for: one choice, several, a 1–5 or 0–10 scale, or words. */
export const surveyQuestionKinds = ['single', 'multiple', 'scale5', 'scale10', 'text'] as const;
export type SurveyQuestionKind = (typeof surveyQuestionKinds)[number];
export const surveyStatuses = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];
