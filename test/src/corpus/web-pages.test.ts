import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus, readDocument } from '../../../src/corpus/load.js';
import { buildCorpusIndex } from '../../../src/service/corpus-index.js';
import { createRedline } from '../../../src/service/service.js';
import { answerOf } from '../../support/helpers.js';

const FIXTURES = new URL('../../fixtures/web-pages/', import.meta.url).pathname;
/** Mozilla Readability's 100 saved test pages in `shared/`, beside the clone (in CI too) or beside its worktrees folder. */
const SHARED =
  ['../../../../shared/data/web-pages/', '../../../../shared/data/web-pages/']
    .map((p) => new URL(p, import.meta.url).pathname)
    .find((p) => existsSync(p)) ?? '';

const page = async (dir: string, name: string) => ({ file: `corpus/${name}`, content: await readFile(join(dir, name), 'utf8') });
const text = (document: { sections: Array<{ paragraphs: string[] }> }) => document.sections.flatMap((s) => s.paragraphs).join(' ');

describe('saved web pages', () => {
  it('reads a page that opens with an IE conditional comment and whose <html> class says "ShareTools"', async () => {
    const { document } = await readDocument(await page(FIXTURES, 'nytimes-2.html'));
    expect(document!.title).toMatch(/\S/);
    expect(text(document!).length).toBeGreaterThan(3000);
  }, 30_000);

  it('keeps the article of a page whose <body> and <article> classes say "comment" and "share"', async () => {
    const { document } = await readDocument(await page(FIXTURES, 'lifehacker-working.html'));
    expect(text(document!).length).toBeGreaterThan(5000);
  }, 30_000);

  it('skips a stub page with a one-line reason, and the pages beside it answer', async () => {
    const read = await readCorpus(
      await Promise.all(['lazy-image-3.html', 'lifehacker-working.html', 'nytimes-2.html'].map((n) => page(FIXTURES, n))),
    );
    expect(read.skipped).toEqual([{ file: 'corpus/lazy-image-3.html', reason: 'no usable text, not indexed' }]);
    expect(read.documents).toHaveLength(2);
    const redline = createRedline(buildCorpusIndex(read.documents, {}, Date.now), { now: Date.now });
    const words = text(read.documents[1]!)
      .split(/\s+/)
      .filter((w) => /^[a-z]{7,}$/i.test(w))
      .slice(0, 3)
      .join(' ');
    const answer = answerOf(redline, { command: 'ask', text: words }, { platform: 'cli' });
    expect(answer.kind === 'results' && answer.total).toBeGreaterThan(0);
  }, 60_000);

  it.runIf(SHARED !== '')(
    '(with ../shared/data/web-pages present) every one of the 100 pages loads or is skipped with a one-line reason, and together they answer',
    async () => {
      const names = (await readdir(SHARED)).filter((n) => n.endsWith('.html'));
      expect(names).toHaveLength(100);
      const read = await readCorpus(await Promise.all(names.map((n) => page(SHARED, n))));
      expect(read.documents.length + read.skipped.length).toBe(100);
      for (const { reason } of read.skipped) expect(reason).toMatch(/^[^\n]{5,300}$/);
      expect(read.documents.length).toBeGreaterThanOrEqual(99);
      const redline = createRedline(buildCorpusIndex(read.documents, {}, Date.now), { now: Date.now });
      const answer = answerOf(redline, { command: 'ask', text: 'wikipedia' }, { platform: 'cli' });
      expect(answer.kind === 'results' && answer.total).toBeGreaterThan(0);
    },
    300_000,
  );
});
