import type { LearningFormat, MembershipStatus, Role } from '../../../common/limits.js';
import type { MemberAbilities } from '../../platform/policy.js';
import type { ListedMember, MemberRow } from './repo.js';

export const presentMember = (m: ListedMember, abilities: MemberAbilities) => ({
  userId: m.userId,
  name: m.name,
  handle: m.handle,
  role: m.role as Role,
  status: m.status as MembershipStatus,
  breakUntil: m.breakUntil ?? null,
  bio: m.bio,
  expertise: m.expertise,
  interests: m.interests,
  learningFormats: m.learningFormats as LearningFormat[],
  timeZone: m.timeZone,
  joinedAt: (m.joinedAt ?? m.createdAt).toISOString(),
  abilities: { changeRole: abilities.changeRole, remove: abilities.remove, editProfile: abilities.editProfile },
});

/** Only coordinators see requests, so only they ever see the requester's email. */
export const presentRequest = (m: MemberRow & { email: string }) => ({
  userId: m.userId,
  name: m.name,
  email: m.email,
  message: m.requestMessage,
  requestedAt: m.statusChangedAt.toISOString(),
});
