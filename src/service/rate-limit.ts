/** How many requests one key (a platform user) may make in a window of time. */
export interface RateLimit {
  count: number;
  seconds: number;
}

/** Says, for a key, how many seconds it must wait before its next request is served (0: serve it now). */
export type RateLimiter = (key: string) => number;

/**
 * A sliding-window limiter kept in memory: per key, the times of its last `count` requests; the
 * oldest says when a slot frees up. Idle keys are pruned once there are many of them.
 */
export function createRateLimiter({ count, seconds }: RateLimit, now: () => number): RateLimiter {
  const recent = new Map<string, number[]>();
  const windowMs = seconds * 1000;
  let lastPrune = 0;
  return (key) => {
    const t = now();
    const times = recent.get(key) ?? [];
    if (times.length >= count && times[0]! > t - windowMs) return Math.max(1, Math.ceil((times[0]! + windowMs - t) / 1000));
    times.push(t);
    if (times.length > count) times.shift();
    recent.set(key, times);
    if (recent.size > 10_000 && t - lastPrune > windowMs) {
      lastPrune = t;
      for (const [k, v] of recent) if (v[v.length - 1]! <= t - windowMs) recent.delete(k);
    }
    return 0;
  };
}
