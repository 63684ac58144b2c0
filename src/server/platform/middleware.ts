import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from './errors.js';
import type { AppEnv, Deps } from './http.js';
import { newSecret } from './secrets.js';
import { readCookie, writeCookie } from './cookies.js';

/** Works out whether the request came over HTTPS, and the caller's address. */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const forwardedProto = deps.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const secure = url.protocol === 'https:' || forwardedProto === 'https';
    c.set('secure', secure);
    const host = (deps.config.trustProxy && c.req.header('x-forwarded-host')) || c.req.header('host') || url.host;
    c.set('origin', deps.config.publicUrl?.replace(/\/$/, '') ?? `${secure ? 'https' : 'http'}://${host}`);
    c.set('deps', deps);
    let ip = '127.0.0.1';
    if (deps.config.trustProxy && c.req.header('x-forwarded-for')) {
      ip = c.req.header('x-forwarded-for')!.split(',')[0].trim();
    } else {
      try {
        ip = getConnInfo(c).remote.address ?? ip;
      } catch {
        // app.request() in tests has no socket.
      }
    }
    c.set('actor', { user: null, sessionId: null, via: 'anonymous', ip });
    await next();
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine writes style attributes and tags at run time; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (c.get('secure')) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // Anything from the API can be personal; static assets set their own caching.
    if (c.req.path.startsWith('/api/') && c.req.path !== '/api/openapi.json' && !h.has('Cache-Control')) {
      h.set('Cache-Control', 'private, no-store');
    }
  };
}

export const CSRF_COOKIE = 'cp_csrf';
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Gives every browser a CSRF token (double-submit cookie) if it has none yet. */
export function ensureCsrfToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const existing = readCookie(c, CSRF_COOKIE);
  if (existing) return existing;
  const token = newSecret(24);
  writeCookie(c, CSRF_COOKIE, token, { maxAgeSeconds: 365 * 86_400, httpOnly: false });
  return token;
}

/**
 * Writes from a browser must echo the CSRF cookie in a header (a cross-site page can do
 * neither) and, when the browser says where it comes from, come from this origin.
 * Requests with a bearer token carry no ambient credentials and need neither.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!unsafe.has(c.req.method) || c.req.header('authorization')?.startsWith('Bearer ')) return next();
    // One-click unsubscribes (RFC 8058) are posted by mail providers, with neither cookie nor
    // header: the signed token in the address is the whole authority, and no session is used.
    if (c.req.path.startsWith('/api/v1/unsubscribe/')) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== c.get('origin')) {
      throw new AppError(403, 'csrf', 'This request came from another site.');
    }
    const cookie = readCookie(c, CSRF_COOKIE);
    const header = c.req.header('x-csrf-token');
    if (!cookie || !header || cookie !== header) {
      throw new AppError(403, 'csrf', 'Missing or wrong CSRF token: reload the page and try again.');
    }
    return next();
  };
}
