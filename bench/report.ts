// The benchmark's result: its JSON shape, the human-readable table, and the target checks.
import type { EngineName } from './engines.js';
import type { LoadRow } from './load.js';
import { REQUEST_KINDS, REQUEST_P99_LIMIT_MS, slowRequestKinds, type RequestKindRow } from './requests.js';

export interface RunRow {
  engine: EngineName;
  corpus: string;
  /** News copies beside the article (0 for the article alone). */
  scale: number;
  documents: number;
  passages: number;
  build_ms: number;
  query_p50_ms: number;
  query_p99_ms: number;
  /** Mean over all timed calls (absent in older results). */
  query_mean_ms?: number;
  heap_mb: number;
  /** Over all public queries; a no-answer query is a hit only when the engine returns nothing. */
  hit_at_1: number;
  /** Over the answerable queries only. */
  hit_at_1_answerable: number;
  query_samples: number;
  /** The three slowest queries by their own median (ms). */
  slowest_queries: Array<{ q: string; p50_ms: number; p99_ms: number }>;
}

export interface ColdStartMeasure {
  command: string;
  median_ms: number;
  runs_ms: number[];
}

export interface ColdStart {
  /** `dist` (compiled with tsc) or `tsx` (dist missing: TypeScript compiled on the fly). */
  runner: 'dist' | 'tsx' | 'skipped';
  build_note?: string;
  console?: ColdStartMeasure;
  cli_ask_json?: ColdStartMeasure;
  /** The same, through tsx (what `npm start` / `npm run redline` run today). */
  console_tsx?: ColdStartMeasure;
  cli_ask_json_tsx?: ColdStartMeasure;
  /** `npm start --silent` as package.json has it. */
  npm_start?: ColdStartMeasure;
  /** `node -e` printing one line: a bare Node process, the floor. */
  bare_node?: ColdStartMeasure;
  /** Per corpus: read + parse + `MiniSearch.loadJSON` of the library's serialized index. */
  cache_load_ms: Record<string, number>;
  /** Per corpus: building the redline library from documents (the path a cache would replace). */
  rebuild_ms: Record<string, number>;
  /** Per corpus: details behind the two figures above. */
  cache: Array<Record<string, unknown>>;
  /** `node dist/app/main.js` with platforms configured against local fakes, spawn → `/healthz` 200, by mode (`slack_http`, `discord_http`, `discord_gateway`). */
  platforms: null | Record<string, ColdStartMeasure>;
}

export interface BenchResult {
  machine: { cpus: number; cpu_model: string; node: string; os: string; memory_gb: number; loadavg_start: number[]; loadavg_end: number[] };
  data: { source: 'csv' | 'synthetic'; path: string; rows: number; queries: string; query_count: number; gc: string };
  runs: RunRow[];
  /** Every kind of request, in-process on the Slack path, at the article, x1 and x10 (absent in older results). */
  requests?: RequestKindRow[];
  cold_start_ms: ColdStart;
  load: LoadRow[];
  targets: TargetCheck[];
  total_ms: number;
}

export interface TargetCheck {
  target: string;
  /** `null` when the run did not measure it. */
  pass: boolean | null;
  detail: string;
}

