import { join } from 'node:path';
import type { CorpusFile } from '../../src/corpus/load.js';
import type { LibraryOptions } from '../../src/search/library.js';
import type { Document } from '../../src/types.js';
import type { Config } from '../config/config.js';
import { scanCorpus, type ScanOptions, type SkippedFile } from './files.js';
import { FeedbackLog } from '../feedback/log.js';
import type { SharedState } from '../replicas/redis.js';
import { CorpusError, fileIdOf, readCorpus, type CorpusRead } from '../../src/corpus/load.js';
import { parseLexiconFile, LEXICON_FILE } from './lexicon.js';
import { englishLexicon } from './english.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { CACHE_MIN_BYTES, cacheKey, readSnapshot, writeSnapshot } from './index-cache.js';
import { CHANNELS_FILE, parseChannels } from '../../src/channels/channels.js';
import type { WatchStore } from '../../src/briefings/watches.js';
import { createRedline, type FeedbackEntry, type RedlineService, type RequestEvent } from '../../src/service/service.js';
import { buildCorpusIndex, withChannels, type CorpusIndex } from '../../src/service/corpus-index.js';
import { parseSources, SOURCES_FILE, type Source } from '../../src/briefings/sources.js';

export interface IndexOptions extends ScanOptions {
  /** Keep a snapshot of a large corpus's index here and load it next time the corpus is the same. */
  cacheDir?: string;
  log?: Logger;
}

/** What loading the corpus left out: files not read (FIFOs, outside links, too large) and parts not indexed (a scanned PDF page). */
export interface CorpusReport {
  skipped: SkippedFile[];
  problems: CorpusRead['problems'];
}

/** A loaded corpus: the index, what was left out, and the corpus-level YAML files (`channels.yaml`, a lexicon) as text. */
export interface LoadedCorpus {
  index: CorpusIndex;
  report: CorpusReport;
  extras: Map<string, string>;
}

/** Reads and indexes the corpus folder; throws a `CorpusError` naming the file (and line) that is wrong. */
export async function indexCorpusDir(dir: string, options: IndexOptions = {}): Promise<CorpusIndex> {
  return (await loadCorpusDir(dir, options)).index;
}

/** Reads the corpus folder, every format, and indexes it; logs each file skipped and each part left out. */
export async function loadCorpusDir(dir: string, options: IndexOptions = {}): Promise<LoadedCorpus> {
  const log = options.log ?? silentLogger;
  const scan = await scanCorpus(dir, options);
  for (const { file, reason } of scan.skipped) log.warn({ file, reason }, `corpus file skipped: ${file}: ${reason}`);
  if (!scan.files.length) throw new CorpusError(dir, undefined, 'the corpus folder holds no document (.md, .txt, .pdf, .docx, .html)');
  // A mistake in sources.yaml is a corpus mistake (file and line), found before anything is indexed.
  sourcesOf(scan.extras, dir);
  const { documents, skipped, problems } = await readCorpus(scan.files);
  for (const { file, line, reason } of skipped)
    log.warn({ file, ...(line ? { line } : {}), reason }, `corpus file skipped: ${file}${line ? `:${line}` : ''}: ${reason}`);
  for (const { file, problem } of problems) log.warn({ file, problem }, `corpus file partly read: ${file}: ${problem}`);
  if (!documents.length)
    throw new CorpusError(
      dir,
      undefined,
      `no document in the corpus folder has usable text${skipped.length ? ` (${skipped.length} skipped, see above)` : ''}`,
    );
  const index = await indexDocuments(documents, scan.files, libraryOptions(dir, scan.extras), options);
  return {
    index: withCorpusChannels(
      index,
      scan.extras,
      dir,
      skipped.map((s) => s.file),
    ),
    report: { skipped: [...scan.skipped, ...skipped], problems },
    extras: scan.extras,
  };
}

