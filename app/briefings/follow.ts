import { extname } from 'node:path';
import type { Logger } from '../../src/log.js';
import { backoffMs, documentFileName, newItems, type FeedItem, type Source } from '../../src/briefings/sources.js';
import { CorpusError } from '../../src/corpus/load.js';
import { refusedLink } from './address.js';
import { fetchDocument, type FetchedDocument } from '../cli/add.js';
import { DEFAULT_MAX_FILE_BYTES } from '../corpus/files.js';
import type { Lease } from '../replicas/lease.js';
import { fetchSource, USER_AGENT } from './feeds.js';
import type { FollowState, SourceStatus } from './state.js';
import { workerReader, type DocumentReader } from './reader.js';

/** Time as the follower sees it: the system's, or a test's fake that it moves by hand. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's clock; its timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The most items of one source read in one poll; the rest wait for the next. */
export const MAX_ITEMS_PER_POLL = 100;
/** An item whose page failed this many times (timeouts, 5xx) is given up. */
export const MAX_ITEM_ATTEMPTS = 3;

export interface FollowOptions {
  corpusDir: string;
  state: FollowState;
  log: Logger;
  /** The largest page accepted (`REDLINE_MAX_FILE_MB`). */
  maxFileBytes?: number;
  clock?: Clock;
  fetchImpl?: typeof fetch;
  /** How long a fetch may take, feed or page. Default 20 s, as `redline add`. */
  timeoutMs?: number;
  /** With replicas: the lease a source is fetched under, so one replica at a time fetches it. */
  lease?: (url: string) => Lease;
  /** How often a replica asks for a source's lease (and its holder renews it). Default 20 s; keep it under the lease's time to live. */
  leaseCheckMs?: number;
  maxItemsPerPoll?: number;
  /** Where pages are read into documents. Default: a worker thread, so serving never waits for the article reader. */
  reader?: DocumentReader;
}

interface Followed {
  source: Source;
  lease?: Lease;
  held: boolean;
  timer?: unknown;
  running?: Promise<void>;
  stopped: boolean;
}

/**
 * Follows the sources of `sources.yaml`: each is fetched at start-up and then every interval (later
 * after failures); each new item's page is read as `redline add <URL>` reads it and written into
 * the corpus folder, where the watcher picks it up. A source that fails is logged and retried
 * later; it never holds up the others. With a lease, only the replica holding it fetches.
 */
export class SourceFollower {
  private readonly followed = new Map<string, Followed>();
  private readonly attempts = new Map<string, number>();
  private readonly clock: Clock;
  private readonly reader: DocumentReader;

  constructor(private readonly options: FollowOptions) {
    this.clock = options.clock ?? systemClock;
    this.reader = options.reader ?? workerReader();
  }

  /** Follows these sources from now on: new ones are fetched at once, dropped ones stop, the others keep their schedule. */
  update(sources: Source[]): void {
    const wanted = new Map(sources.map((source) => [source.url, source]));
    for (const [url, followed] of this.followed) {
      if (wanted.has(url)) continue;
      this.stopOne(followed);
      this.followed.delete(url);
      void followed.lease?.release();
    }
    for (const source of sources) {
      const followed = this.followed.get(source.url);
      if (followed) {
        followed.source = source;
        continue;
      }
      const added: Followed = {
        source,
        held: false,
        stopped: false,
        ...(this.options.lease ? { lease: this.options.lease(source.url) } : {}),
      };
      this.followed.set(source.url, added);
      this.schedule(added, 0);
    }
  }

  /** The sources followed now. */
  sources(): Source[] {
    return [...this.followed.values()].map((f) => f.source);
  }

