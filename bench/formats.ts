// The corpus formats and the corpus worker: load time and memory per format per MB, and reply
// waits while a large document (with a FIFO and symlinks beside it) is read and indexed while
// serving at a fixed rate, beside an idle baseline, each the median of a few interleaved runs
// (the p99 target: 100 ms). `npm run bench -- --formats`, or on its own:
// `npx tsx bench/formats.ts [--mb 50] [--rate 100] [--runs 3]`.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readDocument } from '../src/corpus/load.js';
import { Library } from '../src/search/library.js';
import { createRedline, type RedlineService } from '../src/service/service.js';
import { loadCorpusInWorker } from '../app/corpus/thread.js';
import { libraryOptions, loadCorpusDir, type LoadedCorpus } from '../app/corpus/index.js';
import { watchCorpus } from '../app/corpus/watch.js';
import { silentLogger } from '../src/log.js';
import { makeDocx } from '../test/support/make-docx.js';
import { makePdf, type PdfLine } from '../test/support/make-pdf.js';
import { paragraphsOf, syntheticNewsRows } from './documents.js';
import { median, percentile, round } from './stats.js';

/** The p99 of reply waits while a document is read and indexed may be at most this (the issue's target). */
export const MAX_P99_MS = 100;
/** Waits over this are counted. */
export const MAX_WAIT_MS = 50;

export interface FormatRow {
  format: string;
  file_mb: number;
  text_mb: number;
  read_ms_per_mb: number;
  index_ms_per_mb: number;
  heap_mb_per_text_mb: number;
}

export interface LiveAddRow {
  mode: 'worker' | 'serving thread' | 'idle baseline';
  document_mb: number;
  /** Runs the figures are the medians of. */
  runs: number;
  rate_per_s: number;
  /** Requests while the document was read and indexed (from the write until the new corpus serves). */
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  over_50ms: number;
  first_answer_s: number;
  /** The first answer from the new corpus, and the slowest request in the second after it (search at the new size). */
  first_answer_ms: number;
  after_max_ms: number;
}

