import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { App, HTTPReceiver } from '@slack/bolt';
import { HttpServer } from '../adapters/http.js';
import { boltLogger, SLACK_EVENTS_PATH } from '../adapters/slack/app.js';
import { startSlack } from '../adapters/slack/index.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createRedline } from '../src/redline.js';
import { indexCorpusDir } from '../src/start.js';
import { FakeSlack } from '../test/fakes/slack.js';
import { signSlackRequest, slashCommandBody, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/fakes/slack-requests.js';

export interface SlackBenchOptions {
  durationSec: number;
  connections: number;
  /**
   * Fixed request rate, requests per second over all connections. Default `DEFAULT_RATE`;
   * `0` drives both apps as fast as they answer (their saturated throughput).
   */
  rate?: number;
}

/** The fixed rate of the measurement: far above any workspace's slash commands, below a bare Bolt app's ceiling. */
export const DEFAULT_RATE = 1000;

export interface SlackBenchResult {
  endpoint: 'slack';
  /** The fixed rate asked for (0: as fast as possible). */
  rate: number;
  /** redline on the project's HTTP server: requests per second (mean). */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** A bare Bolt app on the same receiver and server that acks a constant: requests per second (mean). */
  baseline_rps: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  baseline_errors: number;
}

/** What redline is asked during the run: answers, nothing found, and the other subcommands. */
const QUERIES = ['nato', 'sanctions against russia', 'visa negotiations', 'red line', 'quote zakharova', 'brief nato', 'topics', 'qwxzv plorb'];
const USERS = 400;
const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));

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

/**
 * Drives signed slash commands with autocannon (in a worker thread, so the load generator does not share
 * the servers' event loop) against redline's Slack HTTP mode and, in the same run, a bare Bolt app.
 */
export async function benchSlackHttp(opts: SlackBenchOptions): Promise<SlackBenchResult> {
  const fake = await FakeSlack.start();
  const servers: HttpServer[] = [];
  try {
    const redlineUrl = await startRedlineSlack(fake, servers);
    const baselineUrl = await startBareBolt(fake, servers);
    // Signed once: Slack accepts a timestamp for five minutes, far longer than a run. Many users, as in a
    // workspace, so that per-user bookkeeping (the rate limiter's window) stays the size it would be.
    const requests = Array.from({ length: USERS }, (_, i) => {
      const body = slashCommandBody({ text: QUERIES[i % QUERIES.length]!, userId: `U${String(i).padStart(6, '0')}` });
      return { method: 'POST', path: SLACK_EVENTS_PATH, headers: signSlackRequest(TEST_SIGNING_SECRET, body), body };
    });
    const rate = opts.rate ?? DEFAULT_RATE;
    const run = (url: string, durationSec: number) =>
      autocannon({
        url,
        connections: opts.connections,
        duration: durationSec,
        workers: 1,
        requests,
        ...(rate > 0 ? { overallRate: rate } : {}),
      });
    // A short warm-up each, so both are measured with their code optimised.
    await run(baselineUrl, 1);
    await run(redlineUrl, 1);
    const baseline = await run(baselineUrl, opts.durationSec);
    const redline = await run(redlineUrl, opts.durationSec);
    return {
      endpoint: 'slack',
      rate,
      rps: round(redline.requests.average),
      p50_ms: redline.latency.p50,
      p99_ms: redline.latency.p99,
      errors: redline.errors + redline.timeouts + redline.non2xx,
      baseline_rps: round(baseline.requests.average),
      baseline_p50_ms: baseline.latency.p50,
      baseline_p99_ms: baseline.latency.p99,
      baseline_errors: baseline.errors + baseline.timeouts + baseline.non2xx,
    };
  } finally {
    await Promise.all(servers.map((s) => s.close(1000)));
    await fake.close();
  }
}

async function startRedlineSlack(fake: FakeSlack, servers: HttpServer[]): Promise<string> {
  // No rate limit: each simulated user sends far more than a person would.
  const redline = createRedline(await indexCorpusDir(CORPUS_DIR), { rateLimit: { count: Number.MAX_SAFE_INTEGER, seconds: 1 } });
  const config = loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' });
  const http = new HttpServer(silentLogger);
  servers.push(http);
  const address = await http.listen(0, '127.0.0.1');
  await startSlack(config, redline, silentLogger, http, { retryConfig: { retries: 0 } });
  return `http://127.0.0.1:${address.port}`;
}

/** Bolt's HTTPReceiver (signature check and all) on the same kind of server, acking a constant. */
async function startBareBolt(fake: FakeSlack, servers: HttpServer[]): Promise<string> {
  const logger = boltLogger(silentLogger, 'error');
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, endpoints: SLACK_EVENTS_PATH, logger });
  const app = new App({
    token: TEST_BOT_TOKEN,
    receiver,
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    deferInitialization: true,
    convoStore: false,
  });
  app.command('/redline', async function ackConstant({ ack }) {
    await ack({ response_type: 'ephemeral', text: 'ok' });
  });
  await app.init();
  const http = new HttpServer(silentLogger);
  servers.push(http);
  http.route('POST', SLACK_EVENTS_PATH, (req, res) => receiver.requestListener(req, res));
  const address = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${address.port}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
