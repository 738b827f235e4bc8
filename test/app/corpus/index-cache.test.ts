import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/log.js';
import { Library } from '../../../src/search/library.js';
import { CACHE_MIN_BYTES, cacheKey, snapshotFromJson, snapshotToJson } from '../../../app/corpus/index-cache.js';
import { indexCorpusDir } from '../../../app/corpus/index.js';
import { loadShippedDocuments, until } from '../../support/helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redline-cache-'));
  dirs.push(dir);
  return dir;
}

/** A corpus large enough to be cached: news-like documents made from a small vocabulary. */
async function largeCorpus(dir: string): Promise<void> {
  const words = [
    'minister',
    'summit',
    'treaty',
    'border',
    'troops',
    'talks',
    'energy',
    'pipeline',
    'election',
    'budget',
    'court',
    'market',
  ];
  let bytes = 0;
  for (let d = 0; bytes < CACHE_MIN_BYTES * 1.2; d++) {
    const paragraphs = Array.from({ length: 6 }, (_, p) =>
      Array.from(
        { length: 12 },
        (_, s) =>
          `The ${words[(d + p + s) % words.length]} of region ${d} met the ${words[(d * s + p) % words.length]} in ${2000 + ((d + s) % 25)}.`,
      ).join(' '),
    );
    const text = `---\nid: doc-${d}\ntitle: Report ${d}\nsource: example.org\n---\n\n${paragraphs.join('\n\n')}\n`;
    bytes += text.length;
    await writeFile(join(dir, `doc-${d}.md`), text);
  }
}

function recordingLogger(lines: string[]): Logger {
  const log = (obj: object | string, msg?: string) => lines.push(typeof obj === 'string' ? obj : (msg ?? ''));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('Library snapshots', () => {
  describe('toSnapshot', () => {
    it('restores a library that answers exactly as the one it was taken from', async () => {
      const documents = await loadShippedDocuments();
      const built = new Library(documents);
      const restored = new Library(documents, {}, snapshotFromJson(snapshotToJson(built.toSnapshot())));
      for (const q of ['nato', 'zakarova', 'bitcoin', 'will nato expand east', 'kremlin'])
        expect(restored.search(q, { limit: 5 })).toEqual(built.search(q, { limit: 5 }));
    });

    it('refuses a snapshot of another pipeline version or corpus', async () => {
      const documents = await loadShippedDocuments();
      const snapshot = { ...new Library(documents).toSnapshot(), version: 'old' };
      expect(() => new Library(documents, {}, snapshot)).toThrow('Library: snapshot was made by another pipeline version or corpus');
    });
  });
});

describe('indexCorpusDir with a cache', () => {
  it('saves a large corpus’s index, loads it next time, and rebuilds when a file changes', async () => {
    const corpus = await tempDir();
    const cacheDir = await tempDir();
    await largeCorpus(corpus);
    const logs: string[] = [];
    const first = await indexCorpusDir(corpus, { cacheDir, log: recordingLogger(logs) });
    await until(async () => (await readdir(cacheDir)).some((f) => f.endsWith('.json')));
    const second = await indexCorpusDir(corpus, { cacheDir, log: recordingLogger(logs) });
    expect(logs).toContain('index loaded from the cache');
    expect(second.library.search('treaty region 7', { limit: 3 })).toEqual(first.library.search('treaty region 7', { limit: 3 }));

    const [cached] = await readdir(cacheDir);
    await writeFile(join(corpus, 'doc-0.md'), '---\ntitle: Changed\nsource: example.org\n---\n\nA different text about glaciers.\n');
    logs.length = 0;
    const third = await indexCorpusDir(corpus, { cacheDir, log: recordingLogger(logs) });
    expect(logs).not.toContain('index loaded from the cache');
    expect(third.library.search('glaciers').total).toBe(1);
    await until(async () => !(await readdir(cacheDir)).includes(cached!));
  });

  it('builds a small corpus fresh, without a cache file', async () => {
    const cacheDir = await tempDir();
    await indexCorpusDir(new URL('../../../corpus', import.meta.url).pathname, { cacheDir });
    await new Promise((r) => setTimeout(r, 100));
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('keys the cache on file names and contents', () => {
    const a = cacheKey([{ file: 'a.md', content: 'x' }]);
    expect(cacheKey([{ file: 'a.md', content: 'x' }])).toBe(a);
    expect(cacheKey([{ file: 'a.md', content: 'y' }])).not.toBe(a);
    expect(cacheKey([{ file: 'b.md', content: 'x' }])).not.toBe(a);
  });
});
