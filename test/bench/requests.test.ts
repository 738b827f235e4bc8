import { describe, expect, it } from 'vitest';
import { renderReport } from '../../bench/report.js';
import type { BenchResult } from '../../bench/result.js';
import { checkTargets } from '../../bench/targets.js';
import { REQUEST_KINDS, requestWork, slowRequestKinds, timeRequestKinds, type RequestKindRow } from '../../bench/requests.js';
import { loadShippedIndex } from '../support/helpers.js';

const queries = [
  { q: 'nato', expect: ['NATO'], kind: 'keyword' },
  { q: 'visa negotiations', expect: ['visa'], kind: 'question' },
  { q: 'the price of tea in china', expect: [], kind: 'no-answer' },
];

const row = (kind: RequestKindRow['kind'], scale: number, p99: number): RequestKindRow => ({
  corpus: `x${scale}`,
  scale,
  documents: scale * 928 + 1,
  kind,
  p50_ms: p99 / 2,
  p99_ms: p99,
  max_ms: p99,
  samples: 10,
  reply_bytes: 100,
});

describe('requests', () => {
  describe('timeRequestKinds', () => {
    it('times every kind of request on the real service and Slack rendering, with the reply sizes', async () => {
      const work = requestWork(await loadShippedIndex(), queries);
      const rows = timeRequestKinds(work, { budgetMs: 60_000, minPasses: 2, maxPasses: 2 }, { corpus: 'article', scale: 0, documents: 1 });
      expect(rows.map((r) => r.kind)).toEqual([...REQUEST_KINDS]);
      for (const r of rows) {
        expect(r.samples).toBe(2 * work[r.kind].length);
        expect(r.p99_ms).toBeGreaterThanOrEqual(r.p50_ms);
        expect(r.reply_bytes > 0).toBe(r.kind !== 'button: vote');
      }
      // The no-answer reply carries its suggestions and the topics there are.
      const noAnswer = work['ask no-answer'].map((w) => w('U1'));
      expect(Math.min(...noAnswer)).toBeGreaterThan(rows.find((r) => r.kind === 'button: page')!.reply_bytes / 2);
    });
  });
  describe('slowRequestKinds', () => {
    it('names the kinds over 10 ms p99 at x10 only', () => {
      const rows = [row('topics', 10, 22_000), row('help', 10, 9.9), row('brief', 1, 50), row('quote', 30, 40)];
      expect(slowRequestKinds(rows).map((r) => r.kind)).toEqual(['topics']);
    });
  });
  describe('checkTargets and renderReport', () => {
    it('fail the run on a slow kind at x10 and show every kind per corpus', () => {
      const cold = { runner: 'skipped' as const, cache_load_ms: {}, rebuild_ms: {}, cache: [], platforms: null };
      const requests = [row('topics', 0, 0.2), row('topics', 10, 22_000), row('help', 10, 1)];
      const check = checkTargets([], cold, [], requests).find((c) => c.target.startsWith('x10: every request kind'))!;
      expect(check).toEqual({ target: 'x10: every request kind ≤ 10 ms p99', pass: false, detail: 'over: topics 22000.0 ms' });
      expect(checkTargets([], cold, [], [row('help', 10, 1)]).find((c) => c.target.startsWith('x10: every'))!.pass).toBe(true);
      const result: BenchResult = {
        machine: { cpus: 2, cpu_model: 'cpu', node: 'v20', os: 'Linux', memory_gb: 8, loadavg_start: [1], loadavg_end: [1] },
        data: { source: 'csv', path: 'news.csv', rows: 1, queries: 'q.jsonl', query_count: 1, gc: 'flag' },
        runs: [],
        requests,
        cold_start_ms: cold,
        load: [],
        targets: [],
        total_ms: 1,
      };
      expect(renderReport(result)).toMatch(/topics\s+0\.100\s+0\.200\s+11000\.000\s+22000\.000\s+100\n/);
    });
  });
});
