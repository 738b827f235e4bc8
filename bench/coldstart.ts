// Cold start: from spawning a process to its first answer (or to its readiness probe answering 200).
import { generateKeyPairSync } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../test/support/fakes/discord.js';
import { FakeSlack } from '../test/support/fakes/slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';
import type { ColdStartMeasure } from './result.js';
import { median, round } from './stats.js';

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
      if (first === undefined)
        reject(new Error(`bench: ${cmd.command} ${cmd.args.join(' ')} printed nothing (exit ${code}): ${stderr.trim().slice(0, 300)}`));
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
  const child = spawn(probe.command, probe.args, {
    cwd: probe.cwd,
    env: { ...process.env, ...probe.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
 * the emit; the result says whether `dist/app/main.js` is there to run.
 */
export function buildDist(root: string): { ok: boolean; note: string } {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const ok = existsSync(join(root, 'dist', 'app', 'main.js')) && existsSync(join(root, 'dist', 'app', 'cli', 'cli.js'));
  if (result.error) return { ok, note: `tsc could not run (${result.error.message})` };
  if (result.status !== 0) {
    const first = `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
    return { ok, note: `tsc reported errors (exit ${result.status}): ${first.slice(0, 200)}` };
  }
  return { ok, note: 'tsc -p tsconfig.build.json ok' };
}

/** An environment with no platform configured (so `npm start` runs the console) and a throwaway feedback log. */
export function consoleEnv(): Record<string, string> {
  const off = [
    'DISCORD_TOKEN',
    'DISCORD_PUBLIC_KEY',
    'DISCORD_APPLICATION_ID',
    'SLACK_BOT_TOKEN',
    'SLACK_APP_TOKEN',
    'SLACK_SIGNING_SECRET',
  ];
  return {
    ...Object.fromEntries(off.map((name) => [name, ''])),
    REDLINE_FEEDBACK_LOG: join(tmpdir(), `redline-bench-feedback-${process.pid}.jsonl`),
    REDLINE_WATCH: 'false',
  };
}

/** The platform set-ups `npm start` is timed with, each against a local fake where Discord's or Slack's servers would be. */
export const PLATFORM_MODES = ['slack_http', 'discord_http', 'discord_gateway'] as const;
export type PlatformMode = (typeof PLATFORM_MODES)[number];

/** A port that was free a moment ago (`PORT=0` would not tell us which one the process took). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `node dist/app/main.js` with one platform configured per mode (Slack HTTP mode against the fake Slack,
 * Discord HTTP interactions, the Discord gateway against the fake Discord): spawn → `GET /healthz` 200,
 * after one untimed run, median of `runs`. A mode that fails is logged and left out.
 */
export async function timePlatformStarts(
  root: string,
  runs: number,
  log: (line: string) => void,
): Promise<Record<string, ColdStartMeasure>> {
  const slack = await FakeSlack.start();
  const discord = await startFakeDiscord();
  try {
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    const platformEnv: Record<PlatformMode, Record<string, string>> = {
      slack_http: { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
      discord_http: { DISCORD_PUBLIC_KEY: publicKey },
      discord_gateway: { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl },
    };
    const measured: Record<string, ColdStartMeasure> = {};
    for (const mode of PLATFORM_MODES) {
      const once = async () => {
        const port = await freePort();
        const env = {
          ...consoleEnv(),
          REDLINE_FEEDBACK_LOG: '/dev/null',
          REDLINE_WATCH: 'false',
          PORT: String(port),
          HOST: '127.0.0.1',
          ...platformEnv[mode],
        };
        return timeToReady({
          command: process.execPath,
          args: ['dist/app/main.js'],
          env,
          cwd: root,
          readyUrl: `http://127.0.0.1:${port}/healthz`,
        });
      };
      const label = `node dist/app/main.js (${Object.keys(platformEnv[mode]).join(', ')}) → /healthz 200`;
      try {
        await once(); // warms the file cache
        const { median: ms, runs: times } = await repeat(runs, once);
        measured[mode] = { command: label, median_ms: round(ms, 1), runs_ms: times.map((t) => round(t, 1)) };
        log(`cold start: ${mode}: median ${round(ms, 0)} ms`);
      } catch (error) {
        log(`cold start: ${mode} failed: ${(error as Error).message}`);
      }
    }
    return measured;
  } finally {
    await Promise.all([slack.close(), discord.close()]);
  }
}
