// One HTTP endpoint beside its bare baseline, at a fixed rate and flat out, in the same run.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { median, percentile, round } from './stats.js';

/** The fixed rate of the issues' measurement (requests per second): far above any workspace's or server's slash commands, below a bare endpoint's ceiling. */
export const DEFAULT_RATE = 1000;

export interface LoadBenchOptions {
  /** Seconds of each measured run (the fixed-rate runs and the flat-out runs alike). */
  durationSec: number;
  /** autocannon's connections for the flat-out runs. */
  connections: number;
  /** Fixed request rate, requests per second. Default `DEFAULT_RATE`; `0` measures only flat out (`rps` is then the saturated throughput). */
  rate?: number;
  /**
   * Flat-out runs of each server, interleaved and in a rotated order (baseline, same size, redline; then
   * same size, redline, baseline; ...), each `durationSec` long: the figures are their medians. On a shared
   * two-core machine one run of each, one after the other, moved a ratio by ±0.1 between runs. Default 5.
   */
  rounds?: number;
}

/** One signed request; each run cycles through the list. */
export interface LoadRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The requests of a run signed as sent at `timestampSec`. Under pressure the endpoints refuse a request
 * signed longer ago than the platform waits (503 "too late to answer"), so a run of more than a couple
 * of seconds must not reuse requests signed at its start: each is signed in the second it is sent.
 */
export type SignRequests = (timestampSec: number) => LoadRequest[];

/** Requests signed once (fine for short runs and for servers that do not look at signatures), or signed as they go out. */
export type LoadRequests = LoadRequest[] | SignRequests;

const nowSec = () => Math.floor(Date.now() / 1000);
const signedNow = (requests: LoadRequests): LoadRequest[] => (typeof requests === 'function' ? requests(nowSec()) : requests);

/** redline's endpoint and its bare baselines, measured in the same run. */
export interface SideBySide {
  /** Which corpus redline served (the baselines answer without one). */
  corpus: string;
  /** The fixed rate asked for (0: flat out). */
  rate: number;
  /** redline at `rate`: answered requests per second. */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Connection errors, timeouts and non-2xx answers at `rate`. */
  errors: number;
  /** What those errors were, counted: an HTTP status (`503`: refused for load), `timeout`, or a socket error code. */
  error_kinds?: Record<string, number>;
  /** The bare endpoint at `rate`. */
  baseline_rps: number;
  baseline_error_kinds?: Record<string, number>;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  baseline_errors: number;
  /** Flat-out runs of each server (interleaved); the `*_max_*` figures are their medians, errors their sum. */
  max_rounds: number;
  /** redline flat out (autocannon, closed loop): its saturated throughput, requests per second (mean of a run, median of the runs). */
  max_rps: number;
  max_p99_ms: number;
  max_errors: number;
  /** The bare endpoint flat out. */
  baseline_max_rps: number;
  baseline_max_p99_ms: number;
  baseline_max_errors: number;
  /** The bare endpoint sending redline's own answers back (recorded before the run): same reply sizes, no answering. */
  same_size_rps: number;
  same_size_p99_ms: number;
  same_size_errors: number;
  same_size_max_rps: number;
  same_size_max_errors: number;
  /** Mean bytes of redline's reply, and of the constant baseline's. */
  reply_bytes: number;
  baseline_reply_bytes: number;
}

export interface Measured {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  errorKinds?: Record<string, number>;
}

// autocannon ships no types; the part used here.
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Sockets the fixed-rate sender may open: enough that a slow answer never holds back the schedule. */
const PACED_MAX_SOCKETS = 100;

/**
 * Measures redline's URL beside the baseline's with `requests`: each warmed up, then flat out (autocannon
 * in a worker thread) and at the fixed rate (`paced-load.mjs`, also in a worker thread), so the load
 * generator never shares the servers' event loop.
 */
