import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { AppError } from '../../platform/errors.js';
import { ErrorSchema, z, type AppEnv } from '../../platform/http.js';
import { requireUser } from '../../platform/policy.js';
import * as service from './service.js';

/** Proxies close idle connections after a minute or so; a comment every 25 s keeps it open. */
export const PING_MS = 25_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 5_000;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const streamRoute = createRoute({
  method: 'get',
  path: '/notifications/stream',
  tags: ['Notifications'],
  summary: 'Live notifications (Server-Sent Events)',
  description:
    'Send `Accept: text/event-stream`. Events: `unread` with `{"unreadCount":n}` on connect and after every change; ' +
    '`notification` with a Notification for each new one; a `: ping` comment every 25 s.',
  security: [{ cookie: [] }, { bearer: [] }],
  responses: {
    200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: z.string() } } },
    401: json(ErrorSchema, 'Not signed in'),
    406: json(ErrorSchema, 'The client did not ask for text/event-stream'),
  },
});

/** Ends every open stream, so a shutting-down server is not held open by browsers listening. */
const openStreams = new Set<() => void>();
export function closeAllStreams(): void {
  for (const close of openStreams) close();
}

const acceptsEventStream = (accept: string | undefined) => !!accept && /\btext\/event-stream\b/i.test(accept);

/**
 * One open stream per browser tab. A message on the person's channel only says "something
 * changed"; what changed is read from the database, so a lost message costs nothing but a late
 * badge, and the visibility rule is the same as for the list.
 */
export async function notificationStream(c: Context<AppEnv>) {
  const deps = c.get('deps');
  const actor = c.get('actor');
  const me = requireUser(actor);
  // Content negotiation also keeps a plain GET (a script, an API walker) from hanging forever.
  if (!acceptsEventStream(c.req.header('accept'))) {
    throw new AppError(
      406,
      'not_acceptable',
      'This endpoint sends text/event-stream: ask for it in the Accept header.',
    );
  }
  return streamSSE(c, async (stream: SSEStreamingApi) => {
    let closed = false;
    let changed = false;
    let wake: (() => void) | null = null;
    const unsubscribe = deps.events.subscribe(service.channelFor(me.id), (message) => {
      if ((message as { type?: unknown } | null)?.type !== 'changed') return;
      changed = true;
      wake?.();
    });
    const stop = () => {
      closed = true;
      unsubscribe();
      wake?.();
    };
    stream.onAbort(stop);
    openStreams.add(stop);
    const send = (event: string, data: unknown, id?: string) =>
      stream.writeSSE({ event, data: JSON.stringify(data), ...(id ? { id } : {}) });
    try {
      const start = await service.streamStart(deps, actor);
      let lastId = start.lastId;
      await stream.writeSSE({
        event: 'unread',
        data: JSON.stringify({ unreadCount: start.unreadCount }),
        retry: RETRY_MS,
      });
      let nextPing = Date.now() + PING_MS;
      while (!closed) {
        if (changed) {
          changed = false;
          const update = await service.streamSince(deps, actor, lastId);
          for (const n of update.items) await send('notification', n, n.id);
          lastId = update.lastId;
          changed ||= update.more;
          await send('unread', { unreadCount: update.unreadCount });
          continue;
        }
        const wait = nextPing - Date.now();
        if (wait <= 0) {
          await stream.write(': ping\n\n');
          nextPing = Date.now() + PING_MS;
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } catch (err) {
      // Never an `event: error` with our internals in it: the browser just reconnects.
      deps.logger.warn({ event: 'notifications.stream_failed', err }, 'a notification stream stopped');
    } finally {
      closed = true;
      openStreams.delete(stop);
      unsubscribe();
    }
  });
}
