import type { Conn } from '../../db/client.js';
import { recordActivity } from '../../platform/activity.js';
import { decodeCursor, encodeCursor, paginate } from '../../platform/cursor.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  authorizeMember,
  currentStatuses,
  isPending,
  listableStatuses,
  memberAbilities,
  type Actor,
  type MemberAbilities,
} from '../../platform/policy.js';
import type { MembershipStatus, Role } from '../../../common/limits.js';
import * as communities from '../communities/service.js';
import { memberMail } from './mail.js';
import { presentMember, presentRequest } from './present.js';
import * as repo from './repo.js';
import type { MemberQuery, ProfileInput } from './schema.js';

type Ctx = communities.CommunityContext;

const abilitiesFor = (actor: Actor, ctx: Ctx, m: repo.ListedMember) =>
  memberAbilities(actor, ctx.abilities, { userId: m.userId, status: m.status as MembershipStatus });

const present = (actor: Actor, ctx: Ctx, m: repo.ListedMember) => presentMember(m, abilitiesFor(actor, ctx, m));

/** A member as the directory shows them: current members and alumni; never pending or removed. */
async function findListed(db: Conn, ctx: Ctx, userId: string) {
  const m = await repo.findMember(db, ctx.community.id, userId);
  if (!m || !listableStatuses.has(m.status as MembershipStatus)) throw notFound();
  return m;
}

/** Loads a listed member and refuses unless the actor holds `ability` over them. */
async function authorizeOver(deps: Deps, actor: Actor, slug: string, userId: string, ability: keyof MemberAbilities) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'viewMembers');
  const target = await findListed(deps.db, ctx, userId);
  authorizeMember(actor, abilitiesFor(actor, ctx, target), ability);
  return { ctx, target };
}

const readMemberCursor = (cursor: string) =>
  decodeCursor(cursor, ([name, id]) =>
    typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? { name, id } : null,
  );

export async function list(deps: Deps, actor: Actor, slug: string, query: MemberQuery) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'viewMembers');
  const after = query.cursor ? readMemberCursor(query.cursor) : null;
  const { rows, total } = await repo.listMembers(
    deps.db,
    {
      communityId: ctx.community.id,
      memberCount: ctx.community.memberCount,
      statuses: query.status ? [query.status] : [...currentStatuses],
      role: query.role,
      expertise: query.expertise || undefined,
      q: query.q || undefined,
    },
    after,
    query.limit + 1,
  );
  const { page, nextCursor } = paginate(rows, query.limit, (m) => encodeCursor([m.name, m.userId]));
  return { items: page.map((m) => present(actor, ctx, m)), nextCursor, total };
}

export async function get(deps: Deps, actor: Actor, slug: string, userId: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'viewMembers');
  return present(actor, ctx, await findListed(deps.db, ctx, userId));
}

export async function updateProfile(deps: Deps, actor: Actor, slug: string, userId: string, input: ProfileInput) {
  const { ctx } = await authorizeOver(deps, actor, slug, userId, 'editProfile');
  if (Object.keys(input).length === 0) return present(actor, ctx, await findListed(deps.db, ctx, userId));
  await deps.db.transaction(async (tx) => {
    await repo.updateProfile(tx, ctx.community.id, userId, input);
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'updated_profile',
      objectType: 'member',
      objectId: userId,
      data: { fields: Object.keys(input) },
    });
  });
  return present(actor, ctx, await findListed(deps.db, ctx, userId));
}

export async function changeRole(deps: Deps, actor: Actor, slug: string, userId: string, role: Role) {
  const { ctx, target } = await authorizeOver(deps, actor, slug, userId, 'changeRole');
  if (target.role !== role) {
    await deps.db.transaction(async (tx) => {
      await communities.changeMembership(tx, target, { role });
      await recordActivity(tx, {
        actorId: actor.user!.id,
        communityId: ctx.community.id,
        verb: 'changed_role',
        objectType: 'member',
        objectId: userId,
        data: { from: target.role, to: role },
      });
    });
  }
  // Stepping down changes the actor's own abilities, so ask again rather than reuse `ctx`.
  const after = target.userId === actor.user?.id ? await communities.loadCommunity(deps.db, actor, slug) : ctx;
  return present(actor, after, await findListed(deps.db, after, userId));
}

export async function remove(deps: Deps, actor: Actor, slug: string, userId: string) {
  if (actor.user?.id === userId) {
    // Checked after visibility so it cannot reveal a private community.
    await communities.loadCommunity(deps.db, actor, slug);
    throw new AppError(403, 'cannot_remove_self', 'To leave the community yourself, use Leave.');
  }
  const { ctx, target } = await authorizeOver(deps, actor, slug, userId, 'remove');
  await deps.db.transaction(async (tx) => {
    await communities.changeMembership(tx, target, { status: 'removed', breakUntil: null });
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'removed_member',
      objectType: 'member',
      objectId: userId,
    });
  });
}

export async function listRequests(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'viewRequests');
  return { items: (await repo.listWithStatus(deps.db, ctx.community.id, 'pending')).map(presentRequest) };
}

async function findRequest(deps: Deps, actor: Actor, slug: string, userId: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'manageMembers');
  const request = await repo.findMember(deps.db, ctx.community.id, userId);
  if (!isPending(communities.membershipFacts(request))) throw notFound();
  return { ctx, request: request! };
}

export async function approve(deps: Deps, actor: Actor, slug: string, userId: string, origin: string) {
  const { ctx, request } = await findRequest(deps, actor, slug, userId);
  await deps.db.transaction(async (tx) => {
    // A decline may have won the race since the request was read.
    if (!isPending(communities.membershipFacts(await communities.membershipOf(tx, ctx.community.id, userId))))
      throw notFound();
    await communities.admitMember(tx, ctx.community.id, userId, 'member');
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'approved_request',
      objectType: 'member',
      objectId: userId,
    });
  });
  await deps.mailer.send(memberMail.requestApproved(request, ctx.community, origin));
  return present(actor, ctx, await findListed(deps.db, ctx, userId));
}

/** A declined request leaves no membership behind, so the person may ask again later. */
export async function decline(deps: Deps, actor: Actor, slug: string, userId: string) {
  const { ctx, request } = await findRequest(deps, actor, slug, userId);
  const declined = await deps.db.transaction(async (tx) => {
    if (!(await communities.deletePendingMembership(tx, ctx.community.id, userId))) return false;
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'declined_request',
      objectType: 'member',
      objectId: userId,
    });
    return true;
  });
  if (!declined) throw notFound();
  await deps.mailer.send(memberMail.requestDeclined(request, ctx.community));
}
