// `npm run bench`: speed, memory and scale of redline beside plain MiniSearch and Lunr, cold start,
// the index-cache question, and HTTP load. `--json` prints one JSON object on stdout; progress goes to stderr.
// The corpus's YAML is read as the app reads it (the full parser for what simple lines do not cover).
import '../app/corpus/yaml.js';
import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../src/corpus/load.js';
import type { Document } from '../src/types.js';
import { timeCacheKey, timeChunking, timeLibrarySnapshot } from './cache.js';
import { measureColdStart } from './cold-runs.js';
import { newsDocuments, newsRowsFromCsv, syntheticNewsRows, type NewsRow } from './documents.js';
import { buildLunr, buildMiniSearch, buildRedline, type EngineName, type SearchEngine } from './engines.js';
import { hitAt1, readQueries, type EvalQuery } from './hits.js';
import { runLoadBenches, type LoadRow } from './load.js';
import { buildCorpusIndex } from '../src/service/corpus-index.js';
import { gcMode, measureBuild, timeQueries, type QueryTimingOptions } from './measure.js';
import { renderReport } from './report.js';
import type { BenchResult, ColdStart, RunRow } from './result.js';
import {
  REQUEST_P99_LIMIT_MS,
  REQUEST_SCALES,
  requestWork,
  slowRequestKinds,
  timeRequestKinds,
  type RequestKindRow,
  type RequestTimingOptions,
} from './requests.js';
import { msSince, round } from './stats.js';
import { ROOT, type Settings, settingsFrom, USAGE } from './settings.js';
import { checkTargets } from './targets.js';

const ARTICLE = join(ROOT, 'corpus', 'red-line-russia-us.md');
/** News copies loaded for the second round of endpoint load runs. */
const LOAD_SCALE = 10;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Query timing effort: many passes on the article, fewer (by a time budget) as the corpus grows. */
function timingOptions(settings: Settings, scale: number): QueryTimingOptions {
  if (scale === 0)
    return settings.quick
      ? { warmup: 10, minIterations: 50, maxIterations: 200, budgetMs: 300 }
      : { warmup: 20, minIterations: 300, maxIterations: 2000, budgetMs: 2000 };
  if (settings.quick) return { warmup: 1, minIterations: 5, maxIterations: 30, budgetMs: 500 };
  // At x10 and beyond one pass of plain MiniSearch takes seconds (stop words match every passage):
  // the hit@1 pass is the warm-up, and a few passes still give ~100 calls for p99.
  if (scale >= 10) return { warmup: 0, minIterations: 3, maxIterations: 100, budgetMs: 2000 };
  return { warmup: 1, minIterations: 5, maxIterations: 200, budgetMs: 3000 };
}

/** Request-kind timing effort: each kind's passes go on for a time budget. */
function requestTiming(settings: Settings, scale: number): RequestTimingOptions {
  if (settings.quick) return { budgetMs: 100, minPasses: 1, maxPasses: 50 };
  return scale === 0
    ? { budgetMs: 500, minPasses: 5, maxPasses: 500 }
    : { budgetMs: scale >= 10 ? 1500 : 1000, minPasses: 2, maxPasses: 200 };
}

function readNews(settings: Settings): { rows: NewsRow[]; source: 'csv' | 'synthetic' } {
  if (existsSync(settings.data)) {
    const rows = newsRowsFromCsv(readFileSync(settings.data, 'utf8'));
    log(`news: ${rows.length} articles from ${settings.data}`);
    return { rows, source: 'csv' };
  }
  log(`news: ${settings.data} not found; generating ${928} news-like articles instead (seeded, ~20k-word Zipf vocabulary)`);
  return { rows: syntheticNewsRows(), source: 'synthetic' };
}

interface Built {
  engine: SearchEngine;
  buildMs: number;
  heapMb: number;
}

function buildEngine(name: EngineName, documents: Document[], passages: ReadonlyArray<{ text: string }>): Built {
  const { value, buildMs, heapMb } = measureBuild<SearchEngine>(() =>
    name === 'redline' ? buildRedline(documents) : name === 'minisearch' ? buildMiniSearch(passages) : buildLunr(passages),
  );
  return { engine: value, buildMs, heapMb };
}

