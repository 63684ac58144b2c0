import { OpenAPIHono, createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { Db } from '../db/client.js';
import type { PubSub } from './events.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mailer.js';
import type { Actor } from './policy.js';

export interface AppConfig {
  publicUrl?: string;
  trustProxy: boolean;
}

export interface Deps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  /** Live messages to open browser streams; in memory, or through Redis when several nodes run. */
  events: PubSub;
  config: AppConfig;
  /** The job runner: `wake()` after committing new jobs so they start at once. */
  jobs: { wake(): void };
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor;
    secure: boolean;
    /** This site's origin as the browser sees it, for links in mail. */
    origin: string;
  };
}

const issueCodes: Record<string, string> = {
  invalid_type: 'invalid_type',
  too_big: 'too_long',
  too_small: 'too_short',
  invalid_value: 'invalid_value',
  invalid_format: 'invalid_format',
  invalid_string: 'invalid_format',
  unrecognized_keys: 'unknown_field',
  invalid_union: 'invalid_type',
  custom: 'validation',
};

/** Whether the value at `path` was absent from the input (zod 4 issues do not carry the input). */
function missingAt(input: unknown, path: PropertyKey[]): boolean {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

/** Maps the first zod issue to our error shape: a stable code plus the field at fault. */
export function validationError(error: ZodError, input?: unknown): AppError {
  const issue = error.issues[0];
  let path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path = [...path, String((issue as { keys: string[] }).keys[0])];
  const field = path.join('.') || undefined;
  const missing =
    issue.code === 'invalid_type' &&
    (input === undefined ? / received undefined$/.test(issue.message) : missingAt(input, issue.path));
  const code = missing ? 'required' : (issueCodes[issue.code] ?? 'validation');
  const message =
    issue.code === 'unrecognized_keys'
      ? `Unknown field "${field}".`
      : missing
        ? `${field ?? 'Value'} is required.`
        : `${field ? `${field}: ` : ''}${issue.message}`;
  return new AppError(400, code, message, field);
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, (result as { data?: unknown }).data);
    },
  });
}

export type Router = ReturnType<typeof createRouter>;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation' }),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .openapi('Error');

const errorResponses = {
  400: { description: 'Malformed input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Missing, or not visible to you', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Refused input', content: { 'application/json': { schema: ErrorSchema } } },
  429: { description: 'Slow down', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteSpec {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: 200 | 201 | 202 | 204;
}

type Nothing = Record<never, never>;
type ParamsOf<P> = P extends z.ZodObject ? { params: P } : Nothing;
type QueryOf<Q> = Q extends z.ZodObject ? { query: Q } : Nothing;
type BodyOf<B> = B extends z.ZodType
  ? { body: { required: true; content: { 'application/json': { schema: B } } } }
  : Nothing;

/** The route as the router sees it: the request schemas stay typed, so `c.req.valid()` is too. */
export type BuiltRoute<S extends RouteSpec> = Omit<RouteConfig, 'request'> & {
  method: S['method'];
  path: S['path'];
  request: ParamsOf<S['params']> & QueryOf<S['query']> & BodyOf<S['body']>;
  getRoutingPath(): string;
};

/** One route definition: zod schemas that validate the request and describe it in OpenAPI. */
export function route<const S extends RouteSpec>(spec: S): BuiltRoute<S> {
  const status = spec.status ?? (spec.response ? 200 : 204);
  return createRoute({
    method: spec.method,
    path: spec.path,
    tags: [spec.tag],
    summary: spec.summary,
    security: [{ cookie: [] }, { bearer: [] }],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: {
      [status]: spec.response
        ? { description: 'OK', content: { 'application/json': { schema: spec.response } } }
        : { description: 'Done' },
      ...errorResponses,
    },
  }) as unknown as BuiltRoute<S>;
}

/** Sends a presented value; presenters are the allowlist, so the value is already safe. */
export function send(c: Context, body: unknown, status: 200 | 201 | 202 = 200) {
  return c.json(body as never, status) as never;
}

/** A body already serialised as JSON, sent as `send` would send the value it was made from. */
export function sendJsonText(c: Context, json: string) {
  return c.body(json, 200, { 'content-type': 'application/json' }) as never;
}

export function noContent(c: Context) {
  return c.body(null, 204) as never;
}

export { z };
