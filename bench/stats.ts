// Small statistics helpers for the benchmark: percentiles over timings in milliseconds.

/** The p-th percentile (0–100) of `values` by linear interpolation between closest ranks; `NaN` when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!values.length) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`bench: percentile must be between 0 and 100, got ${p}`);
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

/** Rounds to `digits` decimals (timings are reported to the microsecond, sizes to 0.1 MB). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds since an `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
