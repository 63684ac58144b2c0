import { recordActivity } from '../../platform/activity.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Deps } from '../../platform/http.js';
import {
  assertCanAcceptInvitation,
  invitableRoles,
  invitationAbilities,
  requireUser,
  type Actor,
} from '../../platform/policy.js';
import { hashSecret, newSecret } from '../../platform/secrets.js';
import { hitLimit } from '../../platform/throttle.js';
import * as communities from '../communities/service.js';
import { invitationMail } from './mail.js';
import { presentInvitation, presentPreview } from './present.js';
import * as repo from './repo.js';
import type { InviteInput } from './schema.js';

export const INVITATION_DAYS = 7;

const invalidInvitation = () =>
  new AppError(404, 'invalid_invitation', 'This invitation is invalid, used, revoked or expired. Ask for a new one.');

export async function list(deps: Deps, actor: Actor, slug: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'invite');
  return { items: (await repo.listForCommunity(deps.db, ctx.community.id)).map(presentInvitation) };
}

export async function invite(deps: Deps, actor: Actor, slug: string, input: InviteInput, origin: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'invite');
  const me = actor.user!;
  const role = input.role ?? 'member';
  if (!invitableRoles(ctx.abilities).includes(role)) {
    throw new AppError(403, 'role_not_allowed', 'Only coordinators can invite people into the core group.', 'role');
  }
  // Invitations send mail to addresses nobody has confirmed: keep one account from spamming.
  await hitLimit(deps.db, `invite:user:${me.id}`, 30, 3600);
  const emails = [...new Set(input.emails)];
  const skipped = new Set(await communities.currentMemberEmails(deps.db, ctx.community.id, emails));
  const toInvite = emails.filter((e) => !skipped.has(e));
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const secrets = new Map(toInvite.map((email) => [email, newSecret()]));

  const created = await deps.db.transaction(async (tx) => {
    await repo.revokeOpenTo(tx, ctx.community.id, toInvite);
    const rows = await repo.insertMany(
      tx,
      toInvite.map((email) => ({
        communityId: ctx.community.id,
        email,
        role,
        message: input.message || null,
        tokenHash: hashSecret(secrets.get(email)!),
        invitedBy: me.id,
        expiresAt,
      })),
    );
    for (const row of rows) {
      await recordActivity(tx, {
        actorId: me.id,
        communityId: ctx.community.id,
        verb: 'invited',
        objectType: 'invitation',
        objectId: row.id,
        data: { role },
      });
    }
    return rows;
  });

  for (const row of created) {
    await deps.mailer.send(
      invitationMail({
        to: row.email,
        inviterName: me.name,
        community: ctx.community,
        message: input.message,
        link: `${origin}/invite/${secrets.get(row.email)}`,
        days: INVITATION_DAYS,
      }),
    );
  }
  return {
    items: created.map((row) => presentInvitation({ ...row, inviterName: me.name })),
    skipped: emails.filter((e) => skipped.has(e)),
  };
}

export async function revoke(deps: Deps, actor: Actor, slug: string, id: string) {
  const ctx = await communities.authorizeIn(deps.db, actor, slug, 'invite');
  const invitation = await repo.findInCommunity(deps.db, ctx.community.id, id);
  if (!invitation) throw notFound();
  if (!invitationAbilities(actor, ctx.abilities, invitation).revoke) {
    throw new AppError(403, 'forbidden', 'Only coordinators can revoke invitations sent by someone else.');
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.revoke(tx, id))) {
      throw conflict('invitation_closed', 'This invitation was already accepted or revoked.');
    }
    await recordActivity(tx, {
      actorId: actor.user!.id,
      communityId: ctx.community.id,
      verb: 'revoked_invitation',
      objectType: 'invitation',
      objectId: id,
    });
  });
}

/** Anyone holding the link may read it: this is how an invited person learns a private community's name. */
export async function preview(deps: Deps, token: string) {
  const found = await repo.findUsable(deps.db, hashSecret(token));
  if (!found) throw invalidInvitation();
  return presentPreview(found);
}

export async function accept(deps: Deps, actor: Actor, token: string) {
  const me = requireUser(actor);
  const tokenHash = hashSecret(token);
  const found = await repo.findUsable(deps.db, tokenHash);
  if (!found) throw invalidInvitation();
  // A forwarded link must not let someone else in.
  if (found.invitation.email.toLowerCase() !== me.email.toLowerCase()) {
    throw new AppError(
      403,
      'invite_email_mismatch',
      `This invitation was sent to another email address. Sign in with the account for that address to accept it.`,
    );
  }
  const communityId = found.community.id;
  assertCanAcceptInvitation(communities.membershipFacts(await communities.membershipOf(deps.db, communityId, me.id)));
  const membership = await deps.db.transaction(async (tx) => {
    const used = await repo.consume(tx, tokenHash, me.id);
    if (!used) throw invalidInvitation();
    assertCanAcceptInvitation(communities.membershipFacts(await communities.membershipOf(tx, communityId, me.id)));
    const row = await communities.admitMember(tx, communityId, me.id, used.role);
    await recordActivity(tx, {
      actorId: me.id,
      communityId,
      verb: 'accepted_invitation',
      objectType: 'invitation',
      objectId: used.id,
      data: { role: used.role },
    });
    return row;
  });
  return { community: { slug: found.community.slug }, membership: communities.presentMembership(membership) };
}
