// The benchmark's result as `--json` prints it and `--render` reads it back: rows per engine and corpus,
// cold start and the index cache, load, and the target checks.
import type { EngineName } from './engines.js';
import type { LoadRow } from './load.js';
import type { RequestKindRow } from './requests.js';

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
