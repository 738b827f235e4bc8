import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Renews the lease only while this holder still has it (a holder that lost it must not extend another's). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Gives the lease up only while this holder still has it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lease in Redis: at most one replica holds `key` at a time (`SET key holder NX PX ttl`). The
 * holder renews it by calling `acquire` again within `ttlMs`; when it dies, the lease expires and
 * the next replica to ask takes it. Redis unreachable: nobody holds it (`acquire` answers false).
 */
export class Lease {
  private held = false;

  constructor(
    private readonly client: Redis,
    readonly key: string,
    readonly ttlMs: number,
    /** Who holds it: unique per process (and per lease user within it). */
    readonly holder: string = randomUUID(),
  ) {}

  /** Takes the lease when it is free, or renews it when this holder has it; true while held. */
  async acquire(): Promise<boolean> {
    try {
      if ((await this.client.set(this.key, this.holder, 'PX', this.ttlMs, 'NX')) === 'OK') return (this.held = true);
      this.held = Number(await this.client.eval(RENEW, 1, this.key, this.holder, String(this.ttlMs))) === 1;
    } catch {
      this.held = false;
    }
    return this.held;
  }

  /** Whether the last `acquire` found it held (it may have expired since, if not renewed within `ttlMs`). */
  isHeld(): boolean {
    return this.held;
  }

  /** Gives it up now (on a clean stop), so another replica need not wait for it to expire. */
  async release(): Promise<void> {
    this.held = false;
    try {
      await this.client.eval(RELEASE, 1, this.key, this.holder);
    } catch {
      // It expires by itself.
    }
  }
}
