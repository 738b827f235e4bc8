import type { Logger } from '../../src/log.js';
import type { RedlineService } from '../../src/service/service.js';
import { fingerprintCorpus } from './files.js';
import { watchFolders, type FolderWatches } from './watch-folders.js';
import type { CorpusReport, LoadedCorpus } from './index.js';

export interface CorpusWatcher {
  /** What `/healthz` reports about the corpus: files skipped, parts left out, and a change that could not be applied. */
  status(): CorpusStatus;
  close(): void;
}

export interface CorpusStatus extends CorpusReport {
  /** The last change that failed (the last good corpus still serves), until one succeeds. */
  broken?: { error: string; file?: string; line?: number; at: string };
  /** The extra files of the corpus serving now (`channels.yaml`, a lexicon). */
  extras: Map<string, string>;
}

export interface WatchOptions {
  /** Quiet time after the last change before the folder is looked at. Default 250 ms. */
  debounceMs?: number;
  /** The longest wait for files to stop changing; after it, the folder is read as it is. Default 60 s. */
  settleLimitMs?: number;
  /** Called with each corpus swapped in (for the extras, e.g. channels). */
  onLoad?: (loaded: LoadedCorpus) => void;
  /** Called with each change that could not be applied. */
  onFail?: (error: Error) => void;
}

/**
 * Watches the corpus folder; after a change, once every file's size and modification time have
 * held still across the debounce (no half-written file is read), rebuilds the corpus (in the
 * worker thread) and swaps it in whole. A broken file leaves the last good corpus serving; the
 * error is logged and kept for `/healthz`.
 */
export function watchCorpus(
  dir: string,
  redline: RedlineService,
  rebuild: () => Promise<LoadedCorpus>,
  log: Logger,
  initial: Pick<LoadedCorpus, 'report' | 'extras'> = { report: { skipped: [], problems: [] }, extras: new Map() },
  options: WatchOptions = {},
): CorpusWatcher {
  const { debounceMs = 250, settleLimitMs = 60_000 } = options;
  let status: CorpusStatus = { ...initial.report, extras: initial.extras };
  let timer: NodeJS.Timeout | undefined;
  let changed = false;
  let busy = false;
  let closed = false;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const settle = async (): Promise<void> => {
    const end = Date.now() + settleLimitMs;
    let before = await fingerprintCorpus(dir);
    for (;;) {
      await sleep(debounceMs);
      const after = await fingerprintCorpus(dir);
      if (after === before || Date.now() > end) return;
      before = after;
    }
  };

  const run = async (): Promise<void> => {
    if (busy) {
      changed = true;
      return;
    }
    busy = true;
    try {
      do {
        changed = false;
        await settle();
        if (closed) return;
        // Changes while settling are in what is read now.
        changed = false;
        try {
          const next = await rebuild();
          if (closed) return;
          redline.replace(next.index);
          status = { ...next.report, extras: next.extras };
          options.onLoad?.(next);
          for (const { file, line, reason } of next.report.skipped)
            log.warn({ file, ...(line ? { line } : {}), reason }, `corpus file skipped: ${file}${line ? `:${line}` : ''}: ${reason}`);
          for (const { file, problem } of next.report.problems) log.warn({ file, problem }, `corpus file partly read: ${file}: ${problem}`);
          log.info({ documents: next.index.library.documents.length, passages: next.index.library.passages.length }, 'corpus reloaded');
        } catch (error) {
          const { message, file, line } = error as Error & { file?: string; line?: number };
          status = {
            ...status,
            broken: { error: message, ...(file ? { file } : {}), ...(line ? { line } : {}), at: new Date().toISOString() },
          };
          log.error({ err: { message } }, `corpus change not applied, still serving the last good corpus: ${message}`);
          options.onFail?.(error as Error);
        }
      } while (changed && !closed);
    } finally {
      busy = false;
    }
  };

  const onChange = () => {
    if (busy) changed = true;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  };
  const watcher: FolderWatches = watchFolders(dir, onChange, (error) =>
    log.error({ err: error }, 'corpus watcher failed; live updates are off'),
  );
  return {
    status: () => status,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
