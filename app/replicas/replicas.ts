import type { Logger } from '../../src/log.js';
import type { RedlineService } from '../../src/service/service.js';
import type { Config } from '../config/config.js';
import { FeedbackLog } from '../feedback/log.js';
import { corpusVersion, SharedState } from './redis.js';
import type { LoadedCorpus } from '../corpus/index.js';

/** The local feedback log, and the Redis-shared state when `REDIS_URL` is set (connected, or reconnecting). */
export async function startSharedState(config: Config, log: Logger): Promise<{ feedback: FeedbackLog; shared?: SharedState }> {
  const feedback = new FeedbackLog({ file: config.feedbackLog, maxBytes: config.feedbackLogMaxBytes, log });
  if (!config.redisUrl) return { feedback };
  const shared = await SharedState.connect({
    url: config.redisUrl,
    log: log.child({ part: 'redis' }),
    limits: { ask: config.rateLimit, autocomplete: config.autocompleteRateLimit },
    localFeedback: feedback,
    streamMax: config.feedbackStreamMax,
  });
  return { feedback, shared };
}

/**
 * Keeps this replica on the corpus the others serve: when one announces a version this one does
 * not have, the folder is read again (the files are the same on every replica), at most one read at a time.
 */
export function followCorpus(
  shared: SharedState,
  redline: RedlineService,
  reload: () => Promise<LoadedCorpus>,
  log: Logger,
  reloaded?: (ok: boolean) => void,
): void {
  let busy = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (busy) return void (again = true);
    busy = true;
    try {
      do {
        again = false;
        const next = await reload();
        if (corpusVersion(next.index) !== corpusVersion(redline.current())) {
          redline.replace(next.index);
          reloaded?.(true);
          log.info({ version: corpusVersion(next.index) }, 'corpus: reloaded on another replica’s signal');
        }
      } while (again);
    } catch (error) {
      reloaded?.(false);
      log.error({ err: { message: (error as Error).message } }, 'corpus: reload on another replica’s signal failed');
    } finally {
      busy = false;
    }
  };
  shared.onCorpus((version) => {
    if (version !== corpusVersion(redline.current())) void run();
  });
}

/** What `/healthz` adds with Redis configured: whether it is shared now, and the corpus version served. */
export function sharedHealth(shared: SharedState | undefined, redline: RedlineService): { redis?: 'ok' | 'down'; corpusVersion: string } {
  return { ...(shared ? { redis: shared.status() } : {}), corpusVersion: corpusVersion(redline.current()) };
}
