// The issue's targets, checked against a run's measured rows: query speed beside plain MiniSearch,
// growth with the corpus, request kinds at x10, cold start, and the endpoints under load.
import type { LoadRow } from './load.js';
import { fmt } from './report.js';
import { REQUEST_P99_LIMIT_MS, slowRequestKinds, type RequestKindRow } from './requests.js';
import type { ColdStart, RunRow, TargetCheck } from './result.js';

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
