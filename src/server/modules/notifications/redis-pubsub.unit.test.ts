import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisPubSub, type PubSub } from '../../platform/events.js';
import type { Deps } from '../../platform/http.js';
import { announce, channelFor } from './service.js';

/**
 * Several nodes share live notifications through Redis: what one node publishes, a browser
 * stream held by another node receives. Redis runs on this machine and in CI.
 */
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const nodeA = createRedisPubSub(url, logger);
const nodeB = createRedisPubSub(url, logger);
const inspector = new Redis(url);
afterAll(async () => {
  await Promise.all([nodeA.close(), nodeB.close(), inspector.quit()]);
});

const uniqueChannel = () => `test:${randomBytes(6).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function subscribers(channel: string): Promise<number> {
  const [, n] = (await inspector.pubsub('NUMSUB', channel)) as [string, number];
  return Number(n);
}

/** Subscribing is asynchronous on the Redis side: wait until Redis counts the subscription. */
async function waitForSubscribers(channel: string, expected: number) {
  const deadline = Date.now() + 5000;
  while ((await subscribers(channel)) !== expected) {
    if (Date.now() > deadline) throw new Error(`${channel} never had ${expected} subscriber(s)`);
    await sleep(20);
  }
}

async function waitForLength(list: unknown[], length: number) {
  const deadline = Date.now() + 5000;
  while (list.length < length) {
    if (Date.now() > deadline) throw new Error(`only ${list.length} of ${length} messages arrived`);
    await sleep(10);
  }
}

describe('Redis pub/sub between nodes', () => {
  it('delivers what one node publishes to handlers on another, until they unsubscribe', async () => {
    const channel = uniqueChannel();
    const first: unknown[] = [];
    const second: unknown[] = [];
    const offFirst = nodeB.subscribe(channel, (m) => first.push(m));
    const offSecond = nodeB.subscribe(channel, (m) => second.push(m));
    // Two handlers on one node share one Redis subscription.
    await waitForSubscribers(channel, 1);

    await nodeA.publish(channel, { type: 'changed', n: 1 });
    await waitForLength(second, 1);
    expect([first, second]).toEqual([[{ type: 'changed', n: 1 }], [{ type: 'changed', n: 1 }]]);

    offFirst();
    offFirst(); // twice is harmless, and must not drop the other handler's subscription
    await nodeA.publish(channel, { type: 'changed', n: 2 });
    await waitForLength(second, 2);
    expect(first).toHaveLength(1);
    expect(await subscribers(channel)).toBe(1);

    offSecond();
    await waitForSubscribers(channel, 0);
    await nodeA.publish(channel, { type: 'changed', n: 3 });
    await sleep(200);
    expect([first.length, second.length]).toEqual([1, 2]);
  });

  it('carries `announce` to the person’s channel on every node', async () => {
    const userId = randomBytes(8).toString('hex');
    const received: unknown[] = [];
    const off = nodeB.subscribe(channelFor(userId), (m) => received.push(m));
    await waitForSubscribers(channelFor(userId), 1);
    const deps = { events: nodeA as PubSub, logger } as unknown as Deps;
    await announce(deps, [userId, userId]);
    await waitForLength(received, 1);
    await sleep(100);
    expect(received).toEqual([{ type: 'changed' }]);
    off();
  });
});
