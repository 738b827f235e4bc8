import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.js';
import { createRedline } from '../../src/service.js';
import { indexCorpusDir } from '../../app/start.js';
import { watchCorpus, type CorpusWatcher } from '../../app/watch.js';
import { CORPUS_DIR, until } from '../helpers.js';

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: object | string, msg?: string) => lines.push(`${level} ${typeof obj === 'string' ? obj : (msg ?? '')}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

let dir: string;
let watcher: CorpusWatcher | undefined;
afterEach(async () => {
  watcher?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('watchCorpus', () => {
  it('picks up an added document, keeps serving the last good corpus through a broken file, and recovers', async () => {
    dir = await mkdtemp(join(tmpdir(), 'redline-corpus-'));
    await cp(CORPUS_DIR, dir, { recursive: true });
    const redline = createRedline(await indexCorpusDir(dir));
    const logs: string[] = [];
    watcher = watchCorpus(dir, redline, () => indexCorpusDir(dir), recordingLogger(logs), 50);
    const found = (q: string) => {
      const a = redline.handle({ command: 'ask', text: q }, { platform: 'cli' });
      return a.kind === 'results' ? a.total : -1;
    };
    expect(found('arctic shipping')).toBe(0);

    await writeFile(join(dir, 'arctic.md'), '---\ntitle: Arctic\nsource: example.org\n---\n\nArctic shipping grew fast.\n');
    await until(() => found('arctic shipping') > 0);
    const before = redline.current();

    await writeFile(join(dir, 'broken.md'), '---\ntitle: Broken\nsource: [unclosed\n---\n\nText.\n');
    await until(() => logs.some((l) => l.startsWith('error') && l.includes('broken.md:')));
    expect(redline.current()).toBe(before);
    expect(found('arctic shipping')).toBeGreaterThan(0);
    expect(found('nato')).toBeGreaterThan(0);

    await rm(join(dir, 'broken.md'));
    await rm(join(dir, 'arctic.md'));
    await until(() => found('arctic shipping') === 0);
    expect(found('nato')).toBeGreaterThan(0);
  });
});
