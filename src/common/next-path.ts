/**
 * Whether a redirect target after sign-in is a path on this site. Browsers drop tabs and
 * newlines from URLs and read a backslash as a slash, so "//evil.example", "/\evil.example" and
 * "/<tab>/evil.example" all lead elsewhere; any of those characters is refused outright.
 * The server validates `next` with this and the web app follows only what passes it.
 */
export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(path);
}