/** The index with the corpus's `channels.yaml` (which documents each chat channel may search), when it has one. */
export function withCorpusChannels(
  index: CorpusIndex,
  extras: Map<string, string>,
  dir?: string,
  skippedFiles: string[] = [],
): CorpusIndex {
  const name = extras.has(CHANNELS_FILE) ? CHANNELS_FILE : 'channels.yml';
  const file = dir ? join(dir, name) : name;
  return withChannels(index, parseChannels(extras.get(name), file), file, new Set(skippedFiles.map(fileIdOf)));
}

/** The sources followed, from the corpus's `sources.yaml` (undefined without one); throws a `CorpusError` naming the file and line of a mistake. */
export function sourcesOf(extras: Map<string, string>, dir?: string): Source[] | undefined {
  const name = extras.has(SOURCES_FILE) ? SOURCES_FILE : 'sources.yml';
  return parseSources(extras.get(name), dir ? join(dir, name) : name);
}

/** How the corpus in `dir` is indexed: general English, and the corpus's own lexicon from its extras. */
export function libraryOptions(dir: string, extras: Map<string, string>): LibraryOptions {
  return { english: englishLexicon(), lexicon: parseLexiconFile(extras.get(LEXICON_FILE), join(dir, LEXICON_FILE)) };
}

async function indexDocuments(
  documents: Document[],
  files: CorpusFile[],
  library: LibraryOptions,
  options: IndexOptions,
): Promise<CorpusIndex> {
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  if (!options.cacheDir || bytes < CACHE_MIN_BYTES) return buildCorpusIndex(documents, library, Date.now);
  const log = options.log ?? silentLogger;
  const key = cacheKey(files);
  const snapshot = await readSnapshot(options.cacheDir, key);
  if (snapshot) {
    try {
      const index = buildCorpusIndex(documents, library, Date.now, snapshot);
      log.info({ passages: index.library.passages.length }, 'index loaded from the cache');
      return index;
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'index cache unusable; rebuilding');
    }
  }
  const index = buildCorpusIndex(documents, library, Date.now);
  const cacheDir = options.cacheDir;
  // Saved after start-up has answered, so the first start is not slowed by it.
  setImmediate(() => {
    writeSnapshot(cacheDir, key, index.library.toSnapshot()).catch((error: unknown) =>
      log.warn({ err: { message: (error as Error).message } }, 'could not save the index cache'),
    );
  });
  return index;
}

/** Builds the `Redline` service for a configuration: corpus, rate limits, the feedback log. */
export async function loadRedline(
  config: Config,
  options: {
    log?: Logger;
    feedback?: FeedbackLog;
    shared?: SharedState;
    watches?: WatchStore;
    observe?: (event: RequestEvent) => void;
  } = {},
): Promise<{ config: Config; redline: RedlineService; feedback: FeedbackLog; corpus: LoadedCorpus }> {
  const log = options.log ?? silentLogger;
  const corpus = await loadCorpusDir(config.corpusDir, corpusOptions(config, log));
  const feedback = options.feedback ?? new FeedbackLog({ file: config.feedbackLog, maxBytes: config.feedbackLogMaxBytes, log });
  const { shared } = options;
  const redline = createRedline(corpus.index, {
    now: Date.now,
    command: config.command,
    rateLimit: config.rateLimit,
    autocompleteRateLimit: config.autocompleteRateLimit,
    feedbackUserIds: config.feedbackUserIds,
    // With Redis (REDIS_URL) the limits and the feedback are the replicas' shared ones.
    ...(shared ? { limiters: shared.limiters } : {}),
    recordFeedback: (entry: FeedbackEntry) => (shared ? shared.appendFeedback(entry) : feedback.append(entry)),
    ...(options.watches ? { watches: options.watches } : {}),
    ...(options.observe ? { observe: options.observe, monotonic: () => performance.now() } : {}),
  });
  return { config, redline, feedback, corpus };
}

/** How a configuration reads its corpus folder. */
export function corpusOptions(config: Config, log: Logger): IndexOptions {
  return { ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}), maxFileBytes: config.maxFileBytes, log };
}
