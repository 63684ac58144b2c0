import { AppError } from './errors.js';

/**
 * Keyset page cursors: the sort key of the last row shown, opaque to clients (base64url JSON)
 * and checked on the way back in. Every listing pages the same way and refuses a bad cursor
 * with the same error.
 */
export const invalidCursor = () => new AppError(400, 'invalid_cursor', 'That page cursor is not valid.', 'cursor');

export const encodeCursor = (parts: readonly unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** Decodes a cursor and hands its parts to `read`, which returns the key or null when they are not one. */
export function decodeCursor<T>(cursor: string, read: (parts: unknown[]) => T | null): T {
  let key: T | null = null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts)) key = read(parts);
  } catch {
    // Falls through to the same refusal as a well-formed but wrong cursor.
  }
  if (key === null) throw invalidCursor();
  return key;
}

/** The first `limit` rows and the cursor after them, from a query asked for one row more. */
export function paginate<T>(rows: T[], limit: number, cursorOf: (last: T) => string) {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null };
}
