import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Live messages between the parts of the app and the browsers listening on Server-Sent Events.
 * One node keeps them in memory; several nodes share them through Redis pub/sub (`REDIS_URL`).
 * Messages are hints to refresh ("you have 3 unread"): anything durable is in the database
 * first, so a message lost while a node restarts costs nothing but a late badge.
 */
export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` for every message on `channel` until the returned function is called. */
  subscribe(channel: string, handler: (message: unknown) => void): () => void;
  close(): Promise<void>;
}

export function createLocalPubSub(): PubSub {
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    async publish(channel, message) {
      bus.emit(channel, message);
    },
    subscribe(channel, handler) {
      bus.on(channel, handler);
      return () => bus.off(channel, handler);
    },
    async close() {
      bus.removeAllListeners();
    },
  };
}

export function createRedisPubSub(url: string, logger: Logger): PubSub {
  const options = { maxRetriesPerRequest: 2, lazyConnect: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [role, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (err) => logger.warn({ event: 'pubsub.error', role, err }, 'Redis connection problem'));
  }
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const counts = new Map<string, number>();
  subscriber.on('message', (channel: string, raw: string) => {
    try {
      local.emit(channel, JSON.parse(raw));
    } catch (err) {
      logger.warn({ event: 'pubsub.bad_message', channel, err }, 'ignored a message that is not JSON');
    }
  });
  return {
    async publish(channel, message) {
      await publisher.publish(channel, JSON.stringify(message));
    },
    subscribe(channel, handler) {
      local.on(channel, handler);
      const n = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, n);
      if (n === 1) subscriber.subscribe(channel).catch(() => undefined);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        local.off(channel, handler);
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) counts.set(channel, left);
        else {
          counts.delete(channel);
          subscriber.unsubscribe(channel).catch(() => undefined);
        }
      };
    },
    async close() {
      local.removeAllListeners();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

export function createPubSub(options: { redisUrl?: string; logger: Logger }): PubSub {
  return options.redisUrl ? createRedisPubSub(options.redisUrl, options.logger) : createLocalPubSub();
}
