import type { Context, MiddlewareHandler } from 'hono';
import { clearCookie, readCookie, writeCookie } from '../../platform/cookies.js';
import { createRouter, noContent, route, send, type AppEnv } from '../../platform/http.js';
import { ensureCsrfToken } from '../../platform/middleware.js';
import { newSecret } from '../../platform/secrets.js';
import * as s from './schema.js';
import * as service from './service.js';

const SESSION_COOKIE = 'cp_session';
const FLOW_COOKIE = 'cp_flow';
const tag = 'Accounts';

/** Resolves the actor for every request: bearer token first, then the session cookie. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authz = c.req.header('authorization');
    const bearer = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null;
    const found = await service.authenticate(c.get('deps'), {
      bearer,
      session: bearer ? null : readCookie(c, SESSION_COOKIE),
    });
    c.set('actor', { ...c.get('actor'), ...found });
    await next();
  };
}

function client(c: Context<AppEnv>): service.ClientInfo {
  return {
    ip: c.get('actor').ip,
    userAgent: c.req.header('user-agent') ?? null,
    flowNonce: readCookie(c, FLOW_COOKIE),
    origin: c.get('origin'),
  };
}

/** Emailed links are bound to the browser that asked, through this cookie. */
function flowClient(c: Context<AppEnv>): service.ClientInfo {
  const info = client(c);
  if (!info.flowNonce) {
    info.flowNonce = newSecret(24);
    writeCookie(c, FLOW_COOKIE, info.flowNonce, { maxAgeSeconds: 3600 });
  }
  return info;
}

function startSession(c: Context<AppEnv>, secret: string) {
  writeCookie(c, SESSION_COOKIE, secret, { maxAgeSeconds: service.SESSION_DAYS * 86_400 });
}

export function accountRoutes() {
  const r = createRouter();

  r.openapi(
    route({ method: 'get', path: '/auth/me', tag, summary: 'Who am I (and a CSRF token)', response: s.MeSchema }),
    async (c) => {
      const deps = c.get('deps');
      return send(c, {
        user: c.get('actor').user,
        csrfToken: ensureCsrfToken(c),
        needsSetup: await service.needsSetup(deps),
      });
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/setup/admin',
      tag,
      summary: 'Create the instance admin (first run only)',
      body: s.SignUpInput,
      response: s.UserEnvelope,
      status: 201,
    }),
    async (c) => {
      const result = await service.setupAdmin(c.get('deps'), c.req.valid('json'), client(c));
      startSession(c, result.secret);
      return send(c, { user: result.user }, 201);
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/signup',
      tag,
      summary: 'Sign up; a confirmation link is emailed',
      body: s.SignUpInput,
      response: s.MessageSchema,
      status: 202,
    }),
    async (c) => send(c, await service.signUp(c.get('deps'), c.req.valid('json'), flowClient(c)), 202),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/signin',
      tag,
      summary: 'Sign in with email and password',
      body: s.SignInInput,
      response: s.UserEnvelope,
    }),
    async (c) => {
      const result = await service.signIn(c.get('deps'), c.req.valid('json'), client(c));
      startSession(c, result.secret);
      return send(c, { user: result.user });
    },
  );

  r.openapi(
    route({ method: 'post', path: '/auth/signout', tag, summary: 'Sign out (ends this session)' }),
    async (c) => {
      await service.signOut(c.get('deps'), c.get('actor'));
      clearCookie(c, SESSION_COOKIE);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/magic-link',
      tag,
      summary: 'Email a sign-in link',
      body: s.EmailInput,
      response: s.MessageSchema,
      status: 202,
    }),
    async (c) => send(c, await service.requestMagicLink(c.get('deps'), c.req.valid('json'), flowClient(c)), 202),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/magic-link/verify',
      tag,
      summary: 'Use a sign-in link',
      body: s.TokenInput,
      response: s.VerifiedSchema,
    }),
    async (c) => {
      const result = await service.verifyMagicLink(c.get('deps'), c.req.valid('json'), client(c));
      startSession(c, result.secret);
      return send(c, { user: result.user, next: result.next });
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/password-reset',
      tag,
      summary: 'Email a password reset link',
      body: s.EmailInput,
      response: s.MessageSchema,
      status: 202,
    }),
    async (c) => send(c, await service.requestPasswordReset(c.get('deps'), c.req.valid('json'), flowClient(c)), 202),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/auth/password-reset/confirm',
      tag,
      summary: 'Choose a new password with a reset link',
      body: s.ResetConfirmInput,
      response: s.UserEnvelope,
    }),
    async (c) => {
      const result = await service.confirmPasswordReset(c.get('deps'), c.req.valid('json'), client(c));
      startSession(c, result.secret);
      return send(c, { user: result.user });
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: '/account',
      tag,
      summary: 'Change my name, email or handle',
      body: s.AccountUpdateInput,
      response: s.UserEnvelope,
    }),
    async (c) => send(c, await service.updateAccount(c.get('deps'), c.get('actor'), c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/account/password',
      tag,
      summary: 'Change my password (ends my other sessions)',
      body: s.PasswordChangeInput,
    }),
    async (c) => {
      await service.changePassword(c.get('deps'), c.get('actor'), c.req.valid('json'));
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/account/sessions',
      tag,
      summary: 'My sessions',
      response: s.items(s.SessionSchema),
    }),
    async (c) => send(c, await service.listSessions(c.get('deps'), c.get('actor'))),
  );

  r.openapi(
    route({
      method: 'delete',
      path: '/account/sessions/{id}',
      tag,
      summary: 'End one of my sessions',
      params: s.IdParam,
    }),
    async (c) => {
      await service.endSession(c.get('deps'), c.get('actor'), c.req.valid('param').id);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/account/tokens',
      tag,
      summary: 'My API tokens',
      response: s.items(s.ApiTokenSchema),
    }),
    async (c) => send(c, await service.listApiTokens(c.get('deps'), c.get('actor'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/account/tokens',
      tag,
      summary: 'Create an API token (shown once)',
      body: s.ApiTokenInput,
      response: s.z.object({ token: s.z.string(), item: s.ApiTokenSchema }),
      status: 201,
    }),
    async (c) => send(c, await service.createApiToken(c.get('deps'), c.get('actor'), c.req.valid('json')), 201),
  );

  r.openapi(
    route({ method: 'delete', path: '/account/tokens/{id}', tag, summary: 'Revoke an API token', params: s.IdParam }),
    async (c) => {
      await service.revokeApiToken(c.get('deps'), c.get('actor'), c.req.valid('param').id);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: '/admin/users',
      tag: 'Admin',
      summary: 'All accounts (instance admin)',
      query: s.z.object({ q: s.z.string().max(200).optional() }),
      response: s.items(s.AdminUserSchema),
    }),
    async (c) => send(c, await service.adminListUsers(c.get('deps'), c.get('actor'), c.req.valid('query').q)),
  );

  for (const action of ['disable', 'enable'] as const) {
    r.openapi(
      route({
        method: 'post',
        path: `/admin/users/{id}/${action}`,
        tag: 'Admin',
        summary: `${action === 'disable' ? 'Disable' : 'Enable'} an account`,
        params: s.IdParam,
      }),
      async (c) => {
        await service.adminSetDisabled(c.get('deps'), c.get('actor'), c.req.valid('param').id, action === 'disable');
        return noContent(c);
      },
    );
  }

  return r;
}
