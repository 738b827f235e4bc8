import { appendFile } from 'node:fs/promises';
import type { Config } from './config.js';
import { readCorpusFiles } from './corpus-files.js';
import { loadCorpus } from '../src/corpus/load.js';
import { silentLogger, type Logger } from '../src/log.js';
import { CACHE_MIN_BYTES, cacheKey, readSnapshot, writeSnapshot } from './index-cache.js';
import { buildCorpusIndex, createRedline, type CorpusIndex, type FeedbackEntry, type RedlineService } from '../src/service.js';

export interface IndexOptions {
  /** Keep a snapshot of a large corpus's index here and load it next time the corpus is the same. */
  cacheDir?: string;
  log?: Logger;
}

/** Reads and indexes the corpus folder; throws a `CorpusError` naming the file (and line) that is wrong. */
export async function indexCorpusDir(dir: string, options: IndexOptions = {}): Promise<CorpusIndex> {
  const files = await readCorpusFiles(dir);
  const documents = loadCorpus(files);
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  if (!options.cacheDir || bytes < CACHE_MIN_BYTES) return buildCorpusIndex(documents);
  const log = options.log ?? silentLogger;
  const key = cacheKey(files);
  const snapshot = await readSnapshot(options.cacheDir, key);
  if (snapshot) {
    try {
      const index = buildCorpusIndex(documents, {}, Date.now, snapshot);
      log.info({ passages: index.library.passages.length }, 'index loaded from the cache');
      return index;
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'index cache unusable; rebuilding');
    }
  }
  const index = buildCorpusIndex(documents);
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
export async function loadRedline(config: Config, options: { log?: Logger } = {}): Promise<{ config: Config; redline: RedlineService }> {
  const log = options.log ?? silentLogger;
  const index = await indexCorpusDir(config.corpusDir, { cacheDir: config.cacheDir, log });
  const redline = createRedline(index, {
    command: config.command,
    rateLimit: config.rateLimit,
    feedbackUserIds: config.feedbackUserIds,
    recordFeedback: (entry: FeedbackEntry) => {
      appendFile(config.feedbackLog, `${JSON.stringify(entry)}\n`).catch((error: unknown) =>
        log.error({ err: error, file: config.feedbackLog }, 'could not append to the feedback log'),
      );
    },
  });
  return { config, redline };
}
