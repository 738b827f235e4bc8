// The corpus formats: a generated document of each format (md, txt, html, docx, pdf), read and indexed,
// for load time and memory per MB of text. Part of `npm run bench -- --formats` (bench/formats.ts).
import { readDocument } from '../src/corpus/load.js';
import { Library } from '../src/search/library.js';
import { libraryOptions } from '../app/corpus/index.js';
import { makeDocx } from '../test/support/make-docx.js';
import { makePdf, type PdfLine } from '../test/support/make-pdf.js';
import { paragraphsOf, syntheticNewsRows } from './documents.js';
import { round } from './stats.js';

export interface FormatRow {
  format: string;
  file_mb: number;
  text_mb: number;
  read_ms_per_mb: number;
  index_ms_per_mb: number;
  heap_mb_per_text_mb: number;
}

/** `chars` characters of news-like paragraphs, a heading every 20, and a marker word no other text has. */
export function newsParagraphs(chars: number, seed = 7): string[] {
  const out: string[] = [];
  let size = 0;
  for (const row of syntheticNewsRows({ count: Math.ceil(chars / 2000) + 1, seed })) {
    for (const p of paragraphsOf(row.text)) {
      out.push(p.charAt(0).toUpperCase() + p.slice(1));
      size += p.length;
      if (size >= chars) return out;
    }
  }
  return out;
}

/** A generated document of `format` (md, txt, html, docx; anything else: pdf) with about `chars` characters of text. */
export async function makeFormatFile(format: string, chars: number): Promise<string | Uint8Array> {
  const ps = newsParagraphs(chars);
  const heading = (i: number) => `Part ${i / 20 + 1}`;
  switch (format) {
    case 'md':
      return `---\ntitle: Bench\nsource: bench\n---\n\n${ps.map((p, i) => (i % 20 === 0 ? `## ${heading(i)}\n\n${p}` : p)).join('\n\n')}\n`;
    case 'txt':
      return `Bench\n\n${ps.map((p, i) => (i % 20 === 0 ? `${heading(i)}\n\n${p}` : p)).join('\n\n')}\n\nAccording to bench.example\n`;
    case 'html':
      return `<!doctype html><html><head><title>Bench</title></head><body><nav><a href="/">Home</a></nav><article><h1>Bench</h1>${ps.map((p, i) => `${i % 20 === 0 ? `<h2>${heading(i)}</h2>` : ''}<p>${p}</p>`).join('')}</article></body></html>`;
    case 'docx':
      return makeDocx(
        ps.flatMap((text, i) => (i % 20 === 0 ? [{ heading: 2, text: heading(i) }, { text }] : [{ text }])),
        { title: 'Bench' },
      );
    default: {
      // ~90 characters a line, 48 lines a page, 14 pt apart.
      const pages: PdfLine[][] = [];
      let page: PdfLine[] = [];
      let y = 740;
      for (const p of ps) {
        const words = p.split(' ');
        let line = '';
        const flush = () => {
          page.push({ x: 72, y, text: line });
          line = '';
          y -= 14;
          if (y < 70) {
            pages.push(page);
            page = [];
            y = 740;
          }
        };
        for (const w of words) {
          line = line ? `${line} ${w}` : w;
          if (line.length > 88) flush();
        }
        if (line) flush();
        y -= 8;
      }
      if (page.length) pages.push(page);
      return makePdf(pages, { info: { Title: 'Bench' } });
    }
  }
}

const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

/** Reads and indexes a generated document of each format (about `mb` MB of text each). */
export async function benchFormatLoads(mb = 2, log: (line: string) => void = () => {}): Promise<FormatRow[]> {
  const rows: FormatRow[] = [];
  for (const format of ['md', 'txt', 'html', 'docx', 'pdf']) {
    const content = await makeFormatFile(format, mb * 1e6);
    gc?.();
    const heapBefore = heapMb();
    const t0 = performance.now();
    const { document } = await readDocument({ file: `bench.${format}`, content });
    const t1 = performance.now();
    const library = new Library([document!], libraryOptions('.', new Map()));
    const t2 = performance.now();
    const heap = heapMb() - heapBefore;
    const textMb = document!.sections.reduce((n, s) => n + s.paragraphs.reduce((m, p) => m + p.length, 0), 0) / 1e6;
    rows.push({
      format,
      file_mb: round(content.length / 1e6, 2),
      text_mb: round(textMb, 2),
      read_ms_per_mb: round((t1 - t0) / textMb, 0),
      index_ms_per_mb: round((t2 - t1) / textMb, 0),
      heap_mb_per_text_mb: round(heap / textMb, 1),
    });
    log(
      `formats: ${format} ${round(textMb, 2)} MB of text: read ${round(t1 - t0, 0)} ms, indexed ${round(t2 - t1, 0)} ms (${library.passages.length} passages)`,
    );
  }
  return rows;
}
