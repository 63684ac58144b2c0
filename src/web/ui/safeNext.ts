import { isLocalPath } from '../../common/next-path';

/** Where to go after signing in: `next` when it is a path on this site, else `fallback`. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  return next && isLocalPath(next) ? next : fallback;
}

export function withNext(path: string, next: string): string {
  return `${path}?next=${encodeURIComponent(next)}`;
}