/** Measures every engine on one corpus; with news copies, also the index-cache question. */
function benchCorpus(settings: Settings, corpus: string, scale: number, documents: Document[], queries: EvalQuery[], cache: ColdStart) {
  const rows: RunRow[] = [];
  const requests: RequestKindRow[] = [];
  // redline first: it chunks the documents, and the plain engines index the very same passage texts.
  let texts: Array<{ text: string }> = [];
  const cacheRow: Record<string, unknown> = { corpus, scale, documents: documents.length };
  const order: EngineName[] = ['redline', ...settings.engines.filter((e) => e !== 'redline')];
  for (const name of order) {
    log(`${corpus}: building ${name}…`);
    let built: Built | undefined = buildEngine(name, documents, texts);
    let library = name === 'redline' ? (built.engine as ReturnType<typeof buildRedline>).library : undefined;
    if (library) texts = library.passages.map((p) => ({ text: p.text }));
    log(
      `${corpus}: ${name} built in ${round(built.buildMs, 0)} ms (${texts.length} passages, ${round(built.heapMb, 1)} MB); timing ${queries.length} queries…`,
    );
    const hits = hitAt1(queries, built.engine.search); // also the first warm-up pass
    const timing = timeQueries(
      queries.map((q) => q.q),
      built.engine.search,
      timingOptions(settings, scale),
    );
    if (hits.misses.length && name === 'redline') log(`${corpus}: redline misses: ${hits.misses.map((m) => JSON.stringify(m)).join(', ')}`);
    log(
      `${corpus}: ${name} p50 ${round(timing.p50, 3)} ms, p99 ${round(timing.p99, 3)} ms over ${timing.samples} calls; hit@1 ${round(hits.all, 3)}`,
    );
    if (settings.engines.includes(name)) {
      rows.push({
        engine: name,
        corpus,
        scale,
        documents: documents.length,
        passages: texts.length,
        build_ms: round(built.buildMs, 1),
        query_p50_ms: round(timing.p50, 4),
        query_p99_ms: round(timing.p99, 4),
        query_mean_ms: round(timing.mean, 4),
        heap_mb: round(built.heapMb, 1),
        hit_at_1: round(hits.all, 3),
        hit_at_1_answerable: round(hits.answerable, 3),
        query_samples: timing.samples,
        slowest_queries: timing.slowest.map((s) => ({ q: s.q, p50_ms: round(s.p50, 4), p99_ms: round(s.p99, 4) })),
      });
    }
    if (name === 'redline' && REQUEST_SCALES.includes(scale)) {
      log(`${corpus}: timing every kind of request (Slack path, in-process)…`);
      const index = (built.engine as ReturnType<typeof buildRedline>).index;
      requests.push(
        ...timeRequestKinds(
          requestWork(index, queries),
          requestTiming(settings, scale),
          { corpus, scale, documents: documents.length },
          log,
        ),
      );
    }
    if (scale > 0 && library) {
      Object.assign(cacheRow, {
        passages: texts.length,
        rebuild_ms: round(built.buildMs, 1),
        chunk_ms: round(timeChunking(documents), 1),
        cache_key_ms: round(timeCacheKey(documents).ms, 1),
      });
      log(`${corpus}: timing the index cache (save a snapshot, restore the library from it)…`);
      const t = timeLibrarySnapshot(library, documents);
      Object.assign(cacheRow, {
        cache_index: 'snapshot',
        cache_load_ms: round(t.load_ms, 1),
        cache_save_ms: round(t.save_ms, 1),
        cache_mb: round(t.bytes / 2 ** 20, 1),
      });
    }
    built = undefined;
    library = undefined;
  }
  if (scale > 0 && cacheRow.rebuild_ms !== undefined) {
    cache.cache.push(cacheRow);
    if (cacheRow.cache_load_ms !== undefined) cache.cache_load_ms[corpus] = cacheRow.cache_load_ms as number;
    cache.rebuild_ms[corpus] = cacheRow.rebuild_ms as number;
    log(`${corpus}: index cache load ${cacheRow.cache_load_ms} ms vs rebuild ${cacheRow.rebuild_ms} ms`);
  }
  return { rows, requests };
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const loadStart = loadavg();
  let settings: Settings;
  try {
    settings = settingsFrom(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (settings.render) {
    const saved = JSON.parse(readFileSync(settings.render, 'utf8')) as BenchResult;
    saved.targets = checkTargets(saved.runs, saved.cold_start_ms, saved.load, saved.requests);
    process.stdout.write(`${renderReport(saved)}\n`);
    return;
  }
  // Keep stdout for the one JSON object: anything else printed goes to stderr.
  if (settings.json) console.log = console.info = (...args: unknown[]) => console.error(...args);

  const queries = await readQueries(settings.queries);
  const article = loadCorpus([{ file: 'red-line-russia-us.md', content: readFileSync(ARTICLE, 'utf8') }]);
  const news = settings.scales.length ? readNews(settings) : { rows: [], source: 'csv' as const };
  const cold: ColdStart = { runner: 'skipped', cache_load_ms: {}, rebuild_ms: {}, cache: [], platforms: null };
  if (settings.cold) await measureColdStart(ROOT, settings, cold, log);
  else log('cold start: skipped (--skip-cold)');

  const runs: RunRow[] = [];
  const requests: RequestKindRow[] = [];
  const label = news.source === 'csv' ? 'news' : 'synthetic';
  for (const scale of [0, ...settings.scales]) {
    const corpus = scale === 0 ? 'article' : `article+${label} x${scale}`;
    let documents: Document[] | undefined = scale === 0 ? article : [...article, ...newsDocuments(news.rows, scale)];
    const measured = benchCorpus(settings, corpus, scale, documents, queries, cold);
    runs.push(...measured.rows);
    requests.push(...measured.requests);
    documents = undefined;
  }

  const load: LoadRow[] = [];
  if (settings.load) {
    const base = { durationSec: settings.loadSeconds, connections: 10 };
    load.push(...(await runLoadBenches({ ...base, corpus: 'article' }, log)));
    // The bench's queries repeat, so the rows above are mostly the kept-reply path: the same again
    // with no reply kept is the cost of a question never asked before.
    load.push(...(await runLoadBenches({ ...base, corpus: 'article, answered anew', keptReplies: 0 }, log)));
    // The endpoints again with the corpus of 9,000+ documents loaded: what a request costs must not grow with it.
    if (news.rows.length && !settings.quick) {
      const corpus = `article+${label} x${LOAD_SCALE}`;
      log(`load: building ${corpus} for the endpoints…`);
      const index = buildCorpusIndex([...article, ...newsDocuments(news.rows, LOAD_SCALE)], {}, Date.now);
      load.push(...(await runLoadBenches({ ...base, corpus, index }, log)));
      load.push(...(await runLoadBenches({ ...base, corpus: `${corpus}, answered anew`, index, keptReplies: 0 }, log)));
    }
  } else log('load: skipped (--skip-load)');
  // The server holding: slow clients, 1,000 connections, SIGTERM under load, gaps on 1 GB (bench/hold.ts).
  const hold = settings.hold
    ? await (await import('./hold.js')).benchHold(settings.quick ? { connections: 200, seconds: 2, gapsBytes: 50 * 2 ** 20 } : {}, log)
    : undefined;
  if (hold) log(`hold: ${JSON.stringify(hold)}`);

  const cpu = cpus();
  const result: BenchResult = {
    machine: {
      cpus: cpu.length,
      cpu_model: cpu[0]?.model.trim() ?? 'unknown',
      node: process.version,
      os: `${osType()} ${release()} ${arch()}`,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      loadavg_start: loadStart.map((l) => round(l, 2)),
      loadavg_end: loadavg().map((l) => round(l, 2)),
    },
    data: {
      source: news.source,
      path: settings.data,
      rows: news.rows.length,
      queries: settings.queries,
      query_count: queries.length,
      gc: gcMode,
    },
    runs,
    requests,
    cold_start_ms: cold,
    load,
    ...(hold ? { hold } : {}),
    targets: checkTargets(runs, cold, load, requests),
    total_ms: 0,
  };
  result.total_ms = round(msSince(started), 0);
  process.stdout.write(settings.json ? `${JSON.stringify(result)}\n` : `${renderReport(result)}\n`);
  if (settings.check && result.targets.some((t) => t.pass === false)) process.exitCode = 1;
  // Not only under --check: a request kind that blocks the process at x10 is a failure of the run.
  const slow = slowRequestKinds(requests);
  if (slow.length) {
    process.stderr.write(
      `bench: FAIL: request kinds over ${REQUEST_P99_LIMIT_MS} ms p99 at x10: ${slow.map((r) => `${r.kind} ${round(r.p99_ms, 1)} ms`).join(', ')}\n`,
    );
    process.exitCode = 1;
  }
  if (settings.formats) {
    const { renderFormats, runFormatBench } = await import('./formats.js');
    const formats = await runFormatBench(
      { mb: settings.quick ? 5 : 50, rate: 100, formatMb: settings.quick ? 0.5 : 2, beforeMb: settings.quick ? 1 : 5 },
      log,
    );
    process.stderr.write(`${renderFormats(formats.loads, formats.live)}\n`);
    if (!formats.pass) process.exitCode = 1;
  }
}

await main();
