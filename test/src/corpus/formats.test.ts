import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../src/corpus/chunk.js';
import { passageLink } from '../../../src/corpus/link.js';
import { readCorpus, readDocument } from '../../../src/corpus/load.js';
import type { Document } from '../../../src/types.js';
import { makeDocx } from '../../support/make-docx.js';
import { makePdf, type PdfLine } from '../../support/make-pdf.js';

const body = (doc: Document) => doc.sections.flatMap((s) => s.paragraphs).join('\n');
const header: PdfLine = { x: 72, y: 760, text: 'Arctic Council Briefing 2025', size: 9 };
const footer = (n: number): PdfLine => ({ x: 260, y: 30, text: `Polar Desk · page ${n} of 3`, size: 9 });

/** Three pages: a heading, a paragraph that runs onto page two, a hyphen at a line end, running head and footer. */
function briefingPdf(info: Record<string, string> = { Title: 'Arctic Brief' }) {
  return makePdf(
    [
      [
        header,
        { x: 72, y: 700, text: 'Shipping Lanes', size: 18 },
        { x: 72, y: 670, text: 'The northern sea route opened for twelve weeks in the sum-' },
        { x: 72, y: 656, text: 'mer, and insurers raised premiums for ice-class vessels.' },
        { x: 72, y: 620, text: 'Icebreaker escorts were booked out from July, and the' },
        footer(1),
      ],
      [
        header,
        { x: 72, y: 700, text: 'waiting list for an escort reached nine days in August.' },
        { x: 72, y: 660, text: 'Fisheries', size: 18 },
        { x: 72, y: 630, text: 'Cod stocks moved north by three hundred kilometres.' },
        footer(2),
      ],
      [
        header,
        { x: 72, y: 700, text: 'Outlook', size: 18 },
        { x: 72, y: 670, text: 'Forecasters expect the route to stay open longer each year.' },
        { x: 300, y: 30, text: '3', size: 9 },
      ],
    ],
    { info },
  );
}

