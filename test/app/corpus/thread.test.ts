import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusInWorker } from '../../../app/corpus/thread.js';
import { sliceCorpus, CorpusReceiver, transferOf } from '../../../app/corpus/transfer.js';
import { libraryOptions, loadCorpusDir } from '../../../app/corpus/index.js';
import { CORPUS_DIR, FIXTURES_DIR } from '../../support/helpers.js';
import { makePdf } from '../../support/make-pdf.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redline-thread-'));
  await cp(CORPUS_DIR, dir, { recursive: true });
  await cp(FIXTURES_DIR, join(dir, 'more'), { recursive: true });
  await writeFile(
    join(dir, 'brief.pdf'),
    makePdf([
      [{ x: 72, y: 700, text: 'Glaciers retreated forty metres last year.' }],
      [{ x: 72, y: 700, text: 'Fjords froze later than ever recorded.' }],
    ]),
  );
  await writeFile(join(dir, 'channels.yaml'), 'channels: {}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const QUERIES = ['nato', 'fjords', 'visa negotiations', 'who said red line', 'zakarova'];

describe('loadCorpusInWorker', () => {
  it('gives the same corpus as loading on this thread: documents, passages (pages too), answers and extras', async () => {
    const [here, there] = await Promise.all([loadCorpusDir(dir), loadCorpusInWorker(dir)]);
    expect(there.index.library.documents).toEqual(here.index.library.documents);
    expect(there.index.library.passages).toEqual(here.index.library.passages);
    expect(there.index.library.passages.find((p) => p.text.startsWith('Fjords'))!.page).toBe(2);
    for (const query of QUERIES)
      expect(there.index.library.search(query, { limit: 5 })).toEqual(here.index.library.search(query, { limit: 5 }));
    expect(there.extras.get('channels.yaml')).toBe('channels: {}\n');
    expect([...there.extras]).toEqual([...here.extras]);
  });

  it('resolves for a corpus whose index takes longer to restore than the worker takes to end', async () => {
    const large = await mkdtemp(join(tmpdir(), 'redline-thread-large-'));
    try {
      const words = (i: number) => Array.from({ length: 60 }, (_, k) => `w${(i * 7919 + k * 104729) % 6000}`).join(' ');
      const body = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} says ${words(i)}.`).join('\n\n');
      await writeFile(join(large, 'large.md'), `---\ntitle: Large\nsource: example.org\n---\n\n${body}\n`);
      const loaded = await loadCorpusInWorker(large);
      expect(loaded.index.library.passages.length).toBe(4000);
    } finally {
      await rm(large, { recursive: true, force: true });
    }
  });

  it('skips a document that cannot be read (named, with the reason), and rejects with the CorpusError of a broken settings file', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'redline-thread-bad-'));
    try {
      await writeFile(join(broken, 'bad.pdf'), 'not a pdf');
      await writeFile(join(broken, 'good.md'), '---\ntitle: Good\nsource: example.org\n---\n\nThe good document is answered.\n');
      const loaded = await loadCorpusInWorker(broken);
      expect(loaded.index.library.documents.map((d) => d.id)).toEqual(['good']);
      expect(loaded.report.skipped).toEqual([{ file: join(broken, 'bad.pdf'), reason: expect.stringMatching(/^not a readable PDF/) }]);
      await writeFile(join(broken, 'lexicon.yaml'), 'synonyms: [unclosed\n');
      await expect(loadCorpusInWorker(broken)).rejects.toMatchObject({
        name: 'CorpusError',
        file: join(broken, 'lexicon.yaml'),
        message: expect.stringMatching(/lexicon\.yaml:\d+: unreadable YAML/),
      });
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('sliceCorpus', () => {
  it('cuts a corpus into slices that each stay small, and CorpusReceiver puts them back together', async () => {
    const loaded = await loadCorpusDir(dir);
    const receiver = new CorpusReceiver();
    let slices = 0;
    let columnar = 0;
    for (const slice of sliceCorpus(loaded)) {
      slices++;
      if (slice.type === 'passages') {
        // Passages as chunkDocument makes them travel as numbers and slices of text already sent, none whole.
        expect(slice.columns.length / 10).toBeLessThanOrEqual(1000);
        expect(slice.whole).toEqual([]);
        columnar += slice.columns.length / 10;
      }
      if (slice.type === 'head')
        expect(transferOf(slice).map((b) => b.byteLength)).toEqual(Object.values(slice.postings).map((a) => a.byteLength));
      receiver.accept(slice);
    }
    expect(slices).toBeGreaterThan(5);
    expect(columnar).toBe(loaded.index.library.passages.length);
    const restored = await receiver.finish((extras) => libraryOptions(dir, extras));
    expect(restored.index.library.passages).toEqual(loaded.index.library.passages);
    expect(restored.index.library.documents).toEqual(loaded.index.library.documents);
    expect(restored.index.library.search('nato')).toEqual(loaded.index.library.search('nato'));
  });

  it("sends whole a passage that is not its paragraph's text at its offsets", async () => {
    const loaded = await loadCorpusDir(dir);
    const passages = loaded.index.library.passages;
    const odd = { ...passages[1]!, text: `${passages[1]!.text} (edited)` };
    const copy = {
      ...loaded,
      index: {
        ...loaded.index,
        library: Object.assign(Object.create(Object.getPrototypeOf(loaded.index.library)), loaded.index.library, {
          passages: [passages[0]!, odd, ...passages.slice(2)],
        }),
      },
    };
    const receiver = new CorpusReceiver();
    let whole = 0;
    for (const slice of sliceCorpus(copy)) {
      if (slice.type === 'passages') whole += slice.whole.length;
      receiver.accept(slice);
    }
    expect(whole).toBe(1);
    const restored = await receiver.finish((extras) => libraryOptions(dir, extras));
    expect(restored.index.library.passages[1]).toEqual(odd);
    expect(restored.index.library.passages.slice(2)).toEqual(passages.slice(2));
  });
});
