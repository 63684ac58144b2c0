import type { Deps } from '../../platform/http.js';
import { recordActivity } from '../../platform/activity.js';
import { AppError, conflict, invalid, isUniqueViolation, notFound, unauthenticated } from '../../platform/errors.js';
import { assertAcceptablePassword } from '../../platform/passwords.js';
import { requireAdmin, requireUser, type Actor } from '../../platform/policy.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from '../../platform/secrets.js';
import { assertNotDelayed, clearFailures, hitLimit, recordFailure } from '../../platform/throttle.js';
import { authMail } from './mail.js';
import { presentAdminUser, presentApiToken, presentSession, presentUser } from './present.js';
import * as repo from './repo.js';
import { handlePattern } from './schema.js';

export const SESSION_DAYS = 30;
export const LINK_MINUTES = 10;
const API_TOKEN_PREFIX = 'cp_';

/** What a request knows about the browser: used to bind emailed links to the one that asked. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  /** Value of the flow cookie, if the browser has one. */
  flowNonce: string | null;
  origin: string;
}

export interface NewSession {
  secret: string;
  user: ReturnType<typeof presentUser>;
}

const sameMessage = 'If an account exists for that address, we have sent it an email. The link works for 10 minutes.';

async function startSession(deps: Deps, userId: string, client: ClientInfo) {
  const secret = newSecret();
  await repo.insertSession(deps.db, {
    tokenHash: hashSecret(secret),
    userId,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    ip: client.ip,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  return secret;
}

async function signedIn(deps: Deps, user: repo.UserRow, client: ClientInfo, how: string): Promise<NewSession> {
  const secret = await startSession(deps, user.id, client);
  await recordActivity(deps.db, {
    actorId: user.id,
    verb: 'signed_in',
    objectType: 'user',
    objectId: user.id,
    data: { how },
  });
  return { secret, user: presentUser(user) };
}

export async function needsSetup(deps: Deps): Promise<boolean> {
  return !(await repo.hasAnyUser(deps.db));
}

/** The first visit creates the instance admin; afterwards this answers 409. */
export async function setupAdmin(
  deps: Deps,
  input: { name: string; email: string; password: string },
  client: ClientInfo,
) {
  assertAcceptablePassword(input.password, 'password', [input.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  const user = await deps.db.transaction(async (tx) => {
    // Serialise concurrent first visits: only one can become the admin.
    await tx.execute('select pg_advisory_xact_lock(4242001)');
    if (await repo.hasAnyUser(tx)) throw conflict('already_set_up', 'This instance already has an admin.');
    const created = await repo.insertUser(tx, {
      name: input.name,
      email: input.email,
      passwordHash,
      isAdmin: true,
      emailVerifiedAt: new Date(),
    });
    await recordActivity(tx, {
      actorId: created.id,
      verb: 'created_instance',
      objectType: 'user',
      objectId: created.id,
    });
    return created;
  });
  return signedIn(deps, user, client, 'setup');
}

/**
 * Sign-up never says whether the address already has an account: both cases answer the
 * same and send a mail; only the mailbox owner learns which.
 */
export async function signUp(
  deps: Deps,
  input: { name: string; email: string; password: string; next?: string },
  client: ClientInfo,
) {
  await hitLimit(deps.db, `signup:ip:${client.ip}`, 20, 3600);
  assertAcceptablePassword(input.password, 'password', [input.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  const existing = await repo.findUserByEmail(deps.db, input.email);
  if (existing) {
    const link = await issueLink(deps, existing, 'magic_link', client, input.next);
    await deps.mailer.send(authMail.alreadyRegistered(existing, link));
    return { message: 'Check your inbox: we have sent you a link to finish signing up.' };
  }
  const user = await repo.insertUser(deps.db, { name: input.name, email: input.email, passwordHash });
  await recordActivity(deps.db, { actorId: user.id, verb: 'signed_up', objectType: 'user', objectId: user.id });
  const link = await issueLink(deps, user, 'verify_email', client, input.next);
  await deps.mailer.send(authMail.verifyEmail(user, link));
  return { message: 'Check your inbox: we have sent you a link to finish signing up.' };
}

export async function signIn(deps: Deps, input: { email: string; password: string }, client: ClientInfo) {
  const accountKey = `signin:acct:${input.email}`;
  const ipKey = `signin:ip:${client.ip}`;
  await assertNotDelayed(deps.db, [accountKey, ipKey]);
  const user = await repo.findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok || user.disabledAt) {
    await recordFailure(deps.db, accountKey);
    await recordFailure(deps.db, ipKey, { free: 30, baseSeconds: 1, maxSeconds: 600 });
    throw new AppError(401, 'invalid_credentials', 'That email and password do not match.');
  }
  if (!user.emailVerifiedAt) {
    throw new AppError(
      403,
      'email_unverified',
      'Confirm your email first: use the link we sent you, or ask for a new one.',
    );
  }
  await clearFailures(deps.db, accountKey);
  return signedIn(deps, user, client, 'password');
}

export async function signOut(deps: Deps, actor: Actor) {
  if (actor.sessionId && actor.user) await repo.deleteSession(deps.db, actor.user.id, actor.sessionId);
}

type LinkPurpose = 'magic_link' | 'password_reset' | 'verify_email';
const linkPaths: Record<LinkPurpose, string> = {
  magic_link: '/magic',
  verify_email: '/magic',
  password_reset: '/reset/confirm',
};

async function issueLink(deps: Deps, user: repo.UserRow, purpose: LinkPurpose, client: ClientInfo, next?: string) {
  const secret = newSecret();
  await repo.insertAuthToken(deps.db, {
    userId: user.id,
    purpose,
    tokenHash: hashSecret(secret),
    email: user.email,
    browserHash: client.flowNonce ? hashSecret(client.flowNonce) : null,
    next: next ?? null,
    expiresAt: new Date(Date.now() + LINK_MINUTES * 60_000),
  });
  return `${client.origin}${linkPaths[purpose]}?token=${encodeURIComponent(secret)}`;
}

async function throttleMailRequest(deps: Deps, kind: string, email: string, client: ClientInfo) {
  await hitLimit(deps.db, `${kind}:ip:${client.ip}`, 20, 900);
  await hitLimit(deps.db, `${kind}:acct:${email}`, 5, 900);
}

export async function requestMagicLink(deps: Deps, input: { email: string; next?: string }, client: ClientInfo) {
  await throttleMailRequest(deps, 'magic', input.email, client);
  const user = await repo.findUserByEmail(deps.db, input.email);
  if (user && !user.disabledAt) {
    const link = await issueLink(deps, user, user.emailVerifiedAt ? 'magic_link' : 'verify_email', client, input.next);
    await deps.mailer.send(authMail.magicLink(user, link));
  }
  return { message: sameMessage };
}

export async function requestPasswordReset(deps: Deps, input: { email: string }, client: ClientInfo) {
  await throttleMailRequest(deps, 'reset', input.email, client);
  const user = await repo.findUserByEmail(deps.db, input.email);
  if (user && !user.disabledAt) {
    const link = await issueLink(deps, user, 'password_reset', client);
    await deps.mailer.send(authMail.passwordReset(user, link));
  }
  return { message: sameMessage };
}

const badLink = () =>
  new AppError(400, 'invalid_token', 'This link is invalid, used or expired. Ask for a new one.', 'token');

/** Checks and uses a one-time link; on any mismatch nothing is used up. */
async function useLink(deps: Deps, token: string, purposes: LinkPurpose[], client: ClientInfo) {
  const tokenHash = hashSecret(token);
  let found: Awaited<ReturnType<typeof repo.findAuthToken>> | undefined;
  for (const p of purposes) found ??= await repo.findAuthToken(deps.db, tokenHash, p);
  if (!found || found.usedAt || found.expiresAt.getTime() < Date.now()) throw badLink();
  if (found.browserHash && (!client.flowNonce || hashSecret(client.flowNonce) !== found.browserHash)) {
    throw new AppError(
      400,
      'other_browser',
      'Open this link in the browser where you asked for it, or ask for a new link here.',
      'token',
    );
  }
  const user = await repo.findUserById(deps.db, found.userId);
  // A change of email address kills every link sent to the old one.
  if (!user || user.disabledAt || user.email.toLowerCase() !== found.email.toLowerCase()) throw badLink();
  const consumed = await repo.consumeAuthToken(deps.db, tokenHash, found.purpose);
  if (!consumed) throw badLink();
  return { user, row: consumed };
}

export async function verifyMagicLink(deps: Deps, input: { token: string }, client: ClientInfo) {
  let { user, row } = await useLink(deps, input.token, ['magic_link', 'verify_email'], client);
  if (!user.emailVerifiedAt) user = await repo.updateUser(deps.db, user.id, { emailVerifiedAt: new Date() });
  const session = await signedIn(deps, user, client, row.purpose);
  return { ...session, next: row.next };
}

export async function confirmPasswordReset(deps: Deps, input: { token: string; password: string }, client: ClientInfo) {
  assertAcceptablePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const { user } = await useLink(deps, input.token, ['password_reset'], client);
  assertAcceptablePassword(input.password, 'password', [user.email, user.name]);
  const updated = await repo.updateUser(deps.db, user.id, {
    passwordHash,
    emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
  });
  // A reset ends every session: whoever had the old password is out.
  await repo.deleteSessionsOf(deps.db, user.id);
  await repo.revokeAuthTokensOf(deps.db, user.id);
  await clearFailures(deps.db, `signin:acct:${user.email.toLowerCase()}`);
  await recordActivity(deps.db, { actorId: user.id, verb: 'reset_password', objectType: 'user', objectId: user.id });
  return signedIn(deps, updated, client, 'password_reset');
}

const handleTaken = () => conflict('handle_taken', 'Someone else already uses that handle.', 'handle');

/** Handles are stored lower-case, as people type them after an @. */
function checkHandle(raw: string): string {
  const handle = raw.toLowerCase();
  if (!handlePattern.test(handle)) {
    throw invalid('handle', 'A handle is 2 to 30 letters, digits or underscores.', 'invalid_handle');
  }
  return handle;
}

export async function updateAccount(
  deps: Deps,
  actor: Actor,
  input: { name?: string; email?: string; handle?: string },
) {
  const me = requireUser(actor);
  const current = await repo.findUserById(deps.db, me.id);
  if (!current) throw unauthenticated();
  const emailChanged = input.email !== undefined && input.email !== current.email.toLowerCase();
  if (emailChanged && (await repo.findUserByEmail(deps.db, input.email!))) {
    throw conflict('email_taken', 'Another account uses that email.', 'email');
  }
  const handle = input.handle === undefined ? undefined : checkHandle(input.handle);
  const handleChanged = handle !== undefined && handle !== current.handle;
  if (handleChanged && (await repo.handleTakenByOther(deps.db, handle, me.id))) throw handleTaken();
  const updated = await deps.db.transaction(async (tx) => {
    const row = await repo
      .updateUser(tx, me.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(emailChanged ? { email: input.email } : {}),
        ...(handleChanged ? { handle } : {}),
      })
      .catch((err: unknown) => {
        // Two people racing for one handle: the loser gets the same answer as the check above.
        throw isUniqueViolation(err, 'users_handle_key') ? handleTaken() : err;
      });
    if (emailChanged) await repo.revokeAuthTokensOf(tx, me.id);
    await recordActivity(tx, {
      actorId: me.id,
      verb: 'updated_account',
      objectType: 'user',
      objectId: me.id,
      data: { fields: Object.keys(input) },
    });
    return row;
  });
  if (emailChanged) await deps.mailer.send(authMail.emailChanged(current, input.email!));
  return { user: presentUser(updated) };
}

export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
) {
  const me = requireUser(actor);
  const user = await repo.findUserById(deps.db, me.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError(422, 'wrong_password', 'Your current password is not right.', 'currentPassword');
  }
  assertAcceptablePassword(input.newPassword, 'newPassword', [user.email, user.name]);
  await repo.updateUser(deps.db, me.id, { passwordHash: await hashPassword(input.newPassword) });
  await repo.deleteSessionsOf(deps.db, me.id, actor.sessionId);
  await repo.revokeAuthTokensOf(deps.db, me.id);
  await recordActivity(deps.db, { actorId: me.id, verb: 'changed_password', objectType: 'user', objectId: me.id });
}

export async function listSessions(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  const rows = await repo.listSessions(deps.db, me.id);
  return { items: rows.map((s) => presentSession(s, actor.sessionId)) };
}

export async function endSession(deps: Deps, actor: Actor, id: string) {
  const me = requireUser(actor);
  const deleted = await repo.deleteSession(deps.db, me.id, id);
  if (deleted.length === 0) throw notFound();
}

export async function listApiTokens(deps: Deps, actor: Actor) {
  const me = requireUser(actor);
  return { items: (await repo.listApiTokens(deps.db, me.id)).map(presentApiToken) };
}

export async function createApiToken(deps: Deps, actor: Actor, input: { name: string }) {
  const me = requireUser(actor);
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const row = await repo.insertApiToken(deps.db, {
    userId: me.id,
    name: input.name,
    tokenHash: hashSecret(token),
    prefix: token.slice(0, 10),
  });
  await recordActivity(deps.db, {
    actorId: me.id,
    verb: 'created_api_token',
    objectType: 'api_token',
    objectId: row.id,
  });
  // The only time the token is ever shown.
  return { token, item: presentApiToken(row) };
}

export async function revokeApiToken(deps: Deps, actor: Actor, id: string) {
  const me = requireUser(actor);
  const revoked = await repo.revokeApiToken(deps.db, me.id, id);
  if (revoked.length === 0) throw notFound();
  await recordActivity(deps.db, { actorId: me.id, verb: 'revoked_api_token', objectType: 'api_token', objectId: id });
}

// "Last used" times are a convenience for the owner, not a security record: they are written
// at most once per interval per node, off the request path, so a burst of requests with one
// token does not queue on that token's row lock.
const recentlyTouched = new Map<string, number>();
function touchLater(
  deps: Deps,
  key: string,
  last: Date | null,
  intervalMs: number,
  write: (db: Deps['db']) => Promise<void>,
) {
  const now = Date.now();
  if (last && now - last.getTime() < intervalMs) return;
  if (now - (recentlyTouched.get(key) ?? 0) < intervalMs) return;
  recentlyTouched.set(key, now);
  if (recentlyTouched.size > 10_000) recentlyTouched.clear();
  write(deps.db).catch((err) => deps.logger.warn({ event: 'auth.touch_failed', err }, 'could not record last use'));
}

/** Resolves the caller from a bearer token or a session cookie. */
export async function authenticate(
  deps: Deps,
  credentials: { bearer?: string | null; session?: string | null },
): Promise<Pick<Actor, 'user' | 'sessionId' | 'via'>> {
  if (credentials.bearer) {
    const found = await repo.findApiTokenByHash(deps.db, hashSecret(credentials.bearer));
    if (!found || found.user.disabledAt) throw new AppError(401, 'invalid_token', 'That API token is not valid.');
    touchLater(deps, `t:${found.token.id}`, found.token.lastUsedAt, 60_000, (db) =>
      repo.touchApiToken(db, found.token.id),
    );
    return { user: presentUser(found.user), sessionId: null, via: 'token' };
  }
  if (credentials.session) {
    const found = await repo.findSessionByHash(deps.db, hashSecret(credentials.session));
    if (found && !found.user.disabledAt) {
      touchLater(deps, `s:${found.session.id}`, found.session.lastSeenAt, 5 * 60_000, (db) =>
        repo.touchSession(db, found.session.id),
      );
      return { user: presentUser(found.user), sessionId: found.session.id, via: 'session' };
    }
  }
  return { user: null, sessionId: null, via: 'anonymous' };
}

export async function adminListUsers(deps: Deps, actor: Actor, q?: string) {
  requireAdmin(actor);
  return { items: (await repo.listUsers(deps.db, q)).map(presentAdminUser) };
}

export async function adminSetDisabled(deps: Deps, actor: Actor, id: string, disabled: boolean) {
  const admin = requireAdmin(actor);
  if (admin.id === id) throw invalid('id', 'You cannot disable your own account.', 'cannot_disable_self');
  const user = await repo.findUserById(deps.db, id);
  if (!user) throw notFound();
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, id, { disabledAt: disabled ? new Date() : null });
    // Disabling ends every session and every pending link at once.
    if (disabled) {
      await repo.deleteSessionsOf(tx, id);
      await repo.revokeAuthTokensOf(tx, id);
    }
    await recordActivity(tx, {
      actorId: admin.id,
      verb: disabled ? 'disabled_user' : 'enabled_user',
      objectType: 'user',
      objectId: id,
    });
  });
}
