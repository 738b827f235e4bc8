// The real `npm start` process (Slack HTTP mode against a fake Slack) for the benches that need a whole process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeSlack } from '../test/support/fakes/slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = join(ROOT, 'corpus');
// autocannon ships no types; called as a promise.
export const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<unknown>;

export interface App {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  rssMb(): number;
  /** CPU time the process has used (user + system), ms. */
  cpuMs(): number;
}

/** Starts the built app (or the source through tsx) in Slack HTTP mode and waits for it to serve. */
export async function startApp(fake: FakeSlack, env: Record<string, string> = {}): Promise<App> {
  const built = join(ROOT, 'dist', 'app', 'main.js');
  const args = existsSync(built) ? [built] : ['--import', 'tsx', join(ROOT, 'app', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      CORPUS_DIR,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      REDLINE_WATCH: 'false',
      REDLINE_FEEDBACK_LOG: '/dev/null',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      REDLINE_RATE_LIMIT: '100000/1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const end = Date.now() + 20_000;
  while (!/platform started/.test(stderr)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`bench hold: the app did not start: ${stderr.slice(-500)}`);
    await sleep(50);
  }
  const port = Number(/"port":(\d+)/.exec(stderr)![1]);
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  };
  return { child, port, exited, rssMb, cpuMs };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
