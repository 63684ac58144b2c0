import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every refusal the API gives is an AppError with a stable code. Clients branch on `code`,
 * never on `message`.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** Structured particulars a client can show, e.g. the rows of an import at fault. */
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Sign in to continue.');
/** Private things answer exactly like missing ones: same status, same body. */
export const notFound = () => new AppError(404, 'not_found', 'Not found.');
export const forbidden = (message = 'You are not allowed to do that.') => new AppError(403, 'forbidden', message);
export const invalid = (field: string, message: string, code = 'validation') => new AppError(422, code, message, field);
export const conflict = (code: string, message: string, field?: string) => new AppError(409, code, message, field);
export const tooMany = (retryAfterSeconds: number, code = 'rate_limited') =>
  new AppError(429, code, `Too many attempts. Try again in ${retryAfterSeconds} s.`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** The error body shape, for OpenAPI. */
export const errorBodyExample = { error: { code: 'validation', message: 'Name is too long.', field: 'name' } };

/** True for a unique-constraint violation (optionally of one named constraint), on either backend. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return !constraint || !e.constraint || e.constraint === constraint;
  }
  return false;
}