describe('readDocument (.pdf)', () => {
  it('keeps headings as sections and the body text only: no running head, footer or page number, hyphens joined', async () => {
    const { document, problems } = await readDocument({ file: 'corpus/arctic.pdf', content: briefingPdf() });
    expect(problems).toEqual([]);
    expect(document).toMatchObject({ id: 'arctic', title: 'Arctic Brief', source: 'arctic.pdf', format: 'pdf' });
    expect(document!.url).toBeUndefined();
    expect(document!.sections.map((s) => s.title)).toEqual(['Shipping Lanes', 'Fisheries', 'Outlook']);
    const text = body(document!);
    for (const furniture of ['Arctic Council Briefing', 'Polar Desk', 'page 1', 'sum-']) expect(text).not.toContain(furniture);
    expect(text).toContain('opened for twelve weeks in the summer, and insurers');
    expect(text).toContain('booked out from July, and the waiting list for an escort');
  });

  it('cites the page each passage starts on', async () => {
    const { document } = await readDocument({ file: 'arctic.pdf', content: briefingPdf() });
    const pages = chunkDocument(document!).map((p) => [p.text.split(' ').slice(0, 2).join(' '), p.page]);
    expect(pages).toEqual([
      ['The northern', 1],
      ['Icebreaker escorts', 1],
      ['Cod stocks', 2],
      ['Forecasters expect', 3],
    ]);
  });

  it('takes the first heading as the title when the file has none, and a sidecar overrides the file', async () => {
    const untitled = await readDocument({ file: 'arctic.pdf', content: briefingPdf({}) });
    expect(untitled.document!.title).toBe('Shipping Lanes');
    const sidecar =
      'title: Arctic shipping 2025\nsource: polar.example\npublisher: Polar Desk\nurl: https://polar.example/brief.pdf\ndate: 2025-06-01\n';
    const { document } = await readDocument({ file: 'arctic.pdf', content: briefingPdf(), sidecar });
    expect(document).toMatchObject({
      title: 'Arctic shipping 2025',
      source: 'polar.example',
      publisher: 'Polar Desk',
      url: 'https://polar.example/brief.pdf',
      date: '2025-06-01',
    });
    const [first, , third] = chunkDocument(document!);
    expect(passageLink(document!, third!)).toBe('https://polar.example/brief.pdf#page=2');
    expect(passageLink(document!, first!)).toBe('https://polar.example/brief.pdf#page=1');
  });

  it('reads a two-column page column by column', async () => {
    const left = ['Left column starts the story of the', 'harbour and its long history of', 'trade with the northern towns.'];
    const right = ['Right column continues with the', 'ferries that run every hour in', 'summer and twice a day in winter.'];
    const lines = [
      { x: 72, y: 720, text: 'Two Columns', size: 18 },
      ...left.map((text, i) => ({ x: 72, y: 690 - i * 14, text })),
      ...right.map((text, i) => ({ x: 320, y: 690 - i * 14, text })),
    ];
    const { document } = await readDocument({ file: 'columns.pdf', content: makePdf([lines]) });
    expect(body(document!)).toBe(`${left.join(' ')}\n${right.join(' ')}`);
  });

  it('reports a scanned page and a page whose font extracts as symbols, by page, and indexes the rest', async () => {
    const pages: PdfLine[][] = [
      [{ x: 72, y: 700, text: 'The only readable page of the report.' }],
      [],
      [{ x: 72, y: 700, text: 'Text drawn in a font without a Unicode map' }],
    ];
    const { document, problems } = await readDocument({
      file: 'scan.pdf',
      content: makePdf(pages, { scannedPages: [1], symbolPages: [2] }),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^page 2: no text layer/),
      expect.stringMatching(/^page 3: the text does not extract as words/),
    ]);
    expect(body(document!)).toBe('The only readable page of the report.');
    const all = await readCorpus([
      { file: 'c/scan.pdf', content: makePdf([[]], { scannedPages: [0] }) },
      { file: 'c/ok.md', content: '---\ntitle: T\nsource: s\n---\n\nText.\n' },
    ]);
    expect(all.documents.map((d) => d.id)).toEqual(['ok']);
    expect(all.problems).toEqual([{ file: 'c/scan.pdf', problem: expect.stringMatching(/^page 1: no text layer/) }]);
    expect(all.skipped).toEqual([{ file: 'c/scan.pdf', reason: 'no usable text, not indexed' }]);
  });

  it('names the file that is encrypted or corrupt', async () => {
    const encrypted = makePdf([[{ x: 72, y: 700, text: 'Secret' }]], { encrypted: true });
    await expect(readDocument({ file: 'corpus/locked.pdf', content: encrypted })).rejects.toThrow(
      'corpus/locked.pdf: the PDF is encrypted (password-protected)',
    );
    await expect(readDocument({ file: 'corpus/broken.pdf', content: new TextEncoder().encode('%PDF-1.4\nnot really') })).rejects.toThrow(
      /^corpus\/broken\.pdf: not a readable PDF/,
    );
  });
});

describe('readDocument (.docx)', () => {
  const blocks = [
    { heading: 1, text: 'Cloud migration plan' },
    { text: 'We move the billing service first, in March.' },
    { heading: 2, text: 'Risks' },
    { text: 'The payment provider needs two weeks of notice & a test window.' },
    { heading: 2, text: 'Budget' },
    { text: 'The migration costs 40,000 euros over the year.' },
  ];

  it('makes Word headings sections and takes metadata from the core properties', async () => {
    const { document } = await readDocument({
      file: 'plan.docx',
      content: await makeDocx(blocks, { creator: 'Ann Lee', company: 'Acme Ops' }),
    });
    expect(document).toMatchObject({
      id: 'plan',
      title: 'Cloud migration plan',
      source: 'plan.docx',
      publisher: 'Acme Ops',
      date: '2025-03-04',
      format: 'docx',
    });
    expect(document!.sections.map((s) => [s.title, s.paragraphs])).toEqual([
      ['Lead', ['We move the billing service first, in March.']],
      ['Risks', ['The payment provider needs two weeks of notice & a test window.']],
      ['Budget', ['The migration costs 40,000 euros over the year.']],
    ]);
    const titled = await readDocument({ file: 'plan.docx', content: await makeDocx(blocks, { title: 'Migration 2026' }) });
    expect(titled.document!.title).toBe('Migration 2026');
    expect(titled.document!.sections[0]!.title).toBe('Cloud migration plan');
  });

  it('names the file that is encrypted or not a Word file', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(readDocument({ file: 'corpus/locked.docx', content: ole })).rejects.toThrow(
      'corpus/locked.docx: the Word file is encrypted',
    );
    await expect(readDocument({ file: 'corpus/bad.docx', content: new TextEncoder().encode('PK not a zip') })).rejects.toThrow(
      /^corpus\/bad\.docx: not a readable Word file/,
    );
  });
});

