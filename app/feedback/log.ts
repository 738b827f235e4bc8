import { appendFile, rename, stat, unlink } from 'node:fs/promises';
import type { Logger } from '../../src/log.js';
import type { FeedbackEntry } from '../../src/service/service.js';

/** How many rotated files are kept beside the log (`FILE.1` newest … `FILE.3` oldest). */
export const ROTATED_FILES = 3;
/** The longest query kept in an entry; longer ones are cut (a query is a question, not a document). */
export const MAX_QUERY_CHARS = 500;
/** Entries waiting to be written beyond this are dropped (and the drop logged): the disk is not keeping up. */
export const MAX_PENDING_ENTRIES = 10_000;

const TYPES = new Set(['unanswered', 'vote']);
const PLATFORMS = new Set(['slack', 'discord', 'console', 'cli']);
const VOTES = new Set(['up', 'down']);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const shortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

/**
 * The entry a value stands for when it is a well-formed feedback entry, else undefined. Used on
 * write and on read, so `redline gaps` never trusts a line it did not check.
 */
export function parseFeedbackEntry(value: unknown): FeedbackEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const e = value as Record<string, unknown>;
  if (!TYPES.has(e.type as string) || !PLATFORMS.has(e.platform as string)) return undefined;
  if (!shortString(e.at, 40) || !ISO_TIME.test(e.at) || !shortString(e.query, MAX_QUERY_CHARS * 2)) return undefined;
  if (e.type === 'vote' && !VOTES.has(e.vote as string)) return undefined;
  for (const [field, max] of [
    ['command', 32],
    ['passageId', 512],
    ['userId', 128],
  ] as const)
    if (e[field] !== undefined && !shortString(e[field], max)) return undefined;
  return e as unknown as FeedbackEntry;
}

/** An entry as it is written anywhere (file or stream): its query cut to `MAX_QUERY_CHARS`; undefined when malformed. */
export function cleanFeedbackEntry(entry: FeedbackEntry): FeedbackEntry | undefined {
  return parseFeedbackEntry({ ...entry, query: [...String(entry.query)].slice(0, MAX_QUERY_CHARS).join('') });
}

/** The log and its rotated files, oldest first (the order they were written in). */
export function feedbackLogFiles(file: string, rotated = ROTATED_FILES): string[] {
  return [...Array.from({ length: rotated }, (_, i) => `${file}.${rotated - i}`), file];
}

export interface FeedbackLogOptions {
  /** The JSON-lines file (`REDLINE_FEEDBACK_LOG`). */
  file: string;
  /** Rotate once the file would grow past this many bytes (`REDLINE_FEEDBACK_LOG_MAX_BYTES`). */
  maxBytes: number;
  log: Logger;
}

/**
 * The local feedback log: entries are checked, cut to size, and appended in order, a batch at a time;
 * past `maxBytes` the file is rotated (`FILE` → `FILE.1` → … → `FILE.3`, the oldest dropped).
 */
export class FeedbackLog {
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private size: number | undefined;
  /** Only a regular file is rotated (not `/dev/null`, a pipe or a terminal). */
  private regular = true;
  private dropped = 0;

  constructor(private readonly options: FeedbackLogOptions) {}

  /** Queues an entry; one that is not well formed is dropped and logged, never written. */
  append(entry: FeedbackEntry): void {
    const clean = cleanFeedbackEntry(entry);
    if (!clean) return this.options.log.warn({ type: entry.type }, 'feedback: a malformed entry was not written');
    if (this.pending.length >= MAX_PENDING_ENTRIES) {
      if (this.dropped++ === 0)
        this.options.log.error({ file: this.options.file }, 'feedback: the log is not keeping up; dropping entries');
      return;
    }
    this.pending.push(`${JSON.stringify(clean)}\n`);
    if (this.pending.length === 1) this.writing = this.writing.then(() => this.write());
  }

  /** Resolves once every entry appended so far is on disk (or its failure logged). */
  async flush(): Promise<void> {
    while (this.pending.length) await this.writing;
    await this.writing;
  }

  private async write(): Promise<void> {
    const batch = this.pending.join('');
    this.pending = [];
    const { file, maxBytes, log } = this.options;
    try {
      if (this.size === undefined) {
        const found = await stat(file).catch(() => undefined);
        this.size = found?.size ?? 0;
        this.regular = found ? found.isFile() : true;
      }
      const bytes = Buffer.byteLength(batch);
      if (this.regular && this.size > 0 && this.size + bytes > maxBytes) {
        await this.rotate();
        this.size = 0;
      }
      await appendFile(file, batch);
      this.size += bytes;
      if (this.dropped) log.warn({ dropped: this.dropped }, 'feedback: entries were dropped while the log was behind');
      this.dropped = 0;
    } catch (error) {
      this.size = undefined;
      log.error({ err: error, file }, 'could not append to the feedback log');
    }
  }

  private async rotate(): Promise<void> {
    const { file } = this.options;
    await unlink(`${file}.${ROTATED_FILES}`).catch(() => {});
    for (let n = ROTATED_FILES - 1; n >= 1; n--) await rename(`${file}.${n}`, `${file}.${n + 1}`).catch(() => {});
    await rename(file, `${file}.1`);
  }
}
