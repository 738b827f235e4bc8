import { parentPort, workerData } from 'node:worker_threads';
import { CorpusError } from '../../src/corpus/load.js';
import { sliceCorpus, transferOf, type CorpusSlice } from './transfer.js';
import { loadCorpusDir, type IndexOptions } from './index.js';
import { lowerThreadPriority } from './thread-priority.js';

// The corpus worker thread: reads, converts and indexes the corpus folder away from the serving
// thread, then hands the result over one slice each time the serving thread asks for the next.

/** What the worker is started with. */
export interface CorpusJob {
  dir: string;
  options: Omit<IndexOptions, 'log'>;
}

/** What the worker sends: a slice, or the error that stopped the load (a `CorpusError`'s parts kept). */
export type WorkerMessage = { slice: CorpusSlice } | { error: { message: string; file?: string; line?: number; reason?: string } };

const port = parentPort!;
const { dir, options } = workerData as CorpusJob;
// Reading and indexing yield the CPU to the serving thread (and its garbage collector) on a busy machine.
lowerThreadPriority();

try {
  const slices = sliceCorpus(await loadCorpusDir(dir, options));
  const send = () => {
    const next = slices.next();
    if (!next.done) port.postMessage({ slice: next.value } satisfies WorkerMessage, transferOf(next.value));
    // After the last slice the thread ends by itself, once the index cache (if any) is written.
    else port.close();
  };
  port.on('message', send);
  send();
} catch (error) {
  const e = error as Error;
  const parts = error instanceof CorpusError ? { file: error.file, ...(error.line ? { line: error.line } : {}), reason: error.reason } : {};
  port.postMessage({ error: { message: e.message ?? String(error), ...parts } } satisfies WorkerMessage);
}
