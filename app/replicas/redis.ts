import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../../src/log.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from '../../src/service/rate-limit.js';
import { RecentKeys, type SeenRequests } from '../../src/service/recent.js';
import { UNASKED_LIMITS, type FeedbackEntry, type LimitKind, type Limiters } from '../../src/service/service.js';
import { cleanFeedbackEntry, type FeedbackLog } from '../feedback/log.js';

/** Keys and channels in Redis, all under one prefix so several bots can share an instance. */
export const REDIS_KEYS = {
  seen: 'redline:seen:',
  limits: 'redline:limit:',
  feedback: 'redline:feedback',
  corpus: 'redline:corpus',
  queries: 'redline:query:',
  daily: 'redline:daily:',
} as const;

/** How long Redis keeps a day's counts: the operator page shows 30 days. */
export const DAILY_TTL_SECONDS = 40 * 24 * 3600;

/** How long Redis keeps a query too long for a Discord button: a week of clicks on its answer. */
export const QUERY_TTL_SECONDS = 7 * 24 * 3600;

export interface SharedOptions {
  url: string;
  log: Logger;
  /** The per-process limits, used as they are without Redis and as the fallback while it is down (unasked answers: `UNASKED_LIMITS` unless given). */
  limits: Record<'ask' | 'autocomplete', RateLimit> & Partial<Record<LimitKind, RateLimit>>;
  /** The local feedback log: where entries go while Redis is down. */
  localFeedback: FeedbackLog;
  /** The feedback stream is trimmed to about this many entries. */
  streamMax: number;
}

/**
 * The state replicas share through Redis: request de-duplication, per-user limits
 * (rate-limiter-flexible), the feedback stream, the corpus version and the queries too long for
 * a Discord button. Redis down: logged once,
 * each part falls back to its per-process version, and ioredis reconnects by itself.
 */
export class SharedState {
  readonly seen: SeenRequests;
  readonly limiters: Limiters;
  private up = false;
  private warned = false;
  private readonly localSeen = new RecentKeys(Date.now);
  private readonly subscriber: Redis;
  private readonly corpusListeners: Array<(version: string) => void> = [];

