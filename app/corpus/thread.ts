import { Worker } from 'node:worker_threads';
import { CorpusError } from '../../src/corpus/load.js';
import { CorpusReceiver } from './transfer.js';
import type { CorpusJob, WorkerMessage } from './worker.js';
import { libraryOptions, type IndexOptions, type LoadedCorpus } from './index.js';

/**
 * Loads the corpus folder in a worker thread, so parsing and indexing (seconds for a large PDF
 * or a 50 MB file) never hold up a request; the result arrives in slices and is restored here
 * without a long pause. Rejects with a `CorpusError` naming the file, as `loadCorpusDir` does.
 */
export function loadCorpusInWorker(dir: string, options: IndexOptions = {}): Promise<LoadedCorpus> {
  const { log: _log, ...rest } = options;
  const workerData = { dir, options: rest } satisfies CorpusJob;
  // Under the tests and `npm run dev` the sources are TypeScript: the worker loads them through tsx.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`,
        { eval: true, workerData },
      )
    : new Worker(new URL('./worker.js', import.meta.url), { workerData });
  const receiver = new CorpusReceiver();
  return new Promise<LoadedCorpus>((resolve, reject) => {
    let settled = false;
    // Once the last slice is in, the worker may end (after writing the cache) while the index is restored here.
    let received = false;
    const settle = (outcome: () => void, stop = true) => {
      if (settled) return;
      settled = true;
      if (stop) void worker.terminate();
      else worker.unref();
      outcome();
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('error' in message) {
        const { file, line, reason, message: text } = message.error;
        return settle(() => reject(file !== undefined && reason !== undefined ? new CorpusError(file, line, reason) : new Error(text)));
      }
      try {
        if (receiver.accept(message.slice)) {
          received = true;
          // The worker may still be writing the index cache: it is left to finish and exit.
          worker.postMessage('next');
          receiver
            .finish((extras) => libraryOptions(dir, extras))
            .then(
              (loaded) => settle(() => resolve(loaded), false),
              (error: unknown) => settle(() => reject(error)),
            );
        }
        // The next slice is asked for after this turn of the event loop, so requests waiting get in between.
        else setImmediate(() => worker.postMessage('next'));
      } catch (error) {
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on(
      'exit',
      (code) => received || settle(() => reject(new Error(`the corpus worker stopped (exit code ${code}) before the corpus was loaded`))),
    );
  });
}
