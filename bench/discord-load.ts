import { generateKeyPairSync, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { checkSignature, INTERACTIONS_PATH, publicKeyFromHex } from '../adapters/discord/http.js';
import { startDiscord } from '../adapters/discord/index.js';
import { HttpServer, readBody, sendJson } from '../adapters/http.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createRedline } from '../src/redline.js';
import { indexCorpusDir } from '../src/start.js';
import { autocompleteInteraction, buttonInteraction, commandInteraction } from '../test/fakes/discord-interactions.js';
import { encodeButton } from '../adapters/discord/custom-id.js';

export interface DiscordBenchOptions {
  durationSec: number;
  connections: number;
  /** Fixed request rate (requests per second, all connections together); as fast as possible when absent. */
  rate?: number;
}

export interface DiscordBenchResult {
  endpoint: 'discord';
  /** redline's `POST /discord/interactions` on the project's HTTP server: requests per second (mean). */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** A bare endpoint on the same kind of server that verifies the signature and answers a constant: requests per second (mean). */
  baseline_rps: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  baseline_errors: number;
}

/** What redline is asked during the run: commands (answers, nothing found, subcommands), autocomplete and a page button. */
const COMMANDS = ['nato', 'sanctions against russia', 'visa negotiations', 'red line', 'quote zakharova', 'brief nato', 'topics', 'qwxzv plorb'];
const TYPED = ['nat', 'ukr', 'visa neg'];
const CORPUS_DIR = new URL('../corpus', import.meta.url).pathname;

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
 * Drives Ed25519-signed interactions with autocannon (in a worker thread) against redline's Discord
 * HTTP endpoint and, in the same run, a bare endpoint that only verifies the signature.
 */
export async function benchDiscordHttp(opts: DiscordBenchOptions): Promise<DiscordBenchResult> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const servers: HttpServer[] = [];
  try {
    const redlineUrl = await startRedlineDiscord(publicKeyHex, servers);
    const baselineUrl = await startBareEndpoint(publicKeyHex, servers);
    // Signed once: the endpoint accepts a timestamp for five minutes, longer than a run.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const page = encodeButton({ action: 'page', offset: 1, text: 'russia' })!;
    const interactions = [
      ...COMMANDS.map((query) => commandInteraction(query)),
      ...TYPED.map((typed) => autocompleteInteraction(typed)),
      buttonInteraction(page),
    ];
    const requests = interactions.map((interaction) => {
      const body = JSON.stringify(interaction);
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      return {
        method: 'POST',
        path: INTERACTIONS_PATH,
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
        body,
      };
    });
    const run = (url: string, durationSec: number) =>
      autocannon({ url, connections: opts.connections, duration: durationSec, workers: 1, requests, ...(opts.rate ? { overallRate: opts.rate } : {}) });
    // A short warm-up each, so both are measured with their code optimised.
    await run(baselineUrl, 1);
    await run(redlineUrl, 1);
    const baseline = await run(baselineUrl, opts.durationSec);
    const redline = await run(redlineUrl, opts.durationSec);
    return {
      endpoint: 'discord',
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
  }
}

async function startRedlineDiscord(publicKeyHex: string, servers: HttpServer[]): Promise<string> {
  // Rate limits out of the way (the load comes from one user id, far beyond what a person sends), with a
  // window so short that each user's log of recent requests stays as small as a real user's: the core's
  // limiter filters that log on every request, and a one-second window at thousands of requests per
  // second would measure the log rather than the endpoint.
  const redline = createRedline(await indexCorpusDir(CORPUS_DIR), { rateLimit: { count: Number.MAX_SAFE_INTEGER, seconds: 0.001 } });
  const config = loadConfig({ DISCORD_PUBLIC_KEY: publicKeyHex, LOG_LEVEL: 'error', REDLINE_WATCH: 'false' });
  const http = new HttpServer(silentLogger);
  servers.push(http);
  const address = await http.listen(0, '127.0.0.1');
  await startDiscord(config, redline, silentLogger, http);
  return `http://127.0.0.1:${address.port}`;
}

/** The same server and signature check as redline's endpoint, answering a constant. */
async function startBareEndpoint(publicKeyHex: string, servers: HttpServer[]): Promise<string> {
  const key = publicKeyFromHex(publicKeyHex);
  const constant = { type: 4, data: { content: 'ok', flags: 64, allowed_mentions: { parse: [] } } };
  const http = new HttpServer(silentLogger);
  servers.push(http);
  http.route('POST', INTERACTIONS_PATH, async function answerConstant(req, res) {
    const body = await readBody(req);
    const headers = { signature: req.headers['x-signature-ed25519'] as string | undefined, timestamp: req.headers['x-signature-timestamp'] as string | undefined };
    if (checkSignature(key, headers, body, Math.floor(Date.now() / 1000))) return sendJson(res, 401, { error: 'invalid request signature' });
    sendJson(res, 200, constant);
  });
  const address = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${address.port}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
