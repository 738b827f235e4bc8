// A large document added to the corpus folder while serving at a fixed rate (with a FIFO and
// symlinks beside it): the reply waits while the corpus worker reads and indexes it, and how soon
// it answers. Part of `npm run bench -- --formats` (bench/formats.ts).
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedline, type RedlineService } from '../src/service/service.js';
import { loadCorpusInWorker } from '../app/corpus/thread.js';
import { loadCorpusDir, type LoadedCorpus } from '../app/corpus/index.js';
import { watchCorpus } from '../app/corpus/watch.js';
import { silentLogger } from '../src/log.js';
import { newsParagraphs } from './format-loads.js';
import { median, percentile, round } from './stats.js';

/** Waits over this are counted. */
export const MAX_WAIT_MS = 50;

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
      `---\ntitle: Large\nsource: bench\n---\n\n${newsParagraphs(mb * 1e6, 11).join('\n\n')}\n\nThe ${marker} appears only here.\n`,
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

/** Each figure of `rows` (runs of the same mode) as its median. */
export function medianRow(rows: LiveAddRow[]): LiveAddRow {
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
