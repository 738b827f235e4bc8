import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CUSTOM_ID_MAX } from '../adapters/discord/limits.js';
import { checkSignature, INTERACTIONS_PATH, publicKeyFromHex } from '../adapters/discord/http.js';
import { startDiscord } from '../adapters/discord/index.js';
import { HttpServer, readBody, sendJson } from '../adapters/http/server.js';
import { loadConfig } from '../app/config/config.js';
import { KeptQueries } from '../app/replicas/long-queries.js';
import { silentLogger } from '../src/log.js';
import { encodeButtonState } from '../src/chat/button-state.js';
import { createRedline } from '../src/service/service.js';
import type { CorpusIndex } from '../src/service/corpus-index.js';
import { indexCorpusDir } from '../app/corpus/index.js';
import { autocompleteInteraction, buttonInteraction, commandInteraction } from '../test/support/fakes/discord-interactions.js';
import {
  LOAD_QUERIES,
  LOAD_RATE_LIMIT,
  LOAD_USERS,
  measureSideBySide,
  recordReplies,
  type LoadBenchOptions,
  type LoadRequest,
  type SideBySide,
  type SignRequests,
} from './http-load.js';

export interface DiscordBenchOptions extends LoadBenchOptions {
  /** The corpus redline serves; default the shipped corpus folder. */
  index?: CorpusIndex;
  /** Its name in the report. Default `article`. */
  corpus?: string;
  /** Replies redline keeps (0: each request answered anew; default the service's). */
  keptReplies?: number;
}

/** redline's `POST /discord/interactions` beside bare endpoints on the same kind of server that verify the signature and answer a constant, or redline's own replies. */
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
    const redline = await startRedlineDiscord(publicKeyHex, servers, opts.index, opts.keptReplies);
    const constant = { type: 4, data: { content: 'ok', flags: 64, allowed_mentions: { parse: [] } } };
    const baseline = await startBareEndpoint(publicKeyHex, servers, () => constant);
    const requests = signedInteractions(privateKey);
    // redline's reply to each interaction, recorded once: the second baseline sends it back, so both send the same bytes.
    const once = requests(Math.floor(Date.now() / 1000));
    const recorded = await recordReplies(redline, once);
    const replies = new Map(once.map((r, i) => [r.body, JSON.parse(recorded.bodies[i]!) as unknown]));
    const sameSize = await startBareEndpoint(publicKeyHex, servers, (body) => replies.get(body) ?? constant);
    const replyBytes = { redline: recorded.meanBytes, baseline: JSON.stringify(constant).length };
    return {
      endpoint: 'discord',
      ...(await measureSideBySide({ redline, baseline, sameSize }, requests, { ...opts, corpus: opts.corpus ?? 'article', replyBytes })),
    };
  } finally {
    await Promise.all(servers.map((s) => s.close(1000)));
  }
}

/** One interaction per simulated user, cycling through the kinds, signed as sent at the given second. */
export function signedInteractions(privateKey: KeyObject): SignRequests {
  const page = encodeButtonState({ action: 'next', request: { command: 'ask', text: 'russia', offset: 1 } }, CUSTOM_ID_MAX)!;
  const kinds = [
    ...LOAD_QUERIES.map((query) => (userId: string) => commandInteraction(query, { userId })),
    ...TYPED.map((typed) => (userId: string) => asUser(autocompleteInteraction(typed), userId)),
    (userId: string) => buttonInteraction(page, { userId }),
  ];
  const bodies = Array.from({ length: LOAD_USERS }, (_, i) =>
    JSON.stringify(kinds[i % kinds.length]!(String(400000000000000000n + BigInt(i)))),
  );
  return (timestampSec) => {
    const timestamp = String(timestampSec);
    return bodies.map(
      (body): LoadRequest => ({
        method: 'POST',
        path: INTERACTIONS_PATH,
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
          'x-signature-timestamp': timestamp,
        },
        body,
      }),
    );
  };
}

/** The autocomplete factory has no user option; each call makes a fresh member, so setting its id is safe. */
function asUser<T extends { member?: { user: { id: string } } }>(interaction: T, userId: string): T {
  interaction.member!.user.id = userId;
  return interaction;
}

export async function startRedlineDiscord(
  publicKeyHex: string,
  servers: HttpServer[],
  index?: CorpusIndex,
  keptReplies?: number,
): Promise<string> {
  const redline = createRedline(index ?? (await indexCorpusDir(CORPUS_DIR)), {
    now: Date.now,
    rateLimit: LOAD_RATE_LIMIT,
    ...(keptReplies === undefined ? {} : { keptReplies }),
  });
  const config = loadConfig({ DISCORD_PUBLIC_KEY: publicKeyHex, LOG_LEVEL: 'error', REDLINE_WATCH: 'false' });
  // The load tool cycles through signed requests it made once: replays are served, not acknowledged-and-skipped.
  const http = new HttpServer(silentLogger, { seen: { claim: () => true } });
  servers.push(http);
  const address = await http.listen(0, '127.0.0.1');
  // As `npm start` runs it: long queries kept for their buttons (in process: the bench has no Redis).
  await startDiscord(config, redline, silentLogger, http, new KeptQueries());
  return `http://127.0.0.1:${address.port}`;
}

/** The same server and signature check as redline's endpoint, answering what `reply` gives for the body (no answering). */
export async function startBareEndpoint(publicKeyHex: string, servers: HttpServer[], reply: (body: string) => unknown): Promise<string> {
  const key = publicKeyFromHex(publicKeyHex);
  const http = new HttpServer(silentLogger);
  servers.push(http);
  http.route('POST', INTERACTIONS_PATH, async function answerPrepared(req, res) {
    const body = await readBody(req);
    const headers = {
      signature: req.headers['x-signature-ed25519'] as string | undefined,
      timestamp: req.headers['x-signature-timestamp'] as string | undefined,
    };
    if (checkSignature(key, headers, body, Math.floor(Date.now() / 1000)))
      return sendJson(res, 401, { error: 'invalid request signature' });
    sendJson(res, 200, reply(body.toString()));
  });
  const address = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${address.port}`;
}
