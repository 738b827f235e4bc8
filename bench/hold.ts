// Does the HTTP server hold? The real `npm start` process (Slack HTTP mode against a local fake Slack)
// under hostile slow clients, 1,000 concurrent connections and SIGTERM under load; `redline gaps` on 1 GB.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/support/fakes/slack.js';
import { signSlackRequest, slashCommandBody, TEST_SIGNING_SECRET } from '../test/support/fakes/slack-requests.js';
import { autocannon, ROOT, sleep, startApp } from './app-process.js';
import { sharedVersusInProcess } from './redis-load.js';
import { round } from './stats.js';

export interface HoldOptions {
  /** Slow connections, and concurrent connections of the overload run. Default 1000. */
  connections?: number;
  /** Seconds of the overload run. Default 5. */
  seconds?: number;
  /** Size of the generated feedback log, in bytes. Default 1 GiB. */
  gapsBytes?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/** Slow, unauthenticated clients: each announces a body, sends most of it and stalls. */
async function slowClients(fake: FakeSlack, connections: number, signed: boolean) {
  const app = await startApp(fake);
  const before = app.rssMb();
  const sockets: Socket[] = [];
  const answered = { early: 0, closed: 0 };
  const toClose: number[] = [];
  const size = 200 * 1024;
  const headers = signed
    ? `x-slack-signature: v0=${'ab'.repeat(32)}\r\nx-slack-request-timestamp: ${Math.floor(Date.now() / 1000)}\r\n`
    : '';
  const chunk = Buffer.alloc(size - 1, 'a');
  for (let i = 0; i < connections; i++) {
    const socket = connect(app.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.once('data', () => answered.early++);
    const sentAt = performance.now();
    socket.once('close', () => (answered.closed++, toClose.push(performance.now() - sentAt)));
    socket.write(
      `POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n${headers}content-length: ${size}\r\n\r\n`,
    );
    socket.write(chunk);
    sockets.push(socket);
  }
  await sleep(2000);
  const during = app.rssMb();
  const closedAt2s = answered.closed;
  await sleep(5000);
  const closedAt7s = answered.closed;
  for (const s of sockets) s.destroy();
  await sleep(1000);
  const after = app.rssMb();
  app.child.kill('SIGTERM');
  await app.exited;
  return {
    connections,
    signature_headers: signed ? 'plausible (v0=…, current timestamp)' : 'none',
    rss_before_mb: round(before, 1),
    rss_during_mb: round(during, 1),
    delta_mb: round(during - before, 1),
    rss_after_mb: round(after, 1),
    closed_by_server_within_2s: closedAt2s,
    closed_by_server_within_7s: closedAt7s,
    // From each client's own writes to the server closing it (the client's writing 200 KB each is in it).
    close_p50_ms: round(median(toClose), 0),
  };
}

/** `connections` kept-alive connections sending signed slash commands flat out (autocannon; each signed as it is sent). */
async function overload(fake: FakeSlack, connections: number, seconds: number) {
  const app = await startApp(fake);
  let n = 0;
  const answeredMs: number[] = [];
  const refusedMs: number[] = [];
  const result = (await autocannon({
    url: `http://127.0.0.1:${app.port}/slack/events`,
    connections,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>, context: { sentAt?: number }) => {
          const body = slashCommandBody({ text: ['nato', 'visa negotiations', 'sanctions'][n % 3]!, userId: `U${n++ % 500}` });
          context.sentAt = performance.now();
          return { ...req, method: 'POST', body, headers: signSlackRequest(TEST_SIGNING_SECRET, body) };
        },
        // Each connection has one request out at a time: its context holds when it was sent.
        onResponse: (status: number, _body: unknown, context: { sentAt?: number }) => {
          const ms = performance.now() - (context.sentAt ?? performance.now());
          (status === 200 ? answeredMs : status === 503 ? refusedMs : []).push(ms);
        },
      },
    ],
  })) as { requests: { average: number }; statusCodeStats: Record<string, { count: number }>; errors: number; timeouts: number };
  app.child.kill('SIGTERM');
  await app.exited;
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    connections,
    seconds,
    answered: codes['200'] ?? 0,
    refused_503: codes['503'] ?? 0,
    other_statuses: Object.fromEntries(Object.entries(codes).filter(([c]) => c !== '200' && c !== '503')),
    errors: result.errors,
    timeouts: result.timeouts,
    rps: round(result.requests.average, 0),
    answered_p50_ms: round(quantile(answeredMs, 0.5), 0),
    answered_p99_ms: round(quantile(answeredMs, 0.99), 0),
    answered_max_ms: round(quantile(answeredMs, 1), 0),
    answered_over_3s: answeredMs.filter((ms) => ms > 3000).length,
    // A refusal is quick once the request is read; what it waited in the kernel's queue before is in this.
    refused_p50_ms: round(quantile(refusedMs, 0.5), 0),
    refused_max_ms: round(quantile(refusedMs, 1), 0),
  };
}