/** `chars` characters of news-like paragraphs, a heading every 20, and a marker word no other text has. */
function paragraphs(chars: number, seed = 7): string[] {
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

async function makeFile(format: string, chars: number): Promise<string | Uint8Array> {
  const ps = paragraphs(chars);
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
    const content = await makeFile(format, mb * 1e6);
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

/**
 * Serves the shipped corpus at `rate` requests a second (each timed from when it was due, so a
 * blocked event loop shows), adds a `mb` MB document, and times until a query only it answers is
 * answered. `inWorker: false` reloads on the serving thread, as before the worker.
 */
export async function benchLiveAdd(
  mb: number,
  rate: number,
  inWorker: boolean,
  log: (line: string) => void = () => {},
): Promise<LiveAddRow> {
  const dir = await mkdtemp(join(tmpdir(), 'redline-bench-add-'));
  try {
    await cp(new URL('../corpus', import.meta.url), dir, { recursive: true });
    const initial = await loadCorpusDir(dir);
    const redline: RedlineService = createRedline(initial.index, { now: Date.now, rateLimit: { count: 1e9, seconds: 1 } });
    const rebuild = (): Promise<LoadedCorpus> => (inWorker ? loadCorpusInWorker(dir) : loadCorpusDir(dir));
    const watcher = watchCorpus(dir, redline, rebuild, silentLogger, initial, { debounceMs: 250 });
    const waits: number[] = [];
    const after: number[] = [];
    let swapped = 0;
    const replace = redline.replace.bind(redline);
    redline.replace = (index) => {
      swapped = performance.now();
      replace(index);
    };
    let firstAnswer = 0;
    let firstAnswerMs = 0;
    const marker = 'zyxwvutsq';
    // Made (and encoded) before the clock starts: generating 50 MB takes seconds on this thread,
    // and the requests due meanwhile were counted as waits once the file was in.
    const content = Buffer.from(
      `---\ntitle: Large\nsource: bench\n---\n\n${paragraphs(mb * 1e6, 11).join('\n\n')}\n\nThe ${marker} appears only here.\n`,
    );
    const started = performance.now();
    const interval = 1000 / rate;
    let added = 0;
    await new Promise<void>((resolve) => {
      let n = 0;
      const tick = () => {
        const due = started + n * interval;
        const t = performance.now();
        const { answer } = redline.respond(
          { command: 'ask', text: n % 2 ? 'nato expansion' : marker },
          { platform: 'cli' },
          { paged: false },
        );
        // A request due before the swap waited for the indexing; after it, it pays for search at the new size.
        (swapped && due >= swapped ? after : added ? waits : []).push(performance.now() - due);
        if (!firstAnswer && added && answer.kind === 'results' && answer.total > 0 && n % 2 === 0) {
          firstAnswer = performance.now() - added;
          firstAnswerMs = performance.now() - t;
        }
        n++;
        const idleDone = mb === 0 && performance.now() - started > 20_000;
        if (idleDone || (firstAnswer && performance.now() - added > firstAnswer + 1000) || performance.now() - started > 600_000)
          return resolve();
        setTimeout(tick, Math.max(0, started + n * interval - performance.now()));
      };
      tick();
      // Written aside and renamed in, as `redline add` does. With no document: the machine's own noise.
      if (mb === 0) added = performance.now();
      else
        void (async () => {
          // What the issue found beside a large file: a FIFO (opening it would block) and symlinks, one leading out of the folder.
          execFileSync('mkfifo', [join(dir, 'pipe.md')]);
          await symlink(new URL('../README.md', import.meta.url).pathname, join(dir, 'outside.md'));
          await symlink(join(dir, 'README.md'), join(dir, 'inside.md'));
          await writeFile(join(dir, '.large.md.tmp'), content);
          await rename(join(dir, '.large.md.tmp'), join(dir, 'large.md'));
          added = performance.now();
        })();
    });
    watcher.close();
    const row: LiveAddRow = {
      mode: mb === 0 ? 'idle baseline' : inWorker ? 'worker' : 'serving thread',
      document_mb: mb,
      runs: 1,
      rate_per_s: rate,
      requests: waits.length,
      p50_ms: round(percentile(waits, 50), 1),
      p99_ms: round(percentile(waits, 99), 1),
      max_ms: round(Math.max(...waits), 1),
      over_50ms: waits.filter((w) => w > MAX_WAIT_MS).length,
      first_answer_s: round(firstAnswer / 1000, 1),
      first_answer_ms: round(firstAnswerMs, 0),
      after_max_ms: round(Math.max(0, ...after), 0),
    };
    log(
      `formats: ${mb} MB added (${row.mode}): first answer after ${row.first_answer_s} s; requests p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms, max ${row.max_ms} ms, ${row.over_50ms} over ${MAX_WAIT_MS} ms`,
    );
    return row;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function renderFormats(loads: FormatRow[], live: LiveAddRow[]): string {
  const lines = ['', 'Corpus formats (one generated document each)', 'format  file MB  text MB  read ms/MB  index ms/MB  heap MB/MB'];
  for (const r of loads)
    lines.push(
      `${r.format.padEnd(6)}  ${String(r.file_mb).padStart(7)}  ${String(r.text_mb).padStart(7)}  ${String(r.read_ms_per_mb).padStart(10)}  ${String(r.index_ms_per_mb).padStart(11)}  ${String(r.heap_mb_per_text_mb).padStart(10)}`,
    );
  lines.push(
    '',
    `A document added while serving (a request every ${live[0] ? round(1000 / live[0].rate_per_s, 1) : '-'} ms, each timed from when it was due)`,
  );
  lines.push(
    `(with a FIFO and two symlinks, one out of the folder; medians of interleaved runs; target: p99 at most ${MAX_P99_MS} ms while it is read and indexed)`,
  );
  lines.push('                              while it is read and indexed                      then');
  lines.push('reload on       doc MB  runs  requests  p50 ms  p99 ms  max ms  over 50 ms  first answer s  first answer ms  max ms in 1 s');
  for (const r of live)
    lines.push(
      `${r.mode.padEnd(14)}  ${String(r.document_mb).padStart(6)}  ${String(r.runs).padStart(4)}  ${String(r.requests).padStart(8)}  ${String(r.p50_ms).padStart(6)}  ${String(r.p99_ms).padStart(6)}  ${String(r.max_ms).padStart(6)}  ${String(r.over_50ms).padStart(10)}  ${String(r.first_answer_s).padStart(14)}  ${String(r.first_answer_ms).padStart(15)}  ${String(r.after_max_ms).padStart(13)}`,
    );
  return lines.join('\n');
}

/** Each figure of `rows` (runs of the same mode) as its median. */
function medianRow(rows: LiveAddRow[]): LiveAddRow {
  const pick = (key: keyof LiveAddRow) => round(median(rows.map((r) => r[key] as number)), 1);
  return {
    ...rows[0]!,
    runs: rows.length,
    requests: Math.round(median(rows.map((r) => r.requests))),
    p50_ms: pick('p50_ms'),
    p99_ms: pick('p99_ms'),
    max_ms: pick('max_ms'),
    over_50ms: Math.round(median(rows.map((r) => r.over_50ms))),
    first_answer_s: pick('first_answer_s'),
    first_answer_ms: pick('first_answer_ms'),
    after_max_ms: pick('after_max_ms'),
  };
}

/**
 * Everything this file measures: the idle baseline and the `mb` MB document in the worker,
 * interleaved `runs` times (so both see the same machine), as medians; `beforeMb` adds the
 * serving-thread reload of a smaller document for comparison.
 */
export async function runFormatBench(
  options: { mb: number; rate: number; formatMb: number; beforeMb: number; runs?: number },
  log: (line: string) => void,
) {
  const loads = await benchFormatLoads(options.formatMb, log);
  const idle: LiveAddRow[] = [];
  const worker: LiveAddRow[] = [];
  for (let run = 0; run < (options.runs ?? 3); run++) {
    idle.push(await benchLiveAdd(0, options.rate, true, log));
    worker.push(await benchLiveAdd(options.mb, options.rate, true, log));
  }
  const live = [medianRow(idle), medianRow(worker)];
  if (options.beforeMb > 0) live.push(await benchLiveAdd(options.beforeMb, options.rate, false, log));
  return { loads, live, pass: live[1]!.p99_ms <= MAX_P99_MS };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string' },
      rate: { type: 'string' },
      'format-mb': { type: 'string' },
      'before-mb': { type: 'string' },
      runs: { type: 'string' },
    },
  });
  const result = await runFormatBench(
    {
      mb: Number(values.mb ?? 50),
      rate: Number(values.rate ?? 100),
      formatMb: Number(values['format-mb'] ?? 2),
      beforeMb: Number(values['before-mb'] ?? 5),
      runs: Number(values.runs ?? 3),
    },
    (line) => process.stderr.write(`bench: ${line}\n`),
  );
  process.stdout.write(`${renderFormats(result.loads, result.live)}\n`);
  if (!result.pass) process.exitCode = 1;
}
