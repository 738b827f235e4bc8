import type { Redis } from 'ioredis';
import type { Arrival } from '../../src/briefings/digest.js';
import type { WatchChannel } from '../../src/briefings/watches.js';
import type { Logger } from '../../src/log.js';
import { DONE_TTL_MS, type BriefingStore, type SavedWatch } from './store.js';

/** Keys of the briefings' state in Redis, under the project's prefix. */
export const BRIEFING_KEYS = {
  watches: 'redline:watches',
  known: 'redline:documents:known',
  arrivals: 'redline:documents:arrived',
  lastDigest: 'redline:digest:last',
  claims: 'redline:post:',
} as const;

// Atomic, so that two replicas noting the same new document (or claiming the same posts) split nothing:
// one of them sees each document arrive, one claims each post.
const NOTE_DOCUMENTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 2, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
  return {}
end
local fresh = {}
for i = 2, #ARGV do
  if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then
    redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[1])
    table.insert(fresh, ARGV[i])
  end
end
return fresh`;
const EXTEND = `if redis.call('GET', KEYS[1]) == 'claimed' then return redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return 0`;
const CLAIM = `
local got = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, 'claimed', 'PX', ARGV[1], 'NX') then table.insert(got, key) end
end
return got`;

/**
 * The briefings' state shared through Redis. Watches are kept in memory too (the service reads
 * them at once) and reloaded when any replica changes them. While Redis is away nothing is
 * claimed, so nothing is posted twice; the posts wait for it.
 */
export class RedisBriefingStore implements BriefingStore {
  private mirror: SavedWatch[] = [];
  private readonly subscriber: Redis;

  private constructor(
    private readonly client: Redis,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.subscriber = client.duplicate();
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', () => void this.refresh());
    this.subscriber.on('ready', () => void this.subscriber.subscribe(BRIEFING_KEYS.watches).catch(() => {}));
  }

  static async open(client: Redis, log: Logger, now: () => number = Date.now): Promise<RedisBriefingStore> {
    const store = new RedisBriefingStore(client, log, now);
    await store.refresh();
    return store;
  }

  topics(channel: WatchChannel): string[] {
    return this.mirror.filter((w) => w.platform === channel.platform && w.id === channel.id).map((w) => w.topic);
  }

  add(channel: WatchChannel, topic: string): boolean {
    if (this.topics(channel).includes(topic)) return false;
    const watch: SavedWatch = { platform: channel.platform, id: channel.id, topic, since: this.now() };
    this.mirror.push(watch);
    this.write(this.client.hsetnx(BRIEFING_KEYS.watches, fieldOf(watch), String(watch.since)), 'saving a watch');
    return true;
  }

  remove(channel: WatchChannel, topic: string): boolean {
    const watch = this.mirror.find((w) => w.platform === channel.platform && w.id === channel.id && w.topic === topic);
    if (!watch) return false;
    this.mirror = this.mirror.filter((w) => w !== watch);
    this.write(this.client.hdel(BRIEFING_KEYS.watches, fieldOf(watch)), 'removing a watch');
    return true;
  }

  watches(): SavedWatch[] {
    return [...this.mirror];
  }

  async noteDocuments(ids: readonly string[], at: number): Promise<Arrival[]> {
    if (!ids.length) return [];
    const fresh = (await this.client.eval(
      NOTE_DOCUMENTS,
      2,
      BRIEFING_KEYS.known,
      BRIEFING_KEYS.arrivals,
      String(at),
      ...new Set(ids),
    )) as string[];
    if (!fresh.length) return [];
    const times = await this.client.hmget(BRIEFING_KEYS.arrivals, ...fresh);
    return fresh.map((documentId, i) => ({ documentId, at: Number(times[i] ?? at) }));
  }

  async arrivals(since: number): Promise<Arrival[]> {
    const all = await this.client.hgetall(BRIEFING_KEYS.arrivals);
    const old = Object.entries(all)
      .filter(([, at]) => Number(at) < this.now() - DONE_TTL_MS)
      .map(([id]) => id);
    if (old.length) await this.client.hdel(BRIEFING_KEYS.arrivals, ...old).catch(() => 0);
    return Object.entries(all)
      .map(([documentId, at]) => ({ documentId, at: Number(at) }))
      .filter((a) => a.at > since);
  }

  async knows(id: string): Promise<boolean | undefined> {
    if (!(await this.client.exists(BRIEFING_KEYS.known))) return undefined;
    return (await this.client.sismember(BRIEFING_KEYS.known, id)) === 1;
  }

  async lastDigest(channel: string): Promise<number | undefined> {
    const at = await this.client.hget(BRIEFING_KEYS.lastDigest, channel);
    return at === null ? undefined : Number(at);
  }

  async setLastDigest(channel: string, at: number, onlyIfAbsent = false): Promise<void> {
    if (onlyIfAbsent) await this.client.hsetnx(BRIEFING_KEYS.lastDigest, channel, String(at));
    else await this.client.hset(BRIEFING_KEYS.lastDigest, channel, String(at));
  }

  async claim(keys: readonly string[], ttlMs: number): Promise<string[]> {
    if (!keys.length) return [];
    try {
      const got = (await this.client.eval(CLAIM, keys.length, ...keys.map((k) => BRIEFING_KEYS.claims + k), String(ttlMs))) as string[];
      return got.map((k) => k.slice(BRIEFING_KEYS.claims.length));
    } catch {
      return [];
    }
  }

  async extend(keys: readonly string[], ttlMs: number): Promise<void> {
    if (!keys.length) return;
    const batch = this.client.multi();
    // Only a claim still there, and only a claim: a key already done keeps its longer life.
    for (const key of keys) batch.eval(EXTEND, 1, BRIEFING_KEYS.claims + key, String(ttlMs));
    await batch.exec();
  }

  async finish(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    const batch = this.client.multi();
    for (const key of keys) batch.set(BRIEFING_KEYS.claims + key, 'done', 'PX', DONE_TTL_MS);
    await batch.exec();
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length) await this.client.del(...keys.map((k) => BRIEFING_KEYS.claims + k)).catch(() => 0);
  }

  async refresh(): Promise<void> {
    try {
      const all = await this.client.hgetall(BRIEFING_KEYS.watches);
      this.mirror = Object.entries(all).flatMap(([field, since]) => {
        const parsed = parseField(field);
        return parsed ? [{ ...parsed, since: Number(since) }] : [];
      });
    } catch (error) {
      this.log.debug({ err: { message: (error as Error).message } }, 'briefings: could not read the watches from redis');
    }
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => {});
  }

  /** A change written through, then announced so every replica reloads the watches. */
  private write(change: Promise<unknown>, what: string): void {
    change
      .then(() => this.client.publish(BRIEFING_KEYS.watches, '1'))
      .catch((error: unknown) => this.log.warn({ err: { message: (error as Error).message } }, `briefings: ${what} in redis failed`));
  }
}

function fieldOf(watch: SavedWatch): string {
  return JSON.stringify([watch.platform, watch.id, watch.topic]);
}

function parseField(field: string): Omit<SavedWatch, 'since'> | undefined {
  try {
    const [platform, id, topic] = JSON.parse(field) as [unknown, unknown, unknown];
    return (platform === 'slack' || platform === 'discord') && typeof id === 'string' && typeof topic === 'string'
      ? { platform, id, topic }
      : undefined;
  } catch {
    return undefined;
  }
}