/** SIGTERM while clients open a connection per request; with and without a balancer that checks /healthz. */
async function shutdownUnderLoad(fake: FakeSlack, balanced: boolean) {
  const app = await startApp(fake);
  const outcomes: Array<number | string> = [];
  let routing = true;
  const oneShot = (path: string, body?: string) =>
    new Promise<number | string>((resolve) => {
      const headers = body ? signSlackRequest(TEST_SIGNING_SECRET, body) : {};
      const req = request({ host: '127.0.0.1', port: app.port, path, method: body ? 'POST' : 'GET', agent: false, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end(body);
    });
  const balancer = (async () => {
    while (balanced && routing) {
      if ((await oneShot('/healthz')) !== 200) routing = false;
      else await sleep(25);
    }
  })();
  let n = 0;
  const clients = Array.from({ length: 20 }, async () => {
    while (routing) {
      const outcome = await oneShot('/slack/events', slashCommandBody({ text: 'nato', userId: `U${n++}` }));
      outcomes.push(outcome);
      if (outcome === 'ECONNREFUSED') break;
    }
  });
  await sleep(1500);
  app.child.kill('SIGTERM');
  const code = await app.exited;
  routing = false;
  await Promise.all([balancer, ...clients]);
  const count = (pred: (o: number | string) => boolean) => outcomes.filter(pred).length;
  return {
    clients: 20,
    behind_health_checking_balancer: balanced,
    requests: outcomes.length,
    answered: count((o) => o === 200),
    resets: count((o) => o === 'ECONNRESET' || o === 'EPIPE' || o === 'socket hang up'),
    refused_connection: count((o) => o === 'ECONNREFUSED'),
    exit_code: code,
  };
}

/** `redline gaps` over a generated log of `bytes` (frequent and one-off queries, some bad lines), in its own process. */
async function gapsOnLargeLog(bytes: number) {
  const dir = await mkdtemp(join(tmpdir(), 'redline-bench-gaps-'));
  try {
    const file = join(dir, 'feedback.jsonl');
    const handle = await open(file, 'w');
    let written = 0;
    let lines = 0;
    const at = new Date('2026-01-01T00:00:00Z').toISOString();
    while (written < bytes) {
      const block: string[] = [];
      for (let i = 0; i < 5000; i++, lines++) {
        const query = lines % 5 === 0 ? `one-off question ${lines}` : `frequent topic ${lines % 97}`;
        if (lines % 1000 === 999) block.push('{"torn":');
        else
          block.push(
            JSON.stringify(
              lines % 3
                ? { type: 'unanswered', at, platform: 'slack', query }
                : { type: 'vote', at, platform: 'discord', query, vote: 'down', passageId: 'doc#section/1' },
            ),
          );
      }
      const text = `${block.join('\n')}\n`;
      await handle.write(text);
      written += Buffer.byteLength(text);
    }
    await handle.close();
    const built = join(ROOT, 'dist', 'app', 'gaps.js');
    const gaps = existsSync(built) ? built : join(ROOT, 'app', 'gaps.ts');
    const script = `const { readGaps } = await import(${JSON.stringify(gaps)}); const t = performance.now(); const r = await readGaps(${JSON.stringify(file)}, 10);
      process.stdout.write(JSON.stringify({ ms: performance.now() - t, read: r.read, skipped: r.skipped, top: r.gaps[0], peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));`;
    const args = existsSync(built) ? ['--input-type=module', '-e', script] : ['--import', 'tsx', '--input-type=module', '-e', script];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`gaps exited ${code}`))));
    });
    const result = JSON.parse(out) as { ms: number; read: number; skipped: number; peak_rss_mb: number; top: unknown };
    return {
      bytes: written,
      lines,
      seconds: round(result.ms / 1000, 1),
      mb_per_s: round(written / 2 ** 20 / (result.ms / 1000), 0),
      peak_rss_mb: round(result.peak_rss_mb, 0),
      read: result.read,
      skipped: result.skipped,
      top: result.top,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every measurement of the hold bench, one after another (each starts its own app process). */
export async function benchHold(options: HoldOptions = {}, log: (line: string) => void = () => {}) {
  const connections = options.connections ?? 1000;
  const fake = await FakeSlack.start();
  try {
    log(`hold: ${connections} slow unauthenticated connections`);
    const slow = [await slowClients(fake, connections, false), await slowClients(fake, connections, true)];
    log(`hold: ${connections} concurrent connections for ${options.seconds ?? 5} s`);
    const load = await overload(fake, connections, options.seconds ?? 5);
    log('hold: SIGTERM under load');
    const shutdown = [await shutdownUnderLoad(fake, true), await shutdownUnderLoad(fake, false)];
    log(`hold: gaps on a ${round((options.gapsBytes ?? 2 ** 30) / 2 ** 20, 0)} MB log`);
    const gaps = await gapsOnLargeLog(options.gapsBytes ?? 2 ** 30);
    log('hold: Slack HTTP with REDIS_URL beside in-process');
    const shared = await sharedVersusInProcess(fake, options.seconds ?? 5);
    return { slow_connections: slow, overload: load, shutdown, gaps, shared };
  } finally {
    await fake.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const only = async <T>(part: (fake: FakeSlack) => Promise<T>) => {
    const fake = await FakeSlack.start();
    try {
      return await part(fake);
    } finally {
      await fake.close();
    }
  };
  const result = process.argv.includes('--gaps-only')
    ? { gaps: await gapsOnLargeLog(quick ? 50 * 2 ** 20 : 2 ** 30) }
    : process.argv.includes('--redis-only')
      ? { shared: await only((fake) => sharedVersusInProcess(fake, quick ? 2 : 5)) }
      : process.argv.includes('--overload-only')
        ? { overload: await only((fake) => overload(fake, 1000, quick ? 2 : 5)) }
        : await benchHold(quick ? { connections: 200, seconds: 2, gapsBytes: 50 * 2 ** 20 } : {}, log);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
