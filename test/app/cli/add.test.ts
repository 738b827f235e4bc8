import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDocument } from '../../../app/cli/add.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { runRedline } from '../../support/helpers.js';
import { makeDocx } from '../../support/make-docx.js';
import { makePdf } from '../../support/make-pdf.js';

let base: string;
let corpus: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'redline-add-'));
  corpus = join(base, 'corpus');
  await mkdir(corpus);
  await writeFile(join(corpus, 'a.md'), '---\ntitle: A\nsource: example.org\n---\n\nSome text.\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const page = await readFile(new URL('../../fixtures/formats/harbour-news.html', import.meta.url), 'utf8');
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/news/harbour') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page.replace('https://coastline.example/news/harbour-dredging', '/news/harbour-dredging'));
    }
    if (req.url === '/brief') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end(
        makePdf([
          [{ x: 72, y: 700, text: 'Glaciers retreated forty metres last year.' }],
          [{ x: 72, y: 700, text: 'Fjords froze later than ever.' }],
        ]),
      );
    }
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write(`<html><body><p>${'x'.repeat(60_000)}`);
      return setTimeout(() => res.end(`${'y'.repeat(60_000)}</p></body></html>`), 10);
    }
    if (req.url === '/slow') return setTimeout(() => res.end('<p>late</p>'), 2_000);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('redline add', () => {
  it('copies a Word file with a sidecar for the metadata given, and prints its sections and passages', async () => {
    const source = join(base, 'plan.docx');
    await writeFile(
      source,
      await makeDocx([
        { heading: 1, text: 'Migration plan' },
        { text: 'Billing moves first.' },
        { heading: 2, text: 'Risks' },
        { text: 'Two weeks of notice.' },
        { text: 'A test window.' },
      ]),
    );
    const run = await runRedline(['add', '--title', 'Cloud plan', '--source', 'ops wiki', source], { env: { CORPUS_DIR: corpus } });
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      `Added ${join(corpus, 'plan.docx')} (with plan.docx.yaml): "Cloud plan" [plan], 3 passages in 2 sections\n  • Lead (1)\n  • Risks (2)\n`,
    );
    expect(await readFile(join(corpus, 'plan.docx.yaml'), 'utf8')).toBe('title: "Cloud plan"\nsource: "ops wiki"\n');
    const { index } = await loadCorpusDir(corpus);
    expect(index.library.documentMeta('plan')).toMatchObject({ title: 'Cloud plan', source: 'ops wiki' });
  });

  it('fetches a web page, keeping its canonical URL (made absolute) for citations', async () => {
    const result = await addDocument(`${origin}/news/harbour`, { corpusDir: corpus });
    expect(result.file).toBe(join(corpus, 'harbour.html'));
    expect(result.document).toMatchObject({
      title: 'Harbour dredging approved after two-year review',
      url: `${origin}/news/harbour-dredging`,
      publisher: 'Coastline Daily',
    });
    expect(result.sections.map((s) => s.title)).toEqual(['Lead', 'Concerns about the seabed', 'What happens next']);
    expect(await readFile(join(corpus, 'harbour.html.yaml'), 'utf8')).toBe(`url: "${origin}/news/harbour-dredging"\n`);
  });

  it('fetches a PDF by its content type, with the address it came from as its URL', async () => {
    const result = await addDocument(`${origin}/brief`, { corpusDir: corpus });
    expect(result.file).toBe(join(corpus, 'brief.pdf'));
    expect(result.document).toMatchObject({ url: `${origin}/brief`, format: 'pdf', source: 'brief.pdf' });
    expect(result.passages).toBe(2);
    const run = await runRedline(['ask', '--json', 'fjords', 'froze'], { env: { CORPUS_DIR: corpus, REDLINE_CACHE_DIR: 'off' } });
    expect(run.code).toBe(0);
    const [hit] = (JSON.parse(run.out) as { results: Array<Record<string, unknown>> }).results;
    expect(hit).toMatchObject({
      text: 'Fjords froze later than ever.',
      page: 2,
      link: `${origin}/brief#page=2`,
      document: { url: `${origin}/brief`, source: 'brief.pdf' },
    });
  });

  it('refuses a page over the size limit, a server that does not answer in time, and a file that does not load, leaving nothing behind', async () => {
    await expect(addDocument(`${origin}/huge`, { corpusDir: corpus, maxFileBytes: 100_000 })).rejects.toThrow(
      `${origin}/huge: is over the size limit`,
    );
    await expect(addDocument(`${origin}/slow`, { corpusDir: corpus, timeoutMs: 200 })).rejects.toThrow(
      `${origin}/slow: no answer within 0.2 s`,
    );
    await writeFile(join(base, 'broken.pdf'), 'not a pdf at all');
    const run = await runRedline(['add', '--title', 'X', join(base, 'broken.pdf')], { env: { CORPUS_DIR: corpus } });
    expect(run.code).toBe(1);
    expect(run.err).toBe(`redline: corpus error: ${join(corpus, 'broken.pdf')}: not a readable PDF (Invalid PDF structure.)\n`);
    expect(await readdir(corpus)).toEqual(['a.md']);
  });

  it('says what is wrong with how it was called, and will not overwrite a document', async () => {
    const run = await runRedline(['add'], { env: { CORPUS_DIR: corpus } });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^redline: add needs one file or URL/);
    await writeFile(join(base, 'a.md'), '---\ntitle: Other\nsource: s\n---\n\nText.\n');
    const again = await runRedline(['add', join(base, 'a.md')], { env: { CORPUS_DIR: corpus } });
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${join(corpus, 'a.md')}: is already in the corpus`);
  });
});
