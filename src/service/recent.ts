import { LRUCache } from 'lru-cache';

/**
 * Remembers which requests have been acted on, so a replayed or retried delivery is acted on once.
 * The in-process `RecentKeys` is the default; a shared store (Redis) implements the same interface.
 */
export interface SeenRequests {
  /** True the first time `key` is claimed within `ttlMs`; false for a repeat inside that time. */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>;
}

/** A bounded set of recent keys: entries expire after their time to live, and the least recently claimed go first once `max` are held. */
export class RecentKeys implements SeenRequests {
  private readonly keys: LRUCache<string, true>;

  /** `now` is the clock in milliseconds (the shell passes `Date.now`). */
  constructor(now: () => number, max = 100_000) {
    this.keys = new LRUCache<string, true>({ max, ttlResolution: 0, perf: { now } });
  }

  claim(key: string, ttlMs: number): boolean {
    if (this.keys.has(key)) return false;
    this.keys.set(key, true, { ttl: ttlMs });
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}
