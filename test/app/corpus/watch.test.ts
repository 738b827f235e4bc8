import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/log.js';
import { createRedline } from '../../../src/service/service.js';
import { loadCorpusInWorker } from '../../../app/corpus/thread.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { watchCorpus, type CorpusWatcher } from '../../../app/corpus/watch.js';
import { CORPUS_DIR, until, answerOf } from '../../support/helpers.js';

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: object | string, msg?: string) =>
    lines.push(`${level} ${typeof obj === 'string' ? obj : (msg ?? '')}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

let dir: string;
let watcher: CorpusWatcher | undefined;
afterEach(async () => {
  watcher?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function serving(debounceMs = 50, inWorker = true) {
  dir = await mkdtemp(join(tmpdir(), 'redline-corpus-'));
  await cp(CORPUS_DIR, dir, { recursive: true });
  const initial = await loadCorpusDir(dir);
  const redline = createRedline(initial.index, { now: Date.now });
  const logs: string[] = [];
  watcher = watchCorpus(dir, redline, () => (inWorker ? loadCorpusInWorker(dir) : loadCorpusDir(dir)), recordingLogger(logs), initial, {
    debounceMs,
  });
  const found = (q: string) => {
    const a = answerOf(redline, { command: 'ask', text: q }, { platform: 'cli' });
    return a.kind === 'results' ? a.total : -1;
  };
  return { redline, logs, found, watcher };
}

describe('watchCorpus', () => {
  it('picks up an added document, skips a broken one (reported) while the rest reloads, keeps the last good corpus through a broken settings file, and recovers', async () => {
    const { redline, logs, found, watcher } = await serving();
    expect(found('arctic shipping')).toBe(0);

    await writeFile(join(dir, 'arctic.md'), '---\ntitle: Arctic\nsource: example.org\n---\n\nArctic shipping grew fast.\n');
    await until(() => found('arctic shipping') > 0);

    // One unreadable document is a warning: the documents beside it, old and new, are answered.
    await writeFile(join(dir, 'broken.md'), '---\ntitle: Broken\nsource: [unclosed\n---\n\nText.\n');
    await writeFile(join(dir, 'glacier.md'), '---\ntitle: Glaciers\nsource: example.org\n---\n\nGlacier retreat sped up.\n');
    await until(() => found('glacier retreat') > 0);
    expect(watcher.status().skipped).toEqual([
      { file: join(dir, 'broken.md'), line: expect.any(Number), reason: expect.stringMatching(/^unreadable front matter/) },
    ]);
    expect(watcher.status().broken).toBeUndefined();
    expect(logs.some((l) => l.startsWith('warn corpus file skipped') && l.includes('broken.md:'))).toBe(true);
    expect(found('arctic shipping')).toBeGreaterThan(0);
    const before = redline.current();

    // A broken settings file still stops the change: the last good corpus keeps serving.
    await writeFile(join(dir, 'lexicon.yaml'), 'synonyms: [unclosed\n');
    await until(() => logs.some((l) => l.startsWith('error') && l.includes('lexicon.yaml')));
    expect(redline.current()).toBe(before);
    expect(watcher.status().broken).toMatchObject({ file: join(dir, 'lexicon.yaml'), error: expect.stringContaining('lexicon.yaml') });
    expect(found('nato')).toBeGreaterThan(0);

    await rm(join(dir, 'lexicon.yaml'));
    await rm(join(dir, 'broken.md'));
    await rm(join(dir, 'arctic.md'));
    await until(() => found('arctic shipping') === 0);
    expect(watcher.status().broken).toBeUndefined();
    expect(watcher.status().skipped).toEqual([]);
    expect(found('nato')).toBeGreaterThan(0);
  }, 60_000);

  it('never serves the first half of a file written in two parts with a pause', async () => {
    // Read on this thread, so the read follows the debounce at once (the worker's start-up would hide the bug).
    // A pause longer than the debounce (400 ms) but shorter than two: the old watcher read the first half.
    const { redline, found } = await serving(400, false);
    const versions = new Set<string>();
    const record = () =>
      versions.add(
        redline
          .current()
          .library.passages.map((p) => p.text)
          .join('|'),
      );
    const poll = setInterval(record, 5);
    try {
      await writeFile(join(dir, 'report.md'), '---\ntitle: Report\nsource: example.org\n---\n\nThe first half mentions glaciers');
      await new Promise((r) => setTimeout(r, 600));
      await appendFile(join(dir, 'report.md'), ' and the second half mentions fjords.\n');
      await until(() => found('fjords') > 0);
    } finally {
      clearInterval(poll);
      record();
    }
    const texts = [...versions].flatMap((v) => v.split('|'));
    expect(texts).toContain('The first half mentions glaciers and the second half mentions fjords.');
    expect(texts).not.toContain('The first half mentions glaciers');
  });

  it('keeps reloading with a FIFO in the folder, and reports it as skipped', async () => {
    const { found, watcher, logs } = await serving();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    await writeFile(join(dir, 'arctic.md'), '---\ntitle: Arctic\nsource: example.org\n---\n\nArctic shipping grew fast.\n');
    await until(() => found('arctic shipping') > 0);
    expect(watcher.status().skipped).toEqual([{ file: join(dir, 'pipe.md'), reason: 'not a regular file (a named pipe)' }]);
    expect(logs).toContain(`warn corpus file skipped: ${join(dir, 'pipe.md')}: not a regular file (a named pipe)`);
  });

  it('never opens a FIFO nor follows a symlink out of the folder: replies keep coming, and a change outside reloads nothing', async () => {
    const { found, watcher, logs } = await serving();
    const outside = await mkdtemp(join(tmpdir(), 'redline-outside-'));
    try {
      await writeFile(join(outside, 'secret.md'), '---\ntitle: Secret\nsource: example.org\n---\n\nThe vault code is tangerine.\n');
      await mkdir(join(outside, 'folder'));
      // The event loop's longest wait while the folder is read: a FIFO opened for reading would block it for good.
      let last = performance.now();
      let longest = 0;
      const beat = setInterval(() => {
        longest = Math.max(longest, performance.now() - last);
        last = performance.now();
      }, 5);
      try {
        execFileSync('mkfifo', [join(dir, 'pipe.md')]);
        await symlink(join(outside, 'secret.md'), join(dir, 'secret.md'));
        await symlink(join(outside, 'folder'), join(dir, 'linked'));
        await writeFile(join(dir, 'arctic.md'), '---\ntitle: Arctic\nsource: example.org\n---\n\nArctic shipping grew fast.\n');
        await until(() => found('arctic shipping') > 0, 30_000);
      } finally {
        clearInterval(beat);
      }
      expect(longest).toBeLessThan(1000);
      expect(found('vault tangerine')).toBe(0);
      expect(watcher.status().skipped.map((s) => [s.file, s.reason])).toEqual([
        [join(dir, 'pipe.md'), 'not a regular file (a named pipe)'],
        [join(dir, 'secret.md'), 'a symlink leading outside the corpus folder'],
      ]);
      // The links' targets are not watched: changing them outside the folder reloads nothing.
      const reloads = () => logs.filter((l) => l === 'info corpus reloaded').length;
      const before = reloads();
      await appendFile(join(outside, 'secret.md'), '\nMore about tangerine.\n');
      await writeFile(join(outside, 'folder', 'new.md'), '---\ntitle: New\nsource: example.org\n---\n\nNew text.\n');
      await new Promise((r) => setTimeout(r, 1000));
      expect(reloads()).toBe(before);
      // A folder made later inside the corpus is watched.
      await mkdir(join(dir, 'later'));
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(join(dir, 'later', 'fjords.md'), '---\ntitle: Fjords\nsource: example.org\n---\n\nFjords froze late.\n');
      await until(() => found('fjords froze') > 0, 30_000);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  }, 90_000);

  it('answers from the old corpus while a large document is read and indexed in the worker, then from the new one', async () => {
    const { found } = await serving();
    const words = (i: number) => Array.from({ length: 40 }, (_, k) => `w${(i * 7919 + k * 104729) % 9000}`).join(' ');
    const body = Array.from({ length: 6000 }, (_, i) => `Paragraph ${i} says ${words(i)}.`).join('\n\n');
    const waits: number[] = [];
    let oldAnswers = 0;
    let due = performance.now();
    const tick = setInterval(() => {
      const t = performance.now();
      waits.push(t - due);
      due = t + 10;
      if (found('zyxwvut') === 0 && found('nato') > 0) oldAnswers++;
    }, 10);
    try {
      await writeFile(join(dir, 'large.md'), `---\ntitle: Large\nsource: example.org\n---\n\n${body}\n\nThe zyxwvut appears only here.\n`);
      await until(() => found('zyxwvut') > 0, 60_000);
    } finally {
      clearInterval(tick);
    }
    expect(oldAnswers).toBeGreaterThan(10);
    expect(found('nato')).toBeGreaterThan(0);
    // Generous for a shared machine: on the serving thread the same reload held replies up for seconds.
    expect(Math.max(...waits)).toBeLessThan(1000);
  }, 90_000);
});
