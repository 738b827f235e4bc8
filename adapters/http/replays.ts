import type { SeenRequests } from '../../src/service/recent.js';

/**
 * Which deliveries were acted on: a platform retries a request it thinks was lost, and the same
 * signed request must be acted on once, here or on any replica sharing the store.
 */
export class Replays {
  constructor(
    private readonly seen: SeenRequests,
    private readonly windowMs: number,
  ) {}

  /** True the first time `key` is seen within the replay window. */
  async first(key: string): Promise<boolean> {
    return this.seen.claim(key, this.windowMs);
  }
}
