/**
 * Remembers which requests have been acted on, so a replayed or retried delivery is acted on once.
 * The in-process `RecentKeys` is the default; a shared store (Redis) implements the same interface.
 */
export interface SeenRequests {
  /** True the first time `key` is claimed within `ttlMs`; false for a repeat inside that time. */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>;
}

/** A bounded set of recent keys: entries expire after their time to live, and the oldest go first once `max` are held. */
export class RecentKeys implements SeenRequests {
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly max = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  claim(key: string, ttlMs: number): boolean {
    const t = this.now();
    // Insertion order is expiry order (one time to live per caller), so expired keys are at the front.
    for (const [oldest, expires] of this.expiry) {
      if (expires > t && this.expiry.size < this.max) break;
      this.expiry.delete(oldest);
    }
    const expires = this.expiry.get(key);
    if (expires !== undefined && expires > t) return false;
    this.expiry.delete(key);
    this.expiry.set(key, t + ttlMs);
    return true;
  }

  get size(): number {
    return this.expiry.size;
  }
}
