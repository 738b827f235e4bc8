import { Worker } from 'node:worker_threads';
import { shortHash } from '../../src/briefings/sources.js';
import { CorpusError } from '../../src/corpus/load.js';
import { prepareDocument, writeDocument } from '../cli/add.js';

/** A fetched page to read as `redline add` reads it, and to write into the corpus folder unless `write` is false. */
export interface ReadJob {
  corpusDir: string;
  name: string;
  bytes: Uint8Array;
  url: string;
  meta: Record<string, string | undefined>;
  write: boolean;
}

/** The file (written or not), the document's address, and a hash of its text (a page source's version). */
export interface ReadResult {
  file: string;
  url?: string;
  textHash: string;
}

export type ReaderMessage =
  | { id: number; result: ReadResult }
  | { id: number; error: { message: string; file?: string; line?: number; reason?: string } };

/** Reads pages into documents; the worker keeps the article reader (tens of ms a page) off the serving thread. */
export interface DocumentReader {
  read(job: ReadJob): Promise<ReadResult>;
  close(): void;
}

/** Reads (and writes) one page where it is called. */
export async function readAndWrite(job: ReadJob): Promise<ReadResult> {
  const prepared = await prepareDocument(job);
  if (job.write) await writeDocument(prepared, { replace: true });
  const text = prepared.document.sections.map((s) => `${s.title}\n${s.paragraphs.join('\n')}`).join('\n');
  return { file: prepared.file, ...(prepared.document.url ? { url: prepared.document.url } : {}), textHash: shortHash(text) };
}

/** A reader on the calling thread (for tools and tests that want no thread). */
export const inThreadReader: DocumentReader = { read: readAndWrite, close() {} };

/**
 * A reader in a worker thread, started on first use and kept for the next page; it does not keep
 * the process alive. A thread that dies fails the pages it had and is started again for the next.
 */
export function workerReader(): DocumentReader {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: ReadResult) => void; reject: (error: Error) => void }>();
  const start = (): Worker => {
    // Under the tests and `npm run dev` the sources are TypeScript: the worker loads them through tsx.
    const started = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./read-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true },
        )
      : new Worker(new URL('./read-worker.js', import.meta.url));
    started.unref();
    started.on('message', (message: ReaderMessage) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      if ('result' in message) return waiting.resolve(message.result);
      const { file, line, reason, message: text } = message.error;
      waiting.reject(file !== undefined && reason !== undefined ? new CorpusError(file, line, reason) : new Error(text));
    });
    const fail = (error: Error) => {
      if (worker === started) worker = undefined;
      for (const [id, waiting] of pending) pending.delete(id), waiting.reject(error);
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the page reader stopped (exit code ${code})`)));
    return started;
  };
  return {
    read(job) {
      worker ??= start();
      const id = nextId++;
      const bytes = job.bytes.slice();
      return new Promise<ReadResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, job: { ...job, bytes } }, [bytes.buffer]);
      });
    },
    close() {
      void worker?.terminate();
      worker = undefined;
    },
  };
}
