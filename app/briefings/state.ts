import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { shortHash } from '../../src/briefings/sources.js';

/** What redline knows of a followed source: its last fetch, what a conditional GET sends, its documents and errors. */
export interface SourceStatus {
  url: string;
  /** The feed's own title, once read. */
  title?: string;
  /** ISO time of the last fetch (answered, or failed). */
  lastFetch?: string;
  /** When it is due next (ms since the epoch): its interval after a fetch, longer after failures. */
  nextAt?: number;
  etag?: string;
  lastModified?: string;
  /** Documents written from it, in all. */
  items: number;
  /** Failed fetches (of the source or of an item's page), in all. */
  errors: number;
  /** Failed fetches of the source in a row (the backoff grows with them). */
  failures: number;
  lastError?: { at: string; message: string };
}

/**
 * Where the follower keeps what lasts across restarts: the items seen (never fetched again) and
 * each source's status. In Redis with `REDIS_URL` (shared by the replicas), else a local file.
 */
export interface FollowState {
  /** Which of these keys were seen before for this source. */
  seen(source: string, keys: string[]): Promise<Set<string>>;
  markSeen(source: string, key: string): Promise<void>;
  status(source: string): Promise<SourceStatus | undefined>;
  setStatus(status: SourceStatus): Promise<void>;
  statuses(): Promise<SourceStatus[]>;
}

/** The items kept per source in the file: feeds list their latest few dozen, so an item this old does not come back. */
export const MAX_SEEN_PER_SOURCE = 5000;

/** The state file beside the feedback log (`REDLINE_FEEDBACK_LOG`). */
export function stateFileBeside(feedbackLog: string): string {
  return join(dirname(feedbackLog), 'redline-sources.json');
}

interface FileShape {
  sources: Record<string, { status?: SourceStatus; seen: string[] }>;
}

/** The state in one JSON file, read once and rewritten whole after each change (written aside, then renamed). */
export class FileFollowState implements FollowState {
  private data: FileShape = { sources: Object.create(null) as FileShape['sources'] };
  private seenSets = new Map<string, Set<string>>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(readonly file: string) {}

  /** Opens the file (absent: empty); a file that is not this state's JSON is an error naming it. */
  static async open(file: string): Promise<FileFollowState> {
    const state = new FileFollowState(file);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`${file}: cannot be read (${error.code ?? error.message})`);
    });
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${file}: not the sources state (unreadable JSON); remove it to start afresh`);
      }
      const sources = (parsed as Partial<FileShape> | null)?.sources;
      if (typeof sources !== 'object' || sources === null || Array.isArray(sources))
        throw new Error(`${file}: not the sources state (no "sources" mapping)`);
      for (const [url, entry] of Object.entries(sources)) {
        const seen = Array.isArray(entry?.seen) ? entry.seen.filter((k): k is string => typeof k === 'string') : [];
        state.data.sources[url] = { seen, ...(entry?.status ? { status: entry.status } : {}) };
        state.seenSets.set(url, new Set(seen));
      }
    }
    return state;
  }

  async seen(source: string, keys: string[]): Promise<Set<string>> {
    const set = this.seenSets.get(source);
    return new Set(keys.filter((key) => set?.has(key)));
  }

  async markSeen(source: string, key: string): Promise<void> {
    const entry = this.entry(source);
    const set = this.seenSets.get(source) ?? new Set<string>();
    this.seenSets.set(source, set);
    if (set.has(key)) return;
    set.add(key);
    entry.seen.push(key);
    if (entry.seen.length > MAX_SEEN_PER_SOURCE)
      for (const old of entry.seen.splice(0, entry.seen.length - MAX_SEEN_PER_SOURCE)) set.delete(old);
    await this.save();
  }

  async status(source: string): Promise<SourceStatus | undefined> {
    return this.data.sources[source]?.status;
  }

  async setStatus(status: SourceStatus): Promise<void> {
    this.entry(status.url).status = status;
    await this.save();
  }

  async statuses(): Promise<SourceStatus[]> {
    return Object.values(this.data.sources).flatMap((entry) => (entry.status ? [entry.status] : []));
  }

  private entry(source: string): FileShape['sources'][string] {
    return (this.data.sources[source] ??= { seen: [] });
  }

  /** Changes made while a write is under way go out in the next one: at most one write at a time, and one more queued. */
  private save(): Promise<void> {
    if (this.dirty) return this.writing;
    this.dirty = true;
    // A write that failed is reported to its callers; the next one still runs.
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        this.dirty = false;
        const temporary = `${this.file}.${process.pid}.tmp`;
        try {
          await mkdir(dirname(this.file), { recursive: true });
          await writeFile(temporary, JSON.stringify(this.data));
          await rename(temporary, this.file);
        } catch (error) {
          await rm(temporary, { force: true });
          throw new Error(`${this.file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        }
      });
    return this.writing;
  }
}

/** Redis keys of the sources' state, under the replicas' prefix. */
export const SOURCE_KEYS = {
  seen: 'redline:sources:seen:',
  status: 'redline:sources:status',
  lease: 'redline:lease:source:',
} as const;

/** The state in Redis, shared by every replica: a set of seen keys per source, and a hash of statuses. */
export class RedisFollowState implements FollowState {
  constructor(private readonly client: Redis) {}

  async seen(source: string, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const flags = await this.client.smismember(`${SOURCE_KEYS.seen}${shortHash(source)}`, ...keys);
    return new Set(keys.filter((_, i) => flags[i] === 1));
  }

  async markSeen(source: string, key: string): Promise<void> {
    await this.client.sadd(`${SOURCE_KEYS.seen}${shortHash(source)}`, key);
  }

  async status(source: string): Promise<SourceStatus | undefined> {
    const json = await this.client.hget(SOURCE_KEYS.status, source);
    return json ? (JSON.parse(json) as SourceStatus) : undefined;
  }

  async setStatus(status: SourceStatus): Promise<void> {
    await this.client.hset(SOURCE_KEYS.status, status.url, JSON.stringify(status));
  }

  async statuses(): Promise<SourceStatus[]> {
    return Object.values(await this.client.hgetall(SOURCE_KEYS.status)).map((json) => JSON.parse(json) as SourceStatus);
  }
}
