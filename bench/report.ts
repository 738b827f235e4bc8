// The benchmark's human-readable report: engines side by side per corpus, request kinds, cold start,
// the index cache, load, and the targets.
import { REQUEST_KINDS, type RequestKindRow } from './requests.js';
import type { BenchResult } from './result.js';

/** A figure with `digits` decimals, or `-` when it was not measured. */
export const fmt = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

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
