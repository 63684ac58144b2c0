/**
 * Where to go after signing in: only a path on this site. Browsers drop tabs and newlines from
 * URLs and read a backslash as a slash, so "/\t/evil.example" or "/\evil.example" would mean
 * another site; anything with those characters is refused outright.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}

export function withNext(path: string, next: string): string {
  return `${path}?next=${encodeURIComponent(next)}`;
}
