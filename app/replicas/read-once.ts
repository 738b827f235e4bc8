import type { Redis } from 'ioredis';

/**
 * One read from Redis for a command-line report (`gaps`, `sources`): connects without retrying or
 * queueing, reads, disconnects. `{ value }` when Redis answered, undefined when it did not.
 */
export async function readRedisOnce<T>(url: string, read: (client: Redis) => Promise<T>): Promise<{ value: T } | undefined> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return { value: await read(client) };
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}
