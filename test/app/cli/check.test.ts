import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, runRedline } from '../../support/helpers.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function corpusWith(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'redline-check-'));
  await cp(CORPUS_DIR, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('redline with an unreadable document', () => {
  it('answers from the rest, exit 0, with a warning on stderr naming the file and line', async () => {
    const corpus = await corpusWith({ 'broken.md': '---\ntitle: [unclosed\n---\n\nText.\n', 'junk.md': '\0\0\0binary' });
    const { code, out, err } = await runRedline(['ask', '--json', 'nato'], { env: { CORPUS_DIR: corpus } });
    expect(code).toBe(0);
    expect(JSON.parse(out).results.length).toBeGreaterThan(0);
    expect(err).toContain(`redline: warning: corpus file skipped: ${join(corpus, 'broken.md')}:2: unreadable front matter`);
    expect(err).toContain(`redline: warning: corpus file skipped: ${join(corpus, 'junk.md')}: not text (binary content in a .md file)`);
  }, 30_000);

  it('still stops with exit 1 on a broken settings file, naming it and its line', async () => {
    const corpus = await corpusWith({ 'lexicon.yaml': 'synonyms:\n  - [a, b\n' });
    const { code, err } = await runRedline(['ask', 'nato'], { env: { CORPUS_DIR: corpus } });
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`corpus error: ${join(corpus, 'lexicon.yaml')}:\\d+: unreadable YAML`));
  }, 30_000);
});

describe('redline check', () => {
  it('exits 0 on a clean corpus', async () => {
    const { code, out } = await runRedline(['check']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+ documents? read; no problems\n$/);
  }, 30_000);

  it('prints every problem with file and line, documents and settings alike, and exits 1', async () => {
    const corpus = await corpusWith({
      'broken.md': '---\ntitle: [unclosed\n---\n\nText.\n',
      'nosource.md': '---\ntitle: No source\n---\n\nText.\n',
      'lexicon.yaml': 'synonyms:\n  - [a, b\n',
      'channels.yaml': 'channels:\n  C01: [red-line-russia-us]\n  C02: [no-such-document]\n',
    });
    const { code, out } = await runRedline(['check'], { env: { CORPUS_DIR: corpus } });
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${join(corpus, 'broken.md')}:2: not read: unreadable front matter`)),
      `${join(corpus, 'nosource.md')}:2: not read: missing "source" (where the text comes from, e.g. "source: vov.vn")`,
      expect.stringMatching(new RegExp(`^${join(corpus, 'lexicon.yaml')}:\\d+: unreadable YAML`)),
      `${join(corpus, 'channels.yaml')}:3: no document "no-such-document" in the corpus`,
      '1 document read; 4 problems',
    ]);
  }, 30_000);

  it('is a usage error with arguments', async () => {
    const { code, err } = await runRedline(['check', 'now']);
    expect(code).toBe(2);
    expect(err).toContain('check takes no arguments');
  });
});
