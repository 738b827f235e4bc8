import { appendFile } from 'node:fs/promises';
import type { Config } from './config.js';
import { readCorpusFiles } from './corpus/files.js';
import { loadCorpus } from './corpus/load.js';
import { silentLogger, type Logger } from './log.js';
import { buildCorpusIndex, createRedline, type CorpusIndex, type FeedbackEntry, type RedlineService } from './redline.js';

/** Reads and indexes the corpus folder; throws a `CorpusError` naming the file (and line) that is wrong. */
export async function indexCorpusDir(dir: string): Promise<CorpusIndex> {
  return buildCorpusIndex(loadCorpus(await readCorpusFiles(dir)));
}

/** Builds the `Redline` service for a configuration: corpus, rate limits, the feedback log. */
export async function loadRedline(config: Config, options: { log?: Logger; watch?: boolean } = {}): Promise<{ config: Config; redline: RedlineService }> {
  const log = options.log ?? silentLogger;
  const index = await indexCorpusDir(config.corpusDir);
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
