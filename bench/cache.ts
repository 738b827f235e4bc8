// Index cache: would loading a serialized MiniSearch index beat building the library again?
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import { chunkDocument } from '../src/corpus/chunk.js';
import type { Library } from '../src/search/library.js';
import { PIPELINE_VERSION } from '../src/search/text.js';
import type { Document } from '../src/types.js';
import { msSince } from './stats.js';

export interface CacheTiming {
  /** Which index was serialized: the library's own, or a plain MiniSearch over the same passages. */
  index: 'library' | 'plain';
  bytes: number;
  save_ms: number;
  /** Read the file, `JSON.parse` it and `MiniSearch.loadJSON` it. */
  load_ms: number;
}

/** The library's internal MiniSearch index, when it can be reached (it is private: this is for measurement only). */
export function libraryIndex(library: Library): MiniSearch | undefined {
  const index = (library as unknown as { index?: unknown }).index;
  return index instanceof MiniSearch ? index : undefined;
}

/** Serializes `index` to a temporary file and loads it back, timing both. */
export function timeIndexCache(index: MiniSearch, fields: string[], kind: CacheTiming['index']): CacheTiming {
  const file = join(tmpdir(), `redline-bench-index-${process.pid}-${kind}.json`);
  try {
    let start = process.hrtime.bigint();
    writeFileSync(file, JSON.stringify(index));
    const save_ms = msSince(start);
    const bytes = statSync(file).size;
    start = process.hrtime.bigint();
    const loaded = MiniSearch.loadJSON(readFileSync(file, 'utf8'), { fields } as Options);
    const load_ms = msSince(start);
    if (loaded.documentCount !== index.documentCount) throw new Error('bench: the reloaded index lost documents');
    return { index: kind, bytes, save_ms, load_ms };
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
