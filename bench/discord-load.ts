import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CUSTOM_ID_MAX } from '../adapters/discord/limits.js';
import { checkSignature, INTERACTIONS_PATH, publicKeyFromHex } from '../adapters/discord/http.js';
import { startDiscord } from '../adapters/discord/index.js';
import { HttpServer, readBody, sendJson } from '../adapters/http.js';
import { loadConfig } from '../app/config.js';
import { silentLogger } from '../src/log.js';
import { encodeButtonState } from '../src/button-state.js';
import { createRedline } from '../src/service.js';
import { indexCorpusDir } from '../app/start.js';
import { autocompleteInteraction, buttonInteraction, commandInteraction } from '../test/fakes/discord-interactions.js';
import { LOAD_QUERIES, LOAD_RATE_LIMIT, LOAD_USERS, measureSideBySide, type LoadBenchOptions, type LoadRequest, type SideBySide } from './http-load.js';

export type DiscordBenchOptions = LoadBenchOptions;

/** redline's `POST /discord/interactions` beside a bare endpoint on the same kind of server that verifies the signature and answers a constant. */
export interface DiscordBenchResult extends SideBySide {
  endpoint: 'discord';
}

/** What is typed into the query option for autocomplete. */
const TYPED = ['nat', 'ukr', 'visa neg'];
const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));

/** Ed25519-signed interactions (commands, autocomplete, a page button) from many users against redline's Discord HTTP endpoint and, in the same run, a bare endpoint. */
export async function benchDiscordHttp(opts: DiscordBenchOptions): Promise<DiscordBenchResult> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const servers: HttpServer[] = [];
  try {
    const redline = await startRedlineDiscord(publicKeyHex, servers);
    const baseline = await startBareEndpoint(publicKeyHex, servers);
    const requests = signedInteractions(privateKey);
    return { endpoint: 'discord', ...(await measureSideBySide({ redline, baseline }, requests, opts)) };
  } finally {
    await Promise.all(servers.map((s) => s.close(1000)));
  }
}

/** One interaction per simulated user, cycling through the kinds; signed once (the endpoint accepts a timestamp for five minutes, longer than a run). */
function signedInteractions(privateKey: KeyObject): LoadRequest[] {
  const page = encodeButtonState({ action: 'next', request: { command: 'ask', text: 'russia', offset: 1 } }, CUSTOM_ID_MAX)!;
  const kinds = [
    ...LOAD_QUERIES.map((query) => (userId: string) => commandInteraction(query, { userId })),
    ...TYPED.map((typed) => (userId: string) => asUser(autocompleteInteraction(typed), userId)),
    (userId: string) => buttonInteraction(page, { userId }),
  ];
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: LOAD_USERS }, (_, i) => {
    const body = JSON.stringify(kinds[i % kinds.length]!(String(400000000000000000n + BigInt(i))));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    return {
      method: 'POST',
      path: INTERACTIONS_PATH,
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body,
    };
  });
}

/** The autocomplete factory has no user option; each call makes a fresh member, so setting its id is safe. */
function asUser<T extends { member?: { user: { id: string } } }>(interaction: T, userId: string): T {
  interaction.member!.user.id = userId;
  return interaction;
}

async function startRedlineDiscord(publicKeyHex: string, servers: HttpServer[]): Promise<string> {
  const redline = createRedline(await indexCorpusDir(CORPUS_DIR), { rateLimit: LOAD_RATE_LIMIT });
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
