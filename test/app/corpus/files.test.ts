import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCorpus } from '../../../app/corpus/files.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';

const md = (title: string, text = 'Some text of the document.') => `---\ntitle: ${title}\nsource: example.org\n---\n\n${text}\n`;

let base: string;
let dir: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'redline-scan-'));
  dir = join(base, 'corpus');
  await mkdir(dir);
  await writeFile(join(dir, 'a.md'), md('A'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('scanCorpus', () => {
  it('reads only regular files inside the folder: no FIFO, no symlink outside, no symlink loop or folder link', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    await writeFile(join(base, 'secret.md'), md('Secret', 'Outside the corpus.'));
    await symlink(join(base, 'secret.md'), join(dir, 'outside.md'));
    await symlink(join(dir, 'a.md'), join(dir, 'inside.md'));
    await symlink(join(dir, 'loop-b.md'), join(dir, 'loop-a.md'));
    await symlink(join(dir, 'loop-a.md'), join(dir, 'loop-b.md'));
    await symlink(dir, join(dir, 'again'));
    await symlink('.', join(dir, 'self'));
    const scan = await scanCorpus(dir);
    expect(scan.files.map((f) => f.file)).toEqual([join(dir, 'a.md'), join(dir, 'inside.md')]);
    expect(Object.fromEntries(scan.skipped.map((s) => [s.file.slice(dir.length + 1), s.reason]))).toEqual({
      'loop-a.md': 'a symlink loop',
      'loop-b.md': 'a symlink loop',
      'outside.md': 'a symlink leading outside the corpus folder',
      'pipe.md': 'not a regular file (a named pipe)',
    });
  });

  it('skips a file over the size limit, saying so', async () => {
    await writeFile(join(dir, 'big.txt'), `Big\n\n${'word '.repeat(50_000)}\n`);
    const scan = await scanCorpus(dir, { maxFileBytes: 100_000 });
    expect(scan.files.map((f) => f.file)).toEqual([join(dir, 'a.md')]);
    expect(scan.skipped).toEqual([{ file: join(dir, 'big.txt'), reason: '0.2 MB is over the size limit of 0.1 MB (REDLINE_MAX_FILE_MB)' }]);
  });

  it('pairs sidecars with their documents and hands other top-level YAML files over as text', async () => {
    await writeFile(join(dir, 'a.md.yaml'), 'title: From the sidecar\n');
    await writeFile(join(dir, 'lexicon.yaml'), 'synonyms:\n  - [ship, vessel]\n');
    await writeFile(join(dir, 'channels.yaml'), 'channels: {}\n');
    await writeFile(join(dir, 'gone.pdf.yaml'), 'title: Nothing\n');
    const scan = await scanCorpus(dir);
    expect(scan.files).toEqual([{ file: join(dir, 'a.md'), content: md('A'), sidecar: 'title: From the sidecar\n' }]);
    expect([...scan.extras.keys()].sort()).toEqual(['channels.yaml', 'lexicon.yaml']);
    expect(scan.extras.get('lexicon.yaml')).toBe('synonyms:\n  - [ship, vessel]\n');
    expect(scan.skipped).toEqual([{ file: join(dir, 'gone.pdf.yaml'), reason: 'a sidecar for gone.pdf, which is not in the folder' }]);
    const { index } = await loadCorpusDir(dir);
    expect(index.library.documents.map((d) => d.title)).toEqual(['From the sidecar']);
  });
});

describe('loadCorpusDir', () => {
  it('reports what it skipped and logs each, and still serves the rest', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    const logs: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (_: object, msg: string) => logs.push(msg), child: () => log };
    const { index, report } = await loadCorpusDir(dir, { log });
    expect(index.library.documents.map((d) => d.id)).toEqual(['a']);
    expect(report.skipped).toEqual([{ file: join(dir, 'pipe.md'), reason: 'not a regular file (a named pipe)' }]);
    expect(logs).toEqual([`corpus file skipped: ${join(dir, 'pipe.md')}: not a regular file (a named pipe)`]);
  });
});
