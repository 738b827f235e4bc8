// Timing and memory measurements shared by the benchmark's parts.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { msSince, percentile } from './stats.js';

/**
 * A full garbage collection, when one can be forced: `global.gc` under `--expose-gc`, else the V8
 * flag set at run time (works on Node 20). `undefined` when neither is available.
 */
export const forceGc: (() => void) | undefined = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

/** How the heap figures were taken, for the report. */
export const gcMode =
  typeof (globalThis as { gc?: unknown }).gc === 'function'
    ? '--expose-gc'
    : forceGc
      ? 'v8 flag at run time'
      : 'none (heap figures are noisy)';

export function heapUsedMb(): number {
  if (forceGc) {
    forceGc();
    forceGc();
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs `build` once: its wall time and the heap it keeps (after a forced GC on both sides). */
export function measureBuild<T>(build: () => T): { value: T; buildMs: number; heapMb: number } {
  const before = heapUsedMb();
  const start = process.hrtime.bigint();
  const value = build();
  const buildMs = msSince(start);
  const heapMb = heapUsedMb() - before;
  return { value, buildMs, heapMb };
}

export interface QueryTiming {
  p50: number;
  p99: number;
  mean: number;
  /** Timed calls in all (queries × iterations). */
  samples: number;
  iterations: number;
  /** The slowest queries by their own median time, slowest first. */
  slowest: Array<{ q: string; p50: number; p99: number }>;
}

export interface QueryTimingOptions {
  /** Untimed passes over all queries first (JIT warm-up). Default 3. */
  warmup?: number;
  /** Timed passes at most, and at least. Defaults 200 and 10. */
  maxIterations?: number;
  minIterations?: number;
  /** Timed passes go on until this much time is spent (within min and max). Default 4,000 ms. */
  budgetMs?: number;
}

/**
 * Times `search` on every query, pass after pass, each call on its own (`process.hrtime.bigint`);
 * p50/p99 are across all timed calls.
 */
export function timeQueries(queries: readonly string[], search: (q: string) => unknown, options: QueryTimingOptions = {}): QueryTiming {
  const { warmup = 3, maxIterations = 200, minIterations = 10, budgetMs = 4000 } = options;
  let sink = 0;
  for (let w = 0; w < warmup; w++) for (const q of queries) sink += search(q) ? 1 : 0;
  // Passes continue until the budget is spent (at least `minIterations`, at most `maxIterations`).
  const times: number[] = [];
  const started = process.hrtime.bigint();
  let iterations = 0;
  while (iterations < minIterations || (iterations < maxIterations && msSince(started) < budgetMs)) {
    for (const q of queries) {
      const start = process.hrtime.bigint();
      sink += search(q) ? 1 : 0;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    iterations++;
  }
  if (sink < 0) console.error(sink); // keeps the calls from being optimised away
  const samples = Float64Array.from(times);
  let total = 0;
  for (const s of samples) total += s;
  const perQuery = queries.map((q, j) => {
    const own = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) own[i] = samples[i * queries.length + j]!;
    return { q, p50: percentile(own, 50), p99: percentile(own, 99) };
  });
  const slowest = perQuery.sort((a, b) => b.p50 - a.p50).slice(0, 3);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: total / samples.length,
    samples: samples.length,
    iterations,
    slowest,
  };
}
