import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDuration, parseSources, SOURCES_FILE, type Source } from '../../src/briefings/sources.js';
import { CorpusError } from '../../src/corpus/load.js';
import { dueTime } from './follow.js';
import { FileFollowState, RedisFollowState, stateFileBeside, type SourceStatus } from './state.js';
import { readRedisOnce } from '../replicas/read-once.js';

/** What `redline sources --json` prints: each source of `sources.yaml`, with its last fetch, items and errors. */
export interface SourcesReport {
  /** The `sources.yaml` read; absent when the corpus has none. */
  file?: string;
  /** Where the state was read: the local file, or `redis`. */
  state: string;
  /** With `REDIS_URL`: whether Redis answered. */
  redis?: 'read' | 'unreachable';
  sources: Array<{
    url: string;
    every: string;
    title?: string;
    source?: string;
    publisher?: string;
    /** The feed's own title, once fetched. */
    feedTitle?: string;
    lastFetch?: string;
    nextFetch?: string;
    items: number;
    errors: number;
    /** Failed fetches in a row (retried later, waiting longer each time). */
    failures: number;
    lastError?: { at: string; message: string };
  }>;
}

/** Reads the corpus's `sources.yaml` (a mistake is a `CorpusError` with its file and line) and the follower's state. */
export async function readSourcesReport(options: { corpusDir: string; feedbackLog: string; redisUrl?: string }): Promise<SourcesReport> {
  let file: string | undefined;
  let sources: Source[] = [];
  for (const name of [SOURCES_FILE, 'sources.yml']) {
    const path = join(options.corpusDir, name);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new CorpusError(path, undefined, `cannot be read (${error.code ?? error.message})`);
    });
    if (text === undefined) continue;
    file = path;
    sources = parseSources(text, path) ?? [];
    break;
  }
  let statuses: SourceStatus[] = [];
  let redis: SourcesReport['redis'];
  const stateFile = stateFileBeside(options.feedbackLog);
  if (options.redisUrl) {
    const read = await readRedisOnce(options.redisUrl, (client) => new RedisFollowState(client).statuses());
    statuses = read?.value ?? [];
    redis = read ? 'read' : 'unreachable';
  } else statuses = await (await FileFollowState.open(stateFile)).statuses();
  const byUrl = new Map(statuses.map((s) => [s.url, s]));
  return {
    ...(file ? { file } : {}),
    state: options.redisUrl ? 'redis' : stateFile,
    ...(redis ? { redis } : {}),
    sources: sources.map((source) => {
      const status = byUrl.get(source.url);
      const next = dueTime(source, status);
      return {
        url: source.url,
        every: formatDuration(source.everyMs),
        ...(source.title ? { title: source.title } : {}),
        ...(source.source ? { source: source.source } : {}),
        ...(source.publisher ? { publisher: source.publisher } : {}),
        ...(status?.title ? { feedTitle: status.title } : {}),
        ...(status?.lastFetch ? { lastFetch: status.lastFetch } : {}),
        ...(Number.isFinite(next) ? { nextFetch: new Date(next).toISOString() } : {}),
        items: status?.items ?? 0,
        errors: status?.errors ?? 0,
        failures: status?.failures ?? 0,
        ...(status?.lastError ? { lastError: status.lastError } : {}),
      };
    }),
  };
}

/** What `redline sources` prints: one line a source, and its last error under it. */
export function renderSourcesReport(report: SourcesReport): string {
  if (!report.file) return 'No sources followed: add a sources.yaml to the corpus folder (see corpus/README.md).';
  if (!report.sources.length) return `No sources listed in ${report.file}.`;
  const when = (iso?: string) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never');
  const rows = report.sources.flatMap((s) => {
    const name = s.title ?? s.feedTitle;
    const line = `${when(s.lastFetch).padEnd(20)} ${s.every.padStart(6)} ${String(s.items).padStart(6)} ${String(s.errors).padStart(6)}  ${s.url}${name ? ` (${name})` : ''}`;
    const failing = s.failures ? `\n${''.padEnd(43)}failing ${s.failures}× in a row, next try ${when(s.nextFetch)}` : '';
    return [line + failing, ...(s.lastError ? [`${''.padEnd(43)}last error ${when(s.lastError.at)}: ${s.lastError.message}`] : [])];
  });
  const unreachable = report.redis === 'unreachable' ? '\n(Redis did not answer: fetches and errors unknown)' : '';
  return (
    [`last fetch            every  items errors  source   (from ${report.file}; state in ${report.state})`, ...rows].join('\n') +
    unreachable
  );
}
