import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorpusFile } from '../../src/corpus/load.js';
import type { LibrarySnapshot } from '../../src/search/library.js';
import { PIPELINE_VERSION } from '../../src/search/text.js';

/**
 * Below this much corpus text, building the index is faster than reading a cache; above it, loading a
 * snapshot is faster than rebuilding (the benchmark's index-cache table measures both).
 */
export const CACHE_MIN_BYTES = 1024 * 1024;

const PREFIX = 'library-';

/** The cache key: the pipeline version and every corpus file's name, content and sidecar. */
export function cacheKey(files: CorpusFile[]): string {
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  for (const { file, content, sidecar } of [...files].sort((a, b) => a.file.localeCompare(b.file)))
    hash
      .update(`\0${file}\0`)
      .update(content)
      .update(`\0${sidecar ?? ''}`);
  return hash.digest('hex').slice(0, 32);
}

/** The snapshot saved for this key, or undefined (none, unreadable, or another version). */
export async function readSnapshot(dir: string, key: string): Promise<LibrarySnapshot | undefined> {
  try {
    const snapshot = snapshotFromJson(await readFile(join(dir, `${PREFIX}${key}.json`), 'utf8'));
    // The library checks the rest of the version (the corpus lexicon) itself.
    return snapshot.version.startsWith(`${PIPELINE_VERSION}-`) ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the snapshot for this key (atomically: write, then rename) and removes older ones. */
export async function writeSnapshot(dir: string, key: string, snapshot: LibrarySnapshot): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${PREFIX}${key}.json`);
  // Replicas may share the folder (a volume), and containers all have pid 1: the name must be unique.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, snapshotToJson(snapshot));
  await rename(temporary, file);
  for (const name of await readdir(dir))
    if (name.startsWith(PREFIX) && name !== `${PREFIX}${key}.json` && !name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
}

/** A snapshot as JSON: the postings' typed arrays as base64 of their bytes (this machine's byte order, as the cache is). */
export function snapshotToJson(snapshot: LibrarySnapshot): string {
  const { offsets, passages, impacts, fields, terms } = snapshot.postings;
  const bytes = (a: Int32Array | Float32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return JSON.stringify({
    ...snapshot,
    postings: { terms, offsets: bytes(offsets), passages: bytes(passages), impacts: bytes(impacts), fields: bytes(fields) },
  });
}

/** The snapshot `snapshotToJson` wrote. */
export function snapshotFromJson(text: string): LibrarySnapshot {
  const parsed = JSON.parse(text) as Omit<LibrarySnapshot, 'postings'> & {
    postings: Record<'offsets' | 'passages' | 'impacts' | 'fields', string> & { terms: string[] };
  };
  const { terms, offsets, passages, impacts, fields } = parsed.postings;
  const read = <T extends Int32Array | Float32Array | Uint8Array>(base64: string, make: (n: number) => T): T => {
    const raw = Buffer.from(base64, 'base64');
    const out = make(raw.length / make(0).BYTES_PER_ELEMENT);
    new Uint8Array(out.buffer).set(raw);
    return out;
  };
  return {
    ...parsed,
    postings: {
      terms,
      offsets: read(offsets, (n) => new Int32Array(n)),
      passages: read(passages, (n) => new Int32Array(n)),
      impacts: read(impacts, (n) => new Float32Array(n)),
      fields: read(fields, (n) => new Uint8Array(n)),
    },
  };
}
