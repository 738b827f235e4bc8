import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { cleanInput } from '../../src/request/parse.js';
import type { FeedbackEntry } from '../../src/service/service.js';
import { feedbackLogFiles, parseFeedbackEntry } from './log.js';
import { REDIS_KEYS } from '../replicas/redis.js';
import { readRedisOnce } from '../replicas/read-once.js';

const FEEDBACK_STREAM = REDIS_KEYS.feedback;

export interface Gap {
  query: string;
  /** Times nobody got an answer. */
  unanswered: number;
  /** Times an answer was marked 👎. */
  disliked: number;
  last: string;
}

/** What `redline gaps` found: the top gaps, how many entries it read, and how many lines it skipped as malformed. */
export interface GapsReport {
  gaps: Gap[];
  read: number;
  skipped: number;
  /** With `REDIS_URL`: whether the shared stream was read. */
  redis?: 'read' | 'unreachable';
}

/** A line longer than this cannot be an entry (a query is cut to 500 characters): it is skipped unread. */
export const MAX_LINE_BYTES = 16 * 1024;

/**
 * Counts gaps in constant memory, however long the log: lossy counting (Manku and Motwani) drops
 * rare queries every `width` entries, so a query seen more often than once per `width` entries is
 * always kept and its count is short by at most one per `width` entries read.
 */
export class GapCounter {
  private readonly gaps = new Map<string, Gap & { error: number }>();
  /** Queries as logged → as counted: a log repeats its queries, so each is cleaned once. */
  private readonly cleaned = new Map<string, string>();
  private seen = 0;

  constructor(private readonly width = 20_000) {}

  add(entry: FeedbackEntry): void {
    const isGap = entry.type === 'unanswered' || (entry.type === 'vote' && entry.vote === 'down');
    if (!isGap) return;
    let query = this.cleaned.get(entry.query);
    if (query === undefined) {
      if (this.cleaned.size > 50_000) this.cleaned.clear();
      query = cleanInput(entry.query);
      this.cleaned.set(entry.query, query);
    }
    const key = query.toLowerCase();
    if (!key) return;
    this.seen++;
    const bucket = Math.ceil(this.seen / this.width);
    let gap = this.gaps.get(key);
    if (!gap) {
      gap = { query, unanswered: 0, disliked: 0, last: entry.at, error: bucket - 1 };
      this.gaps.set(key, gap);
    }
    if (entry.type === 'unanswered') gap.unanswered++;
    else gap.disliked++;
    if (entry.at > gap.last) gap.last = entry.at;
    if (this.seen % this.width === 0)
      for (const [k, g] of this.gaps) if (g.unanswered + g.disliked + g.error <= bucket) this.gaps.delete(k);
  }

  /** How many queries are being counted now. */
  get size(): number {
    return this.gaps.size;
  }

  /** The most frequent gaps, most frequent first (then the most recent). */
  top(limit: number): Gap[] {
    return [...this.gaps.values()]
      .sort((a, b) => b.unanswered + b.disliked - (a.unanswered + a.disliked) || b.last.localeCompare(a.last))
      .slice(0, limit)
      .map(({ query, unanswered, disliked, last }) => ({ query, unanswered, disliked, last }));
  }
}

/** Parses one line of the log; undefined for a torn, foreign or malformed line. */
export function parseFeedbackLine(line: string): FeedbackEntry | undefined {
  try {
    return parseFeedbackEntry(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** The most frequent unanswered or disliked queries in these lines (a test's or a Redis stream's). */
export function summariseGaps(lines: Iterable<string>, limit: number): Gap[] {
  const counter = new GapCounter();
  for (const line of lines) {
    const entry = parseFeedbackLine(line);
    if (entry) counter.add(entry);
  }
  return counter.top(limit);
}

/**
 * The most frequent gaps in the feedback log and its rotated files, read as streams in constant
 * memory; with `redisUrl`, the replicas' shared stream first (and the local log, which holds what
 * this host wrote while Redis was down).
 */
export async function readGaps(file: string, limit: number, options: { redisUrl?: string } = {}): Promise<GapsReport> {
  const counter = new GapCounter();
  const report: Omit<GapsReport, 'gaps'> = { read: 0, skipped: 0 };
  const take = (line: string | null) => {
    if (line === null) return void report.skipped++;
    if (!line.trim()) return;
    const entry = parseFeedbackLine(line);
    if (!entry) return void report.skipped++;
    report.read++;
    counter.add(entry);
  };
  if (options.redisUrl) report.redis = await readStream(options.redisUrl, take);
  for (const path of feedbackLogFiles(file)) await eachLine(path, take);
  return { gaps: counter.top(limit), ...report };
}

/** Reads the shared feedback stream a page at a time; `unreachable` (and nothing read) when Redis does not answer. */
async function readStream(url: string, onLine: (line: string | null) => void): Promise<'read' | 'unreachable'> {
  const read = await readRedisOnce(url, async (client) => {
    for (let from = '-'; ; ) {
      const page = await client.xrange(FEEDBACK_STREAM, from, '+', 'COUNT', 1000);
      for (const [, fields] of page) onLine(fields[0] === 'e' && typeof fields[1] === 'string' ? fields[1] : null);
      if (page.length < 1000) return;
      from = `(${page[page.length - 1]![0]}`;
    }
  });
  return read ? 'read' : 'unreachable';
}

/** Calls `onLine` for each line of a file (null for one over `MAX_LINE_BYTES`); a missing file has none. */
async function eachLine(path: string, onLine: (line: string | null) => void): Promise<void> {
  // Decoded a chunk at a time (a character split across chunks is held back by the decoder), split as text.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let tooLong = false;
  const flush = (line: string) => {
    onLine(tooLong || Buffer.byteLength(line) > MAX_LINE_BYTES ? null : line);
    tooLong = false;
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      const text = decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        flush(carry ? carry + text.slice(start, nl) : text.slice(start, nl));
        carry = '';
        start = nl + 1;
      }
      if (!tooLong) carry += text.slice(start);
      if (carry.length > MAX_LINE_BYTES) [tooLong, carry] = [true, ''];
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  carry += decoder.end();
  if (tooLong || carry) flush(carry);
}

export function renderGaps(report: GapsReport, file: string): string {
  const source = report.redis === 'read' ? `the Redis stream and ${file}` : file;
  const unreachable = report.redis === 'unreachable' ? `\n(Redis did not answer: only ${file} was read)` : '';
  const skipped = (report.skipped ? `\n(${report.skipped} malformed line${report.skipped === 1 ? '' : 's'} skipped)` : '') + unreachable;
  file = source;
  if (!report.gaps.length) return `No unanswered or disliked queries in ${file} yet.${skipped}`;
  const rows = report.gaps.map((g) => `${String(g.unanswered).padStart(10)} ${String(g.disliked).padStart(5)}  ${g.query}`);
  return [`unanswered    👎  query   (from ${file})`, ...rows].join('\n') + skipped;
}