const fmt = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** Checks the issue's targets against the measured rows. */
export function checkTargets(runs: RunRow[], cold: ColdStart, load: LoadRow[], requests: RequestKindRow[] = []): TargetCheck[] {
  const redline = runs.filter((r) => r.engine === 'redline');
  const plain = (row: RunRow) => runs.find((r) => r.engine === 'minisearch' && r.corpus === row.corpus);
  const checks: TargetCheck[] = [];

  const article = redline.find((r) => r.scale === 0);
  checks.push(
    article
      ? {
          target: 'article: query p50 < 0.2 ms',
          pass: article.query_p50_ms < 0.2,
          detail: `p50 ${fmt(article.query_p50_ms, 3)} ms (p99 ${fmt(article.query_p99_ms, 3)} ms)`,
        }
      : { target: 'article: query p50 < 0.2 ms', pass: null, detail: 'not measured' },
  );

  const scaled = redline.filter((r) => r.scale > 0);
  for (const scale of [1, 10]) {
    const row = scaled.find((r) => r.scale === scale);
    const base = row && plain(row);
    if (!row || !base) {
      checks.push({
        target: `x${scale}: query p50 ≤ plain MiniSearch, p99 ≤ 0.1× plain`,
        pass: null,
        detail: row ? 'minisearch not measured' : 'not measured',
      });
      continue;
    }
    checks.push({
      target: `x${scale}: query p50 ≤ plain MiniSearch, p99 ≤ 0.1× plain`,
      pass: row.query_p50_ms <= base.query_p50_ms && row.query_p99_ms <= 0.1 * base.query_p99_ms,
      detail: `${row.passages} passages: p50 ${fmt(row.query_p50_ms, 3)} vs ${fmt(base.query_p50_ms, 3)} ms (${fmt(row.query_p50_ms / base.query_p50_ms, 2)}×), p99 ${fmt(row.query_p99_ms, 2)} vs ${fmt(base.query_p99_ms, 2)} ms (${fmt(row.query_p99_ms / base.query_p99_ms, 2)}×)`,
    });
  }

  const bySize = [...scaled].sort((a, b) => a.passages - b.passages);
  const small = bySize[0];
  const large = bySize[bySize.length - 1];
  if (small && large && large.passages > small.passages) {
    const growth = large.passages / small.passages;
    const mean = (r: RunRow) => r.query_mean_ms ?? r.query_p50_ms;
    const slope = Math.log(mean(large) / mean(small)) / Math.log(growth);
    checks.push({
      target: `x${small.scale}→x${large.scale}: mean query time grows with slope ≤ 0.8`,
      pass: slope <= 0.8,
      detail: `passages ×${fmt(growth, 1)}; mean ${fmt(mean(small), 3)} → ${fmt(mean(large), 3)} ms (log-log slope ${fmt(slope, 2)}); p50 ×${fmt(large.query_p50_ms / small.query_p50_ms, 2)}, p99 ×${fmt(large.query_p99_ms / small.query_p99_ms, 2)}`,
    });
  } else checks.push({ target: 'mean query time grows with slope ≤ 0.8', pass: null, detail: 'needs two news scales' });

  const atX10 = requests.filter((r) => r.scale === 10);
  const slow = slowRequestKinds(requests);
  const worst = [...atX10].sort((a, b) => b.p99_ms - a.p99_ms)[0];
  checks.push(
    worst
      ? {
          target: `x10: every request kind ≤ ${REQUEST_P99_LIMIT_MS} ms p99`,
          pass: slow.length === 0,
          detail: slow.length
            ? `over: ${slow.map((r) => `${r.kind} ${fmt(r.p99_ms, 1)} ms`).join(', ')}`
            : `slowest: ${worst.kind} ${fmt(worst.p99_ms, 2)} ms p99`,
        }
      : { target: `x10: every request kind ≤ ${REQUEST_P99_LIMIT_MS} ms p99`, pass: null, detail: 'not measured' },
  );

  const bare = cold.bare_node ? ` (bare node ${fmt(cold.bare_node.median_ms, 0)} ms)` : '';
  for (const [name, m] of [
    ['console', cold.console],
    ['redline ask --json', cold.cli_ask_json],
  ] as const) {
    checks.push(
      m
        ? {
            target: `${name} cold start ≤ 250 ms`,
            pass: m.median_ms <= 250,
            detail: `median ${fmt(m.median_ms, 0)} ms${bare} (${cold.runner}: ${m.command})`,
          }
        : { target: `${name} cold start ≤ 250 ms`, pass: null, detail: 'not measured' },
    );
  }

  if (load.length) {
    for (const row of load) {
      const share = row.max_rps !== undefined && row.baseline_max_rps ? row.max_rps / row.baseline_max_rps : Number.NaN;
      const sameShare = row.max_rps !== undefined && row.same_size_max_rps ? row.max_rps / row.same_size_max_rps : Number.NaN;
      const errors = row.errors + (row.max_errors ?? 0);
      const sameText = row.same_size_max_rps
        ? `, ${fmt(sameShare, 2)} of the same-size baseline (${fmt(row.same_size_max_rps, 0)} rps)`
        : '';
      checks.push({
        target: `${row.endpoint} (${row.corpus ?? 'article'}): flat out ≥ 0.8 of its bare baselines, 0 errors`,
        pass: share >= 0.8 && (!row.same_size_max_rps || sameShare >= 0.8) && errors === 0,
        detail: `flat out ${fmt(share, 2)} of the constant baseline (${fmt(row.max_rps ?? Number.NaN, 0)} / ${fmt(row.baseline_max_rps ?? Number.NaN, 0)} rps)${sameText}, ${errors} errors; at ${row.rate ?? '-'}/s ${fmt(row.rps, 0)} / ${fmt(row.baseline_rps, 0)} rps`,
      });
    }
  } else
    checks.push({
      target: 'endpoints ≥ 0.8 of baseline, 0 errors',
      pass: null,
      detail: 'no load rows (bench/slack-load.ts, bench/discord-load.ts)',
    });
  return checks;
}