  /** Resolves once no poll is under way (tests move a fake clock, then wait for this). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.followed.values()].flatMap((f) => (f.running ? [f.running] : []));
      if (!running.length) return;
      await Promise.allSettled(running);
    }
  }

  /** Stops every timer, waits (up to `waitMs`) for polls under way to stop at their next item, and gives the leases up. */
  async stop(waitMs = 2000): Promise<void> {
    for (const followed of this.followed.values()) this.stopOne(followed);
    // Every write is whole (written aside, then renamed): a page still arriving may be left behind.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await Promise.allSettled([...this.followed.values()].map((f) => f.lease?.release()));
    this.followed.clear();
    this.reader.close();
  }

  private stopOne(followed: Followed): void {
    followed.stopped = true;
    if (followed.timer !== undefined) this.clock.clearTimeout(followed.timer);
    followed.timer = undefined;
  }

  private schedule(followed: Followed, ms: number): void {
    if (followed.stopped) return;
    followed.timer = this.clock.setTimeout(
      () => {
        followed.timer = undefined;
        followed.running = this.tick(followed).finally(() => (followed.running = undefined));
      },
      Math.max(0, ms),
    );
  }

  private async tick(followed: Followed): Promise<void> {
    const { source } = followed;
    const leaseCheckMs = followed.lease ? (this.options.leaseCheckMs ?? 20_000) : Infinity;
    let wait = leaseCheckMs;
    try {
      const wasHeld = followed.held;
      followed.held = followed.lease ? await followed.lease.acquire() : true;
      if (followed.held && !followed.stopped) {
        const status = await this.options.state.status(source.url);
        const dueAt = dueTime(source, status);
        // A replica that just took the source (at start-up, or from one that died) fetches it at once.
        if (!wasHeld || dueAt <= this.clock.now()) await this.poll(followed, status);
        wait = Math.min(leaseCheckMs, dueTime(source, await this.options.state.status(source.url)) - this.clock.now());
      }
    } catch (error) {
      this.options.log.error(
        { source: source.url, err: { message: (error as Error).message } },
        `sources: ${source.url}: ${(error as Error).message}`,
      );
      wait = Math.min(leaseCheckMs, source.everyMs);
    }
    this.schedule(followed, wait);
  }

  private async poll(followed: Followed, previous: SourceStatus | undefined): Promise<void> {
    const { source } = followed;
    const { log, state } = this.options;
    const now = this.clock.now();
    const status: SourceStatus = { items: 0, errors: 0, failures: 0, ...previous, url: source.url, lastFetch: new Date(now).toISOString() };
    try {
      const found = await fetchSource(source.url, previous ?? {}, { maxPageBytes: this.maxFileBytes(), ...this.fetchOptions() });
      let complete = true;
      if (found.kind === 'feed') {
        if (found.title) status.title = found.title;
        const seen = await state.seen(
          source.url,
          found.items.map((item) => item.key),
        );
        const max = this.options.maxItemsPerPoll ?? MAX_ITEMS_PER_POLL;
        const fresh = newItems(found.items, (key) => seen.has(key));
        complete = fresh.length <= max;
        for (const item of fresh.slice(0, max)) {
          // A replica that lost the lease mid-way stops; the next holder reads what is left.
          if (followed.stopped || (followed.lease && !(await followed.lease.acquire()))) {
            complete = false;
            break;
          }
          // An item to try again next time keeps the feed's validators unsaved, so the next poll sees it.
          if (!(await this.readItem(source, item, status))) complete = false;
        }
      } else if (found.kind === 'page') await this.readPage(source, found.page, status);
      // The validators are kept only once every new item is in: a 304 must not hide one left unread.
      if (found.kind !== 'not-modified' && complete) {
        delete status.etag;
        delete status.lastModified;
        if (found.etag) status.etag = found.etag;
        if (found.lastModified) status.lastModified = found.lastModified;
      }
      status.failures = 0;
    } catch (error) {
      const message = error instanceof CorpusError ? error.reason : (error as Error).message;
      status.failures += 1;
      status.errors += 1;
      status.lastError = { at: status.lastFetch!, message };
      log.warn(
        { source: source.url, failures: status.failures, retryInMs: backoffMs(source.everyMs, status.failures) },
        `sources: ${source.url} failed (${message}); retrying later`,
      );
    }
    await state.setStatus(status);
  }

