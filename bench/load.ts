// Load rows from the Slack and Discord HTTP load benches, when those modules exist.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CorpusIndex } from '../src/service/corpus-index.js';

/** One endpoint under load, beside its bare baselines in the same run. */
export interface LoadRow {
  endpoint: string;
  /** The corpus redline served (absent in older results: the article). */
  corpus?: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  baseline_rps: number;
  /** The fixed rate asked for (0: flat out). */
  rate?: number;
  baseline_p99_ms?: number;
  /** Saturated (flat-out) throughput of the endpoint and of its baseline, beside the fixed-rate figures. */
  max_rps?: number;
  baseline_max_rps?: number;
  /** Flat-out runs of each server, interleaved; the flat-out figures are their medians. */
  max_rounds?: number;
  max_errors?: number;
  /** The baseline that sends redline's own (recorded) replies: same bytes on the wire, no answering. */
  same_size_rps?: number;
  same_size_max_rps?: number;
  reply_bytes?: number;
  baseline_reply_bytes?: number;
}

export interface LoadOptions {
  durationSec: number;
  connections: number;
  /** The corpus redline serves (default: the shipped corpus folder), and its name in the report. */
  index?: CorpusIndex;
  corpus?: string;
  /** Replies redline keeps (0: each request answered anew, as a stream of questions never asked before would be). */
  keptReplies?: number;
}

const BENCHES = [
  { file: 'slack-load.ts', run: 'benchSlackHttp' },
  { file: 'discord-load.ts', run: 'benchDiscordHttp' },
] as const;

/** Runs each load bench that exists (`bench/slack-load.ts`, `bench/discord-load.ts`); notes on stderr what is missing or fails. */
export async function runLoadBenches(options: LoadOptions, log: (line: string) => void): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const { file, run } of BENCHES) {
    const url = new URL(`./${file}`, import.meta.url);
    if (!existsSync(fileURLToPath(url))) {
      log(`load: bench/${file} is not there yet; no ${run} rows`);
      continue;
    }
    try {
      const module = (await import(pathToFileURL(fileURLToPath(url)).href)) as Record<string, unknown>;
      const bench = module[run];
      if (typeof bench !== 'function') {
        log(`load: bench/${file} does not export ${run}()`);
        continue;
      }
      log(`load: ${run}(${JSON.stringify({ ...options, index: undefined })})`);
      const result = (await (bench as (o: LoadOptions) => Promise<unknown>)(options)) as unknown;
      rows.push(...toRows(result));
    } catch (error) {
      log(`load: ${run} failed: ${(error as Error).message}`);
    }
  }
  return rows;
}

/** Accepts one row, an array of rows, or `{ rows }`. */
export function toRows(result: unknown): LoadRow[] {
  const list = Array.isArray(result)
    ? result
    : result && typeof result === 'object' && 'rows' in result
      ? (result as { rows: unknown }).rows
      : [result];
  return (Array.isArray(list) ? list : []).filter((r): r is LoadRow => Boolean(r) && typeof r === 'object' && 'endpoint' in (r as object));
}