  private constructor(
    /** The connection, for parts that keep their own keys (sources followed, leases). */
    readonly client: Redis,
    private readonly options: SharedOptions,
    stores: Record<LimitKind, RateLimiterAbstract>,
  ) {
    this.seen = { claim: (key, ttlMs) => this.claim(key, ttlMs) };
    this.limiters = preparedLimiters(stores, { ...UNASKED_LIMITS, ...options.limits });
    client.on('ready', () => this.mark(true));
    client.on('error', () => this.mark(false));
    client.on('end', () => this.mark(false));
    client.on('close', () => this.mark(false));
    this.subscriber = client.duplicate();
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, version: string) => {
      for (const listener of this.corpusListeners) listener(version);
    });
    // Without an offline queue a subscribe before the connection is up fails: subscribe on each (re)connect.
    this.subscriber.on('ready', () => void this.subscriber.subscribe(REDIS_KEYS.corpus).catch(() => {}));
  }

  /** Connects (waiting at most `waitMs` for Redis; start-up goes on without it) and builds the shared parts. */
  static async connect(options: SharedOptions, waitMs = 2000): Promise<SharedState> {
    const { Redis } = await import('ioredis');
    const { RateLimiterMemory, RateLimiterRedis } = await import('rate-limiter-flexible');
    const client = new Redis(options.url, {
      // Commands fail at once while Redis is away (each part falls back), instead of queueing.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    });
    const limits: Record<LimitKind, RateLimit> = { ...UNASKED_LIMITS, ...options.limits };
    const store = (kind: LimitKind) => {
      const { count, seconds } = limits[kind];
      return new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${REDIS_KEYS.limits}${kind}`,
        points: count,
        duration: seconds,
        rejectIfRedisNotReady: true,
        // While Redis is down each process counts on its own (the limit per replica).
        insuranceLimiter: new RateLimiterMemory({ points: count, duration: seconds }),
      });
    };
    const kinds = Object.keys(limits) as LimitKind[];
    const shared = new SharedState(
      client,
      { ...options, limits },
      Object.fromEntries(kinds.map((kind) => [kind, store(kind)])) as unknown as Record<LimitKind, RateLimiterAbstract>,
    );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      const done = () => (clearTimeout(timer), resolve());
      client.once('ready', done);
      client.once('error', done);
    });
    if (!shared.up) shared.mark(false);
    return shared;
  }

  /** The connection itself, for parts that keep their own keys (the briefings' store). */
  get connection(): Redis {
    return this.client;
  }

  /** `ok` while Redis answers; `down` while the per-process fallbacks serve. */
  status(): 'ok' | 'down' {
    return this.up ? 'ok' : 'down';
  }

  /** Appends a feedback entry to the shared stream, or to the local log while Redis is down. */
  appendFeedback(entry: FeedbackEntry): void {
    const clean = cleanFeedbackEntry(entry);
    if (!clean || !this.up) return this.options.localFeedback.append(entry);
    this.client
      .xadd(REDIS_KEYS.feedback, 'MAXLEN', '~', String(this.options.streamMax), '*', 'e', JSON.stringify(clean))
      .catch(() => this.options.localFeedback.append(entry));
  }

  /** Keeps a query too long for a Discord button where every replica finds it (see `KeptQueries`); nothing while Redis is down. */
  keepQuery(key: string, text: string): void {
    if (this.up) this.client.set(`${REDIS_KEYS.queries}${key}`, text, 'EX', QUERY_TTL_SECONDS).catch(() => {});
  }

  /** The query a replica kept under `key`; undefined when none is, or while Redis is down. */
  async findQuery(key: string): Promise<string | undefined> {
    if (!this.up) return undefined;
    try {
      return (await this.client.get(`${REDIS_KEYS.queries}${key}`)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Adds one to a day's count (`redline:daily:YYYY-MM-DD`, a hash per day); false while Redis is down (the caller counts locally). */
  countDay(day: string, field: string): boolean {
    if (!this.up) return false;
    this.client
      .multi()
      .hincrby(`${REDIS_KEYS.daily}${day}`, field, 1)
      .expire(`${REDIS_KEYS.daily}${day}`, DAILY_TTL_SECONDS)
      .exec()
      .catch(() => this.options.log.warn({ day, field }, 'redis: a daily count was lost'));
    return true;
  }

  /** Every replica's counts of these days (in their order); undefined while Redis is down. */
  async readDays(days: string[]): Promise<Array<Record<string, number>> | undefined> {
    if (!this.up) return undefined;
    const pipeline = this.client.pipeline();
    for (const day of days) pipeline.hgetall(`${REDIS_KEYS.daily}${day}`);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) =>
      error ? {} : Object.fromEntries(Object.entries((value ?? {}) as Record<string, string>).map(([k, v]) => [k, Number(v)])),
    );
  }

  /** Tells every replica which corpus version this one now serves. */
  publishCorpus(version: string): void {
    if (this.up) this.client.publish(REDIS_KEYS.corpus, version).catch(() => {});
  }

  /** Calls `listener` with each corpus version a replica announces. */
  onCorpus(listener: (version: string) => void): void {
    this.corpusListeners.push(listener);
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('close').removeAllListeners('end');
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }

  private async claim(key: string, ttlMs: number): Promise<boolean> {
    if (!this.up) return this.localSeen.claim(key, ttlMs);
    try {
      return (await this.client.set(`${REDIS_KEYS.seen}${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch {
      return this.localSeen.claim(key, ttlMs);
    }
  }

  private mark(up: boolean): void {
    const { log } = this.options;
    if (up) {
      if (!this.up) log.info('redis: connected; rate limits, de-duplication and feedback are shared');
      [this.up, this.warned] = [true, false];
      return;
    }
    this.up = false;
    if (this.warned) return;
    this.warned = true;
    log.warn('redis: unreachable; falling back to per-process limits, de-duplication and the local feedback log (reconnecting)');
  }
}

/**
 * Limiters whose answer for a user is looked up in the shared store just before the request
 * (`prepare`); a request that was not prepared (the gateway, a test) is counted in process.
 */
function preparedLimiters(stores: Record<LimitKind, RateLimiterAbstract>, limits: Record<LimitKind, RateLimit>): Limiters {
  const decided = new Map<string, Array<{ wait: number; at: number }>>();
  const fresh = 5000;
  const local = Object.fromEntries(Object.entries(limits).map(([kind, limit]) => [kind, createRateLimiter(limit, Date.now)])) as Record<
    LimitKind,
    RateLimiter
  >;
  const take =
    (kind: LimitKind): RateLimiter =>
    (key) => {
      const queue = decided.get(`${kind}|${key}`);
      const next = queue?.shift();
      if (queue && !queue.length) decided.delete(`${kind}|${key}`);
      return next && Date.now() - next.at < fresh ? next.wait : local[kind](key);
    };
  return {
    ask: take('ask'),
    autocomplete: take('autocomplete'),
    'unasked-channel': take('unasked-channel'),
    'unasked-user': take('unasked-user'),
    async prepare(kind, key) {
      let wait = 0;
      try {
        await stores[kind].consume(key);
      } catch (refused) {
        const ms = (refused as { msBeforeNext?: number }).msBeforeNext;
        wait = typeof ms === 'number' ? Math.max(1, Math.ceil(ms / 1000)) : local[kind](key);
      }
      if (decided.size > 10_000) for (const [k, q] of decided) if (Date.now() - q[q.length - 1]!.at >= fresh) decided.delete(k);
      const queue = decided.get(`${kind}|${key}`) ?? [];
      queue.push({ wait, at: Date.now() });
      decided.set(`${kind}|${key}`, queue);
    },
  };
}

const versions = new WeakMap<object, string>();

/** A version of a corpus's content (its passages), the same on every replica that loaded the same files. */
export function corpusVersion(index: { library: { passages: ReadonlyArray<{ id: string; text: string }> } }): string {
  let version = versions.get(index);
  if (!version) {
    const hash = createHash('sha256');
    for (const passage of index.library.passages) hash.update(passage.id).update('\u0000').update(passage.text).update('\u0001');
    version = hash.digest('hex').slice(0, 16);
    versions.set(index, version);
  }
  return version;
}
