import { parentPort } from 'node:worker_threads';
import { CorpusError } from '../../src/corpus/load.js';
import { readAndWrite, type ReadJob, type ReaderMessage } from './reader.js';

// The page-reading thread: turns a fetched page into a document (the article reader, the sidecar,
// the checks `redline add` makes) and writes it, away from the thread that answers requests.

const port = parentPort!;
port.on('message', async ({ id, job }: { id: number; job: ReadJob }) => {
  try {
    port.postMessage({ id, result: await readAndWrite(job) } satisfies ReaderMessage);
  } catch (error) {
    const e = error as Error;
    const parts =
      error instanceof CorpusError ? { file: error.file, ...(error.line ? { line: error.line } : {}), reason: error.reason } : {};
    port.postMessage({ id, error: { message: e.message ?? String(error), ...parts } } satisfies ReaderMessage);
  }
});
