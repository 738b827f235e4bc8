import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { LongQueries } from '../../src/chat/button-state.js';

/** Where every replica finds a long query one of them kept: `SharedState` over Redis. */
export interface SharedQueries {
  keepQuery(key: string, text: string): void;
  findQuery(key: string): Promise<string | undefined>;
}

/** How many long queries a process keeps itself (at most 400 characters each: under 8 MB). */
export const LONG_QUERIES_MAX = 10_000;
/** How long a click waits for Redis to find a query before it answers the query as cut. */
const FIND_WAIT_MS = 500;

/**
 * Queries too long for a Discord button, kept for its clicks: the `max` most recently used in
 * process and, with Redis, in the store every replica reads (each for a week). A query's key is
 * its hash, so every replica and every render gives a query the same key and button.
 */
export class KeptQueries implements LongQueries {
  private readonly local: LRUCache<string, string>;

  constructor(
    private readonly shared?: SharedQueries,
    max = LONG_QUERIES_MAX,
  ) {
    this.local = new LRUCache({ max });
  }

  keep(text: string): string {
    const key = createHash('sha256').update(text).digest('base64url').slice(0, 16);
    // Written to Redis when first kept here: a reply's five buttons share one query.
    const had = this.local.has(key);
    this.local.set(key, text);
    if (!had) this.shared?.keepQuery(key, text);
    return key;
  }

  async find(key: string): Promise<string | undefined> {
    const text = this.local.get(key);
    if (text !== undefined) return text;
    if (!this.shared) return undefined;
    const found = await within(this.shared.findQuery(key), FIND_WAIT_MS);
    if (found !== undefined) this.local.set(key, found);
    return found;
  }

  get size(): number {
    return this.local.size;
  }
}

/** The promise's value, or undefined when it fails or takes longer than `ms`. */
function within<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([promise.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}
