// Index cache: does restoring the library from a saved snapshot beat building it again?
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkDocument } from '../src/corpus/chunk.js';
import { snapshotFromJson, snapshotToJson } from '../app/corpus/index-cache.js';
import { Library } from '../src/search/library.js';
import { PIPELINE_VERSION } from '../src/search/text.js';
import type { Document } from '../src/types.js';
import { msSince } from './stats.js';

export interface CacheTiming {
  bytes: number;
  /** `JSON.stringify` of the library's snapshot, written to a file. */
  save_ms: number;
  /** Read the file, `JSON.parse` it and restore the library from it (chunking and vocabulary included): the cached start. */
  load_ms: number;
}

/** Saves the library's snapshot to a temporary file and restores a library from it, as `indexCorpusDir` does with a cache. */
export function timeLibrarySnapshot(library: Library, documents: Document[]): CacheTiming {
  const file = join(tmpdir(), `redline-bench-snapshot-${process.pid}.json`);
  try {
    let start = process.hrtime.bigint();
    writeFileSync(file, snapshotToJson(library.toSnapshot()));
    const save_ms = msSince(start);
    const bytes = statSync(file).size;
    start = process.hrtime.bigint();
    const restored = new Library(documents, {}, snapshotFromJson(readFileSync(file, 'utf8')));
    const load_ms = msSince(start);
    if (restored.passages.length !== library.passages.length) throw new Error('bench: the restored library lost passages');
    return { bytes, save_ms, load_ms };
  } finally {
    rmSync(file, { force: true });
  }
}

/** The cache key a cache would use: a hash of the corpus and the pipeline version, and how long it takes. */
export function timeCacheKey(documents: Document[]): { key: string; ms: number } {
  const start = process.hrtime.bigint();
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  for (const d of documents) hash.update(JSON.stringify(d));
  return { key: hash.digest('hex').slice(0, 16), ms: msSince(start) };
}

/** Chunking alone: the part of a library build that a cache of the index alone would not skip. */
export function timeChunking(documents: Document[]): number {
  const start = process.hrtime.bigint();
  let n = 0;
  for (const d of documents) n += chunkDocument(d).length;
  if (n < 0) console.error(n);
  return msSince(start);
}