/** Request kinds down, corpora across: p50 and p99 of each, and the reply's size on the largest. */
function requestTable(requests: RequestKindRow[]): string[] {
  const corpora = [...new Map(requests.map((r) => [r.corpus, r])).values()];
  const largest = corpora[corpora.length - 1]!;
  const rows = REQUEST_KINDS.filter((k) => requests.some((r) => r.kind === k)).map((kind) => [
    kind,
    ...corpora.flatMap((c) => {
      const r = requests.find((x) => x.kind === kind && x.corpus === c.corpus);
      return r ? [fmt(r.p50_ms, 3), fmt(r.p99_ms, 3)] : ['-', '-'];
    }),
    String(requests.find((x) => x.kind === kind && x.corpus === largest.corpus)?.reply_bytes ?? '-'),
  ]);
  const header = ['kind', ...corpora.flatMap((c) => [`${c.corpus} (${c.documents} docs) p50`, 'p99']), `reply B`];
  return [
    'every kind of request, in-process on the Slack path (core answer + topics on a no-answer + Block Kit), ms:',
    table(
      header,
      rows,
      header.map((_, i) => i > 0),
    ),
    `reply B: mean JSON size of the Slack message at ${largest.corpus} (autocomplete: the choices; vote: none).`,
  ];
}

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The human-readable report: engines side by side per corpus, cold start, cache, load, targets. */
export function renderReport(result: BenchResult): string {
  const { machine, data, runs, cold_start_ms: cold, load, targets } = result;
  const out: string[] = [];
  out.push(
    `redline bench · ${machine.os} · ${machine.cpus}× ${machine.cpu_model} · ${machine.memory_gb} GB · Node ${machine.node} · load average ${machine.loadavg_start[0]} → ${machine.loadavg_end[0]}`,
  );
  out.push(
    `data: ${data.source === 'csv' ? `${data.path} (${data.rows} articles)` : `generated news-like articles (${data.rows}; ${data.path} not found)`} · queries: ${data.query_count} from ${data.queries} · heap after GC via ${data.gc}`,
  );
  out.push('');
  const rows: string[][] = [];
  const corpora = [...new Set(runs.map((r) => r.corpus))];
  for (const corpus of corpora) {
    const group = runs.filter((r) => r.corpus === corpus);
    group.forEach((r, i) => {
      rows.push([
        i === 0 ? corpus : '',
        i === 0 ? String(r.documents) : '',
        i === 0 ? String(r.passages) : '',
        r.engine,
        fmt(r.build_ms, 0),
        fmt(r.query_p50_ms, 3),
        fmt(r.query_p99_ms, 3),
        fmt(r.heap_mb, 1),
        fmt(r.hit_at_1, 3),
        String(r.query_samples),
      ]);
    });
    const red = group.find((r) => r.engine === 'redline');
    const mini = group.find((r) => r.engine === 'minisearch');
    if (red && mini)
      rows.push([
        '',
        '',
        '',
        'redline/minisearch',
        fmt(red.build_ms / mini.build_ms, 1) + '×',
        fmt(red.query_p50_ms / mini.query_p50_ms, 2) + '×',
        fmt(red.query_p99_ms / mini.query_p99_ms, 2) + '×',
        '',
        '',
        '',
      ]);
  }
  out.push(
    table(['corpus', 'docs', 'passages', 'engine', 'build ms', 'p50 ms', 'p99 ms', 'heap MB', 'hit@1', 'samples'], rows, [
      false,
      true,
      true,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
  );
  const slow = runs.filter((r) => r.engine === 'redline' && r.slowest_queries.length);
  if (slow.length) {
    out.push('');
    out.push('slowest redline queries (own median ms):');
    for (const r of slow)
      out.push(`  ${r.corpus.padEnd(22)} ${r.slowest_queries.map((s) => `${JSON.stringify(s.q)} ${fmt(s.p50_ms, 3)}`).join(' · ')}`);
  }
  out.push('hit@1 over all public queries: a no-answer query counts as a hit only when the engine returns nothing (plain engines return');
  out.push(
    'something for any word they know, so they usually miss those). redline build includes chunking; its heap includes the passages.',
  );
  out.push('');

  if (result.requests?.length) out.push(...requestTable(result.requests), '');

  out.push(
    `cold start (process start → first stdout byte; start: with platforms → /healthz 200; median):${cold.build_note ? ` [${cold.build_note}]` : ''}`,
  );
  const coldRows: string[][] = [];
  for (const [name, m] of Object.entries({
    console: cold.console,
    'redline ask --json': cold.cli_ask_json,
    'console (tsx)': cold.console_tsx,
    'redline ask --json (tsx)': cold.cli_ask_json_tsx,
    'npm start': cold.npm_start,
    'bare node': cold.bare_node,
  })) {
    if (m) coldRows.push([name, fmt(m.median_ms, 0), m.runs_ms.map((x) => fmt(x, 0)).join(' '), m.command]);
  }
  for (const [mode, m] of Object.entries(cold.platforms ?? {}))
    coldRows.push([`start: ${mode.replace(/_/g, ' ')}`, fmt(m.median_ms, 0), m.runs_ms.map((x) => fmt(x, 0)).join(' '), m.command]);
  out.push(coldRows.length ? table(['what', 'ms', 'runs', 'command'], coldRows, [false, true, false, false]) : '  not measured');
  out.push('');

  if (cold.cache.length) {
    out.push('index cache (restoring the library from a saved snapshot vs building it):');
    const cacheRows = cold.cache.map((c) => [
      String(c.corpus),
      String(c.passages),
      fmt(Number(c.rebuild_ms), 0),
      fmt(Number(c.cache_load_ms), 0),
      fmt(Number(c.cache_load_ms) / Number(c.rebuild_ms), 2),
      fmt(Number(c.chunk_ms), 0),
      fmt(Number(c.cache_key_ms), 0),
      fmt(Number(c.cache_save_ms), 0),
      fmt(Number(c.cache_mb), 1),
      String(c.cache_index),
    ]);
    out.push(
      table(
        ['corpus', 'passages', 'rebuild ms', 'load ms', 'load/rebuild', 'chunk ms', 'key ms', 'save ms', 'file MB', 'index'],
        cacheRows,
        [false, true, true, true, true, true, true, true, true, false],
      ),
    );
    out.push('rebuild = new Library(documents). load = read the snapshot file + JSON.parse + new Library(documents, {}, snapshot),');
    out.push(
      'chunking (chunk ms) and the vocabulary maps included; a cached start also hashes the corpus files (key ms). redline caches above 1 MB of text.',
    );
    out.push('');
  }

  const rounds = load.find((r) => r.max_rounds)?.max_rounds;
  out.push(
    `load (HTTP endpoints, signed requests; flat out = autocannon, 10 connections${rounds ? `, median of ${rounds} interleaved runs of each server` : ''}; base = bare endpoint acking a constant, same = acking redline's recorded replies):`,
  );
  out.push(
    load.length
      ? table(
          [
            'endpoint',
            'corpus',
            'reply B',
            'rate',
            'rps',
            'p99 ms',
            'errors',
            'base rps',
            'max rps',
            'base max',
            'same max',
            'share',
            'same share',
          ],
          load.map((r) => [
            r.endpoint,
            r.corpus ?? 'article',
            r.reply_bytes === undefined ? '-' : `${r.reply_bytes} / ${r.baseline_reply_bytes ?? '-'}`,
            r.rate === undefined ? '-' : r.rate === 0 ? 'max' : String(r.rate),
            fmt(r.rps, 0),
            fmt(r.p99_ms, 2),
            String(r.errors + (r.max_errors ?? 0)),
            fmt(r.baseline_rps, 0),
            r.max_rps === undefined ? '-' : fmt(r.max_rps, 0),
            r.baseline_max_rps === undefined ? '-' : fmt(r.baseline_max_rps, 0),
            r.same_size_max_rps === undefined ? '-' : fmt(r.same_size_max_rps, 0),
            r.max_rps === undefined || r.baseline_max_rps === undefined ? '-' : fmt(r.max_rps / r.baseline_max_rps, 2),
            r.max_rps === undefined || r.same_size_max_rps === undefined ? '-' : fmt(r.max_rps / r.same_size_max_rps, 2),
          ]),
          [false, false, true, true, true, true, true, true, true, true, true, true, true],
        )
      : '  none (bench/slack-load.ts and bench/discord-load.ts not present or failed)',
  );
  out.push(
    "reply B: mean bytes of redline's reply / the constant baseline's. share = max rps / base max; same share = max rps / same max.",
  );
  out.push('');
  out.push('targets:');
  for (const t of targets) out.push(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.detail}`);
  out.push('');
  out.push(`total ${fmt(result.total_ms / 1000, 1)} s`);
  return out.join('\n');
}
