import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Arrival } from '../../src/briefings/digest.js';
import type { Watch, WatchChannel, WatchStore } from '../../src/briefings/watches.js';
import type { Logger } from '../../src/log.js';

/** How long a finished post is remembered (so it is never posted twice), and arrivals are kept for digests. */
export const DONE_TTL_MS = 30 * 24 * 3600 * 1000;

/** A saved watch, and since when (passages that arrived before it was saved do not fire it). */
export interface SavedWatch extends Watch {
  since: number;
}

/**
 * What announcements, digests and watches keep between runs and share between replicas: the
 * watches, the documents seen and when each arrived, each channel's last digest, and claims on
 * each post (claimed for a short time, then done once posted), so exactly one replica posts it
 * and a replica that dies after claiming leaves it to another once the claim expires.
 */
export interface BriefingStore extends WatchStore {
  /** Every channel's watches. */
  watches(): SavedWatch[];
  /** Records the documents of a corpus; returns those never seen before (the first corpus ever seen is the baseline: none). */
  noteDocuments(ids: readonly string[], at: number): Promise<Arrival[]>;
  /** Documents that arrived after `since`. */
  arrivals(since: number): Promise<Arrival[]>;
  /** Whether any corpus was seen before (the CLI counts unseen documents as arriving now only then). */
  knows(id: string): Promise<boolean | undefined>;
  lastDigest(channel: string): Promise<number | undefined>;
  /** Sets a channel's last digest; with `onlyIfAbsent`, only when it has none. */
  setLastDigest(channel: string, at: number, onlyIfAbsent?: boolean): Promise<void>;
  /** Claims the keys no one has claimed or finished, for `ttlMs`; returns those claimed. */
  claim(keys: readonly string[], ttlMs: number): Promise<string[]>;
  /** Keeps claims held for another `ttlMs` (a post still under way: a slow platform, a rate limit waited out). */
  extend(keys: readonly string[], ttlMs: number): Promise<void>;
  /** Marks claimed keys done: never claimed again (for `DONE_TTL_MS`). */
  finish(keys: readonly string[]): Promise<void>;
  /** Gives claimed keys back (a rate limit: try again later). */
  release(keys: readonly string[]): Promise<void>;
  /** Reads other replicas' changes to the watches (Redis); nothing for a file. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

interface FileState {
  version: 1;
  watches: SavedWatch[];
  known?: string[];
  arrivals: Record<string, number>;
  lastDigest: Record<string, number>;
  done: Record<string, number>;
}

/** The file beside the feedback log that holds the state without Redis; none (kept in memory) when the log is `/dev/null`. */
export function briefingsFile(feedbackLog: string): string | undefined {
  return feedbackLog === '/dev/null' ? undefined : join(dirname(feedbackLog), 'redline-briefings.json');
}

/** The state in one process, written to a JSON file (atomically: a temporary file renamed over it) after each change; in memory alone without a file. */
export class FileBriefingStore implements BriefingStore {
  private state: FileState;
  private readonly claims = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string | undefined,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { version: 1, watches: [], arrivals: Object.create(null), lastDigest: Object.create(null), done: Object.create(null) };
    try {
      const read = file ? (JSON.parse(readFileSync(file, 'utf8')) as FileState) : undefined;
      if (read?.version === 1)
        this.state = { ...this.state, ...read, arrivals: table(read.arrivals), lastDigest: table(read.lastDigest), done: table(read.done) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn({ file, err: { message: (error as Error).message } }, `briefings: ${file} unreadable; starting afresh`);
    }
  }

  topics(channel: WatchChannel): string[] {
    return this.state.watches.filter((w) => w.platform === channel.platform && w.id === channel.id).map((w) => w.topic);
  }

  add(channel: WatchChannel, topic: string): boolean {
    if (this.topics(channel).includes(topic)) return false;
    this.state.watches.push({ platform: channel.platform, id: channel.id, topic, since: this.now() });
    this.save();
    return true;
  }

  remove(channel: WatchChannel, topic: string): boolean {
    const before = this.state.watches.length;
    this.state.watches = this.state.watches.filter((w) => !(w.platform === channel.platform && w.id === channel.id && w.topic === topic));
    if (this.state.watches.length === before) return false;
    this.save();
    return true;
  }

  watches(): SavedWatch[] {
    return [...this.state.watches];
  }

  async noteDocuments(ids: readonly string[], at: number): Promise<Arrival[]> {
    if (!this.state.known) {
      this.state.known = [...new Set(ids)];
      this.save();
      return [];
    }
    const known = new Set(this.state.known);
    const fresh = [...new Set(ids)].filter((id) => !known.has(id));
    if (!fresh.length) return [];
    this.state.known.push(...fresh);
    for (const id of fresh) this.state.arrivals[id] ??= at;
    this.save();
    return fresh.map((documentId) => ({ documentId, at: this.state.arrivals[documentId]! }));
  }

  async arrivals(since: number): Promise<Arrival[]> {
    return Object.entries(this.state.arrivals)
      .filter(([, at]) => at > since)
      .map(([documentId, at]) => ({ documentId, at }));
  }

  async knows(id: string): Promise<boolean | undefined> {
    return this.state.known ? this.state.known.includes(id) : undefined;
  }

  async lastDigest(channel: string): Promise<number | undefined> {
    return this.state.lastDigest[channel];
  }

  async setLastDigest(channel: string, at: number, onlyIfAbsent = false): Promise<void> {
    if (onlyIfAbsent && this.state.lastDigest[channel] !== undefined) return;
    this.state.lastDigest[channel] = at;
    this.save();
  }

  async claim(keys: readonly string[], ttlMs: number): Promise<string[]> {
    const t = this.now();
    const got = keys.filter((key) => (this.state.done[key] ?? 0) <= t && (this.claims.get(key) ?? 0) <= t);
    for (const key of got) this.claims.set(key, t + ttlMs);
    return got;
  }

  async extend(keys: readonly string[], ttlMs: number): Promise<void> {
    for (const key of keys) if (this.claims.has(key)) this.claims.set(key, this.now() + ttlMs);
  }

  async finish(keys: readonly string[]): Promise<void> {
    const t = this.now();
    for (const key of keys) {
      this.claims.delete(key);
      this.state.done[key] = t + DONE_TTL_MS;
    }
    // Old entries go when they could no longer matter.
    for (const [key, until] of Object.entries(this.state.done)) if (until <= t) delete this.state.done[key];
    for (const [id, at] of Object.entries(this.state.arrivals)) if (at < t - DONE_TTL_MS) delete this.state.arrivals[id];
    this.save();
  }

  async release(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.claims.delete(key);
  }

  async refresh(): Promise<void> {}

  async close(): Promise<void> {
    await this.writing;
  }

  /** Writes the whole state after the write before it; a failure is logged, and the next change writes again. */
  private save(): void {
    const { file } = this;
    if (!file) return;
    const text = JSON.stringify(this.state);
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file);
      } catch (error) {
        this.log.warn({ file, err: { message: (error as Error).message } }, `briefings: could not save ${file}`);
      }
    });
  }
}

function table(value: Record<string, number> | undefined): Record<string, number> {
  return Object.assign(Object.create(null) as Record<string, number>, value ?? {});
}