  /**
   * Reads one new item's page and writes it as a document; an item that cannot be read is given up
   * after a few tries (at once when it never will be). False when it is to be tried again.
   */
  private async readItem(source: Source, item: FeedItem, status: SourceStatus): Promise<boolean> {
    const { log, state, corpusDir } = this.options;
    const attemptKey = `${source.url}\u0000${item.key}`;
    try {
      const refused = await refusedLink(source.url, item.url);
      if (refused) throw new CorpusError(item.url, undefined, refused);
      const page = await fetchDocument(item.url, this.maxFileBytes(), { headers: { 'user-agent': USER_AGENT }, ...this.fetchOptions() });
      const name = documentFileName(item, extname(page.name) || '.html');
      const meta = { title: item.title, source: source.source, publisher: source.publisher, date: item.date?.slice(0, 10) };
      const read = await this.reader.read({ corpusDir, name, bytes: page.bytes, url: page.url, meta, write: true });
      await state.markSeen(source.url, item.key);
      this.attempts.delete(attemptKey);
      status.items += 1;
      log.info({ source: source.url, item: item.url, file: read.file }, `sources: new document ${read.file} from ${item.url}`);
      return true;
    } catch (error) {
      const reason = error instanceof CorpusError ? error.reason : (error as Error).message;
      const attempts = (this.attempts.get(attemptKey) ?? 0) + 1;
      status.errors += 1;
      status.lastError = { at: new Date(this.clock.now()).toISOString(), message: `${item.url}: ${reason}` };
      if (attempts >= MAX_ITEM_ATTEMPTS || !isTransient(reason)) {
        this.attempts.delete(attemptKey);
        await state.markSeen(source.url, item.key);
        log.warn({ source: source.url, item: item.url }, `sources: ${item.url} left out (${reason})`);
        return true;
      }
      this.attempts.set(attemptKey, attempts);
      log.warn({ source: source.url, item: item.url, attempts }, `sources: ${item.url} not read (${reason}); trying again next time`);
      return false;
    }
  }

  /** A web page source is its own item: a new document whenever its text changes, in the same file. */
  private async readPage(source: Source, page: FetchedDocument, status: SourceStatus): Promise<void> {
    const name = documentFileName({ url: source.url, ...(source.title ? { title: source.title } : {}) }, extname(page.name) || '.html');
    const job = {
      corpusDir: this.options.corpusDir,
      name,
      bytes: page.bytes,
      url: page.url,
      meta: { source: source.source, publisher: source.publisher },
      write: false,
    };
    const read = await this.reader.read(job);
    const key = `${read.url ?? page.url}#${read.textHash}`;
    if ((await this.options.state.seen(source.url, [key])).has(key)) return;
    await this.reader.read({ ...job, write: true });
    await this.options.state.markSeen(source.url, key);
    status.items += 1;
    this.options.log.info({ source: source.url, file: read.file }, `sources: ${source.url} changed; document ${read.file} written`);
  }

  private maxFileBytes(): number {
    return this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  private fetchOptions(): { fetchImpl?: typeof fetch; timeoutMs?: number } {
    return {
      ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    };
  }
}

/** When a source is due: its last fetch plus its interval, longer after failures in a row; now when never fetched. */
export function dueTime(source: Source, status: SourceStatus | undefined): number {
  const last = status?.lastFetch ? Date.parse(status.lastFetch) : NaN;
  return Number.isFinite(last) ? last + backoffMs(source.everyMs, status?.failures ?? 0) : -Infinity;
}

/** A failure that may pass: no answer in time, the connection, or the server's own error (5xx). */
function isTransient(reason: string): boolean {
  return /within \d+ s|cannot be fetched|answered 5\d\d|answered 429/.test(reason);
}
