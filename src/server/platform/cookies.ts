import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * Cookie names get the `__Host-` prefix over HTTPS, which pins them to this host and path and
 * requires Secure: a sibling subdomain cannot plant or overwrite them.
 */
export const cookieName = (c: Context, base: string) => (c.get('secure') ? `__Host-${base}` : base);

export function readCookie(c: Context, base: string): string | null {
  return getCookie(c, cookieName(c, base)) ?? null;
}

export function writeCookie(
  c: Context,
  base: string,
  value: string,
  options: { maxAgeSeconds: number; httpOnly?: boolean },
) {
  setCookie(c, cookieName(c, base), value, {
    path: '/',
    httpOnly: options.httpOnly ?? true,
    sameSite: 'Lax',
    secure: c.get('secure'),
    maxAge: options.maxAgeSeconds,
  });
}

export function clearCookie(c: Context, base: string) {
  deleteCookie(c, cookieName(c, base), { path: '/', secure: c.get('secure') });
}