export async function measureSideBySide(
  urls: { redline: string; baseline: string; sameSize: string },
  requests: LoadRequests,
  options: LoadBenchOptions & { corpus: string; replyBytes: { redline: number; baseline: number } },
): Promise<SideBySide> {
  const rate = options.rate ?? DEFAULT_RATE;
  const rounds = Math.max(1, Math.floor(options.rounds ?? DEFAULT_ROUNDS));
  const flatOut = async (url: string, durationSec: number): Promise<Measured> => {
    // Signed just before the run: a few connections never put the server under the pressure where age counts.
    const r = await autocannon({ url, connections: options.connections, duration: durationSec, workers: 1, requests: signedNow(requests) });
    return { rps: round(r.requests.average, 1), p50_ms: r.latency.p50, p99_ms: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
  };
  const servers = [urls.baseline, urls.sameSize, urls.redline];
  for (const url of servers) await flatOut(url, 1);
  const runs: Measured[][] = servers.map(() => []);
  for (let k = 0; k < rounds; k++)
    for (let j = 0; j < servers.length; j++) {
      const i = (j + k) % servers.length;
      runs[i]!.push(await flatOut(servers[i]!, options.durationSec));
    }
  const [baselineMax, sameSizeMax, redlineMax] = runs.map(medianRun) as [Measured, Measured, Measured];
  const baseline = rate > 0 ? await paced(urls.baseline, requests, rate, options.durationSec) : baselineMax;
  const sameSize = rate > 0 ? await paced(urls.sameSize, requests, rate, options.durationSec) : sameSizeMax;
  const redline = rate > 0 ? await paced(urls.redline, requests, rate, options.durationSec) : redlineMax;
  return {
    corpus: options.corpus,
    rate,
    rps: redline.rps,
    p50_ms: redline.p50_ms,
    p99_ms: redline.p99_ms,
    errors: redline.errors,
    ...(redline.errors ? { error_kinds: redline.errorKinds } : {}),
    baseline_rps: baseline.rps,
    baseline_p50_ms: baseline.p50_ms,
    baseline_p99_ms: baseline.p99_ms,
    baseline_errors: baseline.errors,
    ...(baseline.errors ? { baseline_error_kinds: baseline.errorKinds } : {}),
    max_rounds: rounds,
    max_rps: redlineMax.rps,
    max_p99_ms: redlineMax.p99_ms,
    max_errors: redlineMax.errors,
    baseline_max_rps: baselineMax.rps,
    baseline_max_p99_ms: baselineMax.p99_ms,
    baseline_max_errors: baselineMax.errors,
    same_size_rps: sameSize.rps,
    same_size_p99_ms: sameSize.p99_ms,
    same_size_errors: sameSize.errors,
    same_size_max_rps: sameSizeMax.rps,
    same_size_max_errors: sameSizeMax.errors,
    reply_bytes: options.replyBytes.redline,
    baseline_reply_bytes: options.replyBytes.baseline,
  };
}

/** Flat-out runs of one server in a measurement. */
export const DEFAULT_ROUNDS = 5;

/** The median of runs' throughput and p99 (each on its own), with every run's errors. */
export function medianRun(runs: readonly Measured[]): Measured {
  return {
    rps: round(median(runs.map((r) => r.rps)), 1),
    p50_ms: median(runs.map((r) => r.p50_ms)),
    p99_ms: median(runs.map((r) => r.p99_ms)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/** Sends each request once and keeps the answers' bodies (what the same-size baseline sends back), with their mean size. */
export async function recordReplies(url: string, requests: LoadRequest[]): Promise<{ bodies: string[]; meanBytes: number }> {
  const bodies: string[] = [];
  for (const r of requests) {
    const response = await fetch(`${url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
    const body = await response.text();
    if (!response.ok) throw new Error(`bench: recording a reply got ${response.status}: ${body.slice(0, 200)}`);
    bodies.push(body);
  }
  return { bodies, meanBytes: Math.round(bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / Math.max(1, bodies.length)) };
}

/** `rate` requests per second for `durationSec`, sent on schedule (open loop); latency from each request's send to its answer. */
export function paced(url: string, requests: LoadRequests, rate: number, durationSec: number): Promise<Measured> {
  const firstSec = nowSec();
  // One list per second of the run (and two to spare: the worker's start, the last answers).
  const lists =
    typeof requests === 'function' ? Array.from({ length: Math.ceil(durationSec) + 2 }, (_, k) => requests(firstSec + k)) : [requests];
  const workerData = {
    url,
    lists,
    ...(typeof requests === 'function' ? { firstSec } : {}),
    rate,
    durationSec,
    maxSockets: PACED_MAX_SOCKETS,
    timeoutMs: 10_000,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./paced-load.mjs', import.meta.url), { workerData });
    worker.once(
      'message',
      (m: { answered: number; errors: number; errorKinds: Record<string, number>; rps: number; latencies: Float64Array }) => {
        resolve({
          rps: round(m.rps, 1),
          p50_ms: round(percentile(m.latencies, 50), 2),
          p99_ms: round(percentile(m.latencies, 99), 2),
          errors: m.errors,
          errorKinds: m.errorKinds,
        });
        void worker.terminate();
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bench: the fixed-rate sender exited (code ${code}) before reporting`)));
  });
}

/**
 * A per-user rate limit that never triggers in a load run yet keeps the limiter's memory flat: the core
 * keeps each user's last `count` request times, so no list grows past 1,000 entries, while a simulated
 * user sends a few dozen requests a second at most.
 */
export const LOAD_RATE_LIMIT = { count: 1_000, seconds: 1 };

/** Distinct simulated users, as in a busy workspace or server, so per-user bookkeeping is the size it would be. */
export const LOAD_USERS = 400;

/** What redline is asked during a run: answers, nothing found, and the other subcommands. */
export const LOAD_QUERIES = [
  'nato',
  'sanctions against russia',
  'visa negotiations',
  'red line',
  'quote zakharova',
  'brief nato',
  'topics',
  'qwxzv plorb',
];
