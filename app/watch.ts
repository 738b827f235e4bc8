import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../src/log.js';
import type { CorpusIndex, RedlineService } from '../src/service.js';

export interface CorpusWatcher {
  close(): void;
}

/**
 * Watches the corpus folder; on a change, rebuilds the index in the background and swaps it in
 * whole. A broken file leaves the last good corpus serving, and the error (file, line) is logged.
 */
export function watchCorpus(
  dir: string,
  redline: RedlineService,
  rebuild: () => Promise<CorpusIndex>,
  log: Logger,
  debounceMs = 250,
): CorpusWatcher {
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  let busy = false;

  const run = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        try {
          const next = await rebuild();
          redline.replace(next);
          log.info({ documents: next.library.documents.length, passages: next.library.passages.length }, 'corpus reloaded');
        } catch (error) {
          log.error({ err: { message: (error as Error).message } }, `corpus change not applied, still serving the last good corpus: ${(error as Error).message}`);
        }
      } while (again);
    } finally {
      busy = false;
    }
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void run();
      }, debounceMs);
    });
    watcher.on('error', (error) => log.error({ err: error }, 'corpus watcher failed; live updates are off'));
  } catch (error) {
    log.error({ err: error }, 'cannot watch the corpus folder; live updates are off');
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
