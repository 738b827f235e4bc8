// Cold start: from spawning a process to its first answer (or to its readiness probe answering 200).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.js';

export interface ProcessCommand {
  command: string;
  args: string[];
  /** Added to (and overriding) the current environment. */
  env?: Record<string, string>;
  cwd?: string;
}

/** What a spawned process printed and how long its first stdout byte took. */
export interface FirstByte {
  ms: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Spawns `cmd`, writes `input` to its standard input and closes it; resolves with the time from
 * spawn to the first stdout byte, once the process has exited.
 */
export function timeToFirstByte(cmd: ProcessCommand, input = '', timeoutMs = 30_000): Promise<FirstByte> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let first: number | undefined;
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      first ??= Number(process.hrtime.bigint() - start) / 1e6;
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (first === undefined) reject(new Error(`bench: ${cmd.command} ${cmd.args.join(' ')} printed nothing (exit ${code}): ${stderr.trim().slice(0, 300)}`));
      else resolve({ ms: first, stdout, stderr, code });
    });
    child.stdin.on('error', () => {}); // a process that exits before reading its input
    child.stdin.end(input);
  });
}

export interface StartupProbe extends ProcessCommand {
  /** Polled until it answers 200, e.g. `http://127.0.0.1:3999/healthz`. */
  readyUrl: string;
  /** Poll interval. Default 10 ms. */
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * Hook for `npm start` with platforms configured against local fakes: the time from spawn to the
 * readiness probe's first 200. The process is then stopped (SIGTERM, by its pid) and awaited.
 */
export async function timeToReady(probe: StartupProbe): Promise<number> {
  const { readyUrl, intervalMs = 10, timeoutMs = 30_000 } = probe;
  const start = process.hrtime.bigint();
  const child = spawn(probe.command, probe.args, { cwd: probe.cwd, env: { ...process.env, ...probe.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  try {
    for (;;) {
      if (done) throw new Error(`bench: ${probe.command} exited before ${readyUrl} answered: ${stderr.trim().slice(0, 300)}`);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (ms > timeoutMs) throw new Error(`bench: ${readyUrl} did not answer 200 within ${timeoutMs} ms`);
      const ok = await fetch(readyUrl, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Number(process.hrtime.bigint() - start) / 1e6;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } finally {
    if (!done) child.kill('SIGTERM');
    const force = setTimeout(() => !done && child.kill('SIGKILL'), 6000);
    await exited;
    clearTimeout(force);
  }
}

/** Median (and each run) of `runs` measurements, run one after another. */
export async function repeat(runs: number, measure: () => Promise<number>): Promise<{ median: number; runs: number[] }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await measure());
  return { median: median(times), runs: times };
}

/**
 * Builds `dist/` with `tsc -p tsconfig.build.json` (as the lead does). Type errors do not stop
 * the emit; the result says whether `dist/src/main.js` is there to run.
 */
export function buildDist(root: string): { ok: boolean; note: string } {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const ok = existsSync(join(root, 'dist', 'src', 'main.js')) && existsSync(join(root, 'dist', 'src', 'cli.js'));
  if (result.error) return { ok, note: `tsc could not run (${result.error.message})` };
  if (result.status !== 0) {
    const first = `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
    return { ok, note: `tsc reported errors (exit ${result.status}): ${first.slice(0, 200)}` };
  }
  return { ok, note: 'tsc -p tsconfig.build.json ok' };
}

/** An environment with no platform configured (so `npm start` runs the console) and a throwaway feedback log. */
export function consoleEnv(): Record<string, string> {
  const off = ['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY', 'DISCORD_APPLICATION_ID', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'];
  return {
    ...Object.fromEntries(off.map((name) => [name, ''])),
    REDLINE_FEEDBACK_LOG: join(tmpdir(), `redline-bench-feedback-${process.pid}.jsonl`),
    REDLINE_WATCH: 'false',
  };
}