describe('readDocument (.html)', () => {
  const page = () => readFile(new URL('../../fixtures/formats/harbour-news.html', import.meta.url), 'utf8');

  it('keeps the article, not the navigation, cookie banner, share buttons, comments or related links', async () => {
    const { document } = await readDocument({ file: 'corpus/harbour.html', content: await page() });
    const text = body(document!);
    for (const furniture of [
      'cookies',
      'Subscribe',
      'Share on',
      'Copy link',
      'Finally!',
      'breakwater. The noise',
      'Related articles',
      'ferry timetable',
      'All rights reserved',
      'By Mara Quist',
    ])
      expect(text).not.toContain(furniture);
    expect(document!.sections.map((s) => s.title)).toEqual(['Lead', 'Concerns about the seabed', 'What happens next']);
    expect(document!.sections[1]!.captions).toEqual(['A dredger at work in a neighbouring port. Photo: Port archive']);
    const html = await page();
    for (const paragraph of document!.sections.flatMap((s) => s.paragraphs)) expect(html).toContain(paragraph);
  });

  it('takes the title, site name, canonical URL and date from the page, and links passages by text fragment', async () => {
    const { document } = await readDocument({ file: 'harbour.html', content: await page() });
    expect(document).toMatchObject({
      title: 'Harbour dredging approved after two-year review',
      source: 'coastline.example',
      publisher: 'Coastline Daily',
      url: 'https://coastline.example/news/harbour-dredging',
      date: '2025-05-14',
    });
    const passage = chunkDocument(document!).find((p) => p.text.startsWith('Contractors'))!;
    expect(passageLink(document!, passage)).toBe(
      'https://coastline.example/news/harbour-dredging#:~:text=Contractors%20are%20expected%20to,of%2038%20million%20euros.',
    );
  });

  it('invents no URL: a page without a canonical address has none, and is its own source', async () => {
    const { document } = await readDocument({
      file: 'notes.html',
      content: '<html><body><article><h1>Notes</h1><p>Meeting notes about the harbour budget for the year.</p></article></body></html>',
    });
    expect(document).toMatchObject({ title: 'Notes', source: 'notes.html' });
    expect(document!.url).toBeUndefined();
    expect(passageLink(document!, chunkDocument(document!)[0]!)).toBeUndefined();
  });
});

describe('sidecars', () => {
  it('override a Markdown file too, and name themselves when wrong', async () => {
    const md = '---\ntitle: Old\nsource: old.example\n---\n\nText.\n';
    const { document } = await readDocument({ file: 'a.md', content: md, sidecar: 'title: New\n' });
    expect(document).toMatchObject({ title: 'New', source: 'old.example' });
    await expect(readDocument({ file: 'c/a.md', content: md, sidecar: 'titel: New\n' })).rejects.toThrow(
      'c/a.md.yaml:1: unknown field "titel"',
    );
    await expect(readDocument({ file: 'c/a.md', content: md, sidecar: 'title: [open\n' })).rejects.toThrow(
      /^c\/a\.md\.yaml:\d+: unreadable sidecar/,
    );
  });
});
