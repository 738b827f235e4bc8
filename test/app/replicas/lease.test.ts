import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease } from '../../../app/replicas/lease.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';

let redis: RedisServer;
let a: Redis;
let b: Redis;
beforeAll(async () => {
  redis = await startRedis();
  a = new Redis(redis.url);
  b = new Redis(redis.url);
});
afterAll(async () => {
  a.disconnect();
  b.disconnect();
  await redis.kill();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Lease', () => {
  it('is held by one holder at a time, renewed while it asks, and taken by another once it stops asking', async () => {
    const first = new Lease(a, 'redline:lease:test-1', 300, 'replica-a');
    const second = new Lease(b, 'redline:lease:test-1', 300, 'replica-b');
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    // Renewed within its time to live, it stays with the first holder well past one TTL.
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      expect(await first.acquire()).toBe(true);
      expect(await second.acquire()).toBe(false);
    }
    // The first stops (as a replica that died): the lease expires and moves.
    await sleep(400);
    expect(await second.acquire()).toBe(true);
    expect(await first.acquire()).toBe(false);
    expect(await a.get('redline:lease:test-1')).toBe('replica-b');
  });

  it('is given up on release, and a holder that lost it cannot release the new holder’s', async () => {
    const first = new Lease(a, 'redline:lease:test-2', 10_000);
    const second = new Lease(b, 'redline:lease:test-2', 10_000);
    expect(await first.acquire()).toBe(true);
    await first.release();
    expect(await second.acquire()).toBe(true);
    await first.release();
    expect(await a.get('redline:lease:test-2')).toBe(second.holder);
    expect(first.isHeld()).toBe(false);
  });

  it('is held by nobody while Redis is unreachable', async () => {
    const gone = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    gone.on('error', () => {});
    expect(await new Lease(gone, 'redline:lease:test-3', 1000).acquire()).toBe(false);
    gone.disconnect();
  });
});
